"""Vietnamese formatting rules (Nghị định 30/2020 dates, letters, numerals)."""

import datetime as dt
import unicodedata

import pytest

from vbgen import vi


@pytest.mark.parametrize(
    ("date", "expected"),
    [
        (dt.date(2026, 1, 7), "ngày 07 tháng 01 năm 2026"),
        (dt.date(2026, 2, 28), "ngày 28 tháng 02 năm 2026"),
        (dt.date(2025, 8, 15), "ngày 15 tháng 8 năm 2025"),
        (dt.date(2025, 5, 7), "ngày 07 tháng 5 năm 2025"),
        (dt.date(2025, 12, 1), "ngày 01 tháng 12 năm 2025"),
        (dt.date(2025, 10, 10), "ngày 10 tháng 10 năm 2025"),
    ],
)
def test_date_long_pads_day_and_only_january_february(date, expected):
    assert vi.date_long(date) == expected


@pytest.mark.parametrize(
    ("date", "expected"),
    [(dt.date(2025, 5, 7), "07/5/2025"), (dt.date(2014, 1, 21), "21/01/2014"), (dt.date(2019, 9, 5), "05/9/2019")],
)
def test_date_short(date, expected):
    assert vi.date_short(date) == expected


def test_date_line_blank_for_a_draft():
    assert vi.date_line("Tây Ninh", None, 2026) == f"Tây Ninh, ngày{vi.BLANK}tháng{vi.BLANK}năm 2026"
    assert vi.date_line("Hà Nội", dt.date(2026, 3, 9), 2026) == "Hà Nội, ngày 09 tháng 3 năm 2026"


def test_letters_follow_vietnamese_order_without_f_j_w_z():
    letters = [vi.letter(i) for i in range(23)]
    assert letters[:8] == ["a", "b", "c", "d", "đ", "e", "g", "h"]
    assert not {"f", "j", "w", "z"} & set(letters)
    assert letters[-1] == "y"
    with pytest.raises(ValueError):
        vi.letter(23)


@pytest.mark.parametrize(("n", "expected"), [(1, "I"), (4, "IV"), (9, "IX"), (14, "XIV"), (40, "XL")])
def test_roman(n, expected):
    assert vi.roman(n) == expected


@pytest.mark.parametrize(("value", "expected"), [(1217, "1.217"), (31057, "31.057"), (1234567.5, "1.234.567,5")])
def test_decimal_uses_vietnamese_separators(value, expected):
    assert vi.decimal(value) == expected


@pytest.mark.parametrize(("number", "expected"), [("7", "07"), ("07", "07"), ("123", "123"), (None, vi.BLANK)])
def test_number_str(number, expected):
    assert vi.number_str(number) == expected


def test_upper_keeps_text_composed():
    decomposed = unicodedata.normalize("NFD", "tỉnh Tây Ninh")
    assert vi.upper(decomposed) == "TỈNH TÂY NINH"
    assert unicodedata.is_normalized("NFC", vi.upper(decomposed))
