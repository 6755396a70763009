"""The body of an imported document as the content model's items: I. → 1. → a) by depth, "-"
points at any depth, unnumbered paragraphs as text or closing of the item above them.

vbgen computes numbers from depth (compose/numbering.py), so a body imports as items only
when its numbers are the ones vbgen would print there: the Kế hoạch's I./1./a), the Chỉ thị's
1./a), in sequence. Otherwise (a Kế hoạch that starts at "1.", "1.1.", a skipped number) every
paragraph is imported as it is printed, numbers included, and the review says why.
"""

from __future__ import annotations

import dataclasses
import re

from vbgen import vi
from vbgen.i18n import _
from vbgen.importer.source import Line
from vbgen.importer.tables import TEXT_WIDTH_CM, ImportedTable, build_table

ROMAN_RE = re.compile(r"^(?P<m>[IVXL]{1,6})\.\s*(?P<t>\S.*)$", re.S)
ARABIC_RE = re.compile(r"^(?P<m>\d{1,2})\.(?!\d)\s*(?P<t>\S.*)$", re.S)
LETTER_RE = re.compile(r"^(?P<m>[a-zđ])\)\s*(?P<t>\S.*)$", re.S)
DASH_RE = re.compile(r"^[-–—•]\s*(?P<t>\S.*)$", re.S)
ORDER = {"ke_hoach": ("roman", "arabic", "letter"), "chi_thi": ("arabic", "letter")}
ESCAPE = re.compile(r"([\\*\[\]^])")


@dataclasses.dataclass
class Item:
    """One item of the body being built (the content model's Node)."""

    line: int
    marker: str
    title: str | None = None
    text: list[str] = dataclasses.field(default_factory=list)
    items: list["Item"] = dataclasses.field(default_factory=list)
    closing: list[str] = dataclasses.field(default_factory=list)
    dash: bool = False
    level: str = ""
    table: ImportedTable | None = None


@dataclasses.dataclass
class Body:
    preamble: list[tuple[str, int]]
    sections: list[Item]
    closing: list[tuple[str, int]]
    literal: bool = False
    """True when the numbering could not be kept as items: every paragraph is in ``preamble``."""
    why: str = ""
    tables: list[tuple[int, str]] = dataclasses.field(default_factory=list)
    """Tables left out: (index, first cell's text)."""
    imported: list[ImportedTable] = dataclasses.field(default_factory=list)
    """Tables that became content tables."""


def escape(text: str) -> str:
    """Content text that prints ``text`` as written: markup characters and Jinja braces escaped."""
    text = ESCAPE.sub(r"\\\1", text)
    return re.sub(r"\{([{%#])", lambda m: "{{ '{' }}" + m.group(1), text)


def footnote(text: str) -> str:
    """A Word footnote as content markup: ``^[its text]`` where its mark stood."""
    return "^[" + escape(vi.one_line(text.replace("\n", " "))) + "]"


def rich(line: Line, skip: int = 0) -> str:
    """The line's text as content markup (bold and italic spans kept) without its first ``skip``
    characters (the typed number); one line, NFC."""
    whole_bold, whole_italic = line.bold, line.italic
    out: list[str] = [footnote(t) for k, t in line.notes if k == 0]
    pos = 0
    for n, span in enumerate(line.spans, start=1):
        text = span.text
        after = [footnote(t) for k, t in line.notes if k == n]
        if pos + len(text) <= skip:
            pos += len(text)
            out.extend(after)
            continue
        if pos < skip:
            text = text[skip - pos:]
        pos += len(span.text)
        mark = ("**" if span.bold and not whole_bold else "") + ("*" if span.italic and not whole_italic else "")
        core = text.strip()
        if mark and core:
            lead = text[:len(text) - len(text.lstrip())]
            trail = text[len(text.rstrip()):]
            out.append(f"{lead}{mark}{escape(core)}{mark[::-1]}{trail}")
        else:
            out.append(escape(text))
        out.extend(after)
    out.extend(footnote(t) for k, t in line.notes if k > len(line.spans))
    if not line.spans:
        out.append(escape(line.text[skip:]))
    return vi.one_line("".join(out).replace("**** ", " ").replace("****", ""))


def classify(line: Line) -> tuple[str, str, int]:
    """(level, marker, characters of the text that the typed marker takes) of a body line;
    level "" for a paragraph without a number."""
    if line.label:
        label = line.label
        for level, rx in (("roman", ROMAN_RE), ("arabic", ARABIC_RE), ("letter", LETTER_RE)):
            m = rx.match(label + " x")
            if m:
                return level, m.group("m"), 0
        if label == "-":
            return "dash", "-", 0
        return "other", label, 0
    text = line.text.lstrip()
    skip = len(line.text) - len(text)
    for level, rx in (("roman", ROMAN_RE), ("arabic", ARABIC_RE), ("letter", LETTER_RE), ("dash", DASH_RE)):
        m = rx.match(text)
        if m:
            return level, m.group("m") if level != "dash" else "-", skip + m.start("t")
    return "", "", 0


