"""The immutable records the reader returns (:class:`Para`, :class:`Run`, :class:`Table`, …).

The checker works on these only, so it never needs lxml.
"""

from __future__ import annotations

import dataclasses


# --------------------------------------------------------------------------------------
# records


@dataclasses.dataclass(frozen=True, slots=True)
class Run:
    """A run of text with its resolved character formatting.

    ``text`` holds ``\\t`` for tabs and ``\\n`` for line breaks; hidden runs are left out.
    ``fonts`` are the font names that actually draw this text (the ``w:ascii`` slot for
    ASCII characters, ``w:hAnsi`` for other Latin letters such as Vietnamese ones,
    ``w:eastAsia`` when ``w:hint="eastAsia"``); None means no font is set anywhere.
    """

    text: str
    fonts: tuple[str | None, ...]
    size: float | None  # points; None only if nothing sets it (Word then uses 10 pt)
    bold: bool
    italic: bool
    caps: bool
    underline: str | None
    color: str | None  # "auto", "000000", … or None
    vert_align: str | None  # "superscript", "subscript" or None


@dataclasses.dataclass(frozen=True, slots=True)
class Border:
    """One resolved paragraph border edge."""

    style: str  # w:val, e.g. "single"
    size: int  # eighths of a point
    space: int = 0  # points between the border and the text (w:space)


@dataclasses.dataclass(frozen=True, slots=True)
class ParaFormat:
    """Resolved paragraph formatting. Lengths are in twips (1/20 pt)."""

    style_id: str | None
    align: str  # "left", "center", "right", "both" (justified)
    ind_left: int
    ind_right: int
    first_line: int  # positive: first-line indent; negative: hanging indent
    space_before: int
    space_after: int
    before_auto: bool
    after_auto: bool
    line: int | None  # w:spacing/@w:line
    line_rule: str  # "auto" (240ths of a line), "exact", "atLeast"
    contextual: bool
    border_top: Border | None
    border_bottom: Border | None
    border_left: Border | None = None
    border_right: Border | None = None
    tabs: tuple[tuple[int, str], ...] = ()
    """Custom tab stops (position in twips from the left indent's origin, kind: "left",
    "center", "right", "decimal", "clear"…); the default stops are every 720 twips."""


@dataclasses.dataclass(frozen=True, slots=True)
class CellRef:
    """Where a paragraph sits in a table: ``table`` is an index into ``BodyView.tables``."""

    table: int
    row: int
    col: int  # grid column of the cell (gridSpan counted)


@dataclasses.dataclass(frozen=True, slots=True)
class LineShape:
    """A drawn horizontal line (DrawingML or VML shape) found in a paragraph."""

    width_pt: float
    kind: str  # "drawingml" or "vml"


@dataclasses.dataclass(frozen=True, slots=True)
class Para:
    """One paragraph with its text, resolved formatting and position."""

    index: int
    text: str  # visible text; "\\t" for tabs, "\\n" for line breaks
    label: str  # text of an automatic numbering label ("I. ", "a) ") or ""
    runs: tuple[Run, ...]
    fmt: ParaFormat
    cell: CellRef | None  # innermost table cell, None for top-level paragraphs
    width: int | None  # width of the text area of its table cell in twips (None at top level)
    lines: tuple[LineShape, ...]  # line shapes drawn in or anchored to this paragraph
    fields: tuple[str, ...]  # field instructions in this paragraph, e.g. ("PAGE",)
    notes: tuple[tuple[int, int], ...] = ()
    """Footnote marks: (how many of ``runs`` come before the mark, the note's w:id)."""

    @property
    def full_text(self) -> str:
        """The numbering label followed by the text, as a reader sees it."""
        return self.label + self.text


@dataclasses.dataclass(frozen=True, slots=True)
class Table:
    """A table: its cells (as lists of paragraph indexes) and whether borders show."""

    index: int
    parent: CellRef | None  # the cell holding a nested table; None at top level
    cells: tuple[tuple[int, int, tuple[int, ...]], ...]  # (row, col, paragraph indexes)
    n_rows: int
    n_cols: int
    visible_borders: tuple[str, ...]  # edges with a visible border, e.g. ("top", "insideH")
    width: int | None = None  # twips: the sum of its grid columns (None when it has no grid)
    grid: tuple[int, ...] = ()  # twips: the width of each grid column (w:tblGrid)
    shapes: tuple[tuple[int, str | None], ...] = ()
    """For each of ``cells``: (grid columns it spans (w:gridSpan), its w:vMerge: "restart",
    "continue" or None)."""
    header_rows: int = 0  # leading rows marked to repeat on each page (w:tblHeader)

    def cell_paras(self, row: int, col: int) -> tuple[int, ...]:
        """Paragraph indexes of the cell at (row, col), or () if there is none."""
        for r, c, paras in self.cells:
            if r == row and c == col:
                return paras
        return ()


@dataclasses.dataclass(frozen=True, slots=True)
class BodyView:
    """Every paragraph and table of the document body, in document order."""

    paragraphs: tuple[Para, ...]
    tables: tuple[Table, ...]
    section_ends: tuple[int, ...] = ()
    """Index of the paragraph that ends each section but the last (it holds a ``w:sectPr``)."""


