"""Legacy Vietnamese encodings (TCVN3 .VnTime, VNI) in runs: the seam between the logical
document and the decoder, :mod:`vbgen.read.legacy` (which also says which encoding a font name
implies: :func:`vbgen.read.legacy.font_encoding`)."""

from __future__ import annotations

from vbgen.read import legacy

NAMES = {legacy.TCVN3: "TCVN3", legacy.TCVN3_UPPER: "TCVN3", legacy.VNI: "VNI"}
"""The decoder's encodings by the names findings and reviews use."""


def decode_run(text: str, fonts: tuple) -> tuple[str, tuple, str | None, bool]:
    """(text, fonts, encoding, decoded) for one run: Unicode text and the Unicode font when the
    run is in a legacy encoding, else the run unchanged with encoding None."""
    font = next((f for f in fonts if f), None)
    if text.strip():
        decoded, enc = legacy.decode_text(text, font)
        if enc:
            new_font = legacy.unicode_font(font)
            return decoded, tuple(new_font if f else f for f in fonts), NAMES.get(enc, enc.upper()), True
    return text, fonts, None, True
