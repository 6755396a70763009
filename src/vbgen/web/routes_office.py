"""The office on the web: review state and actions on the drafting page, history of each file.

Thin routes over :mod:`vbgen.office.review` and :mod:`vbgen.office.history`; :func:`install`
adds the access check (:mod:`vbgen.web.guard`) before every request and records every file the
web writes (:data:`vbgen.content.yamlfile.WRITE_HOOK`) in the history, with the user's name.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from flask import Blueprint, Flask, abort, g, make_response, redirect, render_template, request, url_for

from vbgen.errors import VbgenError
from vbgen.office import access, history, review
from vbgen.content import yamlfile
from vbgen.web import guard
from vbgen.web.app import ext, shown_message
from vbgen.web.guard import LOGGED_IN, needs

bp = Blueprint("office", __name__)
VN = dt.timezone(dt.timedelta(hours=7))


def install(app: Flask) -> None:
    """Access rules before every request, history for every write, helpers for the templates.

    Call it after the login layer is installed: its before-request hook puts the user on
    ``g.user``, which :func:`guard.check` then reads (no ``g.user`` at all means the loopback owner).
    """
    app.before_request(guard.check)
    app.before_request(_start_recording)
    app.teardown_request(_stop_recording)
    app.jinja_env.globals.update(office_review=review_panel, may=guard.allowed, current_user=guard.current_user)
    app.jinja_env.filters["vntime"] = vntime
    app.register_blueprint(bp)


def _content_dir() -> Path:
    return ext()["state"].content_dir


def _start_recording() -> None:
    content_dir, user = _content_dir(), guard.current_user()

    def hook(path: Path, before: str | None, after: str | None) -> None:
        history.record(content_dir, path, None if before is None else before.encode("utf-8"),
                       None if after is None else after.encode("utf-8"), user.name if user else "?", "web",
                       g.get("history_action", "save"))

    g.history_token = yamlfile.WRITE_HOOK.set(hook)


def _stop_recording(_exc: BaseException | None) -> None:
    token = g.pop("history_token", None)
    if token is not None:
        try:
            yamlfile.WRITE_HOOK.reset(token)
        except ValueError:  # set in another context (a test client's): forget it there
            yamlfile.WRITE_HOOK.set(None)


def vntime(iso: str | None) -> str:
    """An ISO time as Vietnamese offices write it, in Vietnam's time: 07/12/2026 14:05."""
    try:
        return dt.datetime.fromisoformat(str(iso)).astimezone(VN).strftime("%d/%m/%Y %H:%M")
    except ValueError:
        return str(iso or "")


def review_panel(slug: str, stem: str) -> dict[str, Any]:
    """What the drafting page's review panel shows and offers the current user."""
    content_dir = _content_dir()
    rec = review.status(content_dir, slug, stem)
    st = rec["state"]
    file, _own = review.document_file(content_dir, slug, stem)
    may_edit = guard.allowed(access.EDIT, slug)
    last_back = next((e for e in reversed(rec["events"]) if e.get("action") == "send-back"), None)
    return {
        "state": st, "label": review.STATE_LABELS[st], "events": rec["events"][-8:], "notes": rec.get("notes", ""),
        "notes_by": last_back, "approved": rec.get("approved"), "issued": rec.get("issued"),
        "locked": st != review.DRAFT or not may_edit,
        "lock_reason": (f"Văn bản đang ở trạng thái {review.STATE_LABELS[st]}: không sửa được." if st != review.DRAFT
                        else "" if may_edit else "Bạn chỉ được xem văn bản này (vai trò của bạn không sửa dự thảo)."),
        "can_submit": st == review.DRAFT and guard.allowed(access.SUBMIT, slug),
        "can_approve": st == review.SUBMITTED and guard.allowed(access.APPROVE, slug),
        "can_send_back": st in (review.SUBMITTED, review.APPROVED) and guard.allowed(access.REVIEW, slug),
        "urls": {a: url_for(f"office.{a.replace('-', '_')}", slug=slug, stem=stem) for a in ("submit", "approve", "send-back")},
        "history_url": url_for("office.file_history", file=history.content_relative(content_dir, file)),
    }


def _known(slug: str, stem: str) -> None:
    state = ext()["state"]
    if state.province(slug) is None or stem not in state.document_stems() + state.own_stems(slug):
        abort(404)


def _readable(slug: str, stem: str) -> None:
    """Raise the ContentError (the 422 page) when the province's file does not parse."""
    from vbgen.web import drafting

    state = ext()["state"]
    own = stem in state.own_stems(slug)
    path = state.own_path(slug, stem) if own else state.override_path(slug, stem)
    if path.exists():
        drafting.readable(state, path)


