"""The check page ("Kiểm tra văn bản") and the import page ("Nhập từ tệp Word").

Thin routes over :mod:`vbgen.web.upload`. Who may open them (README, "Kiểm tra văn bản"):
the check page is open to everyone who works on the province (``view``: soạn thảo, pháp chế,
lãnh đạo, quản trị), because it keeps nothing; importing writes the province's own document,
so it needs ``edit`` (soạn thảo, quản trị). Both answer a page script's request (header
``X-Requested-With: fetch``) with the results alone, and a plain form post with the whole page,
the choices made in the form kept.
"""

from __future__ import annotations

import re
from typing import Any

from flask import Blueprint, abort, g, jsonify, redirect, render_template, request, url_for

from vbgen.content.yamlfile import Conflict, read_text, sha256_text, write_checked
from vbgen.errors import VbgenError
from vbgen.office import access, review
from vbgen.web import guard, upload
from vbgen.web.busy import UploadSlots
from vbgen.web.app import ext
from vbgen.web.guard import LOGGED_IN, needs

bp = Blueprint("upload", __name__)
NAME_RE = re.compile(r"^[a-z0-9][a-z0-9-]{0,79}$")
MAX_CORRECTIONS = 2000
SLOTS = UploadSlots()
"""Uploads in work in this server process (:mod:`vbgen.web.busy`)."""


def _province(slug: str):  # noqa: ANN202
    province = ext()["state"].province(slug)
    if province is None:
        abort(404)
    return province


def _fetch() -> bool:
    return request.headers.get("X-Requested-With") == "fetch"


def _upload() -> tuple[bytes, str | None]:
    f = request.files.get("file")
    if f is None or not f.filename:
        raise upload.UploadError("Hãy chọn một tệp .docx, .doc hoặc .odt trước khi bấm.")
    return f.read(upload.MAX_FILE + 1), f.filename


def _converter():  # noqa: ANN202
    """The preview's converter, with its retries when LibreOffice dies mid-way (PreviewError, 503)."""
    previews = ext()["previews"]
    return getattr(previews, "_convert", previews.converter)


def _provinces(right: str) -> list:
    return [p for p in ext()["state"].provinces() if guard.allowed(right, p.slug)]


def _sizes() -> dict[str, Any]:
    return {"max_file": upload.MAX_FILE, "max_file_text": f"{upload.MAX_FILE / 1048576:.1f} MiB".replace(".", ",")}


def _not_a_form():  # noqa: ANN202
    """A JSON body (a script's mistake): the pages send a multipart form."""
    return jsonify({"error": "Dữ liệu gửi lên không đúng dạng: trang này nhận tệp gửi bằng biểu mẫu, không nhận JSON. "
                             "Hãy tải lại trang."}), 400


def _answer(page: str, part: str, status: int = 200, **values: Any):  # noqa: ANN202
    if _fetch():
        return render_template(part, **values), status
    return render_template(page, **values), status


@bp.route("/check")
@needs(LOGGED_IN)
def check_start():  # noqa: ANN202
    return _start("upload.check")


@bp.route("/import")
@needs(LOGGED_IN)
def import_start():  # noqa: ANN202
    return _start("upload.import_page")


def _start(endpoint: str):  # noqa: ANN202
    right = access.VIEW if endpoint == "upload.check" else access.EDIT  # the page the link leads to
    mine = _provinces(right)
    if not mine:
        return guard.forbidden("Không có quyền: tài khoản này không làm việc với tỉnh, thành phố nào được dùng trang này.")
    wanted = request.args.get("province") or ext().get("province")
    slug = wanted if any(p.slug == wanted for p in mine) else mine[0].slug
    return redirect(url_for(endpoint, slug=slug))


@bp.route("/check/<slug>", methods=["GET", "POST"])
@needs(access.VIEW)
def check(slug: str):  # noqa: ANN202
    province = _province(slug)
    values: dict[str, Any] = {**_sizes(), "province": province, "slug": slug, "provinces": _provinces(access.VIEW),
                              "may_import": guard.allowed(access.EDIT, slug), "result": None, "error": None}
    if request.method == "GET":
        return render_template("upload_check.html", **values)
    if request.is_json:
        return _not_a_form()
    try:
        data, name = _upload()
        values["filename"] = name
        with SLOTS.taken(g.user.name):
            values["result"] = upload.check_upload(data, _converter())
    except upload.UploadError as e:
        values["error"] = e.format_message()
        return _answer("upload_check.html", "_check_result.html", 400, **values)
    except VbgenError as e:  # LibreOffice or poppler missing or failing: say so on the page, keep the form
        values["error"] = e.format_message()
        return _answer("upload_check.html", "_check_result.html", getattr(e, "http_status", None) or 503, **values)
    return _answer("upload_check.html", "_check_result.html", **values)


