"""Search that ignores Vietnamese diacritics and case, as the pages' JavaScript does."""

from __future__ import annotations

import unicodedata


def fold(text: str) -> str:
    """"Nghị định số 06" -> "nghi dinh so 06"."""
    decomposed = unicodedata.normalize("NFD", text or "")
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).replace("đ", "d").replace("Đ", "D").lower()
