"""Marks on page 1 (issue 9.4): DỰ THẢO, độ mật, độ khẩn, the circulation note; and the checker."""

from __future__ import annotations

import copy
from pathlib import Path

import docx
import pytest
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Pt

from conftest import CONTENT, TEMPLATES
from ooxml_valid import assert_valid_docx
from rendered import page_texts, red_pixels, to_pdf
from vbgen.batch.build import Workspace, render_one
from vbgen.check import check_docx
from vbgen.check import build_view
from vbgen.cli import main

MARKS = {"urgency": "THƯỢNG KHẨN", "confidentiality": "TỐI MẬT", "circulation": "XEM XONG TRẢ LẠI"}
TWIPS_PER_MM = 1440 / 25.4


def marked(content: Path, **fields) -> Path:
    """The shipped Kế hoạch with top-level ``fields`` added, as a new document file."""
    text = (CONTENT / "documents" / "ke-hoach-06.yaml").read_text(encoding="utf-8")
    text += "".join(f"\n{k}: {v}" for k, v in fields.items()) + "\n"
    path = content / "documents" / "ke-hoach-dau.yaml"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def content(tmp_path_factory) -> Path:
    import shutil

    dest = tmp_path_factory.mktemp("c") / "content"
    shutil.copytree(CONTENT, dest)
    return dest


@pytest.fixture(scope="module")
def all_marks(content, tmp_path_factory) -> Path:
    """Hà Nội's copy (no number or date: a draft) with every kind of mark."""
    ws = Workspace.open(content, TEMPLATES)
    [doc] = ws.load_documents([marked(content, draft="true", **MARKS)])
    out = tmp_path_factory.mktemp("out")
    r = render_one(ws, doc, ws.registries.province("ha-noi"), out)
    assert not r.warnings, r.warnings  # the checker (run by build) has nothing to say
    path = out / "ke-hoach-dau.docx"
    path.write_bytes(r.data)
    return path


def header_cell_texts(d, row: int, col: int) -> list[tuple[str, str]]:
    return [(p.style.style_id, p.text) for p in d.tables[0].cell(row, col).paragraphs if p.text]


def test_marks_sit_in_their_places(all_marks):
    d = docx.Document(str(all_marks))
    assert header_cell_texts(d, 1, 0) == [
        ("VBSo", "Số: \u00a0\u00a0\u00a0\u00a0\u00a0\u00a0/KH-UBND"),
        ("VBDuThao", "DỰ THẢO"),  # directly under the number
        ("VBDoMat", "TỐI MẬT"),  # ô 10a above ô 10b
        ("VBDoKhan", "THƯỢNG KHẨN"),
    ]
    first = d.paragraphs[0]  # ô 11: above the header table, over the Quốc hiệu column
    assert (first.style.style_id, first.text) == ("VBPhamViLuuHanh", "XEM XONG TRẢ LẠI")
    body = d.element.body
    assert body.index(first._p) < body.index(d.tables[0]._tbl)
    assert_valid_docx(all_marks)


def test_marks_are_framed_bold_capitals_of_the_stamp_size(all_marks):
    view = build_view(str(all_marks))
    marks = {u.text: u.para for u in view.layout.marks}
    assert set(marks) == {"DỰ THẢO", "TỐI MẬT", "THƯỢNG KHẨN", "XEM XONG TRẢ LẠI"}
    for text, p in marks.items():
        f = p.fmt
        edges = (f.border_top, f.border_bottom, f.border_left, f.border_right)
        assert all(b is not None and b.style == "single" for b in edges), text
        assert all(r.bold and r.size == 13 for r in p.runs if r.text.strip()), text
    for text, mm in (("TỐI MẬT", 30), ("THƯỢNG KHẨN", 40)):
        p = marks[text]
        f = p.fmt
        outer = p.width - f.ind_left - f.ind_right + 20 * (f.border_left.space + f.border_right.space)
        assert abs(outer / TWIPS_PER_MM - mm) < 1, (text, outer / TWIPS_PER_MM)
        height = f.line + 20 * (f.border_top.space + f.border_bottom.space)
        assert f.line_rule == "exact" and abs(height / TWIPS_PER_MM - 8) < 0.6
        assert {r.color.upper() for r in p.runs if r.text.strip()} == {"FF0000"}  # "mực màu đỏ tươi"
    assert {r.color for r in marks["DỰ THẢO"].runs} <= {None, "auto", "000000"}


def test_check_finds_nothing_wrong_with_the_marks(all_marks):
    assert check_docx(str(all_marks)) == []


def mutate(path: Path, tmp_path: Path, change) -> Path:
    d = docx.Document(str(path))
    change(d)
    out = tmp_path / "changed.docx"
    d.save(str(out))
    return out


