"""The marked copy of an uploaded document (vbgen.ooxml.highlight): the paragraphs named, and
only those, get the shading, the left bar and the label; the copy stays valid OOXML."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
from lxml import etree

from tests.ooxml_valid import assert_valid_docx, docx_errors
from tests.typed_corpus import write_docx
from vbgen.ooxml.fastread import open_document
from vbgen.ooxml.highlight import Highlight, highlight_paragraphs
from vbgen.ooxml.walker import read_body

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def test_marks_the_walkers_paragraphs_and_stays_valid(tmp_path: Path) -> None:
    # a file with a header table and a tab-stop closing: table paragraphs are counted as the checker counts them
    data = write_docx("ct-bca-tabstop", tmp_path).read_bytes()
    before = read_body(open_document(data)).paragraphs
    cells = [p.index for p in before if p.cell is not None]
    chosen = {cells[0]: Highlight("1"), 20: Highlight("Trích yếu", fill="E3EEFB", color="1F5FAD")}
    marked = highlight_paragraphs(data, chosen)
    assert_valid_docx(marked)
    after = read_body(open_document(marked)).paragraphs
    assert len(after) == len(before)
    for b, a in zip(before, after):
        if b.index in chosen:
            label = chosen[b.index].label
            assert a.text.startswith(f"\u00a0{label}\u00a0 ") and a.text.endswith(b.text), (a.text[:40], b.text[:40])
        else:
            assert a.text == b.text
    root = etree.fromstring(zipfile.ZipFile(io.BytesIO(marked)).read("word/document.xml"))
    shaded = [p for p in root.iter(f"{W}p") if p.find(f"{W}pPr/{W}shd") is not None]
    assert len(shaded) == 2
    fills = sorted(p.find(f"{W}pPr/{W}shd").get(f"{W}fill") for p in shaded)
    assert fills == ["E3EEFB", "FFF2CC"]
    assert all(p.find(f"{W}pPr/{W}pBdr/{W}left") is not None for p in shaded)
    # every other part is copied byte for byte
    src, out = zipfile.ZipFile(io.BytesIO(data)), zipfile.ZipFile(io.BytesIO(marked))
    assert src.namelist() == out.namelist()
    assert all(src.read(n) == out.read(n) for n in src.namelist() if n != "word/document.xml")


def test_a_bottom_rule_is_kept_when_a_bar_is_added(tmp_path: Path) -> None:
    from docx import Document
    from docx.oxml import parse_xml

    doc = Document()
    rule = doc.add_paragraph("")
    rule._p.get_or_add_pPr().append(parse_xml(
        '<w:pBdr xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
        '<w:bottom w:val="single" w:sz="6" w:space="1" w:color="auto"/></w:pBdr>'))
    doc.add_paragraph("Độc lập - Tự do - Hạnh phúc")
    doc.save(tmp_path / "rule.docx")
    marked = highlight_paragraphs((tmp_path / "rule.docx").read_bytes(), {0: Highlight("2")})
    from vbgen.ooxml.highlight import body_paragraphs

    p = next(body_paragraphs(etree.fromstring(zipfile.ZipFile(io.BytesIO(marked)).read("word/document.xml")).find(f"{W}body")))
    assert p.find(f"{W}pPr/{W}pBdr/{W}bottom") is not None and p.find(f"{W}pPr/{W}pBdr/{W}left") is not None
    # python-docx's own template has two findings of its own; the marks add none
    assert docx_errors(marked) == docx_errors((tmp_path / "rule.docx").read_bytes())


def test_not_a_word_file_is_a_value_error() -> None:
    with pytest.raises(ValueError):
        highlight_paragraphs(b"PK\x03\x04 not really", {0: Highlight("1")})
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("mimetype", "application/vnd.oasis.opendocument.text")
    with pytest.raises(ValueError):
        highlight_paragraphs(buf.getvalue(), {})


def test_external_links_point_nowhere_but_hyperlinks_stay(tmp_path: Path) -> None:
    from tests.web.test_upload import _linked_picture_docx
    from vbgen.ooxml.highlight import without_external_links

    data = _linked_picture_docx("http://10.0.0.1/secret.png")
    clean = without_external_links(data)
    z = zipfile.ZipFile(io.BytesIO(clean))
    rels = z.read("word/_rels/document.xml.rels").decode()
    body = z.read("word/document.xml").decode()
    assert "10.0.0.1" not in rels and "10.0.0.1" not in body and "INCLUDEPICTURE" not in body
    assert "https://example.org/" in rels
    assert without_external_links(write_docx("kh-tay-ninh-tab", tmp_path).read_bytes()) is not None
    typed = (tmp_path / "kh-tay-ninh-tab.docx").read_bytes()
    assert without_external_links(typed) == typed  # nothing to change: the same bytes
