"""The typed corpus is what it claims to be: the reference texts, typed the offices' ways."""

from __future__ import annotations

import re
import zipfile

import pytest
from docx import Document

from ooxml_valid import assert_valid_docx
from typed_corpus import CORPUS, load_text, tcvn3

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _xml(path, part="word/document.xml") -> str:
    with zipfile.ZipFile(path) as z:
        return z.read(part).decode("utf-8")


@pytest.mark.parametrize("name", sorted(CORPUS))
def test_every_file_is_valid_ooxml_and_holds_its_text(typed_corpus, name):
    path = typed_corpus[name]
    assert_valid_docx(path)
    stem, habits = CORPUS[name]
    text = load_text(stem)
    typed = "\n".join(p.text for p in Document(path).paragraphs)
    sample = text.body[(habits.only or slice(None))][-1]
    if habits.tcvn3:
        assert tcvn3(sample[5:60]) in typed
    else:
        # the words are there; a Word list label is not part of the typed text
        assert re.sub(r"^(\d+\.|-)\s+", "", sample)[:60] in typed


def test_word_lists_are_real_numbering_definitions(typed_corpus):
    numbering = _xml(typed_corpus["kh-tay-ninh-auto"], "word/numbering.xml")
    assert '<w:numFmt w:val="decimal"/>' in numbering and '<w:lvlText w:val="%1."/>' in numbering
    assert '<w:numFmt w:val="bullet"/>' in numbering and '<w:lvlText w:val="-"/>' in numbering
    assert "<w:startOverride" in numbering  # the decimal list restarts under each Roman heading
    body = _xml(typed_corpus["kh-tay-ninh-auto"])
    assert body.count("<w:numPr>") >= 20
    # the typed text no longer carries the labels
    texts = [p.text for p in Document(typed_corpus["kh-tay-ninh-auto"]).paragraphs]
    assert not any(re.match(r"^(\d+\.|- )", t) for t in texts if "Nơi nhận" not in t and not t.startswith("- "))


def test_habits_are_typed_as_offices_type_them(typed_corpus):
    tab = [p.text for p in Document(typed_corpus["kh-tay-ninh-tab"]).paragraphs]
    assert sum(t.startswith("\t") for t in tab) >= 20
    spaces = [p.text for p in Document(typed_corpus["ct-phu-tho-spaces"]).paragraphs]
    assert sum(t.startswith(" " * 9) for t in spaces) >= 8
    closing = _xml(typed_corpus["kh-tay-ninh-auto"])
    assert '<w:tab w:val="center" w:pos="6800"/>' in closing
    breaks = _xml(typed_corpus["ct-phu-tho-spaces"])
    assert breaks.count("<w:br/>") >= 13  # recipients as one paragraph with line breaks
    assert "footnoteReference" in _xml(typed_corpus["kh-tay-ninh-tab"])
    assert "footnotes" in _xml(typed_corpus["kh-tay-ninh-tab"], "[Content_Types].xml")
    assert "w:titlePg" in _xml(typed_corpus["ct-bca"])
    assert "w:titlePg" not in _xml(typed_corpus["kh-tay-ninh-mot-trang"])


def test_tcvn3_file_holds_legacy_codes_not_unicode(typed_corpus):
    doc = _xml(typed_corpus["ct-phu-tho-tcvn3"])
    assert ".VnTime" in doc and ".VnTimeH" in doc
    assert "ñy ban nh©n d©n" in doc  # "ủy ban nhân dân" in the capitals font's codes
    assert not re.search("[ạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹđư]", doc)


def test_the_doc_file_is_a_word_97_file(typed_doc):
    assert typed_doc.suffix == ".doc"
    assert typed_doc.read_bytes()[:8] == bytes.fromhex("D0CF11E0A1B11AE1")
