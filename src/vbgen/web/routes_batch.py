"""Batch page: chosen provinces, a progress bar, the summary and one ZIP."""

from __future__ import annotations

from flask import Blueprint, abort, jsonify, render_template, request, send_file, url_for

from vbgen.content import load as content_mod
from vbgen.web.app import ext
from vbgen.web.batchjob import BatchRunner

bp = Blueprint("batch", __name__)


def _runner() -> BatchRunner:
    e = ext()
    if "batch" not in e:
        state = e["state"]
        e["batch"] = BatchRunner(state.content_dir, state.templates_dir, e["out_dir"])
    return e["batch"]


@bp.route("/batch")
def index():  # noqa: ANN202
    state = ext()["state"]
    return render_template("batch.html", provinces=state.provinces(), documents=state.document_stems(),
                           out_dir=str(ext()["out_dir"]), urls={"start": url_for("batch.start")})


@bp.route("/api/batch", methods=["POST"])
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
    paths = [state.content_dir / content_mod.DOCUMENTS_DIR / f"{d}.yaml" for d in documents]
    job = _runner().start(provinces, paths, bool(body.get("pdf")))
    return jsonify({"id": job.id, "status_url": url_for("batch.status", job_id=job.id),
                    "zip_url": url_for("batch.download", job_id=job.id)})


def _job(job_id: str):  # noqa: ANN202
    job = _runner().jobs.get(job_id)
    if job is None:
        abort(404)
    return job


@bp.route("/api/batch/<job_id>", methods=["POST"])
def status(job_id: str):  # noqa: ANN202
    return jsonify(_job(job_id).status())


@bp.route("/batch/<job_id>.zip")
def download(job_id: str):  # noqa: ANN202
    import io

    job = _job(job_id)
    if not job.finished or job.error:
        abort(409)
    return send_file(io.BytesIO(_runner().zip_bytes(job)), mimetype="application/zip", as_attachment=True,
                     download_name="vbgen-batch.zip")
