"""Writing WordprocessingML that python-docx has no API for.

Used by the template builder (borderless fixed tables, bottom-border lines, the PAGE field,
document defaults) and, once per rendered document, by :func:`set_paragraph_indents`, which
sizes the short lines under the agency name and the trích yếu to the text above them.
"""

from __future__ import annotations

from collections.abc import Mapping

from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn
from lxml import etree

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def _child(parent, tag: str, before: tuple[str, ...] = ()):
    """Get or add ``tag`` under ``parent``; new elements go before the first of ``before``."""
    el = parent.find(qn(tag))
    if el is None:
        el = OxmlElement(tag)
        for name in before:
            succ = parent.find(qn(name))
            if succ is not None:
                succ.addprevious(el)
                break
        else:
            parent.append(el)
    return el


def set_run_fonts(rpr, font: str) -> None:
    """Set every script slot of ``w:rFonts`` so no theme or fallback font can slip in."""
    rfonts = _child(rpr, "w:rFonts")
    for attr in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        rfonts.set(qn(attr), font)
    for attr in ("w:asciiTheme", "w:hAnsiTheme", "w:cstheme", "w:eastAsiaTheme"):
        rfonts.attrib.pop(qn(attr), None)


def set_doc_defaults(styles_element, font: str, size_pt: float, lang: str) -> None:
    """Document defaults (``w:docDefaults``): font, size, colour and language of every run."""
    defaults = styles_element.find(qn("w:docDefaults"))
    if defaults is None:
        defaults = OxmlElement("w:docDefaults")
        styles_element.insert(0, defaults)
    rpr_default = _child(defaults, "w:rPrDefault")
    rpr = _child(rpr_default, "w:rPr")
    for el in list(rpr):
        rpr.remove(el)
    rpr.append(parse_xml(
        f'<w:rFonts {nsdecls("w")} w:ascii="{font}" w:hAnsi="{font}" w:cs="{font}" w:eastAsia="{font}"/>'))
    rpr.append(parse_xml(f'<w:color {nsdecls("w")} w:val="000000"/>'))
    half_points = int(round(size_pt * 2))
    rpr.append(parse_xml(f'<w:sz {nsdecls("w")} w:val="{half_points}"/>'))
    rpr.append(parse_xml(f'<w:szCs {nsdecls("w")} w:val="{half_points}"/>'))
    rpr.append(parse_xml(f'<w:lang {nsdecls("w")} w:val="{lang}" w:eastAsia="{lang}" w:bidi="ar-SA"/>'))
    ppr_default = _child(defaults, "w:pPrDefault")
    ppr = _child(ppr_default, "w:pPr")
    for el in list(ppr):
        ppr.remove(el)
    ppr.append(parse_xml(f'<w:spacing {nsdecls("w")} w:before="0" w:after="0" w:line="240" w:lineRule="auto"/>'))


def remove_theme_fonts(styles_element, font: str) -> None:
    """Replace theme-font references in every style so the template is Times New Roman only."""
    for rfonts in styles_element.iter(qn("w:rFonts")):
        if any(k.endswith("Theme") for k in rfonts.attrib):
            for attr in list(rfonts.attrib):
                del rfonts.attrib[attr]
            for attr in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
                rfonts.set(qn(attr), font)


def bottom_border(ppr, size_eighths: int = 6) -> None:
    """A solid bottom border on a paragraph: the short lines of the header and trích yếu."""
    pbdr = _child(ppr, "w:pBdr", before=("w:shd", "w:tabs", "w:suppressAutoHyphens", "w:spacing", "w:ind", "w:jc", "w:rPr"))
    for el in list(pbdr):
        pbdr.remove(el)
    bottom = OxmlElement("w:bottom")
    bottom.set(qn("w:val"), "single")
    bottom.set(qn("w:sz"), str(size_eighths))
    bottom.set(qn("w:space"), "1")
    bottom.set(qn("w:color"), "000000")
    pbdr.append(bottom)


