"""vbgen cite scan: legal references found in free text, matched against the registry.

The reference texts are public documents (docs/legal-sources.md), copied in tests/fixtures/scan/; the labelled set
(tests/fixtures/scan/labelled/labels.yaml) lists every reference of each text, by hand. The
variants check what real files do to a reference: line breaks, NFD, odd spaces and dashes, runs,
footnotes, headers, tracked deletions, a PDF made by LibreOffice.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import unicodedata
from collections import Counter
from pathlib import Path

import docx
import pytest
import yaml
from docx.opc.constants import CONTENT_TYPE as CT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import Part
from docx.oxml import parse_xml

from vbgen.check.citations import scan_file
from vbgen.cli import main
from vbgen.content.load import load_registries
from vbgen.legal.citations import outdated_message
from vbgen.legal.scan import canonical, load_citations

from conftest import CONTENT, MINI, ROOT, TEMPLATES

SCAN = ROOT / "tests" / "fixtures" / "scan"
LABELS = yaml.safe_load((SCAN / "labelled" / "labels.yaml").read_text(encoding="utf-8"))["files"]
IN_CI = os.environ.get("CI") == "true"
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


@pytest.fixture(scope="module")
def registry():
    return load_citations(CONTENT, None)


def scan_text(tmp_path: Path, text: str, registry, name: str = "t.txt"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return scan_file(path, registry)


def only(refs, number: str):
    found = [r for r in refs if r.number and canonical(r.number) == canonical(number)]
    assert len(found) == 1, [(r.text, r.number) for r in refs]
    return found[0]


# -- the labelled set: the three reference texts and the hand-written ones -------------------------


@pytest.mark.parametrize("name", list(LABELS))
def test_labelled_file_every_reference_with_number_date_and_status(name, registry):
    gold = LABELS[name]["references"]
    refs = scan_file(SCAN / "labelled" / name, registry)
    found = Counter((r.source.line, (r.name or "").casefold() if r.name else canonical(r.number)) for r in refs)
    wanted = Counter((g["line"], g["name"].casefold() if "name" in g else canonical(g["number"])) for g in gold)
    assert found == wanted, f"missing {wanted - found}, extra {found - wanted}"
    pool = list(refs)
    for g in gold:
        ident = g["name"].casefold() if "name" in g else canonical(g["number"])
        r = next(r for r in pool if r.source.line == g["line"]
                 and ((r.name or "").casefold() if r.name else canonical(r.number)) == ident)
        pool.remove(r)
        assert r.status == g["status"], (r.text, r.status, g)
        assert r.short == g.get("short", False), r.text
        if "number" in g and g["status"] != "unknown":
            assert r.number == g["number"]  # as the registry writes it
        if "date" in g:
            assert r.date == g["date"], r.text
        if "year" in g:
            assert r.year == g["year"], r.text


def test_tay_ninh_plan_flags_the_replaced_directive_and_circular(registry):
    refs = scan_file(SCAN / "ke-hoach-tay-ninh-2020.txt", registry)
    assert len(refs) == 25
    replaced = {r.number: r.replaced_by for r in refs if r.status == "replaced"}
    assert replaced == {"07/CT-BCA-V28": "ct-06-2025-bca", "23/2012/TT-BCA": "tt-124-2021-bca",
                        "28-NQ/TW": "nq-44-2023-tw"}
    # the short name introduced by "(gọi tắt là Chỉ thị số 07)" and its later mentions
    shorts = [r for r in refs if r.short]
    assert [r.source.line for r in shorts] == [13, 13, 25, 45]
    assert all(r.key == "ct-07-2014-bca" and r.number == "07/CT-BCA-V28" for r in shorts)
    # "Thông tư số" ends line 27 and its number starts line 45, after the page text
    tt46 = only(refs, "46/2014/TT-BCA")
    assert (tt46.source.line, tt46.kind, tt46.key) == (45, "Thông tư", "tt-46-2014-bca")


def test_directive_06_own_number_is_not_a_reference(registry):
    refs = scan_file(SCAN / "chi-thi-06-CT-BCA-V05-2025.txt", registry)
    assert [(r.source.line, r.number, r.status, r.replaced_by) for r in refs] == [
        (23, "07/CT-BCA-V28", "replaced", "ct-06-2025-bca"), (91, "07/CT-BCA-V28", "replaced", "ct-06-2025-bca")]


def test_the_document_never_cites_itself(tmp_path, registry):
    """The own number (Số line) is not a reference anywhere in the file: an appendix's "Kèm
    theo" line, a short mention of it; an older plan with the same number and another date is."""
    text = ("ỦY BAN NHÂN DÂN TỈNH TÂY NINH\nSố: 15/KH-UBND\nTây Ninh, ngày 16 tháng 3 năm 2026\n"
            "KẾ HOẠCH\nThực hiện Chỉ thị số 07/CT-BCA-V28 ngày 15/8/2014 của Bộ trưởng Bộ Công an; tiếp theo "
            "Kế hoạch số 15/KH-UBND ngày 10/3/2020 của Ủy ban nhân dân tỉnh.\nKế hoạch số 15/KH-UBND này thay thế.\n"
            "Phụ lục\n(Kèm theo Kế hoạch số 15/KH-UBND ngày 16 tháng 3 năm 2026 của Ủy ban nhân dân tỉnh Tây Ninh)\n")
    refs = scan_text(tmp_path, text, registry)
    assert [(r.source.line, r.number, r.date) for r in refs] == [
        (5, "07/CT-BCA-V28", dt.date(2014, 8, 15)), (5, "15/KH-UBND", dt.date(2020, 3, 10))]
    # a draft has no number of its own: nothing is left out for it
    draft = text.replace("Số: 15/KH-UBND", "Số:\u00a0\u00a0\u00a0\u00a0\u00a0\u00a0/KH-UBND")
    assert [r.source.line for r in scan_text(tmp_path, draft, registry, "draft.txt")] == [5, 5, 6, 8]


