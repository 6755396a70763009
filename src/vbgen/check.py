"""Check any .docx against the presentation rules of Nghị định 30/2020/NĐ-CP (Phụ lục I).

Aimed at a Chỉ thị or Kế hoạch of a provincial People's Committee (UBND tỉnh), but usable
on any hand-written Word file: nothing relies on vbgen's own templates or on direct
formatting; every run's font and size is resolved through styles, document defaults and
theme fonts (see :mod:`vbgen.ooxml.styles`).

How it works: :func:`check_docx` opens the file once, builds a :class:`DocView` (all body
paragraphs with resolved formatting, the tables, the sections and their headers, and the
located ND30 elements: agency, Quốc hiệu, Số, date, title, body, Nơi nhận, signature), then
runs each rule function of the registry on that view. One function per rule id; rule ids
and their one-line descriptions are in :data:`RULES`.

Paragraph numbers in findings count every body paragraph in document order, paragraphs in
table cells included (row by row, cell by cell), text boxes excluded. Findings about the
page set-up, or about header/footer parts, have ``paragraph=None``.

Specification: /work/shared/format-nd30.md (page set-up §1, header §2, title §3, body §4,
numbering §5, signature §6, Nơi nhận §7, page numbers §8, số and dates §9).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import os
import re
import unicodedata
from collections.abc import Callable, Iterable, Iterator, Sequence

from vbgen.docx import textmetrics
from vbgen.errors import VbgenError
from vbgen.ooxml.fastread import LINKED, FastDocument, open_document, open_fast
from vbgen.ooxml.records import CellRef, Para, Run, Table
from vbgen.ooxml.styles import StyleResolver
from vbgen.ooxml.walker import read_block, read_body, read_story

__all__ = [
    "DocView",
    "Finding",
    "RULES",
    "UnreadableDocxError",
    "check_docx",
    "findings_to_json",
]


@dataclasses.dataclass(frozen=True)
class Finding:
    """One departure from ND30 found in a document."""

    rule: str
    """Stable rule id, a key of :data:`RULES` (e.g. "date.format")."""
    message: str
    """What is wrong and what is expected."""
    paragraph: int | None
    """Index of the paragraph in body order (table paragraphs included), or None."""
    text: str | None
    """The first ~60 characters of that paragraph's text (or of the header/footer line)."""


class UnreadableDocxError(VbgenError):
    """The file given to the checker is not a readable .docx."""


# --------------------------------------------------------------------------------------
# constants from the specification

FONT = "Times New Roman"
A4_MM = (210.0, 297.0)
MARGINS_MM = {"top": (20, 25), "bottom": (20, 25), "left": (30, 35), "right": (15, 20)}
MM_TOLERANCE = 0.15  # twip rounding: 20 mm = 1134 tw = 20.003 mm
QUOC_HIEU = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
TIEU_NGU = "Độc lập - Tự do - Hạnh phúc"
KINDS = {"KẾ HOẠCH": "KH", "CHỈ THỊ": "CT"}
VN_LETTERS = "abcdđeghiklmnopqrstuvxy"
"""Điểm letters in order (ND30 Điều 8 khoản 2 shows a–i; the rest is the alphabet)."""

TWIPS_PER_CM = 1440 / 2.54
FIRST_LINE_TW = (round(0.95 * TWIPS_PER_CM), round(1.32 * TWIPS_PER_CM))  # ≈ 1–1.27 cm
MIN_GAP_TW = 119  # 6 pt between paragraphs (5.95 pt: rounding)
SHORT_LINE_RATIO = (1 / 3 * 0.75, 1 / 2 * 1.25)  # 1/3–1/2 of the text, ±25 %
FULL_LINE_RATIO = (0.75, 1.25)  # "as long as the Tiêu ngữ", ±25 %
MAX_PER_RULE = 10
"""Per rule, findings after this many are folded into one "… and N more" finding."""

_BLANK = re.compile(r"^[\s.…_]*$")
_UNDERSCORES = re.compile(r"^[_\s]*_{3,}[_\s]*$")
_TIEU_NGU_RE = re.compile(r"độc\s*lập\s*\W*\s*tự\s*do\s*\W*\s*hạnh\s*phúc", re.I)
_SO_RE = re.compile(r"^s[ốoỐO]\s*[:.]", re.I)
_DATE_RE = re.compile(
    r"^(?P<place>[^,]*),\s*(?P<ngay>ngày)\s*(?P<d>.*?)\s*(?P<thang>tháng)\s*(?P<m>.*?)"
    r"\s*(?P<nam>năm)\s*(?P<y>.*?)\s*$",
    re.I,
)
_DATE_FIND = re.compile(r"\bngày\b.*\btháng\b.*\bnăm\b", re.I)
_ROMAN_RE = re.compile(r"^([IVXL]+)\.\s*\S")
_ROMAN_VALID = re.compile(r"^(XL|L?X{0,3})(IX|IV|V?I{0,3})$")
_ARABIC_RE = re.compile(r"^(\d+)\.(?!\d)\s*\S")
_LETTER_RE = re.compile(r"^([a-zđ])\)\s*")
_AUTHORITY_RE = re.compile(r"^(TM|KT|Q|TL|TUQ)\.\s*\S")
_POSITION_RE = re.compile(
    r"^(PHÓ\s+)?(CHỦ\s+TỊCH|GIÁM\s+ĐỐC|CHÁNH\s+VĂN\s+PHÒNG|TRƯỞNG\s+\S.*|BỘ\s+TRƯỞNG|THỨ\s+TRƯỞNG)"
)


# --------------------------------------------------------------------------------------
# the pre-parsed view


@dataclasses.dataclass(frozen=True, slots=True)
class Unit:
    """A visual line of a paragraph: split at line breaks, and in the header at tabs."""

    para: Para
    seg: int
    part: int
    pieces: tuple[tuple[str, Run], ...]
    whole: bool  # the unit is all the text of its paragraph

    @property
    def raw(self) -> str:
        return "".join(t for t, _ in self.pieces)

    @property
    def text(self) -> str:
        return self.raw.strip()


@dataclasses.dataclass(frozen=True, slots=True)
class HLine:
    """A horizontal line found under an element, with its estimated length."""

    width_pt: float
    para: int
    how: str  # "border", "drawingml", "vml", "underscores"


@dataclasses.dataclass(frozen=True, slots=True)
class SectionView:
    """Page set-up of one section (as python-docx's Section reads it) and its header/footer text."""

    index: int
    width_mm: float | None
    height_mm: float | None
    margins_mm: dict[str, float | None]
    title_pg: bool
    header: tuple[Para, ...] | None  # default header, inherited if linked
    first_header: tuple[Para, ...] | None
    footer: tuple[Para, ...] | None
    first_footer: tuple[Para, ...] | None


@dataclasses.dataclass
class Layout:
    """Where the ND30 elements are in the body (None / empty when not found)."""

    kind: Unit | None = None
    kind_code: str | None = None
    header_end: int = 0
    quoc_hieu: Unit | None = None
    tieu_ngu: Unit | None = None
    agency: list[Unit] = dataclasses.field(default_factory=list)
    so: Unit | None = None
    date: Unit | None = None
    trich_yeu: list[Unit] = dataclasses.field(default_factory=list)
    body: list[Para] = dataclasses.field(default_factory=list)
    recipients_label: Unit | None = None
    recipients: list[Unit] = dataclasses.field(default_factory=list)
    sign: list[Unit] = dataclasses.field(default_factory=list)
    sign_table: Table | None = None


