"""Word files typed the way provincial offices type them, for the import tests: python-docx
directly (never vbgen's templates), Normal style, manual numbers, a borderless header table,
Nơi nhận and the signature in a two-column table; variants with Word bullets, in TCVN3 (.VnTime),
as .txt and as .doc (LibreOffice).

The bodies are the reference texts of tests/fixtures/scan/; their headers (number, date) are
not in those texts and are set here for the test.
"""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path

import docx
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

from vbgen.read import legacy

SCAN = Path(__file__).resolve().parent / "fixtures" / "scan"


@dataclasses.dataclass
class Typed:
    name: str
    province: str
    agency: tuple[str, ...]
    number: str
    dateline: str
    kind: str
    subject: tuple[str, ...]
    body: list[str]
    recipients: list[str]
    authority: tuple[str, ...]
    signer: str


def _between(lines: list[str], start: str, stop: str) -> list[str]:
    i = next(n for n, x in enumerate(lines) if x.strip().startswith(start))
    j = next(n for n, x in enumerate(lines) if n > i and x.strip().startswith(stop))
    return [re.sub(r"\s+", " ", x).strip() for x in lines[i + 1:j] if x.strip()]


def corpus() -> list[Typed]:
    tn = (SCAN / "ke-hoach-tay-ninh-2020.txt").read_text(encoding="utf-8").splitlines()
    tn_subject = tuple(x.strip().strip("*").strip() for x in _between(tn, "KẾ HOẠCH", "Thực hiện Kế hoạch số 250"))
    tn_body = _between(tn, "giai đoạn 2020 - 2025**", "Nơi nhận")
    tn_rec = _between(tn, "Nơi nhận", "KT. CHỦ TỊCH")
    pt = (SCAN / "chi-thi-phu-tho-chi-thi-07.txt").read_text(encoding="utf-8").splitlines()
    pt_subject = tuple(_between(pt, "CHỈ THỊ", "Trong những năm qua"))
    pt_body = _between(pt, "yêu cầu, nhiệm vụ đảm bảo an ninh, trật tự trong tình hình mới", "Nơi nhận")
    pt_rec = _recipients_to_end(pt)
    return [
        Typed("ke-hoach-tay-ninh-2020", "tay-ninh", ("ỦY BAN NHÂN DÂN", "TỈNH TÂY NINH"), "Số: 2195/KH-UBND",
              "Tây Ninh, ngày 11 tháng 8 năm 2020", "KẾ HOẠCH", tn_subject, tn_body, tn_rec,
              ("KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"), "Nguyễn Mạnh Hùng"),
        Typed("chi-thi-phu-tho-07", "phu-tho", ("ỦY BAN NHÂN DÂN", "TỈNH PHÚ THỌ"), "Số: 07/CT-UBND",
              "Phú Thọ, ngày 24 tháng 10 năm 2016", "CHỈ THỊ", pt_subject, pt_body, pt_rec,
              ("CHỦ TỊCH",), "Hoàng Dân Mạc"),
    ]


def _recipients_to_end(lines: list[str]) -> list[str]:
    i = next(n for n, x in enumerate(lines) if x.strip().startswith("Nơi nhận"))
    return [re.sub(r"\s+", " ", x).strip() for x in lines[i + 1:] if x.strip()]


SUPERSCRIPTS = str.maketrans("⁽⁾¹²³⁴⁵⁶⁷⁸⁹⁰", "()1234567890")
"""An office typing in TCVN3 had no superscript characters: its footnote marks were digits."""


def _run(paragraph, text: str, *, bold=False, italic=False, size=None, encoding=None):
    if encoding:
        text = text.translate(SUPERSCRIPTS)
    pieces = legacy.tcvn3_runs(text) if encoding == "tcvn3" else (
        [(legacy.encode_vni(text), "VNI-Times")] if encoding == "vni" else [(text, None)])
    for piece, font in pieces:
        run = paragraph.add_run(piece)
        run.bold, run.italic = bold or None, italic or None
        if size:
            run.font.size = Pt(size)
        if font:
            rfonts = run._r.get_or_add_rPr().get_or_add_rFonts()
            for slot in ("w:ascii", "w:hAnsi", "w:cs"):
                rfonts.set(qn(slot), font)