def by_text(d, text: str):
    for cell_or_doc in (d, *[c for row in d.tables[0].rows for c in row.cells]):
        for p in cell_or_doc.paragraphs:
            if p.text == text:
                return p
    raise AssertionError(text)


def rules_of(path: Path) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for f in check_docx(str(path)):
        found.setdefault(f.rule, []).append(f.message)
    return found


def test_check_wants_a_frame(all_marks, tmp_path):
    def unframe(d):
        p = by_text(d, "THƯỢNG KHẨN")._p
        p.get_or_add_pPr().insert(1, parse_xml(
            f'<w:pBdr {nsdecls("w")}><w:top w:val="nil"/><w:left w:val="nil"/><w:bottom w:val="nil"/>'
            '<w:right w:val="nil"/></w:pBdr>'))
    found = rules_of(mutate(all_marks, tmp_path, unframe))
    assert found.get("marks.frame") == ['mark "THƯỢNG KHẨN": no frame; put it in a single-line box']


def test_check_measures_the_stamp(all_marks, tmp_path):
    def widen(d):
        p = by_text(d, "TỐI MẬT")
        p.paragraph_format.left_indent = p.paragraph_format.right_indent = 0
    found = rules_of(mutate(all_marks, tmp_path, widen))
    [message] = found["marks.frame"]
    assert "the stamp is 30 × 8 mm" in message


def test_check_wants_bold_capitals_of_13_to_14_pt(all_marks, tmp_path):
    def soften(d):
        for r in by_text(d, "DỰ THẢO").runs:
            r.font.bold, r.font.italic, r.font.size = False, True, Pt(11)
    found = rules_of(mutate(all_marks, tmp_path, soften))
    [message] = found["marks.style"]
    assert message.startswith('mark "DỰ THẢO": not bold; italic; size 11')


def test_check_wants_each_mark_in_its_place(all_marks, tmp_path):
    def swap(d):
        # the circulation note and the urgency mark trade places
        circulation = by_text(d, "XEM XONG TRẢ LẠI")._p
        urgency = by_text(d, "THƯỢNG KHẨN")._p
        moved_circulation, moved_urgency = copy.deepcopy(circulation), copy.deepcopy(urgency)
        circulation.addnext(moved_urgency)
        circulation.getparent().remove(circulation)
        urgency.addnext(moved_circulation)
        urgency.getparent().remove(urgency)
    found = rules_of(mutate(all_marks, tmp_path, swap))
    assert sorted(found["marks.position"]) == [
        '"THƯỢNG KHẨN" should be under the number (Số), in the left column (ô 10b)',
        '"TỐI MẬT" (ô 10a) goes above "THƯỢNG KHẨN" (ô 10b)',
        '"XEM XONG TRẢ LẠI" should be at the top right, above the Quốc hiệu (ô 11)',
    ]


def test_check_still_wants_black_body_text(all_marks, tmp_path):
    def redden(d):
        for p in d.paragraphs:
            if p.style.style_id == "VBNoiDung" and p.text:
                p.runs[0].font.color.rgb = docx.shared.RGBColor(0xFF, 0, 0)
                return
    found = rules_of(mutate(all_marks, tmp_path, redden))
    assert len(found["font.color"]) == 1 and "FF0000" in found["font.color"][0].upper()


def test_build_draft_flag_marks_every_document(runner, content, tmp_path):
    result = runner.invoke(main, ["build", "--draft", "-p", "ha-noi", "--out", str(tmp_path), "--content", str(content),
                                  "--templates", str(TEMPLATES), str(content / "documents" / "chi-thi-06.yaml")])
    assert result.exit_code == 0, result.output
    path = tmp_path / "ha-noi" / "chi-thi-06.docx"
    d = docx.Document(str(path))
    assert ("VBDuThao", "DỰ THẢO") in header_cell_texts(d, 1, 0)
    assert "DỰ THẢO" not in "".join(p.text for p in d.paragraphs)  # only the box, nothing else
    assert_valid_docx(path)
    # without --draft there is no mark
    result = runner.invoke(main, ["build", "-p", "ha-noi", "--out", str(tmp_path / "plain"), "--content", str(content),
                                  "--templates", str(TEMPLATES), str(content / "documents" / "chi-thi-06.yaml")])
    assert result.exit_code == 0, result.output
    plain = docx.Document(str(tmp_path / "plain" / "ha-noi" / "chi-thi-06.docx"))
    assert all(s != "VBDuThao" for s, _ in header_cell_texts(plain, 1, 0))


