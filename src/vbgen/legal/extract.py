"""Text of a .docx, .txt or .pdf as one normalised string that still knows where each part came from.

The scanner matches references on a *normalised* text: Unicode NFC, non-breaking and other
odd spaces turned into spaces, zero-width characters and soft hyphens removed, runs of
whitespace (line breaks inside a paragraph too) collapsed into one space. Paragraphs are
separated by "\\n", so a reference can run across the wrapped lines of a .txt or .pdf but
an issuer or a subject stops at the end of its paragraph. :class:`Stream` maps every offset
of that string back to its :class:`Source` (file line, .docx paragraph, footnote, page).
"""

from __future__ import annotations

import bisect
import dataclasses
import re
import shutil
import subprocess
import unicodedata
import zipfile
from pathlib import Path

from lxml import etree

from vbgen.errors import ToolMissingError, VbgenError
from vbgen.ooxml.text import docx_paragraphs

SUFFIXES = (".docx", ".txt", ".pdf")


class UnreadableFileError(VbgenError):
    """A file given to the scanner cannot be read as .docx, .txt or .pdf."""


@dataclasses.dataclass(frozen=True)
class Source:
    """Where a piece of text is: a line of a .txt/.pdf or a paragraph of a .docx."""

    line: int | None = None
    paragraph: int | None = None
    where: str = ""
    """"" for the body; "footnote 1", "endnote 2", "header", "footer", "page 3"."""

    def describe(self) -> str:
        """"line 12", "paragraph 4", "page 2, line 40", "footnote 1 (paragraph 7)"."""
        parts = []
        if self.where and not self.where.startswith("page"):
            at = f"paragraph {self.paragraph}" if self.paragraph is not None else ""
            return f"{self.where} ({at})" if at else self.where
        if self.where:
            parts.append(self.where)
        if self.line is not None:
            parts.append(f"line {self.line}")
        elif self.paragraph is not None:
            parts.append(f"paragraph {self.paragraph}")
        return ", ".join(parts)


_SPACES = re.compile(r"[\s\u00a0\u2000-\u200a\u202f\u205f\u3000]+")
_DROP = dict.fromkeys(map(ord, "\u00ad\u200b\u200c\u200d\u2060\ufeff"))
_LOOKALIKES = str.maketrans({"\u00d0": "Đ", "\u0110": "Đ", "\u2010": "-", "\u2011": "-", "\u2012": "-",
                             "\u2013": "-", "\u2014": "-", "\u2212": "-", "\u2044": "/", "\u2215": "/"})


def normalise(text: str) -> str:
    """NFC, odd spaces → " ", zero-width and soft hyphens dropped, dashes → "-", spaces collapsed."""
    text = unicodedata.normalize("NFC", text).translate(_DROP).translate(_LOOKALIKES)
    return _SPACES.sub(" ", text).strip()


@dataclasses.dataclass
class Stream:
    """The normalised text of one file and the source of each of its pieces."""

    file: str
    text: str
    starts: list[int]
    sources: list[Source]

    def source_at(self, offset: int) -> Source:
        """The source of the character at ``offset``."""
        return self.sources[max(0, bisect.bisect_right(self.starts, offset) - 1)]


def build_stream(file: str, pieces: list[tuple[Source, str, bool]]) -> Stream:
    """Join (source, raw text, starts a paragraph) pieces into one :class:`Stream`."""
    out: list[str] = []
    starts: list[int] = []
    sources: list[Source] = []
    size = 0
    for source, raw, new_paragraph in pieces:
        text = normalise(raw)
        if not text:
            continue
        if out:
            sep = "\n" if new_paragraph else " "
            out.append(sep)
            size += 1
        starts.append(size)
        sources.append(source)
        out.append(text)
        size += len(text)
    return Stream(file, "".join(out), starts, sources)


def _txt_pieces(lines: list[str], page_of: list[int] | None = None,
                breaks: frozenset[int] = frozenset()) -> list[tuple[Source, str, bool]]:
    """Lines of a text file; a blank line (or a line in ``breaks``) starts a new paragraph."""
    pieces = []
    new_paragraph = True
    for i, line in enumerate(lines, start=1):
        if not line.strip():
            new_paragraph = True
            continue
        where = f"page {page_of[i - 1]}" if page_of else ""
        pieces.append((Source(line=i, where=where), line, new_paragraph or i in breaks))
        new_paragraph = False
    return pieces


def read_txt(path: Path) -> Stream:
    raw = path.read_bytes()
    for encoding in ("utf-8-sig", "utf-16", "cp1258"):
        try:
            text = raw.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:  # pragma: no cover - cp1258 decodes nearly anything
        raise UnreadableFileError(f"{path}: not a text file in UTF-8; save it as UTF-8 and scan again")
    return build_stream(str(path), _txt_pieces(text.splitlines()))


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
    """Text through poppler's ``pdftotext -layout``; lines count across pages."""
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
    text = done.stdout.decode("utf-8", "replace")
    lines, page_of, breaks, page = [], [], set(), 1
    for line in text.split("\n"):
        if line.startswith("\f"):
            page += line.count("\f", 0, len(line) - len(line.lstrip("\f")))
            line = line.lstrip("\f")
            breaks.add(len(lines) + 1)  # a page break ends the paragraph
        lines.append(line)
        page_of.append(page)
    return build_stream(str(path), _txt_pieces(lines, page_of, frozenset(breaks)))


def read_file(path: Path) -> Stream:
    """The :class:`Stream` of a .docx, .txt or .pdf; any other suffix is read as text."""
    suffix = path.suffix.lower()
    if suffix == ".docx":
        return read_docx(path)
    if suffix == ".pdf":
        return read_pdf(path)
    if suffix in (".doc", ".odt", ".rtf"):
        raise UnreadableFileError(f"{path}: {suffix} files cannot be scanned; save it as .docx (or .pdf) first")
    return read_txt(path)