def _corrections(rows_seen: set[int] | None = None) -> dict[int, str]:
    """``part-<n>`` fields: the part a person gave paragraph n ("" keeps what was recognised)."""
    out: dict[int, str] = {}
    for key, value in request.form.items(multi=False):
        if not key.startswith("part-"):
            continue
        m = re.fullmatch(r"part-(\d{1,6})", key)
        if m is None or (value and value not in upload.CHOICES):
            raise upload.UploadError("Dữ liệu sửa phần không đúng dạng; hãy tải lại trang và nhập lại.")
        if value:
            out[int(m.group(1))] = value
        if len(out) > MAX_CORRECTIONS:
            raise upload.UploadError("Quá nhiều đoạn được sửa trong một lần.")
    return out


@bp.route("/import/<slug>", methods=["GET", "POST"])
@needs(access.EDIT)
def import_page(slug: str):  # noqa: ANN202
    province = _province(slug)
    state = ext()["state"]
    values: dict[str, Any] = {**_sizes(), "province": province, "slug": slug, "provinces": _provinces(access.EDIT), "view": None,
                              "error": None, "saved": None, "corrections": {}, "name": request.form.get("name", ""),
                              "overwrite_asked": False, "choices": upload.CHOICES, "labels": upload.PART_LABELS}
    if request.method == "GET":
        return render_template("upload_import.html", **values)
    if request.is_json:
        return _not_a_form()
    try:
        values["corrections"] = corrections = _corrections()
        data, filename = _upload()
        values["filename"] = filename
        with SLOTS.taken(g.user.name):
            view = upload.import_upload(data, filename, state.content_dir, slug, _converter(), corrections)
        values["view"] = view
        if not values["name"]:
            values["name"] = view.stem
        if request.form.get("action") == "save":
            return _save(values, view)
    except upload.UploadError as e:
        values["error"] = e.format_message()
        return _answer("upload_import.html", "_import_result.html", 400, **values)
    except VbgenError as e:  # not a Kế hoạch or Chỉ thị, or LibreOffice failing: on the page, the form kept
        values["error"] = e.format_message()
        return _answer("upload_import.html", "_import_result.html", getattr(e, "http_status", None) or 422, **values)
    return _answer("upload_import.html", "_import_result.html", **values)


def _save(values: dict[str, Any], view: upload.ImportView):  # noqa: ANN202
    from vbgen.content.overrides import province_dir

    state = ext()["state"]
    slug = values["slug"]
    name = values["name"].strip()
    if not NAME_RE.match(name):
        values["error"] = ("Tên tệp chỉ gồm chữ thường không dấu, chữ số và dấu gạch ngang (ví dụ ke-hoach-12-2025), "
                           "tối đa 80 ký tự. Chưa lưu gì.")
        return _answer("upload_import.html", "_import_result.html", 400, **values)
    if name in state.document_stems():
        values["error"] = (f"“{name}” là tên một văn bản mẫu toàn quốc; tệp riêng trùng tên sẽ bị hiểu là phần sửa của "
                           "văn bản đó. Hãy chọn tên khác. Chưa lưu gì.")
        return _answer("upload_import.html", "_import_result.html", 400, **values)
    path = state.inside(province_dir(state.content_dir, slug) / "own" / f"{name}.yaml")
    current = read_text(path)
    if current is not None:
        if request.form.get("overwrite") != "1":
            values["overwrite_asked"] = True
            values["error"] = (f"Tỉnh đã có văn bản riêng tên “{name}”. Đánh dấu ô “Ghi đè văn bản đang có” rồi bấm Lưu "
                               "lần nữa nếu muốn thay nó (bản cũ vẫn còn trong lịch sử), hoặc đổi tên. Chưa lưu gì.")
            return _answer("upload_import.html", "_import_result.html", 409, **values)
        if not review.editable(state.content_dir, slug, name):
            st = review.STATE_LABELS[review.state(state.content_dir, slug, name)]
            values["error"] = f"Văn bản “{name}” đang ở trạng thái {st} nên bị khoá; chưa lưu gì."
            return _answer("upload_import.html", "_import_result.html", 423, **values)
    g.history_action = "import"
    try:
        write_checked(path, view.yaml, sha256_text(current))
    except Conflict:
        values["error"] = "Người khác vừa lưu tệp cùng tên; chưa ghi gì. Bấm Lưu lần nữa để xem lại."
        return _answer("upload_import.html", "_import_result.html", 409, **values)
    values["saved"] = {"name": name, "url": url_for("draft.own_page", slug=slug, stem=name), "file": state.relative(path)}
    return _answer("upload_import.html", "_import_result.html", **values)
