"""How the body is numbered: I. → 1. → a) → - for a Kế hoạch, 1. → a) → - for a Chỉ thị.

Numbers are computed from depth, never written in content. The lettered level follows the
Vietnamese alphabet a b c d đ e g h i k l m n o p q r s t u v x y (Nghị định 30/2020, Phụ lục I)
and stops there: a 24th lettered item is a content error (:data:`LETTERS_END`), never "aa)".
"""

from __future__ import annotations

import dataclasses
from typing import Callable

from vbgen.i18n import N_
from vbgen import vi


@dataclasses.dataclass(frozen=True)
class Level:
    """How one depth of the body is numbered and styled."""

    marker: Callable[[int], str]
    title_style: str
    upper_title: bool = False


ROMAN = Level(lambda i: f"{vi.roman(i + 1)}.", "h1", upper_title=True)
ARABIC = Level(lambda i: f"{i + 1}.", "h2")
LETTER = Level(lambda i: f"{vi.letter(i)})", "h3")
DASH = Level(lambda i: "-", "body")


@dataclasses.dataclass(frozen=True)
class DocKind:
    """What differs between a Kế hoạch and a Chỉ thị."""

    title: str
    symbol: str
    levels: tuple[Level, ...]
    signature: str
    template: str


KINDS = {
    "ke_hoach": DocKind("KẾ HOẠCH", "KH-UBND", (ROMAN, ARABIC, LETTER, DASH), "tm_chu_tich", "ke-hoach.docx"),
    "chi_thi": DocKind("CHỈ THỊ", "CT-UBND", (ARABIC, LETTER, DASH), "chu_tich", "chi-thi.docx"),
}

LETTERS_END = N_("lettered items run a b c d đ e g h i k l m n o p q r s t u v x y (23 letters, no f, j, "
               "w, z) and there is no 24th: split the item in two, or group the sub-items under titled "
               "items of their own so that no level has more than 23")
"""Why a 24th sub-item is an error, and how to restructure (Nghị định 30/2020, Phụ lục I)."""

TASKS_END = N_("a 24th task led by '{lead}': its tasks are lettered a … y (23 letters, no f, j, w, z) "
             "and there is no 24th; merge related tasks into one, or give some to another lead agency")
"""Why a 24th task of one agency in a Kế hoạch is an error, and what to do."""


def past_the_letters(level: Level, index: int) -> bool:
    """True for the 24th and later item of a lettered level: there is no letter for it."""
    return level is LETTER and index >= len(vi.LETTERS)