def borderless_fixed_table(table, widths_tw: list[int], indent_tw: int = 0, cell_margin_tw: int = 85) -> None:
    """Fixed-layout table without borders, as in the Mẫu of Nghị định 30/2020 (Phụ lục III)."""
    tbl = table._tbl
    tblpr = tbl.tblPr
    for tag in ("w:tblStyle", "w:tblBorders", "w:tblLayout", "w:tblInd", "w:tblCellMar", "w:tblLook", "w:tblW"):
        el = tblpr.find(qn(tag))
        if el is not None:
            tblpr.remove(el)
    tblpr.append(parse_xml(f'<w:tblW {nsdecls("w")} w:w="{sum(widths_tw)}" w:type="dxa"/>'))
    tblpr.append(parse_xml(f'<w:tblInd {nsdecls("w")} w:w="{indent_tw}" w:type="dxa"/>'))
    tblpr.append(parse_xml(
        f'<w:tblBorders {nsdecls("w")}>' + "".join(
            f'<w:{side} w:val="nil"/>' for side in ("top", "left", "bottom", "right", "insideH", "insideV")
        ) + "</w:tblBorders>"))
    tblpr.append(parse_xml(f'<w:tblLayout {nsdecls("w")} w:type="fixed"/>'))
    tblpr.append(parse_xml(
        f'<w:tblCellMar {nsdecls("w")}><w:top w:w="0" w:type="dxa"/><w:left w:w="{cell_margin_tw}" w:type="dxa"/>'
        f'<w:bottom w:w="0" w:type="dxa"/><w:right w:w="{cell_margin_tw}" w:type="dxa"/></w:tblCellMar>'))
    tblpr.append(parse_xml(f'<w:tblLook {nsdecls("w")} w:val="0000" w:firstRow="0" w:lastRow="0" w:firstColumn="0" w:lastColumn="0" w:noHBand="0" w:noVBand="0"/>'))
    grid = tbl.tblGrid
    for col, width in zip(grid.findall(qn("w:gridCol")), widths_tw):
        col.set(qn("w:w"), str(width))
    for row in table.rows:
        for cell, width in zip(row.cells, widths_tw):
            tcpr = cell._tc.get_or_add_tcPr()
            tcw = _child(tcpr, "w:tcW")
            tcw.set(qn("w:w"), str(width))
            tcw.set(qn("w:type"), "dxa")


def add_page_field(paragraph) -> None:
    """Append a PAGE field (complex field, understood by Word and LibreOffice) to a paragraph."""
    p = paragraph._p

    def run(inner: str):
        p.append(parse_xml(f'<w:r {nsdecls("w")}>{inner}</w:r>'))

    run('<w:fldChar w:fldCharType="begin"/>')
    run('<w:instrText xml:space="preserve"> PAGE </w:instrText>')
    run('<w:fldChar w:fldCharType="separate"/>')
    run("<w:t>2</w:t>")
    run('<w:fldChar w:fldCharType="end"/>')


def set_paragraph_indents(document_xml: bytes, indents: Mapping[str, tuple[int, int]]) -> bytes:
    """Set left/right indents (twips) on every paragraph whose style id is a key of ``indents``.

    The header and trích yếu lines are bottom borders of empty paragraphs; their length is
    the width left between the indents, sized per document to the text above them.
    """
    root = etree.fromstring(document_xml)
    w = f"{{{W_NS}}}"
    for pstyle in root.iter(f"{w}pStyle"):
        style_id = pstyle.get(f"{w}val")
        if style_id not in indents:
            continue
        ppr = pstyle.getparent()
        ind = ppr.find(f"{w}ind")
        if ind is None:
            ind = etree.SubElement(ppr, f"{w}ind")
            # keep schema order: w:ind comes before w:jc and w:rPr
            for name in ("jc", "rPr"):
                succ = ppr.find(f"{w}{name}")
                if succ is not None:
                    succ.addprevious(ind)
                    break
        left, right = indents[style_id]
        ind.set(f"{w}left", str(left))
        ind.set(f"{w}right", str(right))
        ind.set(f"{w}firstLine", "0")
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def core_properties_xml(title: str, subject: str, keywords: str, created_iso: str) -> bytes:
    """docProps/core.xml with fixed, input-derived values (no save time, so output is reproducible)."""
    from xml.sax.saxutils import escape

    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" '
        'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" '
        'xmlns:dcmitype="http://purl.org/dc/dcmitype/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
        f"<dc:title>{escape(title)}</dc:title><dc:subject>{escape(subject)}</dc:subject>"
        f"<dc:creator>vbgen</dc:creator><cp:keywords>{escape(keywords)}</cp:keywords>"
        "<cp:lastModifiedBy>vbgen</cp:lastModifiedBy><cp:revision>1</cp:revision>"
        f'<dcterms:created xsi:type="dcterms:W3CDTF">{created_iso}</dcterms:created>'
        f'<dcterms:modified xsi:type="dcterms:W3CDTF">{created_iso}</dcterms:modified>'
        "</cp:coreProperties>"
    ).encode("utf-8")
