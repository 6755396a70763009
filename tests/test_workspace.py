"""A province office's own copy: vbgen.yaml, province-only documents, cite -p, historical texts.

Each test works in a temporary copy of the shipped content folder with its own vbgen.yaml and
runs the commands from there, as the office would.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import docx
import pytest

from conftest import CONTENT
from ooxml_valid import assert_valid_docx
from vbgen.cli import main

OWN = "content/provinces/phu-tho/own/chi-thi-antq-co-quan.yaml"


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def body(path: Path) -> list[str]:
    return [p.text for p in docx.Document(str(path)).paragraphs]


def all_text(path: Path) -> str:
    d = docx.Document(str(path))
    parts = [p.text for p in d.paragraphs]
    for t in d.tables:
        for row in t.rows:
            for cell in row.cells:
                parts.extend(p.text for p in cell.paragraphs)
    return "\n".join(parts)


@pytest.fixture
def office(tmp_path: Path, monkeypatch) -> Path:
    """A Phú Thọ office's folder: content/ copied, vbgen.yaml, the current folder."""
    root = tmp_path / "phu-tho-office"
    shutil.copytree(CONTENT, root / "content")
    write(root / "vbgen.yaml", "province: phu-tho\nout: build\n")
    monkeypatch.chdir(root)
    return root


# -- vbgen.yaml and province-only documents ------------------------------------------------


def test_plain_build_in_the_office_folder_renders_the_province_and_its_own_document(runner, office):
    result = runner.invoke(main, ["build"])
    assert result.exit_code == 0, result.output
    out = office / "build" / "phu-tho"
    assert sorted(p.name for p in out.iterdir()) == ["chi-thi-06.docx", "chi-thi-antq-co-quan.docx", "ke-hoach-06.docx"]
    assert not (office / "out").exists() and not (office / "build" / "tay-ninh").exists()
    assert_valid_docx(out / "chi-thi-antq-co-quan.docx")
    text = all_text(out / "chi-thi-antq-co-quan.docx")
    assert "TỈNH PHÚ THỌ" in text and "Phú Thọ, ngày" in text and "năm 2026" in text
    assert "Báo và Phát thanh, Truyền hình Phú Thọ" in text
    # modernised: no district level, no abolished departments, the current documents cited
    for old in ("huyện", "thị xã", "Đài Phát thanh", "Thông tư số 23/2012", "28-NQ/TW", "nhà trường"):
        assert old not in text, old
    assert "Thông tư số 124/2021/TT-BCA ngày 28/12/2021" in text
    # the paragraph after the sub-items comes after them, unnumbered
    paras = body(out / "chi-thi-antq-co-quan.docx")
    last_letter = next(i for i, p in enumerate(paras) if p.startswith("đ) "))
    assert paras[last_letter + 1].startswith("Xác định rõ xây dựng phong trào")
    assert paras[last_letter + 2].startswith("2. Chủ động tham mưu")


def test_workspace_is_found_from_a_subfolder_and_options_win(runner, office, monkeypatch):
    monkeypatch.chdir(office / "content" / "provinces")
    result = runner.invoke(main, ["build", str(office / "content/documents/chi-thi-06.yaml")])
    assert result.exit_code == 0, result.output
    assert (office / "build" / "phu-tho" / "chi-thi-06.docx").is_file()
    result = runner.invoke(main, ["build", str(office / "content/documents/chi-thi-06.yaml"), "-p", "ha-noi", "--out", str(office / "x")])
    assert result.exit_code == 0, result.output
    assert (office / "x" / "ha-noi" / "chi-thi-06.docx").is_file()


