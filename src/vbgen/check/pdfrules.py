"""``vbgen check FILE.pdf``: what can be read from a PDF that goes to the signing tool.

Rules (ids in :data:`PDF_RULES`): the PDF/A claim and its version (TCVN 14159-2:2024 = ISO 19005-2
for archives), every font embedded, the fonts that are not Times New Roman (named, with how to
install the real one), A4 pages (portrait, or landscape for wide appendix tables), no
encryption, the signer block on the last body page (the page with "Nơi nhận:"), and in a file
that claims PDF/A — a file made for electronic issue — number and date left blank for the
e-office system (Nghị định 30/2020, Điều 15.3).

A claim is not a validation: these rules read what the file says about itself (pikepdf) and
its text lines (poppler's pdftotext); no PDF/A validator (veraPDF) runs here.
"""

from __future__ import annotations

import io
import re
from pathlib import Path

from vbgen.check.common import _AUTHORITY_RE, _POSITION_RE, Finding, UnreadableDocxError
from vbgen.i18n import N_, _

A4 = (595.28, 841.89)
TOLERANCE = 1.0

PDF_RULES: dict[str, str] = {
    "pdf.pdfa": N_("the file claims PDF/A-2 (TCVN 14159-2:2024) in its XMP metadata"),
    "pdf.fonts": N_("every font is embedded"),
    "pdf.times": N_("the text is set in Times New Roman, not a substitute"),
    "pdf.page": N_("every page is A4"),
    "pdf.encryption": N_("the file is not encrypted"),
    "pdf.signature": N_("the signer block (position and name) is on the last body page"),
    "pdf.number": N_("number and date are blank in a file for electronic issue"),
}

CLAIM_NOTE = N_("a claim is not a validation: vbgen reads what the file says about itself; no PDF/A validator "
                "(veraPDF) was run")

_NUMBER = re.compile(r"Số\s*:\s*(\d+)\s*/")
_DATE = re.compile(r"ngày\s+(\d{1,2})\s+tháng\s+(\d{1,2})\s+năm\s+\d{4}")


def check_pdf(path: Path | str, data: bytes | None = None) -> tuple[list[Finding], str | None]:
    """Findings for one PDF, and a note on its PDF/A claim (None when it claims none)."""
    import pikepdf

    from vbgen.pdf.fonts import INSTALL_TIMES, pdf_fonts, substitutes

    raw = data if data is not None else Path(path).read_bytes()
    findings: list[Finding] = []
    try:
        doc = pikepdf.open(io.BytesIO(raw))
    except pikepdf.PasswordError:
        return [Finding("pdf.encryption", _("the PDF is encrypted with a password: a file for signing and archiving "
                                            "must not be encrypted (PDF/A forbids it)"), None, None)], None
    except pikepdf.PdfError as e:
        raise UnreadableDocxError(_("{path} is not a readable PDF: {error}").format(path=path, error=e)) from None
    with doc:
        if doc.is_encrypted:
            findings.append(Finding("pdf.encryption", _("the PDF is encrypted: a file for signing and archiving must not be "
                                                        "encrypted (PDF/A forbids it); export it again without a password"), None, None))
        xmp = doc.open_metadata()
        part, conformance = xmp.get("pdfaid:part"), xmp.get("pdfaid:conformance")
        claimed = f"PDF/A-{part}{str(conformance or '').lower()}" if part else None
        if not part:
            findings.append(Finding("pdf.pdfa", _("no PDF/A claim in the XMP metadata: for the archive the file should be "
                                                  "PDF/A-2 (TCVN 14159-2:2024); make it with 'vbgen build --sign-ready'"), None, None))
        elif str(part) != "2":
            findings.append(Finding("pdf.pdfa", _("the file claims {claim}; the archive standard TCVN 14159-2:2024 is "
                                                  "PDF/A-2").format(claim=claimed), None, None))
        fonts = pdf_fonts(doc)
        missing = [f.name for f in fonts if not f.embedded]
        if missing:
            findings.append(Finding("pdf.fonts", _("font(s) not embedded: {fonts}; the signed file would look different "
                                                   "elsewhere").format(fonts=", ".join(missing)), None, None))
        subs = substitutes(fonts)
        if subs:
            findings.append(Finding("pdf.times", _("the text is set in {fonts}, not Times New Roman (Nghị định 30/2020, "
                                                   "Phụ lục I, I.4); {fix}").format(fonts=", ".join(subs), fix=_(INSTALL_TIMES)),
                                    None, None))
        for i, page in enumerate(doc.pages, start=1):
            box = [float(v) for v in page.mediabox]
            size = sorted((abs(box[2] - box[0]), abs(box[3] - box[1])))
            if abs(size[0] - A4[0]) > TOLERANCE or abs(size[1] - A4[1]) > TOLERANCE:
                findings.append(Finding("pdf.page", _("page {page} is {w:.0f} × {h:.0f} pt; A4 is 595 × 842 pt (210 × 297 mm)").format(
                    page=i, w=box[2] - box[0], h=box[3] - box[1]), None, f"page {i}"))
    findings += _layout_findings(raw, sign_ready=bool(part))
    return findings, (_("{claim} claimed; {note}").format(claim=claimed, note=_(CLAIM_NOTE)) if claimed else None)


def _layout_findings(raw: bytes, sign_ready: bool) -> list[Finding]:
    from vbgen.pdf.sigfields import text_lines

    pages = text_lines(raw)
    out: list[Finding] = []
    block = _signer_page(pages)
    if block is None:
        out.append(Finding("pdf.signature", _("no signer block found: no page has \"Nơi nhận:\" with a position line "
                                              "(\"CHỦ TỊCH\", \"KT. CHỦ TỊCH\" …) beside it"), None, None))
    elif not block[1]:
        out.append(Finding("pdf.signature", _("page {page}: the signer block has no name under the position line; the "
                                              "leader signs above the printed name").format(page=block[0] + 1), None, f"page {block[0] + 1}"))
    if sign_ready and pages:
        first = " ".join(ln.text for ln in pages[0])
        if _NUMBER.search(first) or _DATE.search(first):
            out.append(Finding("pdf.number", _("page 1 prints a number or an issue date, but a file for electronic issue "
                                               "leaves both blank: the e-office system gives them at signing (Nghị định "
                                               "30/2020, Điều 15.3); make it with 'vbgen build --sign-ready'"), None, "page 1"))
    return out


def _signer_page(pages) -> tuple[int, bool] | None:
    """(index, has a name) of the last page with "Nơi nhận:" and a position line to its right."""
    for index in reversed(range(len(pages))):
        lines = pages[index]
        recipients = [ln for ln in lines if ln.text.startswith("Nơi nhận")]
        if not recipients:
            continue
        mid = recipients[0].x1
        positions = [ln for ln in lines if ln.x0 > mid and (_AUTHORITY_RE.match(ln.text) or _POSITION_RE.match(ln.text))]
        if not positions:
            continue
        last = min(positions, key=lambda ln: ln.y0)
        named = [ln for ln in lines if ln.x0 > mid and ln.y1 < last.y0 and not ln.text.isupper()]
        return index, bool(named)
    return None
