"""Vietnamese formatting rules as small pure functions (dates, letters, numerals, case)."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata

from babel.numbers import format_decimal

LETTERS = "a b c d đ e g h i k l m n o p q r s t u v x y".split()
"""Sub-item letters in Vietnamese order: no f, j, w, z (Nghị định 30/2020, Phụ lục I)."""

_ROMAN = [(1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
          (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")]

BLANK = "\u00a0" * 6
"""The blank left for a number or date that is assigned after signing (six no-break spaces)."""


def nfc(text: str) -> str:
    """Text in Unicode NFC, the form Vietnamese text must be stored in (TCVN 6909:2001)."""
    return unicodedata.normalize("NFC", text)


_SPACES = re.compile(r"[ \t\r\n]+")  # not the no-break spaces of a draft's blanks


def one_line(text: str) -> str:
    """A paragraph as printed: runs of spaces, tabs and line breaks (YAML may wrap a paragraph)
    become one space, ends trimmed, NFC."""
    return nfc(_SPACES.sub(" ", text).strip())


def upper(text: str) -> str:
    """Upper case that keeps Vietnamese letters composed ("tỉnh" -> "TỈNH")."""
    return nfc(text.upper())


def capitalize_first(text: str) -> str:
    """Capitalise the first letter only ("chủ trì" -> "Chủ trì"), leaving the rest as written."""
    for i, ch in enumerate(text):
        if ch.isalpha():
            return text[:i] + ch.upper() + text[i + 1:]
    return text


def letter(index: int) -> str:
    """0 -> "a", 4 -> "đ", 5 -> "e", 22 -> "y"; there is no 24th letter (no f, j, w, z and no
    "aa"): ValueError, which content reports as a structure error (compose.numbering.LETTERS_END)."""
    if not 0 <= index < len(LETTERS):
        raise ValueError(f"no sub-item letter {index + 1}: the Vietnamese sequence a … y has {len(LETTERS)}")
    return LETTERS[index]


def roman(number: int) -> str:
    """1 -> "I", 4 -> "IV", 14 -> "XIV"."""
    if number <= 0:
        raise ValueError("Roman numerals start at 1")
    out = ""
    for value, symbol in _ROMAN:
        while number >= value:
            out += symbol
            number -= value
    return out


def day_str(day: int) -> str:
    """Days below 10 take a leading zero."""
    return f"{day:02d}"


def month_str(month: int) -> str:
    """Only January and February take a leading zero ("01", "02", "3", … "12")."""
    return f"{month:02d}" if month in (1, 2) else str(month)


def date_long(date: dt.date) -> str:
    """"ngày 07 tháng 01 năm 2026", the form of the date line."""
    return f"ngày {day_str(date.day)} tháng {month_str(date.month)} năm {date.year}"


def date_short(date: dt.date) -> str:
    """"07/5/2025", the form used inside citations (same padding rule)."""
    return f"{day_str(date.day)}/{month_str(date.month)}/{date.year}"


def date_line(place: str, date: dt.date | None, year: int) -> str:
    """The italic place-and-date line; blanks for day and month while the date is unassigned."""
    if date is None:
        return f"{place}, ngày{BLANK}tháng{BLANK}năm {year}"
    return f"{place}, {date_long(date)}"


def number_str(number: str | None) -> str:
    """Document number with a leading zero below 10, or the blank of a draft.

    Only ASCII digits count: "²" or "٣" pass ``str.isdigit`` but are not a document number.
    """
    if number is None:
        return BLANK
    if not re.fullmatch(r"[0-9]+", number):
        raise ValueError(f"a document number is written with the digits 0-9 only, such as \"07\" (got {number!r})")
    return f"{int(number):02d}"


def decimal(value: float | int | str) -> str:
    """Vietnamese separators: 1217 -> "1.217", 31057.5 -> "31.057,5" (text of ASCII digits too)."""
    if isinstance(value, str) and re.fullmatch(r"-?[0-9]+(\.[0-9]+)?", value.strip()):
        value = float(value) if "." in value else int(value)
    if isinstance(value, bool) or not isinstance(value, (int, float)) or value != value or value in (float("inf"), float("-inf")):
        raise ValueError(f"decimal needs a number written with the digits 0-9 (got {value!r:.40})")
    return format_decimal(value, locale="vi_VN")


# -- characters a Word document cannot hold, and characters nobody can see --------------------

XML_FORBIDDEN = re.compile("[\x00-\x08\x0b-\x1f\ud800-\udfff\ufffe\uffff]")
"""Characters that cannot be written into a .docx (XML 1.0): C0 controls other than tab and
newline (carriage return included: YAML line breaks are already newlines), lone surrogates and
the noncharacters U+FFFE/U+FFFF. vbgen rejects them with their position; it never drops them."""

INVISIBLE = re.compile("[\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\u061c\ufeff\u180e]")
"""Zero-width and bidirectional control characters: legal in a .docx but invisible, so they
are reported by ``vbgen lint`` (and do not count as text when deciding if an item is blank)."""

_C0_NAMES = ("NULL", "START OF HEADING", "START OF TEXT", "END OF TEXT", "END OF TRANSMISSION", "ENQUIRY",
             "ACKNOWLEDGE", "BELL", "BACKSPACE", "CHARACTER TABULATION", "LINE FEED", "LINE TABULATION",
             "FORM FEED", "CARRIAGE RETURN", "SHIFT OUT", "SHIFT IN", "DATA LINK ESCAPE", "DEVICE CONTROL ONE",
             "DEVICE CONTROL TWO", "DEVICE CONTROL THREE", "DEVICE CONTROL FOUR", "NEGATIVE ACKNOWLEDGE",
             "SYNCHRONOUS IDLE", "END OF TRANSMISSION BLOCK", "CANCEL", "END OF MEDIUM", "SUBSTITUTE", "ESCAPE",
             "INFORMATION SEPARATOR FOUR", "INFORMATION SEPARATOR THREE", "INFORMATION SEPARATOR TWO",
             "INFORMATION SEPARATOR ONE")


def char_name(ch: str) -> str:
    """"U+000B LINE TABULATION", "U+200B ZERO WIDTH SPACE", "U+D800 lone surrogate"."""
    code = ord(ch)
    if code < 0x20:
        name = _C0_NAMES[code]
    elif 0xD800 <= code <= 0xDFFF:
        name = "lone surrogate"
    elif 0x7F <= code <= 0x9F:
        name = "control character"
    else:
        name = unicodedata.name(ch, "noncharacter")
    return f"U+{code:04X} {name}"


def xml_forbidden(text: str) -> int | None:
    """Index of the first character that cannot go into a .docx, or None."""
    m = XML_FORBIDDEN.search(text)
    return m.start() if m else None


def forbidden_char_message(text: str, index: int, numbered: bool = True) -> str:
    """What is wrong with ``text[index]`` and what to do, for a problem message
    (``numbered``: say which character of the value it is; not needed with a column)."""
    before = text[max(0, index - 20):index]
    before = XML_FORBIDDEN.sub("?", before).replace("\n", " ")
    where = f' after "{before}"' if before.strip() else " at the start"
    what = f"character {index + 1} is " if numbered else ""
    return (f"{what}{char_name(text[index])}{where}, which a Word document cannot hold; "
            "delete it (invisible control characters come with copy-paste from PDF or old Word files)")


def is_blank(text: str | None) -> bool:
    """True when nothing visible is left: only spaces, no-break spaces and zero-width characters."""
    return text is None or all(ch.isspace() or INVISIBLE.match(ch) for ch in text)


def draft_mark(draft: bool, draft_round: int | None = None) -> str | None:
    """ "DỰ THẢO", "DỰ THẢO LẦN 2" (a round implies a draft), or None for a final text."""
    if draft_round is not None:
        return f"DỰ THẢO LẦN {draft_round}"
    return "DỰ THẢO" if draft else None
