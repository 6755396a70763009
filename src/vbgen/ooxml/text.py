"""Plain text of a .docx, paragraph by paragraph, for tools that read words, not formatting.

The citation scanner needs every sentence a reader sees: body paragraphs and table cells (in
document order, numbered as ``vbgen check`` numbers them), footnotes and endnotes (with the body
paragraph that carries the reference mark), headers and footers. Runs are joined, so a
reference split across runs by Word's spell checker or by formatting reads as one string;
deleted text (tracked changes) and field instructions are skipped.
"""

from __future__ import annotations

import dataclasses
import os
import re
import zipfile

from lxml import etree

from vbgen.ooxml.properties import _iter_tagged

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def _w(tag: str) -> str:
    return f"{{{W_NS}}}{tag}"


_P, _TBL, _TR, _TC, _SDT, _SDT_CONTENT = (_w(t) for t in ("p", "tbl", "tr", "tc", "sdt", "sdtContent"))
_BLOCK_WRAPPERS = {_w("customXml"), _w("ins"), _w("moveTo"), _w("smartTag")}
_SKIP = {_w("del"), _w("moveFrom"), _w("instrText"), _w("delText"), _w("pPr"), _w("rPr"), _w("txbxContent")}
_CHARS = {_w("tab"): "\t", _w("ptab"): "\t", _w("br"): "\n", _w("cr"): "\n", _w("noBreakHyphen"): "-"}
_T = _w("t")
_NOTE_REFS = {_w("footnoteReference"): "footnote", _w("endnoteReference"): "endnote"}
_ID = _w("id")
_TYPE = _w("type")


@dataclasses.dataclass(frozen=True)
class TextParagraph:
    """One paragraph of a .docx as plain text, with where it is.

    ``part`` is "body", "footnote", "endnote", "header" or "footer"; ``paragraph`` is the body
    paragraph index (0-based, table paragraphs included, as ``vbgen check`` counts), and for a
    footnote or endnote the index of the body paragraph carrying its mark; ``note`` is the
    footnote/endnote id, ``index`` the paragraph's position inside its part.
    """

    part: str
    paragraph: int | None
    text: str
    note: int | None = None
    index: int = 0


def _paragraph_text(p) -> tuple[str, list[tuple[str, int]]]:
    """Visible text of ``p`` and the (kind, id) of footnote/endnote marks in it."""
    parts: list[str] = []
    notes: list[tuple[str, int]] = []

    def walk(el) -> None:
        for child in el:
            tag = child.tag
            if not isinstance(tag, str) or tag in _SKIP:
                continue
            if tag == _T:
                parts.append(child.text or "")
            elif tag in _CHARS:
                parts.append(_CHARS[tag])
            elif tag in _NOTE_REFS:
                try:
                    notes.append((_NOTE_REFS[tag], int(child.get(_ID))))
                except (TypeError, ValueError):
                    pass
            else:
                walk(child)

    walk(p)
    return "".join(parts), notes


def body_paragraphs(parent):
    """The ``w:p`` elements under ``parent`` in the walker's order: tables cell by cell, through
    content controls and customXml wrappers (around rows and cells too). The web's marked copies
    (:mod:`vbgen.ooxml.highlight`) count paragraphs with it, so a finding marks its own paragraph."""
    for child in parent:
        tag = child.tag
        if tag == _P:
            yield child
        elif tag == _TBL:
            for tr in _iter_tagged(child, _TR):
                for tc in _iter_tagged(tr, _TC):
                    yield from body_paragraphs(tc)
        elif tag == _SDT:
            content = child.find(_SDT_CONTENT)
            if content is not None:
                yield from body_paragraphs(content)
        elif tag in _BLOCK_WRAPPERS:
            yield from body_paragraphs(child)


def _parse(z: zipfile.ZipFile, name: str):
    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=True)
    return etree.fromstring(z.read(name), parser)


_STORY = re.compile(r"word/(header|footer)\d*\.xml")


def docx_paragraphs(source: str | os.PathLike) -> list[TextParagraph]:
    """Every paragraph of the body, then footnotes, endnotes, headers and footers.

    Raises ``zipfile.BadZipFile``, ``KeyError`` (no word/document.xml) or
    ``etree.XMLSyntaxError`` for a file that is not a readable .docx; callers turn these
    into a message.
    """
    out: list[TextParagraph] = []
    anchors: dict[tuple[str, int], int] = {}
    with zipfile.ZipFile(source) as z:
        root = _parse(z, "word/document.xml")
        body = root.find(_w("body"))
        for i, p in enumerate(body_paragraphs(body if body is not None else root)):
            text, notes = _paragraph_text(p)
            out.append(TextParagraph("body", i, text, index=i))
            for note in notes:
                anchors.setdefault(note, i)
        names = set(z.namelist())
        for kind, name in (("footnote", "word/footnotes.xml"), ("endnote", "word/endnotes.xml")):
            if name not in names:
                continue
            for note in _parse(z, name):
                if note.get(_TYPE) in ("separator", "continuationSeparator", "continuationNotice"):
                    continue
                try:
                    note_id = int(note.get(_ID))
                except (TypeError, ValueError):
                    continue
                for j, p in enumerate(body_paragraphs(note)):
                    text, _ = _paragraph_text(p)
                    out.append(TextParagraph(kind, anchors.get((kind, note_id)), text, note_id, j))
        for name in sorted(n for n in names if _STORY.fullmatch(n)):
            kind = _STORY.fullmatch(name).group(1)
            for j, p in enumerate(body_paragraphs(_parse(z, name))):
                text, _ = _paragraph_text(p)
                out.append(TextParagraph(kind, None, text, index=j))
    return out
