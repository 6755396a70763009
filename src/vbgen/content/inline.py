"""Inline markup of content text: bold, italic, footnotes and line breaks, as one model.

A paragraph of content text becomes a tuple of pieces that a template renders as real Word
runs: :class:`Span` (text with bold/italic flags), :class:`LineBreak`, :class:`Note` (a
footnote's own pieces, where its reference goes) and, once the document numbers its notes,
:class:`NoteRef`. The markup is small on purpose (README, "Bold, italic, footnotes"):

* ``**đậm**`` bold, ``*nghiêng*`` italic, ``***cả hai***`` both;
* ``^[text of the note]`` a footnote whose reference mark goes exactly there;
* in the trích yếu only, a line break kept by YAML (a ``|-`` block) breaks the line there;
* ``\\*``, ``\\^``, ``\\[``, ``\\]``, ``\\\\`` print the character itself; a backslash before
  anything else is an ordinary backslash.

``[[citation]]`` markers are atomic (their ``|`` and brackets are not markup); they are handed
to a callback in reading order, a footnote's markers where its reference stands.
"""

from __future__ import annotations

import dataclasses
import re
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from typing import Any, Union

ESCAPABLE = "\\*^[]"
"""Characters a backslash makes literal."""


@dataclasses.dataclass(frozen=True)
class Span:
    """A stretch of text with one formatting."""

    text: str
    bold: bool = False
    italic: bool = False


@dataclasses.dataclass(frozen=True)
class LineBreak:
    """A line break inside the paragraph (Word's ``<w:br/>``)."""


@dataclasses.dataclass(frozen=True)
class Note:
    """A footnote not yet numbered: its text, at the place of its reference mark."""

    pieces: tuple["Piece", ...]


@dataclasses.dataclass(frozen=True)
class NoteRef:
    """The reference mark of footnote ``number`` (1, 2, … in reading order)."""

    number: int


Piece = Union[Span, LineBreak, Note, NoteRef]
Inline = tuple[Piece, ...]


@dataclasses.dataclass(frozen=True)
class MarkupIssue:
    """A markup mistake at ``offset`` of the text it was found in."""

    offset: int
    message: str


CiteFn = Callable[[str, int], str]
"""Resolves one ``[[…]]`` marker found at an offset of the text; returns the words to print."""

_SPECIAL = re.compile(r"[\\*\[\]^\n]")
_WS = re.compile(r"[ \t\r\n]+")  # not the no-break spaces of a draft's blanks
_WS_NO_NL = re.compile(r"[ \t\r]+")
_PLAIN = re.compile(r"[^\\\[\]^*\n]*")  # everything but \ [ ] ^ * and newline, which the parser looks at
LITERAL_HINT = "write \\* for a literal asterisk"


# -- parsing ---------------------------------------------------------------------------------


class _Parser:
    def __init__(self, text: str, cite: CiteFn | None, notes: bool, breaks: bool, where: str) -> None:
        self.text = text
        self.cite = cite
        self.notes = notes
        self.breaks = breaks
        self.where = where
        self.issues: list[MarkupIssue] = []

    def run(self) -> Inline:
        pieces, _ = self._until(0, in_note=False)
        return pieces

    def _until(self, i: int, in_note: bool) -> tuple[Inline, int]:
        """Parse from ``i`` to the end (or the ``]`` closing a note); returns pieces and index."""
        text = self.text
        out: list[Piece] = []
        buf: list[str] = []
        bold = italic = False
        opened: dict[str, int] = {}

        def flush() -> None:
            if buf:
                out.append(Span("".join(buf), bold, italic))
                buf.clear()

        n = len(text)
        while i < n:
            plain = _PLAIN.match(text, i).end()  # characters without markup meaning: in one slice
            if plain > i:
                buf.append(text[i:plain])
                i = plain
                continue
            ch = text[i]
            if ch == "\\" and i + 1 < n and text[i + 1] in ESCAPABLE:
                buf.append(text[i + 1])
                i += 2
            elif text.startswith("[[", i) and (j := text.find("]]", i + 2)) >= 0:
                marker = text[i:j + 2]
                buf.append(self.cite(marker, i) if self.cite else marker)
                i = j + 2
            elif text.startswith("^[", i):
                if in_note:
                    self.issues.append(MarkupIssue(i, "a footnote cannot contain another footnote (^[ inside ^[…])"))
                elif not self.notes:
                    self.issues.append(MarkupIssue(i, f"a footnote cannot be attached to {self.where}; write \\^[ for the characters themselves"))
                flush()
                inner, i = self._until(i + 2, in_note=True)
                if self.notes and not in_note:
                    out.append(Note(_normalise(inner, breaks=False)))
                else:
                    out.extend(inner)
            elif ch == "]" and in_note:
                flush()
                self._unclosed(opened)
                return tuple(out), i + 1
            elif ch == "*":
                k = i
                while k < n and text[k] == "*":
                    k += 1
                stars = k - i
                if stars > 3:
                    self.issues.append(MarkupIssue(i, f"{stars} asterisks in a row; ** is bold, * italic, *** both; {LITERAL_HINT}"))
                    buf.append(text[i:k])
                    i = k
                    continue
                flush()
                if stars in (2, 3):
                    bold = not bold
                    _toggle(opened, "**", i, bold)
                if stars in (1, 3):
                    italic = not italic
                    _toggle(opened, "*", i, italic)
                i = k
            elif ch == "\n" and self.breaks:
                flush()
                out.append(LineBreak())
                i += 1
            else:  # ordinary text: jump to the next character that may be markup
                m = _SPECIAL.search(text, i + 1)
                k = m.start() if m else n
                buf.append(text[i:k])
                i = k
        flush()
        if in_note:
            self.issues.append(MarkupIssue(n, "a footnote ^[… is not closed with ]; write \\] for a bracket inside a footnote"))
        self._unclosed(opened)
        return tuple(out), n

    def _unclosed(self, opened: dict[str, int]) -> None:
        for mark, at in sorted(opened.items(), key=lambda kv: kv[1]):
            kind = "bold" if mark == "**" else "italic"
            self.issues.append(MarkupIssue(at, f"{mark} ({kind}) is not closed; {LITERAL_HINT}"))


