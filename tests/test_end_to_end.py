"""The shipped content, end to end: every province builds; a Kế hoạch converts to a real PDF."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import docx
import pytest

from conftest import CONTENT, TEMPLATES
from vbgen.batch.build import Workspace, render_one


def soffice_available() -> bool:
    """LibreOffice present? In CI (CI=true) its absence is a failure, not a skip."""
    from vbgen.errors import ToolMissingError
    from vbgen.pdf.common import find_soffice

    try:
        find_soffice()
        return True
    except ToolMissingError:
        if os.environ.get("CI") == "true":
            pytest.fail("LibreOffice (soffice) is required in CI: apt-get install libreoffice-writer-nogui")
        return False


@pytest.fixture(scope="module")
def workspace() -> Workspace:
    return Workspace.open(CONTENT, TEMPLATES)


def test_every_province_renders_both_documents(workspace, tmp_path):
    paths = sorted((CONTENT / "documents").glob("*.yaml"))
    assert {p.stem for p in paths} == {"chi-thi-06", "ke-hoach-06"}
    docs = workspace.load_documents(paths)
    provinces = workspace.registries.provinces.value.provinces
    assert len(provinces) == 34
    headers = set()
    for province in provinces:
        for doc in docs:
            r = render_one(workspace, doc, province, tmp_path)
            assert r.data[:2] == b"PK"
            assert not [w for w in r.warnings], f"{province.slug}/{doc.source.path.stem}: {r.warnings}"
            if doc.source.path.stem == "ke-hoach-06":
                d = docx.Document(__import__("io").BytesIO(r.data))
                headers.add(d.tables[0].cell(0, 0).paragraphs[1].text)
                body = "\n".join(p.text for p in d.paragraphs)
                assert not re.search(r"\b(huyện|thị xã)\b", body)  # no district level after 1/7/2025
                communes = "xã, phường, đặc khu" if province.special_zones else "xã, phường"
                assert f"Ủy ban nhân dân các {communes}" in body
    assert {"TỈNH TÂY NINH", "THÀNH PHỐ HÀ NỘI", "THÀNH PHỐ HỒ CHÍ MINH", "THÀNH PHỐ HUẾ"} <= headers
    assert len(headers) == 34


def test_ke_hoach_reads_like_a_plan(workspace, tmp_path):
    [doc] = workspace.load_documents([CONTENT / "documents" / "ke-hoach-06.yaml"])
    r = render_one(workspace, doc, workspace.registries.province("tay-ninh"), tmp_path)
    d = docx.Document(__import__("io").BytesIO(r.data))
    texts = [p.text for p in d.paragraphs]
    headings = [t for t in texts if t[:3] in ("I. ", "II.", "III", "IV.")]
    assert headings[:3] == ["I. MỤC ĐÍCH, YÊU CẦU", "II. NHIỆM VỤ, GIẢI PHÁP", "III. TỔ CHỨC THỰC HIỆN"]
    body = "\n".join(p.text for p in d.paragraphs if p.style.style_id in ("VBNoiDung", "VBMuc", "VBKhoan", "VBDiem"))
    # the directive is cited in full once, with its short name, and short afterwards
    full = "Chỉ thị số 06/CT-BCA-V05 ngày 07/5/2025 của Bộ trưởng Bộ Công an về nâng cao"
    assert body.count(full) == 1 and "(sau đây gọi tắt là Chỉ thị số 06/CT-BCA-V05)" in body
    assert body.count("Chỉ thị số 06/CT-BCA-V05") > 3
    body_styles = ("VBNoiDung", "VBMuc", "VBKhoan", "VBDiem")
    last_body = [p.text for p in d.paragraphs if p.style.style_id in body_styles and p.text][-1]
    assert last_body.endswith("./.")
    sign_table = next(t for t in d.tables if t.cell(0, 0).paragraphs[0].text == "Nơi nhận:")
    recipients = [p.text for p in sign_table.cell(0, 0).paragraphs if p.text]
    assert recipients[0] == "Nơi nhận:" and recipients[-1].startswith("- Lưu: VT,")
    assert "- Công an tỉnh;" in recipients


def test_ke_hoach_converts_to_pdf_with_its_headings(workspace, tmp_path):
    if not soffice_available():
        pytest.skip("LibreOffice not installed (required when CI=true)")
    from vbgen.pdf.export import convert_to_pdf

    [doc] = workspace.load_documents([CONTENT / "documents" / "ke-hoach-06.yaml"])
    r = render_one(workspace, doc, workspace.registries.province("tay-ninh"), tmp_path)
    path = tmp_path / "ke-hoach-06.docx"
    path.write_bytes(r.data)
    [pdf] = convert_to_pdf([path])
    assert pdf.read_bytes()[:5] == b"%PDF-"
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    pages = int(next(line.split()[-1] for line in info.splitlines() if line.startswith("Pages:")))
    assert 3 <= pages <= 10
    assert "A4" in info or "595.2" in info
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    for needle in ("ỦY BAN NHÂN DÂN", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc", "KẾ HOẠCH",
                   "I. MỤC ĐÍCH, YÊU CẦU", "II. NHIỆM VỤ, GIẢI PHÁP", "III. TỔ CHỨC THỰC HIỆN", "Nơi nhận:",
                   "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH", "- Lưu: VT,"):
        assert needle in text, needle
    first_page = text.split("\f")[0]
    # Tây Ninh's override (content/provinces/tay-ninh/) sets number, date and signer
    assert "Số: 15/KH-UBND" in first_page and "Tây Ninh, ngày 16 tháng 3 năm 2026" in first_page
    assert "TM. ỦY BAN NHÂN DÂN" not in text and "Nguyễn Văn A" in text
    # page numbers: none on page 1, "2" alone on top of page 2
    second = text.split("\f")[1].strip().splitlines()
    assert second[0].strip() == "2"
    assert not first_page.strip().splitlines()[0].strip().isdigit()


@pytest.mark.skipif(shutil.which("pdftotext") is None and os.environ.get("CI") != "true", reason="poppler not installed")
def test_chi_thi_converts_to_pdf(workspace, tmp_path):
    if not soffice_available():
        pytest.skip("LibreOffice not installed (required when CI=true)")
    from vbgen.pdf.export import convert_to_pdf

    [doc] = workspace.load_documents([CONTENT / "documents" / "chi-thi-06.yaml"])
    r = render_one(workspace, doc, workspace.registries.province("ho-chi-minh"), tmp_path)
    path = tmp_path / "chi-thi-06.docx"
    path.write_bytes(r.data)
    [pdf] = convert_to_pdf([path])
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    assert "CHỈ THỊ" in text and "THÀNH PHỐ HỒ CHÍ MINH" in text and "Thành phố Hồ Chí Minh, ngày" in text
    assert "1. " in text and "CHỦ TỊCH" in text


def test_header_lines_of_every_province_fit_their_cells(workspace):
    """No province's agency name or date line wraps (Thành phố Hồ Chí Minh is the longest)."""
    import datetime as dt

    from vbgen.docx import layout
    from vbgen.docx import textmetrics
    from vbgen import vi
    from vbgen.compose.document import province_names

    left = (layout.HEADER_COLUMNS[0] - 2 * layout.CELL_MARGIN) / 20
    right = (layout.HEADER_COLUMNS[1] - 2 * layout.CELL_MARGIN) / 20
    for p in workspace.registries.provinces.value.provinces:
        names = province_names(p, workspace.registries)
        assert textmetrics.text_width_pt(names["upper_name"], layout.SIZES.agency, bold=True) <= left, p.slug
        for date in (None, dt.date(2026, 12, 25)):
            line = vi.date_line(p.place, date, 2026)
            assert textmetrics.text_width_pt(line, layout.SIZES.date_line, italic=True) <= right, (p.slug, line)