def test_batch_renders_a_province_only_document_for_that_province_alone(runner, office):
    result = runner.invoke(main, ["batch", "-p", "phu-tho,ha-noi", "--jobs", "1"])
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in (office / "build" / "phu-tho").glob("*.docx")) == [
        "chi-thi-06.docx", "chi-thi-antq-co-quan.docx", "ke-hoach-06.docx"]
    assert sorted(p.name for p in (office / "build" / "ha-noi").glob("*.docx")) == ["chi-thi-06.docx", "ke-hoach-06.docx"]
    manifest = json.loads((office / "build" / "manifest.json").read_text(encoding="utf-8"))
    records = manifest["outputs"] if isinstance(manifest, dict) and "outputs" in manifest else manifest
    own = [r for r in records if r["path"].endswith("chi-thi-antq-co-quan.docx")]
    assert [r["province"] for r in own] == ["phu-tho"]
    assert "5 documents: 5 ok" in result.output
    # without -p, vbgen.yaml's province
    shutil.rmtree(office / "build")
    result = runner.invoke(main, ["batch", "--jobs", "1"])
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in (office / "build").iterdir()) == ["manifest.json", "phu-tho"]


def test_a_province_only_document_is_refused_for_another_province(runner, office):
    result = runner.invoke(main, ["build", OWN, "-p", "ha-noi"])
    assert result.exit_code == 1
    assert "chi-thi-antq-co-quan.yaml: this document belongs to phu-tho alone" in result.output
    assert "build it with -p phu-tho" in result.output
    # named alone, with no vbgen.yaml: built for the province that owns it
    (office / "vbgen.yaml").unlink()
    result = runner.invoke(main, ["build", OWN])
    assert result.exit_code == 0, result.output
    assert result.output.strip().endswith("out/phu-tho/chi-thi-antq-co-quan.docx")


def test_a_province_only_document_may_not_take_a_national_name(runner, office):
    shutil.copy(office / OWN, office / "content/provinces/phu-tho/own/chi-thi-06.yaml")
    result = runner.invoke(main, ["build"])
    assert result.exit_code == 1
    assert "own/chi-thi-06.yaml: a province-only document cannot share the name of content/documents/chi-thi-06.yaml" in result.output
    assert not (office / "build").exists()


def test_bad_vbgen_yaml_names_its_line(runner, office):
    write(office / "vbgen.yaml", "province: phu-tho\nouts: build\n")
    result = runner.invoke(main, ["build"])
    assert result.exit_code == 1
    assert "vbgen.yaml:2: outs: unknown key 'outs' — did you mean 'out'?" in result.output
    write(office / "vbgen.yaml", "# the office\nprovince: phu-th\n")
    result = runner.invoke(main, ["build"])
    assert result.exit_code == 1
    assert "vbgen.yaml:2: province: unknown province 'phu-th' — did you mean 'phu-tho'?" in result.output


def test_check_without_files_checks_what_build_wrote(runner, office):
    assert runner.invoke(main, ["build"]).exit_code == 0
    result = runner.invoke(main, ["check"])
    assert result.exit_code == 0, result.output
    assert sorted(line.split(":")[0] for line in result.output.splitlines()) == sorted(
        f"build/phu-tho/{n}" for n in ("chi-thi-06.docx", "chi-thi-antq-co-quan.docx", "ke-hoach-06.docx"))
    (office / "vbgen.yaml").unlink()
    assert runner.invoke(main, ["check"]).exit_code == 2


# -- cite -p -----------------------------------------------------------------------------------

LOCAL_CITATION = """\
citations:
  qd-12-2025-pt:
    kind: Quyết định
    number: 12/2025/QĐ-UBND
    date: 2025-08-15
    issuer: Ủy ban nhân dân tỉnh Phú Thọ
    subject: ban hành Quy chế phối hợp bảo vệ an ninh, trật tự trong cơ quan, doanh nghiệp
"""


def _cite_local(office: Path) -> None:
    write(office / "content/provinces/phu-tho/province.yaml", LOCAL_CITATION)
    own = office / OWN
    text = own.read_text(encoding="utf-8").replace(
        "tổ chức thực hiện [[nd-06-2013-cp]];", "tổ chức thực hiện [[nd-06-2013-cp]] và [[qd-12-2025-pt]];")
    own.write_text(text, encoding="utf-8")


