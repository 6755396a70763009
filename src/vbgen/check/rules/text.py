"""Text-wide rules: Times New Roman everywhere, black text, Unicode NFC."""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator

from vbgen.read.legacy import font_encoding
from vbgen.i18n import N_, _
from vbgen.ooxml.records import Para

from vbgen.check.common import FONT, Finding, _finding, rule
from vbgen.check.rules.marks import red_marks
from vbgen.check.view import DocView


# -- text-wide rules ------------------------------------------------------------------


def _all_paragraphs(doc: DocView) -> Iterator[tuple[Para, str | None]]:
    for p in doc.paras:
        yield p, None
    for where, p in doc.stories:
        yield p, where


def _text_finding(rule_id: str, message: str, p: Para, where: str | None) -> Finding:
    if where is None:
        return _finding(rule_id, message, p)
    return _finding(rule_id, f"{where}: {message}", None, p.full_text)


@rule("font.family", N_("Every text run resolves to Times New Roman (styles, defaults, theme)"))
def _font_family(doc: DocView) -> Iterator[Finding]:
    legacy = doc.logical is not None and bool(doc.logical.encoding)
    for p, where in _all_paragraphs(doc):
        bad: dict[str, None] = {}
        for r in p.runs:
            if not r.text.strip():
                continue
            for f in r.fonts:
                if legacy and font_encoding(f):
                    continue  # a legacy font: one text.encoding error says it for the file
                if f is None:
                    bad[_("(no font set)")] = None
                elif f.strip().lower() != FONT.lower():
                    bad[f] = None
        if bad:
            yield _text_finding(
                "font.family", _("font {fonts}; expected {font}").format(fonts=", ".join(bad), font=FONT), p, where
            )


def _red(colour: str) -> bool:
    try:
        r, g, b = (int(colour[i : i + 2], 16) for i in (0, 2, 4))
    except ValueError:
        return False
    return r >= 0xC0 and g < 0x60 and b < 0x60


@rule("font.color", N_("Text is black (automatic or 000000); the secrecy and urgency marks may be red"))
def _font_color(doc: DocView) -> Iterator[Finding]:
    red_ok = red_marks(doc)
    for p, where in _all_paragraphs(doc):
        colours = {
            r.color
            for r in p.runs
            if r.text.strip() and r.color not in (None, "auto", "000000")
        }
        if where is None and p.index in red_ok:
            colours = {c for c in colours if not _red(c)}
        if colours:
            yield _text_finding(
                "font.color", _("text colour {colours}; expected black").format(colours=", ".join(sorted(colours))), p, where
            )


@rule("text.nfc", N_("Text is Unicode NFC (precomposed Vietnamese letters, TCVN 6909:2001)"))
def _text_nfc(doc: DocView) -> Iterator[Finding]:
    for p, where in _all_paragraphs(doc):
        if not unicodedata.is_normalized("NFC", p.text):
            yield _text_finding(
                "text.nfc",
                _("text is not in Unicode NFC (decomposed accents); save it precomposed"),
                p,
                where,
            )


