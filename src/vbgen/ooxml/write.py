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


# Child order of the WordprocessingML sequences vbgen writes into (ECMA-376 Part 1, the
# CT_* complex types). A new child goes before the first existing sibling that comes later
# in its parent's sequence, so patched XML stays schema-valid (raw ``append`` does not).
SCHEMA_ORDER: dict[str, tuple[str, ...]] = {
    "rPr": (
        "ins", "del", "moveFrom", "moveTo", "rStyle", "rFonts", "b", "bCs", "i", "iCs", "caps",
        "smallCaps", "strike", "dstrike", "outline", "shadow", "emboss", "imprint", "noProof",
        "snapToGrid", "vanish", "webHidden", "color", "spacing", "w", "kern", "position", "sz",
        "szCs", "highlight", "u", "effect", "bdr", "shd", "fitText", "vertAlign", "rtl", "cs", "em",
        "lang", "eastAsianLayout", "specVanish", "oMath", "rPrChange",
    ),
    "pPr": (
        "pStyle", "keepNext", "keepLines", "pageBreakBefore", "framePr", "widowControl", "numPr",
        "suppressLineNumbers", "pBdr", "shd", "tabs", "suppressAutoHyphens", "kinsoku", "wordWrap",
        "overflowPunct", "topLinePunct", "autoSpaceDE", "autoSpaceDN", "bidi", "adjustRightInd",
        "snapToGrid", "spacing", "ind", "contextualSpacing", "mirrorIndents", "suppressOverlap", "jc",
        "textDirection", "textAlignment", "textboxTightWrap", "outlineLvl", "divId", "cnfStyle",
        "rPr", "sectPr", "pPrChange",
    ),
    "pBdr": ("top", "left", "bottom", "right", "between", "bar"),
    "tblPr": (
        "tblStyle", "tblpPr", "tblOverlap", "bidiVisual", "tblStyleRowBandSize",
        "tblStyleColBandSize", "tblW", "jc", "tblCellSpacing", "tblInd", "tblBorders", "shd",
        "tblLayout", "tblCellMar", "tblLook", "tblCaption", "tblDescription", "tblPrChange",
    ),
    "tblBorders": ("top", "left", "start", "bottom", "right", "end", "insideH", "insideV"),
    "tblCellMar": ("top", "left", "start", "bottom", "right", "end"),
    "tcPr": (
        "cnfStyle", "tcW", "gridSpan", "hMerge", "vMerge", "tcBorders", "shd", "noWrap", "tcMar",
        "textDirection", "tcFitText", "vAlign", "hideMark", "headers", "cellIns", "cellDel",
        "cellMerge", "tcPrChange",
    ),
    "tcBorders": ("top", "left", "start", "bottom", "right", "end", "insideH", "insideV", "tl2br", "tr2bl"),
    # CT_TrPrBase is a choice, any order; ins/del/trPrChange come after it
    "trPr": ("cnfStyle", "divId", "gridBefore", "gridAfter", "wBefore", "wAfter", "cantSplit",
             "trHeight", "tblHeader", "tblCellSpacing", "jc", "hidden", "ins", "del", "trPrChange"),
    "sectPr": (
        "headerReference", "footerReference", "footnotePr", "endnotePr", "type", "pgSz", "pgMar",
        "paperSrc", "pgBorders", "lnNumType", "pgNumType", "cols", "formProt", "vAlign", "noEndnote",
        "titlePg", "textDirection", "bidi", "rtlGutter", "docGrid", "printerSettings", "sectPrChange",
    ),
    "tr": ("tblPrEx", "trPr", "tc"),
    "docDefaults": ("rPrDefault", "pPrDefault"),
    "rPrDefault": ("rPr",),
    "pPrDefault": ("pPr",),
}


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1] if "}" in tag else tag.split(":")[-1]