def test_cite_commands_see_the_provinces_own_citations(runner, office):
    _cite_local(office)
    result = runner.invoke(main, ["cite", "check"])  # province from vbgen.yaml
    assert result.exit_code == 0, result.output
    assert runner.invoke(main, ["cite", "check", "-p", "phu-tho"]).exit_code == 0
    (office / "vbgen.yaml").unlink()
    result = runner.invoke(main, ["cite", "check"])  # every province's files against its own citations
    assert result.exit_code == 0, result.output
    listed = runner.invoke(main, ["cite", "list", "-p", "phu-tho", "--kind", "Quyết định"]).output
    assert "qd-12-2025-pt            in_force  Quyết định số 12/2025/QĐ-UBND [phu-tho]" in listed.splitlines()
    assert "qd-12-2025-pt" not in runner.invoke(main, ["cite", "list"]).output
    shown = runner.invoke(main, ["cite", "show", "qd-12-2025-pt", "-p", "phu-tho"])
    assert "full:   Quyết định số 12/2025/QĐ-UBND ngày 15/8/2025 của Ủy ban nhân dân tỉnh Phú Thọ ban hành Quy chế" in shown.output
    unknown = runner.invoke(main, ["cite", "show", "qd-12-2025-pt"])
    assert unknown.exit_code == 1 and "it is a citation of phu-tho (province.yaml): add -p phu-tho" in unknown.output
    used = runner.invoke(main, ["cite", "usages", "qd-12-2025-pt", "-p", "phu-tho"])
    assert used.output.startswith(f"{OWN}:")
    assert "sections[3].text[0]" in used.output
    # and the document builds with it
    result = runner.invoke(main, ["build", OWN])
    assert result.exit_code == 0, result.output
    assert "Quyết định số 12/2025/QĐ-UBND ngày 15/8/2025" in all_text(office / "out/phu-tho/chi-thi-antq-co-quan.docx")


def test_cite_check_reports_province_citations_at_their_own_line(runner, office):
    _cite_local(office)
    write(office / "content/provinces/phu-tho/province.yaml", LOCAL_CITATION.replace("12/2025/QĐ-UBND", "12/2025/NĐ-CP"))
    national = office / "content/documents/chi-thi-06.yaml"
    national.write_text(national.read_text(encoding="utf-8").replace("[[nd-06-2013-cp]]", "[[qd-12-2025-pt]]"), encoding="utf-8")
    result = runner.invoke(main, ["cite", "check"])
    assert result.exit_code == 1
    assert "problems found in the content:" in result.output and "nothing was written" not in result.output
    assert "content/provinces/phu-tho/province.yaml:2: citations.qd-12-2025-pt.number:" in result.output
    # a national document serves every province: it may not cite one province's document
    assert 'content/documents/chi-thi-06.yaml:' in result.output and 'unknown citation key "qd-12-2025-pt"' in result.output


# -- historical texts -------------------------------------------------------------------------

HISTORICAL = """\
kind: chi_thi
historical: true
date: 2014-09-20
subject: Về đẩy mạnh phong trào toàn dân bảo vệ an ninh Tổ quốc trong cơ quan, doanh nghiệp, nhà trường
preamble: >-
  Để tiếp tục đẩy mạnh phong trào theo [[ct-07-2014-bca]], Chủ tịch Ủy ban nhân dân tỉnh yêu cầu:
sections:
  - text: Các sở, ban, ngành, Ủy ban nhân dân các huyện, thành, thị phối hợp với Đài Phát thanh - Truyền hình tỉnh.
closing: Thủ trưởng các sở, ban, ngành; Chủ tịch Ủy ban nhân dân các huyện, thành, thị thực hiện Chỉ thị này.
"""


