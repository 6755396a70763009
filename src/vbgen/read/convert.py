"""LibreOffice for the reader: .doc/.odt/.rtf → .docx, and the page count of the printed document.

Both go through the warm LibreOffice of :mod:`vbgen.pdf.pool` (one per core, started once per
process, about 0.1 s a file after that), so ``vbgen check`` and ``vbgen import`` of many old
files pay LibreOffice's start once. Where the pool cannot run (no Python with LibreOffice's
``uno`` module), one ``soffice --headless --convert-to`` per file with a private profile does it
(``warm=False`` asks for that path too: the benchmark's baseline).
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import subprocess
import tempfile
import threading
from pathlib import Path

from vbgen.errors import ToolMissingError, VbgenError
from vbgen.i18n import _
from vbgen.pdf.common import offline_env


class ConversionError(VbgenError):
    """LibreOffice is missing or could not convert the file."""


def find_soffice() -> str | None:
    for name in ("soffice", "libreoffice"):
        found = shutil.which(name)
        if found:
            return found
    return None


_PROFILE: list[str] = []
_LOCK = threading.Lock()  # one cold conversion at a time per profile
_PAGES: dict[str, int | None] = {}
_NO_POOL: list[bool] = []  # the pool could not start once: do not try again in this process


def _profile() -> str:
    """One LibreOffice profile per process for the cold path, made on first use and removed at
    exit: a profile that exists already starts LibreOffice several times faster than a fresh one."""
    if not _PROFILE:
        import atexit

        path = tempfile.mkdtemp(prefix="vbgen-lo-profile-")
        atexit.register(shutil.rmtree, path, True)
        _PROFILE.append(path)
    return _PROFILE[0]


def _missing(path: Path) -> ConversionError:
    return ConversionError(
        _("{file}: reading a .doc or .odt file needs LibreOffice (soffice); install it, or save the file as .docx in Word (Tệp → Lưu thành → Tài liệu Word)").format(file=path)
    )


def _convert_cold(path: Path, fmt: str, outdir: Path) -> Path:
    soffice = find_soffice()
    if soffice is None:
        raise _missing(path)
    try:
        with _LOCK:
            done = subprocess.run(
                [soffice, f"-env:UserInstallation={Path(_profile()).as_uri()}", "--headless", "--norestore",
                 "--convert-to", fmt, "--outdir", str(outdir), str(path)],
                capture_output=True, timeout=240, env=offline_env(),  # fetch nothing a document links to
            )
    except subprocess.TimeoutExpired:
        raise ConversionError(_("{file}: LibreOffice did not finish converting the file in {seconds} s").format(
            file=path, seconds=240)) from None
    out = outdir / (path.stem + "." + fmt.split(":")[0])
    if done.returncode != 0 or not out.exists():
        raise ConversionError(_("{file}: LibreOffice could not convert the file").format(file=path))
    return out


def _pool():
    """The process's warm LibreOffice pool, or None when it cannot run here."""
    if _NO_POOL or find_soffice() is None:
        return None
    from vbgen.pdf.pool import shared_office

    return shared_office()


def _warm(path: Path, job) -> bytes | None:
    """``job(office)`` on the warm pool; None when the pool cannot start (the caller goes cold)."""
    office = _pool()
    if office is None:
        return None
    from vbgen.pdf.pool import OfficeError

    try:
        return job(office)
    except ToolMissingError:
        _NO_POOL.append(True)
        return None
    except OfficeError as e:
        raise ConversionError(_("{file}: LibreOffice could not convert the file").format(file=path)) from e


def to_docx(path: str | os.PathLike, *, warm: bool = True) -> bytes:
    """The .docx LibreOffice makes of a .doc, .odt or .rtf file (its bytes)."""
    path = Path(path)
    if find_soffice() is None:
        raise _missing(path)
    if warm:
        data = _warm(path, lambda office: office.to_docx(path))
        if data is not None:
            return data
    with tempfile.TemporaryDirectory(prefix="vbgen-read-") as tmp:
        return _convert_cold(path, "docx:MS Word 2007 XML", Path(tmp)).read_bytes()


def page_count(docx: str | os.PathLike | bytes, *, warm: bool = True) -> int | None:
    """Pages of the document as LibreOffice prints it; None when LibreOffice is not there.

    Remembered by the document's content (SHA-256) for the life of the process."""
    if find_soffice() is None:
        return None
    data = bytes(docx) if isinstance(docx, (bytes, bytearray)) else Path(docx).read_bytes()
    key = hashlib.sha256(data).hexdigest()
    if key not in _PAGES:
        if len(_PAGES) > 256:
            _PAGES.clear()
        _PAGES[key] = _render_pages(data, warm)
    return _PAGES[key]


def _render_pages(docx: bytes, warm: bool) -> int | None:
    if warm:
        try:
            pdf = _warm(Path("document.docx"), lambda office: office.convert(docx, reproducible=False))
        except ConversionError:
            return None
        if pdf is not None:
            return _pdf_pages(pdf)
    with tempfile.TemporaryDirectory(prefix="vbgen-pages-") as tmp:
        tmp = Path(tmp)
        src = tmp / "document.docx"
        src.write_bytes(docx)
        try:
            pdf = _convert_cold(src, "pdf", tmp / "out")
        except ConversionError:
            return None
        return _pdf_pages(pdf.read_bytes())


def _pdf_pages(data: bytes) -> int | None:
    """Pages of a PDF LibreOffice wrote (its page objects are plain dictionaries)."""
    n = len(re.findall(rb"/Type\s*/Page(?![s\w])", data))
    return n or None
