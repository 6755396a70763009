"""Issue 8 regressions: odd content ends in a short message naming file, line and key, exit 1,
no output; never a traceback, never "internal error", never a document holding a bare "a)"."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import TEMPLATES
from vbgen import vi
from vbgen.cli import main

DOC = "documents/ke-hoach-mini.yaml"
INTRO = "  intro: Các cơ quan thực hiện như sau."
ITEM = "          - text: Thực hiện [[tt-124-2021-bca|gọi tắt]]."


def build(runner, content: Path, out: Path, doc: str = DOC):
    return runner.invoke(main, ["build", str(content / doc), "--content", str(content), "--templates", str(TEMPLATES),
                                "--out", str(out)])


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"fixture no longer contains {old!r}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def assert_clean_error(result, out: Path, *fragments: str) -> str:
    """Exit 1 with "Error:", no traceback, no internal error, no file written; the fragments shown."""
    assert result.exit_code == 1, result.output
    assert result.output.startswith("Error:"), result.output
    assert "Traceback" not in result.output and "internal error" not in result.output
    assert not isinstance(result.exception, Exception) or isinstance(result.exception, SystemExit), repr(result.exception)
    assert not out.exists() or not any(out.rglob("*")), "output left behind after an error"
    for fragment in fragments:
        assert fragment in result.output, f"{fragment!r} not in:\n{result.output}"
    return result.output


# -- text that cannot go into a .docx -------------------------------------------------------------


@pytest.mark.parametrize(("escape", "name"), [
    ("\\x01", "U+0001 START OF HEADING"), ("\\v", "U+000B LINE TABULATION"), ("\\x1f", "U+001F INFORMATION SEPARATOR ONE"),
    ("\\0", "U+0000 NULL"), ("\\x0c", "U+000C FORM FEED"), ("\\r", "U+000D CARRIAGE RETURN"),
    ("\\uFFFE", "U+FFFE noncharacter"), ("\\uFFFF", "U+FFFF noncharacter"),
])
def test_escaped_control_character_is_rejected_with_its_position(runner, mini, tmp_path, escape, name):
    edit(mini / DOC, INTRO, f'  intro: "Các cơ{escape} quan"')
    assert_clean_error(build(runner, mini, tmp_path / "out"), tmp_path / "out",
                       "ke-hoach-mini.yaml:16: implementation.intro: character 7 is " + name, 'after "Các cơ"')


def test_raw_control_character_names_line_and_column(runner, mini, tmp_path):
    edit(mini / DOC, INTRO, "  intro: Các cơ\x01 quan")
    assert_clean_error(build(runner, mini, tmp_path / "out"), tmp_path / "out",
                       "ke-hoach-mini.yaml:16:16: U+0001 START OF HEADING")


@pytest.mark.parametrize("where", ["subject", "title", "recipient", "signature", "agency", "province", "footnote"])
def test_control_character_is_rejected_in_header_tables_and_registries_alike(runner, mini, tmp_path, where):
    doc = mini / DOC
    if where == "subject":
        edit(doc, "subject: Triển khai thực hiện", 'subject: "Triển\\vkhai"\nx_subject: ')
    elif where == "title":
        edit(doc, "      - title: Yêu cầu", '      - title: "Yêu\\vcầu"')
    elif where == "recipient":
        edit(doc, "  - agency: ubnd-cap-xa", '  - text: "Các\\vcơ quan"')
    elif where == "signature":
        edit(doc, "  preset: tm_kt_chu_tich", '  lines: ["CHỦ\\vTỊCH"]')
    elif where == "agency":
        edit(mini / "agencies.yaml", "    name: Sở Nội vụ", '    name: "Sở\\vNội vụ"')
    elif where == "footnote":
        edit(doc, INTRO, '  intro: "Các cơ quan^[ghi\\vchú] thực hiện"')
    else:
        edit(mini / "provinces.yaml", "    place: Tây Ninh", '    place: "Tây\\vNinh"')
    assert_clean_error(build(runner, mini, tmp_path / "out"), tmp_path / "out", "U+000B LINE TABULATION")


def test_expression_producing_a_control_character_is_rejected(runner, mini, tmp_path):
    edit(mini / DOC, INTRO, """  intro: "Các {{ '\\\\x0b' }} quan\"""")
    assert_clean_error(build(runner, mini, tmp_path / "out"), tmp_path / "out",
                       "implementation.intro: an expression produces character 5 is U+000B")


