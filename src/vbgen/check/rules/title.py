"""Title rules (ô 5a, format-nd30.md §3): tên loại, trích yếu and the line under it."""

from __future__ import annotations

from collections.abc import Iterator

from vbgen.i18n import N_, _
from vbgen.check.common import (
    Finding,
    SHORT_LINE_RATIO,
    _finding,
    _format_problems,
    _line_width_pt,
    _problems_finding,
    _ratio_finding,
    _rule_below,
    _unit_finding,
    _visible,
    _width_pt,
    rule,
)
from vbgen.check.view import DocView


# -- title (ô 5a) ---------------------------------------------------------------------


@rule("title.kind", N_('Tên loại "KẾ HOẠCH" / "CHỈ THỊ": capitals, bold, 13–14 pt, centred'))
def _title_kind(doc: DocView) -> Iterator[Finding]:
    u = doc.layout.kind
    if u is None:
        yield _finding("title.kind", _('document type title "KẾ HOẠCH" or "CHỈ THỊ" not found'))
        return
    problems = _format_problems(u, caps=True, bold=True, italic=False, size=(13, 14), para_centred=True)
    yield from _problems_finding("title.kind", _("title {text}").format(text=u.text), problems, u)


@rule("title.trich_yeu", N_("Trích yếu directly under the tên loại: bold, 13–14 pt, centred, sentence case"))
def _title_trich_yeu(doc: DocView) -> Iterator[Finding]:
    lay = doc.layout
    if lay.kind is None:
        return
    if not lay.trich_yeu:
        yield _unit_finding("title.trich_yeu", _("no trích yếu under the title"), lay.kind)
        return
    letters = "".join(ch for u in lay.trich_yeu for ch in u.text if ch.isalpha())
    for u in lay.trich_yeu:
        problems = _format_problems(u, bold=True, italic=False, size=(13, 14), para_centred=True)
        yield from _problems_finding("title.trich_yeu", _("trích yếu"), problems, u)
    if len(letters) > 12 and (
        letters.isupper() or all(r.caps for u in lay.trich_yeu for _, r in _visible(u.pieces))
    ):
        yield _unit_finding(
            "title.trich_yeu", _("trích yếu is in capitals; ND30 asks for lower case (sentence case)"), lay.trich_yeu[0]
        )


@rule("title.line", N_("Short solid line under the trích yếu, 1/3–1/2 of its text line"))
def _title_line(doc: DocView) -> Iterator[Finding]:
    ty = doc.layout.trich_yeu
    if not ty:
        return
    last = ty[-1]
    text_pt = min(max(_width_pt(u.pieces) for u in ty), _line_width_pt(doc, last.para))
    yield from _ratio_finding("title.line", _("trích yếu"), _rule_below(doc, last), text_pt, *SHORT_LINE_RATIO, last)


