"""Content tables, free appendices and former provinces (issue 17, item 4), read back from the
.docx (python-docx and the XML), validated, converted to PDF, and their errors."""

from __future__ import annotations

import datetime as dt
import json
import shutil
import tempfile
from pathlib import Path

import click
import docx
import pytest
from docx.shared import Cm
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import CONTENT, MINI, ROOT, TEMPLATES
from ooxml_valid import assert_valid_docx
from rendered import page_size_pt, page_texts, to_pdf
from vbgen.batch.build import Workspace, build
from vbgen.batch.runner import parse_provinces
from vbgen.check import build_view, check_docx
from vbgen.content.load import load_registries
from vbgen.errors import ContentError, VbgenError
from vbgen.importer.recognise import Part, Recognised
from vbgen.importer.run import _province

FIXTURES = ROOT / "tests" / "fixtures" / "tables"
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def cm(value: float) -> int:
    return round(value * 1440 / 2.54)


@pytest.fixture(scope="module")
def content(tmp_path_factory) -> Path:
    """The mini content with the shipped provinces (34 + the former ones) and the fixtures."""
    dest = tmp_path_factory.mktemp("tables") / "content"
    shutil.copytree(MINI, dest)
    shutil.copy(CONTENT / "provinces.yaml", dest / "provinces.yaml")
    shutil.copy(FIXTURES / "ke-hoach-bang.yaml", dest / "documents" / "ke-hoach-bang.yaml")
    own = dest / "provinces" / "hai-duong" / "own"
    own.mkdir(parents=True)
    shutil.copy(FIXTURES / "hai-duong-ke-hoach-2024.yaml", own / "ke-hoach-2024.yaml")
    return dest


