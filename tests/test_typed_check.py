"""`vbgen check` on the typed corpus: what prints right passes, one seeded defect is found.

The corpus (tests/typed_corpus.py) is typed the ways offices type; every file prints as
Decree 30 asks, so the checker must report no error and no warning on any of them (notes on
fragile habits are allowed). Each seeded defect, put into a copy, must be found as an error,
and must be the only error: the test cannot be fooled in either direction.
"""

from __future__ import annotations

import io
import re

import docx
import pytest
from docx.shared import Mm, Pt

from rendered import require
from vbgen.check import check_docx, counted, findings_to_json

try:
    import vbgen.read.legacy  # noqa: F401  (the decoder of the import work)

    HAVE_DECODER = True
except ImportError:
    HAVE_DECODER = False

CLEAN = [
    "kh-tay-ninh-tab", "kh-tay-ninh-auto", "kh-tay-ninh-mot-trang", "ct-phu-tho-spaces",
    "ct-phu-tho-bullets", "ct-bca", "ct-bca-13", "ct-bca-tabstop",
    "kh-tay-ninh-tab-1cm", "kh-tay-ninh-bang",  # a non-default tab stop; a body table typed in Word
]
# kh-tay-ninh-phu-luc is not clean on purpose: its appendix is typed after a page break in the same
# section, so its pages go on from the body's; the decree numbers each appendix from 1 (an error).


@pytest.mark.parametrize("name", CLEAN)
def test_typed_file_that_prints_right_has_no_error_and_no_warning(typed_corpus, name):
    require("soffice")  # the one-page file needs its page count
    findings = check_docx(typed_corpus[name], max_per_rule=0)
    assert counted(findings) == [], findings_to_json(counted(findings))


def test_typed_appendix_without_its_own_section_is_the_one_error(typed_corpus):
    """Typed after a page break in the body's section, the appendix's pages go on from the body's:
    the decree numbers each appendix from page 1, so this is an error, and the only one."""
    findings = counted(check_docx(typed_corpus["kh-tay-ninh-phu-luc"], max_per_rule=0))
    assert [(f.rule, f.severity, f.text) for f in findings] == [("appendix.page_numbers", "error", "PHỤ LỤC")]


def test_habits_are_notes_grouped_by_cause(typed_corpus):
    findings = check_docx(typed_corpus["kh-tay-ninh-tab"], max_per_rule=0)
    notes = [f for f in findings if f.rule == "typing.habit"]
    assert len(notes) >= 25 and {f.severity for f in notes} == {"note"}
    assert {f.message for f in notes} == {"paragraph indented with the Tab key: prints at the tab stop, 1,27 cm"}
    from vbgen.check.report import grouped_lines

    [line] = grouped_lines(notes)
    assert line.startswith(f"{len(notes)} × [typing.habit] note:")


def test_the_doc_file_is_converted_and_checked(typed_doc):
    findings = check_docx(typed_doc, max_per_rule=0)
    assert counted(findings) == [], findings_to_json(counted(findings))
    assert any(f.rule == "typing.habit" for f in findings) or findings == []


def test_tcvn3_file_gets_one_error_naming_the_encoding_and_the_command(typed_corpus):
    findings = check_docx(typed_corpus["ct-phu-tho-tcvn3"], max_per_rule=0)
    [enc] = [f for f in findings if f.rule == "text.encoding"]
    assert enc.severity == "error" and "TCVN3" in enc.message and "vbgen import" in enc.message
    assert not [f for f in findings if f.rule == "font.family"]
    if HAVE_DECODER:  # checked on its decoded text: nothing else is wrong with it
        assert counted(findings) == [enc], findings_to_json(counted(findings))


# --------------------------------------------------------------------------------------
# seeded defects


def _para(doc, start: str):
    for p in doc.paragraphs:
        if p.text.lstrip().startswith(start):
            return p
    for t in doc.tables:
        for row in t.rows:
            for cell in row.cells:
                for p in cell.paragraphs:
                    if p.text.lstrip().startswith(start) or start in p.text:
                        return p
    raise AssertionError(start)