def _back_to_page(slug: str, stem: str) -> Any:
    own = stem in ext()["state"].own_stems(slug)
    return redirect(url_for("draft.own_page" if own else "draft.page", slug=slug, stem=stem) + "#office-review", code=303)


def _act(slug: str, stem: str, action: Any, *args: Any, reads: bool = False) -> Any:
    _known(slug, stem)
    if reads:  # a file YAML cannot read is not sent for approval, nor frozen: the 422 page names file and line
        _readable(slug, stem)
    try:
        action(_content_dir(), guard.current_user(), slug, stem, *args)
    except access.Forbidden as e:
        return guard.forbidden(e.format_message())
    except VbgenError as e:
        return render_template("error.html", message=shown_message(e)), 409
    return _back_to_page(slug, stem)


@bp.route("/review/<slug>/<stem>/submit", methods=["POST"])
@needs(access.SUBMIT)
def submit(slug: str, stem: str):  # noqa: ANN202
    return _act(slug, stem, review.submit, reads=True)


@bp.route("/review/<slug>/<stem>/approve", methods=["POST"])
@needs(access.APPROVE)
def approve(slug: str, stem: str):  # noqa: ANN202
    return _act(slug, stem, review.approve, reads=True)


@bp.route("/review/<slug>/<stem>/send-back", methods=["POST"])
@needs(access.REVIEW)
def send_back(slug: str, stem: str):  # noqa: ANN202
    return _act(slug, stem, review.send_back, str(request.form.get("notes", "")))


# -- history -----------------------------------------------------------------------------------


def _file(file: str) -> tuple[str, Path]:
    """A content file named in a URL: relative, inside content/, and seen by this user."""
    content_dir = _content_dir()
    parts = file.split("/")
    if not file or file.startswith("/") or "\\" in file or any(p in ("", ".", "..") or p.startswith(".") for p in parts):
        abort(404)
    path = content_dir / file
    if not access.may_view_file(guard.current_user(), file):
        abort(make_response(guard.forbidden(f"tệp {file} thuộc tỉnh khác.")))
    return file, path


def _province_doc(file: str) -> tuple[str, str] | None:
    parts = file.split("/")
    if len(parts) == 4 and parts[0] == "provinces" and parts[2] in ("documents", "own") and parts[3].endswith(".yaml"):
        return parts[1], parts[3][:-5]
    return None


@bp.route("/history/<path:file>")
@needs(LOGGED_IN)
def file_history(file: str):  # noqa: ANN202
    file, path = _file(file)
    entries = history.for_file(_content_dir(), file)
    return render_template("history.html", file=file, entries=entries, current=history.sha256(history.read_bytes(path)),
                           may_restore=access.may_change_file(guard.current_user(), file))


@bp.route("/history/<path:file>/<int:seq>")
@needs(LOGGED_IN)
def file_version(file: str, seq: int):  # noqa: ANN202
    file, path = _file(file)
    content_dir = _content_dir()
    try:
        e = history.entry(content_dir, seq)
        data = history.version(content_dir, seq)
    except KeyError:
        abort(404)
    if e.get("file") != file:
        abort(404)
    text = None if data is None else data.decode("utf-8", "replace")
    current = history.read_bytes(path)
    to_current = yamlfile.unified_diff(text or "", (current or b"").decode("utf-8", "replace"), file)
    return render_template("history_version.html", file=file, entry=e, text=text, to_current=to_current,
                           is_current=history.sha256(data) == history.sha256(current),
                           may_restore=access.may_change_file(guard.current_user(), file))


@bp.route("/history/<path:file>/<int:seq>/restore", methods=["POST"])
@needs(LOGGED_IN)
def restore(file: str, seq: int):  # noqa: ANN202
    file, path = _file(file)
    content_dir = _content_dir()
    user = guard.current_user()
    if not access.may_change_file(user, file):
        return guard.forbidden(f"vai trò của bạn không được sửa tệp {file}.")
    doc = _province_doc(file)
    try:
        if doc is not None:
            review.require_editable(content_dir, *doc)
        e = history.entry(content_dir, seq)
        data = history.version(content_dir, seq)
    except KeyError:
        abort(404)
    except VbgenError as err:
        return render_template("error.html", message=err.format_message()), 409
    if e.get("file") != file:
        abort(404)
    if data is None:
        return render_template("error.html", message="Ở phiên bản này tệp chưa có; không khôi phục được."), 409
    current = yamlfile.read_text(path)
    g.history_action = f"restore #{seq}"
    try:
        yamlfile.write_checked(path, data.decode("utf-8"), yamlfile.sha256_text(current))
    except yamlfile.Conflict:
        return render_template("error.html", message="Tệp vừa được người khác lưu; mở lại lịch sử rồi thử lại."), 409
    return redirect(url_for("office.file_history", file=file), code=303)
