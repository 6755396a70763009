"""A Word table of the body or of an appendix as a content ``table:`` (docs: the tables format).

The grid widths (w:tblGrid) become ``widths`` in cm (scaled down to the text width when Word's
table is wider), merged cells ``span`` (w:gridSpan) and ``rows`` (w:vMerge: a cell covered from
above is left out), the rows marked to repeat on each page (w:tblHeader) ``header`` — or, when
none is marked, a first row that is bold all through. A cell keeps its markup and citations as a
paragraph does; a cell of several paragraphs keeps them as lines.
"""

from __future__ import annotations

import dataclasses
import json
import re
from collections.abc import Callable

TEXT_WIDTH_CM = 16.5
"""The widest table the content model prints on portrait A4 (the text width)."""
TWIPS_PER_CM = 1440 / 2.54
FIGURE = re.compile(r"^[\dIVXLCDM%.,:/()\s+-]*$")
"""A cell the model centres by itself (a number, an STT, "I", "25%")."""


@dataclasses.dataclass
class ImportedTable:
    """One table, ready to be written as content."""

    index: int
    line: int
    """Source paragraph number of its first cell."""
    widths: list[float] | None
    header: list[list[object]]
    rows: list[list[object]]


def build_table(record, cells: dict[tuple[int, int], list], rich: Callable, *, limit_cm: float = TEXT_WIDTH_CM) -> ImportedTable:
    """The table of ``record`` (:class:`vbgen.ooxml.records.Table`); ``cells`` maps (row, grid
    column) to the cell's lines; ``rich(line)`` gives a line's content text."""
    shapes = dict(zip(((r, c) for r, c, _p in record.cells), record.shapes or ((1, None),) * len(record.cells)))
    grid_rows: list[list[object]] = []
    bold_rows: list[bool] = []
    first_line = min((line.index for lines in cells.values() for line in lines), default=0)
    for row in range(record.n_rows):
        out: list[object] = []
        all_bold = True
        for r, c, _paras in record.cells:
            if r != row:
                continue
            span, merge = shapes.get((r, c), (1, None))
            span = max(1, span)  # a gridSpan of 0 or less is one column, as Word lays it out
            if merge == "continue" and shapes.get((r - 1, c), (1, None))[1] in ("restart", "continue"):
                continue  # covered by the cell above
            if merge == "continue":
                merge = None  # a "continue" with nothing above to continue: a cell of its own
            lines = [x for x in cells.get((r, c), []) if x.full.strip()]
            text = "\n".join(rich(x) for x in lines)
            down = 1
            if merge == "restart":
                while shapes.get((row + down, c), (1, None))[1] == "continue":
                    down += 1
            bold = bool(lines) and all(x.bold for x in lines)
            all_bold = all_bold and (bold or not lines)
            align = _align(lines, text)
            out.append(_cell(text, span, down, bold, align))
        grid_rows.append(out)
        bold_rows.append(all_bold and bool(out))
    heads = record.header_rows or (1 if len(grid_rows) > 1 and bold_rows[0] else 0)
    header = [[_unbold(c) for c in row] for row in grid_rows[:heads]]
    return ImportedTable(record.index, first_line, _widths(record.grid, limit_cm), header, grid_rows[heads:])


def _align(lines: list, text: str) -> str | None:
    """The alignment to write: only where the model would print the cell otherwise."""
    aligns = {x.align for x in lines}
    if len(aligns) != 1:
        return None
    (align,) = aligns
    figure = bool(FIGURE.match(text)) and text.strip() != ""
    if align == "right":
        return "right"
    if align == "center" and not figure:
        return "center"
    if align in ("left", "both") and figure:
        return "left"
    return None


def _cell(text: str, span: int, rows: int, bold: bool, align: str | None) -> object:
    if span == 1 and rows == 1 and not bold and align is None:
        return text
    cell: dict[str, object] = {"text": text}
    if span > 1:
        cell["span"] = span
    if rows > 1:
        cell["rows"] = rows
    if bold:
        cell["bold"] = True
    if align:
        cell["align"] = align
    return cell


def _unbold(cell: object) -> object:
    """A header cell: bold and centred anyway."""
    if isinstance(cell, dict):
        cell = {k: v for k, v in cell.items() if k not in ("bold", "align")}
        return cell["text"] if len(cell) == 1 else cell
    return cell


def _widths(grid: tuple[int, ...], limit_cm: float) -> list[float] | None:
    if not grid or not all(grid):
        return None
    cm = [w / TWIPS_PER_CM for w in grid]
    scale = min(1.0, limit_cm / sum(cm))
    out = [max(0.1, round(w * scale, 2)) for w in cm]
    over = round(sum(out) - limit_cm, 2)
    if over > 0:  # rounding went past the text width: the widest column gives it back
        k = out.index(max(out))
        out[k] = round(out[k] - over, 2)
    return out


def q(value: str) -> str:
    """A YAML double-quoted scalar (as :func:`vbgen.importer.emit.q`)."""
    return json.dumps(value, ensure_ascii=False)


def write_table(w, table: ImportedTable, indent: int, first_dash: bool = False) -> None:
    """``table:`` at ``indent`` into ``w`` (a :class:`vbgen.importer.emit.Writer`; the first line
    may carry the list dash)."""
    pad = " " * indent
    head = pad[:-2] + "- " if first_dash else pad
    w.lines.append(f"{head}table:  # ¶{table.line}")
    inner = pad + "  "
    if table.widths:
        w.lines.append(f"{inner}widths: [{', '.join(f'{x:g}' for x in table.widths)}]")
    if table.header:
        w.lines.append(f"{inner}header:")
        w.lines.extend(f"{inner}  - {_flow(row)}" for row in table.header)
    w.lines.append(f"{inner}rows:")
    w.lines.extend(f"{inner}  - {_flow(row)}" for row in table.rows)


def _flow(row: list[object]) -> str:
    cells = []
    for cell in row:
        if isinstance(cell, dict):
            parts = [f"{k}: {q(v) if isinstance(v, str) else ('true' if v is True else v)}" for k, v in cell.items()]
            cells.append("{" + ", ".join(parts) + "}")
        else:
            cells.append(q(str(cell)))
    return "[" + ", ".join(cells) + "]"
