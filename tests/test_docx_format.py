"""Read generated documents back and check the Nghị định 30/2020 format element by element."""

from __future__ import annotations

import datetime as dt
import unicodedata
import zipfile
from pathlib import Path

import docx
import pytest
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Pt

from conftest import TEMPLATES, render_mini
from vbgen import vi


@pytest.fixture(scope="module")
def kh(tmp_path_factory) -> Path:
    import shutil

    from conftest import MINI

    content = tmp_path_factory.mktemp("c") / "content"
    shutil.copytree(MINI, content)
    return render_mini(content, tmp_path_factory.mktemp("out"))


@pytest.fixture(scope="module")
def d(kh):
    return docx.Document(str(kh))


def resolved(paragraph, attr):
    """A run property resolved through the run, the paragraph style chain and the defaults."""
    for run in paragraph.runs:
        value = getattr(run.font, attr)
        if value is not None:
            return value
    style = paragraph.style
    while style is not None:
        value = getattr(style.font, attr)
        if value is not None:
            return value
        style = style.base_style
    return None


def cell_paragraphs(table, r, c):
    return [p for p in table.cell(r, c).paragraphs]


def by_text(paragraphs, text):
    for p in paragraphs:
        if p.text == text:
            return p
    raise AssertionError(f"no paragraph {text!r} in {[p.text for p in paragraphs]}")


def test_page_is_a4_portrait_with_margins_in_range(d):
    s = d.sections[0]
    assert s.page_width < s.page_height  # portrait
    assert abs(s.page_width.mm - 210) < 0.1 and abs(s.page_height.mm - 297) < 0.1
    assert 20 <= round(s.top_margin.mm) <= 25 and 20 <= round(s.bottom_margin.mm) <= 25
    assert 30 <= round(s.left_margin.mm) <= 35 and 15 <= round(s.right_margin.mm) <= 20


