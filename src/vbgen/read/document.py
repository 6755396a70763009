"""Read any .docx/.doc/.odt into one :class:`Document`: the logical paragraphs and the sections.

The package is read with zipfile and lxml (:func:`vbgen.ooxml.fastread.open_fast`); when that
reader declines, python-docx opens the file instead. A .doc or .odt goes through LibreOffice
first (:mod:`vbgen.read.convert`). ``render=True`` also counts the pages LibreOffice prints.
"""

from __future__ import annotations

import dataclasses
import os

from vbgen.errors import VbgenError
from vbgen.ooxml.fastread import open_document, open_fast
from vbgen.ooxml.parts import default_tab_stop, read_footnotes
from vbgen.ooxml.styles import StyleResolver
from vbgen.ooxml.walker import read_block, read_body

from vbgen.read import convert
from vbgen.read.logical import DEFAULT_TAB_TW, LogicalDocument, logical_paragraphs, source_format
from vbgen.read.sections import SectionView, _read_sections, _read_sections_fast


class UnreadableDocumentError(VbgenError):
    """The file is missing, or not a Word document this reader can open."""


@dataclasses.dataclass
class Document:
    """A Word file as it prints."""

    name: str
    logical: LogicalDocument
    sections: list[SectionView]
    stories: list  # (where, Para) for every header/footer line
    text_width_tw: int
    docx: str | os.PathLike | bytes | None = None
    """The .docx read (the file, or LibreOffice's conversion of a .doc/.odt)."""


def read_document(source: str | os.PathLike | bytes, *, render: bool = False) -> Document:
    """Read a .docx (path or bytes), or a .doc/.odt/.rtf path, as it prints.

    Raises:
        UnreadableDocumentError: missing file, not a Word document, or a .doc/.odt without
            LibreOffice.
    """
    name = "<bytes>" if isinstance(source, (bytes, bytearray)) else os.fspath(source)
    fmt = source_format(source)
    if fmt in ("doc", "odt", "rtf"):
        try:
            source = convert.to_docx(source)
        except convert.ConversionError as e:
            raise UnreadableDocumentError(str(e)) from e
    read = None
    fast = open_fast(source)
    if fast is not None:
        try:
            body = read_block(fast.body, fast.resolver)
            sections, stories = _read_sections_fast(fast)
            read = body, sections, stories
        except Exception:
            read = None  # let python-docx decide
    if read is None:
        try:
            document = open_document(source)
        except (OSError, ValueError) as e:
            raise UnreadableDocumentError(f"{name}: {e}") from e
        resolver = StyleResolver(document)
        body = read_body(document, resolver)
        sections, stories = _read_sections(document, resolver)
    else:
        body, sections, stories = read
    first = sections[0] if sections else None
    text_width_tw = 9355  # A4 with 30/15 mm margins, if the section says nothing
    if first and first.width_mm and first.margins_mm["left"] is not None:
        width = first.width_mm - (first.margins_mm["left"] or 0) - (first.margins_mm["right"] or 0)
        text_width_tw = round(width * 1440 / 25.4)
    logical = logical_paragraphs(body.paragraphs, body.tables, body.section_ends, text_width_tw=text_width_tw,
                                 default_tab_tw=default_tab_stop(source) or DEFAULT_TAB_TW)
    logical.source_format = fmt
    logical.footnotes = read_footnotes(source)
    if render:
        logical.pages = convert.page_count(source)
    return Document(name, logical, sections, stories, text_width_tw, source)
