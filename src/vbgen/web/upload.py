"""A document uploaded to the check and import pages: what it is, what vbgen finds in it, and
its pages with those paragraphs marked.

Nothing is kept: each request writes the upload into a private temporary folder, which is
removed before the answer goes out. The file's type is decided by its content (a .docx is a
Word package, a .doc an OLE file with a WordDocument stream, an .odt an OpenDocument text),
never by its name; a PDF or an image is refused with a message that it needs OCR first.

The marked copy (:func:`vbgen.ooxml.highlight.highlight_paragraphs`) is converted to PDF with
the page preview's converter (the warm LibreOffice pool), its pages drawn with ``pdftoppm``
and handed to the page as ``data:`` images.
"""

from __future__ import annotations

import base64
import dataclasses
import io
import re
import shutil
import subprocess
import tempfile
import zipfile
from collections.abc import Callable
from pathlib import Path

from vbgen.errors import ToolMissingError, VbgenError
from vbgen.i18n import _
from vbgen.ooxml.highlight import Highlight, highlight_paragraphs, odt_without_external_links, without_external_links

MAX_FILE = 4 * 1024 * 1024 - 64 * 1024
"""Bytes an uploaded file may have (the request as a whole is capped at 4 MiB)."""
MAX_UNPACKED = 80 * 1024 * 1024
"""Bytes a Word package may unpack to (a "zip bomb" is refused before it is read)."""
MAX_DOCUMENT_XML = 16 * 1024 * 1024
"""Bytes of the text part (word/document.xml): a 100-page plan has about 2 MiB."""
MAX_PARAGRAPHS = 20000
"""Paragraphs a document may have (a 100-page plan has about 2 000; two million took four minutes
and 3.6 GB to read)."""
_PARAGRAPH_TAG = re.compile(rb"<[A-Za-z_][\w.-]*:p[\s/>]")
MAX_PAGES = 40
"""Pages drawn on the page; a longer document shows its first ones and says so."""
OLE = bytes.fromhex("D0CF11E0A1B11AE1")
WORD_STREAM = "WordDocument".encode("utf-16-le")
IMAGES = ((b"\x89PNG", "PNG"), (b"\xff\xd8\xff", "JPEG"), (b"GIF8", "GIF"), (b"II*\x00", "TIFF"), (b"MM\x00*", "TIFF"),
          (b"BM", "BMP"))
SEVERITY_COLOURS = {"error": ("C00000", "FDE4E1"), "warning": ("A05A00", "FFF0C8"), "note": ("1F5FAD", "E3EEFB")}
SEVERITY_VI = {"error": "Lỗi", "warning": "Cảnh báo", "note": "Lưu ý"}
SEVERITY_ORDER = ("error", "warning", "note")


class UploadError(VbgenError):
    """The upload is not a document vbgen can read; the message says what to do."""

    http_status = 400


@dataclasses.dataclass
class Page:
    number: int
    src: str
    """A data: URI of the PNG."""


def sniff(data: bytes) -> str:
    """"docx", "doc" or "odt", decided by the bytes; :class:`UploadError` otherwise."""
    if not data:
        raise UploadError(_("choose a file first: the upload is empty"))
    if len(data) > MAX_FILE:
        raise UploadError(_("the file is larger than {size} MiB; save it without pictures or split it").format(
            size=f"{MAX_FILE / 1048576:.1f}".replace(".", ",")))
    if data.startswith(b"%PDF-"):
        raise UploadError(_("this is a PDF: a scan has no text vbgen can read. Run OCR on it first (for example "
                            "ocrmypdf, or the scanner's own software), save the result as .docx and upload that"))
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP" or any(data.startswith(magic) for magic, _n in IMAGES):
        raise UploadError(_("this is an image: a scan has no text vbgen can read. Run OCR on it first, save the "
                            "result as .docx and upload that"))
    if data.startswith(OLE):
        if WORD_STREAM in data[:1024 * 1024] or WORD_STREAM in data:
            return "doc"
        raise UploadError(_("this is an old Office file but not a Word document (.doc); upload a .docx, .doc or .odt"))
    if data.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as z:
                infos = z.infolist()
                if sum(i.file_size for i in infos) > MAX_UNPACKED or len(infos) > 5000:
                    raise UploadError(_("the file unpacks to more than {size} MiB: it is not an ordinary document")
                                      .format(size=MAX_UNPACKED >> 20))
                names = {i.filename for i in infos}
                if "word/document.xml" in names:
                    return "docx"
                if "mimetype" in names and z.read("mimetype").strip() == b"application/vnd.oasis.opendocument.text":
                    return "odt"
        except (zipfile.BadZipFile, OSError, RuntimeError, NotImplementedError):
            raise UploadError(_("the file is damaged (an unreadable zip package); open it in Word and save it again")) from None
        raise UploadError(_("this zip package is not a Word document (.docx) nor an OpenDocument text (.odt)"))
    if data.lstrip()[:5] == b"{\\rtf":
        raise UploadError(_("this is an RTF file; open it in Word and save it as .docx (Tệp → Lưu thành → Tài liệu Word)"))
    raise UploadError(_("this is not a Word document: upload a .docx, .doc or .odt file"))


