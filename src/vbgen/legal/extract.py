"""A document's text as one normalised string that still knows where each part came from.

The scanner matches references on a *normalised* text: Unicode NFC, non-breaking and other
odd spaces turned into spaces, zero-width characters and soft hyphens removed, runs of
whitespace (line breaks inside a paragraph too) collapsed into one space. Paragraphs are
separated by "\\n", so a reference can run across the wrapped lines of a .txt or .pdf but
an issuer or a subject stops at the end of its paragraph. :class:`Stream` maps every offset
of that string back to its :class:`Source` (file line, .docx paragraph, footnote, page).
Reading the files is :mod:`vbgen.check.citations`; this module only sees strings.
"""

from __future__ import annotations

import bisect
import dataclasses
import re
import unicodedata


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


def line_pieces(lines: list[str], page_of: list[int] | None = None,
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