@pytest.mark.parametrize("name", [n for n, spec in LABELS.items() if spec.get("itself")])
def test_labelled_mentions_of_the_document_itself_are_not_reported(name, registry):
    refs = scan_file(SCAN / "labelled" / name, registry)
    for g in LABELS[name]["itself"]:
        assert not [r for r in refs if r.source.line == g["line"] and canonical(r.number or "") == canonical(g["number"])]


# -- variants ---------------------------------------------------------------------------------------


def test_reference_split_across_lines_keeps_its_first_line(tmp_path, registry):
    text = "Mở đầu.\n\nThực hiện Chỉ thị số\n07/CT-BCA-V28 ngày\n15/8/2014 của Bộ trưởng\nBộ Công an về phong trào.\n"
    r = only(scan_text(tmp_path, text, registry), "07/CT-BCA-V28")
    assert (r.source.line, r.date, r.issuer, r.status) == (3, dt.date(2014, 8, 15), "Bộ trưởng Bộ Công an", "replaced")


def test_nfd_and_odd_spaces_read_like_nfc(tmp_path, registry):
    text = ("Căn cứ Nghị\u00a0định số\u202f06/2013/NĐ\u2013CP,\u00a0ngày 09/01/2013 của Chính\u00a0phủ; "
            "Nghị quyết 28/NQ/TW; Quyết định số 521/QĐ\u2011TTg ngày 13 tháng 6 năm 2005 của Thủ tướng Chính phủ.")
    nfc = scan_text(tmp_path, text, registry)
    nfd = scan_text(tmp_path, unicodedata.normalize("NFD", text), registry, "nfd.txt")
    strip = lambda refs: [(r.number, r.date, r.issuer, r.key, r.text) for r in refs]  # noqa: E731
    assert strip(nfd) == strip(nfc)
    assert [r.key for r in nfc] == ["nd-06-2013-cp", "nq-28-2013-tw", "qd-521-2005-ttg"]
    assert nfc[0].text == "Nghị định số 06/2013/NĐ-CP, ngày 09/01/2013 của Chính phủ"
    assert nfc[2].date == dt.date(2005, 6, 13)
    assert all(unicodedata.is_normalized("NFC", r.text) for r in nfd)