@dataclasses.dataclass
class DocView:
    """Everything the rules look at, parsed once per document."""

    paras: tuple[Para, ...]
    tables: tuple[Table, ...]
    sections: list[SectionView]
    stories: list[tuple[str, Para]]  # (where, paragraph) for every header/footer line
    text_width_tw: int
    layout: Layout = dataclasses.field(default_factory=Layout)
    _units: dict[tuple[int, bool], list[Unit]] = dataclasses.field(default_factory=dict)
    _numbering: list | None = None

    def units(self, para: Para, tabs: bool = False) -> list[Unit]:
        """The visual lines of a paragraph (cached); ``tabs`` also splits at tab groups."""
        key = (id(para), tabs)
        hit = self._units.get(key)
        if hit is None:
            hit = _split_units(para, tabs)
            self._units[key] = hit
        return hit

    def container(self, para: Para) -> Iterator[Para]:
        """The paragraphs after ``para`` in the same table cell (or at top level)."""
        for q in self.paras[para.index + 1 :]:
            if q.cell != para.cell:
                if para.cell is None and q.cell is not None:
                    return
                if para.cell is not None:
                    return
            yield q


def _split_units(para: Para, tabs: bool) -> list[Unit]:
    segments: list[list[tuple[str, Run]]] = [[]]
    for run in para.runs:
        pieces = run.text.split("\n")
        for k, piece in enumerate(pieces):
            if k:
                segments.append([])
            if piece:
                segments[-1].append((piece, run))
    out: list[Unit] = []
    single = len(segments) == 1
    for s, seg in enumerate(segments):
        parts: list[list[tuple[str, Run]]] = [[]]
        if tabs:
            for text, run in seg:
                chunks = re.split(r"\t+", text)
                for k, chunk in enumerate(chunks):
                    if k and "".join(t for t, _ in parts[-1]).strip():
                        parts.append([])
                    if chunk:
                        parts[-1].append((chunk, run))
        else:
            parts = [seg]
        for n, part in enumerate(parts):
            out.append(Unit(para, s, n, tuple(part), single and len(parts) == 1))
    return out


# --------------------------------------------------------------------------------------
# small helpers


def _canon(text: str) -> str:
    """NFC, upper case, single spaces, old-style tone placement normalised."""
    t = unicodedata.normalize("NFC", text).upper()
    t = re.sub(r"\s+", " ", t).strip()
    return t.replace("HOÀ", "HÒA").replace("UỶ", "ỦY")


def _clip(text: str | None) -> str | None:
    if text is None:
        return None
    t = re.sub(r"\s+", " ", text).strip()
    return t[:60]


def _finding(rule: str, message: str, para: Para | None = None, text: str | None = None):
    if para is not None:
        return Finding(rule, message, para.index, _clip(para.full_text))
    return Finding(rule, message, None, _clip(text))


def _unit_finding(rule: str, message: str, unit: Unit) -> Finding:
    return _finding(rule, message, unit.para)


def _visible(pieces: Iterable[tuple[str, Run]]) -> list[tuple[str, Run]]:
    return [(t, r) for t, r in pieces if t.strip()]


def _sizes(pieces: Iterable[tuple[str, Run]]) -> set[float]:
    return {
        (r.size if r.size is not None else 10.0)
        for t, r in _visible(pieces)
        if r.vert_align is None
    }


def _fmt_sizes(sizes: set[float]) -> str:
    return "/".join(f"{s:g}" for s in sorted(sizes)) + " pt"


def _size_problem(pieces, lo: float, hi: float) -> str | None:
    sizes = _sizes(pieces)
    bad = {s for s in sizes if not lo - 0.01 <= s <= hi + 0.01}
    if not bad:
        return None
    want = f"{lo:g} pt" if lo == hi else f"{lo:g}–{hi:g} pt"
    return f"size {_fmt_sizes(sizes)}, expected {want}"


def _all(pieces, attr: str) -> bool:
    vis = _visible(pieces)
    return bool(vis) and all(getattr(r, attr) for _, r in vis)


def _any(pieces, attr: str) -> bool:
    return any(getattr(r, attr) for _, r in _visible(pieces))


def _shows_caps(pieces) -> bool:
    """True if every visible letter is displayed in capitals (upper case text or w:caps)."""
    for t, r in _visible(pieces):
        if not r.caps and t != t.upper():
            return False
    return True


def _width_pt(pieces, *, strip: bool = True) -> float:
    """Estimated printed width of the pieces, leading and trailing spaces excluded."""
    pieces = list(pieces)
    total = 0.0
    for k, (t, r) in enumerate(pieces):
        if strip and k == 0:
            t = t.lstrip()
        if strip and k == len(pieces) - 1:
            t = t.rstrip()
        size = r.size if r.size is not None else 10.0
        if r.vert_align is not None:
            size *= 2 / 3
        if r.caps:
            t = t.upper()
        total += textmetrics.text_width_pt(t, size, bold=r.bold, italic=r.italic)
    return total


def _centred(unit: Unit) -> bool:
    return not unit.whole or unit.para.fmt.align == "center"


def _format_problems(unit: Unit, **want: object) -> list[str]:
    """How ``unit`` departs from the format ``want`` states, as message parts.

    Each keyword names one property and its required state; a property not named is not
    checked. The parts come in the order the keywords are given:

    - ``caps=True``: every letter shows in capitals, else "not in capitals";
      ``caps=False``: no run is shown in capitals by w:caps, else "shown in capitals".
    - ``bold=True`` / ``italic=True``: every visible run is, else "not bold" / "not italic";
      ``bold=False`` / ``italic=False``: no visible run is, else "bold" / "italic".
    - ``size=(lo, hi)``: every size within lo–hi pt, else "size …, expected …".
    - ``centred=True``: the line is centred (:func:`_centred`: a part of a paragraph split
      at line breaks or tabs counts as placed), else "not centred";
      ``para_centred=True``: the paragraph itself is centred, else "not centred".
    """
    pieces = unit.pieces
    problems = []
    for prop, value in want.items():
        if prop == "bold" or prop == "italic":
            if value and not _all(pieces, prop):
                problems.append(f"not {prop}")
            elif not value and _any(pieces, prop):
                problems.append(prop)
        elif prop == "size":
            problem = _size_problem(pieces, *value)
            if problem:
                problems.append(problem)
        elif prop == "centred":
            if not _centred(unit):
                problems.append("not centred")
        elif prop == "para_centred":
            if unit.para.fmt.align != "center":
                problems.append("not centred")
        elif prop == "caps":
            if value and not _shows_caps(pieces):
                problems.append("not in capitals")
            elif not value and any(r.caps for _, r in _visible(pieces)):
                problems.append("shown in capitals")
        else:
            raise TypeError(f"_format_problems: unknown property {prop!r}")
    return problems


def _problems_finding(rule_id: str, label: str, problems: list[str], unit: Unit) -> tuple[Finding, ...]:
    """One finding "<label>: <problem>; <problem>" about ``unit``, or none if no problems."""
    if not problems:
        return ()
    return (_unit_finding(rule_id, f"{label}: {'; '.join(problems)}", unit),)


def _beside(left: CellRef | None, right: CellRef | None) -> bool:
    """Both are cells of the same table row, ``right`` to the right of ``left``."""
    return (
        left is not None
        and right is not None
        and left.table == right.table
        and left.row == right.row
        and right.col > left.col
    )


def _nfc_spaced(text: str) -> str:
    """NFC, runs of white space as one space."""
    return re.sub(r"\s+", " ", unicodedata.normalize("NFC", text))


def _container_width_tw(doc: DocView, para: Para) -> int:
    return para.width if para.width is not None else doc.text_width_tw


def _rule_below(doc: DocView, unit: Unit) -> HLine | None:
    """The horizontal line drawn under ``unit``, if any, with its estimated length."""
    p = unit.para
    units = doc.units(p)
    later = [u for u in units if u.seg > unit.seg]
    for u in later:
        if _UNDERSCORES.match(u.text):
            return HLine(_width_pt(u.pieces), p.index, "underscores")
        if u.text:
            break
    if p.lines:
        return _drawn_line(p)
    if p.fmt.border_bottom and not any(u.text for u in later):
        return HLine(_line_width_pt(doc, p), p.index, "border")
    if _all(unit.pieces, "underline"):
        return HLine(_width_pt(unit.pieces), p.index, "underline")  # the text itself underlined
    for k, q in enumerate(doc.container(p)):
        if k >= 2:
            break
        t = q.text.strip()
        if q.lines:
            return _drawn_line(q)
        if t and _UNDERSCORES.match(t):
            return HLine(_width_pt(doc.units(q)[0].pieces), q.index, "underscores")
        if t:
            break
        if q.fmt.border_top or q.fmt.border_bottom:
            return HLine(_line_width_pt(doc, q), q.index, "border")
        spaces = [(t_, r) for t_, r in doc.units(q)[0].pieces if r.underline and not t_.strip()]
        if spaces:
            # underlined spaces; a tab's width depends on tab stops, so it counts as one space
            return HLine(_width_pt(spaces, strip=False), q.index, "underline")
    return None


