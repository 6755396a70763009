"""Messages in Vietnamese: every marked message has a translation with the same placeholders,
and the CLI (--lang vi / VBGEN_LANG) and the web workspace show them."""

from __future__ import annotations

import ast
import functools
import string
import unicodedata
from pathlib import Path

import pytest

from vbgen import i18n

SRC = Path(__file__).resolve().parents[1] / "src" / "vbgen"
PO = SRC / "locale" / "vi" / "LC_MESSAGES" / "vbgen.po"


@functools.cache
def _marked() -> dict[str, str]:
    """Every literal message given to _() or N_() in the source -> where it is."""
    found: dict[str, str] = {}
    for path in sorted(SRC.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if (isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in ("_", "N_")
                    and node.args):
                arg = node.args[0]
                if isinstance(arg, ast.Constant) and isinstance(arg.value, str):
                    found.setdefault(arg.value, f"{path.relative_to(SRC)}:{node.lineno}")
    return found


def _fields(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name is not None}


def test_marked_messages_are_found():
    marked = _marked()
    assert len(marked) > 40
    assert "added to Nơi nhận: {name} (given a task, not listed in recipients)" in marked


def test_every_marked_message_has_a_vietnamese_translation():
    catalog = i18n.catalog("vi")
    missing = [f"{where}: {msgid!r}" for msgid, where in _marked().items() if not catalog.get(msgid)]
    assert not missing, "add these to a .po in locale/vi/LC_MESSAGES:\n" + "\n".join(missing)


def test_translations_keep_the_placeholders_and_are_nfc():
    catalog = i18n.catalog("vi")
    wrong = [f"{msgid!r}: {_fields(msgid)} vs {_fields(text)}" for msgid, text in catalog.items()
             if _fields(msgid) != _fields(text)]
    assert not wrong, "\n".join(wrong)
    assert all(unicodedata.is_normalized("NFC", t) for t in catalog.values())
    marked = _marked()  # once: it parses every source file
    assert not [m for m in catalog if m not in marked], "catalog entries no source uses"


def test_default_is_english_and_vi_translates(monkeypatch):
    monkeypatch.delenv("VBGEN_LANG", raising=False)
    msg = "added to Nơi nhận: {name} (given a task, not listed in recipients)"
    assert i18n._(msg) == msg
    with i18n.using("vi"):
        assert i18n._(msg).startswith("Đã thêm vào Nơi nhận: {name}")
    monkeypatch.setenv("VBGEN_LANG", "vi_VN.UTF-8")
    assert i18n.language() == "vi"



def _build(runner, mini: Path, tmp_path: Path, *lang: str):
    from vbgen.cli import main

    doc = mini / "documents" / "ke-hoach-mini.yaml"
    return runner.invoke(main, [*lang, "build", str(doc), "--content", str(mini), "-p", "tay-ninh", "--out", str(tmp_path / "o")])


def test_cli_note_and_content_error_in_vietnamese_with_lang_vi(runner, mini: Path, tmp_path: Path, monkeypatch):
    monkeypatch.delenv("VBGEN_LANG", raising=False)
    en = _build(runner, mini, tmp_path)
    assert en.exit_code == 0, en.output
    assert "Note: added to Nơi nhận: Sở Nội vụ (given a task, not listed in recipients)" in en.output
    vi = _build(runner, mini, tmp_path, "--lang", "vi")
    assert vi.exit_code == 0, vi.output
    assert "Ghi chú: Đã thêm vào Nơi nhận: Sở Nội vụ (được giao nhiệm vụ nhưng chưa có trong danh sách Nơi nhận)" in vi.output
    assert "given a task" not in vi.output
    doc = mini / "documents" / "ke-hoach-mini.yaml"
    doc.write_text(doc.read_text(encoding="utf-8").replace("lead: mttq", "lead: mtqq"), encoding="utf-8")
    monkeypatch.setenv("VBGEN_LANG", "vi")
    bad = _build(runner, mini, tmp_path)
    assert bad.exit_code == 1
    assert "không có cơ quan 'mtqq'; gần giống nhất: mttq" in bad.output and "(xem content/agencies.yaml)" in bad.output
    bad = _build(runner, mini, tmp_path, "--lang", "en")
    assert "unknown agency 'mtqq'; closest: mttq" in bad.output
    assert i18n.language() == "vi"  # from VBGEN_LANG; --lang en was that run's only


def test_checker_findings_in_vietnamese_with_lang_vi(runner, tmp_path: Path, monkeypatch):
    import docx

    from vbgen.cli import main

    monkeypatch.delenv("VBGEN_LANG", raising=False)
    path = tmp_path / "plain.docx"
    d = docx.Document()
    d.add_paragraph("Kế hoạch viết tay")
    d.save(str(path))
    en = runner.invoke(main, ["check", str(path)]).output
    assert '[recipients.label] "Nơi nhận:" not found' in en
    assert 'Quốc hiệu "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" not found' in en
    vi = runner.invoke(main, ["--lang", "vi", "check", str(path)]).output
    assert '[recipients.label] không tìm thấy "Nơi nhận:"' in vi
    assert 'không tìm thấy Quốc hiệu "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"' in vi
    assert "not found" not in vi and "expected" not in vi
    assert runner.invoke(main, ["check", str(path)]).output == en  # the run's language did not stay


def test_rule_descriptions_in_the_current_language():
    from vbgen.check import RULES, rule_description

    assert rule_description("page.size") == RULES["page.size"] == "Paper is A4, 210 × 297 mm"
    with i18n.using("vi"):
        assert rule_description("page.size") == "Khổ giấy A4, 210 × 297 mm"
        catalog = i18n.catalog("vi")
        assert all(d in catalog for d in RULES.values()), [d for d in RULES.values() if d not in catalog]


def test_content_error_of_the_model_in_vietnamese(mini: Path):
    from vbgen.content.load import load_model
    from vbgen.content.model import Document
    from vbgen.errors import ContentError

    doc = mini / "documents" / "ke-hoach-mini.yaml"
    doc.write_text(doc.read_text(encoding="utf-8") + "subjekt: x\n", encoding="utf-8")
    with pytest.raises(ContentError) as en:
        load_model(doc, Document)
    assert "unknown key 'subjekt' — did you mean 'subject'?" in en.value.format_message()
    with i18n.using("vi"), pytest.raises(ContentError) as vi:
        load_model(doc, Document)
    assert "khóa 'subjekt' không hợp lệ — có phải là 'subject'?" in vi.value.format_message()


def test_no_module_that_translates_binds_underscore():
    """``for x, _ in …`` in a function that also calls _() would call a tuple item, not translate."""
    bad = []
    for path in sorted(SRC.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        if not any(isinstance(n, ast.ImportFrom) and n.module == "vbgen.i18n" and any(a.name == "_" for a in n.names)
                   for n in tree.body):
            continue
        comprehension_targets = {id(t) for c in ast.walk(tree) if isinstance(c, ast.comprehension) for t in ast.walk(c.target)}
        bad += [f"{path.relative_to(SRC)}:{n.lineno}" for n in ast.walk(tree)
                if isinstance(n, ast.Name) and n.id == "_" and isinstance(n.ctx, ast.Store) and id(n) not in comprehension_targets]
    assert not bad, bad
