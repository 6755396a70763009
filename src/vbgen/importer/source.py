"""A file to import, as :class:`Line` records: the logical document of :mod:`vbgen.read` (the one
reader ``vbgen check`` uses too) seen as recognition needs it.

A .docx, .doc, .odt or .rtf is read by :func:`vbgen.read.document.read_document`: Word's list
labels resolved, leading Tabs and spaces read as the indent they print, Nơi nhận and the
signature typed on the same lines split at the tab stop into two cells, TCVN3/VNI decoded, .doc
/.odt/.rtf converted by LibreOffice. Here each logical paragraph becomes a :class:`Line`
(alignment, bold, cell; a bullet label as "-"). A .txt is one line per paragraph (``**…**``
around a line marks it bold, as the reference texts write it). A PDF or an image has no text
layer vbgen can trust: refused, with a message that it needs OCR first.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

from vbgen import vi
from vbgen.errors import VbgenError
from vbgen.i18n import _
from vbgen.read import legacy
from vbgen.read.encoding import NAMES as ENCODING_NAMES
from vbgen.content.inline import Span  # a stretch of a line with one formatting, as the inline model has it

WORD = {".docx", ".docm", ".dotx"}
CONVERTED = {".doc", ".odt", ".rtf"}
TEXT = {".txt"}
NEEDS_OCR = {".pdf", ".png", ".jpg", ".jpeg", ".tif", ".tiff", ".bmp", ".gif", ".webp"}
BULLETS = {"-", "–", "—", "•", "\uf0b7", "\uf02d", "\uf0a7", "o", "▪", "◦", "·", "∙", "\uf0d8"}
"""List labels that print as a point; Word's Symbol-font bullets included."""


@dataclasses.dataclass(frozen=True)
class Line:
    """One paragraph of the source, as printed."""

    index: int
    """Paragraph number in the source (1-based), for the review and the YAML comments."""
    text: str
    """Visible text after the label, NFC; "\\t" for tabs, "\\n" for line breaks."""
    label: str = ""
    """Word's automatic numbering label, resolved: "1.", "a)", "-" ("" when typed by hand)."""
    align: str = "left"
    bold: bool = False
    """Every letter of the line is bold."""
    italic: bool = False
    spans: tuple[Span, ...] = ()
    cell: tuple[int, int, int] | None = None
    """(table, row, column) of the cell holding the line; None outside tables."""
    encoding: str | None = None
    """The legacy encoding the line was typed in (TCVN3, VNI), None for Unicode."""
    notes: tuple[tuple[int, str], ...] = ()
    """Footnote marks: (how many of ``spans`` come before the mark, the note's text)."""

    @property
    def full(self) -> str:
        """Label and text as a reader sees them: "1. Mục đích"."""
        return (self.label + " " + self.text).strip() if self.label else self.text.strip()


@dataclasses.dataclass
class Source:
    """What was read from one file."""

    path: Path
    lines: list[Line]
    tables: dict[int, tuple[int, int]]
    """Table index → (rows, columns)."""
    footnotes: int = 0
    converted_from: str | None = None
    logical: object = None
    """The :class:`vbgen.read.logical.LogicalDocument` read (None for a .txt)."""
    records: dict = dataclasses.field(default_factory=dict)
    """Table index → its :class:`vbgen.ooxml.records.Table` (grid, merges, header rows)."""

    def encoding_note(self) -> str:
        """"typed in TCVN3 (.VnTime): 40 paragraph(s) decoded to Unicode", or ""."""
        names = {"TCVN3": "TCVN3 (.VnTime)", "VNI": "VNI (VNI-Times)"}
        found = [ENCODING_NAMES.get(line.encoding, line.encoding) for line in self.lines if line.encoding]
        if not found:
            return ""
        kinds = sorted({names[e] for e in found})
        return f"typed in {' and '.join(kinds)}: {len(found)} paragraph(s) decoded to Unicode"