def _toggle(opened: dict[str, int], mark: str, at: int, on: bool) -> None:
    if on:
        opened[mark] = at
    else:
        opened.pop(mark, None)


def parse(text: str, cite: CiteFn | None = None, *, notes: bool = True, breaks: bool = False,
          where: str = "this text") -> tuple[Inline, list[MarkupIssue]]:
    """Content text as normalised pieces, and the markup mistakes found (with offsets).

    ``notes`` allows footnotes, ``breaks`` turns newlines into line breaks (elsewhere a
    newline is YAML's wrapping and becomes a space). ``where`` names the field in messages.
    """
    parser = _Parser(text, cite, notes, breaks, where)
    pieces = parser.run()
    issues = [MarkupIssue(i.offset, f'{i.message} (at "{_excerpt(text, i.offset)}")') for i in parser.issues]
    return _normalise(pieces, breaks), issues


def _excerpt(text: str, offset: int, width: int = 24) -> str:
    """The words at ``offset``, on one line, cut short: where to look in a long paragraph."""
    start = max(0, offset - 8)
    piece = " ".join(text[start:offset + width].split())
    return ("…" if start else "") + piece + ("…" if offset + width < len(text) else "")


def _normalise(pieces: Iterable[Piece], breaks: bool) -> Inline:
    """Collapse whitespace, merge equal neighbours, trim the ends and around line breaks; NFC."""
    ws = _WS_NO_NL if breaks else _WS
    merged: list[Piece] = []
    for p in pieces:
        if isinstance(p, Span):
            text = ws.sub(" ", unicodedata.normalize("NFC", p.text))
            if not text:
                continue
            prev = merged[-1] if merged else None
            if isinstance(prev, Span) and (prev.bold, prev.italic) == (p.bold, p.italic):
                merged[-1] = Span(prev.text + text, p.bold, p.italic)
                continue
            p = Span(text, p.bold, p.italic)
        merged.append(p)
    out: list[Piece] = []
    for idx, p in enumerate(merged):
        if isinstance(p, Span):
            text = p.text
            before = _text_before(out)
            if before is None or before.endswith(" "):
                text = text.lstrip(" ")
            if idx + 1 == len(merged) or isinstance(merged[idx + 1], LineBreak):
                text = text.rstrip(" ")
            if text:
                out.append(Span(text, p.bold, p.italic))
        else:
            if isinstance(p, LineBreak) and out and isinstance(out[-1], Span):
                out[-1] = Span(out[-1].text.rstrip(" "), out[-1].bold, out[-1].italic)
            out.append(p)
    while out and isinstance(out[-1], LineBreak):  # a |- block's last newline, or | without -
        out.pop()
    while out and isinstance(out[0], LineBreak):
        out.pop(0)
    return tuple(p for i, p in enumerate(out) if not (isinstance(p, LineBreak) and isinstance(out[i - 1], LineBreak)))


def _text_before(out: Sequence[Piece]) -> str | None:
    """Text just before the end of ``out`` (None at the start of a line)."""
    for p in reversed(out):
        if isinstance(p, Span):
            return p.text
        if isinstance(p, LineBreak):
            return None
    return None


# -- building and editing ------------------------------------------------------------------


def text(value: str) -> Inline:
    """Plain text as pieces (no markup is read)."""
    return (Span(value),) if value else ()