def test_lone_surrogate_is_rejected(runner, mini, tmp_path):
    edit(mini / DOC, INTRO, '  intro: "Các \\uD800 quan"')
    assert_clean_error(build(runner, mini, tmp_path / "out"), tmp_path / "out", "ke-hoach-mini.yaml:16")


def test_lone_surrogate_from_an_expression_is_rejected(runner, mini, tmp_path):
    edit(mini / DOC, INTRO, """  intro: "Các {{ '\\\\ud800' }} quan\"""")
    assert_clean_error(build(runner, mini, tmp_path / "out"), tmp_path / "out", "U+D800 lone surrogate")


def test_tab_newline_nbsp_and_markup_characters_survive(runner, mini, tmp_path):
    import docx

    edit(mini / DOC, INTRO, '  intro: "A\\tB\\nC\\u00a0D <&> \\"q\\" \'s\' E\\u200bF"')
    result = build(runner, mini, tmp_path / "out")
    assert result.exit_code == 0, result.output
    texts = [p.text for p in docx.Document(str(tmp_path / "out" / "tay-ninh" / "ke-hoach-mini.docx")).paragraphs]
    assert "A B C\u00a0D <&> \"q\" 's' E\u200bF" in texts  # tab and newline fold into one space (README, Text)


def test_non_utf8_file_names_line_and_column(runner, mini, tmp_path):
    doc = mini / DOC
    doc.write_bytes(doc.read_bytes().replace("Các cơ quan".encode(), b"C\xe1c c\xf5 quan"))
    assert_clean_error(build(runner, mini, tmp_path / "out"), tmp_path / "out",
                       "ke-hoach-mini.yaml:16:11: not UTF-8 text: byte 0xE1", "save the file as UTF-8")


def test_character_yaml_refuses_names_line_and_column(runner, mini, tmp_path):
    edit(mini / DOC, INTRO, "  intro: Các cơ\x85\x80 quan")
    assert_clean_error(build(runner, mini, tmp_path / "out"), tmp_path / "out",
                       "ke-hoach-mini.yaml:16:17: YAML does not accept the character U+0080")


def test_messages_never_print_control_or_bidi_characters(runner, mini, tmp_path):
    edit(mini / DOC, "      lead: mttq", '      lead: "mt\\u202etq\\x1b[31m"')
    out = assert_clean_error(build(runner, mini, tmp_path / "out"), tmp_path / "out", "<U+202E>")
    assert "\u202e" not in out and "\x1b" not in out


# -- expressions in content -------------------------------------------------------------------------


@pytest.mark.parametrize(("expr", "fragments"), [
    ("1/0", ["the expression {{ 1/0 }} failed: ZeroDivisionError: division by zero"]),
    ("'a' + 1", ["the expression {{ 'a' + 1 }} failed: TypeError"]),
    ("range(10**9)", ["'range' is undefined"]),
    ("'x' * 10**9", ["refused by the sandbox in {{ 'x' * 10**9 }}"]),
    ("10 ** 1001", ["refused by the sandbox", "more than 1000 digits"]),
    ("(10 ** 10) ** 10 == 10 ** 100 and province.__class__", ["refused by the sandbox"]),
    ("'%099999999d' % 1", ["refused by the sandbox", "'%' formatting"]),
    ("'{:>999999999}'.format(1)", ["refused by the sandbox"]),
    ("province.__class__", ["refused by the sandbox"]),
    ("agency()", ["agency() takes one agency key in quotes"]),
    ("agency('cong-an', 'mttq')", ["agency() takes one agency key in quotes"]),
    ("agency(1)", ["agency() takes one agency key in quotes"]),
    ("agency(key='cong-an')", ["agency() takes one agency key in quotes"]),
    ("province", ["the expression {{ province }} prints a group of names, not text", "{{ province.name }}"]),
    ("province.special_zones", ["prints a list, not text"]),
    ("province.has_special_zones", ["prints False, not text"]),
    ("agency", ["prints a function, not text"]),
    ("none", ["prints None"]),
    ("lipsum()", ["'lipsum' is undefined"]),
    ("dict(a=1)", ["'dict' is undefined"]),
    ("cycler(1)", ["'cycler' is undefined"]),
    ("joiner()", ["'joiner' is undefined"]),
    ("namespace()", ["'namespace' is undefined"]),
    ("province|pprint", ["No filter named 'pprint'", "filters: upper, lower,"]),
    ("'a'|decimal", ["decimal needs a number"]),
    ("'2²'|decimal", ["decimal needs a number"]),
    ("1|date_long", ["the expression {{ 1|date_long }} failed: AttributeError"]),
    ("(10**500)**2 * (10**500)**2 * (10**500)**2 * (10**500)**2 * (10**500)**2", ["failed: ValueError"]),
])
def test_failing_expression_is_a_content_error_with_file_and_line(runner, mini, tmp_path, expr, fragments):
    edit(mini / DOC, INTRO, f'  intro: "Các cơ quan {{{{ {expr} }}}}."')
    assert_clean_error(build(runner, mini, tmp_path / "out"), tmp_path / "out",
                       "ke-hoach-mini.yaml:16: implementation.intro: ", *fragments)


