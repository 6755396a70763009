"""Which fonts a PDF really carries: the truth about Times New Roman.

On a server without Times New Roman, LibreOffice silently lays the document out in a
metric-compatible font (Liberation Serif) and embeds that: the lines break as in Word, but the
signed file is not in the font Decree 30 names. :func:`pdf_fonts` reads every font of every page
(its ``/BaseFont`` without the subset prefix, and whether its program is embedded);
:func:`substitutes` names those that are not Times New Roman; :func:`font_warnings` says it in a
sentence with how to install the real font.
"""

from __future__ import annotations

import dataclasses
import io
import re

from vbgen.i18n import N_, _

TIMES = "Times New Roman"
_SUBSET = re.compile(r"^[A-Z]{6}\+")
_TIMES_NAMES = re.compile(r"^TimesNewRoman(PS)?(MT)?([,-].*)?$|^Times New Roman", re.I)
_FONT_FILES = ("/FontFile", "/FontFile2", "/FontFile3")

INSTALL_TIMES = N_(
    "install Times New Roman on the machine that makes the PDF — Debian/Ubuntu: "
    "'sudo apt-get install ttf-mscorefonts-installer' (from the contrib section; it accepts the "
    "Microsoft licence and downloads the fonts), or copy times.ttf, timesbd.ttf, timesi.ttf and "
    "timesbi.ttf from a licensed Windows (C:\\Windows\\Fonts) to /usr/local/share/fonts and run "
    "'fc-cache -f'; Windows has the font already — then make the PDF again"
)


@dataclasses.dataclass(frozen=True)
class PdfFont:
    """One font of a PDF: ``name`` without the subset prefix ("LiberationSerif-Bold")."""

    name: str
    embedded: bool
    family: str
    """The family part of the name ("LiberationSerif", "TimesNewRomanPSMT")."""

    @property
    def is_times(self) -> bool:
        return bool(_TIMES_NAMES.match(self.name))


def pdf_fonts(pdf) -> list[PdfFont]:
    """Every distinct font used on the pages of ``pdf`` (bytes or an open pikepdf.Pdf), with
    whether its program is embedded (a Type 3 font is its own program)."""
    import pikepdf

    doc = pikepdf.open(io.BytesIO(pdf)) if isinstance(pdf, bytes) else pdf
    seen: dict[str, PdfFont] = {}
    try:
        for page in doc.pages:
            for font in _page_fonts(page):
                subtype = str(font.get("/Subtype", ""))
                raw = str(font.get("/BaseFont", "")).lstrip("/") or f"({subtype.lstrip('/') or 'unnamed'})"
                name = _SUBSET.sub("", raw)
                if subtype == "/Type3":
                    embedded = True
                else:
                    desc = font.get("/FontDescriptor")
                    if desc is None and "/DescendantFonts" in font:
                        desc = font.DescendantFonts[0].get("/FontDescriptor")
                    embedded = desc is not None and any(k in desc for k in _FONT_FILES)
                key = f"{name}|{embedded}"
                if key not in seen:
                    seen[key] = PdfFont(name, embedded, re.split(r"[,-]", name, maxsplit=1)[0])
    finally:
        if isinstance(pdf, bytes):
            doc.close()
    return sorted(seen.values(), key=lambda f: f.name)


def _page_fonts(page):
    """The font dictionaries of a page and of the form XObjects it draws (one level is enough
    for LibreOffice's output; annotations' appearances are searched too)."""
    resources = page.obj.get("/Resources") or {}
    yield from (resources.get("/Font") or {}).values()
    for xobj in (resources.get("/XObject") or {}).values():
        sub = xobj.get("/Resources") or {}
        yield from (sub.get("/Font") or {}).values()


def substitutes(fonts: list[PdfFont]) -> list[str]:
    """Families used instead of Times New Roman ("LiberationSerif"), in order of first use."""
    return list(dict.fromkeys(f.family for f in fonts if not f.is_times))


def font_warnings(pdf: bytes, label: str) -> list[str]:
    """Sentences for the fonts of ``pdf`` that are not Times New Roman or not embedded."""
    fonts = pdf_fonts(pdf)
    out = []
    subs = substitutes(fonts)
    if subs:
        out.append(label + ": " + _("the PDF is set in {fonts}, not Times New Roman (LibreOffice substituted it because "
                                    "Times New Roman is not installed here); {fix}").format(fonts=", ".join(subs), fix=_(INSTALL_TIMES)))
    missing = [f.name for f in fonts if not f.embedded]
    if missing:
        out.append(label + ": " + _("font(s) not embedded: {fonts}; the signed file would look different "
                                    "elsewhere").format(fonts=", ".join(missing)))
    return out
