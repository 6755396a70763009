"""Mark paragraphs of a .docx visibly, in a copy: shading, a thick left border, a small label.

The web's check and import pages show a document the user uploaded with the paragraphs they
talk about marked: paragraph ``n`` of the findings (or of the recognised parts) gets a light
background, a coloured bar on its left and, before its first letter, a small white-on-colour
label ("3", "Số") matching the list beside the page. Paragraphs are counted exactly as
:func:`vbgen.ooxml.walker.read_body` counts them (body top-down, tables row by row and cell by
cell, content controls entered, text boxes not counted), so a finding's paragraph number is
the paragraph marked. Only ``word/document.xml`` changes; every other part is copied as is.

:func:`without_external_links` makes an uploaded file safe to hand to LibreOffice: nothing in it
makes the server fetch a URL or read a file (a linked picture would, when the page is rendered).
"""

from __future__ import annotations

import dataclasses
import io
import re
import zipfile
from collections.abc import Callable, Mapping
from typing import Any

from lxml import etree

from vbgen.ooxml.names import _PPR, W_NS
from vbgen.ooxml.text import body_paragraphs
from vbgen.ooxml.write import insert_in_order

W = f"{{{W_NS}}}"
DOCUMENT = "word/document.xml"


@dataclasses.dataclass(frozen=True)
class Highlight:
    """How one paragraph is marked: ``label`` printed small before its text, colours as RRGGBB."""

    label: str
    fill: str = "FFF2CC"
    """The paragraph's background."""
    color: str = "C00000"
    """The left bar and the label's background."""


def _w(tag: str, **attrs: str):
    el = etree.Element(f"{W}{tag}")
    for name, value in attrs.items():
        el.set(f"{W}{name}", value)
    return el


def _mark(p, mark: Highlight) -> None:
    ppr = next((c for c in p if c.tag == _PPR), None)
    if ppr is None:
        ppr = _w("pPr")
        p.insert(0, ppr)
    borders = ppr.find(f"{W}pBdr")
    if borders is None:
        borders = insert_in_order(ppr, _w("pBdr"))
    for old in borders.findall(f"{W}left"):
        borders.remove(old)
    insert_in_order(borders, _w("left", val="single", sz="36", space="6", color=mark.color))
    for old in ppr.findall(f"{W}shd"):
        ppr.remove(old)
    insert_in_order(ppr, _w("shd", val="clear", color="auto", fill=mark.fill))
    run = _w("r")
    rpr = etree.SubElement(run, f"{W}rPr")
    fonts = etree.SubElement(rpr, f"{W}rFonts")
    for slot in ("ascii", "hAnsi", "cs"):
        fonts.set(f"{W}{slot}", "Arial")
    etree.SubElement(rpr, f"{W}b")
    etree.SubElement(rpr, f"{W}i").set(f"{W}val", "0")
    etree.SubElement(rpr, f"{W}caps").set(f"{W}val", "0")
    etree.SubElement(rpr, f"{W}color").set(f"{W}val", "FFFFFF")
    etree.SubElement(rpr, f"{W}sz").set(f"{W}val", "16")
    etree.SubElement(rpr, f"{W}u").set(f"{W}val", "none")
    rpr.append(_w("shd", val="clear", color="auto", fill=mark.color))
    text = etree.SubElement(run, f"{W}t")
    text.text = f"\u00a0{mark.label}\u00a0"
    text.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
    gap = _w("r")
    gap_text = etree.SubElement(gap, f"{W}t")
    gap_text.text = " "
    gap_text.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
    ppr.addnext(run)
    run.addnext(gap)


def highlight_paragraphs(docx: bytes, marks: Mapping[int, Highlight]) -> bytes:
    """A copy of ``docx`` with paragraph ``i`` (0-based, walker order) marked as ``marks[i]``.

    Indexes beyond the document are ignored. Raises ValueError when ``docx`` is not a Word package.
    """
    try:
        source = zipfile.ZipFile(io.BytesIO(docx))
        root = etree.fromstring(source.read(DOCUMENT), etree.XMLParser(resolve_entities=False, huge_tree=True))
    except (zipfile.BadZipFile, KeyError, etree.XMLSyntaxError) as e:
        raise ValueError(f"not a Word document: {e}") from None
    body = root.find(f"{W}body")
    if body is None:
        raise ValueError("not a Word document: no body")
    for i, p in enumerate(list(body_paragraphs(body))):
        mark = marks.get(i)
        if mark is not None:
            _mark(p, mark)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            data = source.read(info.filename)
            if info.filename == DOCUMENT:
                data = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
            target.writestr(info, data)
    return out.getvalue()


