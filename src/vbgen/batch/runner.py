"""The batch action: every chosen document for every chosen province, one failure at a time.

Unlike ``vbgen build`` (all or nothing), a batch renders each (province, document) pair on its
own: a pair that fails is reported and the others are still written. Files are written
through :func:`vbgen.atomic.write_atomic`, so a failed pair never leaves a half-written file,
and a file an earlier run left for a pair that failed now is removed, so it cannot pass for
this run's output. ``DIR/manifest.json`` (:mod:`vbgen.batch.manifest`) records every pair.

Rendering runs in this process (``jobs=1``) or in worker processes, each holding one
:class:`~vbgen.batch.build.Workspace` for the whole run (forked workers get a copy of the parent's,
already loaded; spawned ones open their own, once) and rendering many pairs; the parent alone
writes files, in a fixed order, so the output is the same for any number of workers. With
``pdf``, all the .docx files written are converted by one LibreOffice process (:mod:`vbgen.pdf.export`).
"""

from __future__ import annotations

import dataclasses
import difflib
import gc
import multiprocessing
import os
import sys
import threading
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any

import click

from vbgen import i18n
from vbgen.batch import manifest as manifest_mod
from vbgen.batch import workers
from vbgen.atomic import remove_stale_temp, write_atomic
from vbgen.batch.build import Workspace, output_path, render_one
from vbgen.batch.pdfstep import PdfOptions, make_pdfs
from vbgen.compose.document import KINDS
from vbgen.content.load import Validated
from vbgen.errors import VbgenError
from vbgen.content.model import Document, Province

OK, WARNING, ERROR = "ok", "warning", "error"

MAX_AUTO_JOBS = 4
DOCS_PER_FORKED_WORKER = 16
"""Without --jobs, one more worker per this many documents when workers are forked (a forked
worker starts in milliseconds; a document takes 5-15 ms to render and check). Measured with
bench/bench_batch.py: 68 documents on 2 cores, 1.08 s with one process, 0.86 s with two."""
DOCS_PER_SPAWNED_WORKER = 100
"""... and when they are spawned (Windows, macOS: a worker first imports vbgen and opens the
workspace, ~0.5-1 s)."""

START_METHOD: str | None = None
"""multiprocessing start method for the workers; None: fork on Linux, spawn elsewhere."""


class BatchError(VbgenError):
    """Some (province, document) pairs failed; the summary lists them."""


@dataclasses.dataclass
class Outcome:
    """What happened to one (province, document) pair."""

    province: str
    document: Path
    doc_index: int
    path: Path
    status: str = OK
    message: str = ""
    warnings: list[str] = dataclasses.field(default_factory=list)
    notes: list[str] = dataclasses.field(default_factory=list)
    sha256: str | None = None
    pdf: Path | None = None
    pdf_sha256: str | None = None
    remarks: list[str] = dataclasses.field(default_factory=list)
    change: str = ""  # "new", "changed", "same" (compared with the earlier manifest), "" on error
    draft: bool = False  # written as a draft (DỰ THẢO, number and date blank)
    meta: Any = None  # vbgen.pdf.signready.SignMeta: what a sign-ready PDF says about itself

    def fail(self, message: str) -> None:
        self.status = ERROR
        self.message = message


@dataclasses.dataclass
class BatchResult:
    out_dir: Path
    outcomes: list[Outcome]
    manifest: Path
    jobs: int
    removed_temp: list[str] = dataclasses.field(default_factory=list)
    """Temporary files an interrupted earlier run left in DIR, removed by this one."""

    @property
    def failed(self) -> list[Outcome]:
        return [o for o in self.outcomes if o.status == ERROR]


# -- choosing provinces and documents -------------------------------------------------------------


def parse_provinces(spec: str | Sequence[str] | None, provinces: Sequence[Province]) -> list[Province]:
    """``all`` (or nothing) -> every province; else comma-separated slugs, in the order given.

    Unknown slugs are a usage error naming the closest known slugs.
    """
    parts: list[str] = []
    for item in ([spec] if isinstance(spec, str) else list(spec or [])):
        parts.extend(s.strip() for s in item.split(","))
    parts = [p for p in parts if p]
    if not parts or parts == ["all"]:
        return list(provinces)
    by_slug = {p.slug: p for p in provinces}
    unknown = [s for s in parts if s not in by_slug and s != "all"]
    if unknown:
        hints = []
        for s in dict.fromkeys(unknown):
            close = difflib.get_close_matches(s, list(by_slug), n=3, cutoff=0.5)
            hint = f" (did you mean {' or '.join(repr(c) for c in close)}?)" if close else ""
            hints.append(f"'{s}'{hint}")
        raise click.BadParameter(f"unknown province {', '.join(hints)}; run 'vbgen provinces' for the list",
                                 param_hint="'--provinces'")
    if "all" in parts:
        raise click.BadParameter("give 'all' or slugs, not both", param_hint="'--provinces'")
    return [by_slug[s] for s in dict.fromkeys(parts)]