def _retype(p, old: str, new: str) -> None:
    for r in p.runs:
        if old in r.text:
            r.text = r.text.replace(old, new)
            return
    raise AssertionError(old)


def _margins(d):
    d.sections[0].left_margin = Mm(25)


def _letter(d):
    d.sections[0].page_width, d.sections[0].page_height = Mm(215.9), Mm(279.4)


def _arial(d):
    for r in _para(d, "Tuy nhiên").runs:
        r.font.name = "Arial"


def _size12(d):
    for r in _para(d, "Tuy nhiên").runs:
        r.font.size = Pt(12)


def _label_upright(d):
    for r in _para(d, "Nơi nhận").runs:
        if "Nơi nhận" in r.text:
            r.italic = False


def _number(d):
    _retype(_para(d, "Số:"), "06/", "6/")


def _numeric_date(d):
    _retype(_para(d, "Hà Nội"), "ngày 07 tháng 5 năm 2025", "ngày 07/5/2025")


def _lower_quoc_hieu(d):
    _retype(_para(d, "CỘNG HÒA"), "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Cộng hòa xã hội chủ nghĩa Việt Nam")


def _no_semicolon(d):
    _retype(_para(d, "- Thủ tướng"), "(để báo cáo);", "(để báo cáo)")


def _no_semicolon_bullet(d):
    _retype(_para(d, "Bộ Công an (Cục V28)"), "(Cục V28);", "(Cục V28)")


def _skipped(d):
    _retype(_para(d, "3. Nâng cao hiệu quả công tác xây dựng"), "3. ", "4. ")


def _short_rule(d):
    [p] = [p for p in d.tables[0].cell(0, 1).paragraphs if p.text.startswith("_" * 20)]
    p.runs[0].text = "_" * 10  # under the Tiêu ngữ


def _no_page_numbers(d):
    s = d.sections[0]
    for p in s.header.paragraphs:
        p._p.getparent().remove(p._p)
    s.header.add_paragraph("")


SEEDED = [
    # (defect, corpus file, mutation, rule expected as an error)
    ("margins", "kh-tay-ninh-tab", _margins, "page.margins"),
    ("paper-size", "ct-phu-tho-bullets", _letter, "page.size"),
    ("font", "ct-phu-tho-spaces", _arial, "font.family"),
    ("size", "ct-phu-tho-spaces", _size12, "body.size"),
    ("nơi-nhận-label", "ct-bca-tabstop", _label_upright, "recipients.label"),
    ("number-without-zero", "ct-bca", _number, "header.so"),
    ("numeric-date", "ct-bca", _numeric_date, "date.format"),
    ("lower-case-quốc-hiệu", "kh-tay-ninh-auto", _lower_quoc_hieu, "header.quoc_hieu"),
    ("recipient-without-semicolon", "ct-bca-13", _no_semicolon, "recipients.items"),
    ("bulleted-recipient-without-semicolon", "ct-phu-tho-bullets", _no_semicolon_bullet, "recipients.items"),
    ("skipped-number", "ct-bca-13", _skipped, "numbering.arabic"),
    ("short-underscore-rule", "kh-tay-ninh-tab", _short_rule, "header.tieu_ngu_line"),
    ("no-page-numbers-on-many-pages", "ct-bca", _no_page_numbers, "page.number"),
]


@pytest.mark.parametrize(("defect", "name", "mutate", "rule_id"), SEEDED, ids=[s[0] for s in SEEDED])
def test_seeded_defect_is_found_and_is_the_only_error(typed_corpus, defect, name, mutate, rule_id):
    require("soffice")
    d = docx.Document(str(typed_corpus[name]))
    mutate(d)
    buf = io.BytesIO()
    d.save(buf)
    findings = counted(check_docx(buf.getvalue(), max_per_rule=0))
    assert {f.rule for f in findings} == {rule_id}, findings_to_json(findings)
    assert all(f.severity == "error" and f.fix for f in findings)
    if rule_id == "page.number":
        assert re.match(r"\d+ pages: ", findings[0].message)
