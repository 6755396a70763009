"""Inline pieces (:mod:`vbgen.inline`) as WordprocessingML runs.

Bold and italic are direct run properties (``w:b``/``w:bCs``, ``w:i``/``w:iCs``) in schema
order; a line break is ``<w:br/>``; a footnote reference is a run in the FootnoteReference
character style holding ``<w:footnoteReference w:id="n"/>``. Every text is escaped here, once.
"""

from __future__ import annotations

from collections.abc import Iterable
from xml.sax.saxutils import escape

from vbgen.content.inline import LineBreak, Note, NoteRef, Piece, Span

FOOTNOTE_REFERENCE_STYLE = "FootnoteReference"
FOOTNOTE_TEXT_STYLE = "FootnoteText"


def _rpr(bold: bool, italic: bool) -> str:
    props = ("<w:b/><w:bCs/>" if bold else "") + ("<w:i/><w:iCs/>" if italic else "")
    return f"<w:rPr>{props}</w:rPr>" if props else ""


def text_run(text: str, bold: bool = False, italic: bool = False) -> str:
    """One ``<w:r>`` with ``text`` (spaces kept)."""
    return f'<w:r>{_rpr(bold, italic)}<w:t xml:space="preserve">{escape(text)}</w:t></w:r>'


def reference_run(note_id: int) -> str:
    """The superscript mark of the footnote with id ``note_id`` in the text."""
    return (f'<w:r><w:rPr><w:rStyle w:val="{FOOTNOTE_REFERENCE_STYLE}"/></w:rPr>'
            f'<w:footnoteReference w:id="{note_id}"/></w:r>')


def runs_xml(pieces: Iterable[Piece], first_note_id: int = 1) -> str:
    """The runs of one paragraph (no ``<w:p>``, no ``<w:pPr>``: the template has those).

    Footnote n gets the id ``first_note_id + n - 1`` (Word numbers the marks by their order;
    the id only has to follow the separators of the template's footnotes part).
    """
    out = []
    for p in pieces:
        if isinstance(p, Span):
            out.append(text_run(p.text, p.bold, p.italic))
        elif isinstance(p, LineBreak):
            out.append("<w:r><w:br/></w:r>")
        elif isinstance(p, NoteRef):
            out.append(reference_run(first_note_id + p.number - 1))
        elif isinstance(p, Note):  # pragma: no cover - compose numbers every note
            raise ValueError("footnotes must be numbered before rendering (inline.number_notes)")
    return "".join(out)
