"""Legacy Vietnamese encodings (TCVN3 .VnTime, VNI) in runs: the seam to :mod:`vbgen.read.legacy`.

The decoder itself is :mod:`vbgen.read.legacy` (the import work). Without it a legacy font
name still says the encoding, and the text is left as typed (``decoded`` False).
"""

from __future__ import annotations

try:  # the decoder of the import work
    from vbgen.read import legacy as _legacy
except ImportError:  # pragma: no cover - until it is there
    _legacy = None

NAMES = {"tcvn3": "TCVN3", "tcvn3-upper": "TCVN3", "vni": "VNI"}


def font_encoding(font: str | None) -> str | None:
    """"TCVN3" for .VnTime/.VnTimeH …, "VNI" for VNI-Times …, else None."""
    name = (font or "").strip().lower()
    if name.startswith(".vn"):
        return "TCVN3"
    if name.startswith(("vni-", "vni ")):
        return "VNI"
    return None


def decode_run(text: str, fonts: tuple) -> tuple[str, tuple, str | None, bool]:
    """(text, fonts, encoding, decoded) for one run: Unicode text and the Unicode font when the
    run is in a legacy encoding, else the run unchanged with encoding None."""
    font = next((f for f in fonts if f), None)
    hinted = font_encoding(font)
    if _legacy is not None and text.strip():
        decoded, enc = _legacy.decode_text(text, font)
        if enc:
            new_font = _legacy.unicode_font(font)
            return decoded, tuple(new_font if f else f for f in fonts), NAMES.get(enc, enc.upper()), True
        return text, fonts, None, True
    if hinted:
        return text, fonts, hinted, False
    return text, fonts, None, True