@pytest.mark.parametrize("written, number", [
    ("Quyết định 03/QĐ - UBND ngày 05/01/2021", "03/QĐ-UBND"),
    ("Quyết định số 03 / QĐ-UBND", "03/QĐ-UBND"),
    ("Nghị quyết 28/NQ/TW", "28-NQ/TW"),
    ("Nghị quyết số 28 - NQ/TW", "28-NQ/TW"),
    ("Kế hoạch số 130/KH-TU", "130-KH/TU"),
    ("Nghị định số 06/2013/NÐ-CP", "06/2013/NĐ-CP"),  # Ð (U+00D0) typed for Đ
    ("nghị định số 06/2013/ND-CP", "06/2013/NĐ-CP"),
    ("Chỉ thị số 09-CT/TW", "09-CT/TW"),
])
def test_dash_and_space_variants(tmp_path, registry, written, number):
    r = only(scan_text(tmp_path, f"Thực hiện {written} của cơ quan.", registry), number)
    assert r.number == number


def test_short_name_links_back_and_later_mentions_follow(tmp_path, registry):
    text = ("Thực hiện Chỉ thị số 07/CT-BCA-V28 ngày 15/8/2014 của Bộ trưởng Bộ Công an "
            "(sau đây gọi tắt là Chỉ thị 07), Ủy ban nhân dân tỉnh đề ra kế hoạch.\n\n"
            "Qua 10 năm thực hiện Chỉ thị 07, các cơ quan đã làm tốt. Chỉ thị số 15 của tỉnh chưa được ban hành.\n")
    refs = scan_text(tmp_path, text, registry)
    assert [(r.source.line, r.text, r.key, r.short) for r in refs] == [
        (1, "Chỉ thị số 07/CT-BCA-V28 ngày 15/8/2014 của Bộ trưởng Bộ Công an", "ct-07-2014-bca", False),
        (3, "Chỉ thị 07", "ct-07-2014-bca", True),
        (3, "Chỉ thị số 15", None, True),
    ]
    assert refs[0].alias == "Chỉ thị 07"
    assert refs[2].linked is None and refs[2].status == "unknown"


def test_laws_by_name_with_and_without_year(tmp_path, registry):
    text = ("Căn cứ Luật Tổ chức chính quyền địa phương ngày 16 tháng 6 năm 2025; Luật Công an nhân dân năm 2018; "
            "Bộ luật Hình sự 2015 và Pháp lệnh Ưu đãi người có công với cách mạng. Luật này có hiệu lực; "
            "luật sư tư vấn theo quy định của pháp luật.")
    refs = scan_text(tmp_path, text, registry)
    assert [(r.kind, r.name, r.year, r.key) for r in refs] == [
        ("Luật", "Luật Tổ chức chính quyền địa phương", None, "luat-72-2025-qh15"),
        ("Luật", "Luật Công an nhân dân", 2018, None),
        ("Bộ luật", "Bộ luật Hình sự", 2015, None),
        ("Pháp lệnh", "Pháp lệnh Ưu đãi người có công với cách mạng", None, None),
    ]
    assert refs[0].date == dt.date(2025, 6, 16)