def _unique_documents(paths: Sequence[Path], owner: Callable[[Path], str | None] = lambda _p: None) -> list[Path]:
    seen: dict[Path, Path] = {}
    stems: dict[tuple[str | None, str], Path] = {}
    for p in paths:
        key = p.resolve()
        if key in seen:
            continue
        name = (owner(p), p.stem)  # province-only documents of different provinces go to different folders
        if name in stems:
            raise BatchError(f"{stems[name]} and {p} would both be written to <province>/{p.stem}.docx; rename one of them")
        seen[key] = p
        stems[name] = p
    return list(seen.values())


# -- rendering (in this process or in a worker) ---------------------------------------------------


@dataclasses.dataclass
class _State:
    """What a process needs to render pairs: its own workspace and the loaded documents."""

    ws: Workspace
    docs: list[Validated[Document] | str]  # a str is the document's load error
    out_dir: Path
    strict: bool
    draft: bool = False  # vbgen batch --draft
    sign_ready: bool = False  # vbgen batch --sign-ready: number and date blank, no DỰ THẢO


@dataclasses.dataclass
class _Result:
    """One rendered and written pair, as sent back from a worker (plain data: picklable)."""

    doc_index: int
    slug: str
    sha256: str | None
    warnings: list[str]
    notes: list[str]
    error: str | None
    draft: bool = False
    meta: Any = None


def _internal(e: BaseException) -> str:
    """A bug's message for the summary (plain text: it crosses process boundaries)."""
    return f"internal error: {type(e).__name__}: {e}"


def _load_documents(ws: Workspace, paths: Sequence[Path]) -> list[Validated[Document] | str]:
    docs: list[Validated[Document] | str] = []
    for p in paths:
        try:
            docs.append(ws.load_documents([p])[0])
        except VbgenError as e:
            docs.append(e.format_message())
        except Exception as e:  # noqa: BLE001 - this document fails for every province; the others go on
            docs.append(_internal(e))
    return docs


def _open_state(content_dir: Path | None, templates_dir: Path | None, paths: Sequence[Path], out_dir: Path, strict: bool,
                draft: bool = False, sign_ready: bool = False) -> _State:
    ws = Workspace.open(content_dir, templates_dir)
    return _State(ws, _load_documents(ws, paths), out_dir, strict, draft, sign_ready)


GC_EVERY = 20
"""Collect garbage every this many documents. Reading a .docx back for the format check leaves
reference cycles (python-docx parts) that Python's own schedule collects too rarely: memory
would grow with the number of documents. Long-lived objects are frozen first (gc.freeze), so
each collection only walks what the last documents left."""

_rendered = 0


def _render_pair(state: _State, doc_index: int, slug: str) -> _Result:
    """Render and write one pair; whatever goes wrong becomes the pair's error message."""
    global _rendered
    _rendered += 1
    if _rendered % GC_EVERY == 0:
        gc.collect()
    doc = state.docs[doc_index]
    if isinstance(doc, str):
        return _Result(doc_index, slug, None, [], [], doc)
    try:
        province = state.ws.registries.province(slug)
        r = render_one(state.ws, doc, province, state.out_dir, state.strict, state.draft, state.sign_ready)
        write_atomic(r.path, r.data)
    except VbgenError as e:
        return _Result(doc_index, slug, None, [], [], e.format_message())
    except Exception as e:  # noqa: BLE001 - one pair's bug must not stop the others
        return _Result(doc_index, slug, None, [], [], _internal(e))
    return _Result(doc_index, slug, r.sha256, [str(w) for w in r.warnings], list(r.notes), None, r.draft, r.meta)


def _failed_pair(task: tuple[int, str], message: str) -> _Result:
    return _Result(task[0], task[1], None, [], [], message)


_WORKER: _State | None = None
"""The state of this worker process. Under fork it is the parent's, copied into the worker as
it starts (the parent sets it just before); under spawn the worker opens its own, once."""


