"""The pre-parsed view of a document the rules run on: paragraphs split into units, sections
with their headers and footers, and the slots :mod:`vbgen.check.locate` fills in.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterator

from vbgen.ooxml.records import Para, Run, Table

from vbgen.read.sections import SectionView, _read_sections, _read_sections_fast  # noqa: F401  (re-exported)


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
    logical: object = None
    """The :class:`vbgen.read.logical.LogicalDocument` read (habits, encoding, pages, source)."""
    render_source: object = None
    """What LibreOffice renders to count the pages (the .docx path or content)."""
    may_render: bool = False

    def pages(self) -> int | None:
        """Pages as printed: rendered once, when a rule first asks; None if not rendered."""
        lg = self.logical
        if lg is None:
            return None
        if lg.pages is None and self.may_render and self.render_source is not None:
            from vbgen.read.convert import page_count

            lg.pages = page_count(self.render_source) or 0
            self.render_source = None
        return lg.pages or None

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