@pytest.mark.parametrize("written, names", [
    ("theo Luật Nhà ở năm 2023;", [("Luật Nhà ở", 2023)]),
    ("theo Luật Trật tự, an toàn giao thông đường bộ 2024 quy định", [("Luật Trật tự, an toàn giao thông đường bộ", 2024)]),
    ("Luật Hôn nhân và gia đình 2014 và Luật Quy hoạch đô thị và nông thôn 2024",
     [("Luật Hôn nhân và gia đình", 2014), ("Luật Quy hoạch đô thị và nông thôn", 2024)]),
    ("Luật Quản lý thuế và các Nghị định hướng dẫn", [("Luật Quản lý thuế", None)]),
    ("Luật mới ban hành thay thế Luật Quản lý thuế 2019", [("Luật Quản lý thuế", 2019)]),
    ("xử lý theo luật quản lý tài sản công năm 2017", [("Luật quản lý tài sản công", 2017)]),
    ("phù hợp với pháp luật Việt Nam và Luật Việt Nam; luật sư; Luật này", []),
])
def test_law_names_end_where_the_name_ends(tmp_path, registry, written, names):
    refs = scan_text(tmp_path, written, registry)
    assert [(r.name, r.year) for r in refs] == names


def test_non_references_are_not_found(registry):
    assert scan_file(SCAN / "labelled" / "tricky-non-references.txt", registry) == []


# -- .docx: runs, tables, footnotes, headers, tracked changes; .pdf through LibreOffice -------------


def _docx_with_everything(path: Path) -> None:
    d = docx.Document()
    d.add_paragraph("ỦY BAN NHÂN DÂN TỈNH TÂY NINH")
    p = d.add_paragraph("Thực hiện ")
    for text, bold in (("Chỉ thị số 0", False), ("7/CT-BCA", True), ("-V28 ngày 15/8/", False), ("2014", True),
                       (" của Bộ trưởng Bộ Công an", False)):
        p.add_run(text).bold = bold
    table = d.add_table(rows=1, cols=2)
    table.cell(0, 1).text = "Theo Thông tư số 124/2021/TT-BCA"
    q = d.add_paragraph("Căn cứ văn bản")
    q._p.append(parse_xml(
        f'<w:del xmlns:w="{W}" w:id="1" w:author="a"><w:r><w:delText> Thông tư số 23/2012/TT-BCA</w:delText></w:r></w:del>'))
    q.add_run(" đã sửa.")
    ref = q.add_run()
    ref._r.append(parse_xml(f'<w:footnoteReference xmlns:w="{W}" w:id="1"/>'))
    d.sections[0].header.paragraphs[0].text = "Kèm theo Kế hoạch số 250/KH-BCA-V05"
    notes = (f'<w:footnotes xmlns:w="{W}">'
             '<w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:footnote>'
             '<w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:r><w:continuationSeparator/></w:r></w:p></w:footnote>'
             '<w:footnote w:id="1"><w:p><w:r><w:t xml:space="preserve">Nghị quyết số 28-NQ/TW ngày </w:t></w:r>'
             '<w:r><w:t>25/10/2013</w:t></w:r></w:p></w:footnote></w:footnotes>')
    part = Part(PackURI("/word/footnotes.xml"), CT.WML_FOOTNOTES, notes.encode(), d.part.package)
    d.part.relate_to(part, RT.FOOTNOTES)
    d.save(path)


def test_docx_runs_tables_footnotes_headers_and_deletions(tmp_path, registry):
    path = tmp_path / "du-thao.docx"
    _docx_with_everything(path)
    refs = scan_file(path, registry)
    got = [(r.number, r.source.paragraph, r.source.where, r.status) for r in refs]
    assert got == [
        ("07/CT-BCA-V28", 1, "", "replaced"),
        ("124/2021/TT-BCA", 3, "", "amended"),  # the second cell of the table
        ("28-NQ/TW", 4, "footnote 1", "replaced"),  # paragraph that carries the footnote mark
        ("250/KH-BCA-V05", None, "header", "expired"),
    ]
    assert refs[0].date == dt.date(2014, 8, 15) and refs[2].date == dt.date(2013, 10, 25)


