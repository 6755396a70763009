"""Warm LibreOffice processes converting .docx to PDF: one per core, reused across files.

Starting LibreOffice costs about a second; converting one document in a running one about
0.1 s. An :class:`Office` keeps up to ``workers`` LibreOffice processes running, each with its
own user profile, and hands each file to an idle one. Each LibreOffice is driven over UNO by
a small worker script (:mod:`vbgen.pdf.worker`, shipped in this package) run with the Python
that has LibreOffice's ``uno`` module (:func:`find_uno_python`): Debian's /usr/bin/python3
with python3-uno, or the python bundled with LibreOffice on Windows and macOS.

Use (the web preview and the batch)::

    from vbgen.pdf.pool import shared_office
    pdf: bytes = shared_office().convert(docx_path_or_bytes)        # thread-safe
    results = shared_office().convert_files(paths, progress=cb)     # PDFs next to the .docx files
    to_pdf = converter()                                            # bytes -> bytes, for the web preview
    docx: bytes = shared_office().to_docx("old.doc")                # .doc/.odt/.rtf -> .docx (vbgen.read)

:func:`shared_office` is one :class:`Office` per process, started lazily on the first
conversion (about 1 s, then ~0.1 s per document) and stopped when Python exits. ``convert``
raises :class:`OfficeError` (a :class:`~vbgen.errors.VbgenError`) when the file cannot be
converted and :class:`~vbgen.errors.ToolMissingError` when LibreOffice or a UNO-capable
Python is missing; the PDF bytes are normalised (:func:`vbgen.pdf.common.normalize_pdf`), so
the same .docx always gives the same PDF, whichever process converted it.

Robustness: a LibreOffice that crashes is restarted (the file it was converting is tried once
more on the fresh one); one that takes longer than ``timeout`` on a file is killed and
restarted, and the file is reported. Every LibreOffice runs in its own process group; all
are killed when the Office is closed, at interpreter exit (atexit), and by the worker's own
watchdog when this process ends any other way (SIGTERM, SIGKILL), which also removes their
profiles.
"""

from __future__ import annotations

import atexit
import itertools
import json
import os
import queue
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import weakref
from collections.abc import Callable, Sequence
from pathlib import Path

from vbgen.pdf.common import Converted, env_timeout, find_soffice, normalize_pdf, offline_env
from vbgen.atomic import write_atomic
from vbgen.errors import ToolMissingError, VbgenError

ENV_UNO_PYTHON = "VBGEN_UNO_PYTHON"
"""Environment variable naming the Python with LibreOffice's ``uno`` module."""

WORKER_SCRIPT = Path(__file__).with_name("worker.py")
START_TIMEOUT = 90.0
MAX_AUTO_WORKERS = 8
TEMP_PREFIX = "vbgen-office-"


class OfficeError(VbgenError):
    """LibreOffice could not convert one file (the message says why)."""


def default_workers() -> int:
    """One LibreOffice per CPU this process may use (at most :data:`MAX_AUTO_WORKERS`)."""
    try:
        n = len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        n = os.cpu_count() or 1
    return max(1, min(n, MAX_AUTO_WORKERS))


def uno_python_candidates(soffice: str) -> list[str]:
    """Pythons that may have LibreOffice's ``uno`` module, best first: $VBGEN_UNO_PYTHON, the
    python bundled with LibreOffice (Windows, macOS), the system python3 (Debian python3-uno),
    then this interpreter."""
    out = []
    explicit = os.environ.get(ENV_UNO_PYTHON, "").strip()
    if explicit:
        out.append(shutil.which(explicit) or explicit)
    program = Path(os.path.realpath(soffice)).parent
    for bundled in (program / "python.exe", program / "python", program.parent / "Resources" / "python"):
        if bundled.is_file():
            out.append(str(bundled))
    for system in ("/usr/bin/python3", "/usr/local/bin/python3"):
        if os.path.isfile(system):
            out.append(system)
    out.append(sys.executable)
    return list(dict.fromkeys(out))


def _kill_group(pid: int | None) -> None:
    if not pid:
        return
    try:
        if sys.platform == "win32":
            subprocess.run(["taskkill", "/F", "/T", "/PID", str(pid)], capture_output=True)
        else:
            os.killpg(pid, signal.SIGKILL)
    except (OSError, ProcessLookupError):
        pass


