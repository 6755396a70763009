"""vbgen import reads what vbgen check reads: the checker's typed corpus (tests/typed_corpus.py —
Tab and space indents, Word numbering and bullets, Nơi nhận and the signature split by a tab
stop, recipients as one paragraph with line breaks, TCVN3) imports with its recipients, signer
and body, and builds back to its text."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
import yaml

from vbgen.importer.run import import_file

from conftest import CONTENT, TEMPLATES
from fidelity import printed_paragraphs, similarity
from typed_corpus import CORPUS, load_text

PROVINCE = {"kh-tay-ninh": "tay-ninh", "ct-phu-tho": "phu-tho", "ct-bca": "tay-ninh"}


@pytest.fixture(scope="module")
def content(tmp_path_factory) -> Path:
    dest = tmp_path_factory.mktemp("content") / "content"
    shutil.copytree(CONTENT, dest)
    return dest


def _slug(name: str) -> str:
    return next(v for k, v in PROVINCE.items() if name.startswith(k))


@pytest.mark.parametrize("name", sorted(CORPUS))
def test_the_typed_corpus_imports_as_check_reads_it(typed_corpus, content, tmp_path, name):
    from vbgen.batch.build import build

    stem, habits = CORPUS[name]
    text = load_text(stem)
    r = import_file(typed_corpus[name], content, _slug(name), tmp_path / f"{name}.yaml")
    data = yaml.safe_load(r.yaml)
    # the logical document of vbgen.read is what was recognised
    assert r.source.logical is not None and len(r.source.lines) == len(r.source.logical.paras)
    # every recipient, whether typed "- ", a Word bullet, a line of one paragraph or the left
    # column of a tab-stop block
    got = [x.get("text", x.get("agency")) + (f" ({x['purpose']})" if x.get("purpose") else "") for x in data["recipients"]]
    want = [re.sub(r"^[-•]\s*", "", x).rstrip(" ;.") for x in text.recipients if not x.startswith("- Lưu")]
    assert len(got) == len(want)
    assert [g for g, w in zip(got, want) if g != w] == [g for g in got if g.split(" (")[0] in r.agencies.values()]
    assert data["signature"]["lines" if "lines" in data["signature"] else "preset"]
    if text.name:
        assert data["signature"]["name"] == text.name
    assert data["subject"].split("\n") == text.title
    if habits.tcvn3:
        assert "typed in TCVN3 (.VnTime)" in r.review
    built = build([r.yaml_path], [_slug(name)], tmp_path / "out", content, TEMPLATES)[0].path
    a, b = printed_paragraphs(typed_corpus[name]), printed_paragraphs(built)
    # the tab-stop closing prints its two columns on shared lines: compare the body
    end = next(i for i, p in enumerate(a) if p.startswith("Nơi nhận"))
    end_b = next(i for i, p in enumerate(b) if p.startswith("Nơi nhận"))
    assert similarity(a[:end], b[:end_b]) >= 0.98


def _note_paragraph(path: Path) -> str:
    """The text of the body paragraph that holds the footnote mark."""
    from vbgen.read.document import read_document

    return next(p.text for p in read_document(path).logical.paras if p.notes)


def test_a_footnote_comes_in_as_a_footnote_with_its_citations(typed_corpus, content, tmp_path):
    from vbgen.batch.build import build
    from vbgen.ooxml.parts import read_footnotes

    source = typed_corpus["kh-tay-ninh-tab"]
    r = import_file(source, content, "tay-ninh", tmp_path / "kh.yaml")
    assert r.yaml.count("^[") == 1
    note = r.yaml[r.yaml.index("^["):]
    assert "[[nq-28-2013-tw|như in: Nghị quyết số 28-NQ/TW" in note  # the note's citations are references
    assert "1 footnote(s) imported" in r.review and "footnote outside the body" not in r.review
    built = build([r.yaml_path], ["tay-ninh"], tmp_path / "out", content, TEMPLATES)[0].path
    [before], [after] = read_footnotes(source), read_footnotes(built)
    assert after.text == before.text
    assert _note_paragraph(built) == _note_paragraph(source)  # the mark stands in the same paragraph


def test_a_footnote_outside_the_body_is_listed_in_full(typed_corpus, content, tmp_path):
    import docx
    from docx.oxml.ns import qn

    d = docx.Document(typed_corpus["kh-tay-ninh-tab"])
    mark = next(r for r in d.element.body.iter(qn("w:r")) if r.find(qn("w:footnoteReference")) is not None)
    subject = next(p for p in d.paragraphs if p.text.startswith("Tiếp tục đẩy mạnh thực hiện Chỉ thị"))
    subject._p.append(mark)  # the mark moves to the trích yếu, where the content model has no footnote
    d.save(tmp_path / "moved.docx")
    r = import_file(tmp_path / "moved.docx", content, "tay-ninh", tmp_path / "moved.yaml")
    assert "^[" not in r.yaml
    line = next(x for x in r.review.splitlines() if "footnote outside the body" in x)
    assert line.endswith("Công văn số 2825/UBND-NC ngày 30/10/2014 của Ủy ban nhân dân tỉnh về thực hiện Chỉ thị số 07 của Bộ Công an.\"")


def _table(path: Path):
    """(grid in mm, header rows, [(row, col, span, merge, text)]) of the first bordered table."""
    from vbgen.read.document import read_document

    lg = read_document(path).logical
    t = next(t for t in lg.tables if t.visible_borders and len(t.cells) > 4)
    cells = [(r, c, span, merge, " ".join(lg.paras[i].text for i in ids).strip())
             for (r, c, ids), (span, merge) in zip(t.cells, t.shapes)]
    return [round(w * 25.4 / 1440) for w in t.grid], t.header_rows, cells


def test_a_body_table_comes_in_as_a_table_and_builds_back(typed_corpus, content, tmp_path):
    from vbgen.batch.build import build

    from ooxml_valid import assert_valid_docx

    source = typed_corpus["kh-tay-ninh-bang"]
    r = import_file(source, content, "tay-ninh", tmp_path / "bang.yaml")
    data = yaml.safe_load(r.yaml)
    [node] = [n for n in data["sections"][0]["items"] if "table" in n]
    assert node["text"].startswith("Phấn đấu hàng năm")  # the table follows the item it was typed under
    table = node["table"]
    assert table["widths"] == [1.2, 11.3, 4] and table["header"] == [["TT", "Tiêu chí đánh giá", "Điểm tối đa"]]
    assert table["rows"][1][0] == {"text": "2", "rows": 2} and len(table["rows"][2]) == 2
    assert table["rows"][4][0] == {"text": "Tổng cộng", "span": 2, "bold": True, "align": "center"}
    assert "[[ct-07-2014-bca|như in: Chỉ thị số 07/CT-BCA-V28" in table["rows"][0][1]
    assert "NOT IMPORTED: a table" not in r.review
    built = build([r.yaml_path], ["tay-ninh"], tmp_path / "out", content, TEMPLATES)[0].path
    assert_valid_docx(built)
    grid, header_rows, cells = _table(built)
    grid0, header_rows0, cells0 = _table(source)
    assert (grid, header_rows) == (grid0, header_rows0) == ([12, 113, 40], 1)
    assert cells == cells0  # the same text in the same cells, merged the same way
    a, b = printed_paragraphs(source), printed_paragraphs(built)
    assert similarity(a, b) >= 0.98


def test_an_appendix_with_a_table_comes_in_as_free_content(typed_corpus, content, tmp_path):
    from vbgen.batch.build import build

    from ooxml_valid import assert_valid_docx

    source = typed_corpus["kh-tay-ninh-phu-luc"]
    r = import_file(source, content, "tay-ninh", tmp_path / "pl.yaml")
    [appendix] = yaml.safe_load(r.yaml)["appendices"]
    assert appendix["title"] == "TIÊU CHÍ ĐÁNH GIÁ PHONG TRÀO TOÀN DÂN BẢO VỆ AN NINH TỔ QUỐC"
    assert "table" not in appendix and [list(n) for n in appendix["content"]] == [["table"]]
    assert "imported as free content" in r.review and "an appendix: not imported" not in r.review
    built = build([r.yaml_path], ["tay-ninh"], tmp_path / "out", content, TEMPLATES)[0].path
    assert_valid_docx(built)
    assert _table(built) == _table(source)
    printed = printed_paragraphs(built)
    assert "Phụ lục" in printed and "TIÊU CHÍ ĐÁNH GIÁ PHONG TRÀO TOÀN DÂN BẢO VỆ AN NINH TỔ QUỐC" in printed


def test_a_malformed_table_imports_to_a_table_that_builds(content, tmp_path):
    """gridSpan 0 or negative, a vMerge "continue" with nothing above, a table without a grid:
    what Word would lay out comes in, and the document builds."""
    import docx
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls, qn

    from vbgen.batch.build import build

    from typed_corpus import write_docx

    source = write_docx("kh-tay-ninh-bang", tmp_path)
    d = docx.Document(source)
    table = next(t for t in d.tables if len(t.rows) == 6)
    first = table.rows[1].cells[0]._tc.get_or_add_tcPr()
    first.append(parse_xml(f'<w:vMerge {nsdecls("w")} w:val="continue"/>'))  # nothing above to continue
    table.rows[4].cells[1]._tc.get_or_add_tcPr().append(parse_xml(f'<w:gridSpan {nsdecls("w")} w:val="-5"/>'))
    grid = table._tbl.find(qn("w:tblGrid"))
    for col in grid:
        col.set(qn("w:w"), "0")
    d.save(tmp_path / "bad.docx")
    r = import_file(tmp_path / "bad.docx", content, "tay-ninh", tmp_path / "bad.yaml")
    [node] = [n for n in yaml.safe_load(r.yaml)["sections"][0]["items"] if "table" in n]
    assert "widths" not in node["table"] and node["table"]["rows"][0][0] == "1"
    build([r.yaml_path], ["tay-ninh"], tmp_path / "out", content, TEMPLATES)