def _require(tool: str) -> None:
    from vbgen.pdf.common import find_soffice
    from vbgen.errors import ToolMissingError

    try:
        found = find_soffice() if tool == "soffice" else shutil.which(tool)
    except ToolMissingError:
        found = None
    if not found:
        if IN_CI:
            pytest.fail(f"{tool} is required in CI (apt-get install libreoffice-writer-nogui poppler-utils)")
        pytest.skip(f"{tool} is not installed")


def test_pdf_made_by_libreoffice(tmp_path, registry):
    _require("soffice")
    _require("pdftotext")
    from vbgen.pdf.export import convert_to_pdf

    path = tmp_path / "du-thao.docx"
    d = docx.Document()
    d.add_paragraph("Thực hiện Chỉ thị số 07/CT-BCA-V28 ngày 15/8/2014 của Bộ trưởng Bộ Công an về đẩy mạnh "
                    "phong trào toàn dân bảo vệ an ninh Tổ quốc trong cơ quan, doanh nghiệp, nhà trường; "
                    "Thông tư số 23/2012/TT-BCA ngày 27/4/2012 của Bộ trưởng Bộ Công an.")
    d.add_page_break()
    d.add_paragraph("Nghị định số 06/2013/NĐ-CP ngày 09/01/2013 của Chính phủ.")
    d.save(path)
    pdf = convert_to_pdf([path])[0]
    refs = scan_file(pdf, registry)
    assert [(r.number, r.date, r.status, r.source.where) for r in refs] == [
        ("07/CT-BCA-V28", dt.date(2014, 8, 15), "replaced", "page 1"),
        ("23/2012/TT-BCA", dt.date(2012, 4, 27), "replaced", "page 1"),
        ("06/2013/NĐ-CP", dt.date(2013, 1, 9), "in_force", "page 2"),
    ]


# -- the command ------------------------------------------------------------------------------------


def test_cli_text_names_the_replacement_in_full_and_exits_1(runner):
    result = runner.invoke(main, ["cite", "scan", str(SCAN / "chi-thi-phu-tho-chi-thi-07.txt")])
    assert result.exit_code == 1
    lines = result.output.splitlines()
    tt23 = next(line for line in lines if "23/2012/TT-BCA ngày 27/4/2012" in line)
    assert tt23.startswith(f"{SCAN / 'chi-thi-phu-tho-chi-thi-07.txt'}:18: ")
    assert ("cite 'tt-124-2021-bca' (Thông tư số 124/2021/TT-BCA ngày 28/12/2021 của Bộ trưởng Bộ Công an "
            "quy định khu dân cư") in tt23
    assert "9 reference(s) in 1 file(s): 7 in force, 0 amended, 2 replaced or expired, 0 unknown" in result.output
    assert "Error: 2 reference(s) to replaced or expired documents" in result.output


def test_cli_json_has_exactly_the_documented_fields(runner):
    result = runner.invoke(main, ["cite", "scan", "--format", "json", str(SCAN / "chi-thi-06-CT-BCA-V05-2025.txt")])
    assert result.exit_code == 1
    data = json.loads(result.stdout)
    assert list(data) == ["references"]
    first = data["references"][0]
    assert first == {
        "file": str(SCAN / "chi-thi-06-CT-BCA-V05-2025.txt"), "line": 23, "paragraph": None,
        "text": "Chỉ thị số 07/CT-BCA-V28 ngày 15/8/2014 của Bộ Công an", "kind": "Chỉ thị",
        "number": "07/CT-BCA-V28", "date": "2014-08-15", "issuer": "Bộ Công an", "key": "ct-07-2014-bca",
        "status": "replaced", "replaced_by": "ct-06-2025-bca",
    }


