"""`vbgen check` on the command line: text and JSON output, exit codes."""

from __future__ import annotations

import json

import docx

from conftest import render_mini
from vbgen.cli import main


def test_plain_python_docx_file_gets_findings(runner, tmp_path):
    path = tmp_path / "plain.docx"
    d = docx.Document()
    d.add_paragraph("Kế hoạch viết tay")
    d.save(str(path))
    result = runner.invoke(main, ["check", str(path)])
    assert result.exit_code == 1
    for rule in ("[page.size]", "[page.margins]", "[header.quoc_hieu]", "[recipients.label]", "[body.end]"):
        assert rule in result.output
    data = json.loads(runner.invoke(main, ["check", "--format", "json", str(path)]).stdout)
    assert {"page.size", "page.margins"} <= {row["rule"] for row in data}
    assert all(row["file"] == str(path) for row in data)


def test_vbgen_output_passes(runner, mini, tmp_path):
    out = render_mini(mini, tmp_path / "out")
    result = runner.invoke(main, ["check", str(out)])
    assert result.exit_code == 0, result.output
    assert result.output.strip() == f"{out}: ok"


def test_missing_file_is_a_usage_error(runner, tmp_path):
    result = runner.invoke(main, ["check", str(tmp_path / "nope.docx")])
    assert result.exit_code == 2 and "does not exist" in result.output


def test_text_output_counts_paragraphs_from_one_as_the_web_page_does(runner, tmp_path):
    """A person counts the first paragraph as 1 (the check page does too); JSON keeps the index."""
    path = tmp_path / "plain.docx"
    d = docx.Document()
    d.add_paragraph("Kế hoạch viết tay")
    d.save(str(path))
    data = json.loads(runner.invoke(main, ["check", "--format", "json", str(path)]).stdout)
    single = [row for row in data if row["paragraph"] is not None]
    assert single, data
    text = runner.invoke(main, ["check", str(path)]).output
    row = single[0]
    assert f'paragraph {row["paragraph"] + 1} "' in text or f'paragraphs {row["paragraph"] + 1}' in text, text
