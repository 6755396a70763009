"""Write the boxed marks of page 1: DỰ THẢO, độ mật, độ khẩn and the circulation note.

Positions (Nghị định 30/2020, Phụ lục I, Mục IV and III.2; format-nd30.md §8): "DỰ THẢO",
the secrecy mark (ô 10a) and the urgency mark (ô 10b) go under the number in the left column
of the header, in that order; the circulation note (ô 11) goes above the national title on
the right. Each mark is a paragraph of its "VB Dấu …" style, whose four borders draw the
single-line frame; the indents make the frame as wide as the stamp. An unbordered gap
paragraph separates two boxes, or Word and LibreOffice would draw them as one.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence

from lxml import etree

from vbgen.ooxml.write import W_NS

W = f"{{{W_NS}}}"

STYLE_DRAFT = "VBDuThao"
STYLE_SECRECY = "VBDoMat"
STYLE_URGENCY = "VBDoKhan"
STYLE_CIRCULATION = "VBPhamViLuuHanh"
STYLE_GAP = "VBKhoangDau"
MARK_STYLES = (STYLE_DRAFT, STYLE_SECRECY, STYLE_URGENCY, STYLE_CIRCULATION, STYLE_GAP)
"""Paragraph styles the template must define for marks."""

NUMBER_STYLE = "VBSo"


@dataclasses.dataclass(frozen=True)
class Box:
    """One mark: its style, text and the left/right indents (twips) that size its frame."""

    style: str
    text: str
    indents: tuple[int, int]


def _el(tag: str, attrs: dict | None = None, *children) -> etree._Element:
    el = etree.Element(f"{W}{tag}")
    for name, value in (attrs or {}).items():
        el.set(f"{W}{name}", str(value))
    for child in children:
        if child is not None:
            el.append(child)  # given in schema order
    return el


def _box(box: Box) -> etree._Element:
    left, right = box.indents
    ppr = _el("pPr", None, _el("pStyle", {"val": box.style}), _el("ind", {"left": left, "right": right, "firstLine": 0}))
    t = _el("t")
    t.text = box.text
    return _el("p", None, ppr, _el("r", None, t))


def _gap() -> etree._Element:
    return _el("p", None, _el("pPr", None, _el("pStyle", {"val": STYLE_GAP})))


def add_marks(root: etree._Element, under_number: Sequence[Box], above_header: Box | None) -> None:
    """Insert, in a parsed document part, the boxes under the "Số" paragraph and the circulation note before the header."""
    body = root.find(f"{W}body")
    if under_number:
        anchor = next((p for p in body.iter(f"{W}p")
                       if p.find(f"{W}pPr/{W}pStyle[@{W}val='{NUMBER_STYLE}']") is not None), None)
        if anchor is None:
            raise ValueError(f"no paragraph of style {NUMBER_STYLE} (the number line) to put the marks under")
        for box in under_number:
            gap, para = _gap(), _box(box)
            anchor.addnext(gap)
            gap.addnext(para)
            anchor = para
    if above_header is not None:
        first = body[0]
        first.addprevious(_box(above_header))
        first.addprevious(_gap())