def test_recursive_macro_is_a_content_error(runner, mini, tmp_path):
    edit(mini / DOC, INTRO, '  intro: "{% macro f() %}{{ f() }}{% endmacro %}{{ f() }}"')
    assert_clean_error(build(runner, mini, tmp_path / "out"), tmp_path / "out",
                       "implementation.intro: the expression", "calls itself without end")


def test_failing_expression_on_a_later_line_of_a_block_names_that_line(runner, mini, tmp_path):
    edit(mini / DOC, INTRO, "  intro: |-\n    Các cơ quan\n    thực hiện {{ 1/0 }}\n    như sau.")
    assert_clean_error(build(runner, mini, tmp_path / "out"), tmp_path / "out",
                       "ke-hoach-mini.yaml:18: implementation.intro: the expression {{ 1/0 }} failed")


def test_documented_expressions_still_work(runner, mini, tmp_path):
    import docx

    edit(mini / DOC, INTRO, "  intro: \"{{ 'Tỉnh ủy' if province.unit == 'tỉnh' else 'Thành ủy' }}, {{ province.name|upper }}, "
                            "{{ 1217|decimal }}, {{ province.merged_from|join(', ') }}, {{ 2 * 3 }}\"")
    result = build(runner, mini, tmp_path / "out")
    assert result.exit_code == 0, result.output
    texts = [p.text for p in docx.Document(str(tmp_path / "out" / "tay-ninh" / "ke-hoach-mini.docx")).paragraphs]
    assert "Tỉnh ủy, TÂY NINH, 1.217, Tây Ninh, Long An, 6" in texts


def test_bases_printed_while_empty_says_what_to_do(runner, mini, tmp_path):
    edit(mini / DOC, "bases: [ct-06-2025-bca]", "bases: []")
    assert_clean_error(build(runner, mini, tmp_path / "out"), tmp_path / "out",
                       "ke-hoach-mini.yaml:5: preamble:", "'bases' is empty")


# -- numbers, years, keys -------------------------------------------------------------------------


@pytest.mark.parametrize("number", ["0²", "⁷", "٣", "07a"])
def test_document_number_must_be_ascii_digits(runner, mini, tmp_path, number):
    edit(mini / DOC, "year: 2026", f"year: 2026\nnumber: '{number}'")
    assert_clean_error(build(runner, mini, tmp_path / "out"), tmp_path / "out",
                       "ke-hoach-mini.yaml:3: number: number must be the digits 0-9 only")


def test_number_formatter_refuses_superscript_digits():
    assert vi.number_str("7") == "07"
    for bad in ("²", "0²", "٣"):
        with pytest.raises(ValueError, match="digits 0-9"):
            vi.number_str(bad)
    assert vi.decimal("31057") == "31.057"
    with pytest.raises(ValueError, match="decimal needs a number"):
        vi.decimal("2²")


@pytest.mark.parametrize(("text", "fragment"), [
    ("year: 0", "year: Input should be greater than or equal to 1945"),
    ("year: 99999", "year: Input should be less than or equal to 2100"),
    ("year: 2026\ndate: 0001-01-01", "date: the year of a new document must be between 1945 and 2100"),
    ("year: '2²'", "year: Input should be a valid integer"),
])
def test_year_out_of_range_is_rejected(runner, mini, tmp_path, text, fragment):
    edit(mini / DOC, "year: 2026", text)
    assert_clean_error(build(runner, mini, tmp_path / "out"), tmp_path / "out", fragment)


def test_number_where_a_key_is_expected(runner, mini, tmp_path):
    edit(mini / DOC, "  - agency: cong-an", "  - agency: 12")
    assert_clean_error(build(runner, mini, tmp_path / "out"), tmp_path / "out", "recipients[1].agency: unknown agency '12'")


def test_did_you_mean_accepts_non_text():
    from vbgen.errors import closest, did_you_mean

    assert did_you_mean(12, ["13", "a"]) == ""
    assert closest(1, ["1a", "b"], "closest") == "; closest: 1a"


