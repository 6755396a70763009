"""Batch runs started from the web page: in a background thread, with progress and a ZIP.

One call of :func:`vbgen.batch.run`, the CLI's own batch (same parallel jobs, one LibreOffice
for all PDFs), with the chosen provinces' own documents too, into the output folder whose manifest
tells new / changed / same; the page's progress counts every output and every PDF as it ends and
names the provinces. One run at a time: runs share the output folder.
"""

from __future__ import annotations

import dataclasses
import io
import json
import logging
import queue
import threading
import time
import uuid
import zipfile
from pathlib import Path
from typing import Any

from vbgen import i18n
from vbgen.i18n import _
from vbgen.batch import runner as batch_mod
from vbgen.batch.build import Workspace
from vbgen.content import overrides
from vbgen.errors import VbgenError


@dataclasses.dataclass
class Job:
    id: str
    provinces: list[str]
    documents: list[Path]
    pdf: bool
    out_dir: Path
    done: int = 0
    total: int = 0
    phase: str = "Đang chờ"
    finished: bool = False
    error: str | None = None
    rows: list[dict[str, Any]] = dataclasses.field(default_factory=list)
    started: float = dataclasses.field(default_factory=time.monotonic)
    elapsed: float = 0.0

    def status(self) -> dict[str, Any]:
        counts = {k: sum(1 for r in self.rows if r["status"] == k) for k in ("ok", "warning", "error")}
        changes = {k: sum(1 for r in self.rows if r["change"] == k) for k in ("new", "changed", "same")}
        return {"id": self.id, "done": self.done, "total": self.total, "phase": self.phase, "finished": self.finished,
                "error": self.error, "rows": self.rows if self.finished else [], "counts": counts, "changes": changes,
                "elapsed": round(self.elapsed or (time.monotonic() - self.started), 1)}


MAX_WAITING = 10
"""Jobs that may wait behind the running one; a start beyond that is refused (the server is busy)."""
KEEP_FINISHED = 20
"""Finished jobs kept for their status and ZIP; queued and running jobs are always kept."""


class Busy(VbgenError):
    """The batch queue is full."""

    http_status = 503


