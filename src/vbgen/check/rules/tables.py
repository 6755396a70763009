"""Table rules: a bordered table fits the text area of its page.

Nghị định 30/2020, Phụ lục I, I.2: the page is portrait, and landscape is for a page that holds
a table too wide for it (an appendix on landscape A4, Mục III.1). A bordered table that runs
into the margins is therefore a finding; the borderless layout tables of the header and the
signature block are not data tables and may spill into the margins as the decree's own samples
do. The text of a table is Times New Roman like every run (``font.family``).
"""

from __future__ import annotations

from collections.abc import Iterator

from vbgen.i18n import N_, _
from vbgen.check.common import TWIPS_PER_CM, Finding, _finding, rule
from vbgen.check.view import DocView

WIDTH_TOLERANCE_TW = round(0.5 * TWIPS_PER_CM)
"""Word's older tables stand out by a cell margin on each side (2 × 0.19 cm); more is a finding."""
TWIPS_PER_MM = TWIPS_PER_CM / 10


@rule("table.width", N_("A bordered table is no wider than the text area of its page (a wide one goes on a landscape page)"))
def _table_width(doc: DocView) -> Iterator[Finding]:
    for t in doc.tables:
        if t.parent is not None or not t.visible_borders or not t.width:
            continue
        first = next((idxs[0] for _r, _c, idxs in t.cells if idxs), None)
        if first is None or not doc.sections:
            continue
        s = doc.sections[min(doc.section_of(first), len(doc.sections) - 1)]
        left, right = s.margins_mm.get("left"), s.margins_mm.get("right")
        if s.width_mm is None or left is None or right is None:
            continue
        text = (s.width_mm - left - right) * TWIPS_PER_MM
        if t.width > text + WIDTH_TOLERANCE_TW:
            yield _finding("table.width", _("a table {width} cm wide on a page with {text} cm of text; narrow its columns, "
                                            "or put it on a landscape page (an appendix)").format(
                width=f"{t.width / TWIPS_PER_CM:.1f}", text=f"{text / TWIPS_PER_CM:.1f}"), doc.paras[first])
