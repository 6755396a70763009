"""The PDF that goes into the signing tool: PDF/A-2b, fonts embedded, the document's metadata.

LibreOffice writes PDF/A-2b itself when its PDF export gets ``SelectPdfVersion=2``
(:data:`PDFA_FILTER`): every font embedded, no encryption, an XMP packet claiming
``pdfaid:part=2``, ``pdfaid:conformance=B``. It takes the title (the trích yếu) and the
language (``vi-VN``) from the .docx; :func:`finish` then sets what the .docx does not say — the
issuing body as author — through pikepdf's XMP editor, which writes the document information
dictionary and the XMP packet together (PDF/A wants them equal), keeps the PDF/A
identification, and gives the creation date of the document instead of the time of the run, so
the same .docx gives the same PDF.

A claim is not a validation: nothing here runs a PDF/A validator (veraPDF is not available);
``vbgen check FILE.pdf`` reads the claim and the properties it can see.
"""

from __future__ import annotations

import dataclasses
import io

PDFA_FILTER: dict = {"SelectPdfVersion": 2}
"""LibreOffice PDF export options for PDF/A-2b (ISO 19005-2 = TCVN 14159-2:2024)."""

LANGUAGE = "vi-VN"


@dataclasses.dataclass(frozen=True)
class SignMeta:
    """What the sign-ready PDF says about itself, and where its signer block is."""

    title: str
    """The trích yếu (dc:title, /Title)."""
    author: str
    """The issuing body, e.g. "Ủy ban nhân dân tỉnh Tây Ninh" (dc:creator, /Author)."""
    created: str
    """The document's date, ISO 8601 ("2026-05-07T00:00:00Z"): xmp:CreateDate, /CreationDate."""
    position: str = ""
    """The last line of the signer's position ("CHỦ TỊCH", "PHÓ CHỦ TỊCH"): where the signer signs."""
    name: str = ""
    """The signer's name under the signature ("" in a draft)."""


def finish(pdf: bytes, meta: SignMeta) -> bytes:
    """Author, title, language and dates of a LibreOffice PDF/A set to the document's own, in
    the information dictionary and the XMP packet alike; the PDF/A claim is kept."""
    import pikepdf

    with pikepdf.open(io.BytesIO(pdf)) as doc:
        with doc.open_metadata(set_pikepdf_as_editor=False) as xmp:
            xmp["dc:title"] = meta.title
            xmp["dc:creator"] = [meta.author]
            xmp["dc:language"] = [LANGUAGE]
            xmp["xmp:CreateDate"] = meta.created
            xmp["xmp:ModifyDate"] = meta.created
        doc.docinfo[pikepdf.Name.Author] = meta.author  # pikepdf maps a one-item dc:creator too; be explicit
        doc.docinfo[pikepdf.Name.CreationDate] = _pdf_date(meta.created)
        doc.docinfo[pikepdf.Name.ModDate] = _pdf_date(meta.created)
        doc.Root.Lang = pikepdf.String(LANGUAGE)
        out = io.BytesIO()
        doc.save(out, deterministic_id=True)
    return out.getvalue()


def _pdf_date(iso: str) -> str:
    """"2026-05-07T00:00:00Z" -> "D:20260507000000Z"."""
    digits = "".join(ch for ch in iso[:19] if ch.isdigit())
    return f"D:{digits}Z"


def claim(pdf: bytes) -> tuple[str, str] | None:
    """The PDF/A part and conformance the file claims in its XMP ("2", "B"), or None."""
    import pikepdf

    with pikepdf.open(io.BytesIO(pdf)) as doc:
        xmp = doc.open_metadata()
        part, conformance = xmp.get("pdfaid:part"), xmp.get("pdfaid:conformance")
    return (str(part), str(conformance or "")) if part else None