def insert_in_order(parent, child):
    """Insert ``child`` into ``parent`` at its place in the parent's schema sequence.

    Elements of the same name stay in insertion order (after their namesakes). Parents
    without a known sequence, and children the sequence does not name, are appended.
    """
    order = SCHEMA_ORDER.get(_local(parent.tag))
    name = _local(child.tag)
    if order is None or name not in order:
        parent.append(child)
        return child
    rank = order.index(name)
    for sibling in parent:
        sname = _local(sibling.tag) if isinstance(sibling.tag, str) else ""
        if sname in order and order.index(sname) > rank:
            sibling.addprevious(child)
            return child
    parent.append(child)
    return child


def get_or_add(parent, tag: str):
    """The ``tag`` child of ``parent`` (e.g. "w:ind"), added in schema order when missing."""
    el = parent.find(qn(tag))
    if el is None:
        el = insert_in_order(parent, OxmlElement(tag))
    return el


def _child(parent, tag: str):
    return get_or_add(parent, tag)


def _el(tag: str, **attrs: str):
    """A new ``w:`` element with ``w:`` attributes: ``_el("w:sz", val="28")``."""
    el = OxmlElement(tag)
    for name, value in attrs.items():
        el.set(qn(f"w:{name}"), str(value))
    return el


def _add(parent, tag: str, **attrs: str):
    """Add a new child in schema order and return it."""
    return insert_in_order(parent, _el(tag, **attrs))


def _replace(parent, tag: str, **attrs: str):
    """Remove any ``tag`` child of ``parent`` and add a fresh one in schema order."""
    for old in parent.findall(qn(tag)):
        parent.remove(old)
    return _add(parent, tag, **attrs)


def set_run_fonts(rpr, font: str) -> None:
    """Set every script slot of ``w:rFonts`` so no theme or fallback font can slip in."""
    rfonts = get_or_add(rpr, "w:rFonts")
    for attr in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        rfonts.set(qn(attr), font)
    for attr in ("w:asciiTheme", "w:hAnsiTheme", "w:cstheme", "w:eastAsiaTheme"):
        rfonts.attrib.pop(qn(attr), None)


def set_doc_defaults(styles_element, font: str, size_pt: float, lang: str) -> None:
    """Document defaults (``w:docDefaults``): font, size, colour and language of every run."""
    defaults = styles_element.find(qn("w:docDefaults"))
    if defaults is None:
        defaults = OxmlElement("w:docDefaults")
        styles_element.insert(0, defaults)  # first child of w:styles (before latentStyles)
    rpr = get_or_add(get_or_add(defaults, "w:rPrDefault"), "w:rPr")
    for el in list(rpr):
        rpr.remove(el)
    _add(rpr, "w:rFonts", ascii=font, hAnsi=font, cs=font, eastAsia=font)
    _add(rpr, "w:color", val="000000")
    half_points = int(round(size_pt * 2))
    _add(rpr, "w:sz", val=half_points)
    _add(rpr, "w:szCs", val=half_points)
    _add(rpr, "w:lang", val=lang, eastAsia=lang, bidi="ar-SA")
    ppr = get_or_add(get_or_add(defaults, "w:pPrDefault"), "w:pPr")
    for el in list(ppr):
        ppr.remove(el)
    _add(ppr, "w:spacing", before="0", after="0", line="240", lineRule="auto")


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
    pbdr = _replace(ppr, "w:pBdr")
    _add(pbdr, "w:bottom", val="single", sz=size_eighths, space="1", color="000000")


def box_border(ppr, color: str, pad_top_pt: int, pad_side_pt: int, size_eighths: int = 8) -> None:
    """A single-line frame around a paragraph (the boxed marks: DỰ THẢO, MẬT, KHẨN …)."""
    pbdr = _replace(ppr, "w:pBdr")
    for side in ("top", "left", "bottom", "right"):
        pad = pad_top_pt if side in ("top", "bottom") else pad_side_pt
        _add(pbdr, f"w:{side}", val="single", sz=size_eighths, space=pad, color=color)


