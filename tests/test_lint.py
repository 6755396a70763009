"""Currency lint: district-level names, merged departments, NFC and tone-mark style."""

from __future__ import annotations

import unicodedata

import pytest

from vbgen.legal.lint import RULES, LintHit, lint_text, lint_texts


def nfd(s: str) -> str:
    return unicodedata.normalize("NFD", s)


FLAGGED = [
    # text, rule, found, replacement
    ("các huyện trong tỉnh", "district.huyen", "huyện", "xã, phường, đặc khu"),
    ("Huyện Châu Thành", "district.huyen", "Huyện", "xã, phường, đặc khu"),
    ("thị xã Trảng Bàng", "district.thi_xa", "thị xã", "xã, phường, đặc khu"),
    ("thị trấn Gò Dầu", "district.thi_tran", "thị trấn", "xã, phường, đặc khu"),
    ("quận Ba Đình", "district.quan", "quận", "xã, phường, đặc khu"),
    ("khu dân cư, xã, phường, thị trấn", "district.commune_list", "xã, phường, thị trấn", "xã, phường, đặc khu"),
    ("UBND các huyện", "district.ubnd", "UBND các huyện", "UBND các xã, phường, đặc khu"),
    (
        "Chủ tịch Ủy ban nhân dân các huyện, thị xã, thành phố chịu trách nhiệm",
        "district.ubnd",
        "Ủy ban nhân dân các huyện, thị xã, thành phố",
        "Ủy ban nhân dân các xã, phường, đặc khu",
    ),
    ("Giao UBND các huyện, thành, thị;", "district.ubnd", "UBND các huyện, thành, thị", "UBND các xã, phường, đặc khu"),
    ("UBND các quận, huyện", "district.ubnd", "UBND các quận, huyện", "UBND các xã, phường, đặc khu"),
    ("Công an các huyện, thị xã, thành phố", "district.police", "Công an các huyện, thị xã, thành phố", "Công an cấp xã"),
    ("Công an cấp huyện", "district.police", "Công an cấp huyện", "Công an cấp xã"),
    ("ở cấp huyện", "district.cap_huyen", "cấp huyện", "cấp xã"),
    ("Ban Thường vụ Huyện ủy", "district.party", "Huyện ủy", "Đảng ủy các xã, phường, đặc khu"),
    ("Huyện uỷ", "district.party", "Huyện uỷ", "Đảng ủy các xã, phường, đặc khu"),
    ("thành phố thuộc tỉnh", "district.thanh_pho_thuoc_tinh", "thành phố thuộc tỉnh", "xã, phường, đặc khu"),
    ("Sở Thông tin và Truyền thông", "dept.tttt", "Sở Thông tin và Truyền thông", "Sở Khoa học và Công nghệ"),
    ("Sở TT&TT", "dept.tttt", "Sở TT&TT", "Sở Khoa học và Công nghệ"),
    ("Sở Kế hoạch và Đầu tư", "dept.khdt", "Sở Kế hoạch và Đầu tư", "Sở Tài chính"),
    ("sở kế hoạch và đầu tư", "dept.khdt", "sở kế hoạch và đầu tư", "Sở Tài chính"),
    ("Sở Lao động - Thương binh và Xã hội", "dept.ldtbxh", "Sở Lao động - Thương binh và Xã hội", "Sở Nội vụ"),
    ("Sở Lao động, Thương binh và Xã hội", "dept.ldtbxh", "Sở Lao động, Thương binh và Xã hội", "Sở Nội vụ"),
    ("Sở LĐTBXH", "dept.ldtbxh", "Sở LĐTBXH", "Sở Nội vụ"),
    ("Sở LĐ-TB&XH", "dept.ldtbxh", "Sở LĐ-TB&XH", "Sở Nội vụ"),
    ("Phòng LĐTBXH", "dept.ldtbxh", "LĐTBXH", "Sở Nội vụ"),
    ("Sở Giao thông vận tải", "dept.gtvt", "Sở Giao thông vận tải", "Sở Xây dựng"),
    ("Sở GTVT", "dept.gtvt", "Sở GTVT", "Sở Xây dựng"),
    ("Sở Tài nguyên và Môi trường", "dept.tnmt", "Sở Tài nguyên và Môi trường", "Sở Nông nghiệp và Môi trường"),
    ("Sở TN&MT", "dept.tnmt", "Sở TN&MT", "Sở Nông nghiệp và Môi trường"),
    (
        "Sở Nông nghiệp và Phát triển nông thôn",
        "dept.nnptnt",
        "Sở Nông nghiệp và Phát triển nông thôn",
        "Sở Nông nghiệp và Môi trường",
    ),
    ("Sở NN&PTNT", "dept.nnptnt", "Sở NN&PTNT", "Sở Nông nghiệp và Môi trường"),
    ("Ban Dân tộc tỉnh", "dept.ban_dan_toc", "Ban Dân tộc", "Sở Dân tộc và Tôn giáo"),
    ("Đài Phát thanh và Truyền hình tỉnh", "media.radio_tv", "Đài Phát thanh và Truyền hình", "Báo và Phát thanh, Truyền hình"),
    ("Đài PT-TH tỉnh", "media.radio_tv", "Đài PT-TH", "Báo và Phát thanh, Truyền hình"),
    ("Báo Tây Ninh", "media.newspaper", "Báo Tây Ninh", "Báo và Phát thanh, Truyền hình Tây Ninh"),
    ("Báo Khánh Hoà", "media.newspaper", "Báo Khánh Hoà", "Báo và Phát thanh, Truyền hình Khánh Hoà"),
    ("Báo tỉnh", "media.newspaper", "Báo tỉnh", "Báo và Phát thanh, Truyền hình tỉnh"),
    (
        "Báo {{ province.unit }}",
        "media.newspaper",
        "Báo {{ province.unit }}",
        "Báo và Phát thanh, Truyền hình {{ province.unit }}",
    ),
]


