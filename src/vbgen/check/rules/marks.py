"""The marks of page 1 (format-nd30.md §8): DỰ THẢO, độ mật (ô 10a), độ khẩn (ô 10b) and the
circulation note (ô 11). Each is recognised by its exact words before the title; each must
sit where the layout diagram of Phụ lục I puts it, be bold capitals of 13–14 pt, and be
framed by a single line. Stamps with a set size (KHẨN 20, HỎA TỐC 30, THƯỢNG KHẨN 40 mm;
MẬT 20, TỐI MẬT 30, TUYỆT MẬT 40 mm; all 8 mm high) are measured when the frame is a
paragraph border.
"""

from __future__ import annotations

from collections.abc import Iterator

from vbgen.i18n import N_, _
from vbgen.ooxml.records import Para

from vbgen.check.common import (
    STAMP_MM,
    Finding,
    _canon,
    _format_problems,
    _problems_finding,
    _unit_finding,
    mark_kind,
    rule,
)
from vbgen.check.view import DocView, Unit

TWIPS_PER_MM = 1440 / 25.4
WIDTH_TOLERANCE_MM = 2.5
HEIGHT_MM = (6.5, 9.5)  # 8 mm, give or take the rounding of line heights
WHERE = {
    "draft": N_("directly under the number (Số), in the left column"),
    "secrecy": N_("under the number (Số), in the left column (ô 10a)"),
    "urgency": N_("under the number (Số), in the left column (ô 10b)"),
    "circulation": N_("at the top right, above the Quốc hiệu (ô 11)"),
}


def _centre_ratio(doc: DocView, p: Para) -> float:
    """Where the paragraph's text sits across its container: 0 left edge, 0.5 middle, 1 right."""
    width = p.width or doc.text_width_tw
    left, right = p.fmt.ind_left, width - p.fmt.ind_right
    if p.fmt.align == "right":
        return right / width if width else 0.5
    if p.fmt.align == "center":
        return (left + right) / 2 / width if width else 0.5
    return left / width if width else 0.0


def _under_number(doc: DocView, u: Unit) -> bool:
    so = doc.layout.so
    if so is None:
        return True  # header.so reports the missing number
    p, s = u.para, so.para
    if p.index <= s.index:
        return False
    if s.cell is not None:
        return p.cell is not None and p.cell.table == s.cell.table and p.cell.col == s.cell.col
    return p.cell is None and _centre_ratio(doc, p) < 0.5


def _top_right(doc: DocView, u: Unit) -> bool:
    qh = doc.layout.quoc_hieu
    p = u.para
    if qh is not None and p.index >= qh.para.index:
        return False
    if p.cell is not None:
        if qh is not None and qh.para.cell is not None and p.cell.table == qh.para.cell.table:
            return p.cell.col >= qh.para.cell.col
        return True
    return _centre_ratio(doc, p) > 0.5


@rule("marks.position", N_("DỰ THẢO, độ mật and độ khẩn under the number (left); the circulation note above the Quốc hiệu"))
def _marks_position(doc: DocView) -> Iterator[Finding]:
    seen: dict[str, Unit] = {}
    for u in doc.layout.marks:
        kind = mark_kind(u.text)
        seen.setdefault(kind, u)
        ok = _top_right(doc, u) if kind == "circulation" else _under_number(doc, u)
        if not ok:
            yield _unit_finding("marks.position", _('"{text}" should be {where}').format(text=u.text, where=_(WHERE[kind])), u)
    secrecy, urgency = seen.get("secrecy"), seen.get("urgency")
    if secrecy and urgency and urgency.para.index < secrecy.para.index:
        yield _unit_finding("marks.position", _('"{secrecy}" (ô 10a) goes above "{urgency}" (ô 10b)').format(secrecy=secrecy.text, urgency=urgency.text), secrecy)


@rule("marks.style", N_("Marks in bold capitals, 13–14 pt, upright"))
def _marks_style(doc: DocView) -> Iterator[Finding]:
    for u in doc.layout.marks:
        problems = _format_problems(u, caps=True, bold=True, italic=False, size=(13, 14))
        yield from _problems_finding("marks.style", _('mark "{text}"').format(text=u.text), problems, u)


def _frame_problems(doc: DocView, u: Unit) -> list[str]:
    p = u.para
    f = p.fmt
    edges = {"top": f.border_top, "bottom": f.border_bottom, "left": f.border_left, "right": f.border_right}
    if all(edges.values()):
        problems = []
        styles = {b.style for b in edges.values()}
        if styles != {"single"}:
            problems.append(_("frame drawn {styles}; expected a single line").format(styles="/".join(sorted(styles))))
        stamp = STAMP_MM.get(_canon(u.text).replace("HOẢ", "HỎA"))
        if stamp:
            inner = (p.width or doc.text_width_tw) - f.ind_left - f.ind_right
            outer = inner + 20 * (edges["left"].space + edges["right"].space) + 2.5 * (edges["left"].size + edges["right"].size)
            width_mm = outer / TWIPS_PER_MM
            if abs(width_mm - stamp) > WIDTH_TOLERANCE_MM:
                problems.append(_("frame {width} mm wide; the stamp is {stamp} × 8 mm").format(width=f"{width_mm:.0f}", stamp=stamp))
            if f.line_rule == "exact" and f.line:
                height = f.line + 20 * (edges["top"].space + edges["bottom"].space) + 2.5 * (edges["top"].size + edges["bottom"].size)
                height_mm = height / TWIPS_PER_MM
                if not HEIGHT_MM[0] <= height_mm <= HEIGHT_MM[1]:
                    problems.append(_("frame {height} mm high; the stamp is {stamp} × 8 mm").format(height=f"{height_mm:.1f}", stamp=stamp))
        return problems
    if p.cell is not None:
        table = doc.tables[p.cell.table]
        if table.n_rows == 1 and table.n_cols == 1 and {"top", "bottom", "left", "right"} <= set(table.visible_borders):
            return []  # a one-cell bordered table is a frame too
    return [_("no frame; put it in a single-line box")]


@rule("marks.frame", N_("Marks in a single-line frame; stamps as wide as their set size, 8 mm high"))
def _marks_frame(doc: DocView) -> Iterator[Finding]:
    for u in doc.layout.marks:
        yield from _problems_finding("marks.frame", _('mark "{text}"').format(text=u.text), _frame_problems(doc, u), u)


def red_marks(doc: DocView) -> set[int]:
    """Indexes of the secrecy and urgency marks, which are printed in red ink (III.2.b)."""
    return {u.para.index for u in doc.layout.marks if mark_kind(u.text) in ("secrecy", "urgency")}
