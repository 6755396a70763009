"""Nơi nhận lines matched to the province's agency keys: the reference texts' recipient lists, the
abbreviations offices write, a province's renames and own agencies — and no match for a body that
is not one of them."""

from __future__ import annotations

import re

import pytest
import yaml

from vbgen.content.load import load_registries
from vbgen.content.overrides import registries_for
from vbgen.importer.agencies import agency_index, match, normalise

from conftest import CONTENT
from typed_corpus import load_text


def _matcher(slug: str):
    registries = registries_for(load_registries(CONTENT), CONTENT, slug)
    index = agency_index(registries, slug)
    name = registries.province(slug).name
    return lambda text: match(text, index, name)


def _names(stem: str) -> list[str]:
    """The recipient lines of a reference text, as the importer splits them (no dash, no purpose)."""
    out = []
    for line in load_text(stem).recipients:
        if line.startswith("- Lưu"):
            continue
        text = re.sub(r"^-\s*", "", line).rstrip(" ;.")
        out.append(re.sub(r"\s*\([^()]*\)$", "", text))
    return out


@pytest.mark.parametrize("stem, slug, expected", [
    ("ke-hoach-tay-ninh", "tay-ninh", {"Thường trực Tỉnh ủy": "tt-tinh-uy", "CT, các PCT UBND tỉnh": "ct-pct-ubnd"}),
    ("chi-thi-phu-tho", "phu-tho", {"UBMTTQ tỉnh": "mttq", "CT, các PCT UBND tỉnh": "ct-pct-ubnd", "Công an tỉnh": "cong-an",
                                     "Bộ CHQS tỉnh": "bo-chi-huy-quan-su", "CVP, các PCVP UBND tỉnh": "cvp-pcvp"}),
])
def test_the_reference_recipient_lists(stem, slug, expected):
    same = _matcher(slug)
    got = {text: same(text) for text in _names(stem)}
    assert {t: k for t, k in got.items() if k} == expected
    # the rest are bodies the list does not have, or several bodies in one line: they stay text
    assert got.get("Bộ Công an") is None  # the list's Bộ Công an line names its Cục in brackets
    assert not any(got.get(t) for t in ("TT: TU, HĐND tỉnh", "Các sở, ban, ngành, đoàn thể của tỉnh",
                                        "Các Sở, ban, ngành, tổ chức CT-XH", "UBND các huyện, thị xã, thành phố"))


@pytest.mark.parametrize("text, key", [
    ("Sở GD&ĐT", "so-giao-duc-dao-tao"),
    ("Sở Giáo dục và Đào tạo tỉnh Tây Ninh", "so-giao-duc-dao-tao"),
    ("SỞ GIÁO DỤC VÀ ĐÀO TẠO", "so-giao-duc-dao-tao"),
    ("Ủy ban nhân dân các xã, phường", "ubnd-cap-xa"),
    ("Uỷ ban MTTQ Việt Nam tỉnh", "mttq"),
    ("Văn phòng UBND tỉnh", "van-phong-ubnd"),
    ("BCH Bộ đội Biên phòng tỉnh", "bo-doi-bien-phong"),  # Tây Ninh's own agency (new_agencies)
    ("Công an tỉnh Tây Ninh", "cong-an"),
    ("Công an tỉnh Phú Thọ", None),  # another province's police
    ("Sở Giáo dục", None),
    ("Các cơ quan, doanh nghiệp, nhà trường", None),
])
def test_abbreviations_case_and_diacritics(text, key):
    assert _matcher("tay-ninh")(text) == key


def test_a_renamed_agency_matches_its_provincial_name():
    assert _matcher("ha-noi")("Bộ Tư lệnh Thủ đô Hà Nội") == "bo-chi-huy-quan-su"
    assert _matcher("ha-noi")("Bộ Chỉ huy Quân sự thành phố") is None
    assert _matcher("tay-ninh")("Bộ Chỉ huy Quân sự tỉnh") == "bo-chi-huy-quan-su"
    assert normalise("Sở GD&ĐT tỉnh Tây Ninh", "Tây Ninh") == "so giao duc dao tao tinh"


def test_imported_recipients_carry_the_keys_and_build(typed_corpus, tmp_path):
    import shutil

    from vbgen.batch.build import build
    from vbgen.importer.run import import_file

    from conftest import TEMPLATES
    from fidelity import printed_paragraphs

    content = tmp_path / "content"
    shutil.copytree(CONTENT, content)
    r = import_file(typed_corpus["ct-phu-tho-bullets"], content, "phu-tho", tmp_path / "ct.yaml")
    recipients = yaml.safe_load(r.yaml)["recipients"]
    keyed = [x for x in recipients if "agency" in x]
    assert [x["agency"] for x in keyed] == ["mttq", "ct-pct-ubnd", "cong-an", "bo-chi-huy-quan-su", "cvp-pcvp"]
    assert {"agency": "cong-an", "purpose": "02 bản"} in recipients
    assert "5 of 13 recipient(s) matched" in r.review
    built = build([r.yaml_path], ["phu-tho"], tmp_path / "out", content, TEMPLATES)[0].path
    printed = printed_paragraphs(built)
    assert "- Công an tỉnh (02 bản);" in printed and "- Ủy ban MTTQ Việt Nam tỉnh;" in printed
