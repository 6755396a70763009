"""Vietnamese formatting rules as small pure functions (dates, letters, numerals, case)."""

from __future__ import annotations

import datetime as dt
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
    """0 -> "a", 4 -> "đ", 5 -> "e"; past "y" the letters double ("aa") rather than use f/j/w/z."""
    n = len(LETTERS)
    if index < n:
        return LETTERS[index]
    return letter(index // n - 1) + LETTERS[index % n]


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
    """Document number with a leading zero below 10, or the blank of a draft."""
    if number is None:
        return BLANK
    return f"{int(number):02d}"


def decimal(value: float | int) -> str:
    """Vietnamese separators: 1217 -> "1.217", 31057.5 -> "31.057,5"."""
    return format_decimal(value, locale="vi_VN")
