"""Preview files: the rendered .docx, its PDF and one PNG per A4 page, kept by content hash.

The converter is any function from .docx bytes to PDF bytes (:data:`PdfConverter`): the warm
LibreOffice pool when vbgen has one (:func:`default_converter`), else :func:`cold_converter`,
one ``soffice`` start per preview through :mod:`vbgen.pdf`. Pages are drawn with poppler's
``pdftoppm -r 70`` and encoded as PNG here with fast zlib settings (pdftoppm's own
``-png`` spends 4x longer compressing than rendering: 1.1 s for a 10-page plan against 0.26 s).
Files are stored under a folder named by the .docx's SHA-256, so two
people (or two edits) that produce the same document share one conversion.
"""

from __future__ import annotations

import collections
import re
import struct
import zlib
import shutil
import subprocess
import tempfile
import threading
from collections.abc import Callable
from pathlib import Path

from vbgen.errors import ToolMissingError, VbgenError

PdfConverter = Callable[[bytes], bytes]
"""Turns the bytes of a .docx into the bytes of its PDF; raises VbgenError on failure."""

SHA_RE = re.compile(r"^[0-9a-f]{64}$")
RESOLUTION = 70
KEEP = 300
"""Previews kept on disk; older ones are removed."""


def cold_converter(docx: bytes) -> bytes:
    """One LibreOffice process per call (:func:`vbgen.pdf.export.convert`): slow, but always there."""
    from vbgen.pdf import export as pdf

    with tempfile.TemporaryDirectory(prefix="vbgen-preview-") as tmp:
        path = Path(tmp) / "preview.docx"
        path.write_bytes(docx)
        result = pdf.convert([path])[0]
        if result.pdf is None:
            raise VbgenError(f"PDF: {result.error}")
        return result.pdf.read_bytes()


def default_converter() -> tuple[PdfConverter, str]:
    """The warm LibreOffice pool when this vbgen has one, else the cold converter; and its name."""
    try:
        from vbgen.pdf import pool as office  # the warm converter pool (issue: speed)
    except ImportError:
        return cold_converter, "cold"
    make = getattr(office, "web_converter", None) or getattr(office, "converter", None)
    if make is None:
        return cold_converter, "cold"
    warm = make()
    state = {"warm": True}

    def convert(docx: bytes) -> bytes:
        """The warm pool; if it cannot run here (no UNO-capable Python), one soffice per preview."""
        if state["warm"]:
            try:
                return warm(docx)
            except ToolMissingError:
                state["warm"] = False
        return cold_converter(docx)

    return convert, "warm"


class PreviewStore:
    """docx → pdf → page PNGs, on disk under ``root/<sha>/``, converted at most once each."""

    def __init__(self, root: Path, converter: PdfConverter) -> None:
        self.root = root
        self.root.mkdir(parents=True, exist_ok=True)
        self.converter = converter
        self._locks: dict[str, threading.Lock] = {}
        self._guard = threading.Lock()
        self._order: collections.OrderedDict[str, None] = collections.OrderedDict()

    def _dir(self, sha: str) -> Path:
        if not SHA_RE.match(sha):
            raise KeyError(sha)
        return self.root / sha

    def _lock(self, sha: str) -> threading.Lock:
        with self._guard:
            return self._locks.setdefault(sha, threading.Lock())

    def put(self, sha: str, docx: bytes) -> None:
        folder = self._dir(sha)
        with self._lock(sha):
            if not (folder / "document.docx").is_file():
                folder.mkdir(parents=True, exist_ok=True)
                tmp = folder / "document.docx.tmp"
                tmp.write_bytes(docx)
                tmp.replace(folder / "document.docx")
        self._touch(sha)

    def _touch(self, sha: str) -> None:
        with self._guard:
            self._order[sha] = None
            self._order.move_to_end(sha)
            while len(self._order) > KEEP:
                old, _ = self._order.popitem(last=False)
                shutil.rmtree(self.root / old, ignore_errors=True)
                self._locks.pop(old, None)

    def docx(self, sha: str) -> bytes:
        path = self._dir(sha) / "document.docx"
        if not path.is_file():
            raise KeyError(sha)
        return path.read_bytes()

    def pdf(self, sha: str) -> bytes:
        """The PDF, converting on first use."""
        folder = self._dir(sha)
        with self._lock(sha):
            target = folder / "document.pdf"
            if not target.is_file():
                data = self.converter(self.docx(sha))
                tmp = folder / "document.pdf.tmp"
                tmp.write_bytes(data)
                tmp.replace(target)
            return target.read_bytes()

    def pages(self, sha: str) -> list[Path]:
        """One PNG per page (``page-1.png`` …), drawing them on first use."""
        folder = self._dir(sha)
        self.pdf(sha)
        with self._lock(sha):
            done = folder / "pages.done"
            if not done.is_file():
                exe = shutil.which("pdftoppm")
                if exe is None:
                    raise ToolMissingError("pdftoppm (poppler) is needed for the page preview; "
                                           "Debian/Ubuntu: 'sudo apt-get install poppler-utils'")
                out = subprocess.run([exe, "-r", str(RESOLUTION), str(folder / "document.pdf"), str(folder / "raw")],
                                     capture_output=True, text=True, timeout=120)
                if out.returncode != 0:
                    raise VbgenError(f"pdftoppm failed: {out.stderr.strip()[:200]}")
                for raw in folder.glob("raw-*.ppm"):
                    n = int(raw.stem.rsplit("-", 1)[1])
                    (folder / f"page-{n}.png").write_bytes(ppm_to_png(raw.read_bytes()))
                    raw.unlink()
                done.write_text("ok")
            return sorted(folder.glob("page-*.png"), key=lambda p: int(p.stem.split("-")[1]))

    def page(self, sha: str, n: int) -> Path:
        path = self._dir(sha) / f"page-{n}.png"
        if not path.is_file():
            raise KeyError(f"{sha}/{n}")
        return path


def ppm_to_png(ppm: bytes) -> bytes:
    """A binary PPM (P6, 8-bit, as pdftoppm writes it) as a PNG, compressed for speed."""
    magic, size, maxval, data = ppm.split(b"\n", 3)
    if magic != b"P6" or maxval != b"255":
        raise VbgenError("pdftoppm wrote an unexpected image format")
    width, height = map(int, size.split())
    stride = width * 3
    rows = b"".join(b"\x00" + data[y * stride:(y + 1) * stride] for y in range(height))

    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body) & 0xFFFFFFFF)

    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(rows, 1)) + chunk(b"IEND", b""))
