"""Read a .docx, .txt or .pdf and scan it for legal references (``vbgen cite scan``, ``check --citations``).

The scanner itself (:mod:`vbgen.legal.scan`) works on normalised text; this module brings that
text in from files: a .docx through :func:`vbgen.ooxml.text.docx_paragraphs` (body and table
paragraphs numbered as the format check numbers them, footnotes, endnotes, headers, footers),
a .pdf through poppler's ``pdftotext -layout`` (lines counted across pages), anything else as
a text file (UTF-8, UTF-16 with a BOM, or Windows-1258).
"""

from __future__ import annotations

import shutil
import subprocess
import zipfile
from pathlib import Path

from lxml import etree

from vbgen.content.model import Citation
from vbgen.errors import ToolMissingError, VbgenError
from vbgen.legal.extract import Source, Stream, build_stream, line_pieces
from vbgen.legal.scan import Reference, find_references, match_references
from vbgen.ooxml.text import docx_paragraphs


class UnreadableFileError(VbgenError):
    """A file given to the scanner cannot be read as .docx, .txt or .pdf."""


def read_txt(path: Path) -> Stream:
    raw = path.read_bytes()
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        text = raw.decode("utf-16")
    else:
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError:
            text = raw.decode("cp1258", errors="replace")
    if "\x00" in text:
        raise UnreadableFileError(f"{path}: not a text file; scan a .docx, .pdf or .txt (UTF-8)")
    return build_stream(str(path), line_pieces(text.splitlines()))


def read_docx(path: Path) -> Stream:
    try:
        paragraphs = docx_paragraphs(path)
    except (zipfile.BadZipFile, KeyError, etree.XMLSyntaxError, OSError) as e:
        raise UnreadableFileError(f"{path}: cannot be read as a .docx ({e}); open it in Word and save it as .docx") from None
    pieces = []
    for p in paragraphs:
        where = ""
        if p.part in ("footnote", "endnote"):
            where = f"{p.part} {p.note}"
        elif p.part != "body":
            where = p.part
        pieces.append((Source(paragraph=p.paragraph, where=where), p.text, True))
    return build_stream(str(path), pieces)


def read_pdf(path: Path) -> Stream:
    """Text through ``pdftotext -layout``; lines count across pages, a page break ends a paragraph."""
    exe = shutil.which("pdftotext")
    if exe is None:
        raise ToolMissingError("pdftotext (poppler) is needed to scan a .pdf; install poppler-utils")
    try:
        done = subprocess.run([exe, "-layout", "-enc", "UTF-8", str(path), "-"], capture_output=True, timeout=120)
    except subprocess.TimeoutExpired:
        raise UnreadableFileError(f"{path}: pdftotext took more than 2 minutes") from None
    if done.returncode != 0:
        err = done.stderr.decode("utf-8", "replace").strip().splitlines()
        raise UnreadableFileError(f"{path}: pdftotext cannot read it ({err[-1] if err else 'exit ' + str(done.returncode)})")
    lines: list[str] = []
    page_of: list[int] = []
    breaks: set[int] = set()
    page = 1
    for line in done.stdout.decode("utf-8", "replace").split("\n"):
        if line.startswith("\f"):
            stripped = line.lstrip("\f")
            page += len(line) - len(stripped)
            line = stripped
            breaks.add(len(lines) + 1)
        lines.append(line)
        page_of.append(page)
    return build_stream(str(path), line_pieces(lines, page_of, frozenset(breaks)))


def read_document(path: Path) -> Stream:
    """The normalised text of a .docx, .pdf or text file."""
    suffix = path.suffix.lower()
    if suffix == ".docx":
        return read_docx(path)
    if suffix == ".pdf":
        return read_pdf(path)
    if suffix in (".doc", ".odt", ".rtf", ".xlsx", ".pptx"):
        raise UnreadableFileError(f"{path}: {suffix} files cannot be scanned; save it as .docx (or .pdf) first")
    return read_txt(path)


def scan_file(path: Path, registry: dict[str, Citation]) -> list[Reference]:
    """Every legal reference in ``path``, matched against ``registry``."""
    refs = find_references(read_document(path), registry)
    match_references(refs, registry)
    return refs


def scan_files(paths: list[Path], registry: dict[str, Citation]) -> list[Reference]:
    """The references of every file in ``paths``, file by file, in text order."""
    refs: list[Reference] = []
    for path in paths:
        refs += scan_file(path, registry)
    return refs
