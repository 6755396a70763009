"""Appendix rules (Phụ lục I, III.1; format-nd30.md §8 "Phụ lục"): after the signature, each
appendix opens with "Phụ lục" (a Roman numeral when there are two or more) on its own centred
line, 14 pt bold; then its title in bold capitals of 13–14 pt, centred; then the italic
reference line "(Kèm theo … số … ngày … của …)", 13–14 pt, centred.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator

from vbgen.i18n import N_, _
from vbgen.check.common import Finding, _format_problems, _problems_finding, _roman, _unit_finding, rule
from vbgen.check.view import DocView, Unit

_LABEL_RE = re.compile(r"^phụ\s+lục(?:\s+(?:số\s+)?(?P<n>[IVXLC]+|\d+))?\s*\.?$", re.I)
_REFERENCE_RE = re.compile(r"^\(\s*kèm\s+theo\b", re.I)


def _appendices(doc: DocView) -> list[tuple[Unit, Unit | None, Unit | None]]:
    """(label, title, reference line) of every appendix found after the signature."""
    lay = doc.layout
    ends = [u.para.index for u in (*lay.sign, *lay.recipients)]
    if not ends:
        return []
    start = max(ends) + 1
    found = []
    paras = [p for p in doc.paras[start:] if p.cell is None]
    for k, p in enumerate(paras):
        text = unicodedata.normalize("NFC", p.text.strip())
        if not _LABEL_RE.match(text):
            continue
        following = [q for q in paras[k + 1:k + 4] if q.text.strip()]
        units = [doc.units(q) for q in following]
        title = units[0][0] if units and units[0] and not _REFERENCE_RE.match(units[0][0].text) else None
        rest = units[1:] if title else units
        reference = rest[0][0] if rest and rest[0] and _REFERENCE_RE.match(rest[0][0].text) else None
        found.append((doc.units(p)[0], title, reference))
    return found


@rule("appendix.heading", N_('"Phụ lục" 14 pt bold centred; title bold capitals; "(Kèm theo …)" italic, centred'))
def _appendix_heading(doc: DocView) -> Iterator[Finding]:
    for label, title, reference in _appendices(doc):
        problems = _format_problems(label, bold=True, italic=False, size=(14, 14), para_centred=True)
        yield from _problems_finding("appendix.heading", f'"{label.text}"', problems, label)
        if title is None:
            yield _unit_finding("appendix.heading", _('no title under "{label}"').format(label=label.text), label)
        else:
            problems = _format_problems(title, caps=True, bold=True, size=(13, 14), para_centred=True)
            yield from _problems_finding("appendix.heading", _("appendix title"), problems, title)
        if reference is None:
            yield _unit_finding("appendix.heading", _('no "(Kèm theo … số … ngày … của …)" line under the title of "{label}"').format(label=label.text),
                                title or label)
        else:
            problems = _format_problems(reference, italic=True, size=(13, 14), para_centred=True)
            yield from _problems_finding("appendix.heading", _("reference line"), problems, reference)


@rule("appendix.numbering", N_("Two or more appendices are numbered Phụ lục I, II, III … in order"))
def _appendix_numbering(doc: DocView) -> Iterator[Finding]:
    labels = [label for label, _, _ in _appendices(doc)]
    if len(labels) < 2:
        return
    for k, label in enumerate(labels):
        m = _LABEL_RE.match(unicodedata.normalize("NFC", label.text))
        number = m.group("n") if m else None
        if number != _roman(k + 1):
            yield _unit_finding("appendix.numbering", _('"{label}" should read "Phụ lục {numeral}" (Roman numerals when there are two or more appendices)').format(
                label=label.text, numeral=_roman(k + 1)), label)


@rule("appendix.page_numbers", N_("Each appendix is numbered separately: its own section, page numbers from 1"))
def _appendix_page_numbers(doc: DocView) -> Iterator[Finding]:
    """Phụ lục I, III.1.đ: each appendix starts a section (on a new page) whose page numbers
    restart at 1 (w:pgNumType w:start="1")."""
    for label, _title, _reference in _appendices(doc):
        index = label.para.index
        section = doc.section_of(index)
        before = doc.paras[doc.section_start(section):index]
        if section >= len(doc.sections) or any(p.text.strip() for p in before):
            yield _unit_finding("appendix.page_numbers", _('"{label}" does not begin a section of its own, so its pages go on from the text before it; '
                                                           "insert a section break (next page) before it and restart page numbers at 1").format(
                label=label.text), label)
        elif doc.sections[section].page_start != 1:
            start = doc.sections[section].page_start
            how = _("continue from the text before it") if start is None else _("start at {start}").format(start=start)
            yield _unit_finding("appendix.page_numbers", _('the page numbers of "{label}" {how}; each appendix is numbered '
                                                           'from 1 (Page Number Format › Start at 1, w:pgNumType w:start="1")').format(
                label=label.text, how=how), label)
