"""The appendix "Phân công nhiệm vụ" of a Kế hoạch (issue 9.3), read back from XML and PDF."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
from lxml import etree

from conftest import CONTENT, MINI, TEMPLATES
from ooxml_valid import assert_valid_docx
from rendered import page_size_pt, page_texts, to_pdf
from vbgen import vi
from vbgen.batch.build import Workspace, build, render_one
from vbgen.check import RULES, build_view, check_docx
from vbgen.errors import ContentError, TemplateError

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
COLUMNS = ["STT", "Nội dung nhiệm vụ", "Cơ quan chủ trì", "Cơ quan phối hợp", "Thời gian hoàn thành", "Sản phẩm"]


def body_of(data: bytes):
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return etree.fromstring(z.read("word/document.xml")).find(f"{W}body")


def text(el) -> str:
    return "".join(t.text or "" for t in el.iter(f"{W}t"))


def style(p) -> str | None:
    s = p.find(f"{W}pPr/{W}pStyle")
    return None if s is None else s.get(f"{W}val")


def sections(body) -> list:
    """Every w:sectPr of the body in order: the ones in paragraphs, then the final one."""
    return [*body.iterfind(f"{W}p/{W}pPr/{W}sectPr"), body.find(f"{W}sectPr")]


@pytest.fixture(scope="module")
def workspace() -> Workspace:
    return Workspace.open(CONTENT, TEMPLATES)


@pytest.fixture(scope="module")
def tay_ninh(workspace) -> bytes:
    [doc] = workspace.load_documents([CONTENT / "documents" / "ke-hoach-06.yaml"])
    return render_one(workspace, doc, workspace.registries.province("tay-ninh"), Path("out")).data


def test_shipped_plan_has_the_appendix_in_its_own_landscape_section(tay_ninh):
    body = body_of(tay_ninh)
    main, appendix = sections(body)
    size = main.find(f"{W}pgSz")
    assert int(size.get(f"{W}w")) < int(size.get(f"{W}h")) and main.find(f"{W}pgNumType") is None
    size = appendix.find(f"{W}pgSz")
    assert size.get(f"{W}orient") == "landscape" and int(size.get(f"{W}w")) > int(size.get(f"{W}h"))
    assert appendix.find(f"{W}pgNumType").get(f"{W}start") == "1"  # numbered from 1 (III.1.đ)
    assert appendix.find(f"{W}titlePg") is not None and appendix.find(f"{W}headerReference") is not None
    # the section break comes after the signature table, and the appendix after it
    children = list(body)
    brk = next(i for i, el in enumerate(children) if el.find(f"{W}pPr/{W}sectPr") is not None)
    assert "Nơi nhận:" in text(children[brk - 1])
    label, title, reference, line = children[brk + 1: brk + 5]
    assert (style(label), text(label)) == ("VBPhuLuc", "Phụ lục")
    assert (style(title), text(title)) == ("VBPhuLucTen", "PHÂN CÔNG NHIỆM VỤ TRIỂN KHAI THỰC HIỆN KẾ HOẠCH")
    assert text(reference) == ("(Kèm theo Kế hoạch số 15/KH-UBND ngày 16 tháng 3 năm 2026 "
                               "của Ủy ban nhân dân tỉnh Tây Ninh)")
    assert style(line) == "VBKePhuLuc" and not text(line)
    assert children[brk + 5].tag == f"{W}tbl"


def test_vbgen_check_sees_the_appendix_numbered_from_1(tay_ninh):
    """The reader's section view reads w:pgNumType/@w:start; no appendix.page_numbers finding."""
    view = build_view(tay_ninh)
    assert [s.page_start for s in view.sections] == [None, 1]
    [label] = [p for p in view.paras if p.text == "Phụ lục"]
    assert view.section_of(label.index) == 1 and "appendix.page_numbers" in RULES
    assert check_docx(tay_ninh) == []


