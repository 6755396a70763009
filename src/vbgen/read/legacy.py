"""Legacy Vietnamese 8-bit encodings (TCVN3/ABC and VNI-Windows) to Unicode NFC, and back.

Before Unicode, offices typed Vietnamese in fonts that drew Vietnamese letters at 8-bit codes:

- **TCVN3 (ABC, TCVN 5712:1993 "VN3")**, fonts ``.VnTime``, ``.VnArial`` …: one byte per letter.
  Word stores the bytes as the Windows-1252 characters at those codes ("Bª t«ng" is "Bê tông").
  The plain fonts hold the lower-case letters and seven upper-case bases (Ă Â Ê Ô Ơ Ư Đ); the
  ``…H`` fonts (``.VnTimeH``) draw every code as a capital, which is how headings were typed.
- **VNI-Windows**, fonts ``VNI-Times``, ``VNI-Helve`` …: the base letter followed by a second
  character that draws the marks ("Vieät Nam" is "Việt Nam"; "ñ" is "đ"; "ô"/"ö" are "ơ"/"ư").

Which encoding a run is in is decided by its font name and by whether the decoded words are
Vietnamese syllables (``syllable_score``): a document whose font was switched to Times New Roman
still decodes, and Unicode text typed in a ``.VnTime`` font is left alone.
The encoders (``encode_tcvn3``, ``encode_vni``) exist so tests can write legacy files.
"""

from __future__ import annotations

import re
import unicodedata

TCVN3 = "tcvn3"
TCVN3_UPPER = "tcvn3-upper"  # the …H fonts: every letter prints as a capital
VNI = "vni"
ENCODINGS = (TCVN3, TCVN3_UPPER, VNI)

# Vowels with their five tones, in the order sắc, huyền, hỏi, ngã, nặng.
_TONED = {
    "a": "áàảãạ", "ă": "ắằẳẵặ", "â": "ấầẩẫậ", "e": "éèẻẽẹ", "ê": "ếềểễệ", "i": "íìỉĩị",
    "o": "óòỏõọ", "ô": "ốồổỗộ", "ơ": "ớờởỡợ", "u": "úùủũụ", "ư": "ứừửữự", "y": "ýỳỷỹỵ",
}

# --- TCVN3: code (as the Windows-1252 character Word stores) -> letter --------------------------
# Each row: base letter, its own code (or "" when it is ASCII), then the codes of the five tones.
_TCVN3_ROWS = [
    ("a", "", "\u00b8\u00b5\u00b6\u00b7\u00b9"),        # ¸ µ ¶ · ¹
    ("ă", "\u00a8", "\u00be\u00bb\u00bc\u00bd\u00c6"),  # ¨ ¾ » ¼ ½ Æ
    ("â", "\u00a9", "\u00ca\u00c7\u00c8\u00c9\u00cb"),  # © Ê Ç È É Ë
    ("e", "", "\u00d0\u00cc\u00ce\u00cf\u00d1"),        # Ð Ì Î Ï Ñ
    ("ê", "\u00aa", "\u00d5\u00d2\u00d3\u00d4\u00d6"),  # ª Õ Ò Ó Ô Ö
    ("i", "", "\u00dd\u00d7\u00d8\u00dc\u00de"),        # Ý × Ø Ü Þ
    ("o", "", "\u00e3\u00df\u00e1\u00e2\u00e4"),        # ã ß á â ä
    ("ô", "\u00ab", "\u00e8\u00e5\u00e6\u00e7\u00e9"),  # « è å æ ç é
    ("ơ", "\u00ac", "\u00ed\u00ea\u00eb\u00ec\u00ee"),  # ¬ í ê ë ì î
    ("u", "", "\u00f3\u00ef\u00f1\u00f2\u00f4"),        # ó ï ñ ò ô
    ("ư", "\u00ad", "\u00f8\u00f5\u00f6\u00f7\u00f9"),  # (soft hyphen) ø õ ö ÷ ù
    ("y", "", "\u00fd\u00fa\u00fb\u00fc\u00fe"),        # ý ú û ü þ
]
TCVN3_DECODE: dict[str, str] = {"\u00ae": "đ", "\u00a7": "Đ", "\u00a1": "Ă", "\u00a2": "Â",
                                "\u00a3": "Ê", "\u00a4": "Ô", "\u00a5": "Ơ", "\u00a6": "Ư"}