def as_docx(data: bytes, kind: str, folder: Path) -> bytes:
    """The bytes of a .docx: the upload itself, or LibreOffice's conversion of a .doc/.odt;
    :class:`UploadError` for a text part beyond :data:`MAX_DOCUMENT_XML` or :data:`MAX_PARAGRAPHS`."""
    if kind == "docx":
        return _within_limits(data)
    from vbgen.read import convert

    path = folder / f"tep-tai-len.{kind}"
    if kind == "odt":
        try:
            data = odt_without_external_links(data)  # LibreOffice would fetch a linked picture while converting
        except ValueError:
            raise UploadError(_("the file is damaged (an unreadable zip package); open it in Word and save it again")) from None
    path.write_bytes(data)
    try:
        return _within_limits(convert.to_docx(path))
    except convert.ConversionError as e:
        raise UploadError(_("LibreOffice could not open this {kind} file: {reason}").format(kind=f".{kind}", reason=e)) from None


def _within_limits(docx: bytes) -> bytes:
    """``docx`` within the limits, and without what would make LibreOffice fetch a URL or read a
    server file while it draws the pages (:func:`vbgen.ooxml.highlight.without_external_links`)."""
    try:
        with zipfile.ZipFile(io.BytesIO(docx)) as z:
            info = z.getinfo("word/document.xml")
            if info.file_size > MAX_DOCUMENT_XML:
                raise UploadError(_("the text of the document is larger than {size} MiB: it is not an ordinary document")
                                  .format(size=MAX_DOCUMENT_XML >> 20))
            text = z.read(info)
    except (zipfile.BadZipFile, KeyError, OSError, RuntimeError, NotImplementedError):
        raise UploadError(_("the file is damaged (an unreadable zip package); open it in Word and save it again")) from None
    count = len(_PARAGRAPH_TAG.findall(text))
    if count > MAX_PARAGRAPHS:
        raise UploadError(_("the document has {count} paragraphs, more than the {limit} this page reads; split it")
                          .format(count=count, limit=MAX_PARAGRAPHS))
    try:
        return without_external_links(docx)
    except ValueError:
        raise UploadError(_("the file is damaged (an unreadable zip package); open it in Word and save it again")) from None


def safe_stem(filename: str | None) -> str:
    """A file name for the import, from the name the browser gave ("Kế hoạch 12.docx" → "ke-hoach-12")."""
    from vbgen.importer.run import slugify

    stem = Path((filename or "").replace("\\", "/")).stem
    return slugify(stem)[:60].strip("-") or "van-ban-nhap"


def pdf_pages(pdf: bytes, folder: Path, limit: int = MAX_PAGES) -> list[Page]:
    """The pages of ``pdf`` as PNG data URIs (70 dpi, as the preview draws them)."""
    from vbgen.web.preview import RESOLUTION, ppm_to_png

    exe = shutil.which("pdftoppm")
    if exe is None:
        raise ToolMissingError(_("pdftoppm (poppler) is needed to draw the pages; Debian/Ubuntu: "
                                 "'sudo apt-get install poppler-utils'"))
    src = folder / "marked.pdf"
    src.write_bytes(pdf)
    out = subprocess.run([exe, "-r", str(RESOLUTION), "-l", str(limit), str(src), str(folder / "page")],
                         capture_output=True, text=True, timeout=120)
    if out.returncode != 0:
        raise VbgenError(_("the pages could not be drawn (pdftoppm: {error})").format(error=out.stderr.strip()[:200]))
    pages = []
    for raw in sorted(folder.glob("page-*.ppm"), key=lambda p: int(p.stem.rsplit("-", 1)[1])):
        png = ppm_to_png(raw.read_bytes())
        raw.unlink()
        pages.append(Page(int(raw.stem.rsplit("-", 1)[1]), "data:image/png;base64," + base64.b64encode(png).decode("ascii")))
    return pages