def test_cli_exit_0_when_all_in_force_and_strict_fails_on_unknown(runner, tmp_path):
    ok = tmp_path / "ok.txt"
    ok.write_text("Căn cứ Nghị định số 30/2020/NĐ-CP ngày 05/3/2020 của Chính phủ về công tác văn thư.\n", encoding="utf-8")
    assert runner.invoke(main, ["cite", "scan", str(ok)]).exit_code == 0
    unknown = tmp_path / "unknown.txt"
    unknown.write_text("Thực hiện Chỉ thị số 15/CT-UBND ngày 12/4/2024 của Chủ tịch Ủy ban nhân dân tỉnh.\n", encoding="utf-8")
    assert runner.invoke(main, ["cite", "scan", str(unknown)]).exit_code == 0
    strict = runner.invoke(main, ["cite", "scan", "--strict", str(unknown)])
    assert strict.exit_code == 1 and "not in the registry (--strict)" in strict.output


def test_proposed_entries_paste_into_the_registry_and_then_match(runner, tmp_path):
    content = tmp_path / "content"
    shutil.copytree(MINI, content)
    source = SCAN / "labelled" / "cong-van-dong-nai.txt"
    first = runner.invoke(main, ["cite", "scan", "--content", str(content), str(source)])
    blocks = first.output.split("# then check each against the signed text and set verified: true.\n")[1]
    blocks = blocks.rsplit("\n", 2)[0]
    registry_file = content / "citations.yaml"
    registry_file.write_text(registry_file.read_text(encoding="utf-8").rstrip() + "\n" + blocks + "\n", encoding="utf-8")
    added = load_registries(content).citations.value.citations  # validates every pasted entry
    assert added["qd-03-2021-dong-nai"].number == "03/QĐ-UBND"
    assert added["qd-03-2021-dong-nai"].date == dt.date(2021, 1, 5)
    assert added["qd-03-2021-dong-nai"].issuer == "Ủy ban nhân dân tỉnh Đồng Nai"
    assert added["qd-03-2021-dong-nai"].subject.startswith("về ban hành Quy chế phối hợp")
    assert added["luat-cong-an-nhan-dan-2018"].name == "Luật Công an nhân dân"
    assert not added["ct-15-2024-ubnd"].verified
    again = runner.invoke(main, ["cite", "scan", "--content", str(content), "--format", "json", str(source)])
    rows = json.loads(again.stdout)["references"]
    short = next(r for r in rows if r["text"] == "Chỉ thị 15")
    assert (short["key"], short["number"]) == ("ct-15-2024-ubnd", "15/CT-UBND")


def test_province_citations_with_p(runner, tmp_path):
    content = tmp_path / "content"
    shutil.copytree(MINI, content)
    (content / "provinces" / "tay-ninh").mkdir(parents=True)
    (content / "provinces" / "tay-ninh" / "province.yaml").write_text(
        "citations:\n  ct-15-2024-tay-ninh:\n    kind: Chỉ thị\n    number: 15/CT-UBND\n    date: 2024-04-12\n"
        "    issuer: Chủ tịch Ủy ban nhân dân tỉnh\n    status: expired\n", encoding="utf-8")
    text = tmp_path / "t.txt"
    text.write_text("Thực hiện Chỉ thị số 15/CT-UBND ngày 12/4/2024.\n", encoding="utf-8")
    national = runner.invoke(main, ["cite", "scan", "--content", str(content), "--format", "json", str(text)])
    assert json.loads(national.stdout)["references"][0]["status"] == "unknown"
    local = runner.invoke(main, ["cite", "scan", "--content", str(content), "-p", "tay-ninh", "--format", "json", str(text)])
    assert local.exit_code == 1
    assert json.loads(local.stdout)["references"][0]["key"] == "ct-15-2024-tay-ninh"
    wrong = runner.invoke(main, ["cite", "scan", "--content", str(content), "-p", "tay-nin", str(text)])
    assert wrong.exit_code == 1 and "tay-ninh" in wrong.output


def test_unreadable_files_get_a_message_not_a_traceback(runner, tmp_path):
    bad = tmp_path / "bad.docx"
    bad.write_bytes(b"not a zip")
    result = runner.invoke(main, ["cite", "scan", str(bad)])
    assert result.exit_code == 1 and "cannot be read as a .docx" in result.output
    assert not isinstance(result.exception, Exception) or isinstance(result.exception, SystemExit)


