"""Body rules (ô 6, format-nd30.md §4): size, alignment, indent, spacing, ending "./."."""

from __future__ import annotations

from collections.abc import Iterator

from vbgen.i18n import N_, _
from vbgen.ooxml.records import Para

from vbgen.check.common import (
    FIRST_LINE_TW,
    Finding,
    MIN_GAP_TW,
    TWIPS_PER_CM,
    _body_pieces,
    _finding,
    _size_problem,
    _sizes,
    rule,
)
from vbgen.check.view import DocView


# -- body (ô 6) -----------------------------------------------------------------------


def _is_heading(p: Para) -> bool:
    vis = [r for r in p.runs if r.text.strip()]
    return p.fmt.align == "center" or (bool(vis) and all(r.bold for r in vis) and len(p.text) < 300)
@rule("body.size", N_("Body text 13–14 pt"))
def _body_size(doc: DocView) -> Iterator[Finding]:
    for p in doc.layout.body:
        problem = _size_problem(_body_pieces(p), 13, 14)
        if problem:
            yield _finding("body.size", _("body text {problem}").format(problem=problem), p)


@rule("body.align", N_("Body paragraphs justified (both margins)"))
def _body_align(doc: DocView) -> Iterator[Finding]:
    for p in doc.layout.body:
        if not _is_heading(p) and p.fmt.align != "both":
            yield _finding("body.align", _("paragraph aligned {align}; expected justified").format(align=p.fmt.align), p)


@rule("body.indent", N_("Body first-line indent 1–1.27 cm, no left or hanging indent"))
def _body_indent(doc: DocView) -> Iterator[Finding]:
    lo, hi = FIRST_LINE_TW
    for p in doc.layout.body:
        if _is_heading(p):
            continue
        f = p.fmt
        problems = []
        if not lo <= f.first_line <= hi:
            cm = f"{abs(f.first_line) / TWIPS_PER_CM:.2f}"
            if f.first_line < 0:
                problems.append(_("hanging indent {cm} cm; expected 1–1.27 cm").format(cm=cm))
            else:
                problems.append(_("first-line indent {cm} cm; expected 1–1.27 cm").format(cm=cm))
        if abs(f.ind_left) > 57:
            problems.append(_("left indent {cm} cm; expected 0").format(cm=f"{f.ind_left / TWIPS_PER_CM:.2f}"))
        if problems:
            yield _finding("body.indent", "; ".join(problems), p)


@rule("body.spacing", N_("At least 6 pt between body paragraphs"))
def _body_spacing(doc: DocView) -> Iterator[Finding]:
    body = doc.layout.body
    for prev, cur in zip(body, body[1:]):
        between = doc.paras[prev.index + 1 : cur.index]
        if between:
            continue  # an empty paragraph or a table in between gives room enough
        after = 280 if prev.fmt.after_auto else prev.fmt.space_after
        before = 280 if cur.fmt.before_auto else cur.fmt.space_before
        if prev.fmt.contextual and prev.fmt.style_id == cur.fmt.style_id:
            after = 0
        if cur.fmt.contextual and prev.fmt.style_id == cur.fmt.style_id:
            before = 0
        gap = after + before
        if gap < MIN_GAP_TW:
            yield _finding(
                "body.spacing",
                _("{gap} pt between this and the previous paragraph; expected at least 6 pt").format(gap=f"{gap / 20:g}"),
                cur,
            )


@rule("body.line_spacing", N_("Body line spacing from single to 1.5 lines"))
def _body_line_spacing(doc: DocView) -> Iterator[Finding]:
    for p in doc.layout.body:
        f = p.fmt
        if f.line is None:
            continue
        sizes = _sizes(_body_pieces(p)) or {14.0}
        size = max(sizes)
        if f.line_rule == "auto":
            factor = f.line / 240
            if not 0.99 <= factor <= 1.51:
                yield _finding(
                    "body.line_spacing", _("line spacing {factor} lines; expected 1–1.5").format(factor=f"{factor:.2f}"), p
                )
        else:
            pts = f.line / 20
            single = size * 1.15  # Times New Roman's single line height
            too_small = f.line_rule == "exact" and pts < size
            if too_small or pts > single * 1.5 + 0.5:
                yield _finding(
                    "body.line_spacing",
                    _("line spacing {rule} {pts} pt for {size} pt text; expected single to 1.5 lines").format(
                        rule=f.line_rule, pts=f"{pts:g}", size=f"{size:g}"),
                    p,
                )


@rule("body.upright", N_("Body text upright: no whole paragraph in italic except căn cứ lines"))
def _body_upright(doc: DocView) -> Iterator[Finding]:
    for p in doc.layout.body:
        vis = [r for r in p.runs if r.text.strip()]
        if vis and all(r.italic for r in vis) and not p.full_text.lstrip().startswith("Căn cứ"):
            yield _finding("body.upright", _("paragraph in italic; body text, khoản and điểm are upright"), p)


@rule("body.end", N_('The body ends with "./."'))
def _body_end(doc: DocView) -> Iterator[Finding]:
    body = doc.layout.body
    if not body:
        yield _finding("body.end", _("no body text found between the title and the signature"))
        return
    last = body[-1]
    if not last.full_text.rstrip().endswith("./."):
        yield _finding("body.end", _('last body paragraph should end with "./."'), last)