for _base, _own, _codes in _TCVN3_ROWS:
    if _own:
        TCVN3_DECODE[_own] = _base
    for _code, _letter in zip(_codes, _TONED[_base]):
        TCVN3_DECODE[_code] = _letter
TCVN3_ENCODE: dict[str, str] = {v: k for k, v in TCVN3_DECODE.items()}

# --- VNI-Windows ---------------------------------------------------------------------------------
_VNI_TONE = "\u00f9\u00f8\u00fb\u00f5\u00ef"        # ù ø û õ ï  (sắc huyền hỏi ngã nặng)
_VNI_HAT = "\u00e1\u00e0\u00e5\u00e3\u00e4"         # á à å ã ä  circumflex + tone; â alone
_VNI_BREVE = "\u00e9\u00e8\u00fa\u00fc\u00eb"       # é è ú ü ë  breve + tone; ê alone
_VNI_I = "\u00ed\u00ec\u00e6\u00f3\u00f2"           # í ì æ ó ò  i with its tones, one character
_VNI_Y_DOT = "\u00ee"                               # î  ỵ, one character
_VNI_HORN = {"ô": "ơ", "ö": "ư"}                    # ô ö stand for ơ ư


def _up(text: str) -> str:
    return text.upper()


_VNI_DECODE_SINGLE: dict[str, str] = {"ñ": "đ", "Ñ": "Đ", _VNI_Y_DOT: "ỵ", _up(_VNI_Y_DOT): "Ỵ"}
for _code, _letter in zip(_VNI_I, _TONED["i"]):
    _VNI_DECODE_SINGLE[_code] = _letter
    _VNI_DECODE_SINGLE[_up(_code)] = _letter.upper()


def _tone_index(ch: str, marks: str) -> int:
    """Position of ``ch`` in ``marks`` (either case), -1 when it is not one of them."""
    i = marks.find(ch)
    return i if i >= 0 else _up(marks).find(ch)


def _cased(letter: str, upper: bool) -> str:
    return letter.upper() if upper else letter


def decode_vni(text: str) -> str:
    """VNI-Windows text (as Word stores it) → Unicode NFC."""
    out: list[str] = []
    i, n = 0, len(text)
    while i < n:
        ch = text[i]
        nxt = text[i + 1] if i + 1 < n else ""
        low = ch.lower()
        upper = ch != low
        if ch in _VNI_DECODE_SINGLE:
            out.append(_VNI_DECODE_SINGLE[ch])
            i += 1
            continue
        base = None
        if low in _VNI_HORN:
            base = _VNI_HORN[low]
        elif low in "aeo" and nxt and (nxt.lower() == "â" or _tone_index(nxt, _VNI_HAT) >= 0):
            hat = {"a": "â", "e": "ê", "o": "ô"}[low]
            t = _tone_index(nxt, _VNI_HAT)
            out.append(_cased(hat if t < 0 else _TONED[hat][t], upper))
            i += 2
            continue
        elif low == "a" and nxt and (nxt.lower() == "ê" or _tone_index(nxt, _VNI_BREVE) >= 0):
            t = _tone_index(nxt, _VNI_BREVE)
            out.append(_cased("ă" if t < 0 else _TONED["ă"][t], upper))
            i += 2
            continue
        elif low in "aeiouy":
            base = low
        if base is None:
            out.append(ch)
            i += 1
            continue
        t = _tone_index(nxt, _VNI_TONE) if nxt else -1
        if t >= 0:
            out.append(_cased(_TONED[base][t], upper))
            i += 2
        else:
            out.append(_cased(base, upper))
            i += 1
    return unicodedata.normalize("NFC", "".join(out))


_TONE_MARKS = {"\u0301": 0, "\u0300": 1, "\u0309": 2, "\u0303": 3, "\u0323": 4}