def _no_borders(table) -> None:
    borders = table._tbl.tblPr.first_child_found_in("w:tblBorders")
    if borders is not None:
        table._tbl.tblPr.remove(borders)


def typed_docx(doc: Typed, dest: Path, *, encoding: str | None = None, bullets: bool = False) -> Path:
    """``doc`` typed into ``dest`` (.docx) as an office would."""
    d = docx.Document()
    normal = d.styles["Normal"]
    normal.font.name, normal.font.size = "Times New Roman", Pt(14)
    sec = d.sections[0]
    sec.page_width, sec.page_height = Cm(21), Cm(29.7)
    sec.left_margin, sec.right_margin, sec.top_margin, sec.bottom_margin = Cm(3), Cm(2), Cm(2), Cm(2)
    header = d.add_table(rows=1, cols=2)
    _no_borders(header)
    left, right = header.rows[0].cells
    left.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
    _run(left.paragraphs[0], doc.agency[0], size=13, encoding=encoding)
    for line in doc.agency[1:]:
        p = left.add_paragraph()
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        _run(p, line, bold=True, size=13, encoding=encoding)
    p = left.add_paragraph()
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _run(p, doc.number, size=13, encoding=encoding)
    right.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
    _run(right.paragraphs[0], "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", bold=True, size=13, encoding=encoding)
    for text, kw in (("Độc lập - Tự do - Hạnh phúc", {"bold": True}), ("", {}), (doc.dateline, {"italic": True})):
        p = right.add_paragraph()
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        _run(p, text, size=14, encoding=encoding, **kw)
    d.add_paragraph()
    p = d.add_paragraph()
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _run(p, doc.kind, bold=True, encoding=encoding)
    for line in doc.subject:
        p = d.add_paragraph()
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        _run(p, line, bold=True, encoding=encoding)
    d.add_paragraph()
    for text in doc.body:
        if bullets and text.startswith("- "):
            p = d.add_paragraph(style="List Bullet")
            text = text[2:]
        else:
            p = d.add_paragraph()
            p.paragraph_format.first_line_indent = Cm(1.27)
        p.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
        _run(p, text, bold=bool(re.match(r"^[IVX]+\. ", text)), encoding=encoding)
    sign = d.add_table(rows=1, cols=2)
    _no_borders(sign)
    left, right = sign.rows[0].cells
    _run(left.paragraphs[0], "Nơi nhận:", bold=True, italic=True, size=12, encoding=encoding)
    for line in doc.recipients:
        _run(left.add_paragraph(), line, size=11, encoding=encoding)
    right.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
    _run(right.paragraphs[0], doc.authority[0], bold=True, encoding=encoding)
    for line in (*doc.authority[1:], "", "", "", doc.signer):
        p = right.add_paragraph()
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        _run(p, line, bold=True, encoding=encoding)
    d.save(str(dest))
    return dest


def typed_txt(doc: Typed, dest: Path) -> Path:
    """``doc`` as a plain text file (the header columns split by a Tab)."""
    rows = [f"{doc.agency[0]}\tCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", f"{doc.agency[1]}\tĐộc lập - Tự do - Hạnh phúc",
            f"{doc.number}\t{doc.dateline}", "", doc.kind, *(f"**{s}**" for s in doc.subject), "", *doc.body, "",
            "Nơi nhận:\t" + doc.authority[0]]
    rest = list(doc.authority[1:]) + ["", doc.signer]
    for i, r in enumerate(doc.recipients):
        rows.append(r + ("\t" + rest[i] if i < len(rest) and rest[i] else ""))
    dest.write_text("\n".join(rows) + "\n", encoding="utf-8")
    return dest