class _Instance:
    """One worker script and the LibreOffice it started."""

    def __init__(self, python: str, soffice: str, work_dir: Path) -> None:
        self.work_dir = work_dir
        work_dir.mkdir()  # not parents: a closed Office's folder must not come back
        kwargs: dict = {"stdin": subprocess.PIPE, "stdout": subprocess.PIPE, "stderr": subprocess.DEVNULL,
                        "text": True, "encoding": "utf-8", "bufsize": 1,
                        "env": offline_env()}  # its LibreOffice fetches nothing a document links to
        if sys.platform == "win32":
            kwargs["creationflags"] = subprocess.CREATE_NEW_PROCESS_GROUP  # type: ignore[attr-defined]
        else:
            kwargs["start_new_session"] = True  # Ctrl-C in the terminal reaches vbgen only; vbgen stops these
        self.proc = subprocess.Popen([python, str(WORKER_SCRIPT), soffice, str(work_dir)], **kwargs)
        self.soffice_pid: int | None = None
        self.used = 0
        self._answers: queue.Queue[dict | None] = queue.Queue()
        threading.Thread(target=self._read, name="vbgen-office-reader", daemon=True).start()

    def _read(self) -> None:
        assert self.proc.stdout is not None
        for line in self.proc.stdout:
            try:
                msg = json.loads(line)
            except ValueError:
                continue
            if "started" in msg:  # LibreOffice's pid, as soon as it runs: stop() can kill it from then on
                self.soffice_pid = msg.get("soffice_pid")
                continue
            self._answers.put(msg)
        self._answers.put(None)  # the worker is gone

    def wait_ready(self, timeout: float) -> dict:
        try:
            msg = self._answers.get(timeout=timeout)
        except queue.Empty:
            msg = {"ready": False, "error": f"LibreOffice did not start within {timeout:g} s"}
        if msg is None:
            msg = {"ready": False, "error": f"the UNO worker exited (code {self.proc.wait()})"}
        if msg.get("ready"):
            self.soffice_pid = msg.get("soffice_pid")
        else:
            self.stop()
        return msg

    def alive(self) -> bool:
        return self.proc.poll() is None

    def run(self, job_id: int, src: Path, dst: Path, timeout: float, filter_data: dict | None = None,
            export: str | None = None) -> dict:
        """Send one job and wait for its answer: {"ok": True} or {"ok": False, "error", "fatal"}."""
        self.used += 1
        job: dict = {"id": job_id, "src": str(src), "dst": str(dst)}
        if filter_data:
            job["filter"] = filter_data
        if export:
            job["export"] = export
        try:
            assert self.proc.stdin is not None
            self.proc.stdin.write(json.dumps(job) + "\n")
            self.proc.stdin.flush()
        except (OSError, ValueError):
            self.stop()
            return {"ok": False, "fatal": True, "crashed": True, "error": "LibreOffice was no longer running"}
        deadline = time.monotonic() + timeout
        while True:
            try:
                msg = self._answers.get(timeout=max(0.01, deadline - time.monotonic()))
            except queue.Empty:
                self.stop()
                return {"ok": False, "fatal": True, "error": f"LibreOffice did not finish converting it within {timeout:g} s and was stopped"}
            if msg is None:
                code = self.proc.poll()
                self.stop()
                return {"ok": False, "fatal": True, "crashed": True,
                        "error": f"LibreOffice stopped while converting it (worker exit code {code})"}
            if msg.get("id") == job_id:
                if msg.get("fatal"):
                    msg["crashed"] = True
                    self.stop()
                return msg

    def stop(self) -> None:
        """Kill LibreOffice and the worker (their process groups) and remove the profile."""
        _kill_group(self.soffice_pid)
        if self.proc.poll() is None:
            _kill_group(self.proc.pid)
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                pass
        for stream in (self.proc.stdin, self.proc.stdout):
            try:
                if stream:
                    stream.close()
            except OSError:
                pass
        shutil.rmtree(self.work_dir, ignore_errors=True)