def _split_letter(ch: str) -> tuple[str, str, int]:
    """'ấ' → ('a', '\u0302', 0): base letter, hat mark ('' when none), tone index (-1 when none)."""
    decomposed = unicodedata.normalize("NFD", ch)
    base, hat, tone = decomposed[0], "", -1
    for mark in decomposed[1:]:
        if mark in _TONE_MARKS:
            tone = _TONE_MARKS[mark]
        else:
            hat += mark
    return base, hat, tone


def encode_vni(text: str) -> str:
    """Unicode → VNI-Windows (the characters Word stores for a VNI-Times run)."""
    out: list[str] = []
    for ch in unicodedata.normalize("NFC", text):
        if ch in "đĐ":
            out.append("ñ" if ch == "đ" else "Ñ")
            continue
        base, hat, tone = _split_letter(ch)
        low = base.lower()
        upper = base != low
        if low not in "aeiouy" or (not hat and tone < 0):
            out.append(ch)
            continue
        case = _up if upper else (lambda s: s)
        if low == "i" and tone >= 0 and not hat:
            out.append(case(_VNI_I[tone]))
        elif low == "y" and tone == 4 and not hat:
            out.append(case(_VNI_Y_DOT))
        elif hat == "\u0302":  # circumflex: â ê ô
            out.append(base + case("â" if tone < 0 else _VNI_HAT[tone]))
        elif hat == "\u0306":  # breve: ă
            out.append(base + case("ê" if tone < 0 else _VNI_BREVE[tone]))
        elif hat == "\u031b":  # horn: ơ ư
            out.append(case("ô" if low == "o" else "ö") + ("" if tone < 0 else case(_VNI_TONE[tone])))
        elif not hat:
            out.append(base + case(_VNI_TONE[tone]))
        else:
            out.append(ch)
    return "".join(out)


def decode_tcvn3(text: str, *, upper: bool = False) -> str:
    """TCVN3 text (as Word stores it) → Unicode NFC; ``upper`` for the …H fonts (.VnTimeH)."""
    decoded = "".join(TCVN3_DECODE.get(ch, ch) for ch in text)
    return unicodedata.normalize("NFC", decoded.upper() if upper else decoded)


def encode_tcvn3(text: str, *, upper: bool = False) -> str:
    """Unicode → TCVN3. ``upper``: for a …H font (.VnTimeH), which prints every code as a capital,
    so capitals are written with the lower-case codes. In a plain font (.VnTime) a capital with a
    tone does not exist: ValueError naming it (split the run: ``tcvn3_runs``)."""
    out: list[str] = []
    for ch in unicodedata.normalize("NFC", text):
        if upper:
            ch = ch.lower()
        code = TCVN3_ENCODE.get(ch)
        if code is not None:
            out.append(code)
        elif ord(ch) < 0x80 or _cp1252_punctuation(ch):
            out.append(ch)  # ASCII, and Windows-1252's “ ” ‘ ’ – — … that TCVN3 fonts draw too
        elif ch.lower() in TCVN3_ENCODE:
            raise ValueError(f"'{ch}' has no code in a plain TCVN3 font; it needs the …H font (.VnTimeH)")
        else:
            raise ValueError(f"'{ch}' (U+{ord(ch):04X}) has no TCVN3 code")
    return "".join(out)


def _cp1252_punctuation(ch: str) -> bool:
    """A character of Windows-1252's 0x80–0x9F row (“ ” ‘ ’ – — … •), kept as it is."""
    try:
        return 0x80 <= ch.encode("cp1252")[0] <= 0x9F
    except UnicodeEncodeError:
        return False


def tcvn3_runs(text: str, font: str = ".VnTime") -> list[tuple[str, str]]:
    """Unicode text as TCVN3 runs the way offices typed it: (encoded text, font) pairs, capitals
    with a tone in the …H font of the same family ("Ủy" → [("ñ", ".VnTimeH"), ("y", ".VnTime")])."""
    runs: list[tuple[str, str]] = []
    for ch in unicodedata.normalize("NFC", text):
        needs_h = ch not in TCVN3_ENCODE and ch.lower() in TCVN3_ENCODE and ch != ch.lower()
        run_font = font + "H" if needs_h else font
        code = encode_tcvn3(ch, upper=needs_h)
        if runs and runs[-1][1] == run_font:
            runs[-1] = (runs[-1][0] + code, run_font)
        else:
            runs.append((code, run_font))
    return runs