@pytest.mark.parametrize(("text", "rule", "found", "replacement"), FLAGGED)
def test_flagged(text, rule, found, replacement):
    (hit,) = lint_text(text)
    assert hit == LintHit(rule, text.index(found), found, RULES[rule], replacement)


CLEAN = [
    "Thành phố Hồ Chí Minh",
    "thành phố Hà Nội, thành phố Huế",
    "UBND các xã, phường, đặc khu",
    "Công an cấp xã; Công an tỉnh; Công an thành phố",
    "câu chuyện, luyện tập, truyện ngắn, huyền thoại",  # "huyện" inside other words
    "quần chúng, quân đội",
    "Đảng ủy các xã, phường, đặc khu",
    "Sở Khoa học và Công nghệ; Sở Nội vụ; Sở Tài chính; Sở Xây dựng",
    "Sở Nông nghiệp và Môi trường",
    "Báo và Phát thanh, Truyền hình tỉnh",
    "báo cáo kết quả; Báo Nhân Dân; thông báo tỉnh",
    "Ban Dân tộc HĐND tỉnh; Ban Dân tộc Hội đồng nhân dân tỉnh; Ủy ban Dân tộc",
    "Đài Truyền hình Việt Nam; Đài Tiếng nói Việt Nam",
    "Sở Thông tin",  # the abbreviation rule is for "Sở TT&TT", not any "Sở Thông tin…"
    "",
]


@pytest.mark.parametrize("text", CLEAN)
def test_clean(text):
    assert lint_text(text) == []


def test_longest_hit_wins_and_hits_are_in_order():
    hits = lint_text("Giao UBND các huyện, thị xã, thành phố và Sở Kế hoạch và Đầu tư; huyện")
    assert [h.rule for h in hits] == ["district.ubnd", "dept.khdt", "district.huyen"]
    assert [h.offset for h in hits] == sorted(h.offset for h in hits)


def test_match_across_line_break():
    (hit,) = lint_text("Sở Kế hoạch\nvà Đầu tư")
    assert hit.found == "Sở Kế hoạch\nvà Đầu tư"


def test_nfc():
    text = "Ở " + nfd("huyện") + " X"
    hits = lint_text(text)
    assert [h.rule for h in hits] == ["district.huyen", "text.nfc"]
    huyen, bad = hits
    # offsets and found text refer to the original (decomposed) string
    assert (huyen.offset, huyen.found) == (2, nfd("huyện"))
    assert (bad.offset, bad.found, bad.replacement) == (len("Ở huy"), nfd("ệ"), "ệ")


def test_nfc_offset_is_first_decomposed_character():
    text = "Kế hoạch " + nfd("triển khai")
    (hit,) = lint_text(text)
    assert hit.rule == "text.nfc"
    assert hit.offset == len("Kế hoạch tri")
    assert unicodedata.normalize("NFC", hit.found) == "ể"