def test_task_table_repeats_its_header_and_keeps_rows_whole(tay_ninh):
    body = body_of(tay_ninh)
    table = body.findall(f"{W}tbl")[-1]
    rows = table.findall(f"{W}tr")
    header = rows[0]
    assert header.find(f"{W}trPr/{W}tblHeader") is not None
    assert [text(tc) for tc in header.findall(f"{W}tc")] == COLUMNS
    assert all(r.find(f"{W}trPr/{W}cantSplit") is not None for r in rows)
    assert all(r.find(f"{W}trPr/{W}tblHeader") is None for r in rows[1:])
    cells = [[text(tc) for tc in r.findall(f"{W}tc")] for r in rows[1:]]
    groups = [c for c in cells if len(c) == 2]  # a group row: Roman number + area over 5 columns
    assert [g[0] for g in groups] == [vi.roman(i + 1) for i in range(len(groups))]
    assert groups[0][1] == "Chỉ đạo, hướng dẫn, kiểm tra"
    tasks = [c for c in cells if len(c) == 6]
    assert len(tasks) == 15  # 14 national tasks + Tây Ninh's border-guard task
    # agency names as Tây Ninh writes them (content/provinces/tay-ninh/province.yaml)
    leads = {c[2] for c in tasks}
    assert {"Ban Quản lý Khu kinh tế tỉnh Tây Ninh", "Bộ Chỉ huy Bộ đội Biên phòng tỉnh", "Công an tỉnh"} <= leads
    first = tasks[0]
    assert first[0] == "1" and first[1].startswith("Tham mưu Ủy ban nhân dân tỉnh hướng dẫn")
    assert first[3] == "Sở Nội vụ; Ủy ban nhân dân các xã, phường" and first[4] == "Thường xuyên"
    assert first[5].startswith("Văn bản chỉ đạo")


def test_signature_table_stays_whole_with_the_end_of_the_body(tay_ninh):
    body = body_of(tay_ninh)
    sign = next(t for t in body.iterfind(f"{W}tbl") if "Nơi nhận:" in text(t))
    assert all(tr.find(f"{W}trPr/{W}cantSplit") is not None for tr in sign.iterfind(f"{W}tr"))
    before = [sign.getprevious(), sign.getprevious().getprevious()]
    assert all(p.find(f"{W}pPr/{W}keepNext") is not None for p in before)
    assert text(before[1]).endswith("./.")


def test_body_points_to_the_appendix(tay_ninh):
    body = body_of(tay_ninh)
    paragraphs = [text(p) for p in body.iter(f"{W}p") if style(p) == "VBNoiDung"]
    assert any("Phụ lục kèm theo Kế hoạch này" in t for t in paragraphs)


def test_shipped_plan_is_valid_for_several_provinces(workspace, tmp_path):
    [doc] = workspace.load_documents([CONTENT / "documents" / "ke-hoach-06.yaml"])
    for slug in ("ha-noi", "ho-chi-minh", "quang-ninh"):
        r = render_one(workspace, doc, workspace.registries.province(slug), tmp_path)
        assert not r.warnings, r.warnings
        assert_valid_docx(r.data)


MINI_PLAN = """\
kind: ke_hoach
year: 2026
subject: Thử phụ lục
preamble: "Chi tiết tại Phụ lục I và Phụ lục II kèm theo."
implementation:
  tasks:
    - {lead: cong-an, text: "tham mưu triển khai", deadline: "Quý I/2026", area: "Tuyên truyền", product: "Kế hoạch"}
    - {lead: mttq, cooperate: [cong-an], text: "vận động Nhân dân", area: "Vận động", product: "Báo cáo"}
    - {lead: cong-an, text: "kiểm tra", area: "Tuyên truyền"}
recipients:
  - agency: cong-an
appendices:
  - title: Phân công nhiệm vụ
    landscape: true
  - title: Danh mục nhiệm vụ theo lĩnh vực
"""


def write_plan(content: Path, yaml_text: str) -> Path:
    path = content / "documents" / "thu.yaml"
    path.write_text(yaml_text, encoding="utf-8")
    return path


def test_two_appendices_take_roman_numerals_and_each_restarts_page_numbers(mini, tmp_path):
    path = write_plan(mini, MINI_PLAN)
    [r] = build([path], ["ha-noi"], tmp_path, mini, TEMPLATES)
    data = r.path.read_bytes()
    assert_valid_docx(data)
    body = body_of(data)
    labels = [text(p) for p in body.iter(f"{W}p") if style(p) == "VBPhuLuc"]
    assert labels == ["Phụ lục I", "Phụ lục II"]
    main, first, second = sections(body)
    assert first.find(f"{W}pgSz").get(f"{W}orient") == "landscape"
    assert second.find(f"{W}pgSz").get(f"{W}orient") is None
    assert [s.find(f"{W}pgNumType") is not None for s in (main, first, second)] == [False, True, True]
    # a draft: number and date blank, as in the header
    reference = next(text(p) for p in body.iter(f"{W}p") if style(p) == "VBPhuLucKemTheo")
    blank = vi.BLANK
    assert reference == (f"(Kèm theo Kế hoạch số {blank}/KH-UBND ngày{blank}tháng{blank}năm 2026 "
                         "của Ủy ban nhân dân thành phố Hà Nội)")
    rows = body.findall(f"{W}tbl")[-1].findall(f"{W}tr")
    cells = [[text(tc) for tc in r.findall(f"{W}tc")] for r in rows[1:]]
    assert cells[0] == ["I", "Tuyên truyền"] and cells[1][0] == "1" and cells[2][0] == "2"
    assert cells[3] == ["II", "Vận động"]
    assert cells[4] == ["1", "Vận động Nhân dân.", "Ủy ban Mặt trận Tổ quốc Việt Nam thành phố", "Công an thành phố", "",
                        "Báo cáo"]


