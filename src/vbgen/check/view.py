"""The pre-parsed view of a document the rules run on: paragraphs split into units, sections
with their headers and footers, and the slots :mod:`vbgen.check.locate` fills in.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable, Iterator, Sequence

from vbgen.ooxml.fastread import LINKED, FastDocument, page_number_start
from vbgen.ooxml.records import Para, Run, Table
from vbgen.ooxml.walker import read_story


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
    page_start: int | None = None  # the number of its first page (w:pgNumType/@w:start); None: continues


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
    marks: list[Unit] = dataclasses.field(default_factory=list)
    """DỰ THẢO, độ mật, độ khẩn and the circulation note, found before the title."""


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
    section_ends: tuple[int, ...] = ()  # the paragraph that ends each section but the last

    def section_of(self, index: int) -> int:
        """The section (index into ``sections``) that holds body paragraph ``index``."""
        return sum(1 for end in self.section_ends if end < index)

    def section_start(self, section: int) -> int:
        """Index of the first body paragraph of ``section``."""
        return self.section_ends[section - 1] + 1 if section > 0 else 0

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

    starts = [page_number_start(s._sectPr) for s in sections]
    return _section_views(sections, find_part, lambda element: read_story(element, resolver), starts)


def _read_sections_fast(fast: FastDocument) -> tuple[list[SectionView], list[tuple[str, Para]]]:
    """:func:`_read_sections` for a document opened with :func:`open_fast`."""

    def find_part(j: int, attr: str):
        part = fast.story_part(j, attr)
        if part is None or part == _LINKED:
            return part
        return part, part

    return _section_views(fast.sections, find_part, fast.read_story, [s.page_number_start for s in fast.sections])


def _section_views(
    sections: Sequence, find_part: Callable, read_part: Callable, page_starts: Sequence[int | None]
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
                page_start=page_starts[i],
            )
        )
    return views, stories


