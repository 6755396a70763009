"""The PDF step of ``build`` and ``batch``: plain (``--pdf``) or ready to sign (``--sign-ready``).

Every written .docx goes through LibreOffice (:func:`vbgen.pdf.export.convert`; with
``--sign-ready`` as PDF/A-2b). Then each PDF is read back: the fonts it really carries are
compared with Times New Roman (a warning naming the substitute; an error with ``--strict``,
and the PDF is removed so that nobody signs it); a sign-ready PDF gets the document's metadata
(:func:`vbgen.pdf.signready.finish`) and, with ``--sig-fields``, the two empty signature fields
(:func:`vbgen.pdf.sigfields.add_fields`).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from vbgen.atomic import write_atomic
from vbgen.errors import VbgenError
from vbgen.i18n import _
from vbgen.pdf.signready import PDFA_FILTER, SignMeta


@dataclasses.dataclass(frozen=True)
class PdfOptions:
    sign_ready: bool = False
    sig_fields: bool = False
    strict: bool = False

    @property
    def filter_data(self) -> dict | None:
        return dict(PDFA_FILTER) if self.sign_ready else None


@dataclasses.dataclass
class PdfResult:
    """One PDF made (``pdf`` set) or not (``error``), and what was noticed (``warnings``)."""

    docx: Path
    pdf: Path | None = None
    error: str | None = None
    warnings: list[str] = dataclasses.field(default_factory=list)


def make_pdfs(items: Sequence[tuple[Path, SignMeta | None]], opts: PdfOptions, *, soffice: str | None = None,
              progress: Callable[[int], None] | None = None, office: Any = None) -> list[PdfResult]:
    """A PDF next to every .docx of ``items`` (path, its metadata); never raises for one file."""
    from vbgen.pdf import export

    converted = export.convert([p for p, _m in items], soffice=soffice, progress=progress, office=office,
                               filter_data=opts.filter_data)
    out = []
    for (docx, meta), c in zip(items, converted):
        r = PdfResult(docx, error=c.error)
        if c.pdf is not None:
            try:
                r.warnings = finish_one(c.pdf, meta, opts)
                r.pdf = c.pdf
            except VbgenError as e:
                r.error = e.format_message()
                c.pdf.unlink(missing_ok=True)
        out.append(r)
    return out


def finish_one(pdf_path: Path, meta: SignMeta | None, opts: PdfOptions) -> list[str]:
    """Font truth, and for a sign-ready PDF its metadata and fields; rewrites ``pdf_path``.
    Returns the warnings; raises :class:`VbgenError` when ``--strict`` turns one into an error."""
    from vbgen.pdf.fonts import font_warnings

    import pikepdf

    data = pdf_path.read_bytes()
    try:
        warnings = font_warnings(data, pdf_path.name)
    except pikepdf.PdfError as e:  # LibreOffice wrote something qpdf cannot read
        warnings = [f"{pdf_path.name}: the fonts could not be read back ({e}); the PDF may be damaged"]
    if warnings and opts.strict:
        raise VbgenError("; ".join(warnings) + _(" (an error with --strict)"))
    if opts.sign_ready and meta is not None:
        from vbgen.pdf.signready import finish

        data = finish(data, meta)
        if opts.sig_fields:
            from vbgen.pdf.sigfields import add_fields

            data, _block = add_fields(data, meta.position, meta.name)
        write_atomic(pdf_path, data)
    return warnings


def sign_ready_bytes(docx: bytes, meta: SignMeta, sig_fields: bool = False) -> tuple[bytes, list[str]]:
    """The sign-ready PDF of one .docx held in memory (the web's "Tải PDF trình ký"), through
    the shared warm LibreOffice, or one ``soffice`` call where it cannot run; and the warnings."""
    import tempfile

    from vbgen.errors import ToolMissingError
    from vbgen.pdf.fonts import font_warnings
    from vbgen.pdf.signready import finish

    try:
        from vbgen.pdf.pool import shared_office

        pdf = shared_office().convert(docx, filter_data=PDFA_FILTER)
    except ToolMissingError:
        from vbgen.pdf.common import normalize_pdf
        from vbgen.pdf.export import convert

        with tempfile.TemporaryDirectory(prefix="vbgen-sign-") as tmp:
            path = Path(tmp) / "document.docx"
            path.write_bytes(docx)
            [c] = convert([path], filter_data=PDFA_FILTER, reproducible=False)
            if c.pdf is None:
                raise VbgenError(f"PDF: {c.error}") from None
            pdf = normalize_pdf(c.pdf.read_bytes(), docx)
    warnings = font_warnings(pdf, "PDF")
    pdf = finish(pdf, meta)
    if sig_fields:
        from vbgen.pdf.sigfields import add_fields

        pdf, _block = add_fields(pdf, meta.position, meta.name)
    return pdf, warnings