def test_long_value_is_cut_with_its_length(runner, mini, tmp_path):
    edit(mini / DOC, "      lead: mttq", "      lead: " + "m" * 20000)
    out = assert_clean_error(build(runner, mini, tmp_path / "out"), tmp_path / "out",
                             "implementation.tasks[2].lead: unknown agency 'mmmm", "… (20000 characters)")
    assert len(out) < 1000


def test_long_number_and_long_key_are_cut(runner, mini, tmp_path):
    edit(mini / DOC, "year: 2026", f"year: {'9' * 20000}\n{'k' * 1000}: 1")
    out = assert_clean_error(build(runner, mini, tmp_path / "out"), tmp_path / "out", "… (20002 characters)", "… (1000 characters)")
    assert len(out) < 1500


# -- structure ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("blank", ["' '", '"\\u00a0"', '"\\u200b\\u200d"', '"\\t\\u2060"', "''", '"{{ \'\' }}"'])
def test_item_without_visible_text_is_an_error_not_a_bare_letter(runner, mini, tmp_path, blank):
    edit(mini / DOC, ITEM, f"          - text: {blank}")
    assert_clean_error(build(runner, mini, tmp_path / "out"), tmp_path / "out",
                       "ke-hoach-mini.yaml:12: sections[0].items[0].items[1]: this item has neither 'title' nor 'text'",
                       "remove the item")


def test_item_with_only_sub_items_needs_a_title(runner, mini, tmp_path):
    edit(mini / DOC, "      - title: Yêu cầu\n        text: Bảo đảm", "      - items: [{text: x}]\n        x_text: Bảo đảm")
    assert_clean_error(build(runner, mini, tmp_path / "out"), tmp_path / "out", "x_text")  # schema first
    edit(mini / DOC, "        x_text: Bảo đảm [[tt-124-2021-bca]] được thực hiện nghiêm.\n", "")
    assert_clean_error(build(runner, mini, tmp_path / "out"), tmp_path / "out",
                       "sections[0].items[1]: sub-items need a 'title' above them", "move its sub-items up a level")


def test_blank_paragraph_in_a_list_and_blank_title(runner, mini, tmp_path):
    edit(mini / DOC, "        text: Bảo đảm [[tt-124-2021-bca]] được thực hiện nghiêm.",
         "        text: ['Bảo đảm.', ' ']")
    edit(mini / DOC, "  - title: Mục đích, yêu cầu", "  - title: \"\\u00a0\"")
    assert_clean_error(build(runner, mini, tmp_path / "out"), tmp_path / "out",
                       "sections[0].title: empty title", "sections[0].items[1].text[1]: empty paragraph")


def test_nesting_deeper_than_the_numbering(runner, mini, tmp_path):
    edit(mini / DOC, ITEM, ITEM + "\n            items:\n              - text: b\n                items:\n                  - text: c")
    assert_clean_error(build(runner, mini, tmp_path / "out"), tmp_path / "out",
                       "ke-hoach-mini.yaml:16: sections[0].items[0].items[1].items[0].items[0]: nested 5 levels deep, "
                       "but a Kế hoạch numbers 4 levels (I. 1. a) -); move these items up a level")


def test_chi_thi_numbers_three_levels(runner, mini, tmp_path):
    edit(mini / DOC, "kind: ke_hoach", "kind: chi_thi")
    edit(mini / DOC, ITEM, ITEM + "\n            items:\n              - text: b")
    assert_clean_error(build(runner, mini, tmp_path / "out"), tmp_path / "out",
                       "sections[0].items[0].items[1].items[0]: nested 4 levels deep, but a Chỉ thị numbers 3 levels (1. a) -)")


@pytest.mark.parametrize(("old", "new", "fragment"), [
    ('preamble: "Thực hiện {{ bases }}, {{ province.committee }} ban hành Kế hoạch thực hiện như sau:"', 'preamble: "\\u00a0"',
     "ke-hoach-mini.yaml:5: preamble: empty paragraph"),
    ("  preset: tm_kt_chu_tich", "  lines: []", "signature.lines: no signature lines"),
    ("  preset: tm_kt_chu_tich", "  lines: ['CHỦ TỊCH', ' ']", "signature.lines[1]: empty signature line"),
    ("subject: Triển khai thực hiện", "subject: ' '\nx: ", "subject: the trích yếu is empty"),
    ("      text: vận động Nhân dân tham gia phong trào.", '      text: "\\u200b"', "implementation.tasks[2].text: the task has no text"),
    ("  - agency: ubnd-cap-xa", "  - text: ' '", "recipients[2].text: empty recipient"),
])
def test_empty_required_parts(runner, mini, tmp_path, old, new, fragment):
    if new.startswith("subject: ' '"):
        text = (mini / DOC).read_text(encoding="utf-8")
        start = text.index("subject:")
        end = text.index("\n", start)
        (mini / DOC).write_text(text[:start] + "subject: ' '" + text[end:], encoding="utf-8")
    else:
        edit(mini / DOC, old, new)
    assert_clean_error(build(runner, mini, tmp_path / "out"), tmp_path / "out", fragment)


