"""Approximate text widths for Times New Roman, in points.

The advance widths below were read once from Liberation Serif (metric-compatible with
Times New Roman) with fontTools; run ``python -m vbgen.docx.textmetrics`` with fontTools
installed to print the table again. fontTools is only needed for that, never at run time.

Vietnamese letters take the width of their base letter after NFD decomposition
("ệ" → "e"), which is how the TNR glyphs are built. Kerning and ligatures are ignored, so
results are estimates (good to a few per cent for normal text); the checker uses them to
compare the length of a drawn line with the text above it.
"""

from __future__ import annotations

import unicodedata

__all__ = ["UNITS_PER_EM", "char_width", "text_width", "text_width_pt"]

UNITS_PER_EM = 2048
"""Font design units per em of Liberation Serif; widths below are in these units."""

_CHARS = (
    "".join(chr(c) for c in range(32, 127)) + "\u0111\u0110\u2013\u2014\u2018\u2019\u201c\u201d\u2026\u2022\u00b7"
)
"""Characters in the tables: printable ASCII, then đ Đ – — ‘ ’ “ ” … • ·"""

_WIDTHS: dict[str, tuple[int, ...]] = {
    "regular": (
        512, 682, 836, 1024, 1024, 1706, 1593, 369, 682, 682, 1024, 1155, 512, 682, 512, 569,
        1024, 1024, 1024, 1024, 1024, 1024, 1024, 1024, 1024, 1024, 569, 569, 1155, 1155, 1155, 909,
        1886, 1479, 1366, 1366, 1479, 1251, 1139, 1479, 1479, 682, 797, 1479, 1251, 1821, 1479, 1479,
        1139, 1479, 1366, 1139, 1251, 1479, 1479, 1933, 1479, 1479, 1251, 682, 569, 682, 961, 1024,
        682, 909, 1024, 909, 1024, 909, 682, 1024, 1024, 569, 569, 1024, 569, 1593, 1024, 1024,
        1024, 1024, 682, 797, 569, 1024, 1024, 1479, 1024, 1024, 909, 983, 410, 983, 1108, 1024,
        1479, 1024, 2048, 682, 682, 909, 909, 2048, 717, 682,
    ),
    "bold": (
        512, 682, 1137, 1024, 1024, 2048, 1706, 569, 682, 682, 1024, 1167, 512, 682, 512, 569,
        1024, 1024, 1024, 1024, 1024, 1024, 1024, 1024, 1024, 1024, 682, 682, 1167, 1167, 1167, 1024,
        1905, 1479, 1366, 1479, 1479, 1366, 1251, 1593, 1593, 797, 1024, 1593, 1366, 1933, 1479, 1593,
        1251, 1593, 1479, 1139, 1366, 1479, 1479, 2048, 1479, 1479, 1366, 682, 569, 682, 1190, 1024,
        682, 1024, 1139, 909, 1139, 909, 682, 1024, 1139, 569, 682, 1139, 569, 1706, 1139, 1024,
        1139, 1139, 909, 797, 682, 1139, 1024, 1479, 1024, 1024, 909, 807, 451, 807, 1065, 1139,
        1479, 1024, 2048, 682, 682, 1024, 1024, 2048, 717, 683,
    ),
    "italic": (
        512, 682, 860, 1024, 1024, 1706, 1593, 438, 682, 682, 1024, 1382, 512, 682, 512, 569,
        1024, 1024, 1024, 1024, 1024, 1024, 1024, 1024, 1024, 1024, 682, 682, 1382, 1382, 1382, 1024,
        1884, 1251, 1251, 1366, 1479, 1251, 1251, 1479, 1479, 682, 909, 1366, 1139, 1706, 1366, 1479,
        1251, 1479, 1251, 1024, 1139, 1479, 1251, 1706, 1251, 1139, 1139, 797, 569, 797, 864, 1024,
        682, 1024, 1024, 909, 1024, 909, 569, 1024, 1024, 569, 569, 909, 569, 1479, 1024, 1024,
        1024, 1024, 797, 797, 569, 1024, 909, 1366, 909, 909, 797, 819, 563, 819, 1108, 1024,
        1479, 1024, 1821, 682, 682, 1139, 1139, 1821, 717, 512,
    ),
    "bold_italic": (
        512, 797, 1137, 1024, 1024, 1706, 1593, 569, 682, 682, 1024, 1167, 512, 682, 512, 569,
        1024, 1024, 1024, 1024, 1024, 1024, 1024, 1024, 1024, 1024, 682, 682, 1167, 1167, 1167, 1024,
        1704, 1366, 1366, 1366, 1479, 1366, 1366, 1479, 1593, 797, 1024, 1366, 1251, 1821, 1479, 1479,
        1251, 1479, 1366, 1139, 1251, 1479, 1366, 1821, 1366, 1251, 1251, 682, 569, 682, 1167, 1024,
        682, 1024, 1024, 909, 1024, 909, 682, 1024, 1139, 569, 569, 1024, 569, 1593, 1139, 1024,
        1024, 1024, 797, 797, 569, 1139, 909, 1366, 1024, 909, 797, 713, 451, 713, 1167, 1024,
        1479, 1024, 2048, 682, 682, 1024, 1024, 2048, 717, 512,
    ),
}