def read_source(path: Path) -> Source:
    """Read ``path`` (.docx, .docm, .odt, .doc, .rtf, .txt) into lines; VbgenError otherwise."""
    suffix = path.suffix.lower()
    if not path.is_file():
        raise VbgenError(_("{path}: no such file").format(path=path))
    if suffix in NEEDS_OCR or _looks_like_pdf(path):
        raise VbgenError(_("{path}: a scanned PDF or an image has no text vbgen can read; run OCR on it first "
                           "(e.g. save it as .docx from a scanner's OCR, or with 'ocrmypdf') and import that file").format(path=path))
    if suffix in TEXT:
        return _read_text(path)
    if suffix in WORD or suffix in CONVERTED:
        source = _read_word(path)
        source.converted_from = suffix if suffix in CONVERTED else None
        return source
    raise VbgenError(_("{path}: vbgen imports .docx, .doc, .odt and .txt files, not '{suffix}'").format(path=path, suffix=suffix or "?"))


def _looks_like_pdf(path: Path) -> bool:
    with path.open("rb") as f:
        return f.read(5) == b"%PDF-"


def _read_text(path: Path) -> Source:
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = raw.decode("cp1252", errors="replace")  # a legacy file saved as "ANSI"
    lines: list[Line] = []
    for n, row in enumerate(text.splitlines(), start=1):
        stripped = row.strip()
        if not stripped:
            continue
        bold = stripped.startswith("**") and stripped.endswith("**") and len(stripped) > 4
        body = stripped[2:-2].strip() if bold else stripped
        body, encoding = legacy.decode_text(body)
        lines.append(Line(n, vi.nfc(body), bold=bold, spans=(Span(vi.nfc(body), bold),), encoding=encoding))
    return Source(path, _join_bold_runs(lines), {})


def _join_bold_runs(lines: list[Line]) -> list[Line]:
    """A .txt writes a bold block of several lines as "**first" … "last**": join the marks."""
    out: list[Line] = []
    i = 0
    while i < len(lines):
        line = lines[i]
        if line.text.startswith("**") and not line.bold:
            j = i
            while j < len(lines) and not lines[j].text.endswith("**"):
                j += 1
            if j < len(lines):
                for k in range(i, j + 1):
                    t = lines[k].text.removeprefix("**").removesuffix("**").strip()
                    out.append(dataclasses.replace(lines[k], text=t, bold=True, spans=(Span(t, True),)))
                i = j + 1
                continue
        out.append(line)
        i += 1
    return out


def _read_word(path: Path) -> Source:
    from vbgen.read.convert import ConversionError
    from vbgen.read.document import UnreadableDocumentError, read_document

    try:
        doc = read_document(path)
    except UnreadableDocumentError as e:
        if isinstance(e.__cause__, ConversionError):
            raise VbgenError(str(e)) from None
        reason = str(e.__cause__ or e)
        raise VbgenError(_("{path}: not a readable Word file ({reason})").format(path=path, reason=reason)) from None
    lg = doc.logical
    notes = {n.id: n.text for n in lg.footnotes}
    lines: list[Line] = []
    for i, p in enumerate(lg.paras):
        label = lg.labels[i]
        marks = tuple((max(0, k - (1 if label else 0)), notes.get(n, "")) for k, n in p.notes)
        spans: list[Span] = []
        for run in (p.runs[1:] if label else p.runs):  # a Word label is the first run
            if not run.text:
                continue
            spans.append(Span(vi.upper(run.text) if run.caps else run.text, run.bold, run.italic))
        text = vi.nfc("".join(s.text for s in spans))
        letters = [s for s in spans if s.text.strip()]
        lines.append(Line(
            lg.source[i] + 1, text, _label(label), p.fmt.align,
            bold=bool(letters) and all(s.bold for s in letters),
            italic=bool(letters) and all(s.italic for s in letters),
            spans=tuple(spans),
            cell=(p.cell.table, p.cell.row, p.cell.col) if p.cell else None,
            encoding=lg.encodings[i], notes=marks))
    tables = {t.index: (t.n_rows, t.n_cols) for t in lg.tables}
    return Source(path, lines, tables, len(lg.footnotes), logical=lg, records={t.index: t for t in lg.tables})


def _label(raw: str) -> str:
    """Word's numbering label as printed, without the tab after it; a bullet becomes "-"."""
    label = raw.replace("\t", " ").strip()
    if not label:
        return ""
    return "-" if label in BULLETS else label