def _drawn_line(p: Para) -> HLine:
    """The longest shape drawn in paragraph ``p`` (which has some)."""
    return HLine(max(s.width_pt for s in p.lines), p.index, p.lines[0].kind)


def _line_width_pt(doc: DocView, p: Para) -> float:
    """Width of a full line of ``p`` (its container less its indents): a border's length."""
    return (_container_width_tw(doc, p) - p.fmt.ind_left - p.fmt.ind_right) / 20


def _roman_value(s: str) -> int | None:
    if not _ROMAN_VALID.match(s):
        return None
    values = {"I": 1, "V": 5, "X": 10, "L": 50}
    total = 0
    for a, b in zip(s, s[1:] + " "):
        va, vb = values[a], values.get(b, 0)
        total += -va if va < vb else va
    return total


def _roman(n: int) -> str:
    out = ""
    for v, s in ((40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")):
        while n >= v:
            out += s
            n -= v
    return out


# --------------------------------------------------------------------------------------
# building the view


_LINKED = LINKED


def _read_sections(document, resolver) -> tuple[list[SectionView], list[tuple[str, Para]]]:
    """Sections and header/footer paragraphs of a document opened with python-docx."""
    sections = list(document.sections)

    def find_part(j: int, attr: str):
        hf = getattr(sections[j], attr)
        try:
            if hf.is_linked_to_previous:
                return _LINKED
            element = hf.part.element
        except (KeyError, AttributeError, NotImplementedError):
            return None
        return id(element), element

    return _section_views(sections, find_part, lambda element: read_story(element, resolver))


def _read_sections_fast(fast: FastDocument) -> tuple[list[SectionView], list[tuple[str, Para]]]:
    """:func:`_read_sections` for a document opened with :func:`open_fast`."""

    def find_part(j: int, attr: str):
        part = fast.story_part(j, attr)
        if part is None or part == _LINKED:
            return part
        return part, part

    return _section_views(fast.sections, find_part, fast.read_story)


def _section_views(
    sections: Sequence, find_part: Callable, read_part: Callable
) -> tuple[list[SectionView], list[tuple[str, Para]]]:
    """Section views from python-docx-like sections.

    ``find_part(j, attr)`` gives "linked" when section j has no such header/footer, None
    when its part cannot be read, else (key, handle) with ``read_part(handle)`` → paragraphs.
    """
    views: list[SectionView] = []
    stories: list[tuple[str, Para]] = []
    seen_parts: dict = {}

    def story(i: int, attr: str, where: str) -> tuple[Para, ...] | None:
        for j in range(i, -1, -1):
            found = find_part(j, attr)
            if found == _LINKED:
                continue
            if found is None:
                return None
            key, handle = found
            if key not in seen_parts:
                seen_parts[key] = read_part(handle)
                stories.extend((where, p) for p in seen_parts[key])
            return seen_parts[key]
        return None

    for i, s in enumerate(sections):

        def mm(length) -> float | None:
            return None if length is None else length.mm

        left = mm(s.left_margin)
        if left is not None and s.gutter:
            left += s.gutter.mm
        views.append(
            SectionView(
                index=i,
                width_mm=mm(s.page_width),
                height_mm=mm(s.page_height),
                margins_mm={
                    "top": mm(s.top_margin),
                    "bottom": mm(s.bottom_margin),
                    "left": left,
                    "right": mm(s.right_margin),
                },
                title_pg=bool(s.different_first_page_header_footer),
                header=story(i, "header", "header"),
                first_header=story(i, "first_page_header", "first-page header"),
                footer=story(i, "footer", "footer"),
                first_footer=story(i, "first_page_footer", "first-page footer"),
            )
        )
    return views, stories


def build_view(source: str | os.PathLike | bytes) -> DocView:
    """Open a .docx and parse everything the rules need, once.

    The package is read with zipfile and lxml (:func:`open_fast`, which caches the parts
    that repeat between documents); when that reader declines, or fails on something
    unusual, python-docx opens the file instead and has the last word (same view, same
    errors).

    Raises:
        UnreadableDocxError: the file is missing or not a .docx.
    """
    name = "<bytes>" if isinstance(source, (bytes, bytearray)) else os.fspath(source)
    read = None
    fast = open_fast(source)
    if fast is not None:
        try:
            body = read_block(fast.body, fast.resolver)
            sections, stories = _read_sections_fast(fast)
            read = body, sections, stories
        except Exception:
            read = None  # let python-docx decide
    if read is None:
        try:
            document = open_document(source)
        except (OSError, ValueError) as e:
            raise UnreadableDocxError(f"{name}: {e}") from e
        resolver = StyleResolver(document)
        body = read_body(document, resolver)
        sections, stories = _read_sections(document, resolver)
    else:
        body, sections, stories = read
    first = sections[0] if sections else None
    text_width_tw = 9355  # A4 with 30/15 mm margins, if the section says nothing
    if first and first.width_mm and first.margins_mm["left"] is not None:
        width = first.width_mm - (first.margins_mm["left"] or 0) - (first.margins_mm["right"] or 0)
        text_width_tw = round(width * 1440 / 25.4)
    doc = DocView(body.paragraphs, body.tables, sections, stories, text_width_tw)
    _locate(doc)
    return doc


def _locate(doc: DocView) -> None:
    """Find the ND30 elements (header, title, body, Nơi nhận, signature) in the body."""
    lay = doc.layout
    paras = doc.paras

    for p in paras:
        if not p.text.strip():
            continue
        for u in doc.units(p):
            code = KINDS.get(_canon(u.text))
            if code:
                lay.kind, lay.kind_code = u, code
                break
        if lay.kind:
            break
    lay.header_end = lay.kind.para.index if lay.kind else min(len(paras), 30)
    header_units = [
        u for p in paras[: lay.header_end] for u in doc.units(p, tabs=True) if u.text
    ]

    for u in header_units:
        text = unicodedata.normalize("NFC", u.text)
        if lay.quoc_hieu is None and QUOC_HIEU in _canon(text):
            lay.quoc_hieu = u
        elif lay.tieu_ngu is None and _TIEU_NGU_RE.search(text):
            lay.tieu_ngu = u
        elif lay.so is None and _SO_RE.match(text):
            lay.so = u
        elif lay.date is None and _DATE_FIND.search(text):
            lay.date = u
    lay.agency = _find_agency(doc, header_units)
    _locate_title(doc)
    _locate_end(doc)
    _locate_body(doc)


def _find_agency(doc: DocView, header_units: list[Unit]) -> list[Unit]:
    lay = doc.layout
    special = {id(u) for u in (lay.quoc_hieu, lay.tieu_ngu, lay.so, lay.date) if u is not None}

    def usable(u: Unit) -> bool:
        return bool(u.text) and id(u) not in special and not _UNDERSCORES.match(u.text)

    qh = lay.quoc_hieu
    stop = lay.so.para.index if lay.so else lay.header_end
    if qh is not None and qh.para.cell is not None:
        table = doc.tables[qh.para.cell.table]
        for r, c, idxs in table.cells:
            if r == qh.para.cell.row and c < qh.para.cell.col:
                found = []
                for i in idxs:
                    p = doc.paras[i]
                    for u in doc.units(p, tabs=True):
                        if u is lay.so or u is lay.date:
                            return found
                        if usable(u):
                            found.append(u)
                if found:
                    return found
        return []
    if qh is not None and qh.part > 0:
        # tab layout: "ỦY BAN NHÂN DÂN<tab>CỘNG HÒA …" on shared lines
        found = []
        for p in doc.paras[qh.para.index : max(stop, qh.para.index + 1)]:
            units = doc.units(p, tabs=True)
            if units and units[0].part == 0 and usable(units[0]) and len(
                [u for u in units if u.seg == units[0].seg]
            ) > 1:
                found.append(units[0])
        return found
    # stacked layout or no Quốc hiệu: capitals lines before "Số"
    found = []
    for u in header_units:
        if u.para.index >= stop:
            break
        if usable(u) and u.text == u.text.upper() and any(ch.isalpha() for ch in u.text):
            if found and u.para.index > found[-1].para.index + 1:
                break
            found.append(u)
        elif found:
            break
    return found


def _locate_title(doc: DocView) -> None:
    lay = doc.layout
    kind = lay.kind
    if kind is None:
        return
    ty: list[Unit] = [u for u in doc.units(kind.para) if u.seg > kind.seg and u.text]
    skipped_empty = 0
    for q in doc.container(kind.para):
        t = q.text.strip()
        if not t:
            if ty or skipped_empty:
                break
            skipped_empty += 1
            continue
        if _UNDERSCORES.match(t) or (q.lines and not t):
            break
        if ty and (q.fmt.align != "center" or len(ty) >= 6):
            break
        ty.extend(u for u in doc.units(q) if u.text)
        if not ty or q.fmt.border_bottom or q.lines:
            break
    lay.trich_yeu = ty


def _locate_end(doc: DocView) -> None:
    """Nơi nhận label and items, and the signature lines."""
    lay = doc.layout
    start = lay.kind.para.index + 1 if lay.kind else lay.header_end
    for p in doc.paras[start:]:
        if p.text.strip().lower().startswith("nơi nhận"):
            units = [u for u in doc.units(p) if u.text]
            lay.recipients_label = units[0]
            items = units[1:]
            for q in doc.container(p):
                if q.cell is None and not q.text.strip() and items:
                    break  # outside a table the list ends at the first empty paragraph
                items.extend(u for u in doc.units(q) if u.text)
            lay.recipients = items
            break
    label = lay.recipients_label
    if label is not None and label.para.cell is not None:
        table = doc.tables[label.para.cell.table]
        lay.sign_table = table
        row, col = label.para.cell.row, label.para.cell.col
        for r, c, idxs in sorted(table.cells, key=lambda x: (x[0], x[1])):
            if r == row and c > col and any(doc.paras[i].text.strip() for i in idxs):
                lay.sign = [u for i in idxs for u in doc.units(doc.paras[i]) if u.text]
                break
    if not lay.sign:
        # no signature beside Nơi nhận: look for an authority/position line after the title
        taken = {id(u.para) for u in lay.recipients}
        for p in doc.paras[start:]:
            raw = re.sub(r"\s+", " ", p.text).strip()
            if id(p) in taken or raw != raw.upper():
                continue
            if _AUTHORITY_RE.match(raw) or _POSITION_RE.match(raw):
                lines = [p]
                for q in doc.container(p):
                    if id(q) in taken or q.text.strip().lower().startswith("nơi nhận"):
                        break
                    lines.append(q)
                    t = q.text.strip()
                    if len(lines) > 12 or t and t != t.upper():
                        break  # the signer's name (mixed case) ends the block
                lay.sign = [u for q in lines for u in doc.units(q) if u.text]
                if p.cell is not None and lay.sign_table is None:
                    lay.sign_table = doc.tables[p.cell.table]
                break
        if label is not None and lay.sign:
            sign_paras = {u.para.index for u in lay.sign}
            lay.recipients = [u for u in lay.recipients if u.para.index not in sign_paras]


def _locate_body(doc: DocView) -> None:
    lay = doc.layout
    if lay.trich_yeu:
        last = lay.trich_yeu[-1]
        rule = _rule_below(doc, last)
        start = max(last.para.index, rule.para if rule else 0) + 1
    elif lay.kind:
        start = lay.kind.para.index + 1
    else:
        start = lay.header_end
    ends = [len(doc.paras)]
    if lay.sign_table is not None:
        ends.extend(i for _, _, idxs in lay.sign_table.cells for i in idxs[:1])
    if lay.recipients_label is not None:
        ends.append(lay.recipients_label.para.index)
    if lay.sign:
        ends.append(lay.sign[0].para.index)
    end = min(ends)
    lay.body = [
        p
        for p in doc.paras[start:end]
        if p.cell is None and p.full_text.strip() and not _UNDERSCORES.match(p.text.strip())
    ]


# --------------------------------------------------------------------------------------
# rule registry

RuleFunc = Callable[[DocView], Iterable[Finding]]
_REGISTRY: list[tuple[str, str, RuleFunc]] = []
RULES: dict[str, str] = {}
"""Rule id → one-line description, in the order the rules run."""


def rule(rule_id: str, description: str) -> Callable[[RuleFunc], RuleFunc]:
    """Register a rule function under a stable id."""

    def deco(fn: RuleFunc) -> RuleFunc:
        assert rule_id not in RULES, rule_id
        _REGISTRY.append((rule_id, description, fn))
        RULES[rule_id] = description
        return fn

    return deco


# -- page set-up ------------------------------------------------------------------------


@rule("page.size", "Paper is A4, 210 × 297 mm")
def _page_size(doc: DocView) -> Iterator[Finding]:
    for s in doc.sections:
        if s.width_mm is None or s.height_mm is None:
            yield _finding("page.size", f"section {s.index + 1}: no paper size set; expected A4 210 × 297 mm")
            continue
        dims = sorted((s.width_mm, s.height_mm))
        if abs(dims[0] - A4_MM[0]) > 1 or abs(dims[1] - A4_MM[1]) > 1:
            yield _finding(
                "page.size",
                f"section {s.index + 1}: paper {s.width_mm:.1f} × {s.height_mm:.1f} mm; expected A4 210 × 297 mm",
            )


@rule("page.orientation", "The first section (page 1) is portrait")
def _page_orientation(doc: DocView) -> Iterator[Finding]:
    s = doc.sections[0] if doc.sections else None
    if s and s.width_mm and s.height_mm and s.width_mm > s.height_mm:
        yield _finding("page.orientation", "page 1 is landscape; expected portrait")


@rule("page.margins", "Margins: top and bottom 20–25 mm, left 30–35 mm, right 15–20 mm")
def _page_margins(doc: DocView) -> Iterator[Finding]:
    names = {"top": "top", "bottom": "bottom", "left": "left", "right": "right"}
    for s in doc.sections:
        bad = []
        for side, (lo, hi) in MARGINS_MM.items():
            v = s.margins_mm[side]
            if v is None or not lo - MM_TOLERANCE <= v <= hi + MM_TOLERANCE:
                got = "unset" if v is None else f"{v:.1f} mm"
                bad.append(f"{names[side]} {got} (expected {lo}–{hi} mm)")
        if bad:
            yield _finding("page.margins", f"section {s.index + 1}: margin " + ", ".join(bad))


# -- text-wide rules ------------------------------------------------------------------


def _all_paragraphs(doc: DocView) -> Iterator[tuple[Para, str | None]]:
    for p in doc.paras:
        yield p, None
    for where, p in doc.stories:
        yield p, where


def _text_finding(rule_id: str, message: str, p: Para, where: str | None) -> Finding:
    if where is None:
        return _finding(rule_id, message, p)
    return _finding(rule_id, f"{where}: {message}", None, p.full_text)


@rule("font.family", "Every text run resolves to Times New Roman (styles, defaults, theme)")
def _font_family(doc: DocView) -> Iterator[Finding]:
    for p, where in _all_paragraphs(doc):
        bad: dict[str, None] = {}
        for r in p.runs:
            if not r.text.strip():
                continue
            for f in r.fonts:
                if f is None:
                    bad["(no font set)"] = None
                elif f.strip().lower() != FONT.lower():
                    bad[f] = None
        if bad:
            yield _text_finding(
                "font.family", f"font {', '.join(bad)}; expected {FONT}", p, where
            )


@rule("font.color", "Text is black (automatic or 000000)")
def _font_color(doc: DocView) -> Iterator[Finding]:
    for p, where in _all_paragraphs(doc):
        colours = {
            r.color
            for r in p.runs
            if r.text.strip() and r.color not in (None, "auto", "000000")
        }
        if colours:
            yield _text_finding(
                "font.color", f"text colour {', '.join(sorted(colours))}; expected black", p, where
            )


@rule("text.nfc", "Text is Unicode NFC (precomposed Vietnamese letters, TCVN 6909:2001)")
def _text_nfc(doc: DocView) -> Iterator[Finding]:
    for p, where in _all_paragraphs(doc):
        if not unicodedata.is_normalized("NFC", p.text):
            yield _text_finding(
                "text.nfc",
                "text is not in Unicode NFC (decomposed accents); save it precomposed",
                p,
                where,
            )


# -- header (ô 1–4) -------------------------------------------------------------------


@rule("header.layout", "Agency name (left) and Quốc hiệu (right) side by side, no visible table borders")
def _header_layout(doc: DocView) -> Iterator[Finding]:
    lay = doc.layout
    qh, agency = lay.quoc_hieu, lay.agency
    if qh is None or not agency:
        return  # reported by header.quoc_hieu / header.agency
    a = agency[0]
    if qh.para.cell is not None:
        table = doc.tables[qh.para.cell.table]
        if not _beside(a.para.cell, qh.para.cell):
            yield _unit_finding(
                "header.layout",
                "agency name must be in the left cell of the Quốc hiệu's row",
                a,
            )
        if table.visible_borders:
            yield _unit_finding(
                "header.layout",
                f"header table shows borders ({', '.join(table.visible_borders)}); expected none",
                qh,
            )
    elif not (a.para.index == qh.para.index and a.seg == qh.seg and a.part < qh.part):
        yield _unit_finding(
            "header.layout",
            "Quốc hiệu is not beside the agency name; put them in a borderless 2-column table",
            qh,
        )


@rule("header.agency", "Issuing body name: capitals, bold, 12–13 pt, centred")
def _header_agency(doc: DocView) -> Iterator[Finding]:
    agency = doc.layout.agency
    if not agency:
        yield _finding("header.agency", "issuing body name (e.g. ỦY BAN NHÂN DÂN / TỈNH …) not found")
        return
    for u in agency:
        problems = _format_problems(u, caps=True, bold=True, italic=False, size=(12, 13), centred=True)
        yield from _problems_finding("header.agency", "agency name", problems, u)


def _ratio_finding(
    rule_id: str, what: str, rule_: HLine | None, text_pt: float, lo: float, hi: float, anchor: Unit
) -> Iterator[Finding]:
    if rule_ is None:
        yield _unit_finding(rule_id, f"no line under the {what}", anchor)
        return
    if text_pt <= 0:
        return
    ratio = rule_.width_pt / text_pt
    if not lo <= ratio <= hi:
        yield _finding(
            rule_id,
            f"line under the {what} is {rule_.width_pt:.0f} pt, {ratio:.0%} of the text "
            f"({text_pt:.0f} pt); expected {lo:.0%}–{hi:.0%}",
            anchor.para,
        )


@rule("header.agency_line", "Short solid line under the agency name, 1/3–1/2 of its text line")
def _header_agency_line(doc: DocView) -> Iterator[Finding]:
    agency = doc.layout.agency
    if not agency:
        return
    text_pt = max(_width_pt(u.pieces) for u in agency)
    yield from _ratio_finding(
        "header.agency_line",
        "agency name",
        _rule_below(doc, agency[-1]),
        text_pt,
        *SHORT_LINE_RATIO,
        agency[-1],
    )


@rule("header.quoc_hieu", 'Quốc hiệu "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM": capitals, bold, 12–13 pt')
def _header_quoc_hieu(doc: DocView) -> Iterator[Finding]:
    u = doc.layout.quoc_hieu
    if u is None:
        yield _finding("header.quoc_hieu", f'Quốc hiệu "{QUOC_HIEU}" not found')
        return
    problems = []
    if _canon(u.text) != QUOC_HIEU:
        problems.append(f'text "{u.text}" should be exactly "{QUOC_HIEU}"')
    problems += _format_problems(u, caps=True, bold=True, italic=False, size=(12, 13), centred=True)
    yield from _problems_finding("header.quoc_hieu", "Quốc hiệu", problems, u)


@rule("header.tieu_ngu", 'Tiêu ngữ "Độc lập - Tự do - Hạnh phúc": bold, 13–14 pt, under the Quốc hiệu')
def _header_tieu_ngu(doc: DocView) -> Iterator[Finding]:
    lay = doc.layout
    u = lay.tieu_ngu
    if u is None:
        yield _finding("header.tieu_ngu", f'Tiêu ngữ "{TIEU_NGU}" not found')
        return
    problems = []
    text = _nfc_spaced(u.text)
    if text != TIEU_NGU:
        problems.append(f'text "{text}" should be exactly "{TIEU_NGU}" (hyphens with spaces)')
    problems += _format_problems(u, caps=False, bold=True, italic=False, size=(13, 14), centred=True)
    qh = lay.quoc_hieu
    if qh is not None:
        same_para_next = u.para.index == qh.para.index and u.seg == qh.seg + 1
        next_para = (
            u.para.cell == qh.para.cell
            and u.para.index > qh.para.index
            and not any(p.text.strip() for p in doc.paras[qh.para.index + 1 : u.para.index])
            and qh.seg == len(doc.units(qh.para)) - 1
        )
        tab_layout = qh.part > 0 and u.part > 0 and u.para.index > qh.para.index
        if not (same_para_next or next_para or tab_layout):
            problems.append("not directly under the Quốc hiệu")
    yield from _problems_finding("header.tieu_ngu", "Tiêu ngữ", problems, u)


@rule("header.tieu_ngu_line", "Solid line under the Tiêu ngữ, as long as the Tiêu ngữ (±25 %)")
def _header_tieu_ngu_line(doc: DocView) -> Iterator[Finding]:
    u = doc.layout.tieu_ngu
    if u is None:
        return
    yield from _ratio_finding(
        "header.tieu_ngu_line", "Tiêu ngữ", _rule_below(doc, u), _width_pt(u.pieces), *FULL_LINE_RATIO, u
    )


@rule("header.size_profile", "Header sizes rise and fall together: Tiêu ngữ = Quốc hiệu + 1 pt = date line")
def _header_size_profile(doc: DocView) -> Iterator[Finding]:
    lay = doc.layout
    if lay.quoc_hieu is None or lay.tieu_ngu is None:
        return
    qh, tn = _sizes(lay.quoc_hieu.pieces), _sizes(lay.tieu_ngu.pieces)
    if len(qh) != 1 or len(tn) != 1:
        return
    q, t = next(iter(qh)), next(iter(tn))
    if abs(t - (q + 1)) > 0.01:
        yield _unit_finding(
            "header.size_profile",
            f"Quốc hiệu {q:g} pt with Tiêu ngữ {t:g} pt; use 13/14 or 12/13 (Phụ lục I, Mục V)",
            lay.tieu_ngu,
        )
    if lay.date is not None:
        ds = _sizes(lay.date.pieces)
        if len(ds) == 1 and abs(next(iter(ds)) - t) > 0.01:
            yield _unit_finding(
                "header.size_profile",
                f"date line {next(iter(ds)):g} pt with Tiêu ngữ {t:g} pt; they should match",
                lay.date,
            )


@rule("header.so", 'Số line "Số: 07/KH-UBND" (draft "Số:    /KH-UBND"): zero-padded number, 13 pt, centred')
def _header_so(doc: DocView) -> Iterator[Finding]:
    lay = doc.layout
    u = lay.so
    if u is None:
        yield _finding("header.so", 'number line "Số: …/…-UBND" not found')
        return
    text = unicodedata.normalize("NFC", u.text)
    problems = []
    m = re.match(r"^(?P<so>\S+?)\s*:(?P<sp>\s*)(?P<num>[^/]*?)(?P<sp2>\s*)/(?P<sp3>\s*)(?P<kh>.*)$", text)
    if not m:
        problems.append('expected "Số: <number>/<ký hiệu>"')
    else:
        if m["so"] != "Số":
            problems.append(f'"{m["so"]}:" should be "Số:"')
        num = m["num"]
        if _BLANK.match(num):
            pass  # draft: number assigned after signing
        elif not num.isdigit():
            problems.append(f'number "{num}" is not an Arabic number')
        else:
            n = int(num)
            if n == 0:
                problems.append("number 0")
            elif n < 10 and len(num) != 2:
                problems.append(f'number {num} needs a leading zero ("{n:02d}")')
            elif n >= 10 and num.startswith("0"):
                problems.append(f'number {num} has a superfluous leading zero ("{n}")')
            if not m["sp"]:
                problems.append('no space after "Số:"')
            if m["sp2"] or m["sp3"]:
                problems.append('no spaces allowed around "/"')
        kh = m["kh"]
        if not re.fullmatch(r"[A-ZĐ][A-Za-zĐđ0-9]*(-[A-ZĐ0-9][A-Za-zĐđ0-9]*)+", kh):
            problems.append(f'ký hiệu "{kh}" should be capitals groups joined by "-" without spaces, e.g. KH-UBND')
        elif lay.kind_code and kh.split("-")[0] != lay.kind_code:
            problems.append(f'ký hiệu "{kh}" should start with {lay.kind_code} for this document type')
    problems += _format_problems(u, size=(13, 13))
    if _any(u.pieces, "italic"):
        problems.append("italic; expected upright")
    if not _centred(u):
        problems.append("not centred under the agency name")
    yield from _problems_finding("header.so", "Số", problems, u)


def _date_problems(text: str) -> list[str]:
    m = _DATE_RE.match(text)
    if not m:
        return ['expected "<Địa danh>, ngày DD tháng M năm YYYY"']
    out = []
    for word in ("ngay", "thang", "nam"):
        if m[word] != m[word].lower():
            out.append(f'"{m[word]}" should be lower case')
    place, d, mo, y = m["place"].strip(), m["d"], m["m"], m["y"]
    if not place:
        out.append("place name (địa danh) missing")
    elif not _BLANK.match(place) and not place[0].isupper():
        out.append(f'place name "{place}" should start with a capital letter')
    draft = _BLANK.match(d) and _BLANK.match(mo)
    if draft:
        if not (_BLANK.match(y) or re.fullmatch(r"\d{4}", y)):
            out.append(f'year "{y}" should have 4 digits')
        return out
    day = month = year = None
    if not re.fullmatch(r"\d{1,2}", d):
        out.append(f'day "{d}" is not a number')
    else:
        day = int(d)
        if day < 10 and len(d) != 2:
            out.append(f'day {d} needs a leading zero ("ngày {day:02d}")')
    if not re.fullmatch(r"\d{1,2}", mo):
        out.append(f'month "{mo}" is not a number')
    else:
        month = int(mo)
        want = f"{month:02d}" if month in (1, 2) else str(month)
        if mo != want:
            out.append(
                f'"tháng {mo}" should be "tháng {want}" (leading zero only for months 01 and 02)'
            )
    if not re.fullmatch(r"\d{4}", y):
        out.append(f'year "{y}" should have 4 digits')
    else:
        year = int(y)
    if day and month and year:
        try:
            dt.date(year, month, day)
        except ValueError:
            out.append(f"{day:02d}/{month:02d}/{year} is not a valid date")
    return out


@rule("date.format", "Date line: day zero-padded, month zero-padded only for 01 and 02 (blanks allowed in drafts)")
def _date_format(doc: DocView) -> Iterator[Finding]:
    u = doc.layout.date
    if u is None:
        yield _finding("date.format", 'date line "<Địa danh>, ngày … tháng … năm …" not found')
        return
    yield from _problems_finding("date.format", "date", _date_problems(_nfc_spaced(u.text)), u)


@rule("date.style", "Date line italic, 13–14 pt, centred under the Quốc hiệu")
def _date_style(doc: DocView) -> Iterator[Finding]:
    u = doc.layout.date
    if u is None:
        return
    problems = _format_problems(u, italic=True, bold=False, size=(13, 14), centred=True)
    yield from _problems_finding("date.style", "date line", problems, u)


@rule("date.position", "Date line on the same line (table row) as Số, to its right")
def _date_position(doc: DocView) -> Iterator[Finding]:
    lay = doc.layout
    so, date = lay.so, lay.date
    if so is None or date is None:
        return
    if so.para.cell is not None and date.para.cell is not None:
        if _beside(so.para.cell, date.para.cell):
            return
    elif so.para.index == date.para.index and so.seg == date.seg and date.part > so.part:
        return
    yield _unit_finding("date.position", "date line is not on the same line as Số, to its right", date)


# -- title (ô 5a) ---------------------------------------------------------------------


@rule("title.kind", 'Tên loại "KẾ HOẠCH" / "CHỈ THỊ": capitals, bold, 13–14 pt, centred')
def _title_kind(doc: DocView) -> Iterator[Finding]:
    u = doc.layout.kind
    if u is None:
        yield _finding("title.kind", 'document type title "KẾ HOẠCH" or "CHỈ THỊ" not found')
        return
    problems = _format_problems(u, caps=True, bold=True, italic=False, size=(13, 14), para_centred=True)
    yield from _problems_finding("title.kind", f"title {u.text}", problems, u)


@rule("title.trich_yeu", "Trích yếu directly under the tên loại: bold, 13–14 pt, centred, sentence case")
def _title_trich_yeu(doc: DocView) -> Iterator[Finding]:
    lay = doc.layout
    if lay.kind is None:
        return
    if not lay.trich_yeu:
        yield _unit_finding("title.trich_yeu", "no trích yếu under the title", lay.kind)
        return
    letters = "".join(ch for u in lay.trich_yeu for ch in u.text if ch.isalpha())
    for u in lay.trich_yeu:
        problems = _format_problems(u, bold=True, italic=False, size=(13, 14), para_centred=True)
        yield from _problems_finding("title.trich_yeu", "trích yếu", problems, u)
    if len(letters) > 12 and (
        letters.isupper() or all(r.caps for u in lay.trich_yeu for _, r in _visible(u.pieces))
    ):
        yield _unit_finding(
            "title.trich_yeu", "trích yếu is in capitals; ND30 asks for lower case (sentence case)", lay.trich_yeu[0]
        )


@rule("title.line", "Short solid line under the trích yếu, 1/3–1/2 of its text line")
def _title_line(doc: DocView) -> Iterator[Finding]:
    ty = doc.layout.trich_yeu
    if not ty:
        return
    last = ty[-1]
    text_pt = min(max(_width_pt(u.pieces) for u in ty), _line_width_pt(doc, last.para))
    yield from _ratio_finding("title.line", "trích yếu", _rule_below(doc, last), text_pt, *SHORT_LINE_RATIO, last)


# -- body (ô 6) -----------------------------------------------------------------------


def _is_heading(p: Para) -> bool:
    vis = [r for r in p.runs if r.text.strip()]
    return p.fmt.align == "center" or (bool(vis) and all(r.bold for r in vis) and len(p.text) < 300)


def _body_pieces(p: Para) -> list[tuple[str, Run]]:
    return [(r.text, r) for r in p.runs]


@rule("body.size", "Body text 13–14 pt")
def _body_size(doc: DocView) -> Iterator[Finding]:
    for p in doc.layout.body:
        problem = _size_problem(_body_pieces(p), 13, 14)
        if problem:
            yield _finding("body.size", f"body text {problem}", p)


@rule("body.align", "Body paragraphs justified (both margins)")
def _body_align(doc: DocView) -> Iterator[Finding]:
    for p in doc.layout.body:
        if not _is_heading(p) and p.fmt.align != "both":
            yield _finding("body.align", f"paragraph aligned {p.fmt.align}; expected justified", p)


@rule("body.indent", "Body first-line indent 1–1.27 cm, no left or hanging indent")
def _body_indent(doc: DocView) -> Iterator[Finding]:
    lo, hi = FIRST_LINE_TW
    for p in doc.layout.body:
        if _is_heading(p):
            continue
        f = p.fmt
        problems = []
        if not lo <= f.first_line <= hi:
            kind = "hanging indent" if f.first_line < 0 else "first-line indent"
            problems.append(f"{kind} {abs(f.first_line) / TWIPS_PER_CM:.2f} cm; expected 1–1.27 cm")
        if abs(f.ind_left) > 57:
            problems.append(f"left indent {f.ind_left / TWIPS_PER_CM:.2f} cm; expected 0")
        if problems:
            yield _finding("body.indent", "; ".join(problems), p)


@rule("body.spacing", "At least 6 pt between body paragraphs")
def _body_spacing(doc: DocView) -> Iterator[Finding]:
    body = doc.layout.body
    for prev, cur in zip(body, body[1:]):
        between = doc.paras[prev.index + 1 : cur.index]
        if between:
            continue  # an empty paragraph or a table in between gives room enough
        after = 280 if prev.fmt.after_auto else prev.fmt.space_after
        before = 280 if cur.fmt.before_auto else cur.fmt.space_before
        if prev.fmt.contextual and prev.fmt.style_id == cur.fmt.style_id:
            after = 0
        if cur.fmt.contextual and prev.fmt.style_id == cur.fmt.style_id:
            before = 0
        gap = after + before
        if gap < MIN_GAP_TW:
            yield _finding(
                "body.spacing",
                f"{gap / 20:g} pt between this and the previous paragraph; expected at least 6 pt",
                cur,
            )


@rule("body.line_spacing", "Body line spacing from single to 1.5 lines")
def _body_line_spacing(doc: DocView) -> Iterator[Finding]:
    for p in doc.layout.body:
        f = p.fmt
        if f.line is None:
            continue
        sizes = _sizes(_body_pieces(p)) or {14.0}
        size = max(sizes)
        if f.line_rule == "auto":
            factor = f.line / 240
            if not 0.99 <= factor <= 1.51:
                yield _finding(
                    "body.line_spacing", f"line spacing {factor:.2f} lines; expected 1–1.5", p
                )
        else:
            pts = f.line / 20
            single = size * 1.15  # Times New Roman's single line height
            too_small = f.line_rule == "exact" and pts < size
            if too_small or pts > single * 1.5 + 0.5:
                yield _finding(
                    "body.line_spacing",
                    f"line spacing {f.line_rule} {pts:g} pt for {size:g} pt text; expected single to 1.5 lines",
                    p,
                )


@rule("body.upright", "Body text upright: no whole paragraph in italic except căn cứ lines")
def _body_upright(doc: DocView) -> Iterator[Finding]:
    for p in doc.layout.body:
        vis = [r for r in p.runs if r.text.strip()]
        if vis and all(r.italic for r in vis) and not p.full_text.lstrip().startswith("Căn cứ"):
            yield _finding("body.upright", "paragraph in italic; body text, khoản and điểm are upright", p)


@rule("body.end", 'The body ends with "./."')
def _body_end(doc: DocView) -> Iterator[Finding]:
    body = doc.layout.body
    if not body:
        yield _finding("body.end", "no body text found between the title and the signature")
        return
    last = body[-1]
    if not last.full_text.rstrip().endswith("./."):
        yield _finding("body.end", 'last body paragraph should end with "./."', last)


# -- numbering (ND30 Phụ lục I, II.6.đ) ------------------------------------------------


def _numbering(doc: DocView) -> list[tuple[str, Para, str]]:
    """The body's numbering problems as (rule id, paragraph, problem), computed once."""
    if doc._numbering is None:
        doc._numbering = list(_walk_numbering(doc))
    return doc._numbering


def _walk_numbering(doc: DocView) -> Iterator[tuple[str, Para, str]]:
    roman_next, arabic_next, letter_next = 1, 1, 0
    for p in doc.layout.body:
        text = p.full_text.lstrip()
        m = _ROMAN_RE.match(text)
        if m:
            v = _roman_value(m.group(1))
            if v is None:
                yield "numbering.roman", p, f'"{m.group(1)}." is not a valid Roman numeral'
                roman_next += 1
            else:
                if v != roman_next:
                    yield (
                        "numbering.roman",
                        p,
                        f'heading "{m.group(1)}." out of sequence; expected "{_roman(roman_next)}."',
                    )
                roman_next = v + 1
            arabic_next, letter_next = 1, 0
            continue
        m = _ARABIC_RE.match(text)
        if m:
            n = int(m.group(1))
            if n != arabic_next:
                yield (
                    "numbering.arabic",
                    p,
                    f'item "{m.group(1)}." out of sequence; expected "{arabic_next}."'
                    + (" (numbering restarts under each Roman heading)" if arabic_next == 1 else ""),
                )
            arabic_next = n + 1
            letter_next = 0
            continue
        m = _LETTER_RE.match(text)
        if m:
            letter = m.group(1)
            expected = VN_LETTERS[letter_next] if letter_next < len(VN_LETTERS) else None
            if letter not in VN_LETTERS:
                yield (
                    "numbering.letter",
                    p,
                    f'"{letter})" is not a Vietnamese letter; expected "{expected})" '
                    "(order a b c d đ e g h i k l m n o p q r s t u v x y)",
                )
                letter_next += 1
            else:
                pos = VN_LETTERS.index(letter)
                if pos != letter_next:
                    yield (
                        "numbering.letter",
                        p,
                        f'"{letter})" out of sequence; expected "{expected})"'
                        + (" (restarts under each numbered item)" if letter_next == 0 else ""),
                    )
                letter_next = pos + 1


def _numbering_rule(rule_id: str, description: str) -> RuleFunc:
    """Register ``rule_id`` as the rule reporting the numbering problems filed under it."""

    @rule(rule_id, description)
    def check(doc: DocView) -> Iterator[Finding]:
        for rid, p, msg in _numbering(doc):
            if rid == rule_id:
                yield _finding(rid, msg, p)

    return check


_numbering_roman = _numbering_rule("numbering.roman", "Mục headings I., II., III. … in sequence")
_numbering_arabic = _numbering_rule(
    "numbering.arabic", "Khoản 1., 2., 3. … in sequence, restarting at 1 under each Roman heading"
)
_numbering_letter = _numbering_rule(
    "numbering.letter",
    "Điểm a), b), c) … in Vietnamese order (no f, j, w, z; đ after d), restarting under each khoản",
)


# -- Nơi nhận (ô 9b) ------------------------------------------------------------------


@rule("recipients.label", '"Nơi nhận:" present, 12 pt bold italic')
def _recipients_label(doc: DocView) -> Iterator[Finding]:
    u = doc.layout.recipients_label
    if u is None:
        yield _finding("recipients.label", '"Nơi nhận:" not found')
        return
    problems = []
    if not u.text.startswith("Nơi nhận:"):
        problems.append(f'"{u.text}" should read "Nơi nhận:"')
    problems += _format_problems(u, bold=True, italic=True, size=(12, 12))
    yield from _problems_finding("recipients.label", "Nơi nhận", problems, u)


@rule("recipients.items", 'Recipients one per line, 11 pt, starting with "- " and ending with ";"')
def _recipients_items(doc: DocView) -> Iterator[Finding]:
    items = doc.layout.recipients
    if doc.layout.recipients_label is None:
        return
    if not items:
        yield _unit_finding("recipients.items", "no recipients listed under Nơi nhận", doc.layout.recipients_label)
        return
    previous_open = False  # the previous item did not end, so this line may continue it
    for k, u in enumerate(items):
        raw = u.raw
        text = u.text
        last = k == len(items) - 1
        problems = []
        continuation = previous_open and raw[:1].isspace() and not text.startswith(("-", "+"))
        if not continuation and not (text.startswith("- ") or text.startswith("+ ")):
            problems.append('should start with "- "')
        if not last and not text.endswith((";", ":")) and not (
            k + 1 < len(items) and items[k + 1].raw[:1].isspace()
        ):
            problems.append('should end with ";"')
        problems += _format_problems(u, size=(11, 11))
        if _any(u.pieces, "bold") or _any(u.pieces, "italic"):
            problems.append("should be upright, not bold or italic")
        previous_open = not text.endswith((";", ":", "."))
        yield from _problems_finding("recipients.items", "recipient", problems, u)


_LUU_RE = re.compile(r"^- Lưu: VT(, .+)?\.(\s*[A-ZĐ]{1,6}\.?\s*\(\d+\))?$")


@rule("recipients.last", 'Last recipient line "- Lưu: VT, <đơn vị>." ending with "."')
def _recipients_last(doc: DocView) -> Iterator[Finding]:
    items = doc.layout.recipients
    if not items:
        return
    last = items[-1]
    text = _nfc_spaced(last.text)
    if not _LUU_RE.match(text):
        if not re.match(r"^-\s*Lưu\b", text, re.I):
            msg = 'last recipient line should be "- Lưu: VT, <đơn vị>."'
        else:
            msg = f'"{text}" should read "- Lưu: VT, <đơn vị>." and end with "."'
        yield _unit_finding("recipients.last", msg, last)


# -- signature (ô 7) ------------------------------------------------------------------


def _is_draft(doc: DocView) -> bool:
    """A draft leaves the number blank ("Số:     /KH-UBND"), to be filled in after signing."""
    so = doc.layout.so
    if so is None:
        return False
    m = re.match(r"^\S+\s*:([^/]*)/", so.text)
    return bool(m) and bool(_BLANK.match(m.group(1)))


@rule("sign.block", "Signature in the right cell of the borderless Nơi nhận/signature table, signer named")
def _sign_block(doc: DocView) -> Iterator[Finding]:
    lay = doc.layout
    if not lay.sign:
        anchor = lay.recipients_label
        msg = "signature block (TM. ỦY BAN NHÂN DÂN / CHỦ TỊCH …) not found"
        yield _unit_finding("sign.block", msg, anchor) if anchor else _finding("sign.block", msg)
        return
    first = lay.sign[0]
    label = lay.recipients_label
    if first.para.cell is None or lay.sign_table is None:
        yield _unit_finding(
            "sign.block", "signature is not in a table beside Nơi nhận; use a borderless 2-column table", first
        )
        return
    if label is not None and label.para.cell is not None:
        if not _beside(label.para.cell, first.para.cell):
            yield _unit_finding("sign.block", "signature should be in the cell right of Nơi nhận", first)
    if lay.sign_table.visible_borders:
        yield _unit_finding(
            "sign.block",
            f"signature table shows borders ({', '.join(lay.sign_table.visible_borders)}); expected none",
            first,
        )
    names = [u for u in lay.sign if u.text != u.text.upper() and not u.text.startswith(("(", "["))]
    if not names and not _is_draft(doc):
        yield _unit_finding(
            "sign.block", "no signer's name under the signature (only drafts may leave it out)", lay.sign[-1]
        )
    t = _canon(first.text)
    if not (_AUTHORITY_RE.match(t) or _POSITION_RE.match(t)):
        yield _unit_finding(
            "sign.block",
            f'signature starts with "{first.text}"; expected an authority line (TM./KT./Q./TL./TUQ.) or a position',
            first,
        )


@rule("sign.style", "Authority and position lines bold capitals 13–14 pt; signer's name bold 13–14 pt")
def _sign_style(doc: DocView) -> Iterator[Finding]:
    lines = doc.layout.sign
    if not lines:
        return
    k = 0
    while k < len(lines) and lines[k].text == lines[k].text.upper():
        k += 1
    heads, rest = lines[:k], lines[k:]
    if not heads:
        heads = lines[:1]
    for u in heads:
        problems = _format_problems(u, caps=True, bold=True, size=(13, 14))
        yield from _problems_finding("sign.style", f"signature line {u.text}", problems, u)
    names = [u for u in rest if not u.text.startswith(("(", "["))]
    if names:
        name = names[-1]
        problems = _format_problems(name, bold=True, size=(13, 14))
        yield from _problems_finding("sign.style", "signer's name", problems, name)


# -- page numbers (Phụ lục I, I.7) ----------------------------------------------------


def _page_paras(paras: Sequence[Para] | None) -> list[Para]:
    return [p for p in paras or () if "PAGE" in p.fields]


@rule("page.number", "Page numbers: a PAGE field in the header, centred, 13–14 pt")
def _page_number(doc: DocView) -> Iterator[Finding]:
    if not doc.sections:
        return
    s = doc.sections[0]
    found = _page_paras(s.header)
    if not found:
        if _page_paras(s.footer) or _page_paras(s.first_footer):
            yield _finding("page.number", "page number is in the footer; ND30 puts it centred in the header")
        else:
            yield _finding("page.number", "no PAGE field in the page header; pages are not numbered")
        return
    p = found[0]
    if not (p.fmt.align == "center" or p.text.startswith("\t") and not p.text.startswith("\t\t")):
        yield _finding("page.number", f"page number aligned {p.fmt.align}; expected centred", None, "header")
    size = _size_problem(_body_pieces(p), 13, 14)
    if size:
        yield _finding("page.number", f"page number {size}", None, "header")


@rule("page.first", "Page 1 shows no page number (different first page, w:titlePg)")
def _page_first(doc: DocView) -> Iterator[Finding]:
    if not doc.sections:
        return
    s = doc.sections[0]
    if not _page_paras(s.header):
        return
    if not s.title_pg:
        yield _finding(
            "page.first", "page 1 shows the page number; set a different first page (w:titlePg)"
        )
    elif _page_paras(s.first_header):
        yield _finding("page.first", "the first-page header contains a PAGE field; page 1 must show none")


# --------------------------------------------------------------------------------------
# entry points


def check_docx(source: str | os.PathLike | bytes, *, max_per_rule: int = MAX_PER_RULE) -> list[Finding]:
    """Check a .docx (path or file content) against ND30; return the findings, [] if none.

    Findings come in document order (page-wide ones first). For each rule, findings after
    ``max_per_rule`` are folded into one "… and N more" finding (paragraph None); pass 0
    to get them all.

    Raises:
        UnreadableDocxError: the file cannot be opened as a .docx.
    """
    doc = build_view(source)
    return run_rules(doc, max_per_rule=max_per_rule)


def run_rules(doc: DocView, *, max_per_rule: int = MAX_PER_RULE) -> list[Finding]:
    """Run every registered rule on a parsed document."""
    keyed: list[tuple[int, int, int, Finding]] = []
    for order, (rule_id, _, fn) in enumerate(_REGISTRY):
        found = list(fn(doc))
        assert all(f.rule == rule_id for f in found), rule_id
        extra = len(found) - max_per_rule if max_per_rule else 0
        if extra > 0:
            found = found[:max_per_rule]
        key = -1
        for f in found:
            key = -1 if f.paragraph is None else f.paragraph
            keyed.append((key, order, 0, f))
        if extra > 0:
            # sorts right after the last finding shown for this rule
            keyed.append((key, order, 1, Finding(rule_id, f"… and {extra} more like this", None, None)))
    keyed.sort(key=lambda x: x[:3])
    return [f for *_, f in keyed]


def findings_to_json(findings: Iterable[Finding]) -> str:
    """Findings as a JSON array of {rule, message, paragraph, text} objects (UTF-8 text)."""
    return json.dumps(
        [dataclasses.asdict(f) for f in findings], ensure_ascii=False, indent=2
    )
