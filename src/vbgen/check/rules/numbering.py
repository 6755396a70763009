"""Numbering rules (format-nd30.md §5; ND30 Phụ lục I, II.6.đ): I., 1., a) in sequence."""

from __future__ import annotations

import re
from collections.abc import Iterator

from vbgen.i18n import N_, _
from vbgen.ooxml.records import Para

from vbgen.check.common import (
    Finding,
    RuleFunc,
    VN_LETTERS,
    _ARABIC_RE,
    _LETTER_RE,
    _ROMAN_RE,
    _finding,
    _roman,
    _roman_value,
    rule,
)
from vbgen.check.view import DocView


# -- numbering (ND30 Phụ lục I, II.6.đ) ------------------------------------------------

_PAST_Y_RE = re.compile(r"^([a-zđ]{2})\)\s")
""""aa)", "ab)": letters doubled to go on past "y", which the Vietnamese sequence does not do."""


def _numbering(doc: DocView) -> list[tuple[str, Para, str]]:
    """The body's numbering problems as (rule id, paragraph, problem), computed once."""
    if doc._numbering is None:
        doc._numbering = list(_walk_numbering(doc))
    return doc._numbering


def _walk_numbering(doc: DocView) -> Iterator[tuple[str, Para, str]]:
    roman_next, arabic_next, letter_next = 1, 1, 0
    for p in doc.layout.body:
        text = p.full_text.lstrip()
        m = _ROMAN_RE.match(text)
        if m:
            v = _roman_value(m.group(1))
            if v is None:
                yield "numbering.roman", p, _('"{numeral}." is not a valid Roman numeral').format(numeral=m.group(1))
                roman_next += 1
            else:
                if v != roman_next:
                    yield (
                        "numbering.roman",
                        p,
                        _('heading "{numeral}." out of sequence; expected "{expected}."').format(numeral=m.group(1), expected=_roman(roman_next)),
                    )
                roman_next = v + 1
            arabic_next, letter_next = 1, 0
            continue
        m = _ARABIC_RE.match(text)
        if m:
            n = int(m.group(1))
            if n != arabic_next:
                yield (
                    "numbering.arabic",
                    p,
                    _('item "{number}." out of sequence; expected "{expected}."').format(number=m.group(1), expected=arabic_next)
                    + (_(" (numbering restarts under each Roman heading)") if arabic_next == 1 else ""),
                )
            arabic_next = n + 1
            letter_next = 0
            continue
        m = _PAST_Y_RE.match(text)
        if m:
            yield (
                "numbering.letter",
                p,
                _('"{letter})" goes on past "y": the Vietnamese letters a b c d đ e g h i k l m n o p q r s t u v x y '
                  "stop at 23 and are never doubled; split the item, or group its sub-items under numbered items").format(letter=m.group(1)),
            )
            continue
        m = _LETTER_RE.match(text)
        if m:
            letter = m.group(1)
            expected = VN_LETTERS[letter_next] if letter_next < len(VN_LETTERS) else None
            if letter not in VN_LETTERS:
                yield (
                    "numbering.letter",
                    p,
                    _('"{letter})" is not a Vietnamese letter; expected "{expected})" '
                      "(order a b c d đ e g h i k l m n o p q r s t u v x y)").format(letter=letter, expected=expected),
                )
                letter_next += 1
            else:
                pos = VN_LETTERS.index(letter)
                if pos != letter_next:
                    yield (
                        "numbering.letter",
                        p,
                        _('"{letter})" out of sequence; expected "{expected})"').format(letter=letter, expected=expected)
                        + (_(" (restarts under each numbered item)") if letter_next == 0 else ""),
                    )
                letter_next = pos + 1


def _numbering_rule(rule_id: str, description: str) -> RuleFunc:
    """Register ``rule_id`` as the rule reporting the numbering problems filed under it."""

    @rule(rule_id, description)
    def check(doc: DocView) -> Iterator[Finding]:
        for rid, p, msg in _numbering(doc):
            if rid == rule_id:
                yield _finding(rid, msg, p)

    return check


_numbering_roman = _numbering_rule("numbering.roman", N_("Mục headings I., II., III. … in sequence"))
_numbering_arabic = _numbering_rule(
    "numbering.arabic", N_("Khoản 1., 2., 3. … in sequence, restarting at 1 under each Roman heading")
)
_numbering_letter = _numbering_rule(
    "numbering.letter",
    N_("Điểm a), b), c) … in Vietnamese order (no f, j, w, z; đ after d), restarting under each khoản"),
)


