"""Automatic numbering: the text Word shows for a numbered paragraph (``%1.``, roman, letters).

Counted per ``w:numId`` (Word counts per abstract numbering when several numIds share one);
``w:lvlRestart`` and ``w:isLgl`` are ignored.
"""

from __future__ import annotations

import dataclasses
import re

from vbgen.ooxml.names import _N, _VAL
from vbgen.ooxml.properties import _attr, _int, _parse_ppr


_ROMAN = (
    (1000, "M"),
    (900, "CM"),
    (500, "D"),
    (400, "CD"),
    (100, "C"),
    (90, "XC"),
    (50, "L"),
    (40, "XL"),
    (10, "X"),
    (9, "IX"),
    (5, "V"),
    (4, "IV"),
    (1, "I"),
)


def _roman(n: int) -> str:
    out = []
    for value, sym in _ROMAN:
        while n >= value:
            out.append(sym)
            n -= value
    return "".join(out)


def _letters(n: int) -> str:
    # Word's lowerLetter: a … z, then aa … zz
    n = max(n, 1)
    return chr(ord("a") + (n - 1) % 26) * ((n - 1) // 26 + 1)


def _format_number(n: int, fmt: str) -> str:
    if fmt == "upperRoman":
        return _roman(n)
    if fmt == "lowerRoman":
        return _roman(n).lower()
    if fmt == "lowerLetter":
        return _letters(n)
    if fmt == "upperLetter":
        return _letters(n).upper()
    if fmt == "decimalZero":
        return f"{n:02d}"
    if fmt == "none":
        return ""
    return str(n)


@dataclasses.dataclass(slots=True)
class _Level:
    start: int
    fmt: str
    text: str
    suffix: str
    ppr: dict


class _Numbering:
    """Automatic numbering (numbering.xml): level formats; the counters are passed in.

    ``root`` is the ``w:numbering`` element, or None when the document has no numbering.
    """

    def __init__(self, root) -> None:
        self._levels: dict[str, dict[int, _Level]] = {}
        if root is None:
            return
        abstract: dict[str, dict[int, _Level]] = {}
        for an in root.iterchildren(_N["w:abstractNum"]):
            levels: dict[int, _Level] = {}
            for lvl in an.iterchildren(_N["w:lvl"]):
                ilvl = _int(_attr(lvl, "ilvl")) or 0
                start = lvl.find(_N["w:start"])
                fmt = lvl.find(_N["w:numFmt"])
                text = lvl.find(_N["w:lvlText"])
                suff = lvl.find(_N["w:suff"])
                levels[ilvl] = _Level(
                    start=_int(start.get(_VAL)) if start is not None else 1,
                    fmt=(fmt.get(_VAL) if fmt is not None else "decimal") or "decimal",
                    text=(text.get(_VAL) if text is not None else "") or "",
                    suffix={"nothing": "", "space": " "}.get(
                        suff.get(_VAL) if suff is not None else "tab", "\t"
                    ),
                    ppr=_parse_ppr(lvl.find(_N["w:pPr"])),
                )
            abstract[_attr(an, "abstractNumId") or ""] = levels
        for num in root.iterchildren(_N["w:num"]):
            num_id = _attr(num, "numId") or ""
            ref = num.find(_N["w:abstractNumId"])
            levels = dict(abstract.get(ref.get(_VAL) if ref is not None else "", {}))
            for ov in num.iterchildren(_N["w:lvlOverride"]):
                ilvl = _int(_attr(ov, "ilvl")) or 0
                so = ov.find(_N["w:startOverride"])
                if so is not None and ilvl in levels:
                    levels[ilvl] = dataclasses.replace(
                        levels[ilvl], start=_int(so.get(_VAL)) or 0
                    )
            self._levels[num_id] = levels

    def level_ppr(self, num_id: str, ilvl: int) -> dict:
        lvl = self._levels.get(num_id, {}).get(ilvl)
        return lvl.ppr if lvl is not None else {}

    def has(self, num_id: str | None) -> bool:
        return bool(num_id) and num_id != "0" and num_id in self._levels

    def next_label(self, num_id: str, ilvl: int, state: dict[str, list[int]]) -> str:
        """Advance the counter of (num_id, ilvl) in ``state``; return the label and suffix."""
        levels = self._levels.get(num_id, {})
        lvl = levels.get(ilvl)
        if lvl is None:
            return ""
        counters = state.setdefault(num_id, [0] * 9)
        ilvl = min(max(ilvl, 0), 8)
        if counters[ilvl] == 0:
            counters[ilvl] = lvl.start
        else:
            counters[ilvl] += 1
        for deeper in range(ilvl + 1, 9):
            counters[deeper] = 0
        if lvl.fmt == "bullet":
            text = lvl.text
        else:

            def sub(m: re.Match) -> str:
                k = int(m.group(1)) - 1
                other = levels.get(k)
                value = counters[k] or (other.start if other else 1)
                return _format_number(value, other.fmt if other else "decimal")

            text = re.sub(r"%([1-9])", sub, lvl.text)
        return text + lvl.suffix if text else ""


