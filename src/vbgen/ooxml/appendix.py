"""Write the appendices ("Phụ lục") of a rendered document: one section each, after the body.

The main text keeps the template's page set-up: a small paragraph after the signature table
carries a copy of the template's final ``w:sectPr`` and ends it. Each appendix then gets its
own section, which starts on a new page, restarts page numbers at 1 (``w:pgNumType
w:start="1"``, Phụ lục I, III.1.đ) and is landscape when asked. The appendix's table repeats
its header row on every page (``w:tblHeader``) and never splits a row (``w:cantSplit``).

Paragraphs use the template's "VB Phụ lục …" / "VB Bảng …" styles, so they restyle in Word.
Every element is built in schema order.
"""

from __future__ import annotations

import copy
import dataclasses
import functools
from collections.abc import Sequence
from typing import Any

from lxml import etree

from vbgen.ooxml.table import STYLE_CELL, STYLE_CELL_CENTRE, STYLE_HEAD, cell as _cell, parse as _parse, row as _row
from vbgen.ooxml.table import table, text_run as _run, x as _x
from vbgen.ooxml.write import W_NS, insert_in_order

W = f"{{{W_NS}}}"

STYLE_LABEL = "VBPhuLuc"
STYLE_TITLE = "VBPhuLucTen"
STYLE_REFERENCE = "VBPhuLucKemTheo"
STYLE_LINE = "VBKePhuLuc"
STYLE_GROUP = "VBBangNhom"
APPENDIX_STYLES = (STYLE_LABEL, STYLE_TITLE, STYLE_REFERENCE, STYLE_LINE, STYLE_HEAD, STYLE_GROUP, STYLE_CELL,
                   STYLE_CELL_CENTRE)
"""Paragraph styles the template must define for appendices."""

CENTRED_COLUMNS = (0, 4)  # STT and the deadline are centred; the other columns read as text


@dataclasses.dataclass(frozen=True)
class AppendixGeometry:
    """Sizes (twips) of one appendix, worked out by the docx layer."""

    landscape: bool
    columns: tuple[int, ...]  # widths of the table columns
    line_indents: tuple[int, int]  # left/right indents of the short line under the reference


def _el(tag: str, attrs: dict[str, Any] | None = None, *children) -> etree._Element:
    el = etree.Element(f"{W}{tag}")
    for name, value in (attrs or {}).items():
        el.set(f"{W}{name}", str(value))
    for child in children:
        if child is not None:
            el.append(child)  # children are given in schema order by the callers below
    return el


@functools.lru_cache(maxsize=64)
def _ppr_xml(style: str, keep_next: bool, ind: tuple[int, int] | None) -> str:
    return _x("pPr", None, _x("pStyle", {"val": style}), _x("keepNext") if keep_next else "",
              _x("ind", {"left": ind[0], "right": ind[1], "firstLine": 0}) if ind else "")


def _para_xml(style: str, text: str = "", *, keep_next: bool = False, ind: tuple[int, int] | None = None,
              bold: bool = False) -> str:
    return _x("p", None, _ppr_xml(style, keep_next, ind), _run(text, bold) if text else "")


def _para(style: str, text: str = "", *, keep_next: bool = False, ind: tuple[int, int] | None = None,
          bold: bool = False) -> etree._Element:
    return _parse(_para_xml(style, text, keep_next=keep_next, ind=ind, bold=bold))


def _section_end(sect_pr: etree._Element | None) -> etree._Element:
    """A 1-pt empty paragraph that ends a section (it takes no visible room after a table)."""
    ppr = _el("pPr", None,
              _el("spacing", {"before": 0, "after": 0, "line": 20, "lineRule": "exact"}),
              _el("rPr", None, _el("sz", {"val": 2}), _el("szCs", {"val": 2})),
              sect_pr)
    return _el("p", None, ppr)


def appendix_section(main: etree._Element, landscape: bool) -> etree._Element:
    """The page set-up of an appendix: the main one, page numbers from 1, maybe landscape."""
    sect = copy.deepcopy(main)
    for attr in list(sect.attrib):
        del sect.attrib[attr]  # rsid attributes belong to the template's own section
    pg_sz = sect.find(f"{W}pgSz")
    if pg_sz is not None:
        w, h = int(pg_sz.get(f"{W}w")), int(pg_sz.get(f"{W}h"))
        short, long_ = sorted((w, h))
        pg_sz.set(f"{W}w", str(long_ if landscape else short))
        pg_sz.set(f"{W}h", str(short if landscape else long_))
        if landscape:
            pg_sz.set(f"{W}orient", "landscape")
        else:
            pg_sz.attrib.pop(f"{W}orient", None)
    for old in sect.findall(f"{W}pgNumType"):
        sect.remove(old)
    insert_in_order(sect, _el("pgNumType", {"start": 1}))
    return sect


def task_table(appendix: dict[str, Any], widths: Sequence[int]) -> etree._Element:
    """The bordered task table: a repeated header row, group rows, one unsplittable row per task."""
    rows = [_row([_cell(w, [_para_xml(STYLE_HEAD, name)]) for w, name in zip(widths, appendix["columns"])], header=True)]
    keys = ("number", "content", "lead", "cooperate", "deadline", "product")
    for group in appendix["groups"]:
        if group["title"]:
            rows.append(_row([
                _cell(widths[0], [_para_xml(STYLE_CELL_CENTRE, group["number"], keep_next=True, bold=True)]),
                _cell(sum(widths[1:]), [_para_xml(STYLE_GROUP, group["title"], keep_next=True)], span=len(widths) - 1),
            ]))
        for row in group["rows"]:
            rows.append(_row([
                _cell(w, [_para_xml(STYLE_CELL_CENTRE if c in CENTRED_COLUMNS else STYLE_CELL, row[key])])
                for c, (w, key) in enumerate(zip(widths, keys))
            ]))
    return table(widths, rows)


def add_appendices(root: etree._Element, appendices: Sequence[dict[str, Any]],
                   geometry: Sequence[AppendixGeometry]) -> None:
    """Append the appendices after the body of a parsed document part, each in its own section;
    an appendix with ``elements`` (its free content, built by the caller) holds them instead of
    the task table."""
    if not appendices:
        return
    body = root.find(f"{W}body")
    final = body[-1]
    if final.tag != f"{W}sectPr":
        raise ValueError("the template's document.xml has no final w:sectPr")
    main = copy.deepcopy(final)
    final.addprevious(_section_end(main))
    for k, (appendix, geo) in enumerate(zip(appendices, geometry)):
        for el in (
            _para(STYLE_LABEL, appendix["label"], keep_next=True),
            _para(STYLE_TITLE, appendix["title"], keep_next=True),
            _para(STYLE_REFERENCE, appendix["reference"], keep_next=True),
            _para(STYLE_LINE, keep_next=True, ind=geo.line_indents),
            *(appendix["elements"] if "elements" in appendix else [task_table(appendix, geo.columns)]),
        ):
            final.addprevious(el)
        if k < len(appendices) - 1:
            final.addprevious(_section_end(appendix_section(main, geo.landscape)))
    final.addprevious(_section_end(None))  # the body ends with a paragraph, not a table
    section = appendix_section(main, geometry[-1].landscape)
    body.replace(final, section)