def test_unknown_mark_value_is_a_content_error_listing_the_choices(runner, content, tmp_path):
    path = marked(content, urgency="RẤT KHẨN")
    result = runner.invoke(main, ["build", "--out", str(tmp_path), "--content", str(content),
                                  "--templates", str(TEMPLATES), str(path)])
    assert result.exit_code == 1
    assert "urgency" in result.output and "THƯỢNG KHẨN" in result.output and "Traceback" not in result.output
    assert not (tmp_path / "tay-ninh").exists()


def test_pdf_page_1_shows_the_boxes(all_marks):
    pdf = to_pdf(all_marks)
    pages = page_texts(pdf)
    first = pages[0]
    for text in ("DỰ THẢO", "TỐI MẬT", "THƯỢNG KHẨN", "XEM XONG TRẢ LẠI"):
        assert text in first and all(text not in page for page in pages[1:])
    lines = [line for line in first.splitlines() if line.strip()]
    assert "XEM XONG TRẢ LẠI" in lines[0]  # above the Quốc hiệu line
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in lines[1]
    so = next(i for i, line in enumerate(lines) if "/KH-UBND" in line)
    assert [lines[so + k].strip() for k in (1, 2, 3)] == ["DỰ THẢO", "TỐI MẬT", "THƯỢNG KHẨN"]
    # the secrecy and urgency boxes are red, in the left column of the page's upper third
    assert red_pixels(pdf, 1, (0.05, 0.1, 0.5, 0.35)) > 100
    assert red_pixels(pdf, 1, (0.5, 0.0, 1.0, 1.0)) == 0


def test_a_numbered_draft_reads_du_thao_lan_n(content, tmp_path):
    ws = Workspace.open(content, TEMPLATES)
    [doc] = ws.load_documents([marked(content, draft_round="2")])
    r = render_one(ws, doc, ws.registries.province("tay-ninh"), tmp_path)
    path = tmp_path / "lan-2.docx"
    path.write_bytes(r.data)
    d = docx.Document(str(path))
    assert ("VBDuThao", "DỰ THẢO LẦN 2") in header_cell_texts(d, 1, 0)
    assert check_docx(str(path)) == [] and not r.warnings
    assert_valid_docx(path)


def header_and_reference(path: Path) -> tuple[str, str, str]:
    """The Số line, the date line and the appendix's "(Kèm theo …)" line, as printed."""
    d = docx.Document(str(path))
    so = next(t for s, t in header_cell_texts(d, 1, 0) if s == "VBSo")
    date = next(p.text for p in d.tables[0].cell(1, 1).paragraphs if "ngày" in p.text)
    reference = next(p.text for p in d.paragraphs if p.style.style_id == "VBPhuLucKemTheo")
    return so, date, reference


@pytest.mark.parametrize("how", ["--draft", "draft: true"])
def test_a_draft_prints_the_blanks_of_number_and_date_whatever_the_content_says(runner, content, tmp_path, how):
    """Tây Ninh's override gives number 15 and a date: a draft still prints the blanks, in the
    header and in the appendix's reference line (format-nd30.md §8), and checks clean."""
    document = (content / "documents" / "ke-hoach-06.yaml" if how == "--draft"
                else marked(content, draft="true", number='"15"', date="2026-03-16"))
    args = ["build", "-p", "tay-ninh", "--content", str(content), "--templates", str(TEMPLATES), str(document)]
    result = runner.invoke(main, [*args, "--out", str(tmp_path / "final")])
    assert result.exit_code == 0, result.output
    final = header_and_reference(tmp_path / "final" / "tay-ninh" / document.name.replace(".yaml", ".docx"))
    if how == "--draft":  # the same content without the flag: its number and date
        assert final[0] == "Số: 15/KH-UBND" and final[1] == "Tây Ninh, ngày 16 tháng 3 năm 2026"
        assert "số 15/KH-UBND ngày 16 tháng 3 năm 2026 của" in final[2]
        result = runner.invoke(main, [*args, "--draft", "--out", str(tmp_path / "draft")])
        assert result.exit_code == 0, result.output
        path = tmp_path / "draft" / "tay-ninh" / "ke-hoach-06.docx"
    else:
        path = tmp_path / "final" / "tay-ninh" / "ke-hoach-dau.docx"
    blank = "\u00a0" * 6
    so, date, reference = header_and_reference(path)
    assert so == f"Số: {blank}/KH-UBND"
    assert date == f"Tây Ninh, ngày{blank}tháng{blank}năm 2026"  # the year stays
    assert reference == (f"(Kèm theo Kế hoạch số {blank}/KH-UBND ngày{blank}tháng{blank}năm 2026 "
                         "của Ủy ban nhân dân tỉnh Tây Ninh)")
    assert check_docx(str(path)) == []
    result = runner.invoke(main, ["check", str(path)])
    assert result.exit_code == 0 and result.output.strip().endswith(": ok"), result.output
    assert_valid_docx(path)
