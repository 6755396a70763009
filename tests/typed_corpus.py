"""The typed corpus: real administrative texts typed into Word files the way offices type them.

Nothing here uses vbgen: the files are written with python-docx (and a little raw XML for
what python-docx has no API for: automatic numbering, tab stops, fields, footnotes), so the
checker and the importer are tried on documents they did not write.

Texts: ``tests/fixtures/typed/*.txt`` (public administrative documents; see the comment at
the top of each). Each file below is one office habit, or a few, and prints as Decree 30
asks (A4, margins, Times New Roman, sizes) — unless a test seeds a defect into a copy.

``python3 tests/typed_corpus.py OUTDIR`` writes the corpus into OUTDIR (for looking at it).
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import tempfile
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import Part
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Cm, Mm, Pt

TEXTS = Path(__file__).resolve().parent / "fixtures" / "typed"
FONT = "Times New Roman"


# --------------------------------------------------------------------------------------
# the texts


@dataclass
class Text:
    """One reference text: header fields, body paragraphs, footnotes, recipients."""

    agency: list[str]
    number: str
    date: str
    kind: str
    title: list[str]
    signer: list[str]
    name: str
    body: list[str]
    footnotes: list[str] = field(default_factory=list)
    recipients: list[str] = field(default_factory=list)


def load_text(stem: str) -> Text:
    head: dict[str, str] = {}
    parts: dict[str, list[str]] = {"body": [], "footnotes": [], "recipients": []}
    part = None
    for line in (TEXTS / f"{stem}.txt").read_text(encoding="utf-8").splitlines():
        if line.startswith("#"):
            continue
        if line.startswith("== "):
            part = line[3:].strip()
            continue
        if part is None:
            key, _, value = line.partition(":")
            head[key.strip()] = value.strip()
        elif line.strip():
            parts[part].append(unicodedata.normalize("NFC", line.strip()))
    return Text(
        agency=head["agency"].split("|"), number=head["number"],
        date=head["date"], kind=head["kind"], title=head["title"].split("|"),
        signer=head["signer"].split("|"), name=head.get("name", ""),
        body=parts["body"], footnotes=parts["footnotes"], recipients=parts["recipients"],
    )


# --------------------------------------------------------------------------------------
# TCVN3 (ABC): the encoder the test needs (Unicode → the bytes a .VnTime file holds)

_TCVN3_LOWER = {
    "à": "µ", "ả": "¶", "ã": "·", "á": "¸", "ạ": "¹",
    "ă": "¨", "ằ": "»", "ẳ": "¼", "ẵ": "½", "ắ": "¾", "ặ": "Æ",
    "â": "©", "ầ": "Ç", "ẩ": "È", "ẫ": "É", "ấ": "Ê", "ậ": "Ë",
    "đ": "®",
    "è": "Ì", "ẻ": "Î", "ẽ": "Ï", "é": "Ð", "ẹ": "Ñ",
    "ê": "ª", "ề": "Ò", "ể": "Ó", "ễ": "Ô", "ế": "Õ", "ệ": "Ö",
    "ì": "×", "ỉ": "Ø", "ĩ": "Ü", "í": "Ý", "ị": "Þ",
    "ò": "ß", "ỏ": "á", "õ": "â", "ó": "ã", "ọ": "ä",
    "ô": "«", "ồ": "å", "ổ": "æ", "ỗ": "ç", "ố": "è", "ộ": "é",
    "ơ": "¬", "ờ": "ê", "ở": "ë", "ỡ": "ì", "ớ": "í", "ợ": "î",
    "ù": "ï", "ủ": "ñ", "ũ": "ò", "ú": "ó", "ụ": "ô",
    "ư": "\u00ad", "ừ": "õ", "ử": "ö", "ữ": "÷", "ứ": "ø", "ự": "ù",
    "ỳ": "ú", "ỷ": "û", "ỹ": "ü", "ý": "ý", "ỵ": "þ",
}
_TCVN3_UPPER = {"Ă": "¡", "Â": "¢", "Ê": "£", "Ô": "¤", "Ơ": "¥", "Ư": "¦", "Đ": "§"}


def tcvn3(text: str, *, caps_font: bool = False) -> str:
    """``text`` as typed with a TCVN3 keyboard driver: for .VnTime, or (``caps_font``) for
    .VnTimeH, the capitals font that shows the lower-case codes as capitals."""
    out = []
    for ch in unicodedata.normalize("NFC", text):
        if caps_font:
            ch = ch.lower()
        if ch in _TCVN3_LOWER:
            out.append(_TCVN3_LOWER[ch])
        elif ch in _TCVN3_UPPER:
            out.append(_TCVN3_UPPER[ch])
        elif ch.isupper() and ch.lower() in _TCVN3_LOWER:
            # a capital with a tone mark has no code in .VnTime: offices type it lower case
            out.append(_TCVN3_LOWER[ch.lower()])
        else:
            out.append(ch)
    return "".join(out)


# --------------------------------------------------------------------------------------
# the typist


@dataclass
class Habits:
    """How one file is typed."""

    indent: str = "first_line"  # "first_line" (1.27 cm), "first_line_1cm", "tab", "spaces"
    numbering: str = "typed"  # "typed" | "auto" (Word's decimal list, restarting) 
    dashes: str = "typed"  # "typed" | "bullet" (Word bullet "-")
    recipients: str = "paragraphs"  # "paragraphs" | "breaks" (one paragraph) | "bullets"
    closing: str = "table"  # "table" (Nơi nhận | signature) | "tabstop" (same lines)
    rules: str = "border"  # "border" (paragraph borders) | "underscores"
    page_numbers: bool = True
    footnotes: bool = False
    tcvn3: bool = False
    body_size: float = 14
    only: slice | None = None  # a part of the body (a one-page plan)
    default_tab: int = 720  # settings.xml w:defaultTabStop, twips (Word's own is 720 = 1.27 cm)
    table_after: str | None = None  # a body paragraph's start: the criteria table (CRITERIA) follows it
    appendix: bool = False  # a "PHỤ LỤC" after the signature holding the criteria table


class Typist:
    def __init__(self, habits: Habits):
        self.h = habits
        self.doc = Document()
        self._nums: dict[str, int] = {}
        self._setup()

    # -- document set-up ---------------------------------------------------------------
    def _setup(self) -> None:
        d = self.doc
        s = d.sections[0]
        s.page_width, s.page_height = Mm(210), Mm(297)
        s.top_margin, s.bottom_margin = Mm(20), Mm(20)
        s.left_margin, s.right_margin = Mm(30), Mm(15)
        s.header_distance = Mm(10)
        d.settings.element.find(qn("w:defaultTabStop")).set(qn("w:val"), str(self.h.default_tab))
        normal = d.styles["Normal"]
        font = ".VnTime" if self.h.tcvn3 else FONT
        normal.font.size = Pt(self.h.body_size)
        rpr = normal.element.get_or_add_rPr()
        rfonts = rpr.find(qn("w:rFonts"))
        if rfonts is None:
            rfonts = parse_xml(f"<w:rFonts {nsdecls('w')}/>")
            rpr.insert(0, rfonts)
        for a in ("ascii", "hAnsi", "cs", "eastAsia"):
            rfonts.set(qn(f"w:{a}"), font)
        for a in ("asciiTheme", "hAnsiTheme", "cstheme", "eastAsiaTheme"):
            rfonts.attrib.pop(qn(f"w:{a}"), None)
        # the document defaults too (header and footer styles, tables)
        defaults = d.styles.element.find(qn("w:docDefaults"))
        if defaults is not None:
            for rf in defaults.iter(qn("w:rFonts")):
                for a in list(rf.attrib):
                    del rf.attrib[a]
                for a in ("ascii", "hAnsi", "cs", "eastAsia"):
                    rf.set(qn(f"w:{a}"), font)
        pf = normal.paragraph_format
        pf.space_before, pf.space_after, pf.line_spacing = Pt(0), Pt(0), 1.0
        # python-docx's template carries a stale stylesWithEffects.xml (Word 2010); Word
        # ignores it when absent, and a copy that disagrees with styles.xml is a defect
        for rid, rel in list(d.part.rels.items()):
            if rel.reltype.endswith("/stylesWithEffects"):
                d.part.drop_rel(rid)

    def _font(self, run, caps: bool = False) -> None:
        if self.h.tcvn3 and caps:
            run.font.name = ".VnTimeH"
            rfonts = run._element.rPr.find(qn("w:rFonts"))
            for a in ("cs", "eastAsia"):
                rfonts.set(qn(f"w:{a}"), ".VnTimeH")

    def text(self, t: str, caps: bool = False) -> str:
        return tcvn3(t, caps_font=caps) if self.h.tcvn3 else t

    def run(self, p, t: str, size: float, bold=False, italic=False, caps=False):
        r = p.add_run(self.text(t, caps))
        r.font.size = Pt(size)
        r.bold = bold or None
        r.italic = italic or None
        self._font(r, caps)
        return r

    @staticmethod
    def tight(p, align=WD_ALIGN_PARAGRAPH.CENTER):
        p.alignment = align
        pf = p.paragraph_format
        pf.space_before = pf.space_after = Pt(0)
        pf.first_line_indent = None
        return p

    # -- lines ---------------------------------------------------------------------------
    def rule_after(self, cell_or_doc, length_pt: float, container_pt: float, size: float) -> None:
        """A short solid line under the previous paragraph."""
        if self.h.rules == "underscores":
            p = self.tight(cell_or_doc.add_paragraph())
            n = max(1, round(length_pt / (size / 2)))
            r = p.add_run("_" * n)
            r.font.size = Pt(size)
            p.paragraph_format.line_spacing = 0.6
            return
        p = self.tight(cell_or_doc.add_paragraph())
        side = max(0.0, (container_pt - length_pt) / 2)
        p.paragraph_format.left_indent = Pt(side)
        p.paragraph_format.right_indent = Pt(side)
        ppr = p._p.get_or_add_pPr()
        border = parse_xml(
            f'<w:pBdr {nsdecls("w")}><w:top w:val="single" w:sz="6" w:space="1" w:color="000000"/></w:pBdr>'
        )
        ppr.insert_element_before(border, "w:shd", "w:tabs", "w:suppressAutoHyphens", "w:kinsoku",
                                  "w:wordWrap", "w:overflowPunct", "w:topLinePunct", "w:autoSpaceDE",
                                  "w:autoSpaceDN", "w:bidi", "w:adjustRightInd", "w:snapToGrid",
                                  "w:spacing", "w:ind", "w:contextualSpacing", "w:mirrorIndents",
                                  "w:suppressOverlap", "w:jc", "w:textDirection", "w:textAlignment",
                                  "w:textboxTightWrap", "w:outlineLvl", "w:divId", "w:cnfStyle",
                                  "w:rPr", "w:sectPr", "w:pPrChange")
        r = p.add_run()
        r.font.size = Pt(4)

    # -- header ------------------------------------------------------------------------
    def header(self, t: Text) -> None:
        table = self.doc.add_table(rows=2, cols=2)
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        table.autofit = False
        widths = (Mm(62), Mm(100))
        for k, w in enumerate(widths):
            table.columns[k].width = w
        for row in table.rows:
            for k, cell in enumerate(row.cells):
                cell.width = widths[k]
        left, right = table.cell(0, 0), table.cell(0, 1)
        p = self.tight(left.paragraphs[0])
        for k, line in enumerate(t.agency):
            if k:
                p.add_run().add_break()
            self.run(p, line, 13, bold=True, caps=True)
        widest = max(len(x) for x in t.agency) * 13 * 0.62
        self.rule_after(left, widest * 0.42, 62 / 25.4 * 72 - 11, 13)
        p = self.tight(right.paragraphs[0])
        self.run(p, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", 13, bold=True, caps=True)
        p = self.tight(right.add_paragraph())
        self.run(p, "Độc lập - Tự do - Hạnh phúc", 14, bold=True)
        self.rule_after(right, 190, 100 / 25.4 * 72 - 11, 14)
        p = self.tight(table.cell(1, 0).paragraphs[0])
        p.paragraph_format.space_before = Pt(6)
        self.run(p, t.number, 13)
        p = self.tight(table.cell(1, 1).paragraphs[0])
        p.paragraph_format.space_before = Pt(6)
        self.run(p, t.date, 14, italic=True)
        # the title
        self.doc.add_paragraph()
        p = self.tight(self.doc.add_paragraph())
        p.paragraph_format.space_before = Pt(12)
        self.run(p, t.kind, 14, bold=True, caps=True)
        p = self.tight(self.doc.add_paragraph())
        for k, line in enumerate(t.title):
            if k:
                p.add_run().add_break()
            self.run(p, line, 14, bold=True)
        widest = max(len(x) for x in t.title) * 14 * 0.5
        self.rule_after(self.doc, widest * 0.4, 165 / 25.4 * 72, 14)

    # -- numbering -------------------------------------------------------------------
    def _abstract(self, kind: str) -> int:
        numbering = self.doc.part.numbering_part.element
        aid = 90 + len(self._nums)
        if kind == "recipient":  # a bullet list of its own, flush left in the Nơi nhận cell
            lvl = (
                '<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="bullet"/>'
                '<w:suff w:val="space"/><w:lvlText w:val="-"/><w:lvlJc w:val="left"/>'
                '<w:pPr><w:ind w:left="0" w:firstLine="0"/></w:pPr>'
                f'<w:rPr><w:rFonts w:ascii="{FONT}" w:hAnsi="{FONT}" w:cs="{FONT}"/></w:rPr></w:lvl>'
            )
        elif kind == "decimal":
            lvl = (
                '<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="decimal"/>'
                '<w:suff w:val="space"/><w:lvlText w:val="%1."/><w:lvlJc w:val="left"/>'
                '<w:pPr><w:ind w:left="0" w:firstLine="720"/></w:pPr></w:lvl>'
            )
        else:
            lvl = (
                '<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="bullet"/>'
                '<w:suff w:val="space"/><w:lvlText w:val="-"/><w:lvlJc w:val="left"/>'
                '<w:pPr><w:ind w:left="0" w:firstLine="720"/></w:pPr>'
                f'<w:rPr><w:rFonts w:ascii="{FONT}" w:hAnsi="{FONT}" w:cs="{FONT}"/></w:rPr></w:lvl>'
            )
        ab = parse_xml(
            f'<w:abstractNum {nsdecls("w")} w:abstractNumId="{aid}">'
            f'<w:multiLevelType w:val="singleLevel"/>{lvl}</w:abstractNum>'
        )
        first_num = numbering.find(qn("w:num"))
        if first_num is not None:
            first_num.addprevious(ab)
        else:
            numbering.append(ab)
        return aid

    def num(self, kind: str, restart: bool = False) -> int:
        """A w:num for ``kind``; ``restart`` gives a new num that starts again at 1."""
        key = kind
        if kind not in self._nums:
            self._nums[kind] = self._abstract(kind)
            self._nums[kind + "#num"] = None
        if restart or self._nums[kind + "#num"] is None:
            numbering = self.doc.part.numbering_part.element
            ids = [int(n.get(qn("w:numId"))) for n in numbering.findall(qn("w:num"))]
            nid = max(ids + [0]) + 1
            override = (
                '<w:lvlOverride w:ilvl="0"><w:startOverride w:val="1"/></w:lvlOverride>' if restart else ""
            )
            numbering.append(parse_xml(
                f'<w:num {nsdecls("w")} w:numId="{nid}"><w:abstractNumId w:val="{self._nums[key]}"/>'
                f"{override}</w:num>"
            ))
            self._nums[kind + "#num"] = nid
        return self._nums[kind + "#num"]

    @staticmethod
    def set_num(p, nid: int) -> None:
        ppr = p._p.get_or_add_pPr()
        ppr.insert_element_before(
            parse_xml(f'<w:numPr {nsdecls("w")}><w:ilvl w:val="0"/><w:numId w:val="{nid}"/></w:numPr>'),
            "w:suppressLineNumbers", "w:pBdr", "w:shd", "w:tabs", "w:suppressAutoHyphens", "w:kinsoku",
            "w:wordWrap", "w:overflowPunct", "w:topLinePunct", "w:autoSpaceDE", "w:autoSpaceDN",
            "w:bidi", "w:adjustRightInd", "w:snapToGrid", "w:spacing", "w:ind", "w:contextualSpacing",
            "w:mirrorIndents", "w:suppressOverlap", "w:jc", "w:textDirection", "w:textAlignment",
            "w:textboxTightWrap", "w:outlineLvl", "w:divId", "w:cnfStyle", "w:rPr", "w:sectPr",
            "w:pPrChange",
        )

    # -- body -------------------------------------------------------------------------
    def body(self, t: Text) -> None:
        h = self.h
        paras = t.body[h.only] if h.only else t.body
        footnotes = list(t.footnotes) if h.footnotes else []
        restart = True
        for k, raw in enumerate(paras):
            if k == len(paras) - 1 and not raw.endswith("/."):
                raw = raw.rstrip(".") + "./."
            p = self.doc.add_paragraph()
            p.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
            pf = p.paragraph_format
            pf.space_before = Pt(6)
            pf.line_spacing = 1.1
            text = raw
            roman = re.match(r"^[IVX]+\.\s", raw)
            number = re.match(r"^(\d+)\.\s+", raw)
            dash = raw.startswith("- ")
            bold = bool(roman) or (bool(number) and len(raw) < 140 and not raw.endswith("."))
            if roman:
                restart = True
            label_auto = False
            if number and h.numbering == "auto":
                self.set_num(p, self.num("decimal", restart=restart))
                restart = False
                text = raw[number.end():]
                label_auto = True
            elif dash and h.dashes == "bullet":
                self.set_num(p, self.num("bullet"))
                text = raw[2:]
                label_auto = True
            if label_auto:
                pass  # the list level gives the 1.27 cm first line
            elif h.indent == "tab":
                text = "\t" + text
            elif h.indent == "spaces":
                text = " " * 9 + text
            elif h.indent == "first_line_1cm":
                pf.first_line_indent = Cm(1)
            else:
                pf.first_line_indent = Cm(1.27)
            if "[^1]" in text and footnotes:
                before, after = text.split("[^1]", 1)
                self.run(p, before, h.body_size, bold=bold)
                self.footnote_ref(p, footnotes.pop(0))
                self.run(p, after, h.body_size, bold=bold)
            else:
                self.run(p, text.replace("[^1]", ""), h.body_size, bold=bold)
            if h.table_after and raw.startswith(h.table_after):
                self.criteria_table()

    # -- a table in the body -------------------------------------------------------------
    def appendix(self) -> None:
        """A page break, "PHỤ LỤC", its title (bold, centred), the reference line, the table."""
        from docx.enum.text import WD_BREAK

        self.doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
        self.run(self.tight(self.doc.add_paragraph()), "PHỤ LỤC", 14, bold=True)
        self.run(self.tight(self.doc.add_paragraph()), "TIÊU CHÍ ĐÁNH GIÁ PHONG TRÀO TOÀN DÂN BẢO VỆ AN NINH TỔ QUỐC", 14, bold=True)
        self.run(self.tight(self.doc.add_paragraph()), "(Kèm theo Kế hoạch số 2195/KH-UBND ngày 11 tháng 8 năm 2020 của Ủy ban nhân dân tỉnh)",
                 14, italic=True)
        self.criteria_table()

    def criteria_table(self) -> None:
        """CRITERIA as offices type a table: a bordered grid (Table Grid), the header row set to
        repeat, a merged cell down (vMerge) and one across (gridSpan), numbers centred."""
        rows = CRITERIA
        table = self.doc.add_table(rows=len(rows), cols=3)
        table.style = self.doc.styles["Table Grid"]
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        widths = (Cm(1.2), Cm(11.3), Cm(4))
        for k, w in enumerate(widths):
            table.columns[k].width = w
        for i, row in enumerate(rows):
            for k, value in enumerate(row):
                cell = table.cell(i, k)
                cell.width = widths[k]
                if value is None:
                    continue
                p = self.tight(cell.paragraphs[0], WD_ALIGN_PARAGRAPH.LEFT if k == 1 and i else WD_ALIGN_PARAGRAPH.CENTER)
                self.run(p, value, 13, bold=i == 0 or value == "Tổng cộng")
        tr_pr = table.rows[0]._tr.get_or_add_trPr()
        tr_pr.append(parse_xml(f"<w:tblHeader {nsdecls('w')}/>"))
        table.cell(2, 0).merge(table.cell(3, 0))  # "2" over two rows
        table.cell(5, 0).merge(table.cell(5, 1))  # "Tổng cộng" across two columns

    # -- footnotes ---------------------------------------------------------------------
    def footnote_ref(self, p, text: str) -> None:
        part = self._footnotes_part()
        root = part._xml
        fid = len(root.findall(qn("w:footnote"))) - 1
        t = self.text(text).replace("&", "&amp;").replace("<", "&lt;")
        root.append(parse_xml(
            f'<w:footnote {nsdecls("w")} w:id="{fid}"><w:p><w:pPr><w:jc w:val="both"/></w:pPr>'
            f'<w:r><w:rPr><w:vertAlign w:val="superscript"/></w:rPr><w:footnoteRef/></w:r>'
            f'<w:r><w:rPr><w:sz w:val="24"/></w:rPr><w:t xml:space="preserve"> {t}</w:t></w:r></w:p></w:footnote>'
        ))
        r = p.add_run()
        r.font.size = Pt(self.h.body_size)
        r.font.superscript = True
        r._element.append(parse_xml(f'<w:footnoteReference {nsdecls("w")} w:id="{fid}"/>'))

    def _footnotes_part(self):
        if getattr(self, "_fn", None) is None:
            sep = (
                f'<w:footnotes {nsdecls("w")}>'
                '<w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:footnote>'
                '<w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:r><w:continuationSeparator/>'
                "</w:r></w:p></w:footnote></w:footnotes>"
            )
            part = _XmlPart(
                PackURI("/word/footnotes.xml"),
                "application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml",
                parse_xml(sep), self.doc.part.package,
            )
            self.doc.part.relate_to(part, RT.FOOTNOTES)
            self._fn = part
        return self._fn

    # -- Nơi nhận and signature ------------------------------------------------------
    def closing(self, t: Text) -> None:
        h = self.h
        signer = list(t.signer)
        name = t.name
        if h.closing == "tabstop":
            lines_left = ["Nơi nhận:"] + t.recipients
            lines_right = signer + ["", "", ""] + ([name] if name else [])
            n = max(len(lines_left), len(lines_right))
            for k in range(n):
                p = self.tight(self.doc.add_paragraph(), WD_ALIGN_PARAGRAPH.LEFT)
                if k == 0:
                    p.paragraph_format.space_before = Pt(12)
                ppr = p._p.get_or_add_pPr()
                ppr.insert_element_before(
                    parse_xml(f'<w:tabs {nsdecls("w")}><w:tab w:val="center" w:pos="6800"/></w:tabs>'),
                    "w:suppressAutoHyphens", "w:spacing", "w:ind", "w:jc", "w:rPr",
                )
                left = lines_left[k] if k < len(lines_left) else ""
                right = lines_right[k] if k < len(lines_right) else ""
                if left:
                    if k == 0:
                        self.run(p, left, 12, bold=True, italic=True)
                    else:
                        self.run(p, left, 11)
                if right:
                    self.run(p, "\t", 11)
                    self.run(p, right, 14, bold=True, caps=right.isupper())
            return
        table = self.doc.add_table(rows=1, cols=2)
        table.autofit = False
        for k, w in enumerate((Mm(80), Mm(85))):
            table.columns[k].width = w
            table.rows[0].cells[k].width = w
        left, right = table.cell(0, 0), table.cell(0, 1)
        p = self.tight(left.paragraphs[0], WD_ALIGN_PARAGRAPH.LEFT)
        self.run(p, "Nơi nhận:", 12, bold=True, italic=True)
        if h.recipients == "breaks":
            p = self.tight(left.add_paragraph(), WD_ALIGN_PARAGRAPH.LEFT)
            for k, line in enumerate(t.recipients):
                if k:
                    p.add_run().add_break()
                self.run(p, line, 11)
        else:
            for line in t.recipients:
                p = self.tight(left.add_paragraph(), WD_ALIGN_PARAGRAPH.LEFT)
                if h.recipients == "bullets":
                    self.set_num(p, self.num("recipient"))
                    line = line[2:] if line.startswith("- ") else line
                self.run(p, line, 11)
        p = self.tight(right.paragraphs[0])
        for k, line in enumerate(signer):
            if k:
                p.add_run().add_break()
            self.run(p, line, 14, bold=True, caps=True)
        for _ in range(3):
            self.tight(right.add_paragraph())
        p = self.tight(right.add_paragraph())
        if name:
            self.run(p, name, 14, bold=True)

    # -- page numbers ------------------------------------------------------------------
    def page_numbers(self) -> None:
        s = self.doc.sections[0]
        s.different_first_page_header_footer = True
        p = s.header.paragraphs[0]
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        fld = parse_xml(
            f'<w:fldSimple {nsdecls("w")} w:instr=" PAGE "><w:r><w:rPr><w:sz w:val="28"/></w:rPr>'
            "<w:t>2</w:t></w:r></w:fldSimple>"
        )
        p._p.append(fld)

    def type(self, t: Text) -> Document:
        self.header(t)
        self.body(t)
        self.closing(t)
        if self.h.appendix:
            self.appendix()
        if self.h.page_numbers:
            self.page_numbers()
        return self.doc


class _XmlPart(Part):
    """A part whose blob is an lxml element serialised at save time (the footnotes)."""

    def __init__(self, partname, content_type, element, package):
        super().__init__(partname, content_type, package=package)
        self._xml = element

    @property
    def blob(self):  # noqa: D401
        from lxml import etree

        return etree.tostring(self._xml, xml_declaration=True, encoding="UTF-8", standalone=True)


# --------------------------------------------------------------------------------------
# the corpus

CRITERIA = [
    ["TT", "Tiêu chí đánh giá", "Điểm tối đa"],
    ["1", "Xây dựng kế hoạch triển khai thực hiện Chỉ thị số 07/CT-BCA-V28 ngày 15/8/2014 của Bộ trưởng Bộ Công an", "20"],
    ["2", "Tuyên truyền trên báo, đài, trang thông tin điện tử", "15"],
    [None, "Tuyên truyền qua hội nghị, sinh hoạt chuyên đề", "15"],
    ["3", "Xây dựng mô hình tự phòng, tự quản, tự bảo vệ, tự giải quyết", "50"],
    ["Tổng cộng", None, "100"],
]
"""A criteria table as plans carry them (TT | Tiêu chí | Điểm, issue 17's Bắc Ninh plan): typed into
the Tây Ninh plan for the table habit; its words are this corpus's own."""

CORPUS: dict[str, tuple[str, Habits]] = {
    # Tây Ninh Kế hoạch: Tab indents, typed numbers, underscores for the rules, a footnote
    "kh-tay-ninh-tab": ("ke-hoach-tay-ninh", Habits(indent="tab", rules="underscores", footnotes=True)),
    # Tab indents with the default tab stop set to 1 cm (Tùy chọn → Tab mặc định), a footnote
    "kh-tay-ninh-tab-1cm": ("ke-hoach-tay-ninh", Habits(indent="tab", default_tab=567)),
    # a bordered criteria table in the body (header row repeated, cells merged down and across)
    "kh-tay-ninh-bang": ("ke-hoach-tay-ninh", Habits(table_after="3. Phấn đấu hàng năm")),
    # the same table in an appendix after the signature ("PHỤ LỤC", title, "(Kèm theo …)")
    "kh-tay-ninh-phu-luc": ("ke-hoach-tay-ninh", Habits(appendix=True)),
    # Word automatic numbering (decimal restarting under each Roman heading, "-" bullets),
    # Nơi nhận and the signature on the same lines split by a centred tab stop
    "kh-tay-ninh-auto": ("ke-hoach-tay-ninh", Habits(numbering="auto", dashes="bullet", closing="tabstop")),
    # a one-page plan: part III only, no page numbers (Decree 30 numbers pages from page 2)
    "kh-tay-ninh-mot-trang": ("ke-hoach-tay-ninh", Habits(only=slice(1, 5), page_numbers=False, indent="tab")),
    # Phú Thọ Chỉ thị: space indents, recipients as one paragraph with line breaks
    "ct-phu-tho-spaces": ("chi-thi-phu-tho", Habits(indent="spaces", recipients="breaks")),
    # Word bullets for the recipients, automatic numbering for the tasks, Tab indents
    "ct-phu-tho-bullets": ("chi-thi-phu-tho", Habits(indent="tab", numbering="auto", recipients="bullets")),
    # the national directive: real 1 cm first-line indents, Word bullets for the dashes
    "ct-bca": ("chi-thi-06-bca", Habits(indent="first_line_1cm", dashes="bullet", body_size=14)),
    # 13 pt body, real 1.27 cm first-line indents, typed everything
    "ct-bca-13": ("chi-thi-06-bca", Habits(body_size=13)),
    # the tab-stop closing with typed dashes, space indents
    "ct-bca-tabstop": ("chi-thi-06-bca", Habits(indent="spaces", closing="tabstop")),
    # TCVN3: .VnTime / .VnTimeH and TCVN3 codes
    "ct-phu-tho-tcvn3": ("chi-thi-phu-tho", Habits(tcvn3=True)),
}
DOC_FROM = "ct-bca"
"""The .doc of the corpus (``ct-bca.doc``) is LibreOffice's conversion of this file."""


def write_docx(name: str, dest: Path) -> Path:
    stem, habits = CORPUS[name]
    doc = Typist(habits).type(load_text(stem))
    path = dest / f"{name}.docx"
    doc.save(path)
    return path


def write_doc(dest: Path, soffice: str = "soffice") -> Path:
    """``ct-bca.doc``: the .docx converted by LibreOffice (a private profile)."""
    src = write_docx(DOC_FROM, Path(tempfile.mkdtemp()))
    with tempfile.TemporaryDirectory() as profile:
        subprocess.run(
            [soffice, f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", "doc",
             "--outdir", str(dest), str(src)],
            check=True, capture_output=True, timeout=180,
        )
    shutil.rmtree(src.parent, ignore_errors=True)
    return dest / f"{DOC_FROM}.doc"


def write_corpus(dest: Path, *, doc: bool = True) -> dict[str, Path]:
    dest.mkdir(parents=True, exist_ok=True)
    out = {name: write_docx(name, dest) for name in CORPUS}
    if doc:
        out[DOC_FROM + ".doc"] = write_doc(dest)
    return out


if __name__ == "__main__":
    for name, path in write_corpus(Path(sys.argv[1] if len(sys.argv) > 1 else "typed-corpus")).items():
        print(name, path)
