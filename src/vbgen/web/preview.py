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
import logging
import os
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
from vbgen.i18n import _

PdfConverter = Callable[[bytes], bytes]
"""Turns the bytes of a .docx into the bytes of its PDF; raises VbgenError on failure."""

SHA_RE = re.compile(r"^[0-9a-f]{64}$")
RESOLUTION = 70
KEEP = 300
"""Previews kept on disk; older ones are removed."""
MAX_BYTES = 150 * 1024 * 1024
"""Disk the kept previews may use together; the oldest are removed beyond it."""
ATTEMPTS = 3
"""Conversions tried for one preview (LibreOffice killed or crashed mid-way is restarted)."""
CACHE_PREFIX = "vbgen-serve-"
log = logging.getLogger("vbgen.preview")


class PreviewError(VbgenError):
    """The PDF preview could not be made (LibreOffice failed every attempt); worth retrying."""

    http_status = 503


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
        self._sizes: dict[str, int] = {}
        self._owners: dict[str, set[str]] = {}

    def owners(self, sha: str) -> frozenset[str]:
        """The provinces whose drafts rendered to this file (who may fetch it is decided by them)."""
        with self._guard:
            return frozenset(self._owners.get(sha, ()))

    def _dir(self, sha: str) -> Path:
        if not SHA_RE.match(sha):
            raise KeyError(sha)
        return self.root / sha

    def _lock(self, sha: str) -> threading.Lock:
        with self._guard:
            return self._locks.setdefault(sha, threading.Lock())

    def close(self) -> None:
        """Remove every preview on disk (the server is stopping)."""
        shutil.rmtree(self.root, ignore_errors=True)

    def _size(self, sha: str) -> int:
        try:
            return sum(f.stat().st_size for f in (self.root / sha).iterdir())
        except OSError:
            return 0

    def put(self, sha: str, docx: bytes, owner: str | None = None) -> None:
        """Keep the .docx of ``owner``'s draft (a province slug) under its hash."""
        folder = self._dir(sha)
        if owner is not None:
            with self._guard:
                self._owners.setdefault(sha, set()).add(owner)
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
            while len(self._order) > KEEP or (len(self._order) > 1 and self._total() > MAX_BYTES):
                old = self._order.popitem(last=False)[0]
                shutil.rmtree(self.root / old, ignore_errors=True)
                self._locks.pop(old, None)
                self._sizes.pop(old, None)
                self._owners.pop(old, None)

    def _total(self) -> int:
        return sum(self._sizes.values())

    def _measure(self, sha: str) -> None:
        size = self._size(sha)
        with self._guard:
            if sha in self._order:
                self._sizes[sha] = size
        self._touch(sha)

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
                data = self._convert(self.docx(sha))
                tmp = folder / "document.pdf.tmp"
                tmp.write_bytes(data)
                tmp.replace(target)
                converted = True
            else:
                converted = False
            data = target.read_bytes()
        if converted:
            self._measure(sha)
        return data

    def _convert(self, docx: bytes) -> bytes:
        """The converter, tried again when LibreOffice dies under it; the page never shows UNO's text."""
        last: BaseException | None = None
        for attempt in range(1, ATTEMPTS + 1):
            try:
                return self.converter(docx)
            except ToolMissingError:
                raise
            except Exception as e:  # noqa: BLE001 - a killed LibreOffice raises anything (UNO, OSError …)
                last = e
                log.warning("preview: conversion attempt %d of %d failed: %s: %s", attempt, ATTEMPTS,
                            type(e).__name__, str(e)[:300])
        raise PreviewError(_("LibreOffice stopped while making the PDF preview ({attempts} attempts); press Preview "
                             "again, and if it keeps failing ask the administrator to look at the server log")
                           .format(attempts=ATTEMPTS)) from last

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
                self._sizes[sha] = self._size(sha)
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


def new_cache_dir() -> Path:
    """A private temporary folder for one server's previews, marked with this process's id so
    that :func:`remove_stale_caches` can tell a live server's from one a kill left behind."""
    remove_stale_caches()
    folder = Path(tempfile.mkdtemp(prefix=CACHE_PREFIX))
    (folder / "pid").write_text(str(os.getpid()), encoding="ascii")
    return folder


def remove_stale_caches(tmp: Path | None = None) -> list[Path]:
    """Remove the preview folders of servers that no longer run (killed outright: no clean-up)."""
    removed = []
    for folder in Path(tmp or tempfile.gettempdir()).glob(f"{CACHE_PREFIX}*"):
        try:
            pid = int((folder / "pid").read_text(encoding="ascii"))
        except (OSError, ValueError):
            continue  # not ours to judge (an older vbgen's, or being made)
        if pid != os.getpid() and not _alive(pid):
            shutil.rmtree(folder, ignore_errors=True)
            removed.append(folder)
    return removed


def _alive(pid: int) -> bool:
    if os.name == "nt":
        return True  # os.kill would end the process there: keep the folder
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OSError):
        return True  # someone else's process (or Windows): keep its folder
    return True