@pytest.fixture(scope="module")
def built(content, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("out")
    [result] = build([content / "documents" / "ke-hoach-bang.yaml"], ["tay-ninh"], out, content, TEMPLATES)
    return result.path


def table_with(document, text: str):
    return next(t for t in document.tables if text in t._tbl.xml and t.rows[0].cells[0].text != "")


def grid(table) -> list[int]:
    return [int(g.get(f"{W}w")) for g in table._tbl.iter(f"{W}gridCol")]


def tc_props(table, row: int) -> list[tuple[str, str | None, str | None]]:
    """(text, gridSpan, vMerge) of every w:tc of row ``row`` as written."""
    out = []
    for tc in table._tbl.findall(f"{W}tr")[row].findall(f"{W}tc"):
        span = tc.find(f"{W}tcPr/{W}gridSpan")
        merge = tc.find(f"{W}tcPr/{W}vMerge")
        out.append(("".join(t.text for t in tc.iter(f"{W}t")), None if span is None else span.get(f"{W}val"),
                    None if merge is None else merge.get(f"{W}val", "continue")))
    return out


def header_rows(table) -> list[bool]:
    return [tr.find(f"{W}trPr/{W}tblHeader") is not None for tr in table._tbl.findall(f"{W}tr")]


# -- a table in the body ----------------------------------------------------------------------


def test_body_table_reads_back_with_its_grid_merges_and_header(built):
    document = docx.Document(built)
    criteria = table_with(document, "Tiêu chí")
    assert grid(criteria) == [cm(1.2), cm(10.3), cm(5)]
    assert header_rows(criteria) == [True, False, False, False, False, False]
    assert tc_props(criteria, 0) == [("TT", None, None), ("Tiêu chí", None, None), ("Điểm tối đa", None, None)]
    # the citation is resolved as in any paragraph (full form at its first mention)
    assert tc_props(criteria, 1)[1][0].startswith("Xây dựng kế hoạch triển khai Chỉ thị số 06/CT-BCA-V05")
    assert tc_props(criteria, 3)[0] == ("3", None, "restart")
    assert tc_props(criteria, 4) == [("", None, "continue"), ("Báo cáo định kỳ", None, None), ("40", None, None)]
    assert tc_props(criteria, 5) == [("Tổng cộng", "2", None), ("100", None, None)]
    # python-docx sees the merged cell as one cell across two rows
    assert criteria.cell(3, 0)._tc is criteria.cell(4, 0)._tc
    assert criteria.cell(5, 0).text == criteria.cell(5, 1).text == "Tổng cộng"
    bold = [r.text for p in criteria.cell(2, 1).paragraphs for r in p.runs if r.bold]
    assert bold == ["tuyên truyền"]
    tbl_pr = criteria._tbl.tblPr
    assert [el.tag.split("}")[1] for el in tbl_pr] == ["tblW", "jc", "tblBorders", "tblLayout", "tblCellMar", "tblLook"]
    assert {b.get(f"{W}sz") for b in tbl_pr.find(f"{W}tblBorders")} == {"4"}  # 0.5 pt


def test_default_widths_fill_the_text_width_and_a_lone_table_takes_no_number(built):
    document = docx.Document(built)
    levels = table_with(document, "Xuất sắc")
    assert sum(grid(levels)) == cm(16.5) and len(set(grid(levels))) == 1
    texts = [p.text for p in document.paragraphs]
    assert "1. Cách chấm" in texts and "2. Công bố kết quả" in texts  # the table between is not "2."
    # each table sits where its node is: after the node's text, before its items
    body = [el for el in document.element.body]
    criteria = table_with(document, "Tiêu chí")._tbl
    at = body.index(criteria)
    assert "chi tiết tại Phụ lục" in "".join(t.text for t in body[at - 1].iter(f"{W}t"))
    assert "".join(t.text for t in body[at + 1].iter(f"{W}t")) == "1. Cách chấm"


def test_table_text_is_times_new_roman_12_and_the_header_bold_centred(built):
    view = build_view(built.read_bytes())
    tables = [t for t in view.tables if t.visible_borders]
    assert len(tables) == 3
    for t in tables:
        for r, _c, idxs in t.cells:
            for i in idxs:
                p = view.paras[i]
                for run in (x for x in p.runs if x.text.strip()):
                    assert run.fonts and set(run.fonts) == {"Times New Roman"} and run.size == 12, (p.text, run)
                    if r == 0:
                        assert run.bold and p.fmt.align == "center", p.text


def test_output_with_tables_is_valid_ooxml_and_the_checker_is_clean(built):
    assert_valid_docx(built)
    assert check_docx(built.read_bytes()) == []


def test_tables_print_in_the_pdf(built):
    pdf = to_pdf(built)
    pages = page_texts(pdf)
    assert "Tiêu chí" in pages[0] and "Tổng cộng" in pages[0] and "từ 70 đến dưới 90 điểm" in pages[0]
    appendix = pages[-1]
    assert "Thẩm định" in appendix and "Công an tỉnh" in appendix and "KẾT QUẢ THEO CƠ QUAN" in appendix
    width, height = page_size_pt(pdf, len(pages))
    assert width > height  # landscape: the appendix asked for it


# -- a free appendix -----------------------------------------------------------------------------


def test_free_appendix_holds_numbered_content_and_a_two_row_header(built):
    document = docx.Document(built)
    body = list(document.element.body)
    breaks = [i for i, el in enumerate(body) if el.find(f"{W}pPr/{W}sectPr") is not None]
    after = body[breaks[0] + 1:]
    texts = ["".join(t.text for t in el.iter(f"{W}t")) for el in after if el.tag == f"{W}p"]
    assert texts[:3] == ["Phụ lục", "BẢNG TỔNG HỢP KẾT QUẢ CHẤM ĐIỂM", texts[2]] and texts[2].startswith("(Kèm theo Kế hoạch")
    assert "I. KẾT QUẢ THEO CƠ QUAN" in texts and "II. GHI CHÚ" in texts
    assert "1. Các cơ quan báo cáo kết quả tự chấm theo bảng sau." in texts
    result = table_with(document, "Thẩm định")
    assert header_rows(result) == [True, True, False, False]
    assert tc_props(result, 0) == [("STT", None, "restart"), ("Cơ quan, đơn vị", None, "restart"), ("Kết quả", "2", None)]
    assert tc_props(result, 1) == [("", None, "continue"), ("", None, "continue"), ("Tự chấm", None, None), ("Thẩm định", None, None)]
    assert sum(grid(result)) == cm(25.2)  # the landscape text width
    assert all("Phân công" not in t for t in texts)  # no task table


# -- errors ---------------------------------------------------------------------------------------


def build_error(content: Path, tmp_path: Path, yaml: str) -> list[str]:
    path = content / "documents" / "ke-hoach-loi.yaml"
    path.write_text("kind: ke_hoach\nyear: 2026\nsubject: Thử\nrecipients:\n  - agency: cong-an\n" + yaml, encoding="utf-8")
    try:
        with pytest.raises(ContentError) as e:
            build([path], ["tay-ninh"], tmp_path, content, TEMPLATES)
    finally:
        path.unlink()
    return [str(p) for p in e.value.problems]


TABLE = "sections:\n  - title: Bảng\n    table:\n"


@pytest.mark.parametrize("table, line, expected", [
    ('      rows:\n        - ["1", "a"]\n        - ["2", "b", "c"]\n', 11,
     "sections[0].table.rows[1]: row 2 has more cells than the 2 columns of the table"),
    ('      rows:\n        - ["1", "a", "b"]\n        - ["2", {text: "b", span: 3}]\n', 11,
     "sections[0].table.rows[1][1]: this cell spans 3 columns from column 2, past the last of the 3 columns"),
    ('      rows:\n        - ["1", "a"]\n        - [{text: "2", rows: 3}, "b"]\n', 11,
     "sections[0].table.rows[1][0].rows: 'rows: 3' merges past the last row of the table: it has 1 row(s) from this one down"),
    ('      rows:\n        - ["1", "a"]\n        - ["2", {text: "b", colour: red}]\n', 11,
     "sections[0].table.rows[1][1].colour: unknown key 'colour'; allowed keys: text, span, rows, align, bold"),
    ('      widths: [2, 3, 4]\n      rows:\n        - ["1", "a"]\n', 9,
     "sections[0].table.widths: 3 widths for a table of 2 columns"),
    ('      widths: [10, 8]\n      rows:\n        - ["1", "a"]\n', 9,
     "sections[0].table.widths: the columns add up to 18 cm, wider than the 16.5 cm of text on a portrait A4 page"),
    ('      rows:\n        - ["1", "a"]\n        - ["2"]\n', 11,
     "sections[0].table.rows[1]: row 2 covers 1 of the 2 columns of the table"),
    ('      rows:\n        - [{text: "1", rows: 2}, "a"]\n        - ["b", "c"]\n', 11,
     "column 1 of this row is taken by a cell merged down from row 1"),
    ('      widths: [2, -1]\n      rows:\n        - ["1", "a"]\n', 9,
     "sections[0].table.widths: every column width is a number of centimetres greater than 0"),
    ('      rows: []\n', 9, "sections[0].table.rows: a table needs at least one row under 'rows'"),
    ('      rows:\n        - []\n', 9, "sections[0].table.rows: a table needs at least one row under 'rows', and its first row at least one cell"),
    ('      rows:\n        - ["1", "a"]\n        - []\n', 11, "sections[0].table.rows[1]: row 2 covers 0 of the 2 columns of the table"),
])
def test_table_errors_name_file_line_and_key(content, tmp_path, table, line, expected):
    problems = build_error(content, tmp_path, TABLE + table)
    assert any(f"ke-hoach-loi.yaml:{line}: " in p and expected in p for p in problems), problems


def test_a_footnote_in_a_cell_is_an_error_naming_the_cell(content, tmp_path):
    problems = build_error(content, tmp_path, TABLE + '      rows:\n        - ["1", "a^[ghi chú]"]\n')
    assert any("sections[0].table.rows[0][1]" in p and "a table cell" in p for p in problems), problems


def test_free_appendix_errors(content, tmp_path):
    both = build_error(content, tmp_path, "sections:\n  - text: Xem Phụ lục.\nappendices:\n  - title: A\n    table: tasks\n"
                       "    content:\n      - text: x\n")
    assert any(":10: appendices[0].table: an appendix holds either 'content' or a generated 'table', not both" in p for p in both), both
    empty = build_error(content, tmp_path, "sections:\n  - text: Xem Phụ lục.\nappendices:\n  - title: A\n    content: []\n")
    assert any("appendices[0].content: 'content' is empty" in p for p in empty), empty
    wrong = build_error(content, tmp_path, "sections:\n  - text: Xem Phụ lục.\nappendices:\n  - title: A\n    table: criteria\n")
    assert any("appendices[0].table: must be one of 'tasks'" in p for p in wrong), wrong


def test_a_table_alone_under_the_deepest_level_is_allowed(content, tmp_path):
    """Chỉ thị numbers 1. → a) → -; a table as a sub-item of a "-" point takes no number, so it may sit there."""
    path = content / "documents" / "chi-thi-sau.yaml"
    path.write_text("kind: chi_thi\nyear: 2026\nsubject: Thử\nrecipients:\n  - agency: cong-an\nsignature:\n  name: A\n"
                    "closing: Kết thúc.\nsections:\n  - title: Một\n    items:\n      - title: Hai\n        items:\n"
                    "          - text: Ba\n            items:\n              - table: {rows: [[x, y]]}\n", encoding="utf-8")
    try:
        [result] = build([path], ["tay-ninh"], tmp_path, content, TEMPLATES)
        path.write_text(path.read_text(encoding="utf-8").replace("- table: {rows: [[x, y]]}", "- text: Bốn"), encoding="utf-8")
        with pytest.raises(ContentError) as e:
            build([path], ["tay-ninh"], tmp_path, content, TEMPLATES)
        assert "nested 4 levels deep" in str(e.value.problems)  # a numbered item there is still an error
    finally:
        path.unlink()
    assert "- Ba" in [p.text for p in docx.Document(result.path).paragraphs]
    assert any("x" == t.cell(0, 0).text for t in docx.Document(result.path).tables)


def test_a_body_ending_with_a_table_is_warned_about(content, tmp_path):
    path = content / "documents" / "ke-hoach-cuoi-bang.yaml"
    path.write_text("kind: ke_hoach\nyear: 2026\nsubject: Thử\nrecipients:\n  - agency: cong-an\nsignature:\n  name: A\n"
                    + TABLE + '      rows:\n        - ["1", "a"]\n', encoding="utf-8")
    try:
        [result] = build([path], ["tay-ninh"], tmp_path, content, TEMPLATES)
    finally:
        path.unlink()
    assert any("the body ends with a table" in w.message for w in result.warnings), result.warnings
    assert [p.text for p in docx.Document(result.path).paragraphs if p.text.endswith("./.")] == ["I. BẢNG./."]


def test_a_landscape_appendix_takes_a_wider_table(content, tmp_path):
    yaml = ("sections:\n  - text: Chi tiết tại Phụ lục.\nappendices:\n  - title: Bảng rộng\n    landscape: true\n    content:\n"
            "      - table:\n          widths: [5, 10, 10]\n          header: [TT, A, B]\n          rows:\n            - ['1', x, y]\n")
    path = content / "documents" / "ke-hoach-rong.yaml"
    path.write_text("kind: ke_hoach\nyear: 2026\nsubject: Thử\nrecipients:\n  - agency: cong-an\n"
                    "signature:\n  name: Nguyễn Văn A\n" + yaml, encoding="utf-8")
    try:
        [result] = build([path], ["tay-ninh"], tmp_path, content, TEMPLATES)
    finally:
        path.unlink()
    table = table_with(docx.Document(result.path), "TT")
    assert grid(table) == [cm(5), cm(10), cm(10)]
    assert_valid_docx(result.path)
    assert check_docx(result.data) == []
    narrow = build_error(content, tmp_path, yaml.replace("    landscape: true\n", ""))
    assert any("wider than the 16.5 cm of text on a portrait A4 page" in p for p in narrow), narrow


def test_checker_flags_a_table_wider_than_the_text(built, tmp_path):
    document = docx.Document(built)
    criteria = table_with(document, "Tiêu chí")
    for col in criteria.columns:
        col.width = Cm(7)  # 21 cm in all
    path = tmp_path / "wide.docx"
    document.save(path)
    [finding] = [f for f in check_docx(path.read_bytes()) if f.rule == "table.width"]
    assert "21.0 cm" in finding.message and "16.5 cm" in finding.message


# -- former provinces -------------------------------------------------------------------------------


def test_former_provinces_are_kept_apart_from_the_34():
    registry = load_registries(CONTENT).provinces.value
    assert len(registry.provinces) == 34
    former = {p.slug: p for p in registry.former}
    assert len(former) == 29
    assert {"hai-duong", "tien-giang", "bac-giang", "ba-ria-vung-tau", "kien-giang"} <= set(former)
    assert not set(former) & {p.slug for p in registry.provinces}
    assert all(p.until == dt.date(2025, 6, 30) for p in former.values())
    assert former["hai-duong"].merged_into == "thành phố Hải Phòng"
    # every merged_from name that is not its unit's own name is a former unit, and only those
    gone = {m for p in registry.provinces for m in p.merged_from if m != p.name}
    assert gone == {p.name for p in former.values()}
    with pytest.raises(click.BadParameter):
        parse_provinces("hai-duong", registry.provinces)  # batch never sees them
    assert len(parse_provinces("all", registry.provinces)) == 34


def test_a_former_province_builds_its_historical_document(content, tmp_path):
    [result] = build(None, ["hai-duong"], tmp_path, content, TEMPLATES)
    assert result.path == tmp_path / "hai-duong" / "ke-hoach-2024.docx"
    assert result.warnings == []  # historical: no currency warnings either
    texts = [p.text for p in docx.Document(result.path).paragraphs]
    cells = [c.text for t in docx.Document(result.path).tables for row in t.rows for c in row.cells]
    assert cells[0].split("\n")[:2] == ["ỦY BAN NHÂN DÂN", "TỈNH HẢI DƯƠNG"]
    assert "Hải Dương, ngày 20 tháng 5 năm 2024" in cells
    assert "Tuyên truyền" in cells and any(t.startswith("I. MỤC ĐÍCH") for t in texts)
    assert_valid_docx(result.path)
    assert check_docx(result.data) == []
    # the batch of the current units is not disturbed by the former unit's folder
    ws = Workspace.open(content, TEMPLATES)
    ws.check_overrides(ws.default_documents(["tay-ninh"]))


def test_a_former_province_refuses_other_documents(content, tmp_path):
    with pytest.raises(ContentError) as e:
        build([content / "documents" / "ke-hoach-bang.yaml"], ["hai-duong"], tmp_path, content, TEMPLATES)
    assert "only its own historical documents (content/provinces/hai-duong/own/) are built for it" in str(e.value.problems)
    with pytest.raises(ContentError) as e:
        build(None, ["tien-giang"], tmp_path, content, TEMPLATES)
    assert "Tiền Giang is a former province (until 30/06/2025)" in str(e.value.problems)


@pytest.mark.parametrize("change, message", [
    (("historical: true", "historical: false"), ":5: historical: Hải Dương no longer exists (until 30/06/2025)"),
    (("date: 2024-05-20", "date: 2025-08-01"), ":4: date: Hải Dương existed until 30/06/2025"),
])
def test_a_former_province_text_is_historical_and_dated_before_the_merger(content, tmp_path, change, message):
    path = content / "provinces" / "hai-duong" / "own" / "ke-hoach-2024.yaml"
    original = path.read_text(encoding="utf-8")
    path.write_text(original.replace(*change), encoding="utf-8")
    try:
        with pytest.raises(ContentError) as e:
            build(None, ["hai-duong"], tmp_path, content, TEMPLATES)
    finally:
        path.write_text(original, encoding="utf-8")
    assert any(message in str(p) for p in e.value.problems), e.value.problems


def _recognised(name: str, date: dt.date | None) -> Recognised:
    parts = {"province_name": Part("province_name", name, 1.0, ())}
    if date is not None:
        parts["date"] = Part("date", date, 1.0, ())
    return Recognised("ke_hoach", parts, [], [], [], None, None, [])


def test_import_maps_a_pre_merger_header_to_the_former_province():
    registries = load_registries(CONTENT)
    assert _province(_recognised("Hải Dương", dt.date(2024, 5, 20)), registries, None, Path("a.docx")) == "hai-duong"
    assert _province(_recognised("Tiền Giang", dt.date(2025, 6, 30)), registries, None, Path("a.docx")) == "tien-giang"
    assert _province(_recognised("Tây Ninh", dt.date(2024, 5, 20)), registries, None, Path("a.docx")) == "tay-ninh"
    with pytest.raises(VbgenError, match="not one of the 34 current units"):
        _province(_recognised("Hải Dương", dt.date(2025, 7, 2)), registries, None, Path("a.docx"))


def test_a_long_table_repeats_its_header_and_appendix_footnotes_number_on(content, tmp_path):
    rows = "\n".join(f'        - ["{i}", "Cơ quan, đơn vị số {i} thực hiện nhiệm vụ tuyên truyền, phổ biến pháp luật", "{i * 3}%"]'
                     for i in range(1, 61))
    path = content / "documents" / "chi-thi-dai.yaml"
    path.write_text(f"""kind: chi_thi
year: 2026
subject: Thử bảng dài
sections:
  - text: Các cơ quan thực hiện theo bảng sau^[Ghi chú ở chân trang.] (chi tiết tại Phụ lục).
    table:
      widths: [1.5, 11, 4]
      header: ["STT", "Cơ quan, đơn vị", "Tỷ lệ"]
      rows:
{rows}
  - text: Đoạn sau bảng.
recipients:
  - agency: cong-an
signature:
  name: Nguyễn Văn A
appendices:
  - title: Ghi chú
    content:
      - text: Nội dung phụ lục có chú thích^[Chú thích trong phụ lục.].
""", encoding="utf-8")
    try:
        [result] = build([path], ["tay-ninh"], tmp_path, content, TEMPLATES)
    finally:
        path.unlink()
    assert_valid_docx(result.path)
    assert check_docx(result.data) == []
    pages = page_texts(to_pdf(result.path))
    body_pages = [p for p in pages if "Cơ quan, đơn vị số" in p]
    assert len(body_pages) >= 2
    for page in body_pages:  # the header row on top of the table on every page
        first = next(line for line in page.splitlines() if "Cơ quan" in line)
        assert first.split() == ["STT", "Cơ", "quan,", "đơn", "vị", "Tỷ", "lệ"], page[:300]
    assert "Chú thích trong phụ lục." in pages[-1] and "Ghi chú ở chân trang." in pages[0]
    texts = [p.text for p in docx.Document(result.path).paragraphs]
    assert any(t.startswith("1. Nội dung phụ lục có chú thích") for t in texts)


# -- any consistent grid (hypothesis) --------------------------------------------------------------


CELL_TEXT = st.text(alphabet="aăâbcdđeêghiklmnoôơuưxyàáảãạềếộờợừự ,.;:-–()“”'\"&<>%/0123456789\t", max_size=40)


@st.composite
def grids(draw) -> tuple[int, int, list[list[dict]], dict[tuple[int, int], tuple[int, int]]]:
    """(columns, header rows, rows of cells as written, grid position -> origin of its cell)."""
    columns, n_header, n_body = draw(st.integers(1, 6)), draw(st.integers(0, 2)), draw(st.integers(1, 5))
    origin: dict[tuple[int, int], tuple[int, int]] = {}
    written: list[list[dict]] = []
    for r in range(n_header + n_body):
        part_end = n_header if r < n_header else n_header + n_body
        row: list[dict] = []
        c = 0
        while c < columns:
            if (r, c) in origin:
                c += 1
                continue
            free = next((k for k in range(c, columns) if (r, k) in origin), columns) - c
            span = draw(st.integers(1, free))
            down = draw(st.integers(1, part_end - r))
            while any((r + d, c + k) in origin for d in range(down) for k in range(span)):
                down -= 1
            for d in range(down):
                for k in range(span):
                    origin[(r + d, c + k)] = (r, c)
            cell = {"text": f"ô {r}-{c} {draw(CELL_TEXT)}".strip()}
            if span > 1:
                cell["span"] = str(span)
            if down > 1:
                cell["rows"] = str(down)
            row.append(cell)
            c += span
        written.append(row)
    return columns, n_header, written, origin


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(grid=grids())
def test_any_consistent_grid_builds_valid_and_reads_back_merged(content, tmp_path, grid):
    columns, n_header, written, origin = grid
    table = {"header": written[:n_header], "rows": written[n_header:]}
    if not table["header"]:
        del table["header"]
    doc = {"kind": "ke_hoach", "year": "2026", "subject": "Thử lưới", "recipients": [{"agency": "cong-an"}],
           "signature": {"name": "Nguyễn Văn A"}, "sections": [{"title": "Bảng", "table": table}]}
    path = content / "documents" / "ke-hoach-luoi.yaml"
    path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    with tempfile.TemporaryDirectory() as out:
        try:
            [result] = build([path], ["tay-ninh"], Path(out), content, TEMPLATES)
        finally:
            path.unlink()
        assert_valid_docx(result.path)
        read = next(t for t in docx.Document(result.path).tables if "ô 0-0" in t._tbl.xml)
        assert len(list(read._tbl.iter(f"{W}gridCol"))) == columns
        assert header_rows(read) == [r < n_header for r in range(len(written))]
        for (r, c), (r0, c0) in origin.items():
            assert read.cell(r, c)._tc is read.cell(r0, c0)._tc
            assert read.cell(r, c).text.split()[:2] == ["ô", f"{r0}-{c0}"]


def test_checker_flags_a_table_cell_not_in_times_new_roman(built, tmp_path):
    """The font of table text is the decree's font of the whole text (font.family covers cells)."""
    document = docx.Document(built)
    cell = table_with(document, "Tiêu chí").cell(1, 1)
    for run in cell.paragraphs[0].runs:
        run.font.name = "Arial"
    path = tmp_path / "arial.docx"
    document.save(path)
    [finding] = [f for f in check_docx(path.read_bytes()) if f.rule == "font.family"]
    assert "Arial" in finding.message and finding.text.startswith("Xây dựng kế hoạch")
