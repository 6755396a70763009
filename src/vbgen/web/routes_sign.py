"""Drafting page, ready to sign (issue 16): "Tải PDF trình ký" and "Ghi số, ngày ban hành".

Kept apart from the drafting routes (their own blueprint and partial, ``_sign.html``): the PDF
is made from the saved content of the province (save first), and the form records the number and
date given at signing with :func:`vbgen.content.issued.record_issued`, as ``vbgen issued`` does.
"""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

from flask import Blueprint, abort, redirect, request, send_file, url_for

from vbgen.errors import ContentError, Problem
from vbgen.office import access, review
from vbgen.web import guard
from vbgen.web.app import ext
from vbgen.web.guard import needs

bp = Blueprint("sign", __name__)


def _known(slug: str, stem: str) -> bool:
    """True for a province's own document, False for a shared one; 404 for anything else."""
    state = ext()["state"]
    if state.province(slug) is None:
        abort(404)
    if stem in state.own_stems(slug):
        return True
    if stem not in state.document_stems():
        abort(404)
    return False


@bp.route("/draft/<slug>/<stem>/trinh-ky.pdf")
@needs(access.VIEW)
def sign_pdf(slug: str, stem: str):  # noqa: ANN202
    from vbgen.batch.build import render_one
    from vbgen.batch.pdfstep import sign_ready_bytes

    own = _known(slug, stem)
    state = ext()["state"]
    ws = state.workspace()
    path = state.own_path(slug, stem) if own else state.content_dir / "documents" / f"{stem}.yaml"
    [doc] = ws.load_documents([path])
    rendered = render_one(ws, doc, state.province(slug), Path("."), sign_ready=True)
    pdf, _warnings = sign_ready_bytes(rendered.data, rendered.meta, sig_fields=request.args.get("fields") == "1")
    return send_file(io.BytesIO(pdf), mimetype="application/pdf", as_attachment=True,
                     download_name=f"{slug}-{stem}-trinh-ky.pdf")


@bp.route("/draft/<slug>/<stem>/issued", methods=["POST"])
@needs(access.ISSUE)
def issued(slug: str, stem: str):  # noqa: ANN202
    from vbgen.content.issued import record_issued

    own = _known(slug, stem)
    state = ext()["state"]
    try:
        when = dt.date.fromisoformat(request.form.get("date", "").strip())
    except ValueError:
        raise ContentError.from_problems([Problem(Path(stem), None, "date", "Ngày ban hành phải có dạng YYYY-MM-DD, ví dụ 2026-12-15.")]) from None
    st = review.state(state.content_dir, slug, stem)
    if st not in (review.DRAFT, review.APPROVED):  # a submitted draft waits for its review; an issued one is done
        return guard.forbidden(f"văn bản đang ở trạng thái {review.STATE_LABELS[st]}: chưa ghi được số và ngày.", 409)
    number = request.form.get("number", "")
    record_issued(state.content_dir, stem, slug, number, when)
    if st == review.APPROVED:
        review.issue(state.content_dir, guard.current_user(), slug, stem, number, when.isoformat())
    target = url_for("draft.own_page" if own else "draft.page", slug=slug, stem=stem)
    return redirect(f"{target}?issued=1")
