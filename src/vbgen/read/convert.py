"""LibreOffice for the reader: .doc/.odt → .docx, and the page count of the printed document.

Uses the warm LibreOffice of :mod:`vbgen.pdf` when that package is there; otherwise runs
``soffice --headless --convert-to`` once per file with a private profile.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from vbgen.errors import VbgenError
from vbgen.i18n import _


class ConversionError(VbgenError):
    """LibreOffice is missing or could not convert the file."""


def find_soffice() -> str | None:
    for name in ("soffice", "libreoffice"):
        found = shutil.which(name)
        if found:
            return found
    return None


_PROFILE: list[str] = []
_LOCK = __import__("threading").Lock()  # one conversion at a time per profile
_PAGES: dict[str, int | None] = {}


def _profile() -> str:
    """One LibreOffice profile per process, made on first use and removed at exit: a profile
    that exists already starts LibreOffice several times faster than a fresh one."""
    if not _PROFILE:
        import atexit

        path = tempfile.mkdtemp(prefix="vbgen-lo-profile-")
        atexit.register(shutil.rmtree, path, True)
        _PROFILE.append(path)
    return _PROFILE[0]


def _convert(path: Path, fmt: str, outdir: Path) -> Path:
    soffice = find_soffice()
    if soffice is None:
        raise ConversionError(
            _("{file}: reading a .doc or .odt file needs LibreOffice (soffice); install it, or save the file as .docx in Word (Tệp → Lưu thành → Tài liệu Word)").format(file=path)
        )
    with _LOCK:
        done = subprocess.run(
            [soffice, f"-env:UserInstallation={Path(_profile()).as_uri()}", "--headless", "--norestore",
             "--convert-to", fmt, "--outdir", str(outdir), str(path)],
            capture_output=True, timeout=240,
        )
    out = outdir / (path.stem + "." + fmt.split(":")[0])
    if done.returncode != 0 or not out.exists():
        raise ConversionError(_("{file}: LibreOffice could not convert the file").format(file=path))
    return out


def to_docx(path: str | os.PathLike) -> bytes:
    """The .docx LibreOffice makes of a .doc or .odt file (its bytes)."""
    path = Path(path)
    with tempfile.TemporaryDirectory(prefix="vbgen-read-") as tmp:
        return _convert(path, "docx:MS Word 2007 XML", Path(tmp)).read_bytes()


def page_count(docx: str | os.PathLike | bytes) -> int | None:
    """Pages of the document as LibreOffice prints it; None when LibreOffice is not there.

    Remembered by the document's content (SHA-256) for the life of the process."""
    if find_soffice() is None:
        return None
    import hashlib

    data = bytes(docx) if isinstance(docx, (bytes, bytearray)) else Path(docx).read_bytes()
    key = hashlib.sha256(data).hexdigest()
    if key not in _PAGES:
        if len(_PAGES) > 256:
            _PAGES.clear()
        _PAGES[key] = _render_pages(data)
    return _PAGES[key]


def _render_pages(docx: bytes) -> int | None:
    with tempfile.TemporaryDirectory(prefix="vbgen-pages-") as tmp:
        tmp = Path(tmp)
        src = tmp / "document.docx"
        src.write_bytes(docx)
        try:
            pdf = _convert(src, "pdf", tmp / "out")
        except (ConversionError, subprocess.TimeoutExpired):
            return None
        return _pdf_pages(pdf.read_bytes())


def _pdf_pages(data: bytes) -> int | None:
    """Pages of a PDF LibreOffice wrote (its page objects are plain dictionaries)."""
    import re

    n = len(re.findall(rb"/Type\s*/Page(?![s\w])", data))
    return n or None