def test_offsets_after_decomposed_text():
    text = nfd("Tổ chức triển khai ở ") + "Sở GTVT"
    hits = lint_text(text)
    gtvt = next(h for h in hits if h.rule == "dept.gtvt")
    assert text[gtvt.offset:gtvt.offset + len(gtvt.found)] == "Sở GTVT" == gtvt.found


def test_rules_table_covers_every_rule():
    rules = {h.rule for text, *_ in FLAGGED for h in lint_text(text)}
    assert rules | {"text.nfc", "text.tone_style", "text.invisible"} == set(RULES)


# --------------------------------------------------------------------------------------
# lint_texts: problems with file, line and key; per-file tone-mark style


def test_lint_texts_problem_location_and_message():
    (problem,) = lint_texts([("content/documents/kh.yaml", 20, "sections[1].text", "một\nhai\nSở GTVT")])
    assert (problem.file, problem.line, problem.key) == ("content/documents/kh.yaml", 22, "sections[1].text")
    assert problem.message.startswith('found "Sở GTVT": ')
    assert '(suggested: "Sở Xây dựng")' in problem.message
    assert problem.message.endswith("[dept.gtvt]")


def test_lint_texts_without_line():
    (problem,) = lint_texts([("f.yaml", None, "subject", "a\nhuyện")])
    assert problem.line is None


@pytest.mark.parametrize(
    ("texts", "fragments"),
    [
        # both styles in one file
        ([("a.yaml", 3, "x", "Ủy ban nhân dân"), ("a.yaml", 9, "y", "Uỷ ban nhân dân")],
         ['old style "Uỷ" (line 9)', 'new style "Ủy" (line 3)']),
        ([("a.yaml", 1, "x", "hòa bình\nvăn hoá")], ['"hoá" (line 2)', '"hòa" (line 1)']),
        ([("a.yaml", 1, "x", "khoẻ, tuỳ, thuỷ"), ("a.yaml", 5, "y", "khỏe")], ['"khoẻ"', '"tuỳ"', '"thuỷ"', '"khỏe"']),
        # the same word in both files, but each file is consistent
        ([("a.yaml", 1, "x", "Ủy ban"), ("b.yaml", 1, "x", "Uỷ ban")], []),
        ([("a.yaml", 1, "x", "Uỷ ban, hoà bình, Hoá học")], []),
        ([("a.yaml", 1, "x", "Ủy ban, hòa bình, Hóa học")], []),
        # "quý" is the same in both styles; closed syllables are not a style
        ([("a.yaml", 1, "x", "Quý II, quý, hoàn thành, khuyến khích"), ("a.yaml", 2, "y", "Ủy ban")], []),
    ],
)
def test_tone_style(texts, fragments):
    problems = [p for p in lint_texts(texts) if "text.tone_style" in p.message]
    assert len(problems) == (1 if fragments else 0), problems
    for fragment in fragments:
        assert fragment in problems[0].message


def test_tone_style_points_at_the_rarer_style():
    texts = [("a.yaml", 1, "x", "Ủy ban, hòa"), ("a.yaml", 7, "y", "hóa"), ("a.yaml", 12, "z", "Uỷ")]
    (problem,) = lint_texts(texts)
    assert (problem.file, problem.line, problem.key) == ("a.yaml", 12, "z")


def test_tone_style_on_decomposed_text():
    texts = [("a.yaml", 1, "x", nfd("Ủy ban")), ("a.yaml", 2, "y", "Uỷ ban")]
    rules = [p.message.rsplit("[", 1)[1] for p in lint_texts(texts)]
    assert rules == ["text.nfc]", "text.tone_style]"]


@pytest.mark.parametrize("char", ["\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u200e", "\u200f", "\u202a",
                                  "\u202e", "\u2066", "\u2069", "\u061c"])
def test_zero_width_and_bidi_controls(char):
    (problem,) = lint_texts([("f.yaml", 3, "subject", f"Ủy ban\n nhân{char} dân")])
    assert (problem.line, problem.key) == (4, "subject")
    assert f"U+{ord(char):04X}" in str(problem) and "at character 13" in problem.message
    assert problem.message.endswith("[text.invisible]")
    assert char not in str(problem)  # shown as <U+XXXX>, never printed raw