def page_count(pdf: bytes) -> int:
    from vbgen.read.convert import _pdf_pages

    return _pdf_pages(pdf) or 1


def label_pages(pdf: bytes, folder: Path, labels: list[str]) -> dict[str, int]:
    """The page on which each label ("#3") is printed, read back from the PDF's text."""
    exe = shutil.which("pdftotext")
    if exe is None or not labels:
        return {}
    src = folder / "labels.pdf"
    src.write_bytes(pdf)
    out = subprocess.run([exe, "-enc", "UTF-8", str(src), "-"], capture_output=True, timeout=120)
    found: dict[str, int] = {}
    for n, text in enumerate(out.stdout.decode("utf-8", "replace").split("\f"), start=1):
        for m in re.finditer(r"#\d+", text):
            found.setdefault(m.group(0), n)
    return {label: found[label] for label in labels if label in found}


# -- the check page ----------------------------------------------------------------------------


@dataclasses.dataclass
class Group:
    """One cause: the findings of one rule with one message, numbered like the marks."""

    number: int
    severity: str
    message: str
    fix: str | None
    paragraphs: list[int]
    """1-based paragraph numbers of the file."""
    texts: list[str]
    page: int | None = None

    @property
    def severity_vi(self) -> str:
        return SEVERITY_VI.get(self.severity, self.severity)


@dataclasses.dataclass
class Checked:
    groups: list[Group]
    pages: list[Page]
    total_pages: int
    counts: dict[str, int]
    source_format: str
    encoding: str | None


def group_findings(findings: list) -> list[Group]:
    """One group per (severity, rule, message), errors first, then warnings, then notes."""
    groups: dict[tuple, Group] = {}
    for f in findings:
        key = (f.severity, f.rule, f.message)
        g = groups.get(key)
        if g is None:
            g = groups[key] = Group(0, f.severity, f.message, f.fix, [], [])
        if f.paragraph is not None and f.paragraph + 1 not in g.paragraphs:
            g.paragraphs.append(f.paragraph + 1)
            g.texts.append(f.text or "")
    ordered = sorted(groups.values(), key=lambda g: SEVERITY_ORDER.index(g.severity) if g.severity in SEVERITY_ORDER else 3)
    for n, g in enumerate(ordered, start=1):
        g.number = n
    return ordered


def check_upload(data: bytes, converter: Callable[[bytes], bytes]) -> Checked:
    """Check an uploaded document and draw its pages with the findings' paragraphs marked."""
    from vbgen.check import build_view, run_rules

    kind = sniff(data)
    with tempfile.TemporaryDirectory(prefix="vbgen-upload-") as tmp:
        folder = Path(tmp)
        docx = as_docx(data, kind, folder)
        try:
            view = build_view(docx)
        except VbgenError as e:
            raise UploadError(_("the document cannot be read: {reason}").format(reason=e.format_message())) from None
        rendered: dict[str, bytes] = {}

        def pages() -> int | None:  # the page rules ask the warm converter, not a LibreOffice of their own
            if "plain" not in rendered:
                rendered["plain"] = converter(docx)
            view.logical.pages = page_count(rendered["plain"])
            return view.logical.pages

        view.pages = pages  # type: ignore[method-assign]
        groups = group_findings(run_rules(view, max_per_rule=0))
        marks: dict[int, Highlight] = {}
        worst: dict[int, int] = {}
        for g in groups:
            stroke, fill = SEVERITY_COLOURS.get(g.severity, SEVERITY_COLOURS["note"])
            rank = SEVERITY_ORDER.index(g.severity) if g.severity in SEVERITY_ORDER else 3
            for n in g.paragraphs:
                old = marks.get(n - 1)
                label = f"{old.label} #{g.number}" if old else f"#{g.number}"
                if old is None or rank < worst[n - 1]:
                    marks[n - 1], worst[n - 1] = Highlight(label, fill, stroke), rank
                else:
                    marks[n - 1] = dataclasses.replace(old, label=label)
        if marks:
            pdf = converter(highlight_paragraphs(docx, marks))
            where = label_pages(pdf, folder, [f"#{g.number}" for g in groups])
            for g in groups:
                g.page = where.get(f"#{g.number}")
        else:
            pdf = rendered.get("plain") or converter(docx)
        counts = {s: sum(len(g.paragraphs) or 1 for g in groups if g.severity == s) for s in SEVERITY_ORDER}
        return Checked(groups, pdf_pages(pdf, folder), page_count(pdf), counts, kind, view.logical.encoding)