def test_times_new_roman_everywhere(kh, d):
    styles_xml = zipfile.ZipFile(kh).read("word/styles.xml").decode()
    defaults = d.styles.element.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr")).find(qn("w:rFonts"))
    assert {defaults.get(qn(a)) for a in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia")} == {"Times New Roman"}
    assert "asciiTheme" not in styles_xml and "majorHAnsi" not in styles_xml
    for p in d.paragraphs:
        assert resolved(p, "name") in (None, "Times New Roman")
    document_xml = zipfile.ZipFile(kh).read("word/document.xml").decode()
    assert "rFonts" not in document_xml or 'w:ascii="Times New Roman"' in document_xml


def test_header_table_is_borderless_two_columns(d):
    header = d.tables[0]
    assert len(header.columns) == 2 and len(header.rows) == 2
    borders = header._tbl.tblPr.find(qn("w:tblBorders"))
    assert all(el.get(qn("w:val")) in ("nil", "none") for el in borders)
    agency = cell_paragraphs(header, 0, 0)
    assert [p.text for p in agency[:2]] == ["ỦY BAN NHÂN DÂN", "TỈNH TÂY NINH"]
    for p in agency[:2]:
        assert resolved(p, "bold") is True and resolved(p, "size") == Pt(13)
        assert p.alignment == WD_ALIGN_PARAGRAPH.CENTER or p.style.paragraph_format.alignment == WD_ALIGN_PARAGRAPH.CENTER
    national = cell_paragraphs(header, 0, 1)
    assert national[0].text == "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" and resolved(national[0], "size") == Pt(13)
    assert national[1].text == "Độc lập - Tự do - Hạnh phúc" and resolved(national[1], "size") == Pt(14)
    assert resolved(national[0], "bold") and resolved(national[1], "bold")


def line_length_mm(paragraph, container_tw):
    """Length of a bottom-border line drawn by an empty paragraph with left/right indents."""
    assert paragraph.text == ""
    ppr_style = paragraph.style.element.pPr
    assert ppr_style.find(qn("w:pBdr")).find(qn("w:bottom")).get(qn("w:val")) == "single"
    ind = paragraph._p.pPr.find(qn("w:ind"))
    width = container_tw - int(ind.get(qn("w:left"))) - int(ind.get(qn("w:right")))
    return width / 1440 * 25.4


def test_short_lines_have_the_decreed_lengths(d):
    from vbgen.docx import layout
    from vbgen.docx import textmetrics

    header = d.tables[0]
    agency_line = cell_paragraphs(header, 0, 0)[2]
    agency_text = max(textmetrics.text_width_pt(t, 13, bold=True) for t in ("ỦY BAN NHÂN DÂN", "TỈNH TÂY NINH")) / 72 * 25.4
    length = line_length_mm(agency_line, layout.HEADER_COLUMNS[0] - 2 * layout.CELL_MARGIN)
    assert agency_text / 3 <= length <= agency_text / 2
    motto_line = cell_paragraphs(header, 0, 1)[2]
    motto = textmetrics.text_width_pt("Độc lập - Tự do - Hạnh phúc", 14, bold=True) / 72 * 25.4
    assert abs(line_length_mm(motto_line, layout.HEADER_COLUMNS[1] - 2 * layout.CELL_MARGIN) - motto) < 1


def test_number_and_date_lines_share_the_second_row(d):
    header = d.tables[0]
    number = cell_paragraphs(header, 1, 0)[0]
    date = cell_paragraphs(header, 1, 1)[0]
    assert number.text == f"Số: {vi.BLANK}/KH-UBND"
    assert resolved(number, "size") == Pt(13) and not resolved(number, "bold")
    assert date.text == f"Tây Ninh, ngày{vi.BLANK}tháng{vi.BLANK}năm 2026"
    assert resolved(date, "italic") is True and resolved(date, "size") == Pt(14)


def test_kind_and_subject_are_centred_bold_with_a_line(d):
    kind = by_text(d.paragraphs, "KẾ HOẠCH")
    assert resolved(kind, "bold") and resolved(kind, "size") == Pt(14)
    assert kind.style.paragraph_format.alignment == WD_ALIGN_PARAGRAPH.CENTER
    i = d.paragraphs.index(kind) if kind in d.paragraphs else [p.text for p in d.paragraphs].index("KẾ HOẠCH")
    subject, line = d.paragraphs[i + 1], d.paragraphs[i + 2]
    assert subject.text.startswith("Triển khai thực hiện Chỉ thị số 06/CT-BCA-V05")
    assert resolved(subject, "bold") and subject.style.paragraph_format.alignment == WD_ALIGN_PARAGRAPH.CENTER
    assert line.text == "" and line.style.style_id == "VBKeTrichYeu"


def body_paragraphs(d):
    return [p for p in d.paragraphs if p.style.style_id in ("VBNoiDung", "VBMuc", "VBKhoan", "VBDiem") and p.text]


def test_body_is_14pt_justified_indented_and_spaced(d):
    body = body_paragraphs(d)
    assert len(body) > 10
    for p in body:
        fmt = p.style.paragraph_format
        assert resolved(p, "size") == Pt(14)
        assert fmt.alignment == WD_ALIGN_PARAGRAPH.JUSTIFY
        assert 1.0 <= fmt.first_line_indent.cm <= 1.27
        assert fmt.space_before.pt >= 6


def test_numbering_levels_and_styles(d):
    body = body_paragraphs(d)
    texts = [p.text for p in body]
    assert "I. MỤC ĐÍCH, YÊU CẦU" in texts and "II. TỔ CHỨC THỰC HIỆN" in texts
    heading = by_text(body, "I. MỤC ĐÍCH, YÊU CẦU")
    assert resolved(heading, "bold")
    assert resolved(by_text(body, "1. Mục đích"), "bold")
    assert any(t.startswith("a) Nâng cao nhận thức") for t in texts)
    assert any(t.startswith("b) Thực hiện") for t in texts)
    assert texts[-1].endswith("./.")
    assert "3. Đề nghị Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh" in texts


def test_special_characters_come_out_exactly(d):
    texts = "\n".join(p.text for p in d.paragraphs)
    assert '& Luật Lực lượng tham gia bảo vệ an ninh, trật tự ở cơ sở cho "cán bộ" <công chức>.' in texts


def test_citations_full_then_short_with_alias(d):
    texts = [p.text for p in d.paragraphs]
    preamble = texts[[t.startswith("Thực hiện Chỉ thị") for t in texts].index(True)]
    assert preamble.startswith("Thực hiện Chỉ thị số 06/CT-BCA-V05 ngày 07/5/2025 của Bộ trưởng Bộ Công an về nâng cao")
    assert any("theo Chỉ thị số 06/CT-BCA-V05 & Luật" in t for t in texts)  # later mention: short form
    assert any("(sau đây gọi tắt là Thông tư số 124/2021/TT-BCA)" in t for t in texts)
    assert "b) Thực hiện Thông tư số 124/2021/TT-BCA ngày 28/12/2021" in "\n".join(texts)


def test_recipients_and_signature_table(d):
    table = d.tables[-1]
    borders = table._tbl.tblPr.find(qn("w:tblBorders"))
    assert all(el.get(qn("w:val")) in ("nil", "none") for el in borders)
    left = [p for p in cell_paragraphs(table, 0, 0) if p.text]
    assert left[0].text == "Nơi nhận:"
    assert resolved(left[0], "size") == Pt(12) and resolved(left[0], "bold") and resolved(left[0], "italic")
    items = left[1:]
    for p in items:
        assert p.text.startswith("- ") and resolved(p, "size") == Pt(11) and not resolved(p, "bold")
    assert all(p.text.endswith(";") for p in items[:-1])
    assert items[-1].text == "- Lưu: VT, NC."
    names = [p.text for p in items]
    assert "- Bộ Công an (Cục Xây dựng phong trào bảo vệ ANTQ) (để báo cáo);" in names
    # agencies given a task are added automatically
    assert "- Ủy ban MTTQ Việt Nam tỉnh;" in names and "- Sở Giáo dục và Đào tạo;" in names
    right = [p for p in cell_paragraphs(table, 0, 1) if p.text]
    assert [p.text for p in right] == ["TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"]
    for p in right:
        assert resolved(p, "bold") and resolved(p, "size") == Pt(14)


def test_page_numbers_from_page_two(kh, d):
    s = d.sections[0]
    assert s.different_first_page_header_footer is True
    default_header = s.header._element.xml
    assert "PAGE" in default_header and 'w:fldCharType="begin"' in default_header
    page_para = s.header.paragraphs[0]
    assert page_para.style.paragraph_format.alignment == WD_ALIGN_PARAGRAPH.CENTER
    assert resolved(page_para, "size") == Pt(14)
    assert "PAGE" not in s.first_page_header._element.xml


def test_text_is_nfc(d):
    for p in d.paragraphs:
        assert unicodedata.is_normalized("NFC", p.text)


def test_dated_document_with_number(mini, tmp_path):
    doc = mini / "documents" / "ke-hoach-mini.yaml"
    doc.write_text(doc.read_text(encoding="utf-8").replace("year: 2026", "number: '7'\ndate: 2026-01-07"), encoding="utf-8")
    out = docx.Document(str(render_mini(mini, tmp_path / "o", province="ho-chi-minh")))
    header = out.tables[0]
    assert header.cell(1, 0).paragraphs[0].text == "Số: 07/KH-UBND"
    assert header.cell(1, 1).paragraphs[0].text == "Thành phố Hồ Chí Minh, ngày 07 tháng 01 năm 2026"
    assert [p.text for p in header.cell(0, 0).paragraphs[:2]] == ["ỦY BAN NHÂN DÂN", "THÀNH PHỐ HỒ CHÍ MINH"]
    assert out.core_properties.created == dt.datetime(2026, 1, 7, tzinfo=dt.timezone.utc).replace(tzinfo=None) or out.core_properties.created.date() == dt.date(2026, 1, 7)
    names = [p.text for p in out.tables[-1].cell(0, 0).paragraphs]
    assert "- UBND các xã, phường, đặc khu;" in names  # Hồ Chí Minh has đặc khu Côn Đảo


def test_build_runs_the_checker_on_what_it_writes(runner, mini, tmp_path):
    """A restyled template that breaks the decree is reported; --strict refuses to write."""
    from vbgen.cli import main

    tpl = tmp_path / "tpl"
    tpl.mkdir()
    d = docx.Document(str(TEMPLATES / "ke-hoach.docx"))
    d.styles.get_by_id("VBNoiDung", 1).font.size = Pt(12)
    d.save(str(tpl / "ke-hoach.docx"))
    args = ["build", str(mini / "documents" / "ke-hoach-mini.yaml"), "--content", str(mini), "--templates", str(tpl)]
    result = runner.invoke(main, [*args, "--out", str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    assert "Warning:" in result.output and "[body.size]" in result.output and "ke-hoach-mini.docx: paragraph" in result.output
    strict = runner.invoke(main, [*args, "--out", str(tmp_path / "strict"), "--strict"])
    assert strict.exit_code == 1 and "[body.size] (an error with --strict)" in strict.output
    assert not (tmp_path / "strict").exists()


def test_shipped_documents_pass_the_checker(tmp_path):
    from vbgen.batch.build import build
    from vbgen.check import check_docx

    from conftest import CONTENT

    for r in build(None, ["tay-ninh", "ho-chi-minh", "hue"], tmp_path, CONTENT, TEMPLATES):
        assert check_docx(r.path) == [], r.path
