"""vbgen.read: a Word file read as it prints (labels, indents, two columns, encodings, pages)."""

from __future__ import annotations

import io

import docx
from docx.shared import Cm, Pt

from rendered import require
from vbgen.read.document import read_document
from vbgen.read.logical import next_tab_stop


def _texts(doc):
    return [p.full_text for p in doc.logical.paras]


def test_word_list_labels_become_the_printed_text_with_restarts(typed_corpus):
    doc = read_document(typed_corpus["kh-tay-ninh-auto"])
    texts = _texts(doc)
    numbered = [t.split(" ", 1)[0] for t in texts if t[:1].isdigit()]
    # "1. 2. 3." under I., "1. … 6." under II., "1. 2." under III.: the list restarts
    assert numbered == ["1.", "2.", "3.", "1.", "2.", "3.", "4.", "5.", "6.", "1.", "2."]
    assert sum(t.startswith("- ") for t in texts) >= 20  # the "-" bullets
    assert all(p.label == "" for p in doc.logical.paras)
    assert doc.logical.habits.get("word_list")


def test_leading_tab_prints_at_the_next_tab_stop(typed_corpus):
    doc = read_document(typed_corpus["kh-tay-ninh-tab"])
    body = [p for p in doc.logical.paras if p.full_text.startswith("Thực hiện Kế hoạch")][0]
    assert body.fmt.first_line == 720 and not body.text.startswith("\t")
    assert next_tab_stop(0, ()) == 720 and next_tab_stop(720, ()) == 1440
    assert next_tab_stop(100, ((567, "left"),)) == 567


def test_the_default_tab_stop_comes_from_the_settings(typed_corpus):
    from vbgen.ooxml.parts import default_tab_stop

    assert default_tab_stop(typed_corpus["kh-tay-ninh-tab-1cm"]) == 567
    assert default_tab_stop(typed_corpus["kh-tay-ninh-tab"]) == 720
    doc = read_document(typed_corpus["kh-tay-ninh-tab-1cm"])
    body = [p for p in doc.logical.paras if p.full_text.startswith("Thực hiện Kế hoạch")][0]
    assert body.fmt.first_line == 567  # one Tab at a 1 cm default stop prints 1 cm in
    assert next_tab_stop(600, (), 567) == 1134


def test_leading_spaces_print_at_their_width(typed_corpus):
    doc = read_document(typed_corpus["ct-phu-tho-spaces"])
    body = [p for p in doc.logical.paras if p.full_text.startswith("Trong những năm qua")][0]
    assert body.fmt.first_line == round(9 * 14 * 0.25 * 20)  # nine spaces at 14 pt: 1.11 cm
    assert doc.logical.habits["space_indent"]


def test_tab_stop_columns_become_a_two_cell_block(typed_corpus):
    doc = read_document(typed_corpus["kh-tay-ninh-auto"])
    lg = doc.logical
    label = next(p for p in lg.paras if p.text.startswith("Nơi nhận"))
    sign = next(p for p in lg.paras if p.text == "KT. CHỦ TỊCH")
    assert label.cell is not None and sign.cell is not None
    assert (label.cell.table, label.cell.col, sign.cell.col) == (sign.cell.table, 0, 1)
    assert label.text == "Nơi nhận:" and "\t" not in sign.text
    # both come from the same line of the file
    assert lg.source[label.index] == lg.source[sign.index]
    table = lg.tables[label.cell.table]
    assert label.index in table.cell_paras(0, 0) and sign.index in table.cell_paras(0, 1)


def test_a_paragraph_with_line_breaks_keeps_its_lines(typed_corpus):
    doc = read_document(typed_corpus["ct-phu-tho-spaces"])
    [p] = [p for p in doc.logical.paras if p.text.startswith("- Bộ Công an (Cục V28);\n")]
    assert p.text.count("\n") == 13


def test_tcvn3_font_names_the_encoding(typed_corpus):
    lg = read_document(typed_corpus["ct-phu-tho-tcvn3"]).logical
    assert lg.encoding == "TCVN3"
    if lg.encoding_decoded:
        assert any(p.full_text.startswith("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM") for p in lg.paras)


def test_pages_are_counted_by_rendering(typed_corpus):
    require("soffice")
    assert read_document(typed_corpus["kh-tay-ninh-mot-trang"], render=True).logical.pages == 1
    assert read_document(typed_corpus["ct-bca"], render=True).logical.pages >= 4


def test_the_doc_file_reads_as_its_docx(typed_corpus, typed_doc):
    from_doc = read_document(typed_doc).logical
    assert from_doc.source_format == "doc"
    original = [t for t in _texts(read_document(typed_corpus["ct-bca"])) if t.strip()]
    converted = [t for t in (p.full_text for p in from_doc.paras) if t.strip()]
    assert converted[-12:] == original[-12:] or set(original[10:30]) <= set(converted)


def test_plain_docx_unchanged():
    d = docx.Document()
    p = d.add_paragraph("Nội dung")
    p.paragraph_format.first_line_indent = Cm(1)
    p.runs[0].font.size = Pt(14)
    buf = io.BytesIO()
    d.save(buf)
    lg = read_document(buf.getvalue()).logical
    assert [x.text for x in lg.paras] == ["Nội dung"] and lg.habits == {} and lg.source == (0,)


def test_doc_files_and_page_counts_use_the_warm_libreoffice(typed_corpus, typed_doc, tmp_path):
    """.doc → .docx and the page count go through vbgen.pdf's pool: LibreOffice starts once for
    many files (check and import both read through read_document)."""
    require("soffice")
    import shutil

    from vbgen.pdf.pool import shared_office
    from vbgen.read import convert

    office = shared_office()
    office.start(1)  # whatever an earlier test left: one warm LibreOffice
    started = office.started
    jobs = sum(inst.used for inst in office._all)
    copies = []
    for i in range(3):
        copies.append(tmp_path / f"ct-{i}.doc")
        shutil.copy(typed_doc, copies[-1])
    texts = [[p.full_text for p in read_document(c).logical.paras] for c in copies]
    assert texts[0] == texts[1] == texts[2] and len(texts[0]) > 40
    convert._PAGES.clear()
    assert read_document(typed_corpus["kh-tay-ninh-mot-trang"], render=True).logical.pages == 1
    assert office.started == started  # no LibreOffice started for any of them
    assert sum(inst.used for inst in office._all) - jobs == 4  # the three .doc and the page count
    # the cold path (no pool) reads the same document
    cold = convert.to_docx(copies[0], warm=False)
    assert [p.full_text for p in read_document(cold).logical.paras] == texts[0]