# -- build and scan say the same thing; check --citations -------------------------------------------


def test_build_warning_scan_and_cite_check_share_the_message(runner, tmp_path):
    content = tmp_path / "content"
    shutil.copytree(MINI, content)
    doc = content / "documents" / "ke-hoach-mini.yaml"
    doc.write_text(doc.read_text(encoding="utf-8").replace("[[tt-124-2021-bca]]", "[[ct-07-2014-bca]]", 1), encoding="utf-8")
    out = tmp_path / "out"
    built = runner.invoke(main, ["build", str(doc), "-p", "tay-ninh", "--content", str(content),
                                 "--templates", str(TEMPLATES), "--out", str(out)])
    assert built.exit_code == 0, built.output
    registry = load_registries(content).citations.value.citations
    message = outdated_message("ct-07-2014-bca", registry["ct-07-2014-bca"], registry)
    assert message in built.output
    docx_path = out / "tay-ninh" / "ke-hoach-mini.docx"
    checked = runner.invoke(main, ["check", "--citations", "--content", str(content), str(docx_path)])
    assert checked.exit_code == 1
    assert f"REPLACED: {message}" in checked.output
    cite_check = runner.invoke(main, ["cite", "check", "--content", str(content)])
    assert f"{message} [cite.outdated]" in cite_check.output, cite_check.output
    scanned = runner.invoke(main, ["cite", "scan", "--content", str(content), str(docx_path)])
    assert f"REPLACED: {message}" in scanned.output
    assert "reference(s) to replaced or expired documents" in checked.output
    as_json = runner.invoke(main, ["check", "--citations", "--content", str(content), "--format", "json", str(docx_path)])
    data = json.loads(as_json.stdout)
    assert list(data) == ["findings", "references"]
    assert any(r["key"] == "ct-07-2014-bca" and r["paragraph"] is not None for r in data["references"])


def test_every_citation_vbgen_renders_is_found_again(runner, tmp_path):
    """A document built by vbgen, scanned: each [[key]] of its content comes back with that key."""
    import re

    out = tmp_path / "out"
    doc = MINI / "documents" / "ke-hoach-mini.yaml"
    built = runner.invoke(main, ["build", str(doc), "-p", "tay-ninh", "--content", str(MINI),
                                 "--templates", str(TEMPLATES), "--out", str(out)])
    assert built.exit_code == 0, built.output
    keys = set(re.findall(r"\[\[([a-z0-9-]+)", doc.read_text(encoding="utf-8")))
    refs = scan_file(out / "tay-ninh" / "ke-hoach-mini.docx", load_citations(MINI, None))
    assert keys and keys <= {r.key for r in refs}
    assert all(r.status != "unknown" for r in refs), [r.text for r in refs if r.status == "unknown"]


def test_shipped_plan_with_its_footnote_scans_clean(runner, tmp_path):
    """The shipped Kế hoạch (legal bases in a footnote): every [[key]] it cites is found, none outdated."""
    import re

    out = tmp_path / "out"
    doc = CONTENT / "documents" / "ke-hoach-06.yaml"
    built = runner.invoke(main, ["build", str(doc), "-p", "tay-ninh", "--content", str(CONTENT),
                                 "--templates", str(TEMPLATES), "--out", str(out)])
    assert built.exit_code == 0, built.output
    refs = scan_file(out / "tay-ninh" / "ke-hoach-06.docx", load_citations(CONTENT, None))
    keys = set(re.findall(r"\[\[([a-z0-9-]+)", doc.read_text(encoding="utf-8")))
    assert keys <= {r.key for r in refs}
    assert any(r.source.where.startswith("footnote") for r in refs)
    # the appendix's "(Kèm theo Kế hoạch số 15/KH-UBND …)" names the plan itself: not a reference
    assert {r.status for r in refs} <= {"in_force", "amended"}
    assert not [r for r in refs if r.number == "15/KH-UBND"]
