"""Drafting page: pick a province and a document, edit it as a form, preview, download, save."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, abort, jsonify, render_template, request, url_for

from vbgen.errors import ContentError
from vbgen.web import catalog, drafting, errorpages, formmap
from vbgen.office import access, review
from vbgen.web.app import ext
from vbgen.web import guard
from vbgen.web.guard import LOGGED_IN, needs
from vbgen.content.yamlfile import Conflict, read_text, sha256_text, unified_diff, write_checked

bp = Blueprint("draft", __name__)
errorpages.register(bp)


def _known(slug: str, stem: str, own: bool = False) -> None:
    state = ext()["state"]
    if state.province(slug) is None or stem not in (state.own_stems(slug) if own else state.document_stems()):
        abort(404)


def _visible(provinces: list) -> list:
    """The provinces the logged-in user works on (lists show no others)."""
    return [p for p in provinces if guard.allowed(access.VIEW, p.slug)]


def _remember(text: str | None) -> str | None:
    """Keep the text a page was given, by hash, to show later what someone else changed."""
    sha = sha256_text(text)
    if sha is not None:
        texts: dict = ext()["texts"]
        texts[sha] = text
        while len(texts) > 500:
            texts.pop(next(iter(texts)))
    return sha


@bp.route("/draft")
@needs(LOGGED_IN)
def choose():  # noqa: ANN202
    state = ext()["state"]
    docs = []
    for stem in state.document_stems():
        try:
            national = state.national(stem).value
            docs.append({"stem": stem, "kind": catalog.KIND_VI.get(national.kind, national.kind), "subject": national.subject})
        except ContentError:
            docs.append({"stem": stem, "kind": "?", "subject": "(lỗi nội dung)"})
    provinces = _visible(state.provinces())
    own = [{"slug": p.slug, "province": p.name, "stem": stem, "title": _own_title(state, p.slug, stem)}
           for p in provinces for stem in state.own_stems(p.slug)]
    return render_template("draft_choose.html", provinces=provinces, documents=docs, own=own,
                           slug=request.args.get("province", "") or ext().get("province") or "", stem=request.args.get("document", ""))


def _own_title(state: drafting.ContentState, slug: str, stem: str) -> str:
    """A province's own document by its kind and trích yếu (not its file name)."""
    from vbgen.content import model
    from vbgen.content.load import load_model

    try:
        doc = load_model(state.own_path(slug, stem), model.Document).value
    except ContentError:
        return "văn bản riêng (tệp đang có lỗi)"
    subject = " ".join(doc.subject.split())
    return f"{catalog.KIND_VI.get(doc.kind, doc.kind)} {subject[:70]}{'…' if len(subject) > 70 else ''}"


@bp.route("/draft/<slug>/<stem>")
@needs(access.VIEW)
def page(slug: str, stem: str):  # noqa: ANN202
    return _page(slug, stem, own=False)


@bp.route("/own/<slug>/<stem>")
@needs(access.VIEW)
def own_page(slug: str, stem: str):  # noqa: ANN202
    return _page(slug, stem, own=True)


def _page(slug: str, stem: str, own: bool):  # noqa: ANN202
    _known(slug, stem, own)
    state = ext()["state"]
    ws = state.workspace()
    if own:
        from vbgen.content import model
        from vbgen.content.load import load_model

        path = state.own_path(slug, stem)
        national = load_model(path, model.Document).value
        form, _ = drafting.initial_own_form(state, slug, stem)
        urls = {"preview": url_for("draft.own_preview", slug=slug, stem=stem), "save": url_for("draft.own_save", slug=slug, stem=stem)}
    else:
        national = state.national(stem).value
        form, _ = drafting.initial_form(state, slug, stem)
        path = state.override_path(slug, stem)
        urls = {"preview": url_for("draft.preview", slug=slug, stem=stem), "save": url_for("draft.save", slug=slug, stem=stem)}
    sha = _remember(read_text(path))
    province = state.province(slug)
    data: dict[str, Any] = {
        "slug": slug,
        "stem": stem,
        "mode": "own" if own else "override",
        "kind": national.kind,
        "form": form,
        "sha": sha,
        "file": state.relative(path),
        "agencies": catalog.agency_choices(ws, slug),
        "citations": catalog.citation_entries(ws.registries_for(slug).citations.value.citations),
        "presets": catalog.presets(national.kind),
        "choices": catalog.choices(national if not own else None, formmap.choice_options()),
        "national": {"subject": national.subject, "number": national.number or "", "year": str(national.year or ""),
                     "date": national.date.isoformat() if national.date else "", "storage": national.storage or province.storage_unit,
                     "symbol": national.symbol or "", "signature_name": national.signature.name or "",
                     "signature_preset": national.signature.preset or "",
                     "draft": national.is_draft and not own,
                     # each national recipient's printed purpose: the page marks a line whose purpose the province changed
                     "recipient_purposes": {} if own else {formmap.recipient_ref(r): r.purpose or "" for r in national.recipients}},
        "urls": urls,
    }
    return render_template("draft.html", data=data, province=province, stem=stem, own=own,
                           kind=catalog.KIND_VI.get(national.kind, national.kind), subject=national.subject,
                           provinces=_visible(state.provinces()), documents=state.document_stems())


def _form() -> dict[str, Any]:
    body = request.get_json(silent=True)
    if not isinstance(body, dict) or not isinstance(body.get("form"), dict):
        abort(400)
    return body


