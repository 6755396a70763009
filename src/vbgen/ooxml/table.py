"""Bordered tables: the appendix's task table and the content tables of the body and appendices.

A table is written as XML text and parsed once (a Kế hoạch's task table has about 1,000
elements; lxml parses them far faster than Python can create them). Every element is in
schema order: ``w:tblPr`` (tblW, jc, tblBorders, tblLayout, tblCellMar, tblLook) →
``w:tblGrid`` → ``w:tr`` (``w:trPr``: cantSplit, tblHeader) → ``w:tc`` (``w:tcPr``: tcW,
gridSpan, vMerge, vAlign). Borders are single 0.5 pt lines (``w:sz="4"`` eighths of a point);
cell margins 0.5 mm top and bottom, 1.5 mm left and right. Header rows repeat at the top of
every page (``w:tblHeader``); a row is not split across pages unless it is long.

Paragraphs use the template's "VB Bảng …" styles (Times New Roman, the table size of
:mod:`vbgen.docx.layout`), so they restyle in Word.
"""

from __future__ import annotations

import dataclasses
import functools
import re
from collections.abc import Sequence
from typing import Any
from xml.sax.saxutils import escape

from lxml import etree

from vbgen.content.inline import Inline, Span
from vbgen.ooxml.runs import runs_xml
from vbgen.ooxml.write import W_NS

_FIRST_TAG = re.compile(r"^<w:\w+")
_QUOTE = {'"': "&quot;"}
_CR = {"\r": "&#13;"}  # lxml writes a carriage return in text so; the parser would make it a newline

STYLE_HEAD = "VBBangTieuDe"
STYLE_CELL = "VBBangNoiDung"
STYLE_CELL_CENTRE = "VBBangGiua"
TABLE_STYLES = (STYLE_HEAD, STYLE_CELL, STYLE_CELL_CENTRE)
"""Paragraph styles the template must define for a content table."""

BORDER_EIGHTHS = 4  # 0.5 pt
CELL_MARGINS = {"top": 28, "left": 85, "bottom": 28, "right": 85}  # twips: 0.5 mm, 1.5 mm
SPLIT_ROW_CHARS = 600
"""A row with more text than this may break across pages (a row taller than a page that may
not split would be cut off); shorter rows stay whole."""


def x(tag: str, attrs: dict[str, Any] | None = None, *children: str) -> str:
    """One ``w:`` element as XML text; ``children`` are given in schema order by the callers."""
    at = "".join(f' w:{name}="{escape(str(value), _QUOTE)}"' for name, value in attrs.items()) if attrs else ""
    inner = "".join(children)
    return f"<w:{tag}{at}>{inner}</w:{tag}>" if inner else f"<w:{tag}{at}/>"


def parse(xml: str) -> etree._Element:
    """An element written by :func:`x`; its w: declaration goes when it moves into the document."""
    return etree.fromstring(_FIRST_TAG.sub(rf'\g<0> xmlns:w="{W_NS}"', xml, count=1))


def text_run(text: str, bold: bool = False) -> str:
    space = ' xml:space="preserve"' if text != text.strip() else ""
    return x("r", None, x("rPr", None, x("b")) if bold else "", f"<w:t{space}>{escape(text, _CR)}</w:t>")


@functools.lru_cache(maxsize=64)
def _tcpr_xml(width: int, span: int, merge: str | None) -> str:
    vmerge = "" if merge is None else x("vMerge", {"val": "restart"} if merge == "restart" else None)
    return x("tcPr", None, x("tcW", {"w": width, "type": "dxa"}),
             x("gridSpan", {"val": span}) if span > 1 else "", vmerge, x("vAlign", {"val": "center"}))


def cell(width: int, paragraphs: Sequence[str], span: int = 1, merge: str | None = None) -> str:
    """A ``w:tc``; ``merge`` "restart" opens a vertical merge, "continue" goes on with it."""
    return x("tc", None, _tcpr_xml(width, span, merge), *(paragraphs or [x("p")]))


def row(cells: Sequence[str], header: bool = False, split: bool = False) -> str:
    trpr = x("trPr", None, "" if split else x("cantSplit"), x("tblHeader") if header else "")
    return x("tr", None, trpr, *cells)


def table(widths: Sequence[int], rows: Sequence[str]) -> etree._Element:
    """A bordered, fixed-layout table centred on the text width, with ``rows`` (from :func:`row`)."""
    borders = x("tblBorders", None, *(x(side, {"val": "single", "sz": BORDER_EIGHTHS, "space": 0, "color": "000000"})
                                      for side in ("top", "left", "bottom", "right", "insideH", "insideV")))
    margins = x("tblCellMar", None, *(x(side, {"w": w, "type": "dxa"}) for side, w in CELL_MARGINS.items()))
    tblpr = x("tblPr", None, x("tblW", {"w": sum(widths), "type": "dxa"}), x("jc", {"val": "center"}), borders,
              x("tblLayout", {"type": "fixed"}), margins,
              x("tblLook", {"val": "0000", "firstRow": 0, "lastRow": 0, "firstColumn": 0, "lastColumn": 0,
                            "noHBand": 0, "noVBand": 0}))
    grid = x("tblGrid", None, *(x("gridCol", {"w": w}) for w in widths))
    return parse(x("tbl", None, tblpr, grid, *rows))