def test_lint_skips_currency_findings_in_a_historical_text(runner, office):
    write(office / "content/provinces/phu-tho/own/chi-thi-2014.yaml", HISTORICAL)
    result = runner.invoke(main, ["lint"])
    assert result.exit_code == 0, result.output
    assert runner.invoke(main, ["cite", "check"]).exit_code == 0  # cites the replaced Chỉ thị 07 as it did then
    built = runner.invoke(main, ["build", "content/provinces/phu-tho/own/chi-thi-2014.yaml", "--strict"])
    assert built.exit_code == 0, built.output
    # the same text as a current document: lint and cite check report it, without "nothing was written"
    write(office / "content/provinces/phu-tho/own/chi-thi-2014.yaml", HISTORICAL.replace("historical: true\n", ""))
    result = runner.invoke(main, ["lint"])
    assert result.exit_code == 1
    assert result.output.startswith("Error: ") and "problems found in the content:" in result.output
    assert "nothing was written" not in result.output
    assert "chi-thi-2014.yaml:7: sections[0].text: found \"Ủy ban nhân dân các huyện, thành, thị\"" in result.output
    assert "[cite.outdated]" in runner.invoke(main, ["cite", "check"]).output
    # NFC still applies to a historical text
    write(office / "content/provinces/phu-tho/own/chi-thi-2014.yaml", HISTORICAL.replace("Về đẩy", "Ve\u0302\u0300 đẩy"))
    assert "[text.nfc]" in runner.invoke(main, ["lint"]).output


# -- structure: closing paragraphs, the 24th sub-item, year ------------------------------------


def _doc(office: Path, **replace: str) -> Path:
    text = HISTORICAL.replace("historical: true\n", "")
    for old, new in replace.items():
        text = text.replace(old, new)
    return write(office / "content/provinces/phu-tho/own/thu.yaml", text)


def test_a_24th_sub_item_is_a_content_error_saying_how_to_restructure(runner, office):
    def with_items(n: int) -> Path:
        items = "".join(f"      - text: Nội dung {k}.\n" for k in range(n))
        return _doc(office, **{"  - text: Các sở, ban, ngành, Ủy ban nhân dân các huyện, thành, thị phối hợp với Đài Phát thanh - Truyền hình tỉnh.\n":
                               "  - text: Các nội dung sau.\n    items:\n" + items})

    result = runner.invoke(main, ["build", str(with_items(24))])
    assert result.exit_code == 1
    assert f"thu.yaml:{9 + 23}: sections[0].items[23]: a 24th lettered sub-item" in result.output
    assert "a b c d đ e g h i k l m n o p q r s t u v x y" in result.output and "split the item in two" in result.output
    assert "aa)" not in result.output
    # 23 are fine and end with y)
    result = runner.invoke(main, ["build", str(with_items(23))])
    assert result.exit_code == 0, result.output
    assert [p for p in body(office / "build/phu-tho/thu.docx") if p[:2] in ("x)", "y)")] == ["x) Nội dung 21.", "y) Nội dung 22."]


def test_a_24th_task_of_one_agency_is_a_content_error(runner, office):
    tasks = "".join(f"    - {{lead: cong-an, text: nhiệm vụ {n}}}\n" for n in range(24))
    path = write(office / "content/provinces/phu-tho/own/kh.yaml",
                 "kind: ke_hoach\nyear: 2026\nsubject: Thử\nimplementation:\n  tasks:\n" + tasks)
    result = runner.invoke(main, ["build", str(path)])
    assert result.exit_code == 1
    assert "kh.yaml:29: implementation.tasks[23]: a 24th task led by 'cong-an'" in result.output
    assert "merge related tasks" in result.output


def test_a_draft_without_date_needs_year_and_the_message_says_so(runner, office):
    path = _doc(office, **{"date: 2014-09-20\n": ""})
    result = runner.invoke(main, ["build", str(path)])
    assert result.exit_code == 1
    assert "year: required when 'date' is empty" in result.output and "add 'year: 2026', or give 'date'" in result.output
    schema = json.loads((CONTENT / "schema" / "document.schema.json").read_text(encoding="utf-8"))
    assert {"required": ["year"], "properties": {"year": {"type": "integer"}}} in schema["anyOf"]
    readme = (CONTENT.parent / "README.md").read_text(encoding="utf-8")
    assert "required when `date` is empty" in readme


def test_an_override_of_a_province_only_document_points_at_the_document(runner, office):
    write(office / "content/provinces/phu-tho/documents/chi-thi-antq-co-quan.yaml", 'number: "7"\n')
    result = runner.invoke(main, ["build"])
    assert result.exit_code == 1
    assert "overrides a document that does not exist: content/documents/chi-thi-antq-co-quan.yaml" in result.output
    assert "own/chi-thi-antq-co-quan.yaml is this province's own document: edit it there" in result.output