_STYLE_KEYS = {
    (False, False): "regular",
    (True, False): "bold",
    (False, True): "italic",
    (True, True): "bold_italic",
}

_TABLES: dict[str, dict[str, int]] = {
    key: dict(zip(_CHARS, widths, strict=True)) for key, widths in _WIDTHS.items()
}

_FALLBACK_CHAR = "n"
"""Characters not in the table (and not decomposable to one) count as wide as "n"."""

# Characters that take no horizontal space.
_ZERO_WIDTH = {"\u200b", "\u200c", "\u200d", "\ufeff", "\u00ad"}

_SPECIAL = {
    "\t": " ",  # a tab's real width depends on tab stops; count it as one space
    "\u00a0": " ",  # no-break space
    "\u2011": "-",  # non-breaking hyphen
    "\u2212": "-",
}


def _units(ch: str, table: dict[str, int]) -> int:
    if ch in table:
        return table[ch]
    if ch in _ZERO_WIDTH or unicodedata.combining(ch):
        return 0
    if ch in _SPECIAL:
        return table[_SPECIAL[ch]]
    base = unicodedata.normalize("NFD", ch)[0]
    if base in table:
        return table[base]
    return table[_FALLBACK_CHAR]


def char_width(ch: str, size_pt: float, *, bold: bool = False, italic: bool = False) -> float:
    """Advance width of one character in points at ``size_pt``."""
    table = _TABLES[_STYLE_KEYS[(bool(bold), bool(italic))]]
    return _units(ch, table) * size_pt / UNITS_PER_EM


def text_width_pt(
    text: str, size_pt: float, *, bold: bool = False, italic: bool = False
) -> float:
    """Approximate width in points of ``text`` set in Times New Roman at ``size_pt``.

    Combining marks (NFD text) add nothing; precomposed Vietnamese letters count as their
    base letter. Tabs count as one space.
    """
    table = _TABLES[_STYLE_KEYS[(bool(bold), bool(italic))]]
    return sum(_units(ch, table) for ch in text) * size_pt / UNITS_PER_EM


text_width = text_width_pt
"""Alias of :func:`text_width_pt`."""


def _regenerate() -> str:  # pragma: no cover - developer tool, needs fontTools
    """Return the source of ``_WIDTHS`` read from the installed Liberation Serif fonts."""
    from fontTools.ttLib import TTFont

    folder = "/usr/share/fonts/truetype/liberation2"
    files = {
        "regular": "LiberationSerif-Regular.ttf",
        "bold": "LiberationSerif-Bold.ttf",
        "italic": "LiberationSerif-Italic.ttf",
        "bold_italic": "LiberationSerif-BoldItalic.ttf",
    }
    out = []
    for key, name in files.items():
        font = TTFont(f"{folder}/{name}")
        assert font["head"].unitsPerEm == UNITS_PER_EM
        cmap = font.getBestCmap()
        hmtx = font["hmtx"]
        widths = [hmtx[cmap[ord(c)]][0] for c in _CHARS]
        rows = [
            "        " + ", ".join(str(w) for w in widths[i : i + 16])
            for i in range(0, len(widths), 16)
        ]
        out.append(f'    "{key}": (\n' + ",\n".join(rows) + ",\n    ),")
    return "\n".join(out)


if __name__ == "__main__":  # pragma: no cover
    print(_regenerate())