def borderless_fixed_table(table, widths_tw: list[int], indent_tw: int = 0, cell_margin_tw: int = 85) -> None:
    """Fixed-layout table without borders, as in the Mẫu of Nghị định 30/2020 (Phụ lục III)."""
    tbl = table._tbl
    tblpr = tbl.tblPr
    for tag in ("w:tblStyle", "w:tblBorders", "w:tblLayout", "w:tblInd", "w:tblCellMar", "w:tblLook", "w:tblW"):
        el = tblpr.find(qn(tag))
        if el is not None:
            tblpr.remove(el)
    _add(tblpr, "w:tblW", w=sum(widths_tw), type="dxa")
    _add(tblpr, "w:tblInd", w=indent_tw, type="dxa")
    borders = _add(tblpr, "w:tblBorders")
    for side in ("top", "left", "bottom", "right", "insideH", "insideV"):
        _add(borders, f"w:{side}", val="nil")
    _add(tblpr, "w:tblLayout", type="fixed")
    margins = _add(tblpr, "w:tblCellMar")
    for side, width in (("top", 0), ("left", cell_margin_tw), ("bottom", 0), ("right", cell_margin_tw)):
        _add(margins, f"w:{side}", w=width, type="dxa")
    _add(tblpr, "w:tblLook", val="0000", firstRow="0", lastRow="0", firstColumn="0", lastColumn="0",
         noHBand="0", noVBand="0")
    grid = tbl.tblGrid
    for col, width in zip(grid.findall(qn("w:gridCol")), widths_tw):
        col.set(qn("w:w"), str(width))
    for row in table.rows:
        for cell, width in zip(row.cells, widths_tw):
            tcw = get_or_add(cell._tc.get_or_add_tcPr(), "w:tcW")
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


def parse_part(data: bytes):
    """One XML part as an lxml tree, to change in place with the ``*_in`` functions below."""
    return etree.fromstring(data)


def serialise_part(root) -> bytes:
    """A part's tree back to bytes, the way every vbgen part is written (declaration, standalone)."""
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def set_paragraph_indents(root, indents: Mapping[str, tuple[int, int]]) -> None:
    """Set left/right indents (twips), in a parsed document part, on every paragraph whose style id is a key of ``indents``.

    The header and trích yếu lines are bottom borders of empty paragraphs; their length is
    the width left between the indents, sized per document to the text above them.
    """
    w = f"{{{W_NS}}}"
    for pstyle in root.iter(f"{w}pStyle"):
        style_id = pstyle.get(f"{w}val")
        if style_id not in indents:
            continue
        ppr = pstyle.getparent()
        ind = ppr.find(f"{w}ind")
        if ind is None:
            ind = insert_in_order(ppr, etree.Element(f"{w}ind"))
        left, right = indents[style_id]
        ind.set(f"{w}left", str(left))
        ind.set(f"{w}right", str(right))
        ind.set(f"{w}firstLine", "0")


def keep_with_signature(root, label_style: str = "VBNoiNhan", paragraphs: int = 2) -> bool:
    """Keep the end of the body on the page of the signature table, and that table whole.

    The table holding the "Nơi nhận" paragraph (style ``label_style``) gets unsplittable rows,
    and the ``paragraphs`` top-level paragraphs before it "keep with next", so a page never
    holds the signature alone (the last lines of the body move with it). False if there is no such table.
    """
    w = f"{{{W_NS}}}"
    body = root.find(f"{w}body")
    table = next((t for t in body.iterfind(f"{w}tbl")
                  if t.find(f".//{w}pStyle[@{w}val='{label_style}']") is not None), None)
    if table is None:
        return False
    for tr in table.iterfind(f"{w}tr"):
        trpr = tr.find(f"{w}trPr")
        if trpr is None:
            trpr = insert_in_order(tr, etree.Element(f"{w}trPr"))
        if trpr.find(f"{w}cantSplit") is None:
            insert_in_order(trpr, etree.Element(f"{w}cantSplit"))
    previous = table.getprevious()
    for _ in range(paragraphs):
        if previous is None or previous.tag != f"{w}p":
            break
        ppr = previous.find(f"{w}pPr")
        if ppr is None:
            ppr = etree.Element(f"{w}pPr")
            previous.insert(0, ppr)
        if ppr.find(f"{w}keepNext") is None:
            insert_in_order(ppr, etree.Element(f"{w}keepNext"))
        previous = previous.getprevious()
    return True


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