def _worker_init(content_dir: Path | None, templates_dir: Path | None, paths: list[Path], out_dir: Path, strict: bool,
                 draft: bool = False, lang: str | None = None, sign_ready: bool = False) -> None:
    global _WORKER
    i18n.set_language(lang)  # messages in the parent's language (spawned workers start afresh)
    if _WORKER is not None and (_WORKER.out_dir, _WORKER.strict, _WORKER.draft, _WORKER.sign_ready) == (out_dir, strict, draft, sign_ready):
        return  # forked: the parent's workspace, documents and prepared templates are already here
    _WORKER = _open_state(content_dir, templates_dir, paths, out_dir, strict, draft, sign_ready)
    _prepare_templates(_WORKER)
    gc.collect()
    gc.freeze()


def _worker_render(task: tuple[int, str]) -> _Result:
    assert _WORKER is not None, "worker not initialised"
    return _render_pair(_WORKER, *task)


def _cpus() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def auto_jobs(count: int) -> int:
    """Worker processes for ``count`` documents when --jobs is not given: 1 for small batches,
    where starting workers costs more than it saves, up to the CPUs (at most
    :data:`MAX_AUTO_JOBS`) for larger ones."""
    per_worker = DOCS_PER_FORKED_WORKER if _mp_context().get_start_method() == "fork" else DOCS_PER_SPAWNED_WORKER
    return max(1, min(_cpus(), MAX_AUTO_JOBS, count // per_worker))


def _mp_context() -> multiprocessing.context.BaseContext:
    # fork starts a worker in milliseconds (everything is already imported and loaded); on
    # macOS fork is unsafe and Windows has none: spawn
    method = START_METHOD or ("fork" if sys.platform == "linux" else "spawn")
    return multiprocessing.get_context(method)


def _render_stream(state: _State, tasks: list[tuple[int, str]], jobs: int, paths: list[Path]) -> Iterator[tuple[int, _Result]]:
    """(task index, result) for every task as it finishes, rendered here or by ``jobs`` workers."""
    global _WORKER
    _prepare_templates(state)
    gc.collect()
    gc.freeze()  # the workspace lives as long as the run: keep it out of every collection
    try:
        if jobs <= 1:
            for i, task in enumerate(tasks):
                yield i, _render_pair(state, *task)
            return
        ctx = _mp_context()
        if ctx.get_start_method() == "fork":
            _WORKER = state  # inherited by the forked workers
        yield from workers.run_tasks(tasks, jobs, ctx, _worker_init,
                                     (state.ws.content_dir, state.ws.templates_dir, paths, state.out_dir, state.strict, state.draft, i18n.language(),
                                      state.sign_ready),
                                     _worker_render, _failed_pair)
    finally:
        _WORKER = None
        gc.unfreeze()


def _prepare_templates(state: _State) -> None:
    """Read and compile the templates once, before forking, rather than once per worker
    (a broken template is reported per document by the workers)."""
    for doc in state.docs:
        if not isinstance(doc, str) and doc.value.kind in KINDS:
            try:
                state.ws.templates.get(KINDS[doc.value.kind].template)
            except VbgenError:
                pass


# -- the run --------------------------------------------------------------------------------------


class _Progress:
    """click's progress bar on stderr, or nothing when it is not wanted (not a terminal)."""

    def __init__(self, enabled: bool, total: int, label: str) -> None:
        self._bar = None
        if enabled and total:
            self._bar = click.progressbar(length=total, label=label, file=sys.stderr, show_pos=True,
                                          item_show_func=lambda s: s or "")
            self._bar.__enter__()

    def advance(self, n: int = 1, current: str | None = None) -> None:
        if self._bar is not None:
            self._bar.update(n, current)

    def close(self) -> None:
        if self._bar is not None:
            self._bar.__exit__(None, None, None)
            self._bar = None


def _remove(path: Path, out_dir: Path, why: str) -> str | None:
    try:
        path.unlink()
    except FileNotFoundError:
        return None
    except OSError as e:
        return f"could not remove {manifest_mod.relative(path, out_dir)} left by an earlier run: {e.strerror or e}"
    return f"removed {manifest_mod.relative(path, out_dir)} {why}"


def run(documents: Sequence[Path] | None, provinces: str | Sequence[str] | None, out_dir: Path, *,
        content_dir: Path | None = None, templates_dir: Path | None = None, strict: bool = False, draft: bool = False,
        pdf: bool = False, jobs: int | None = None, progress: bool = False, on_step: Any = None,  # ("render"|"pdf", n)
        on_warning: Callable[[str], None] | None = None, sign_ready: bool = False, sig_fields: bool = False) -> BatchResult:
    """Render ``documents`` (default: every file in content/documents, and the province-only
    documents of content/provinces/<slug>/own/ for their province alone) for ``provinces``
    ("all" by default) into ``out_dir/<slug>/<stem>.docx``; never raises for a single pair.

    Raises (before writing anything) for what makes the whole run impossible: unreadable
    registries, an unknown province, documents sharing a name, LibreOffice missing with ``pdf``.
    """
    warn = on_warning or (lambda _m: None)
    ws = Workspace.open(content_dir, templates_dir)
    chosen = parse_provinces(provinces, ws.registries.provinces.value.provinces)
    slugs = [p.slug for p in chosen]
    paths = _unique_documents(list(documents) if documents else ws.default_documents(slugs), ws.owner)
    ws.check_overrides(paths)
    ws.check_owners(paths, slugs)
    soffice = None
    pdf = pdf or sign_ready
    if pdf:
        from vbgen.pdf import common as pdf_common
        from vbgen.pdf import export as pdf_export

        soffice = pdf_common.find_soffice()
        for w in pdf_export.check_fonts():
            warn(w)

    state = _State(ws, _load_documents(ws, paths), out_dir, strict, draft, sign_ready)
    tasks = [(i, p.slug) for p in chosen for i in range(len(paths)) if ws.renders_for(paths[i], p.slug)]
    outcomes = [Outcome(slug, paths[i], i, output_path(out_dir, slug, paths[i])) for i, slug in tasks]
    n_jobs = auto_jobs(len(tasks)) if jobs is None else max(1, jobs)
    n_jobs = min(n_jobs, max(1, len(tasks)))
    previous = manifest_mod.read(out_dir)
    removed = remove_stale_temp(out_dir)

    office = None
    bar = _Progress(progress, len(tasks), "Rendering")
    try:
        done = 0
        for index, result in _render_stream(state, tasks, n_jobs, paths):
            if pdf and office is None:
                office = _start_office(soffice)  # LibreOffice starts while the rest is rendered
            outcome = outcomes[index]
            _record(outcome, result, out_dir, previous)
            done += 1
            bar.advance(1, f"{outcome.province}/{outcome.document.stem}")
            if on_step is not None: on_step("render", 1)  # noqa: E701
        bar.close()
        if done != len(tasks):  # cannot happen: every task yields once
            raise RuntimeError(f"{len(tasks) - done} pair(s) were not rendered")

        written = [o for o in outcomes if o.status != ERROR]
        if pdf:
            _convert(written, out_dir, soffice, progress, office, PdfOptions(sign_ready, sig_fields, strict), warn, on_step)
        else:
            for o in written:
                _keep_or_drop_pdf(o, out_dir, previous)
    finally:
        bar.close()
        if office is not None:
            office.close()

    records = manifest_mod.records_for(ws, state.docs, outcomes, out_dir)
    records += manifest_mod.kept_records(previous, records, out_dir)
    records.sort(key=lambda r: (r.province, r.path))
    path = manifest_mod.write(out_dir, records)
    return BatchResult(out_dir, outcomes, path, n_jobs, [manifest_mod.relative(f, out_dir) for f in removed])


def _start_office(soffice: str | None):  # -> vbgen.pdf.pool.Office | None
    """One LibreOffice per core, starting in the background (None with the command-line engine)."""
    from vbgen.pdf import common as pdf_common

    if pdf_common.engine() != "uno":
        return None
    from vbgen.pdf.pool import Office

    office = Office(soffice=soffice)
    threading.Thread(target=lambda: _quietly(office.start), name="vbgen-office-warmup", daemon=True).start()
    return office


def _quietly(fn: Callable[[], None]) -> None:
    try:
        fn()
    except VbgenError:
        pass  # reported when the files are converted


def _record(o: Outcome, r: _Result, out_dir: Path, previous: dict[tuple[str, str], dict[str, Any]]) -> None:
    """Book one rendered pair (written by whoever rendered it), or clear what an earlier run left."""
    if r.error is None and r.sha256 is not None:
        o.sha256, o.draft, o.meta = r.sha256, r.draft, r.meta
        o.warnings, o.notes = r.warnings, r.notes
        if r.warnings:
            o.status, o.message = WARNING, "\n".join(r.warnings)
        before = previous.get((o.province, _rel(o.path, out_dir)))
        o.change = "new" if not before or not before.get("sha256") else ("same" if before["sha256"] == o.sha256 else "changed")
        return
    o.fail(r.error or "not rendered")
    for stale in (o.path, o.path.with_suffix(".pdf")):
        remark = _remove(stale, out_dir, "left by an earlier run")
        if remark:
            o.remarks.append(remark)


def _rel(path: Path, out_dir: Path) -> str:
    """An output's path relative to DIR (outputs are always DIR/<slug>/<name>)."""
    try:
        return path.relative_to(out_dir).as_posix()
    except ValueError:
        return manifest_mod.relative(path, out_dir)


def _convert(written: list[Outcome], out_dir: Path, soffice: str | None, progress: bool, office: Any = None,
             opts: PdfOptions = PdfOptions(), warn: Callable[[str], None] = lambda _m: None, on_step: Any = None) -> None:
    bar = _Progress(progress, len(written), "PDF (LibreOffice)")
    try:
        advance = bar.advance if on_step is None else (lambda n=1: (bar.advance(n), on_step("pdf", n)))
        results = make_pdfs([(o.path, o.meta) for o in written], opts, soffice=soffice, progress=advance, office=office)
    finally:
        bar.close()
    said: dict[str, int] = {}
    for o, c in zip(written, results):
        for w in c.warnings:  # the same font warning for every PDF: said once, with the count
            said[w.split(": ", 1)[-1]] = said.get(w.split(": ", 1)[-1], 0) + 1
        if c.pdf is not None:
            o.pdf, o.pdf_sha256 = c.pdf, manifest_mod.sha256_file(c.pdf)
            continue
        o.fail(f"PDF: {c.error}")
        remark = _remove(o.path.with_suffix(".pdf"), out_dir, "left by an earlier run")
        if remark:
            o.remarks.append(remark)
    for message, count in said.items():
        warn(f"{count} PDF(s): {message}")


def _keep_or_drop_pdf(o: Outcome, out_dir: Path, previous: dict[tuple[str, str], dict[str, Any]]) -> None:
    """Without --pdf: a PDF an earlier run made from the very same .docx stays; any other is
    outdated and is removed."""
    target = o.path.with_suffix(".pdf")
    if not target.exists():
        return
    before = previous.get((o.province, manifest_mod.relative(o.path, out_dir))) or {}
    made = before.get("pdf") or {}
    if made.get("docx_sha256") == o.sha256 and made.get("sha256") == manifest_mod.sha256_file(target):
        o.pdf, o.pdf_sha256 = target, made["sha256"]
        return
    remark = _remove(target, out_dir, "made from an earlier version (run with --pdf to make it again)")
    if remark:
        o.remarks.append(remark)


# -- the manifest and the summary -----------------------------------------------------------------


def format_summary(result: BatchResult) -> str:
    """A table of every pair: province, document, status, change since the last run, message."""
    head = ("PROVINCE", "DOCUMENT", "STATUS", "CHANGE", "MESSAGE")
    rows = [(o.province, o.document.stem, o.status, o.change, o) for o in result.outcomes]
    w0 = max([len(head[0])] + [len(r[0]) for r in rows])
    w1 = max([len(head[1])] + [len(r[1]) for r in rows])
    w2 = max(len(head[2]), len(WARNING))
    w3 = max(len(head[3]), len("changed"))
    indent = " " * (w0 + w1 + w2 + w3 + 8)
    lines = [f"{head[0]:<{w0}}  {head[1]:<{w1}}  {head[2]:<{w2}}  {head[3]:<{w3}}  {head[4]}".rstrip()]
    for province, stem, status, change, o in rows:
        message = [*o.message.splitlines(), *o.remarks] if o.status != OK else list(o.remarks)
        first = message[0] if message else ""
        lines.append(f"{province:<{w0}}  {stem:<{w1}}  {status:<{w2}}  {change:<{w3}}  {first}".rstrip())
        lines.extend(f"{indent}{m}" for m in message[1:])
    n = len(result.outcomes)
    ok = sum(o.status == OK for o in result.outcomes)
    warned = sum(o.status == WARNING for o in result.outcomes)
    failed = len(result.failed)
    noun = "document" if n == 1 else "documents"
    if result.removed_temp:
        lines.append(f"removed {len(result.removed_temp)} temporary file(s) left by an interrupted run: {', '.join(result.removed_temp)}")
    lines.append(f"{n} {noun}: {ok} ok, {warned} with warnings, {failed} failed; manifest: {result.manifest}")
    return "\n".join(lines)
