"""TCVN3 (ABC) and VNI-Windows text decodes to Unicode NFC, letter by letter, and is recognised by
its font name and by whether the decoded words are Vietnamese."""

from __future__ import annotations

import unicodedata

import pytest

from vbgen.read import legacy

BASES = "aăâeêioôơuưy"
TONES = "\u0301\u0300\u0309\u0303\u0323"  # sắc huyền hỏi ngã nặng
LOWER = [unicodedata.normalize("NFC", b + t) for b in BASES for t in ("",) + tuple(TONES)] + ["đ"]
UPPER = [ch.upper() for ch in LOWER]


def test_the_alphabet_is_complete():
    assert len(LOWER) == 12 * 6 + 1 == len(set(LOWER))
    assert all(len(ch) == 1 for ch in LOWER + UPPER)  # every letter is one precomposed character


@pytest.mark.parametrize("letter", LOWER + UPPER)
def test_vni_round_trips_every_letter_with_every_tone(letter):
    encoded = legacy.encode_vni(letter)
    assert all(ord(c) <= 0xFF for c in encoded), encoded
    assert legacy.decode_vni(encoded) == letter
    # inside a word, between ASCII letters, too
    word = "t" + letter + "ng"
    assert legacy.decode_vni(legacy.encode_vni(word)) == word


@pytest.mark.parametrize("letter", LOWER + ["Ă", "Â", "Ê", "Ô", "Ơ", "Ư", "Đ"])
def test_tcvn3_round_trips_every_letter_in_the_plain_font(letter):
    encoded = legacy.encode_tcvn3(letter)
    assert len(encoded) == 1 and 0xA0 <= ord(encoded) <= 0xFF or encoded in BASES
    assert legacy.decode_tcvn3(encoded) == letter


@pytest.mark.parametrize("letter", UPPER)
def test_tcvn3_capitals_round_trip_through_the_h_font(letter):
    encoded = legacy.encode_tcvn3(letter, upper=True)
    assert legacy.decode_tcvn3(encoded, upper=True) == letter
    assert legacy.decode(encoded, legacy.font_encoding(".VnTimeH")) == letter


def test_tcvn3_codes_are_distinct_and_one_byte():
    codes = list(legacy.TCVN3_ENCODE.values())
    assert len(codes) == len(set(codes))
    assert all(0xA0 <= ord(c) <= 0xFF for c in codes)
    assert len(legacy.TCVN3_DECODE) == 12 * 5 + 6 + 7 + 1  # toned, ă â ê ô ơ ư, seven capitals, đ


def test_a_capital_with_a_tone_has_no_plain_tcvn3_code():
    with pytest.raises(ValueError, match="VnTimeH"):
        legacy.encode_tcvn3("Ủy")
    assert legacy.tcvn3_runs("Ủy ban") == [("ñ", ".VnTimeH"), ("y ban", ".VnTime")]


KNOWN = [  # how the texts look in Word with the legacy font, and what they say
    (legacy.VNI, "Coäng hoøa xaõ hoäi chuû nghóa Vieät Nam", "Cộng hòa xã hội chủ nghĩa Việt Nam"),
    (legacy.VNI, "ÑOÄC LAÄP - TÖÏ DO - HAÏNH PHUÙC", "ĐỘC LẬP - TỰ DO - HẠNH PHÚC"),
    (legacy.VNI, "Ñaøo ñaát, naêm, ngöôøi", "Đào đất, năm, người"),
    (legacy.TCVN3, "Bª t«ng", "Bê tông"),
    (legacy.TCVN3, "§éc lËp - Tù do - H¹nh phóc", "Độc lập - Tự do - Hạnh phúc"),
    (legacy.TCVN3, "Uû ban nh©n d©n tØnh", "Uỷ ban nhân dân tỉnh"),
    (legacy.TCVN3_UPPER, "céng hoµ x· héi chñ nghÜa viÖt nam", "CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM"),
]


@pytest.mark.parametrize("encoding, stored, text", KNOWN)
def test_known_texts_decode(encoding, stored, text):
    assert legacy.decode(stored, encoding) == text
    encode = legacy.encode_vni if encoding == legacy.VNI else (
        lambda t: legacy.encode_tcvn3(t, upper=encoding == legacy.TCVN3_UPPER))
    assert legacy.decode(encode(text), encoding) == text


@pytest.mark.parametrize("font, encoding", [
    (".VnTime", legacy.TCVN3), (".VnArial", legacy.TCVN3), (".VnTimeH", legacy.TCVN3_UPPER),
    (".VnArialH", legacy.TCVN3_UPPER), ("VNI-Times", legacy.VNI), ("VNI-Helve", legacy.VNI),
    ("Times New Roman", None), (None, None), ("", None)])
def test_font_names(font, encoding):
    assert legacy.font_encoding(font) == encoding


SENTENCE = ("Ủy ban nhân dân tỉnh yêu cầu các sở, ban, ngành triển khai thực hiện nghiêm túc "
            "Chỉ thị về tăng cường công tác phòng cháy, chữa cháy và cứu nạn, cứu hộ")


def test_detect_by_font_and_by_syllables():
    vni = legacy.encode_vni(SENTENCE)
    # by font name
    assert legacy.decode_text(vni, "VNI-Times") == (SENTENCE, legacy.VNI)
    # by syllables alone: the font was changed to Times New Roman, the codes stayed
    assert legacy.decode_text(vni, "Times New Roman") == (SENTENCE, legacy.VNI)
    plain = legacy.encode_tcvn3(SENTENCE.lower())
    assert legacy.decode_text(plain, "Times New Roman") == (SENTENCE.lower(), legacy.TCVN3)
    # Unicode stays Unicode, whatever the font claims
    assert legacy.decode_text(SENTENCE, ".VnTime") == (SENTENCE, None)
    assert legacy.decode_text(SENTENCE, "VNI-Times") == (SENTENCE, None)
    # French is not mistaken for a legacy encoding
    assert legacy.detect("Le général a décidé à Paris", None) is None


def test_output_is_nfc():
    decomposed = unicodedata.normalize("NFD", "Việt Nam")
    assert legacy.decode(decomposed, None) == "Việt Nam"
    for enc, stored, _text in KNOWN:
        out = legacy.decode(stored, enc)
        assert out == unicodedata.normalize("NFC", out)


def test_syllables():
    assert all(legacy.is_syllable(w) for w in SENTENCE.replace(",", "").split())
    assert not legacy.is_syllable("géné")
    assert not legacy.is_syllable("Bª")
    assert legacy.syllable_score("Hà Nội") == 1.0
    assert legacy.unicode_font(".VnArialH") == "Arial"
    assert legacy.unicode_font("VNI-Times") == "Times New Roman"