# -- the import page ---------------------------------------------------------------------------

PART_LABELS = {
    "agency": "Tên cơ quan ban hành", "number": "Số, ký hiệu", "date": "Địa danh, ngày tháng", "kind": "Tên loại",
    "subject": "Trích yếu", "basis": "Căn cứ", "preamble": "Mở đầu", "roman": "Mục (I, II…)", "arabic": "Khoản (1, 2…)",
    "letter": "Điểm (a, b…)", "dash": "Gạch đầu dòng", "body": "Nội dung", "closing": "Kết thúc",
    "recipients": "Nơi nhận", "signature": "Chức vụ người ký", "signer": "Họ tên người ký", "appendix": "Phụ lục",
    "mark": "Dấu (dự thảo, mật, khẩn)", "national": "Quốc hiệu, tiêu ngữ", "unknown": "Chưa nhận ra", "ignore": "Bỏ qua",
    "rule": "Đường kẻ", "other": "Không thuộc phần nào",
}
PART_COLOURS = {
    "agency": ("1F5FAD", "E3EEFB"), "national": ("1F5FAD", "E3EEFB"), "number": ("6A3D9A", "EFE5F7"),
    "date": ("6A3D9A", "EFE5F7"), "kind": ("0B6E4F", "DDF3EA"), "subject": ("0B6E4F", "DDF3EA"),
    "basis": ("7A5C00", "FFF3C4"), "preamble": ("7A5C00", "FFF3C4"), "roman": ("8A2B06", "FBE3D6"),
    "arabic": ("8A2B06", "FBE3D6"), "letter": ("8A2B06", "FBE3D6"), "dash": ("8A2B06", "FBE3D6"),
    "body": ("555555", "EEEEEE"), "closing": ("555555", "EEEEEE"), "recipients": ("005A70", "DDF1F6"),
    "signature": ("9C1C5B", "F9E1EE"), "signer": ("9C1C5B", "F9E1EE"), "appendix": ("3B5B00", "EAF3D6"),
    "mark": ("C00000", "FDE4E1"), "unknown": ("C00000", "FDE4E1"), "other": ("C00000", "FDE4E1"),
}
_RULE_LINE = re.compile(r"^[\s_\-–—=.…]*$")
PART_SHORT = {
    "agency": "Cơ quan", "national": "Quốc hiệu", "number": "Số", "date": "Ngày", "kind": "Tên loại",
    "subject": "Trích yếu", "basis": "Căn cứ", "preamble": "Mở đầu", "roman": "Mục", "arabic": "Khoản", "letter": "Điểm",
    "dash": "Gạch", "body": "Nội dung", "closing": "Kết", "recipients": "Nơi nhận", "signature": "Chức vụ ký",
    "signer": "Người ký", "appendix": "Phụ lục", "mark": "Dấu", "unknown": "?",
}
"""The labels printed on the marked pages (short: a long one would push the text it marks)."""
CHOICES = ("agency", "number", "date", "subject", "body", "recipients", "signature", "signer", "ignore")
"""The parts a person may give a paragraph (:data:`vbgen.importer.recognise.CORRECTABLE`)."""
_RECOGNISED_AS = {"agency": "agency", "province_name": "agency", "national_title": "national", "motto": "national",
                  "number": "number", "symbol": "number", "place": "date", "date": "date", "year": "date", "kind": "kind",
                  "subject": "subject", "recipients": "recipients", "signature": "signature", "draft": "mark",
                  "urgency": "mark", "confidentiality": "mark", "circulation": "mark"}


@dataclasses.dataclass
class Row:
    """One paragraph of the uploaded file as the import page lists it (a paragraph whose two
    columns a tab stop splits, Nơi nhận | signature, is one row with two parts)."""

    index: int
    """1-based, as the importer's review numbers paragraphs."""
    texts: list[str]
    parts: list[tuple[str, float | None]]
    corrected: bool = False

    @property
    def text(self) -> str:
        return "  ·  ".join(self.texts)

    @property
    def part(self) -> str:
        return self.parts[0][0]

    @property
    def confidence(self) -> float | None:
        return self.parts[0][1]

    @property
    def label(self) -> str:
        return " + ".join(PART_LABELS.get(p, p) for p, _c in self.parts)

    @property
    def short(self) -> str:
        return " + ".join(PART_SHORT.get(p, "?") for p, _c in self.parts)


