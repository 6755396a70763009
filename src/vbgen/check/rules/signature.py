"""Signature rules (ô 7, format-nd30.md §6): where the block is and how it looks."""

from __future__ import annotations

import re
from collections.abc import Iterator

from vbgen.i18n import N_, _
from vbgen.check.common import (
    Finding,
    _AUTHORITY_RE,
    _BLANK,
    _POSITION_RE,
    _beside,
    _canon,
    _finding,
    _format_problems,
    _problems_finding,
    _unit_finding,
    rule,
)
from vbgen.check.view import DocView


# -- signature (ô 7) ------------------------------------------------------------------


def _is_draft(doc: DocView) -> bool:
    """A draft leaves the number blank ("Số:     /KH-UBND"), to be filled in after signing."""
    so = doc.layout.so
    if so is None:
        return False
    m = re.match(r"^\S+\s*:([^/]*)/", so.text)
    return bool(m) and bool(_BLANK.match(m.group(1)))


@rule("sign.block", N_("Signature in the right cell of the borderless Nơi nhận/signature table, signer named"))
def _sign_block(doc: DocView) -> Iterator[Finding]:
    lay = doc.layout
    if not lay.sign:
        anchor = lay.recipients_label
        msg = _("signature block (TM. ỦY BAN NHÂN DÂN / CHỦ TỊCH …) not found")
        yield _unit_finding("sign.block", msg, anchor) if anchor else _finding("sign.block", msg)
        return
    first = lay.sign[0]
    label = lay.recipients_label
    if first.para.cell is None or lay.sign_table is None:
        yield _unit_finding(
            "sign.block", _("signature is not in a table beside Nơi nhận; use a borderless 2-column table"), first
        )
        return
    if label is not None and label.para.cell is not None:
        if not _beside(label.para.cell, first.para.cell):
            yield _unit_finding("sign.block", _("signature should be in the cell right of Nơi nhận"), first)
    if lay.sign_table.visible_borders:
        yield _unit_finding(
            "sign.block",
            _("signature table shows borders ({borders}); expected none").format(borders=", ".join(lay.sign_table.visible_borders)),
            first,
        )
    names = [u for u in lay.sign if u.text != u.text.upper() and not u.text.startswith(("(", "["))]
    if not names and not _is_draft(doc):
        yield _unit_finding(
            "sign.block", _("no signer's name under the signature (only drafts may leave it out)"), lay.sign[-1]
        )
    t = _canon(first.text)
    if not (_AUTHORITY_RE.match(t) or _POSITION_RE.match(t)):
        yield _unit_finding(
            "sign.block",
            _('signature starts with "{text}"; expected an authority line (TM./KT./Q./TL./TUQ.) or a position').format(text=first.text),
            first,
        )


@rule("sign.style", N_("Authority and position lines bold capitals 13–14 pt; signer's name bold 13–14 pt"))
def _sign_style(doc: DocView) -> Iterator[Finding]:
    lines = doc.layout.sign
    if not lines:
        return
    k = 0
    while k < len(lines) and lines[k].text == lines[k].text.upper():
        k += 1
    heads, rest = lines[:k], lines[k:]
    if not heads:
        heads = lines[:1]
    for u in heads:
        problems = _format_problems(u, caps=True, bold=True, size=(13, 14))
        yield from _problems_finding("sign.style", _("signature line {text}").format(text=u.text), problems, u)
    names = [u for u in rest if not u.text.startswith(("(", "["))]
    if names:
        name = names[-1]
        problems = _format_problems(name, bold=True, size=(13, 14))
        yield from _problems_finding("sign.style", _("signer's name"), problems, name)


