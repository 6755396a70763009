"""Two empty signature fields where Decree 30 puts the signatures, found on the laid-out page.

Nghị định 30/2020, Phụ lục I, II.7–8: the signer's image goes centred between the position line
("CHỦ TỊCH", "PHÓ CHỦ TỊCH") and the signer's name; the organisation's seal image, at its real
size, covers about a third of the signer's image on its left. :func:`find_block` reads the text
lines with their boxes from the laid-out PDF (poppler's ``pdftotext -bbox-layout``: the same
renderer as the preview's ``pdftoppm``, one box per line in points; pdfminer would be one more
dependency and pypdf gives text operators, not lines), finds the position line and the name
under it on the last page that has them (the last body page: an appendix has no signer block),
and :func:`add_fields` adds the fields with pyHanko as an incremental update, so the PDF/A
identification and the rest of the metadata stay exactly as :mod:`vbgen.pdf.signready` wrote
them (pyHanko is told not to rewrite them; see :func:`add_fields`).
"""

from __future__ import annotations

import dataclasses
import html
import io
import re
import shutil
import subprocess
import tempfile
import unicodedata
from pathlib import Path

from vbgen.errors import ToolMissingError, VbgenError

SIGNER_FIELD = "ChuKyNguoiKy"
"""Name of the signer's field (the signing tools list fields by name)."""
ORGANISATION_FIELD = "ChuKyCoQuan"
"""Name of the organisation's (seal) field."""

SEAL = 102.0
"""The seal's side in points: a 36 mm round seal (Nghị định 99/2016 sizes run about 30–42 mm)."""
SIGNER_WIDTH = 130.0
"""The signer's field width in points (about 46 mm), centred on the position line."""
DEFAULT_GAP = 62.0
"""Height below the position line when the block has no name yet (a draft)."""
PAD = 3.0


class LayoutError(VbgenError):
    """The signer block could not be found on the laid-out page."""


@dataclasses.dataclass(frozen=True)
class Line:
    """One text line of a page; coordinates in PDF points, origin at the bottom left."""

    page: int
    text: str
    x0: float
    y0: float
    x1: float
    y1: float

    @property
    def cx(self) -> float:
        return (self.x0 + self.x1) / 2


@dataclasses.dataclass(frozen=True)
class Block:
    """The signer block found: its page, the position line, the name line (None in a draft),
    and the two field rectangles (x0, y0, x1, y1) in PDF points."""

    page: int
    position: Line
    name: Line | None
    signer: tuple[float, float, float, float]
    organisation: tuple[float, float, float, float]


_PAGE = re.compile(r'<page width="([\d.]+)" height="([\d.]+)">')
_LINE = re.compile(r'<line xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">(.*?)</line>', re.S)
_WORD = re.compile(r"<word[^>]*>(.*?)</word>", re.S)


def text_lines(pdf: bytes, first: int | None = None, last: int | None = None) -> list[list[Line]]:
    """The text lines of every page (``pdftotext -bbox-layout``), top to bottom; with ``first``
    and ``last`` (1-based) only those pages, numbered from ``first``."""
    exe = shutil.which("pdftotext")
    if exe is None:
        raise ToolMissingError("pdftotext is needed to place the signature fields; "
                               "install poppler-utils (Debian/Ubuntu: 'sudo apt-get install poppler-utils')")
    with tempfile.TemporaryDirectory(prefix="vbgen-sig-") as tmp:
        src = Path(tmp) / "in.pdf"
        src.write_bytes(pdf)
        pages_arg = [a for n, flag in ((first, "-f"), (last, "-l")) if n for a in (flag, str(n))]
        done = subprocess.run([exe, "-bbox-layout", *pages_arg, str(src), "-"], capture_output=True, timeout=120)
    if done.returncode != 0:
        raise LayoutError(f"pdftotext could not read the PDF: {done.stderr.decode('utf-8', 'replace').strip()}")
    out = done.stdout.decode("utf-8", "replace")
    pages: list[list[Line]] = []
    chunks = _PAGE.split(out)[1:]  # width, height, body, width, height, body …
    for i in range(0, len(chunks), 3):
        height = float(chunks[i + 1])
        lines = []
        for m in _LINE.finditer(chunks[i + 2]):
            x0, top, x1, bottom = (float(v) for v in m.group(1, 2, 3, 4))
            words = [html.unescape(w) for w in _WORD.findall(m.group(5))]
            lines.append(Line(len(pages) + (first or 1) - 1, _norm(" ".join(words)), x0, height - bottom, x1, height - top))
        pages.append(sorted(lines, key=lambda ln: -ln.y1))
    return pages


def _norm(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text).split())


def find_block(pages: list[list[Line]], position: str, name: str = "") -> Block:
    """The last page with the position line (and the name under it, when there is one) in the
    right half of the page, and the two field rectangles there."""
    position, name = _norm(position), _norm(name)
    for page in reversed(range(len(pages))):
        lines = pages[page]
        width = max((ln.x1 for ln in lines), default=0) or 1
        for pos in (ln for ln in lines if ln.text == position and ln.cx > width / 2):
            below = [ln for ln in lines if ln.y1 < pos.y0 and abs(ln.cx - pos.cx) < 60]
            found = next((ln for ln in below if ln.text == name), None) if name else None
            if name and found is None:
                continue
            return _place(page, pos, found)
    what = f'"{position}"' + (f' and "{name}" under it' if name else "")
    raise LayoutError(f"the signer block ({what}) was not found on any page of the PDF; "
                      "check the signature lines and name of the document")


def _place(page: int, pos: Line, name: Line | None) -> Block:
    top = pos.y0 - PAD
    bottom = (name.y1 + PAD) if name is not None else top - DEFAULT_GAP
    half = SIGNER_WIDTH / 2
    signer = (round(pos.cx - half, 2), round(bottom, 2), round(pos.cx + half, 2), round(top, 2))
    middle = (top + bottom) / 2
    right = signer[0] + SIGNER_WIDTH / 3  # the seal covers the left third of the signer's image
    organisation = (round(right - SEAL, 2), round(middle - SEAL / 2, 2), round(right, 2), round(middle + SEAL / 2, 2))
    return Block(page, pos, name, signer, organisation)


def add_fields(pdf: bytes, position: str, name: str = "") -> tuple[bytes, Block]:
    """``pdf`` with two empty, unsigned signature fields (:data:`SIGNER_FIELD`,
    :data:`ORGANISATION_FIELD`) at the Decree-30 places, appended as an incremental update."""
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign.fields import SigFieldSpec, append_signature_field

    block = find_block(text_lines(pdf), position, name)
    writer = IncrementalPdfFileWriter(io.BytesIO(pdf))
    # pyHanko would rewrite the XMP packet (in RDF attribute form, without the keywords and the
    # description) and the information dictionary (without Subject, Keywords, Creator) with its own
    # edit date; the metadata that finish() made consistent is kept as it is instead.
    writer._update_meta = lambda: None  # noqa: SLF001 - no public switch in pyHanko 0.2x–0.38
    for field, box in ((ORGANISATION_FIELD, block.organisation), (SIGNER_FIELD, block.signer)):
        append_signature_field(writer, SigFieldSpec(sig_field_name=field, on_page=block.page, box=box))
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue(), block