def test_some_tasks_without_an_area_is_an_error_naming_the_task(mini, tmp_path):
    path = write_plan(mini, MINI_PLAN.replace(', area: "Vận động"', ""))
    with pytest.raises(ContentError) as e:
        build([path], ["ha-noi"], tmp_path, mini, TEMPLATES)
    [problem] = e.value.problems
    assert problem.key == "implementation.tasks[1].area" and problem.line == 8
    assert "give every task an area" in problem.message
    assert not (tmp_path / "ha-noi").exists()


def test_a_tasks_appendix_without_tasks_is_an_error(mini, tmp_path):
    plan = MINI_PLAN.split("implementation:")[0] + "recipients:\n  - agency: cong-an\nappendices:\n  - title: Phân công\n"
    with pytest.raises(ContentError) as e:
        build([write_plan(mini, plan)], ["ha-noi"], tmp_path, mini, TEMPLATES)
    assert any(p.key == "appendices[0].table" for p in e.value.problems)


def test_a_body_that_never_mentions_the_appendix_gets_a_warning(mini, tmp_path):
    path = write_plan(mini, MINI_PLAN.replace("Chi tiết tại Phụ lục I và Phụ lục II kèm theo.", "Mở đầu."))
    [r] = build([path], ["ha-noi"], tmp_path, mini, TEMPLATES)
    assert any("does not point to the appendix" in w.message for w in r.warnings)


def test_a_template_without_the_appendix_styles_is_refused_by_name(mini, tmp_path):
    templates = tmp_path / "tpl"
    templates.mkdir()
    source = zipfile.ZipFile(TEMPLATES / "ke-hoach.docx")
    with zipfile.ZipFile(templates / "ke-hoach.docx", "w") as out:
        for item in source.infolist():
            data = source.read(item)
            if item.filename == "word/styles.xml":
                data = data.replace(b'w:styleId="VBPhuLucTen"', b'w:styleId="Khac"')
            out.writestr(item, data)
    with pytest.raises(TemplateError, match="VBPhuLucTen"):
        build([write_plan(mini, MINI_PLAN)], ["ha-noi"], tmp_path / "out", mini, templates)


def test_pdf_puts_the_appendix_on_its_own_landscape_pages_numbered_from_1(tay_ninh, tmp_path):
    path = tmp_path / "ke-hoach-06.docx"
    path.write_bytes(tay_ninh)
    pdf = to_pdf(path)
    pages = page_texts(pdf)
    start = next(i for i, page in enumerate(pages) if "Phụ lục" in page and "Kèm theo Kế hoạch số 15/KH-UBND" in page)
    assert "Nơi nhận:" in pages[start - 1] and "Nơi nhận:" not in pages[start]
    assert "giải quyết./." in pages[start - 1]  # the signature never stands alone on its page
    first_line = pages[start].strip().splitlines()[0].strip()
    assert first_line == "Phụ lục"  # on its own line at the top: no page number on the appendix's page 1
    assert all(w in pages[start] for w in ("STT", "Nội dung nhiệm vụ", "Cơ quan chủ trì", "Sản phẩm"))
    width, height = page_size_pt(pdf, start + 1)
    assert width > height  # landscape
    width, height = page_size_pt(pdf, start)
    assert width < height  # the plan itself stays portrait
    assert len(pages) > start + 1, "the appendix table should run onto a second page"
    following = pages[start + 1].strip().splitlines()
    assert following[0].strip() == "2"  # numbering restarted for the appendix
    assert "Nội dung nhiệm vụ" in pages[start + 1]  # the header row repeated on the next page
