"""Nơi nhận rules (ô 9b, format-nd30.md §7)."""

from __future__ import annotations

import re
from collections.abc import Iterator

from vbgen.i18n import N_, _
from vbgen.check.common import (
    Finding,
    _any,
    _finding,
    _format_problems,
    _nfc_spaced,
    _problems_finding,
    _unit_finding,
    rule,
)
from vbgen.check.view import DocView


# -- Nơi nhận (ô 9b) ------------------------------------------------------------------


@rule("recipients.label", N_('"Nơi nhận:" present, 12 pt bold italic'))
def _recipients_label(doc: DocView) -> Iterator[Finding]:
    u = doc.layout.recipients_label
    if u is None:
        yield _finding("recipients.label", _('"Nơi nhận:" not found'))
        return
    problems = []
    if not u.text.startswith("Nơi nhận:"):
        problems.append(_('"{text}" should read "Nơi nhận:"').format(text=u.text))
    problems += _format_problems(u, bold=True, italic=True, size=(12, 12))
    yield from _problems_finding("recipients.label", _("Nơi nhận"), problems, u)


@rule("recipients.items", N_('Recipients one per line, 11 pt, starting with "- " and ending with ";"'))
def _recipients_items(doc: DocView) -> Iterator[Finding]:
    items = doc.layout.recipients
    if doc.layout.recipients_label is None:
        return
    if not items:
        yield _unit_finding("recipients.items", _("no recipients listed under Nơi nhận"), doc.layout.recipients_label)
        return
    previous_open = False  # the previous item did not end, so this line may continue it
    for k, u in enumerate(items):
        raw = u.raw
        text = u.text
        last = k == len(items) - 1
        problems = []
        continuation = previous_open and raw[:1].isspace() and not text.startswith(("-", "+"))
        if not continuation and not (text.startswith("- ") or text.startswith("+ ")):
            problems.append(_('should start with "- "'))
        if not last and not text.endswith((";", ":")) and not (
            k + 1 < len(items) and items[k + 1].raw[:1].isspace()
        ):
            problems.append(_('should end with ";"'))
        problems += _format_problems(u, size=(11, 11))
        if _any(u.pieces, "bold") or _any(u.pieces, "italic"):
            problems.append(_("should be upright, not bold or italic"))
        previous_open = not text.endswith((";", ":", "."))
        yield from _problems_finding("recipients.items", _("recipient"), problems, u)


_LUU_RE = re.compile(r"^- Lưu: VT(, .+)?\.(\s*[A-ZĐ]{1,6}\.?\s*\(\d+\))?$")


@rule("recipients.last", N_('Last recipient line "- Lưu: VT, <đơn vị>." ending with "."'))
def _recipients_last(doc: DocView) -> Iterator[Finding]:
    items = doc.layout.recipients
    if not items:
        return
    last = items[-1]
    text = _nfc_spaced(last.text)
    if not _LUU_RE.match(text):
        if not re.match(r"^-\s*Lưu\b", text, re.I):
            msg = _('last recipient line should be "- Lưu: VT, <đơn vị>."')
        else:
            msg = _('"{text}" should read "- Lưu: VT, <đơn vị>." and end with "."').format(text=text)
        yield _unit_finding("recipients.last", msg, last)


