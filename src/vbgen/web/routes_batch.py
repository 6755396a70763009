"""Batch page: chosen provinces, a progress bar, the summary and one ZIP."""

from __future__ import annotations

from flask import Blueprint, abort, jsonify, render_template, request, send_file, url_for

from vbgen.content import load as content_mod
from vbgen.office import access
from vbgen.web.app import ext
from vbgen.web import guard
from vbgen.web.guard import LOGGED_IN, needs
from vbgen.web.batchjob import BatchRunner

bp = Blueprint("batch", __name__)


def _runner() -> BatchRunner:
    e = ext()
    if "batch" not in e:
        state = e["state"]
        e["batch"] = BatchRunner(state.content_dir, state.templates_dir, e["out_dir"])
    return e["batch"]


@bp.route("/batch")
@needs(LOGGED_IN)
def index():  # noqa: ANN202
    state = ext()["state"]
    from vbgen.web.catalog import KIND_VI

    documents = []
    for stem in state.document_stems():
        try:
            national = state.national(stem).value
            documents.append({"stem": stem, "kind": KIND_VI.get(national.kind, national.kind), "subject": " ".join(national.subject.split())})
        except Exception:  # noqa: BLE001 - a broken document is still offered; the run reports it
            documents.append({"stem": stem, "kind": "Văn bản đang có lỗi", "subject": ""})
    return render_template("batch.html", provinces=[p for p in state.provinces() if guard.allowed(access.BATCH, p.slug)], documents=documents,
                           out_dir=str(ext()["out_dir"]), urls={"start": url_for("batch.start")})


@bp.route("/api/batch", methods=["POST"])
@needs(LOGGED_IN)
def start():  # noqa: ANN202
    body = request.get_json(silent=True) or {}
    state = ext()["state"]
    known = {p.slug for p in state.provinces()}
    stems = state.document_stems()
    provinces = [s for s in body.get("provinces") or [] if isinstance(s, str)]
    documents = [s for s in body.get("documents") or stems if isinstance(s, str)]
    bad = [s for s in provinces if s not in known] + [d for d in documents if d not in stems]
    if bad or not provinces or not documents:
        return jsonify({"error": "Chọn ít nhất một tỉnh và một văn bản trong danh sách." + (f" Không biết: {', '.join(bad)}." if bad else "")}), 400
    refused = [s for s in provinces if not guard.allowed(access.BATCH, s)]
    if refused:
        return guard.forbidden(f"bạn không phụ trách {', '.join(refused)}.")
    paths = [state.content_dir / content_mod.DOCUMENTS_DIR / f"{d}.yaml" for d in documents]
    job = _runner().start(provinces, paths, bool(body.get("pdf")))
    user = guard.current_user()
    ext().setdefault("batch_owners", {})[job.id] = user.name if user else None
    return jsonify({"id": job.id, "status_url": url_for("batch.status", job_id=job.id),
                    "zip_url": url_for("batch.download", job_id=job.id)})


def _job(job_id: str):  # noqa: ANN202
    job = _runner().jobs.get(job_id)
    user = guard.current_user()
    owner = ext().get("batch_owners", {}).get(job_id)
    if job is None or (user is None or owner != user.name) and not guard.allowed(access.USERS):
        abort(404)  # another user's job is not theirs to see (its ZIP holds their provinces)
    return job


@bp.route("/api/batch/<job_id>", methods=["POST"])
@needs(LOGGED_IN)
def status(job_id: str):  # noqa: ANN202
    return jsonify(_job(job_id).status())


@bp.route("/batch/<job_id>.zip")
@needs(LOGGED_IN)
def download(job_id: str):  # noqa: ANN202
    import io

    job = _job(job_id)
    if not job.finished or job.error:
        abort(409)
    return send_file(io.BytesIO(_runner().zip_bytes(job)), mimetype="application/zip", as_attachment=True,
                     download_name="vbgen-batch.zip")
