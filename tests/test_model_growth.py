"""What real documents have and the content model now holds: "-" points under any level, a
citation printed as the source printed it, and `cite scan` recognising a variant number."""

from __future__ import annotations

import docx

from vbgen.check.citations import scan_file
from vbgen.content.model import Citation
from vbgen.legal.citations import Citer, parse_options
from vbgen.legal.scan import load_citations

from conftest import CONTENT
from ooxml_valid import assert_valid_docx
from test_inline import build_demo

DASHES = """\
kind: ke_hoach
year: 2026
subject: Thử "-" dưới mọi cấp
sections:
  - title: Mục đích
    items:
      - text: Điểm gạch một;
        dash: true
      - text: Điểm gạch hai;
        dash: true
      - title: Mục số sau các gạch
        items:
          - text: Điểm gạch dưới 1.
            dash: true
          - text: Điểm chữ đầu tiên.
  - text: Gạch ngay dưới phần.
    dash: true
  - title: Tổ chức
    text: Thực hiện nghiêm túc./.
recipients:
  - text: Như trên
"""


def test_dash_points_directly_under_any_level(mini, tmp_path):
    result, path = build_demo(mini, tmp_path / "out", DASHES)
    assert result.exit_code == 0, result.output
    texts = [p.text for p in docx.Document(str(path)).paragraphs]
    body = texts[texts.index("I. MỤC ĐÍCH"):]
    assert body[:7] == ["I. MỤC ĐÍCH", "- Điểm gạch một;", "- Điểm gạch hai;", "1. Mục số sau các gạch",
                        "- Điểm gạch dưới 1.", "a) Điểm chữ đầu tiên.", "- Gạch ngay dưới phần."]
    # a dash does not use up a number: the next numbered part is II.
    assert body[7] == "II. TỔ CHỨC"
    assert_valid_docx(path)


REG = {"kh-612": Citation(kind="Kế hoạch", number="612/KH-BCA-V05", date="2025-09-12", issuer="Bộ Công an",
                          subject="về …")}


def test_a_citation_keeps_how_the_source_printed_it():
    text, issues = Citer(REG).resolve("Thực hiện [[kh-612|như in: Kế hoạch số 612/KH-BCA, ngày 12/9/2025]] của Bộ")
    assert text == "Thực hiện Kế hoạch số 612/KH-BCA, ngày 12/9/2025 của Bộ" and not issues
    citer = Citer(REG)
    citer.resolve("[[kh-612|as printed: 612/KH-BCA]]")
    assert "kh-612" in citer.mentioned  # it counts as the first mention
    assert citer.resolve("[[kh-612]]")[0] == "Kế hoạch số 612/KH-BCA-V05"
    assert parse_options("như in: a, b") == ("printed", None, [])
    _, issues = Citer(REG).resolve("[[kh-612|như in:]]")
    assert issues and issues[0].error


def test_cite_scan_matches_a_variant_number_instead_of_proposing_a_key(tmp_path):
    registry = load_citations(CONTENT, None)
    path = tmp_path / "t.txt"
    path.write_text("Thực hiện Kế hoạch số 612/KH-BCA ngày 10/10/2025 của Bộ Công an về phòng cháy.", encoding="utf-8")
    refs = [r for r in scan_file(path, registry) if r.number and r.number.startswith("612")]
    assert refs and refs[0].key == "kh-612-2025-bca" and refs[0].proposed is None
    assert refs[0].printed == "612/KH-BCA"
    assert any("612/KH-BCA-V05" in note for note in refs[0].notes)
    # a different date is a different document: no match on the variant
    path.write_text("Thực hiện Kế hoạch số 612/KH-BCA ngày 12/9/2019 của Bộ Công an.", encoding="utf-8")
    refs = [r for r in scan_file(path, registry) if r.number and r.number.startswith("612")]
    assert refs[0].key is None


def _build_text(mini, tmp_path, text, *lang):
    from click.testing import CliRunner

    from vbgen.cli import main
    from conftest import TEMPLATES

    doc = mini / "documents" / "demo.yaml"
    doc.write_text(text, encoding="utf-8")
    return CliRunner().invoke(main, [*lang, "build", str(doc), "--content", str(mini), "--templates", str(TEMPLATES),
                                     "--out", str(tmp_path / "out")])


def test_a_comma_in_an_unquoted_flow_value_gets_a_hint_to_quote_it(mini, tmp_path):
    result = _build_text(mini, tmp_path, DASHES.replace("  - text: Như trên", "  - {text: UBND các huyện, thành phố}"))
    assert result.exit_code == 1
    assert "unknown key 'thành phố'; if it belongs to the value before it, that value has a comma: put the value in quotes" in result.output
    result = _build_text(mini, tmp_path, DASHES.replace("  - text: Như trên", "  - {text: UBND các huyện, thành phố}"), "--lang", "vi")
    assert "hãy đặt giá trị trong dấu nháy kép" in result.output


def test_an_allowed_values_message_says_values(mini, tmp_path):
    result = _build_text(mini, tmp_path, DASHES + "appendices:\n  - title: Tiêu chí\n    table: criteria\n")
    assert result.exit_code == 1
    assert "must be one of 'tasks'; allowed values: tasks" in result.output and "allowed keys" not in result.output
    result = _build_text(mini, tmp_path, DASHES + "appendices:\n  - title: Tiêu chí\n    table: criteria\n", "--lang", "vi")
    assert "giá trị được phép" in result.output and "khóa" not in result.output.split("criteria")[-1]


def test_a_plan_without_recipients_is_a_warning(mini, tmp_path):
    result = _build_text(mini, tmp_path, DASHES.replace("recipients:\n  - text: Như trên\n", ""))
    assert result.exit_code == 0, result.output
    assert "no recipients: a Kế hoạch goes to the bodies that carry it out" in result.output
    assert "no recipients" not in _build_text(mini, tmp_path, DASHES).output
    historical = DASHES.replace("recipients:\n  - text: Như trên\n", "").replace("year: 2026\n", "year: 2026\nhistorical: true\n")
    assert "no recipients" not in _build_text(mini, tmp_path, historical).output  # kept as it was issued