class Office:
    """Up to ``workers`` warm LibreOffice processes; thread-safe; started lazily."""

    def __init__(self, workers: int | None = None, *, soffice: str | None = None, python: str | None = None,
                 timeout: float | None = None) -> None:
        self.workers = max(1, workers or default_workers())
        self._soffice = soffice
        self._python = python
        self.timeout = timeout
        self._lock = threading.Lock()
        self._idle: list[_Instance] = []
        self._all: list[_Instance] = []
        self._slots = threading.BoundedSemaphore(self.workers)
        self._ids = itertools.count(1)
        self._tmp: Path | None = None
        self._closed = False
        self.started = 0  # LibreOffice processes started so far (restarts included)
        _LIVE.add(self)  # closed at interpreter exit if nobody did it before

    # -- the pool ------------------------------------------------------------------------------

    def _setup(self) -> tuple[str, Path]:
        with self._lock:
            if self._closed:
                raise OfficeError("this Office has been closed")
            if self._soffice is None:
                self._soffice = find_soffice()
            if self._tmp is None:
                self._tmp = Path(tempfile.mkdtemp(prefix=TEMP_PREFIX))
            return self._soffice, self._tmp

    def _start(self) -> _Instance:
        soffice, tmp = self._setup()
        try:
            return self._start_in(soffice, tmp)
        finally:
            if self._closed:  # close() while this one was starting: nothing of it may remain
                shutil.rmtree(tmp, ignore_errors=True)

    def _start_in(self, soffice: str, tmp: Path) -> _Instance:
        candidates = [self._python] if self._python else uno_python_candidates(soffice)
        errors = []
        for python in candidates:
            work = tmp / f"w{next(self._ids)}"
            with self._lock:  # registered while starting, so that close() stops it too
                if self._closed:
                    raise OfficeError("this Office has been closed")
                try:
                    inst = _Instance(python, soffice, work)
                except OSError as e:
                    errors.append(f"{python}: {e.strerror or e}")
                    continue
                self._all.append(inst)
            msg = inst.wait_ready(START_TIMEOUT)
            with self._lock:
                if self._closed:
                    inst.stop()
                    raise OfficeError("this Office has been closed")
                if msg.get("ready"):
                    self.started += 1
                    if self._python is None:
                        self._python = python  # found it: the next ones use the same
                    return inst
                if inst in self._all:
                    self._all.remove(inst)
            errors.append(f"{python}: {msg.get('error')}")
            if not msg.get("no_uno"):
                break  # this Python has uno; LibreOffice itself failed
        raise ToolMissingError("cannot start LibreOffice for PDF conversion (" + "; ".join(errors) + "). "
                               "On Debian/Ubuntu: 'sudo apt-get install python3-uno'; or set "
                               f"{ENV_UNO_PYTHON} to a Python that can 'import uno'")

    def _acquire(self) -> _Instance:
        self._slots.acquire()
        try:
            with self._lock:
                while self._idle:
                    inst = self._idle.pop()
                    if inst.alive():
                        return inst
                    self._forget(inst)
            return self._start()
        except BaseException:
            self._slots.release()
            raise

    def _release(self, inst: _Instance) -> None:
        with self._lock:
            if inst.alive() and not self._closed:
                self._idle.append(inst)
            else:
                self._forget(inst)
        self._slots.release()

    def _forget(self, inst: _Instance) -> None:
        inst.stop()
        if inst in self._all:
            self._all.remove(inst)

    def start(self, count: int | None = None) -> None:
        """Start ``count`` (default: all) LibreOffice processes now, in parallel, rather than on
        first use. Raises :class:`~vbgen.errors.ToolMissingError` only when none is running."""
        n = min(self.workers, count or self.workers)
        grabbed: list[_Instance] = []
        errors: list[VbgenError] = []

        def one() -> None:
            try:
                grabbed.append(self._acquire())
            except VbgenError as e:
                errors.append(e)

        threads = [threading.Thread(target=one, name="vbgen-office-start", daemon=True) for _ in range(n)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        for inst in grabbed:
            self._release(inst)
        if not grabbed and errors:
            raise errors[0]

    def close(self) -> None:
        """Stop every LibreOffice of this Office; later conversions raise."""
        with self._lock:
            self._closed = True
            instances, self._all, self._idle = list(self._all), [], []
            tmp, self._tmp = self._tmp, None
        for inst in instances:
            inst.stop()
        if tmp is not None:
            shutil.rmtree(tmp, ignore_errors=True)

    def __enter__(self) -> "Office":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- converting ----------------------------------------------------------------------------

    def convert(self, source: Path | str | bytes, *, timeout: float | None = None, reproducible: bool = True,
                filter_data: dict | None = None) -> bytes:
        """The PDF of one .docx (a path or its bytes), normalised to be reproducible.

        ``filter_data``: LibreOffice PDF export options (``{"SelectPdfVersion": 2}``: PDF/A-2b)."""
        data = source if isinstance(source, bytes) else Path(source).read_bytes()
        pdf = self._job(data, ".docx", ".pdf", timeout, filter_data, None)
        if not pdf:
            raise OfficeError("LibreOffice produced no PDF (the file may be damaged or not a Word document)")
        if not pdf.startswith(b"%PDF"):
            raise OfficeError("LibreOffice produced a file that is not a PDF")
        return normalize_pdf(pdf, data) if reproducible else pdf

    def to_docx(self, source: Path | str, *, timeout: float | None = None) -> bytes:
        """A .doc, .odt or .rtf file saved as .docx by a warm LibreOffice (the bytes of the .docx)."""
        source = Path(source)
        docx = self._job(source.read_bytes(), source.suffix.lower() or ".doc", ".docx", timeout, None, "MS Word 2007 XML")
        if not docx.startswith(b"PK"):
            raise OfficeError("LibreOffice produced no .docx (the file may be damaged or not a document)")
        return docx

    def _job(self, data: bytes, suffix: str, out_suffix: str, timeout: float | None, filter_data: dict | None,
             export: str | None) -> bytes:
        """Run one conversion on an idle LibreOffice (a crashed one is replaced and the file tried
        once more); the bytes written, b"" when none."""
        limit = timeout or self.timeout or env_timeout()
        _, tmp = self._setup()
        job = next(self._ids)
        src, dst = tmp / f"job{job}{suffix}", tmp / f"job{job}{out_suffix}"
        src.write_bytes(data)
        try:
            for attempt in (1, 2):
                inst = self._acquire()
                try:
                    answer = inst.run(job, src, dst, limit, filter_data, **({"export": export} if export else {}))
                finally:
                    self._release(inst)
                if answer.get("ok"):
                    break
                if not (answer.get("crashed") and attempt == 1):
                    raise OfficeError(answer.get("error") or "LibreOffice failed")
            try:
                return dst.read_bytes()
            except OSError:
                return b""
        finally:
            src.unlink(missing_ok=True)
            dst.unlink(missing_ok=True)

    def convert_files(self, paths: Sequence[Path], *, progress: Callable[[int], None] | None = None,
                      timeout: float | None = None, reproducible: bool = True,
                      filter_data: dict | None = None) -> list[Converted]:
        """Convert every file with all the workers; each PDF is written (atomically) next to its
        .docx. Never raises for one file; results are in the order given."""
        from concurrent.futures import ThreadPoolExecutor

        results = [Converted(Path(p)) for p in paths]
        if not results:
            return results
        self.start(min(self.workers, len(results)))  # raises when LibreOffice cannot run at all
        lock = threading.Lock()

        def one(r: Converted) -> None:
            try:
                pdf = self.convert(r.docx, timeout=timeout, reproducible=reproducible, filter_data=filter_data)
                target = r.docx.with_suffix(".pdf")
                write_atomic(target, pdf)
                r.pdf = target
            except OSError as e:
                r.error = f"cannot read {r.docx}: {e.strerror or e}"
            except VbgenError as e:
                r.error = e.format_message()
            finally:
                if progress:
                    with lock:
                        progress(1)

        with ThreadPoolExecutor(max_workers=min(self.workers, len(results)), thread_name_prefix="vbgen-pdf") as pool:
            for f in [pool.submit(one, r) for r in results]:
                f.result()
        return results


_shared: Office | None = None
_shared_lock = threading.Lock()


def shared_office() -> Office:
    """This process's :class:`Office` (one LibreOffice per core), created on first call and
    closed at exit."""
    global _shared
    with _shared_lock:
        if _shared is None or _shared._closed:
            _shared = Office()
        return _shared


def converter() -> Callable[[bytes], bytes]:
    """.docx bytes -> normalised PDF bytes through :func:`shared_office` (the web preview's
    converter; raises :class:`OfficeError` / :class:`~vbgen.errors.ToolMissingError`)."""
    return lambda docx: shared_office().convert(docx)


_LIVE: weakref.WeakSet[Office] = weakref.WeakSet()


@atexit.register
def _close_all() -> None:
    for office in list(_LIVE):
        office.close()
