"""The commands for legal staff: cite list/show/check/usages, lint, schema."""

from __future__ import annotations

import json
from pathlib import Path

from conftest import CONTENT, MINI
from vbgen.cli import main


def test_cite_show_prints_the_forms_documents_use(runner):
    result = runner.invoke(main, ["cite", "show", "tt-124-2021-bca", "--content", str(MINI)])
    assert result.exit_code == 0, result.output
    assert "full:   Thông tư số 124/2021/TT-BCA ngày 28/12/2021 của Bộ trưởng Bộ Công an quy định khu dân cư" in result.output
    assert "short:  Thông tư số 124/2021/TT-BCA" in result.output
    assert "(sau đây gọi tắt là Thông tư số 124/2021/TT-BCA)" in result.output


def test_cite_show_law_by_name_and_unknown_key(runner):
    law = runner.invoke(main, ["cite", "show", "luat-30-2023-qh15", "--content", str(MINI)])
    assert "full:   Luật Lực lượng tham gia bảo vệ an ninh, trật tự ở cơ sở" in law.output
    assert "alias:" not in law.output
    bad = runner.invoke(main, ["cite", "show", "ct-06-2052-bca", "--content", str(MINI)])
    assert bad.exit_code == 1 and "closest known keys: ct-06-2025-bca" in bad.output


def test_cite_list_filters_by_status_and_kind(runner):
    result = runner.invoke(main, ["cite", "list", "--status", "replaced", "--content", str(MINI)])
    assert result.output.splitlines() == ["ct-07-2014-bca           replaced  Chỉ thị số 07/CT-BCA-V28 -> ct-06-2025-bca"]
    result = runner.invoke(main, ["cite", "list", "--kind", "Luật", "--content", str(MINI)])
    assert [line.split()[0] for line in result.output.splitlines()] == ["luat-30-2023-qh15"]


def test_cite_check_passes_on_the_shipped_registry(runner):
    result = runner.invoke(main, ["cite", "check", "--content", str(CONTENT)])
    assert result.exit_code == 0, result.output
    assert result.output.startswith("ok: ")


def test_cite_check_fails_with_precise_messages(runner, mini):
    reg = mini / "citations.yaml"
    text = reg.read_text(encoding="utf-8")
    text = text.replace("number: 124/2021/TT-BCA", "number: 124/2021/QĐ-TTg")
    text = text.replace("    replaced_by: ct-06-2025-bca", "    replaced_by: ct-06-2025-bcaa")
    text = text.replace("date: 2023-11-28", "date: 2024-11-28")
    reg.write_text(text, encoding="utf-8")
    doc = mini / "documents" / "ke-hoach-mini.yaml"
    doc.write_text(doc.read_text(encoding="utf-8").replace("Bảo đảm [[tt-124-2021-bca]]", "Bảo đảm [[ct-07-2014-bca]]"), encoding="utf-8")
    result = runner.invoke(main, ["cite", "check", "--content", str(mini)])
    assert result.exit_code == 1
    out = result.output
    lines = reg.read_text(encoding="utf-8").splitlines()
    tt_line = next(n for n, line in enumerate(lines, 1) if line.startswith("  tt-124-2021-bca:"))
    assert f"citations.yaml:{tt_line}: citations.tt-124-2021-bca.number:" in out
    assert "replaced_by" in out and "ct-06-2025-bcaa" in out
    assert "citations.luat-30-2023-qh15.date" in out
    assert "ke-hoach-mini.yaml" in out and "ct-07-2014-bca" in out


def test_cite_usages_lists_file_and_line(runner):
    result = runner.invoke(main, ["cite", "usages", "tt-124-2021-bca", "--content", str(MINI)])
    assert result.exit_code == 0
    doc = (MINI / "documents" / "ke-hoach-mini.yaml").read_text(encoding="utf-8").splitlines()
    expected = [n for n, line in enumerate(doc, 1) if "tt-124-2021-bca" in line]
    got = [int(line.split(":")[1]) for line in result.output.splitlines()]
    assert got == expected


def test_lint_flags_old_names(runner, mini):
    doc = mini / "documents" / "ke-hoach-mini.yaml"
    doc.write_text(doc.read_text(encoding="utf-8").replace("text: chỉ đạo các cơ sở giáo dục thực hiện.",
                                                           "text: phối hợp với Sở Lao động - Thương binh và Xã hội và UBND các huyện."), encoding="utf-8")
    result = runner.invoke(main, ["lint", "--content", str(mini)])
    assert result.exit_code == 1
    assert "Sở Nội vụ" in result.output and "huyện" in result.output
    assert runner.invoke(main, ["lint", "--content", str(CONTENT)]).exit_code == 0


def test_schema_is_written_and_matches_the_shipped_copy(runner, tmp_path):
    result = runner.invoke(main, ["schema", str(tmp_path)])
    assert result.exit_code == 0
    for path in tmp_path.iterdir():
        shipped = CONTENT / "schema" / path.name
        assert shipped.read_text(encoding="utf-8") == path.read_text(encoding="utf-8"), f"run 'vbgen schema' to refresh {shipped}"
    doc = json.loads((tmp_path / "document.schema.json").read_text(encoding="utf-8"))
    assert doc["additionalProperties"] is False and "subject" in doc["required"]
    assert set(doc["properties"]["kind"]["enum"]) == {"ke_hoach", "chi_thi"}


def test_shipped_content_points_editors_at_the_schemas():
    for path in [*CONTENT.glob("*.yaml"), *CONTENT.glob("documents/*.yaml"), *CONTENT.glob("provinces/*/*.yaml"),
                 *CONTENT.glob("provinces/*/documents/*.yaml")]:
        first = next(line for line in path.read_text(encoding="utf-8").splitlines() if line.strip())
        assert first.startswith("# yaml-language-server: $schema="), path
        target = (path.parent / first.split("$schema=")[1].strip()).resolve()
        assert target.is_file(), f"{path}: {target} does not exist"
