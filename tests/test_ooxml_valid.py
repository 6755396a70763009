"""Every .docx vbgen writes validates against the OOXML schema with zero errors (issue 9.1)."""

from __future__ import annotations

import io
import zipfile

import docx
import pytest
from docx.oxml import OxmlElement
from docx.oxml.ns import qn

from conftest import CONTENT, TEMPLATES
from ooxml_valid import assert_valid_docx, docx_errors
from vbgen.batch.build import Workspace, render_one
from vbgen.ooxml import write as ox

PROVINCES = ["tay-ninh", "ho-chi-minh", "ha-noi", "quang-ninh", "hue"]


@pytest.mark.parametrize("name", ["ke-hoach.docx", "chi-thi.docx"])
def test_shipped_templates_are_valid(name):
    path = TEMPLATES / name
    assert_valid_docx(path)
    with zipfile.ZipFile(path) as z:
        assert "word/stylesWithEffects.xml" not in z.namelist()
        assert b"stylesWithEffects" not in z.read("[Content_Types].xml")
        assert b"stylesWithEffects" not in z.read("word/_rels/document.xml.rels")


def test_rebuilt_templates_are_valid(tmp_path):
    from vbgen.docx.templates import build_templates

    for path in build_templates(tmp_path):
        assert_valid_docx(path)
        styles = docx.Document(str(path)).styles.element
        for rpr in styles.iter(qn("w:rPr")):
            names = [child.tag.rsplit("}", 1)[1] for child in rpr]
            if "rFonts" in names and "sz" in names:
                assert names.index("rFonts") < names.index("sz"), names


@pytest.fixture(scope="module")
def workspace() -> Workspace:
    return Workspace.open(CONTENT, TEMPLATES)


@pytest.mark.parametrize("slug", PROVINCES)
def test_shipped_documents_are_valid(workspace, slug, tmp_path):
    docs = workspace.load_documents(sorted((CONTENT / "documents").glob("*.yaml")))
    assert len(docs) >= 2
    province = workspace.registries.province(slug)
    for doc in docs:
        rendered = render_one(workspace, doc, province, tmp_path)
        assert_valid_docx(rendered.data)


def test_the_validator_catches_out_of_order_run_properties():
    """The helper is not vacuous: rFonts after sz (the bug of issue 9) is an error."""
    d = docx.Document()
    rpr = d.styles["Normal"].element.get_or_add_rPr()
    for el in list(rpr):
        rpr.remove(el)
    sz = OxmlElement("w:sz")
    sz.set(qn("w:val"), "28")
    rpr.append(sz)
    rpr.append(OxmlElement("w:rFonts"))  # raw append: wrong place
    buffer = io.BytesIO()
    d.save(buffer)
    assert any("rFonts" in e for e in docx_errors(buffer.getvalue()))


def test_insert_in_order_puts_children_in_schema_order():
    rpr = OxmlElement("w:rPr")
    for tag in ("w:lang", "w:sz", "w:b"):
        ox.insert_in_order(rpr, OxmlElement(tag))
    ox.set_run_fonts(rpr, "Times New Roman")
    ppr = OxmlElement("w:pPr")
    for tag in ("w:rPr", "w:jc", "w:pStyle", "w:spacing", "w:keepNext"):
        ox.get_or_add(ppr, tag)
    ox.bottom_border(ppr)
    assert [c.tag.rsplit("}", 1)[1] for c in rpr] == ["rFonts", "b", "sz", "lang"]
    assert [c.tag.rsplit("}", 1)[1] for c in ppr] == ["pStyle", "keepNext", "pBdr", "spacing", "jc", "rPr"]
