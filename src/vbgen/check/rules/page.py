"""Page set-up rules (format-nd30.md §1): A4, portrait, margins."""

from __future__ import annotations

from collections.abc import Iterator

from vbgen.i18n import N_, _
from vbgen.check.common import A4_MM, Finding, MARGINS_MM, MM_TOLERANCE, _finding, rule
from vbgen.check.view import DocView


# -- page set-up ------------------------------------------------------------------------


@rule("page.size", N_("Paper is A4, 210 × 297 mm"))
def _page_size(doc: DocView) -> Iterator[Finding]:
    for s in doc.sections:
        if s.width_mm is None or s.height_mm is None:
            yield _finding("page.size", _("section {index}: no paper size set; expected A4 210 × 297 mm").format(index=s.index + 1))
            continue
        dims = sorted((s.width_mm, s.height_mm))
        if abs(dims[0] - A4_MM[0]) > 1 or abs(dims[1] - A4_MM[1]) > 1:
            yield _finding(
                "page.size",
                _("section {index}: paper {width} × {height} mm; expected A4 210 × 297 mm").format(
                    index=s.index + 1, width=f"{s.width_mm:.1f}", height=f"{s.height_mm:.1f}"),
            )


@rule("page.orientation", N_("The first section (page 1) is portrait"))
def _page_orientation(doc: DocView) -> Iterator[Finding]:
    s = doc.sections[0] if doc.sections else None
    if s and s.width_mm and s.height_mm and s.width_mm > s.height_mm:
        yield _finding("page.orientation", _("page 1 is landscape; expected portrait"))


@rule("page.margins", N_("Margins: top and bottom 20–25 mm, left 30–35 mm, right 15–20 mm"))
def _page_margins(doc: DocView) -> Iterator[Finding]:
    names = {"top": _("top"), "bottom": _("bottom"), "left": _("left"), "right": _("right")}
    for s in doc.sections:
        bad = []
        for side, (lo, hi) in MARGINS_MM.items():
            v = s.margins_mm[side]
            if v is None or not lo - MM_TOLERANCE <= v <= hi + MM_TOLERANCE:
                got = _("unset") if v is None else f"{v:.1f} mm"
                bad.append(_("{side} {got} (expected {lo}–{hi} mm)").format(side=names[side], got=got, lo=lo, hi=hi))
        if bad:
            yield _finding("page.margins", _("section {index}: margin {margins}").format(index=s.index + 1, margins=", ".join(bad)))