_REL_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
_FETCHING_FIELDS = re.compile(r"\b(INCLUDEPICTURE|INCLUDETEXT|LINK|DDE|DDEAUTO|IMPORT|HYPERLINK\s+\S*\s*\\d)\b", re.I)


def _rewrite_parts(package: bytes, kind: str, edit: Callable[[str, bytes, Any], bytes | None]) -> bytes:
    """``package`` with each part that ``edit(name, data, parser)`` returns new bytes for replaced
    (the others, and the entries' order and compression, as they were; ``package`` itself when
    nothing changed). Raises ValueError when it is not a zip package."""
    try:
        source = zipfile.ZipFile(io.BytesIO(package))
        names = source.namelist()
    except zipfile.BadZipFile as e:
        raise ValueError(f"not {kind}: {e}") from None
    parser = etree.XMLParser(resolve_entities=False, huge_tree=True, no_network=True)
    changed = {name: new for name in names if (new := edit(name, source.read(name), parser)) is not None}
    if not changed:
        return package
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():  # each entry keeps its compression: an ODF "mimetype" stays first and stored
            target.writestr(info, changed.get(info.filename) or source.read(info.filename))
    return out.getvalue()


def _parsed(data: bytes, parser: Any) -> Any:
    try:
        return etree.fromstring(data, parser)
    except etree.XMLSyntaxError:
        return None


def without_external_links(docx: bytes) -> bytes:
    """A copy of ``docx`` that makes LibreOffice fetch nothing when it renders an uploaded file:
    every external relationship except a hyperlink (linked pictures, OLE links, attached
    templates, sub-documents, frames) points nowhere, and fields that load a file or a URL
    (INCLUDEPICTURE, INCLUDETEXT, LINK, DDE …) lose their instruction (their last result stays).

    Raises ValueError when ``docx`` is not a zip package."""

    def edit(name: str, data: bytes, parser: Any) -> bytes | None:
        if name.endswith(".rels"):
            root = _parsed(data, parser)
            if root is None:
                return None
            hit = False
            for rel in root.iter(f"{{{_REL_NS}}}Relationship"):
                if rel.get("TargetMode") == "External" and not rel.get("Type", "").endswith("/hyperlink"):
                    rel.set("Target", "#")
                    hit = True
            return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True) if hit else None
        if not (name.startswith("word/") and name.endswith(".xml")) or not _FETCHING_FIELDS.search(
                data.decode("utf-8", "replace")):
            return None
        root = _parsed(data, parser)
        if root is None:
            return None
        for el in root.iter(f"{W}instrText"):
            if el.text and _FETCHING_FIELDS.search(el.text):
                el.text = " "
        for el in root.iter(f"{W}fldSimple"):
            if _FETCHING_FIELDS.search(el.get(f"{W}instr", "")):
                el.set(f"{W}instr", " ")
        return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)

    return _rewrite_parts(docx, "a Word document", edit)


_XLINK_HREF = "{http://www.w3.org/1999/xlink}href"
_ODF_TEXT_A = "{urn:oasis:names:tc:opendocument:xmlns:text:1.0}a"
_URL = re.compile(r"^\s*[A-Za-z][A-Za-z0-9+.-]*:|^\s*[/\\]{2}")


def odt_without_external_links(odt: bytes) -> bytes:
    """An OpenDocument text that makes LibreOffice fetch nothing while it converts it: every
    ``xlink:href`` naming a URL or a network path (linked pictures, objects, sections), except a
    hyperlink's, points nowhere. Raises ValueError when ``odt`` is not a zip package."""

    def edit(name: str, data: bytes, parser: Any) -> bytes | None:
        if not name.endswith(".xml") or b"xlink" not in data:
            return None
        root = _parsed(data, parser)
        if root is None:
            return None
        hit = False
        for el in root.iter():
            href = el.get(_XLINK_HREF) if isinstance(el.tag, str) else None
            if href and el.tag != _ODF_TEXT_A and _URL.match(href):
                el.set(_XLINK_HREF, "")  # ("#" would make LibreOffice refuse the whole file)
                hit = True
        return etree.tostring(root, xml_declaration=True, encoding="UTF-8") if hit else None

    return _rewrite_parts(odt, "an OpenDocument file", edit)
