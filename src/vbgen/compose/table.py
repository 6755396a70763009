"""A content table (:class:`vbgen.content.tables.Table`) laid on its grid, as plain data.

The grid has as many columns as the first row covers (a cell with ``span: 2`` covers two);
every row must cover them all, counting the cells merged down into it from the rows above.
Widths are in twips here: the ones given (cm) converted, or equal columns over the text
width; a table is never wider than the text area of its page (portrait A4 with the margins of
Nghị định 30/2020, Phụ lục I, I.4: 30 mm left, 15 mm right; a landscape appendix is wider).
Cell text is composed like any paragraph (placeholders, inline markup, citations in reading
order); line breaks in a ``|-`` block stay line breaks, footnotes are not allowed in a cell.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from vbgen import vi
from vbgen.content import inline
from vbgen.content.tables import Cell, Table
from vbgen.content.yamlload import KeyPath
from vbgen.errors import Problem
from vbgen.i18n import _

if TYPE_CHECKING:
    from vbgen.compose.document import Composer

TWIPS_PER_CM = 1440 / 2.54
PAGE_CM = (21.0, 29.7)  # A4
SIDE_MARGINS_CM = 3.0 + 1.5  # left 30 mm, right 15 mm (the profile of vbgen's templates)
TEXT_WIDTH_CM = PAGE_CM[0] - SIDE_MARGINS_CM  # 16.5 cm
LANDSCAPE_TEXT_WIDTH_CM = PAGE_CM[1] - SIDE_MARGINS_CM  # 25.2 cm
WIDTH_TOLERANCE_CM = 0.05  # rounding of widths typed by hand
FIGURE = re.compile(r"^[0-9IVXLCivxlc.,;:%/()+\-–x ]{1,12}$")
"""A body cell that is a number, a figure or a Roman numeral (an STT, points, a ratio) is centred by default."""


def compose_table(c: "Composer", table: Table, path: KeyPath, landscape: bool = False) -> dict[str, Any] | None:
    """The table as {widths (twips), header: [rows], rows: [rows]}, each row a list of cells
    {col, span, merge (None, "restart", "continue"), pieces, align, bold}; None when it has
    errors (recorded on ``c``)."""
    errors = len(c.errors)
    first = table.header[0] if table.header else table.rows[0] if table.rows else []
    if not first:  # a later row may be empty: all of it merged down from above
        c.problem((*path, "header" if table.header else "rows"),
                  _("a table needs at least one row under 'rows', and its first row at least one cell"))
        return None
    columns = sum(cell.span for cell in first)
    header = _lay(c, table.header, columns, (*path, "header"), header=True)
    rows = _lay(c, table.rows, columns, (*path, "rows"), header=False)
    widths = _widths(c, table, columns, path, landscape)
    if len(c.errors) > errors:
        return None
    return {"widths": widths, "header": header, "rows": rows}


def _lay(c: "Composer", rows: list[list[Cell]], columns: int, path: KeyPath, header: bool) -> list[list[dict[str, Any]]]:
    """Place every cell of ``rows`` on the grid; merges down do not cross from the header into the rows."""
    covered: dict[int, dict[int, tuple[int, int]]] = {}  # row -> start column -> (span, cell path row)
    out: list[list[dict[str, Any]]] = []
    for r, row in enumerate(rows):
        rpath = (*path, r)
        below = covered.get(r, {})
        placed: list[dict[str, Any]] = []
        col = 0

        def fill_covered() -> int:
            nonlocal col
            while col in below:
                span = below[col][0]
                placed.append({"col": col, "span": span, "merge": "continue", "pieces": (), "align": None, "bold": False})
                col += span
            return col

        for k, cell in enumerate(row):
            fill_covered()
            kpath = (*rpath, k)
            if col + cell.span > columns:
                what = (_("this cell spans {span} columns from column {col}, past the last of the {columns} columns of the table")
                        .format(span=cell.span, col=col + 1, columns=columns) if cell.span > 1 else
                        _("row {row} has more cells than the {columns} columns of the table (the first row sets them{merged}); "
                          "remove a cell, or widen the first row with 'span'").format(row=r + 1, columns=columns, merged=_merged(below)))
                c.problem(kpath if cell.span > 1 else rpath, what)
                break
            if any(col + j in below for j in range(cell.span)):
                c.problem(kpath, _("this cell spans {span} columns into a cell merged down from the row above; "
                                   "leave that cell out or shorten 'span'").format(span=cell.span))
                break
            if cell.rows > 1:
                if r + cell.rows > len(rows):
                    message = (_("'rows: {n}' merges past the last row of the header: it has {left} row(s) from this one down") if header else
                               _("'rows: {n}' merges past the last row of the table: it has {left} row(s) from this one down"))
                    c.problem((*kpath, "rows"), message.format(n=cell.rows, left=len(rows) - r))
                for down in range(r + 1, min(r + cell.rows, len(rows))):
                    covered.setdefault(down, {})[col] = (cell.span, r)
            placed.append({"col": col, "span": cell.span, "merge": "restart" if cell.rows > 1 else None,
                           "pieces": _text(c, cell, kpath), "align": _align(c, cell, header, kpath), "bold": cell.bold or header})
            col += cell.span
        else:
            fill_covered()
            if col < columns:
                c.problem(rpath, _("row {row} covers {got} of the {columns} columns of the table (the first row sets them{merged}); "
                                   "add cells, or widen one with 'span'").format(row=r + 1, got=col, columns=columns, merged=_merged(below)))
        out.append(placed)
    return out


def _merged(below: dict[int, tuple[int, int]]) -> str:
    """ ", and column 1 is merged down from row 2": why a row that looks right does not fit."""
    if not below:
        return ""
    cols = ", ".join(str(col + 1) for col in sorted(below))
    rows = ", ".join(sorted({str(r + 1) for _span, r in below.values()}))
    return _("; column {cols} of this row is taken by a cell merged down from row {rows}").format(cols=cols, rows=rows)


def _text(c: "Composer", cell: Cell, path: KeyPath) -> inline.Inline:
    if cell.model_fields_set - {"text"}:
        path = (*path, "text")  # a mapping: name its 'text' key
    return c.rich(path, cell.text, breaks=True, notes=False, where=_("a table cell"))


def _align(c: "Composer", cell: Cell, header: bool, path: KeyPath) -> str:
    if cell.align is not None:
        return cell.align
    if header:
        return "center"
    return "center" if FIGURE.match(vi.one_line(cell.text)) else "left"


def _widths(c: "Composer", table: Table, columns: int, path: KeyPath, landscape: bool) -> list[int]:
    limit = LANDSCAPE_TEXT_WIDTH_CM if landscape else TEXT_WIDTH_CM
    if table.widths is None:
        total = round(limit * TWIPS_PER_CM)
        widths = [total // columns] * columns
        widths[0] += total - sum(widths)
        return widths
    if len(table.widths) != columns:
        c.problem((*path, "widths"), _("{got} widths for a table of {columns} columns (the first row sets them); "
                                       "give one width in cm per column").format(got=len(table.widths), columns=columns))
        return []
    if sum(table.widths) > limit + WIDTH_TOLERANCE_CM:
        where = _("a landscape appendix") if landscape else _("a portrait A4 page")
        c.problem((*path, "widths"), _("the columns add up to {total} cm, wider than the {limit} cm of text on {where}; "
                                       "narrow them (or put the table in an appendix with 'landscape: true')").format(
            total=f"{sum(table.widths):g}", limit=f"{limit:g}", where=where))
        return []
    return [round(w * TWIPS_PER_CM) for w in table.widths]


def end_mark_at(c: "Composer", tables: list[bool]) -> int:
    """Which body block takes the end mark "./.": the last paragraph. A body that ends with a
    table has it before the table, which reads oddly: a warning asks for a closing paragraph."""
    last = max((k for k, table in enumerate(tables) if not table), default=len(tables) - 1)
    if tables and tables[-1]:
        c.warnings.append(Problem(*c.src.locate(("sections",)), "sections", _(
            "the body ends with a table, so \"./.\" ends the paragraph before it; add a closing paragraph "
            "after the table ('closing:' of the document or of its item)")))
    return last
