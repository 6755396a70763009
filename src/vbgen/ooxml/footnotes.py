"""Real Word footnotes: the footnotes part and what points to it.

A package that can hold footnotes has ``word/footnotes.xml`` with the separator (id -1) and
continuation separator (id 0) entries, a relationship from the main document to it, its
content-type override, ``<w:footnotePr>`` in settings.xml listing those two entries (in schema
order), and the FootnoteText / FootnoteReference styles. :func:`ensure_footnotes` adds whatever
a template lacks (idempotent); :func:`footnotes_xml` writes one document's notes.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from lxml import etree

from vbgen.content.inline import Piece
from vbgen.ooxml.namespaces import root_start
from vbgen.ooxml.runs import FOOTNOTE_REFERENCE_STYLE, FOOTNOTE_TEXT_STYLE, runs_xml

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
W = f"{{{W_NS}}}"
CT_NS = "http://schemas.openxmlformats.org/package/2006/content-types"
REL_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
FOOTNOTES_PART = "word/footnotes.xml"
DOCUMENT_RELS = "word/_rels/document.xml.rels"
CONTENT_TYPES = "[Content_Types].xml"
SETTINGS_PART = "word/settings.xml"
STYLES_PART = "word/styles.xml"
FOOTNOTES_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml"
FOOTNOTES_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/footnotes"

SETTINGS_AFTER_FOOTNOTE_PR = (
    "endnotePr", "compat", "docVars", "rsids", "mathPr", "attachedSchema", "themeFontLang",
    "clrSchemeMapping", "doNotIncludeSubdocsInStats", "doNotAutoCompressPictures", "forceUpgrade",
    "captions", "readModeInkLockDown", "smartTagType", "schemaLibrary", "shapeDefaults",
    "doNotEmbedSmartTags", "decimalSymbol", "listSeparator",
)
"""Elements of CT_Settings that come after ``w:footnotePr`` (ECMA-376 Part 1, 17.15.1.78)."""

_SEPARATORS = (
    f'<w:footnote xmlns:w="{W_NS}" w:type="separator" w:id="-1"><w:p><w:pPr>'
    '<w:spacing w:after="0" w:line="240" w:lineRule="auto"/></w:pPr><w:r><w:separator/></w:r></w:p></w:footnote>',
    f'<w:footnote xmlns:w="{W_NS}" w:type="continuationSeparator" w:id="0"><w:p><w:pPr>'
    '<w:spacing w:after="0" w:line="240" w:lineRule="auto"/></w:pPr><w:r><w:continuationSeparator/></w:r></w:p></w:footnote>',
)


def _xml(data: bytes) -> etree._Element:
    return etree.fromstring(data)


def _bytes(root: etree._Element) -> bytes:
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def empty_footnotes_xml() -> bytes:
    """A footnotes part with only the two separators."""
    return (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n{root_start("footnotes")}'
            + "".join(s.replace(f' xmlns:w="{W_NS}"', "") for s in _SEPARATORS) + "</w:footnotes>").encode("utf-8")


def _styles_xml(font: str, size_pt: float) -> list[str]:
    half = int(round(size_pt * 2))
    fonts = f'<w:rFonts w:ascii="{font}" w:hAnsi="{font}" w:cs="{font}" w:eastAsia="{font}"/>'
    return [
        f'<w:style xmlns:w="{W_NS}" w:type="paragraph" w:styleId="{FOOTNOTE_TEXT_STYLE}"><w:name w:val="footnote text"/>'
        '<w:basedOn w:val="Normal"/><w:uiPriority w:val="99"/><w:unhideWhenUsed/><w:pPr>'
        '<w:spacing w:before="0" w:after="0" w:line="240" w:lineRule="auto"/><w:ind w:firstLine="0"/><w:jc w:val="both"/>'
        f'</w:pPr><w:rPr>{fonts}<w:sz w:val="{half}"/><w:szCs w:val="{half}"/></w:rPr></w:style>',
        f'<w:style xmlns:w="{W_NS}" w:type="character" w:styleId="{FOOTNOTE_REFERENCE_STYLE}"><w:name w:val="footnote reference"/>'
        '<w:uiPriority w:val="99"/><w:unhideWhenUsed/><w:rPr><w:vertAlign w:val="superscript"/></w:rPr></w:style>',
    ]


def ensure_footnotes(parts: Mapping[str, bytes], font: str, size_pt: float) -> dict[str, bytes]:
    """The parts to add or replace so the package can hold footnotes (empty if it already can)."""
    changed: dict[str, bytes] = {}
    if FOOTNOTES_PART not in parts:
        changed[FOOTNOTES_PART] = empty_footnotes_xml()

    types = _xml(parts[CONTENT_TYPES])
    if not any(o.get("PartName") == "/" + FOOTNOTES_PART for o in types.iter(f"{{{CT_NS}}}Override")):
        etree.SubElement(types, f"{{{CT_NS}}}Override", PartName="/" + FOOTNOTES_PART, ContentType=FOOTNOTES_TYPE)
        changed[CONTENT_TYPES] = _bytes(types)

    rels = _xml(parts[DOCUMENT_RELS])
    if not any(r.get("Type") == FOOTNOTES_REL for r in rels):
        ids = {r.get("Id") for r in rels}
        n = 1
        while f"rId{n}" in ids:
            n += 1
        etree.SubElement(rels, f"{{{REL_NS}}}Relationship", Id=f"rId{n}", Type=FOOTNOTES_REL, Target="footnotes.xml")
        changed[DOCUMENT_RELS] = _bytes(rels)

    settings = _xml(parts[SETTINGS_PART])
    if settings.find(f"{W}footnotePr") is None:
        special = special_ids(changed.get(FOOTNOTES_PART) or parts[FOOTNOTES_PART])
        pr = etree.fromstring(f'<w:footnotePr xmlns:w="{W_NS}">'
                              + "".join(f'<w:footnote w:id="{i}"/>' for i in special) + "</w:footnotePr>")
        for name in SETTINGS_AFTER_FOOTNOTE_PR:
            succ = settings.find(f"{W}{name}")
            if succ is not None:
                succ.addprevious(pr)
                break
        else:
            settings.append(pr)
        changed[SETTINGS_PART] = _bytes(settings)

    styles = _xml(parts[STYLES_PART])
    have = {s.get(f"{W}styleId") for s in styles.iter(f"{W}style")}
    missing = [s for s in _styles_xml(font, size_pt) if f'w:styleId="{FOOTNOTE_TEXT_STYLE}"' in s and FOOTNOTE_TEXT_STYLE not in have
               or f'w:styleId="{FOOTNOTE_REFERENCE_STYLE}"' in s and FOOTNOTE_REFERENCE_STYLE not in have]
    for s in missing:
        styles.append(etree.fromstring(s))
    if missing:
        changed[STYLES_PART] = _bytes(styles)
    return changed


SPECIAL_TYPES = ("separator", "continuationSeparator", "continuationNotice")


def special_ids(footnotes_part: bytes) -> list[int]:
    """Ids of the separator entries of a footnotes part (-1 and 0 as Word writes them)."""
    return [int(fn.get(f"{W}id")) for fn in _xml(footnotes_part).findall(f"{W}footnote") if fn.get(f"{W}type") in SPECIAL_TYPES]


def first_note_id(footnotes_part: bytes) -> int:
    """The id of a document's first footnote: after the template's separators (1 for Word's -1, 0)."""
    return max([0, *special_ids(footnotes_part)]) + 1


def footnotes_xml(template_part: bytes, notes: Iterable[tuple[int, Iterable[Piece]]]) -> bytes:
    """The template's footnotes part with its separators kept as they are and ``notes`` added.

    Each note is one FootnoteText paragraph: its reference mark, a space, then its runs.
    """
    root = _xml(template_part)
    first = first_note_id(template_part)
    for fn in list(root.findall(f"{W}footnote")):
        if fn.get(f"{W}type") not in SPECIAL_TYPES:
            root.remove(fn)
    for number, pieces in notes:
        root.append(etree.fromstring(
            f'<w:footnote xmlns:w="{W_NS}" w:id="{first + number - 1}"><w:p><w:pPr><w:pStyle w:val="{FOOTNOTE_TEXT_STYLE}"/></w:pPr>'
            f'<w:r><w:rPr><w:rStyle w:val="{FOOTNOTE_REFERENCE_STYLE}"/></w:rPr><w:footnoteRef/></w:r>'
            f'<w:r><w:t xml:space="preserve"> </w:t></w:r>{runs_xml(pieces)}</w:p></w:footnote>'))
    return _bytes(root)