def _result(d: drafting.Draft, slug: str, stem: str) -> dict[str, Any]:
    out: dict[str, Any] = {"messages": [m.as_dict() for m in d.messages], "ok": d.docx is not None,
                           "diff": d.diff(ext()["state"].relative(d.path))}
    if d.docx is not None:
        import hashlib

        sha = hashlib.sha256(d.docx).hexdigest()
        ext()["previews"].put(sha, d.docx, owner=slug)
        name = f"{slug}-{stem}"
        out.update(docx_sha=sha, docx_url=url_for("file_docx", sha=sha, name=name),
                   pdf_url=url_for("file_pdf", sha=sha, name=name), zip_url=url_for("draft.both_files", sha=sha, name=name),
                   pages_url=url_for("draft.pages", sha=sha))
    return out


@bp.route("/api/draft/<slug>/<stem>/preview", methods=["POST"])
@needs(access.VIEW)
def preview(slug: str, stem: str):  # noqa: ANN202
    _known(slug, stem)
    body = _form()
    d = drafting.draft(ext()["state"], slug, stem, body["form"])
    return jsonify(_result(d, slug, stem))


@bp.route("/api/own/<slug>/<stem>/preview", methods=["POST"])
@needs(access.VIEW)
def own_preview(slug: str, stem: str):  # noqa: ANN202
    _known(slug, stem, own=True)
    body = _form()
    d = drafting.draft(ext()["state"], slug, stem, body["form"], own=True)
    return jsonify(_result(d, slug, stem))


@bp.route("/files/<sha>.zip")
@needs(LOGGED_IN)
def both_files(sha: str):  # noqa: ANN202
    """The .docx and its PDF in one download (one click for the clerk who needs both)."""
    import io
    import re
    import zipfile

    from flask import send_file

    previews = guard.previews_of_sha(sha)
    try:
        docx, pdf = previews.docx(sha), previews.pdf(sha)
    except KeyError:
        abort(404)
    name = request.args.get("name", "van-ban")
    if not re.fullmatch(r"[a-z0-9][a-z0-9-]{0,80}", name):
        name = "van-ban"
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr(f"{name}.docx", docx)
        z.writestr(f"{name}.pdf", pdf)
    buf.seek(0)
    return send_file(buf, mimetype="application/zip", as_attachment=True, download_name=f"{name}.zip")


@bp.route("/api/pages/<sha>", methods=["POST"])
@needs(LOGGED_IN)
def pages(sha: str):  # noqa: ANN202
    previews = guard.previews_of_sha(sha)
    try:
        paths = previews.pages(sha)
    except KeyError:
        abort(404)
    return jsonify({"pages": [url_for("file_page", sha=sha, n=i + 1) for i in range(len(paths))]})


@bp.route("/api/draft/<slug>/<stem>/save", methods=["POST"])
@needs(access.EDIT)
def save(slug: str, stem: str):  # noqa: ANN202
    _known(slug, stem)
    return _save(slug, stem, own=False)


@bp.route("/api/own/<slug>/<stem>/save", methods=["POST"])
@needs(access.EDIT)
def own_save(slug: str, stem: str):  # noqa: ANN202
    _known(slug, stem, own=True)
    return _save(slug, stem, own=True)


def _save(slug: str, stem: str, own: bool):  # noqa: ANN202
    body = _form()
    state = ext()["state"]
    if not review.editable(state.content_dir, slug, stem):
        st = review.STATE_LABELS[review.state(state.content_dir, slug, stem)]
        return jsonify({"saved": False, "error": f"Chưa lưu: văn bản đang ở trạng thái {st} nên bị khoá. "
                        "Người duyệt trả lại thì mới sửa được; bản nháp trên trang vẫn được giữ."}), 423
    path = state.own_path(slug, stem) if own else state.override_path(slug, stem)
    base_sha = body.get("base_sha") or None
    current = read_text(path)
    if sha256_text(current) != base_sha:
        return _conflict(slug, stem, body, current, base_sha, own)
    d = drafting.draft(state, slug, stem, body["form"], base_text=current, own=own)
    if d.errors:
        return jsonify({**_result(d, slug, stem), "saved": False,
                        "error": f"Chưa lưu: còn {len(d.errors)} lỗi. Sửa các ô được đánh dấu rồi lưu lại; bản nháp vẫn được giữ."}), 422
    try:
        if current is None and not d.text.strip():
            new_sha = None
        else:
            new_sha = write_checked(path, d.text, base_sha)
    except Conflict as c:
        return _conflict(slug, stem, body, c.current, base_sha, own)
    _remember(d.text)
    form, _ = (drafting.initial_own_form if own else drafting.initial_form)(state, slug, stem)
    return jsonify({**_result(d, slug, stem), "saved": True, "sha": new_sha, "form": form,
                    "saved_diff": unified_diff(current or "", d.text, state.relative(path))})


def _conflict(slug: str, stem: str, body: dict[str, Any], current: str | None, base_sha: str | None,
              own: bool = False):  # noqa: ANN202
    state = ext()["state"]
    path = state.own_path(slug, stem) if own else state.override_path(slug, stem)
    base_text = ext()["texts"].get(base_sha, "") if base_sha else ""
    if own:
        theirs, _ = drafting.initial_own_form(state, slug, stem)
    else:
        theirs = formmap.form_from(state.national(stem).value, drafting.load_override(state, slug, stem)[0].data)
    base_form = body.get("base_form") if isinstance(body.get("base_form"), dict) else theirs
    merged, both = formmap.merge_forms(base_form, body["form"], theirs)
    _remember(current)
    return jsonify({
        "saved": False, "conflict": True,
        "error": "Người khác đã lưu tệp này sau khi bạn mở nó. Chưa ghi gì; thay đổi của bạn vẫn còn nguyên.",
        "their_diff": unified_diff(base_text, current or "", state.relative(path)),
        "current_sha": sha256_text(current), "merged_form": merged, "theirs_form": theirs, "both_changed": both,
    }), 409
