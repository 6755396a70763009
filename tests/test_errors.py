"""Bad input: every problem names file, line and key; exit 1; no traceback; nothing written."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import TEMPLATES
from vbgen.cli import main

DOC = "documents/ke-hoach-mini.yaml"


def run_build(runner, content: Path, out: Path, *extra: str):
    return runner.invoke(main, ["build", str(content / DOC), "--content", str(content), "--templates", str(TEMPLATES),
                                "--out", str(out), *extra])


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"fixture no longer contains {old!r}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def line_of(path: Path, needle: str) -> int:
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if needle in line:
            return n
    raise AssertionError(needle)


def assert_failed_cleanly(result, out: Path) -> None:
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    assert not isinstance(result.exception, Exception) or isinstance(result.exception, SystemExit)
    assert not out.exists() or not any(out.rglob("*.docx")), "an output file was written despite the error"


def test_yaml_syntax_error_names_file_and_line(runner, mini, tmp_path):
    doc = mini / DOC
    edit(doc, "  intro: Các cơ quan thực hiện như sau.", "  intro: [unclosed")
    result = run_build(runner, mini, tmp_path / "out")
    assert_failed_cleanly(result, tmp_path / "out")
    assert f"ke-hoach-mini.yaml:{line_of(doc, 'intro: [unclosed') + 1}" in result.output or "ke-hoach-mini.yaml:" in result.output
    assert "YAML syntax error" in result.output


def test_unknown_key_suggests_the_right_one(runner, mini, tmp_path):
    doc = mini / DOC
    edit(doc, "      - title: Yêu cầu", "      - titel: Yêu cầu")
    result = run_build(runner, mini, tmp_path / "out")
    assert_failed_cleanly(result, tmp_path / "out")
    n = line_of(doc, "titel: Yêu cầu")
    assert f"ke-hoach-mini.yaml:{n}: sections[0].items[1].titel: unknown key 'titel' — did you mean 'title'?" in result.output


def test_wrong_type_and_missing_field_are_reported_together(runner, mini, tmp_path):
    doc = mini / DOC
    edit(doc, "year: 2026", "year: năm nay")
    edit(doc, "      lead: mttq\n", "      leader: mttq\n")
    result = run_build(runner, mini, tmp_path / "out")
    assert_failed_cleanly(result, tmp_path / "out")
    assert "2 problems" in result.output or "3 problems" in result.output
    assert f"ke-hoach-mini.yaml:{line_of(doc, 'year:')}: year:" in result.output
    assert "implementation.tasks[2].lead: required key 'lead' is missing" in result.output
    assert "unknown key 'leader' — did you mean 'lead'?" in result.output


def test_unknown_citation_names_line_and_closest_keys(runner, mini, tmp_path):
    doc = mini / DOC
    edit(doc, "Thực hiện [[tt-124-2021-bca|gọi tắt]].", "Thực hiện [[tt-124-2012-bca|gọi tắt]].")
    result = run_build(runner, mini, tmp_path / "out")
    assert_failed_cleanly(result, tmp_path / "out")
    n = line_of(doc, "tt-124-2012-bca")
    assert f"ke-hoach-mini.yaml:{n}: sections[0].items[0].items[1].text: unknown citation 'tt-124-2012-bca'" in result.output
    assert "closest known keys: tt-124-2021-bca" in result.output


def test_unknown_agency_in_task_and_in_text(runner, mini, tmp_path):
    doc = mini / DOC
    edit(doc, "      lead: mttq", "      lead: mtqq")
    edit(doc, "agency('cong-an')", "agency('cong-ann')")
    result = run_build(runner, mini, tmp_path / "out")
    assert_failed_cleanly(result, tmp_path / "out")
    assert f":{line_of(doc, 'lead: mtqq')}: implementation.tasks[2].lead: unknown agency 'mtqq'; closest: mttq" in result.output
    assert "implementation.closing: unknown agency 'cong-ann'; closest: cong-an" in result.output


def test_unknown_province_suggests_slug(runner, mini, tmp_path):
    result = run_build(runner, mini, tmp_path / "out", "--province", "tay-nin")
    assert_failed_cleanly(result, tmp_path / "out")
    assert "unknown province 'tay-nin' — did you mean 'tay-ninh'?" in result.output


def test_undefined_placeholder_is_an_error_not_a_blank(runner, mini, tmp_path):
    doc = mini / DOC
    edit(doc, "{{ province.committee }} ban hành", "{{ province.comittee }} ban hành")
    result = run_build(runner, mini, tmp_path / "out")
    assert_failed_cleanly(result, tmp_path / "out")
    assert "preamble:" in result.output and "comittee" in result.output


def test_sandbox_refuses_python_internals(runner, mini, tmp_path):
    doc = mini / DOC
    edit(doc, "text: Bảo đảm [[tt-124-2021-bca]] được thực hiện nghiêm.", "text: \"{{ province.__class__.__mro__ }}\"")
    result = run_build(runner, mini, tmp_path / "out")
    assert_failed_cleanly(result, tmp_path / "out")
    assert "sections[0].items[1].text" in result.output


def test_duplicate_key_is_an_error(runner, mini, tmp_path):
    doc = mini / DOC
    edit(doc, "year: 2026", "year: 2026\nyear: 2027")
    result = run_build(runner, mini, tmp_path / "out")
    assert_failed_cleanly(result, tmp_path / "out")
    assert "duplicate key 'year' (first defined on line" in result.output


def test_a_failure_in_one_document_writes_none_of_them(runner, mini, tmp_path):
    good = mini / "documents" / "second.yaml"
    good.write_text((mini / DOC).read_text(encoding="utf-8"), encoding="utf-8")
    edit(mini / DOC, "[[ct-06-2025-bca]] &", "[[ct-99]] &")
    result = runner.invoke(main, ["build", str(good), str(mini / DOC), "--content", str(mini),
                                  "--templates", str(TEMPLATES), "--out", str(tmp_path / "out")])
    assert_failed_cleanly(result, tmp_path / "out")


def test_replaced_citation_warns_and_strict_fails(runner, mini, tmp_path):
    doc = mini / DOC
    edit(doc, "Bảo đảm [[tt-124-2021-bca]]", "Bảo đảm [[ct-07-2014-bca]]")
    result = run_build(runner, mini, tmp_path / "out")
    assert result.exit_code == 0, result.output
    assert "Warning:" in result.output
    assert ("cites 'ct-07-2014-bca' (Chỉ thị số 07/CT-BCA-V28), which is replaced; cite 'ct-06-2025-bca' "
            "(Chỉ thị số 06/CT-BCA-V05 ngày 07/5/2025 của Bộ trưởng Bộ Công an về nâng cao chất lượng") in result.output
    strict = run_build(runner, mini, tmp_path / "strict", "--strict")
    assert_failed_cleanly(strict, tmp_path / "strict")
    assert "(an error with --strict)" in strict.output


def test_broken_template_tag_names_the_paragraph(runner, mini, tmp_path):
    import docx

    tpl_dir = tmp_path / "tpl"
    tpl_dir.mkdir()
    d = docx.Document(str(TEMPLATES / "ke-hoach.docx"))
    for p in d.paragraphs:
        if p.text == "{{r subject_runs }}":
            p.runs[0].text = "{{r subject_runs }"
    d.save(str(tpl_dir / "ke-hoach.docx"))
    result = runner.invoke(main, ["build", str(mini / DOC), "--content", str(mini), "--templates", str(tpl_dir),
                                  "--out", str(tmp_path / "out")])
    assert_failed_cleanly(result, tmp_path / "out")
    assert "ke-hoach.docx cannot be used" in result.output


def test_missing_registry_file(runner, mini, tmp_path):
    (mini / "agencies.yaml").unlink()
    result = run_build(runner, mini, tmp_path / "out")
    assert_failed_cleanly(result, tmp_path / "out")
    assert "agencies.yaml: file not found" in result.output


def test_citation_error_inside_a_folded_paragraph_names_its_own_line(runner, mini, tmp_path):
    doc = mini / DOC
    edit(doc, "  closing: Trong quá trình thực hiện, nếu có khó khăn,",
         "  closing: >-\n    Trong quá trình thực hiện {{ province.name }},\n    theo [[ct-06-2025-bca]] và\n    [[khong-ton-tai]], nếu có khó khăn,")
    result = run_build(runner, mini, tmp_path / "out")
    assert_failed_cleanly(result, tmp_path / "out")
    assert f"ke-hoach-mini.yaml:{line_of(doc, '[[khong-ton-tai]]')}: implementation.closing: unknown citation 'khong-ton-tai'" in result.output


@pytest.mark.parametrize("text", [
    "subject: a\n\tkind: b\n",        # a Tab in the indentation
    "subject: a\nsubject: b\n",       # a key twice
    "subject: Kế hoạch: năm 2026\n",  # a colon in an unquoted value
    "subject: {a: b\n",               # an unclosed brace
    'subject: "a\\qb"\n',             # an unknown escape in double quotes
])
def test_common_yaml_mistakes_are_explained_in_vietnamese(tmp_path, text):
    """A clerk's or a legal officer's usual slips: no parser English in the Vietnamese message."""
    from vbgen import i18n
    from vbgen.content.yamlload import YamlProblems, load_yaml

    path = tmp_path / "van-ban.yaml"
    path.write_text(text, encoding="utf-8")
    with i18n.using("vi"), pytest.raises(YamlProblems) as e:
        load_yaml(path)
    message = str(e.value)
    assert "van-ban.yaml:" in message
    for english in ("found", "while", "expected", "duplicate", "allowed", "scalar", "mapping"):
        assert english not in message, message


def test_error_prefix_is_vietnamese_with_lang_vi(runner, mini, tmp_path):
    """The line a clerk reads starts "Lỗi:", not click's English "Error:" (English stays "Error:")."""
    doc = mini / DOC
    doc.write_text(doc.read_text(encoding="utf-8").replace("subject:", "subjekt:", 1), encoding="utf-8")
    args = ["build", str(doc), "--content", str(mini), "--templates", str(TEMPLATES), "--out", str(tmp_path / "o")]
    vi = runner.invoke(main, ["--lang", "vi", *args])
    assert vi.exit_code == 1 and vi.output.startswith("Lỗi: ") and "Error" not in vi.output, vi.output
    en = runner.invoke(main, args)
    assert en.exit_code == 1 and en.output.startswith("Error: "), en.output
