"""What the LibreOffice pool (:mod:`vbgen.pdf.pool`) and the PDF export (:mod:`vbgen.pdf.export`)
both use: finding LibreOffice, the settings read from the environment, the outcome of one
conversion, and the rewriting that makes a PDF reproducible.
"""

from __future__ import annotations

import dataclasses
import hashlib
import io
import os
import re
import shutil
import zipfile
from pathlib import Path

from vbgen.errors import ToolMissingError

ENV_SOFFICE = "VBGEN_SOFFICE"
"""Environment variable naming the LibreOffice binary (a path, or a name looked up on PATH)."""

ENV_ENGINE = "VBGEN_PDF_ENGINE"
"""``uno`` (default): warm LibreOffice processes, one per core (:mod:`vbgen.pdf.pool`);
``cli``: one ``soffice --convert-to pdf`` process for all the files (also used when the UNO
engine cannot start)."""

ENV_TIMEOUT = "VBGEN_PDF_TIMEOUT"
"""Seconds LibreOffice may go without finishing a file before it is stopped (default 120)."""

DEFAULT_TIMEOUT = 120.0

NAMES = ("soffice", "libreoffice")

KNOWN_LOCATIONS: list[str] = [
    "/Applications/LibreOffice.app/Contents/MacOS/soffice",
    r"C:\Program Files\LibreOffice\program\soffice.exe",
    r"C:\Program Files (x86)\LibreOffice\program\soffice.exe",
]
"""Where the installers put LibreOffice when it is not on PATH (macOS, Windows)."""

INSTALL_HINT = (
    "install LibreOffice — Debian/Ubuntu: 'sudo apt-get install libreoffice-writer-nogui fonts-liberation2'; "
    "Windows/macOS: install LibreOffice from libreoffice.org and put the folder holding soffice on PATH "
    f"(or set {ENV_SOFFICE} to the soffice binary)"
)


@dataclasses.dataclass
class Converted:
    """The outcome for one .docx: ``pdf`` is set on success, ``error`` on failure."""

    docx: Path
    pdf: Path | None = None
    error: str | None = None


# -- finding LibreOffice, settings ------------------------------------------------------------


def find_soffice() -> str:
    """The LibreOffice binary: $VBGEN_SOFFICE, else soffice/libreoffice on PATH, else the
    installers' usual places; :class:`ToolMissingError` with install instructions otherwise."""
    explicit = os.environ.get(ENV_SOFFICE, "").strip()
    if explicit:
        found = shutil.which(explicit)
        if found:
            return found
        raise ToolMissingError(f"{ENV_SOFFICE}={explicit} is not an executable file; point it at the soffice binary, or unset it and {INSTALL_HINT}")
    for name in NAMES:
        found = shutil.which(name)
        if found:
            return found
    for location in KNOWN_LOCATIONS:
        if os.path.isfile(location) and os.access(location, os.X_OK):
            return location
    raise ToolMissingError(f"LibreOffice (soffice) is needed to make PDFs but was not found on PATH; {INSTALL_HINT}")


def engine() -> str:
    """The PDF engine: $VBGEN_PDF_ENGINE ("uno" or "cli"), "uno" by default."""
    return "cli" if os.environ.get(ENV_ENGINE, "").strip().lower() == "cli" else "uno"


def env_timeout() -> float:
    """Seconds from $VBGEN_PDF_TIMEOUT, or :data:`DEFAULT_TIMEOUT`."""
    raw = os.environ.get(ENV_TIMEOUT, "").strip()
    try:
        return float(raw) if raw else DEFAULT_TIMEOUT
    except ValueError:
        return DEFAULT_TIMEOUT


# -- reproducible PDFs -------------------------------------------------------------------------

_CREATION = re.compile(rb"/(CreationDate|ModDate)\(D:(\d{14})")
_ID = re.compile(rb"/ID\s*\[\s*<([0-9A-Fa-f]{32})>\s*<([0-9A-Fa-f]{32})>\s*\]")
_CHECKSUM = re.compile(rb"/DocChecksum\s*/([0-9A-Fa-f]{32})")
_CREATED = re.compile(rb"<dcterms:created[^>]*>(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})")


def normalize_pdf(data: bytes, docx: Path | bytes) -> bytes:
    """Replace LibreOffice's time stamp, ``/ID`` and ``/DocChecksum`` with values derived from
    the .docx (its path or its bytes), keeping every byte offset (so the PDF's cross-reference
    table stays valid)."""
    try:
        source = docx if isinstance(docx, bytes) else docx.read_bytes()
    except OSError:
        return data
    stamp = _docx_created(source)
    digest = hashlib.md5(source, usedforsecurity=False).hexdigest().upper().encode()
    data = _CREATION.sub(lambda m: b"/" + m.group(1) + b"(D:" + stamp, data)
    data = _ID.sub(lambda m: m.group(0).replace(m.group(1), digest).replace(m.group(2), digest), data)
    zero = b"0" * 32
    blank = _CHECKSUM.sub(lambda m: m.group(0).replace(m.group(1), zero), data)
    check = hashlib.md5(blank, usedforsecurity=False).hexdigest().upper().encode()
    return _CHECKSUM.sub(lambda m: m.group(0).replace(m.group(1), check), blank)


def _docx_created(source: bytes) -> bytes:
    """The .docx's creation date as PDF digits (YYYYMMDDHHMMSS); the zip epoch if it has none."""
    try:
        with zipfile.ZipFile(io.BytesIO(source)) as zf:
            core = zf.read("docProps/core.xml")
        m = _CREATED.search(core)
        if m:
            return b"".join(m.groups())
    except (KeyError, zipfile.BadZipFile, OSError):
        pass
    return b"19800101000000"


DEAD_PROXY = "http://127.0.0.1:9"
"""A proxy nobody answers on (port 9, "discard"): LibreOffice's network requests go there and fail."""


def offline_env(base: dict | None = None) -> dict[str, str]:
    """The environment for a LibreOffice that must fetch nothing: a document may link a picture
    or an object to a URL, and LibreOffice fetches it while it converts the file (a .doc a person
    uploads is converted before vbgen can look inside it). Its network goes through a proxy
    that does not exist; vbgen's own documents link nothing, so nothing else changes."""
    env = dict(os.environ if base is None else base)
    for name in ("http_proxy", "https_proxy", "ftp_proxy", "all_proxy"):
        env[name] = env[name.upper()] = DEAD_PROXY
    env["no_proxy"] = env["NO_PROXY"] = ""
    return env