def _expected(level: str, index: int) -> str:
    if level == "roman":
        return vi.roman(index + 1)
    if level == "arabic":
        return str(index + 1)
    return vi.letter(index) if index < len(vi.LETTERS) else "?"


def _is_title(line: Line, level: str, text: str) -> bool:
    if level == "roman" or line.bold:
        return True
    return len(text) <= 100 and not text.rstrip().endswith((".", ";", ":", ",", "./."))


def _cells(lines: list[Line], table: int) -> dict[tuple[int, int], list[Line]]:
    out: dict[tuple[int, int], list[Line]] = {}
    for line in lines:
        if line.cell is not None and line.cell[0] == table:
            out.setdefault((line.cell[1], line.cell[2]), []).append(line)
    return out


def _place_table(body: Body, stack: list["Item"], table: ImportedTable) -> None:
    """A table goes after the text of the item it follows (before its sub-items), or as a block
    of its own among the items when that item has sub-items already."""
    top = stack[-1] if stack else None
    if top is not None and not top.items and top.table is None and not top.closing:
        top.table = table
        return
    (top.items if top is not None else body.sections).append(Item(table.line, "", table=table))


def build_body(lines: list[Line], kind: str, tables: dict | None = None, width_cm: float = TEXT_WIDTH_CM) -> Body:
    """The body of a document of ``kind`` from its lines; a table whose record is in ``tables``
    (index → :class:`vbgen.ooxml.records.Table`) becomes a content table, others are listed."""
    order = ORDER[kind]
    body = Body([], [], [])
    stack: list[Item] = []
    problems: list[str] = []
    for line in lines:
        if line.cell is not None:
            if any(t == line.cell[0] for t, _first in body.tables) or any(t.index == line.cell[0] for t in body.imported):
                continue
            record = (tables or {}).get(line.cell[0])
            if record is None or record.parent is not None or not record.n_rows:
                body.tables.append((line.cell[0], line.full.strip()))
                continue
            table = build_table(record, _cells(lines, line.cell[0]), rich, limit_cm=width_cm)
            body.imported.append(table)
            _place_table(body, stack, table)
            continue
        if not line.full.strip() or line.full.strip().strip("_") == "":
            continue
        level, marker, skip = classify(line)
        if level in ("roman", "arabic", "letter"):
            if level not in order:
                problems.append(_("paragraph {n}: \"{marker}\" numbering is not used in this kind of document").format(n=line.index, marker=marker))
                level = ""
            else:
                rank = order.index(level)
                while stack and (stack[-1].dash or order.index(stack[-1].level) >= rank):
                    stack.pop()
                depth = len(stack)
                siblings = stack[-1].items if stack else body.sections
                index = sum(1 for s in siblings if not s.dash and s.level)  # a table block takes no number
                if depth != rank:
                    problems.append(_("paragraph {n}: \"{marker}\" sits where vbgen numbers with {expected}").format(
                        n=line.index, marker=line.full[:20], expected=_level_name(order[depth] if depth < len(order) else "dash")))
                elif marker != _expected(level, index):
                    problems.append(_("paragraph {n}: \"{marker}\" where the sequence has {expected}").format(
                        n=line.index, marker=marker, expected=_expected(level, index)))
                text = rich(line, skip)
                item = Item(line.index, marker, level=level)
                if _is_title(line, level, text):
                    item.title = text
                else:
                    item.text.append(text)
                siblings.append(item)
                stack.append(item)
                continue
        if level == "dash":
            while stack and stack[-1].dash:
                stack.pop()
            item = Item(line.index, "-", text=[rich(line, skip)], dash=True, level="dash")
            (stack[-1].items if stack else body.sections).append(item)
            stack.append(item)
            continue
        text = rich(line)
        if not stack:
            body.preamble.append((text, line.index))
        else:
            top = stack[-1]
            (top.closing if top.items else top.text).append(text)
    _trailing_closing(body)
    if problems:
        body.literal, body.why = True, "; ".join(problems[:3]) + (" …" if len(problems) > 3 else "")
        body.preamble = [(escape(vi.one_line(line.full)) + "".join(footnote(t) for _k, t in line.notes), line.index)
                         for line in lines
                         if line.cell is None and line.full.strip() and line.full.strip().strip("_")]
        body.sections, body.closing = [], []
    return body


def _level_name(level: str) -> str:
    return {"roman": "I., II.", "arabic": "1., 2.", "letter": "a), b)", "dash": "\"-\""}[level]


def _trailing_closing(body: Body) -> None:
    """The last paragraph of the body, unnumbered and ending the document ("… ./."), is the
    document's closing rather than the last item's."""
    if not body.sections:
        return
    item = body.sections[-1]
    while item.items:
        item = item.items[-1]
    pool = item.closing if item.closing else item.text
    first_is_item = not item.closing and item.title is None  # its first text carries the number
    if len(pool) <= first_is_item or not pool[-1].rstrip().endswith(("./.", "/.")):
        return
    body.closing = [(pool.pop(), item.line)]
