""".docx -> PDF through LibreOffice: warm processes, one per core, or one ``soffice`` call.

Starting LibreOffice costs about a second; converting one more document in a running
process costs a fraction of that. By default :func:`convert` hands the files to
:class:`vbgen.pdf.pool.Office`: one LibreOffice per core, each with its own profile,
driven over UNO and reused for every file. Where no Python with LibreOffice's ``uno`` module
is found (or ``VBGEN_PDF_ENGINE=cli``), it hands every file of a run to a
single ``soffice --headless --convert-to pdf`` call (the files are first copied under short,
unique temporary names, since different provinces share document stems) and moves each PDF
next to its .docx. Each call gets its own throw-away LibreOffice profile, so it neither
touches nor waits for a LibreOffice the user has open.

If LibreOffice hangs or crashes on one file, the files after it are converted by a new
process; the file it stopped at is reported as failed. A file that LibreOffice skips (no
PDF) is reported as failed too, by name.

LibreOffice stamps each PDF with the current time and a random-looking ``/ID``. These are
rewritten in place, byte for byte the same length (the cross-reference offsets stay valid),
from the document's own date and the hash of the .docx, so converting the same .docx twice
gives the same PDF.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from vbgen.atomic import write_atomic
from vbgen.errors import Problem, ToolMissingError, VbgenError
from vbgen.pdf import common
from vbgen.pdf.common import ENV_ENGINE, ENV_SOFFICE, ENV_TIMEOUT, INSTALL_HINT, Converted, normalize_pdf, offline_env

if TYPE_CHECKING:
    from vbgen.pdf.pool import Office

__all__ = ["ENV_ENGINE", "ENV_SOFFICE", "ENV_TIMEOUT", "Converted", "ConversionError", "check_fonts", "convert",
           "convert_to_pdf"]
METRIC_FONTS = ("Times New Roman", "Liberation Serif", "Tinos")
"""Times New Roman and the fonts with the same metrics: with any of them, lines and pages break
as in Word."""

MAX_FILES_PER_CALL = 1000
"""Files per LibreOffice call (keeps the command line short enough for Windows)."""


class ConversionError(VbgenError):
    """LibreOffice ran but did not produce a PDF for one or more files."""


# -- finding LibreOffice and the fonts ---------------------------------------------------------


def _fc_match(family: str) -> str | None:
    """The family fontconfig uses for ``family``, or None when fc-match is not available."""
    exe = shutil.which("fc-match")
    if exe is None:
        return None
    try:
        out = subprocess.run([exe, "-f", "%{family}", family], capture_output=True, text=True, timeout=30)
    except (OSError, subprocess.SubprocessError):
        return None
    return out.stdout.strip() if out.returncode == 0 else None


def check_fonts() -> list[str]:
    """Warnings when neither Times New Roman nor a metric-compatible font is installed.

    Asks fontconfig (Linux, BSD; also where Homebrew installed it). Without fc-match nothing
    can be checked and nothing is reported: Windows and macOS ship Times New Roman.
    """
    seen = []
    for family in ("Times New Roman", "Liberation Serif"):
        matched = _fc_match(family)
        if matched is None:
            return []
        names = [n.strip() for n in matched.split(",")]
        if any(n in METRIC_FONTS for n in names):
            return []
        seen.append(matched)
    return [
        f"neither Times New Roman nor Liberation Serif is installed (fontconfig offers '{seen[0]}' instead): "
        "the PDFs will break lines and pages differently from Word. Install fonts-liberation2 "
        "(Debian/Ubuntu: 'sudo apt-get install fonts-liberation2') or Times New Roman."
    ]


# -- converting --------------------------------------------------------------------------------


def convert_to_pdf(docx_paths: Sequence[Path], *, timeout: float | None = None) -> list[Path]:
    """Convert every file in one LibreOffice process; each PDF is written next to its .docx.

    Returns the PDF paths in the order given. Raises :class:`ToolMissingError` when
    LibreOffice is not installed and :class:`ConversionError` naming every file that failed
    (after converting all the others).
    """
    results = convert(docx_paths, timeout=timeout)
    failed = [r for r in results if r.pdf is None]
    if failed:
        raise ConversionError(f"{len(failed)} of {len(results)} file(s) could not be converted to PDF:",
                              [Problem(r.docx, None, None, r.error or "no PDF") for r in failed])
    return [r.pdf for r in results if r.pdf is not None]


def convert(docx_paths: Sequence[Path], *, timeout: float | None = None, soffice: str | None = None,
            progress: Callable[[int], None] | None = None, reproducible: bool = True, filter_data: dict | None = None,
            workers: int | None = None, office: Office | None = None) -> list[Converted]:
    """Convert ``docx_paths`` to PDF next to each file; never raises for one file's failure.

    ``timeout``: seconds LibreOffice may spend on one file (default $VBGEN_PDF_TIMEOUT or 120).
    ``progress`` is called with the number of files finished since the last call.
    ``workers``: LibreOffice processes (default one per core), or an ``office`` already started.
    ``filter_data``: LibreOffice PDF export options (``{"SelectPdfVersion": 2}``: PDF/A-2b).
    """
    paths = [Path(p) for p in docx_paths]
    if not paths:
        return []
    exe = soffice or common.find_soffice()
    if common.engine() == "uno":
        from vbgen.pdf.pool import Office

        pool = office or Office(workers, soffice=exe, timeout=timeout)
        try:
            return pool.convert_files(paths, progress=progress, timeout=timeout, reproducible=reproducible,
                                     filter_data=filter_data)
        except ToolMissingError:
            pass  # no Python with uno, or LibreOffice does not start that way: one soffice call instead
        finally:
            if office is None:
                pool.close()
    return _convert_cli(paths, exe, timeout, progress, reproducible, filter_data)


def _convert_cli(paths: list[Path], exe: str, timeout: float | None, progress: Callable[[int], None] | None,
                 reproducible: bool, filter_data: dict | None = None) -> list[Converted]:
    """Every file through one ``soffice --convert-to pdf`` process (a new one after a crash)."""
    stall = timeout if timeout is not None else common.env_timeout()
    results = [Converted(p) for p in paths]
    with tempfile.TemporaryDirectory(prefix="vbgen-pdf-") as tmp_name:
        tmp = Path(tmp_name)
        indir, outdir = tmp / "in", tmp / "out"
        indir.mkdir()
        outdir.mkdir()
        names: list[str] = []
        for i, (p, r) in enumerate(zip(paths, results)):
            name = f"{i:05d}.docx"
            names.append(name)
            try:
                shutil.copyfile(p, indir / name)
            except OSError as e:
                r.error = f"cannot read {p}: {e.strerror or e}"
        pending = [i for i, r in enumerate(results) if r.error is None]
        profile = (tmp / "profile").resolve().as_uri()
        fruitless = 0
        while pending:
            chunk = pending[:MAX_FILES_PER_CALL]
            stopped_at, reason = _run(exe, profile, indir, outdir, [names[i] for i in chunk], stall, progress,
                                      cli_target(filter_data))
            finished = chunk if stopped_at is None else chunk[:stopped_at]
            for i in finished:
                _collect(results[i], outdir / f"{names[i][:-5]}.pdf", reproducible)
            if stopped_at is None:
                pending = pending[len(chunk):]
                continue
            # LibreOffice died or hung on one file: that file failed, the ones after it get a new process
            results[chunk[stopped_at]].error = reason
            if progress:
                progress(1)
            pending = pending[pending.index(chunk[stopped_at]) + 1:]
            fruitless = fruitless + 1 if stopped_at == 0 else 0
            if fruitless >= 2 and pending:
                # twice in a row without a single PDF: LibreOffice itself is not working
                for i in pending:
                    results[i].error = f"not converted: LibreOffice failed twice in a row without converting anything ({reason})"
                break
    return results


def cli_target(filter_data: dict | None) -> str:
    """The ``--convert-to`` argument: ``pdf``, or with export options as LibreOffice (7.4 and
    later) reads them, ``pdf:writer_pdf_Export:{"SelectPdfVersion":{"type":"long","value":"2"}}``."""
    if not filter_data:
        return "pdf"
    import json

    typed = {k: {"type": "boolean", "value": "true" if v else "false"} if isinstance(v, bool)
             else {"type": "long", "value": str(v)} if isinstance(v, int)
             else {"type": "string", "value": str(v)} for k, v in filter_data.items()}
    return "pdf:writer_pdf_Export:" + json.dumps(typed, separators=(",", ":"))


def _run(exe: str, profile: str, indir: Path, outdir: Path, names: list[str], stall: float,
         progress: Callable[[int], None] | None, target: str = "pdf") -> tuple[int | None, str]:
    """One LibreOffice process over ``names`` (in ``indir``).

    Returns (None, "") when LibreOffice went through every file (some may still lack a PDF:
    it skips files it cannot read), or (index of the file it crashed or hung on, why).
    LibreOffice converts the files in the order given, so that file is the one after the
    last PDF produced.
    """
    cmd = [exe, "--headless", "--norestore", "--nologo", "--nodefault", "--nolockcheck",
           f"-env:UserInstallation={profile}", "--convert-to", target, "--outdir", str(outdir), *names]
    env = dict(offline_env(), TZ="UTC")  # the PDF's own date stamp is rewritten; keep its format fixed; fetch nothing
    kwargs: dict = {"cwd": indir, "env": env, "stdout": subprocess.PIPE, "stderr": subprocess.STDOUT}
    if sys.platform == "win32":
        kwargs["creationflags"] = subprocess.CREATE_NEW_PROCESS_GROUP  # type: ignore[attr-defined]
    else:
        kwargs["start_new_session"] = True  # soffice starts soffice.bin: stop the whole group
    try:
        proc = subprocess.Popen(cmd, **kwargs)
    except OSError as e:
        raise ToolMissingError(f"cannot start LibreOffice ({exe}): {e.strerror or e}; {INSTALL_HINT}") from e
    reported = 0
    last_change = time.monotonic()
    output = b""
    try:
        while True:
            try:
                out, _ = proc.communicate(timeout=0.2)
                output += out or b""
                break
            except subprocess.TimeoutExpired:
                pass
            done = _produced(outdir, names)
            if len(done) != reported:
                if progress:
                    progress(len(done) - reported)
                reported = len(done)
                last_change = time.monotonic()
            elif time.monotonic() - last_change > stall:
                _kill(proc)
                proc.communicate()
                done = _produced(outdir, names)
                if progress and len(done) > reported:
                    progress(len(done) - reported)
                return max(done, default=-1) + 1, f"LibreOffice did not finish converting it within {stall:g} s and was stopped"
    except BaseException:
        _kill(proc)
        raise
    done = _produced(outdir, names)
    if progress and len(done) > reported:
        progress(len(done) - reported)
    at = max(done, default=-1) + 1
    if proc.returncode != 0 and at < len(names):
        tail = output.decode("utf-8", "replace").strip().splitlines()[-2:]
        why = f"LibreOffice stopped (exit code {proc.returncode}) while converting it" + (f": {' / '.join(tail)}" if tail else "")
        return at, why
    return None, ""


def _produced(outdir: Path, names: list[str]) -> list[int]:
    """Indexes of the files that have a PDF so far."""
    present = set(os.listdir(outdir))
    return [i for i, name in enumerate(names) if f"{name[:-5]}.pdf" in present]


def _kill(proc: subprocess.Popen) -> None:
    if proc.poll() is not None:
        return
    try:
        if sys.platform == "win32":
            proc.kill()
        else:
            os.killpg(proc.pid, signal.SIGKILL)
    except (OSError, ProcessLookupError):
        pass


def _collect(result: Converted, produced: Path, reproducible: bool) -> None:
    """Move one produced PDF next to its .docx (atomically), or record why there is none."""
    if not produced.is_file() or produced.stat().st_size == 0:
        result.error = "LibreOffice produced no PDF (the file may be damaged or not a Word document)"
        return
    data = produced.read_bytes()
    if not data.startswith(b"%PDF"):
        result.error = "LibreOffice produced a file that is not a PDF"
        return
    if reproducible:
        data = normalize_pdf(data, result.docx)
    target = result.docx.with_suffix(".pdf")
    write_atomic(target, data)
    result.pdf = target