@dataclasses.dataclass(frozen=True)
class CellText:
    """What a content cell prints: its pieces, alignment and weight."""

    pieces: Inline
    align: str  # "left", "center", "right"
    bold: bool
    header: bool


def cell_paragraph(text: CellText, first_note: int = 1) -> str:
    """The one paragraph of a content cell (line breaks stay ``w:br`` inside it)."""
    style = STYLE_HEAD if text.header else STYLE_CELL_CENTRE if text.align == "center" else STYLE_CELL
    own = {STYLE_HEAD: "center", STYLE_CELL_CENTRE: "center", STYLE_CELL: "left"}[style]
    jc = x("jc", {"val": "right" if text.align == "right" else "left" if text.align == "left" else "center"}) if text.align != own else ""
    pieces = tuple(Span(p.text, True, p.italic) if isinstance(p, Span) and text.bold else p for p in text.pieces)
    return x("p", None, x("pPr", None, x("pStyle", {"val": style}), jc), runs_xml(pieces, first_note))


def content_table(grid: dict[str, Any], first_note: int = 1) -> etree._Element:
    """A content table from :func:`vbgen.compose.table.compose_table`'s grid: header rows marked
    to repeat, merged cells as gridSpan / vMerge."""
    widths = grid["widths"]
    rows = []
    for header, part in ((True, grid["header"]), (False, grid["rows"])):
        for cells in part:
            out, chars = [], 0
            for c in cells:
                width = sum(widths[c["col"]:c["col"] + c["span"]])
                paragraphs = [] if c["merge"] == "continue" else [
                    cell_paragraph(CellText(c["pieces"], c["align"], c["bold"], header), first_note)]
                chars += sum(len(p.text) for p in c["pieces"] if isinstance(p, Span))
                out.append(cell(width, paragraphs, c["span"], c["merge"]))
            rows.append(row(out, header=header, split=not header and chars > SPLIT_ROW_CHARS))
    return table(widths, rows)


_MARK = "_vbgenTable"
_MARK_ID = 2_000_000_000  # far above the ids a template's own bookmarks use


def table_mark(k: int) -> str:
    """What the body loop writes where the ``k``-th body table goes: an empty bookmark (allowed
    between runs), which :func:`place_tables` replaces with the table's paragraph."""
    return (f'<w:bookmarkStart w:id="{_MARK_ID + k}" w:name="{_MARK}{k}"/>'
            f'<w:bookmarkEnd w:id="{_MARK_ID + k}"/>')


def place_tables(root: etree._Element, tables: Sequence[etree._Element]) -> int:
    """Replace the paragraph holding ``table_mark(k)`` with ``tables[k]``; returns how many were
    placed. Two tables in a row get an empty paragraph between them (Word would join them)."""
    w = f"{{{W_NS}}}"
    placed = 0
    for mark in list(root.iter(f"{w}bookmarkStart")):
        name = mark.get(f"{w}name") or ""
        if not name.startswith(_MARK) or not name[len(_MARK):].isdigit():
            continue
        k = int(name[len(_MARK):])
        para = mark.getparent()
        while para is not None and para.tag != f"{w}p":
            para = para.getparent()
        if para is None or k >= len(tables):
            continue
        previous = para.getprevious()
        if previous is not None and previous.tag == f"{w}tbl":
            para.addprevious(parse(x("p", None, x("pPr", None, x("spacing", {"before": 0, "after": 0})))))
        para.addprevious(tables[k])
        para.getparent().remove(para)
        placed += 1
    return placed


BLOCK_STYLES = {"h1": "VBMuc", "h2": "VBKhoan", "h3": "VBDiem", "body": "VBNoiDung"}
"""The template's paragraph style of each body block style (the body loop of the templates)."""


def content_elements(blocks: Sequence[dict[str, Any]], first_note: int = 1) -> list[etree._Element]:
    """The free content of an appendix: its paragraphs in the body's styles, and its tables."""
    out: list[etree._Element] = []
    for b in blocks:
        if b.get("table") is not None:
            if out and out[-1].tag == f"{{{W_NS}}}tbl":
                out.append(parse(x("p", None, x("pPr", None, x("spacing", {"before": 0, "after": 0})))))
            out.append(content_table(b["table"], first_note))
        elif b["style"] != "table":
            style = BLOCK_STYLES.get(b["style"], BLOCK_STYLES["body"])
            out.append(parse(x("p", None, x("pPr", None, x("pStyle", {"val": style})), runs_xml(b["pieces"], first_note))))
    return out