def test_empty_implementation(runner, mini, tmp_path):
    text = (mini / DOC).read_text(encoding="utf-8")
    start, end = text.index("implementation:"), text.index("recipients:")
    (mini / DOC).write_text(text[:start] + "implementation: {}\n" + text[end:], encoding="utf-8")
    assert_clean_error(build(runner, mini, tmp_path / "out"), tmp_path / "out",
                       "implementation: 'implementation' has no tasks, intro or closing")


def test_blank_agency_name(runner, mini, tmp_path):
    edit(mini / "agencies.yaml", "    name: Sở Nội vụ", "    name: ' '")
    assert_clean_error(build(runner, mini, tmp_path / "out"), tmp_path / "out",
                       "agencies.yaml:5: agencies.so-noi-vu.name: the agency's name is empty")


# -- the CLI's last line of defence -----------------------------------------------------------------


def test_a_bug_prints_internal_error_and_a_report_path_not_a_traceback(runner, mini, tmp_path, monkeypatch):
    from vbgen.batch import build as build_mod

    def broken(*args, **kwargs):
        raise RuntimeError("simulated bug")

    monkeypatch.setattr(build_mod, "build", broken)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    result = build(runner, mini, tmp_path / "out")
    assert result.exit_code == 70, result.output
    assert "Traceback" not in result.output
    (line,) = result.output.strip().splitlines()
    assert line.startswith("Error: internal error (RuntimeError) — a bug in vbgen, not in your content; report: ")
    (report,) = (tmp_path / "cache" / "vbgen").glob("crash-*.txt")
    assert str(report) in line
    text = report.read_text(encoding="utf-8")
    assert text.startswith("command: vbgen build ") and "RuntimeError: simulated bug" in text and "Traceback" in text
    assert not (tmp_path / "out").exists()


def test_content_errors_never_reach_the_last_line_of_defence(runner, mini, tmp_path, monkeypatch):
    """Every regression input above ends in a content error; this one checks the guard itself
    lets content errors, usage errors and --help through unchanged."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    edit(mini / DOC, INTRO, "  intro: x {{ 1/0 }}")
    assert_clean_error(build(runner, mini, tmp_path / "out"), tmp_path / "out", "ZeroDivisionError")
    assert runner.invoke(main, ["build", "--no-such-option"]).exit_code == 2
    assert runner.invoke(main, ["--help"]).exit_code == 0
    assert not (tmp_path / "cache").exists()


def test_province_place_is_one_line_nfc_and_not_blank(runner, mini, tmp_path):
    import unicodedata

    import docx

    edit(mini / "provinces.yaml", "    place: Tây Ninh", f'    place: "{unicodedata.normalize("NFD", "Tây")}\\n  Ninh"')
    result = build(runner, mini, tmp_path / "out")
    assert result.exit_code == 0, result.output
    d = docx.Document(str(tmp_path / "out" / "tay-ninh" / "ke-hoach-mini.docx"))
    cells = [p.text for t in d.tables for row in t.rows for c in row.cells for p in c.paragraphs]
    assert any(text.startswith("Tây Ninh, ngày") for text in cells), cells
    edit(mini / "provinces.yaml", f'    place: "{unicodedata.normalize("NFD", "Tây")}\\n  Ninh"', "    place: ' '")
    assert_clean_error(build(runner, mini, tmp_path / "out2"), tmp_path / "out2",
                       "provinces.yaml:8: provinces[0].place: the province's place is empty")


def test_long_unknown_citation_key_message_stays_short(runner, mini, tmp_path):
    edit(mini / DOC, INTRO, f"  intro: Theo [[{'k' * 20000}]].")
    out = assert_clean_error(build(runner, mini, tmp_path / "out"), tmp_path / "out",
                             "implementation.intro: unknown citation 'kkkk", "characters)")
    assert len(out) < 1000