@dataclasses.dataclass
class ImportView:
    rows: list[Row]
    pages: list[Page]
    total_pages: int
    yaml: str
    review: str
    stem: str
    province: str
    unrecognised: list[tuple[int, str, str]]
    kind: str
    source_format: str


def rows_of(imported, corrections: dict[int, str]) -> list[Row]:
    """Each paragraph of the imported file with the part(s) it became and the confidence."""
    rec, body = imported.recognised, imported.body
    found: dict[int, list[tuple[str, float | None]]] = {}

    def put(n: int, part: str, confidence: float | None) -> None:
        found[n] = [(part, confidence)]

    def add(n: int, part: str, confidence: float | None) -> None:
        have = found.setdefault(n, [])
        if part not in [p for p, _c in have]:
            have.append((part, confidence))

    columns = ("recipients", "signature")  # the two columns after the body may share a paragraph
    for name, part in rec.parts.items():
        key = _RECOGNISED_AS.get(name)
        for n in part.lines if key else ():
            if key in columns:
                add(n, key, part.confidence)
            elif n not in found:
                put(n, key, part.confidence)
    for line in rec.body:
        put(line.index, "body", 0.9 if not body.literal else 0.5)
    for text, n in body.preamble:
        put(n, "basis" if text.lstrip("*_ ").startswith("Căn cứ") else "preamble", 0.9)
    for _text, n in body.closing:
        put(n, "closing", 0.9)

    def walk(items) -> None:
        for item in items:
            put(item.line, "dash" if item.dash else (item.level or "body"), 0.9)
            walk(item.items)

    walk(body.sections)
    for _t, n in rec.recipients:
        add(n, "recipients", rec.parts["recipients"].confidence if "recipients" in rec.parts else 0.9)
    by_index: dict[int, list] = {}
    for line in imported.source.lines:
        by_index.setdefault(line.index, []).append(line)
    sign = rec.parts.get("signature")
    if sign is not None and rec.signer:
        for n in sign.lines:
            if any(rec.signer in " ".join(line.full.split()) for line in by_index.get(n, ())):
                found[n] = [("signer", c) if p == "signature" else (p, c) for p, c in found.get(n, [])] or [("signer", sign.confidence)]
    for appendix in rec.appendices:
        for line in appendix:
            put(line.index, "appendix", None)
    for n, _why, _quote in rec.unrecognised:
        if n not in found:
            put(n, "unknown", None)
    for n, part in corrections.items():
        if part == "ignore":
            put(n, "ignore", 1.0)
    rows = []
    for n, lines in by_index.items():
        texts = [line.full for line in lines if line.full.strip()]
        if not texts:
            continue
        parts = found.get(n) or [("rule" if all(_RULE_LINE.match(t) for t in texts) else "other", None)]
        rows.append(Row(n, texts, parts, n in corrections))
    return rows


def import_upload(data: bytes, filename: str | None, content_dir: Path, province: str,
                  converter: Callable[[bytes], bytes], corrections: dict[int, str] | None = None) -> ImportView:
    """Import an uploaded document for ``province`` (nothing written) and draw it with its parts marked."""
    from vbgen.importer.run import import_file

    corrections = dict(corrections or {})
    kind = sniff(data)
    with tempfile.TemporaryDirectory(prefix="vbgen-upload-") as tmp:
        folder = Path(tmp)
        docx = as_docx(data, kind, folder)
        stem = safe_stem(filename)
        path = folder / f"{stem}.docx"
        path.write_bytes(docx)
        try:
            imported = import_file(path, content_dir, province, write=False, corrections=corrections)
        except ValueError as e:
            raise UploadError(_("a correction names a paragraph or a part this file does not have ({reason}); "
                                "run the import again").format(reason=e)) from None
        rows = rows_of(imported, corrections)
        marks = {}
        for row in rows:
            if row.part in ("ignore", "rule"):
                continue
            stroke, fill = PART_COLOURS.get(row.part, PART_COLOURS["body"])
            marks[row.index - 1] = Highlight(row.short, fill, stroke)
        pdf = converter(highlight_paragraphs(docx, marks))
        return ImportView(rows, pdf_pages(pdf, folder), page_count(pdf), imported.yaml, imported.review,
                          imported.yaml_path.stem if imported.yaml_path else stem, imported.province,
                          list(imported.recognised.unrecognised), imported.recognised.kind, kind)