# --- deciding ------------------------------------------------------------------------------------

def font_encoding(font: str | None) -> str | None:
    """The legacy encoding a font name implies: '.VnTime' → tcvn3, '.VnTimeH' → tcvn3-upper,
    'VNI-Times' → vni, anything else → None."""
    name = (font or "").strip()
    if name.lower().startswith(".vn"):
        return TCVN3_UPPER if name.endswith("H") else TCVN3
    if name.lower().startswith("vni-") or name.lower().startswith("vni "):
        return VNI
    return None


def unicode_font(font: str | None) -> str:
    """The Unicode font to print a decoded run in: '.VnArial' → 'Arial', else 'Times New Roman'."""
    name = (font or "").lower()
    if "arial" in name or "helve" in name:
        return "Arial"
    return "Times New Roman"


def decode(text: str, encoding: str | None) -> str:
    """Decode ``text`` from ``encoding`` (one of ENCODINGS); None returns it NFC, unchanged."""
    if encoding == TCVN3:
        return decode_tcvn3(text)
    if encoding == TCVN3_UPPER:
        return decode_tcvn3(text, upper=True)
    if encoding == VNI:
        return decode_vni(text)
    return unicodedata.normalize("NFC", text)


_ONSET = "(?:ngh|ng|nh|ch|gh|gi|kh|ph|qu|th|tr|b|c|d|đ|g|h|k|l|m|n|p|r|s|t|v|x)?"
_SYLLABLE = re.compile(f"^{_ONSET}[aăâeêioôơuưy]{{1,3}}(?:ng|nh|ch|c|m|n|p|t)?$")
_WORD = re.compile(r"[^\W\d_]+")
_TONELESS = {letter: base for base, letters in _TONED.items() for letter in letters}


def is_syllable(word: str) -> bool:
    """A Vietnamese syllable: onset, one to three vowels, a final consonant, at most one tone."""
    word = unicodedata.normalize("NFC", word).lower()
    if any(ch not in _TONELESS and ch not in "abcdđeghiklmnopqrstuvxyăâêôơư" for ch in word):
        return False
    tones = sum(ch in _TONELESS for ch in word)
    return tones <= 1 and bool(_SYLLABLE.match("".join(_TONELESS.get(ch, ch) for ch in word)))


def syllable_score(text: str) -> float:
    """Share of the words carrying a non-ASCII letter that are Vietnamese syllables (1.0 when no
    word carries one: plain ASCII says nothing either way)."""
    words = [w for w in _WORD.findall(text) if any(ord(c) > 0x7F for c in w)]
    if not words:
        return 1.0
    return sum(is_syllable(w) for w in words) / len(words)


def _has_legacy_codes(text: str) -> bool:
    """Characters in the 8-bit range that TCVN3 and VNI use, and none beyond it (a letter such as
    'ế' U+1EBF means the text is already Unicode)."""
    return any(0xA0 <= ord(c) <= 0xFF for c in text) and not any(
        ord(c) > 0xFF and unicodedata.category(c).startswith("L") for c in text)


def detect(text: str, font: str | None = None) -> str | None:
    """The encoding ``text`` is in (TCVN3, TCVN3_UPPER, VNI) or None for Unicode.

    A legacy font name is believed when decoding does not make the words less Vietnamese; without
    one, a decoding is chosen only when it turns text that is not Vietnamese into text that is."""
    if not _has_legacy_codes(text):
        return None
    hinted = font_encoding(font)
    before = syllable_score(text)
    if hinted is not None:
        return hinted if syllable_score(decode(text, hinted)) >= before else None
    best, best_score = None, before
    for encoding in (TCVN3, VNI):
        score = syllable_score(decode(text, encoding))
        if score > best_score:
            best, best_score = encoding, score
    return best if best is not None and best_score >= 0.8 and before < 0.6 else None


def decode_text(text: str, font: str | None = None) -> tuple[str, str | None]:
    """(Unicode NFC text, the encoding it was in or None) for one run typed in ``font``."""
    encoding = detect(text, font)
    return decode(text, encoding), encoding