class BatchRunner:
    """One worker thread runs the jobs in turn from a bounded queue; every queued or running
    job keeps its status, and the most recent finished ones their ZIP."""

    def __init__(self, content_dir: Path, templates_dir: Path, out_dir: Path) -> None:
        self.content_dir, self.templates_dir, self.out_dir = content_dir, templates_dir, out_dir
        self.jobs: dict[str, Job] = {}
        self._queue: queue.Queue[Job] = queue.Queue()
        self._guard = threading.Lock()
        self._worker: threading.Thread | None = None

    def start(self, provinces: list[str], documents: list[Path], pdf: bool) -> Job:
        with self._guard:
            waiting = self._queue.qsize()
            if waiting >= MAX_WAITING:
                raise Busy(_("the server is busy: {count} batch runs are waiting; try again when one has "
                                  "finished").format(count=waiting))
            job = Job(uuid.uuid4().hex, provinces, documents, pdf, self.out_dir, total=len(provinces) + (1 if pdf else 0))
            self.jobs[job.id] = job
            finished = [k for k, j in self.jobs.items() if j.finished]
            for k in finished[:max(0, len(finished) - KEEP_FINISHED)]:
                del self.jobs[k]
            self._queue.put(job)
            if self._worker is None or not self._worker.is_alive():
                self._worker = threading.Thread(target=self._work, daemon=True, name="vbgen-batch")
                self._worker.start()
        return job

    def _work(self) -> None:
        while True:
            job = self._queue.get()
            self._run(job)

    def _run(self, job: Job) -> None:
        """One run of the CLI's own batch (same code, same parallel jobs, one LibreOffice for the
        PDFs), with the province's own documents; progress counts each output and each PDF."""
        i18n.set_language("vi")  # a new thread starts with an empty context
        try:
            job.started = time.monotonic()
            ws = Workspace.open(self.content_dir, self.templates_dir)
            names = {p.slug: p.name for p in ws.registries.provinces.value.provinces}
            own = [p for slug in job.provinces for p in overrides.own_document_paths(self.content_dir, slug)]
            paths = list(job.documents) + [p for p in own if p not in job.documents]
            outputs = sum(1 for slug in job.provinces for p in paths if ws.renders_for(p, slug))
            job.total = outputs * (2 if job.pdf else 1)
            job.phase = f"Đang dựng văn bản cho {len(job.provinces)} tỉnh, thành phố"
            rendered = {"render": 0, "pdf": 0}

            def step(what: str, n: int) -> None:
                rendered[what] += n
                job.done = min(job.total, rendered["render"] + rendered["pdf"])
                if what == "render":
                    job.phase = f"Đang dựng văn bản: {rendered['render']}/{outputs}"
                else:
                    job.phase = f"Đang chuyển sang PDF: {rendered['pdf']}/{outputs}"
            result = batch_mod.run(paths, job.provinces, self.out_dir, content_dir=self.content_dir,
                                   templates_dir=self.templates_dir, pdf=job.pdf, on_step=step)
            job.done = job.total
            kinds = {p: _kind_name(p, p in own) for p in paths}
            job.rows = [dict(_row(o, self.out_dir), province_name=names.get(o.province, o.province),
                             document_name=kinds.get(o.document, o.document.stem)) for o in result.outcomes]
            job.phase = "Xong"
        except VbgenError as e:
            job.error, job.phase = e.format_message(), "Lỗi"
        except Exception:  # noqa: BLE001 - a page must show it, not a dead thread
            logging.getLogger("vbgen.web").exception("batch job %s failed", job.id)
            job.error, job.phase = _("the batch stopped on an unexpected error; the server's log has the details "
                                     "(tell the administrator)"), "Lỗi"
        finally:
            job.elapsed = time.monotonic() - job.started
            job.finished = True

    def zip_bytes(self, job: Job) -> bytes:
        """One ZIP: each province's .docx (and .pdf) as <slug>/<stem>.*, plus manifest.json."""
        buf = io.BytesIO()
        with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
            for row in sorted(job.rows, key=lambda r: (r["province"], r["document"])):
                for key in ("docx", "pdf"):
                    if row.get(key):
                        path = self.out_dir / row[key]
                        if path.is_file():
                            zf.writestr(zipfile.ZipInfo(row[key], (1980, 1, 1, 0, 0, 0)), path.read_bytes())
            manifest = self.out_dir / "manifest.json"
            if manifest.is_file():
                doc = json.loads(manifest.read_text(encoding="utf-8"))
                chosen = set(job.provinces)
                doc["outputs"] = [r for r in doc.get("outputs", []) if r.get("province") in chosen]
                data = (json.dumps(doc, ensure_ascii=False, sort_keys=True, indent=2) + "\n").encode("utf-8")
                zf.writestr(zipfile.ZipInfo("manifest.json", (1980, 1, 1, 0, 0, 0)), data)
        return buf.getvalue()


def _kind_name(path: Path, own: bool) -> str:
    from vbgen.content import model
    from vbgen.content.load import load_model
    from vbgen.web.catalog import KIND_VI

    try:
        kind = KIND_VI.get(load_model(path, model.Document).value.kind, "Văn bản")
    except VbgenError:
        kind = "Văn bản"
    return f"{kind} riêng của tỉnh" if own else kind


def _row(o: batch_mod.Outcome, out_dir: Path) -> dict[str, Any]:
    def rel(p: Path | None) -> str:
        if p is None or not p.is_file():
            return ""
        try:
            return str(p.relative_to(out_dir))
        except ValueError:
            return ""

    message = o.message if o.status != batch_mod.OK else ""
    return {"province": o.province, "document": o.document.stem, "status": o.status, "change": o.change,
            "message": message, "docx": rel(o.path) if o.status != batch_mod.ERROR else "", "pdf": rel(o.pdf)}