_MARKUP_CHAR = re.compile(r"([\\*^\[\]])")


def escape(value: str) -> str:
    """``value`` written so that :func:`parse` gives it back literally."""
    return _MARKUP_CHAR.sub(r"\\\1", value) if _MARKUP_CHAR.search(value) else value


def escape_values(names: dict[str, Any]) -> dict[str, Any]:
    """Placeholder values (a province's names) escaped, so that data never reads as markup."""
    return {k: escape(v) if isinstance(v, str) else [escape(x) if isinstance(x, str) else x for x in v]
            if isinstance(v, list) else v for k, v in names.items()}


def plain(pieces: Iterable[Piece], breaks: str = " ") -> str:
    """The words only: formatting dropped, footnotes left out, line breaks as ``breaks``."""
    out = []
    for p in pieces:
        if isinstance(p, Span):
            out.append(p.text)
        elif isinstance(p, LineBreak):
            out.append(breaks)
    return "".join(out)


def notes_in(pieces: Iterable[Piece]) -> list[Note]:
    return [p for p in pieces if isinstance(p, Note)]


def concat(*parts: Inline | str) -> Inline:
    """Join pieces and plain strings into one paragraph."""
    out: list[Piece] = []
    for part in parts:
        out.extend(text(part) if isinstance(part, str) else part)
    return _merge(out)


def _merge(pieces: Iterable[Piece]) -> Inline:
    out: list[Piece] = []
    for p in pieces:
        prev = out[-1] if out else None
        if isinstance(p, Span) and isinstance(prev, Span) and (prev.bold, prev.italic) == (p.bold, p.italic):
            out[-1] = Span(prev.text + p.text, p.bold, p.italic)
        elif not (isinstance(p, Span) and not p.text):
            out.append(p)
    return tuple(out)


def map_text(pieces: Inline, fn: Callable[[str], str]) -> Inline:
    """Apply ``fn`` to the paragraph's own text (not to its footnotes): upper case of titles."""
    return tuple(Span(fn(p.text), p.bold, p.italic) if isinstance(p, Span) else p for p in pieces)


def capitalize_first(pieces: Inline) -> Inline:
    """First letter of the paragraph in capitals, the rest as written."""
    out = list(pieces)
    for i, p in enumerate(out):
        if isinstance(p, Span) and any(c.isalpha() for c in p.text):
            for k, ch in enumerate(p.text):
                if ch.isalpha():
                    out[i] = Span(p.text[:k] + ch.upper() + p.text[k + 1:], p.bold, p.italic)
                    return tuple(out)
    return pieces


def _last_text(pieces: Inline) -> int | None:
    """Index of the last Span, looking past trailing footnote references."""
    for i in range(len(pieces) - 1, -1, -1):
        p = pieces[i]
        if isinstance(p, Span):
            return i
        if not isinstance(p, (Note, NoteRef)):
            return None
    return None


def end_with(pieces: Inline, strip: str, add: str, notes_first: bool = False) -> Inline:
    """Strip ``strip`` (and ``add`` itself, if written) from the end of the sentence and add
    ``add`` (upright) after it.

    The end of the sentence is the last text before any trailing footnote reference, so the
    mark stays after the punctuation ("… năm 2025.¹") however the punctuation changes; with
    ``notes_first`` ``add`` goes after the marks instead: a document's end mark closes the
    text, footnote marks included ("… hình mới¹./.").
    """
    i = _last_text(pieces)
    if i is None:
        return concat(pieces, add)
    p = pieces[i]
    assert isinstance(p, Span)
    words = p.text.rstrip()
    words = words[:-len(add)] if add and words.endswith(add) else words
    head = Span(words.rstrip().rstrip(strip).rstrip(), p.bold, p.italic)
    if notes_first:
        return _merge((*pieces[:i], head, *pieces[i + 1:], *text(add)))
    return _merge((*pieces[:i], head, *text(add), *pieces[i + 1:]))


def ends_with(pieces: Inline, suffix: str) -> bool:
    i = _last_text(pieces)
    return i is not None and pieces[i].text.endswith(suffix)  # type: ignore[union-attr]


def number_notes(paragraphs: Iterable[Inline], start: int = 1) -> tuple[list[Inline], list[tuple[int, Inline]]]:
    """Replace every :class:`Note` by a :class:`NoteRef` numbered in reading order.

    Returns the paragraphs and the footnotes as (number, pieces), numbered from ``start``.
    """
    number = start
    notes: list[tuple[int, Inline]] = []
    out: list[Inline] = []
    for para in paragraphs:
        new: list[Piece] = []
        for p in para:
            if isinstance(p, Note):
                notes.append((number, p.pieces))
                new.append(NoteRef(number))
                number += 1
            else:
                new.append(p)
        out.append(tuple(new))
    return out, notes
