"""Inline markup (bold, italic, footnotes, the trích yếu's line breaks) and long citation dates.

The markup is read by :mod:`vbgen.content.inline`; these tests also build documents and read
the Word XML back: runs with their properties, the footnotes part, settings, styles and the
references numbered in reading order.
"""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

import pytest
from lxml import etree

from conftest import TEMPLATES
from vbgen.cli import main
from vbgen.content import inline as il
from vbgen.content.inline import LineBreak, Note, Span

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
NS = {"w": W[1:-1]}

DEMO = """\
kind: ke_hoach
year: 2026
citation_dates: long
bases_as: footnote
subject: |-
  Triển khai thực hiện Chỉ thị số 06/CT-BCA-V05
  trên địa bàn {{ province.full_name }}
bases: [ct-06-2025-bca, luat-30-2023-qh15]
preamble: >-
  Căn cứ các văn bản có liên quan{{ bases }}, {{ province.committee }} ban hành Kế hoạch
  với nội dung **trọng tâm** và *các yêu cầu* sau:
sections:
  - title: Mục đích, *yêu cầu*
    items:
      - title: Mục đích
        items:
          - text: >-
              Nâng cao nhận thức theo [[ct-06-2025-bca]] (ký hiệu 3 \\* 4 và \\[sic\\]) cho "cán bộ" <công chức>.^[Xem
              thêm [[tt-124-2021-bca|ngày ngắn]] và ***điểm quan trọng***.]
          - text: Thực hiện [[tt-124-2021-bca|gọi tắt, ngày dài]].
      - title: Yêu cầu
        text: Bảo đảm [[tt-124-2021-bca]] được thực hiện nghiêm.
implementation:
  intro: Các cơ quan thực hiện như sau.
  tasks:
    - lead: cong-an
      cooperate: [so-noi-vu, so-giao-duc-dao-tao]
      text: tham mưu {{ province.committee }} triển khai Kế hoạch.^[Theo quy chế phối hợp.]
      deadline: trước ngày 15/11 hằng năm
  closing: Trong quá trình thực hiện, báo cáo về {{ province.committee }}.^[Qua {{ agency('cong-an') }}.]
recipients:
  - agency: bo-cong-an
    purpose: để báo cáo
  - text: Lưu *hồ sơ* \\*
  - agency: cong-an
  - agency: so-noi-vu
  - agency: so-giao-duc-dao-tao
signature:
  preset: tm_kt_chu_tich
"""


# -- the markup itself --------------------------------------------------------------------------------


def test_bold_italic_and_both_become_spans():
    pieces, issues = il.parse("Một **hai** *ba* ***bốn*** năm")
    assert not issues
    assert pieces == (Span("Một "), Span("hai", bold=True), Span(" "), Span("ba", italic=True), Span(" "),
                      Span("bốn", bold=True, italic=True), Span(" năm"))


def test_escapes_print_the_characters_and_other_backslashes_stay():
    pieces, issues = il.parse(r"3 \* 4 = 12, \*\*x\*\*, \[sic\], \^[không phải chú thích], C:\thu-muc")
    assert not issues
    assert il.plain(pieces) == r"3 * 4 = 12, **x**, [sic], ^[không phải chú thích], C:\thu-muc"
    assert il.parse(il.escape("a*b ^[c] \\"))[0] == (Span("a*b ^[c] \\"),)


@pytest.mark.parametrize("text, message", [
    ("Một **hai ba", "** (bold) is not closed"),
    ("Một *hai ba", "* (italic) is not closed; write \\* for a literal asterisk"),
    ("a ^[b ^[c] d] e", "a footnote cannot contain another footnote"),
    ("x ^[chưa đóng", "a footnote ^[… is not closed with ]"),
    ("a ****b", "4 asterisks in a row"),
    ("^[*nghiêng] sau*", "* (italic) is not closed"),
])
def test_markup_mistakes_are_reported_with_their_offset(text, message):
    _, issues = il.parse(text)
    assert issues and message in issues[0].message
    assert 0 <= issues[0].offset <= len(text)
    assert '(at "' in issues[0].message


def test_footnote_pieces_and_citations_in_reading_order():
    seen = []

    def cite(marker, offset):
        seen.append((marker, offset))
        return marker.strip("[]").upper()

    text = "Theo [[a|gọi tắt, ngày dài]]^[Xem [[b]] và **c**.] rồi [[c]]."
    pieces, issues = il.parse(text, cite)
    assert not issues
    markers = ["[[a|gọi tắt, ngày dài]]", "[[b]]", "[[c]]"]
    assert seen == [(m, text.index(m)) for m in markers]  # the note's marker where its mark stands
    assert pieces == (Span("Theo A|GỌI TẮT, NGÀY DÀI"), Note((Span("Xem B và "), Span("c", bold=True), Span("."))),
                      Span(" rồi C."))
    paragraphs, notes = il.number_notes([pieces, pieces])
    assert [n for n, _ in notes] == [1, 2]
    assert [type(p).__name__ for p in paragraphs[1]] == ["Span", "NoteRef", "Span"]


def test_line_breaks_only_where_asked_and_never_at_the_ends():
    assert il.parse("dòng một\ndòng hai")[0] == (Span("dòng một dòng hai"),)
    pieces, _ = il.parse("\ndòng một  \n\n  dòng hai\n", breaks=True)
    assert pieces == (Span("dòng một"), LineBreak(), Span("dòng hai"))
    _, issues = il.parse("trích yếu ^[x]", notes=False, where="the trích yếu")
    assert "a footnote cannot be attached to the trích yếu" in issues[0].message


def test_end_punctuation_goes_before_a_trailing_footnote_mark():
    pieces, _ = il.parse("Kết thúc văn bản.^[Ghi chú.]")
    ended = il.end_with(pieces, ".;:", "./.")
    assert il.plain(ended) == "Kết thúc văn bản./."
    assert isinstance(ended[-1], Note)


def test_the_end_mark_goes_after_a_trailing_footnote_mark():
    """ "./." closes the text: "… hình mới¹./.", whatever punctuation or end mark was written."""
    from vbgen.compose.document import _with_end_mark

    for written in ("Xây dựng mô hình mới^[Ghi chú.]", "Xây dựng mô hình mới.^[Ghi chú.]",
                    "Xây dựng mô hình mới./.^[Ghi chú.]", "Xây dựng mô hình mới;^[Một.]^[Hai.]"):
        pieces, _ = il.parse(written)
        ended = _with_end_mark(pieces)
        assert ended[0] == Span("Xây dựng mô hình mới") and ended[-1] == Span("./."), written
        assert all(isinstance(p, Note) for p in ended[1:-1]) and len(ended) > 2, written
    for written in ("Xây dựng mô hình mới", "Xây dựng mô hình mới.", "Xây dựng mô hình mới./."):
        assert _with_end_mark(il.parse(written)[0]) == (Span("Xây dựng mô hình mới./."),), written


# -- long dates in citations ----------------------------------------------------------------------


def test_citation_dates_long_short_and_combined_options():
    from vbgen.legal.citations import Citer
    from vbgen.content.model import Citation

    reg = {"nd-06": Citation(kind="Nghị định", number="06/2014/NĐ-CP", date="2014-01-21", issuer="Chính phủ", subject="về …")}
    text, issues = Citer(reg).resolve("[[nd-06|ngày dài]]")
    assert text == "Nghị định số 06/2014/NĐ-CP ngày 21 tháng 01 năm 2014 của Chính phủ về …" and not issues
    text, _ = Citer(reg).resolve("[[nd-06]]")
    assert "ngày 21/01/2014" in text
    text, _ = Citer(reg, long_dates=True).resolve("[[nd-06]] [[nd-06|đầy đủ, ngày ngắn]]")
    assert "ngày 21 tháng 01 năm 2014" in text and "ngày 21/01/2014" in text
    text, _ = Citer(reg).resolve("[[nd-06|gọi tắt, long date]]")
    assert text.endswith("ngày 21 tháng 01 năm 2014 của Chính phủ về … (sau đây gọi tắt là Nghị định số 06/2014/NĐ-CP)")
    _, issues = Citer(reg).resolve("[[nd-06|ngày dai]]")
    assert issues[0].error and "unknown citation option 'ngày dai'" in issues[0].message


# -- a built document, read back ----------------------------------------------------------------


def build_demo(mini: Path, out: Path, text: str = DEMO) -> tuple[object, Path]:
    from click.testing import CliRunner

    doc = mini / "documents" / "demo.yaml"
    doc.write_text(text, encoding="utf-8")
    result = CliRunner().invoke(main, ["build", str(doc), "--content", str(mini), "--templates", str(TEMPLATES),
                                       "--out", str(out)])
    return result, out / "tay-ninh" / "demo.docx"


@pytest.fixture
def demo(mini, tmp_path) -> dict[str, etree._Element]:
    result, path = build_demo(mini, tmp_path / "out")
    assert result.exit_code == 0, result.output
    with zipfile.ZipFile(path) as z:
        parts = {n: z.read(n) for n in z.namelist()}
    out = {n: etree.fromstring(parts[n]) for n in ("word/document.xml", "word/footnotes.xml", "word/settings.xml",
                                                  "word/styles.xml", "word/_rels/document.xml.rels", "[Content_Types].xml")}
    out["path"] = path  # type: ignore[assignment]
    return out


def _text(el) -> str:
    return "".join(t.text or "" for t in el.iter(f"{W}t"))


def _para(doc, start: str):
    return next(p for p in doc.iter(f"{W}p") if _text(p).startswith(start))


def test_footnotes_part_separators_and_notes_in_reading_order(demo):
    notes = demo["word/footnotes.xml"].findall(f"{W}footnote")
    sep, cont = notes[0], notes[1]
    assert (sep.get(f"{W}type"), sep.get(f"{W}id")) == ("separator", "-1")
    assert (cont.get(f"{W}type"), cont.get(f"{W}id")) == ("continuationSeparator", "0")
    assert sep.find(".//w:separator", NS) is not None and cont.find(".//w:continuationSeparator", NS) is not None
    assert _text(sep) == _text(cont) == "" and sep.find(".//w:pStyle", NS) is None  # kept plain
    real = notes[2:]
    assert [n.get(f"{W}id") for n in real] == ["1", "2", "3", "4"]
    texts = [_text(n).strip() for n in real]
    # 1: bases_as footnote, citation_dates long: the bases in full with long dates
    assert texts[0].startswith("Chỉ thị số 06/CT-BCA-V05 ngày 07 tháng 5 năm 2025 của Bộ trưởng Bộ Công an")
    assert texts[0].endswith("; Luật Lực lượng tham gia bảo vệ an ninh, trật tự ở cơ sở.")
    # 2: first mention of tt-124 is in this note (reading order), short date asked for
    assert texts[1].startswith("Xem thêm Thông tư số 124/2021/TT-BCA ngày 28/12/2021 của")
    assert texts[2:] == ["Theo quy chế phối hợp.", "Qua Công an tỉnh."]
    for n in real:
        p = n.find("w:p", NS)
        assert p.find("w:pPr/w:pStyle", NS).get(f"{W}val") == "FootnoteText"
        first = p.find("w:r", NS)
        assert first.find("w:rPr/w:rStyle", NS).get(f"{W}val") == "FootnoteReference"
        assert first.find("w:footnoteRef", NS) is not None
    both = [r for r in real[1].iter(f"{W}r") if r.find("w:rPr/w:b", NS) is not None and r.find("w:rPr/w:i", NS) is not None]
    assert [_text(r) for r in both] == ["điểm quan trọng"]


def test_references_numbered_in_text_order_with_the_reference_style(demo):
    doc = demo["word/document.xml"]
    refs = doc.findall(".//w:footnoteReference", NS)
    assert [r.get(f"{W}id") for r in refs] == ["1", "2", "3", "4"]
    for r in refs:
        assert r.getparent().find("w:rPr/w:rStyle", NS).get(f"{W}val") == "FootnoteReference"
    preamble = _para(doc, "Căn cứ các văn bản có liên quan")
    runs = preamble.findall("w:r", NS)
    assert _text(runs[0]) == "Căn cứ các văn bản có liên quan" and runs[1].find("w:footnoteReference", NS) is not None
    # the body mention after the note is short: the note was read first
    assert "Nâng cao nhận thức theo Chỉ thị số 06/CT-BCA-V05 (ký hiệu" in _text(doc)
    # a task's sentence keeps its full stop before the mark; the end mark too
    assert "triển khai Kế hoạch." in _text(_para(doc, "Chủ trì, phối hợp"))
    # the end mark closes the text: after the mark of the last sentence's footnote ("tỉnh¹./.")
    closing = _para(doc, "Trong quá trình thực hiện")
    assert _text(closing).endswith("Ủy ban nhân dân tỉnh./.")
    *_, words, mark, end = closing.findall("w:r", NS)
    assert _text(words).endswith("Ủy ban nhân dân tỉnh") and mark.find("w:footnoteReference", NS) is not None
    assert _text(end) == "./."


def test_bold_and_italic_are_real_runs(demo):
    doc = demo["word/document.xml"]
    preamble = _para(doc, "Căn cứ các văn bản có liên quan")
    styled = {(_text(r), r.find("w:rPr/w:b", NS) is not None, r.find("w:rPr/w:i", NS) is not None)
              for r in preamble.findall("w:r", NS)}
    assert ("trọng tâm", True, False) in styled and ("các yêu cầu", False, True) in styled
    rpr = next(r for r in preamble.findall("w:r", NS) if _text(r) == "trọng tâm").find("w:rPr", NS)
    assert [etree.QName(c).localname for c in rpr] == ["b", "bCs"]
    title = _para(doc, "I. MỤC ĐÍCH")
    assert [(_text(r), r.find("w:rPr/w:i", NS) is not None) for r in title.findall("w:r", NS)] == [
        ("I. MỤC ĐÍCH, ", False), ("YÊU CẦU", True)]  # upper case keeps the italic span


def test_markup_characters_escaped_everywhere_else(demo):
    doc = demo["word/document.xml"]
    body = _text(doc)
    assert '(ký hiệu 3 * 4 và [sic]) cho "cán bộ" <công chức>.' in body
    assert "- Lưu *hồ sơ* \\*;" in body  # recipients are printed as written
    assert "**" not in body.replace("- Lưu *hồ sơ* \\*;", "") and "^[" not in body


def test_tri_yeu_breaks_where_content_says(demo):
    doc = demo["word/document.xml"]
    p = next(p for p in doc.iter(f"{W}p") if p.find("w:pPr/w:pStyle[@w:val='VBTrichYeu']", NS) is not None)
    kinds = [("br" if r.find("w:br", NS) is not None else _text(r)) for r in p.findall("w:r", NS)]
    assert kinds == ["Triển khai thực hiện Chỉ thị số 06/CT-BCA-V05", "br", "trên địa bàn tỉnh Tây Ninh"]


def test_settings_styles_relationship_and_content_type(demo):
    settings = demo["word/settings.xml"]
    pr = settings.find("w:footnotePr", NS)
    assert [f.get(f"{W}id") for f in pr.findall("w:footnote", NS)] == ["-1", "0"]
    names = [etree.QName(c).localname for c in settings]
    assert names.index("footnotePr") < names.index("compat") < names.index("rsids")  # CT_Settings order
    styles = {s.get(f"{W}styleId"): s for s in demo["word/styles.xml"].iter(f"{W}style")}
    text, ref = styles["FootnoteText"], styles["FootnoteReference"]
    assert text.get(f"{W}type") == "paragraph" and ref.get(f"{W}type") == "character"
    assert text.find("w:rPr/w:sz", NS).get(f"{W}val") in {"20", "22", "24"}  # 10–12 pt
    assert text.find("w:rPr/w:rFonts", NS).get(f"{W}ascii") == "Times New Roman"
    assert text.find("w:pPr/w:spacing", NS).get(f"{W}line") == "240"  # single
    assert ref.find("w:rPr/w:vertAlign", NS).get(f"{W}val") == "superscript"
    rels = [r for r in demo["word/_rels/document.xml.rels"] if r.get("Type").endswith("/footnotes")]
    assert [r.get("Target") for r in rels] == ["footnotes.xml"]
    types = [o for o in demo["[Content_Types].xml"] if o.get("PartName") == "/word/footnotes.xml"]
    assert types[0].get("ContentType") == "application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml"


def test_output_with_footnotes_runs_and_breaks_is_schema_valid(demo):
    from ooxml_valid import assert_valid_docx

    assert_valid_docx(demo["path"])


def test_markup_mistake_names_file_line_and_key_and_writes_nothing(mini, tmp_path):
    bad = DEMO.replace("Bảo đảm [[tt-124-2021-bca]] được thực hiện nghiêm.", "Bảo đảm *được thực hiện nghiêm.")
    result, path = build_demo(mini, tmp_path / "out", bad)
    assert result.exit_code == 1
    line = bad.splitlines().index("        text: Bảo đảm *được thực hiện nghiêm.") + 1
    assert f"demo.yaml:{line}: sections[0].items[1].text: * (italic) is not closed; write \\* for a literal asterisk" in result.output
    assert not path.exists()


def test_yaml_value_starting_with_an_asterisk_gets_a_hint(mini, tmp_path):
    bad = DEMO.replace("text: Bảo đảm [[tt-124-2021-bca]]", "text: **Bảo đảm** [[tt-124-2021-bca]]")
    result, _ = build_demo(mini, tmp_path / "out", bad)
    assert result.exit_code == 1
    assert "must be quoted or written as a block (>-)" in result.output


def test_bases_as_footnote_without_the_placeholder_notes_the_uncited_bases(mini, tmp_path):
    """A preamble without {{ bases }} still prints the bases it does not cite: with bases_as:
    footnote, one note at the end of the preamble (no longer an error that blocks the build)."""
    bad = DEMO.replace("liên quan{{ bases }},", "liên quan,")
    result, path = build_demo(mini, tmp_path / "out", bad)
    assert result.exit_code == 0, result.output
    with zipfile.ZipFile(path) as z:
        document = etree.fromstring(z.read("word/document.xml"))
        notes = etree.fromstring(z.read("word/footnotes.xml")).findall(f"{W}footnote")
    first_note = _text(notes[2]).strip()
    assert first_note.startswith("Căn cứ Chỉ thị số 06/CT-BCA-V05 ngày 07 tháng 5 năm 2025"), first_note
    assert "Luật Lực lượng tham gia bảo vệ an ninh, trật tự ở cơ sở" in first_note
    ref = document.find(".//w:footnoteReference", NS)
    para = next(p for p in document.iter(f"{W}p") if ref in p.iter(f"{W}footnoteReference"))
    assert _text(para).startswith("Căn cứ các văn bản có liên quan")
    assert not any(_text(p).startswith("Căn cứ Chỉ thị") for p in document.iter(f"{W}p"))


def test_footnote_in_the_tri_yeu_is_refused(mini, tmp_path):
    bad = DEMO.replace("trên địa bàn {{ province.full_name }}", "trên địa bàn {{ province.full_name }}^[x]")
    result, _ = build_demo(mini, tmp_path / "out", bad)
    assert result.exit_code == 1
    assert "subject: a footnote cannot be attached to the trích yếu" in result.output


def test_shipped_ke_hoach_carries_the_legal_bases_footnote(tmp_path):
    from conftest import CONTENT
    from vbgen.batch.build import Workspace, render_one

    ws = Workspace.open(CONTENT, TEMPLATES)
    doc = ws.load_documents([CONTENT / "documents" / "ke-hoach-06.yaml"])[0]
    r = render_one(ws, doc, ws.registries.province("ha-noi"), tmp_path)
    with zipfile.ZipFile(io.BytesIO(r.data)) as z:
        document = etree.fromstring(z.read("word/document.xml"))
        notes = etree.fromstring(z.read("word/footnotes.xml")).findall(f"{W}footnote")
    assert [n.get(f"{W}id") for n in notes] == ["-1", "0", "1"]
    assert _text(notes[2]).strip().startswith("Nghị quyết số 51-NQ/TW ngày 05/9/2019 của Bộ Chính trị")
    ref = document.find(".//w:footnoteReference", NS)
    para = next(p for p in document.iter(f"{W}p") if ref in p.iter(f"{W}footnoteReference"))
    assert re.search(r"trọng tâm là: Chỉ thị số 06/CT-BCA-V05; Kết luận số 44-KL/TW .*…$", _text(para))
    # cited in full in the note, so later body mentions are short
    assert "Thực hiện nghiêm Nghị định số 06/2013/NĐ-CP;" in _text(document)
    trich_yeu = next(p for p in document.iter(f"{W}p") if p.find("w:pPr/w:pStyle[@w:val='VBTrichYeu']", NS) is not None)
    assert len(trich_yeu.findall(".//w:br", NS)) == 3


# -- LibreOffice: the footnotes at the foot of the page -----------------------------------------


def test_pdf_shows_footnotes_at_the_page_foot_and_the_tri_yeu_lines(mini, tmp_path):
    from test_pdf import pdf_text, require
    from vbgen.pdf.export import convert_to_pdf

    require("soffice")
    require("pdftotext")
    result, path = build_demo(mini, tmp_path / "out")
    assert result.exit_code == 0, result.output
    pdf = convert_to_pdf([path])[0]
    pages = pdf_text(pdf).split("\f")
    lines = [line.strip() for line in pages[0].splitlines() if line.strip()]
    # the trích yếu breaks exactly where content put the newline
    at = lines.index("Triển khai thực hiện Chỉ thị số 06/CT-BCA-V05")
    assert lines[at + 1] == "trên địa bàn tỉnh Tây Ninh"
    # the notes sit at the foot of their pages: from a page's first note down, no body text
    # (the last body paragraph may move to the signature's page, which keeps it company)
    note_start = re.compile(r"\b[1-4] (?:Chỉ thị số 06|Xem thêm|Theo quy chế|Qua Công an)")
    feet = []
    for page in pages:
        flat = " ".join(page.split())
        m = note_start.search(flat)
        if m:
            foot = flat[m.start():]
            assert "./." not in foot and "Nơi nhận" not in foot and flat[:m.start()].strip()
            feet.append(foot)
    foot = " ".join(feet)
    for note in ("Chỉ thị số 06/CT-BCA-V05 ngày 07 tháng 5 năm 2025", "Xem thêm Thông tư số 124/2021/TT-BCA",
                 "Theo quy chế phối hợp.", "Qua Công an tỉnh."):
        assert note in foot, note
    # each note is preceded by its number at the page foot, in order
    assert [m for m in re.findall(r"\b([1-4]) (?:Chỉ thị số 06|Xem thêm|Theo quy chế|Qua Công an)", foot)] == ["1", "2", "3", "4"]


def test_a_template_without_footnotes_gets_them_in_schema_order(mini, tmp_path):
    """A template saved by an older Word may lack the footnotes part: rendering adds it."""
    from click.testing import CliRunner
    from ooxml_valid import assert_valid_docx

    tpl = tmp_path / "tpl"
    tpl.mkdir()
    with zipfile.ZipFile(TEMPLATES / "ke-hoach.docx") as z, zipfile.ZipFile(tpl / "ke-hoach.docx", "w") as out:
        for name in z.namelist():
            data = z.read(name)
            if name == "word/footnotes.xml":
                continue
            if name in ("[Content_Types].xml", "word/_rels/document.xml.rels", "word/settings.xml", "word/styles.xml"):
                root = etree.fromstring(data)
                for el in list(root.iter()):
                    if (el.get("PartName") == "/word/footnotes.xml" or str(el.get("Type", "")).endswith("/footnotes")
                            or el.tag == f"{W}footnotePr" or el.get(f"{W}styleId") in ("FootnoteText", "FootnoteReference")):
                        el.getparent().remove(el)
                data = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
            out.writestr(name, data)
    with zipfile.ZipFile(tpl / "ke-hoach.docx") as z:
        assert "word/footnotes.xml" not in z.namelist() and b"footnotePr" not in z.read("word/settings.xml")
    doc = mini / "documents" / "demo.yaml"
    doc.write_text(DEMO, encoding="utf-8")
    result = CliRunner().invoke(main, ["build", str(doc), "--content", str(mini), "--templates", str(tpl),
                                       "--out", str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    path = tmp_path / "out" / "tay-ninh" / "demo.docx"
    assert_valid_docx(path)
    with zipfile.ZipFile(path) as z:
        notes = etree.fromstring(z.read("word/footnotes.xml")).findall(f"{W}footnote")
        settings = etree.fromstring(z.read("word/settings.xml"))
    assert [n.get(f"{W}id") for n in notes] == ["-1", "0", "1", "2", "3", "4"]
    names = [etree.QName(c).localname for c in settings]
    assert names.index("footnotePr") < names.index("compat")


def test_a_province_override_chooses_long_citation_dates(mini, tmp_path):
    from conftest import render_mini

    folder = mini / "provinces" / "tay-ninh" / "documents"
    folder.mkdir(parents=True)
    (folder / "ke-hoach-mini.yaml").write_text("citation_dates: long\n", encoding="utf-8")
    body = _text(etree.fromstring(zipfile.ZipFile(render_mini(mini, tmp_path / "a")).read("word/document.xml")))
    assert "Thực hiện Chỉ thị số 06/CT-BCA-V05 ngày 07 tháng 5 năm 2025 của Bộ trưởng Bộ Công an" in body
    other = _text(etree.fromstring(zipfile.ZipFile(render_mini(mini, tmp_path / "b", "ha-noi")).read("word/document.xml")))
    assert "Thực hiện Chỉ thị số 06/CT-BCA-V05 ngày 07/5/2025 của Bộ trưởng Bộ Công an" in other


def test_footnote_ids_follow_the_separators_of_the_template():
    """Word writes the separators as -1 and 0; an older writer as 0 and 1: notes come after them."""
    from vbgen.content.inline import NoteRef
    from vbgen.ooxml.footnotes import W_NS, first_note_id, footnotes_xml
    from vbgen.ooxml.runs import runs_xml

    old = (f'<w:footnotes xmlns:w="{W_NS}"><w:footnote w:type="separator" w:id="0"><w:p/></w:footnote>'
           '<w:footnote w:type="continuationSeparator" w:id="1"><w:p/></w:footnote>'
           '<w:footnote w:id="2"><w:p/></w:footnote></w:footnotes>').encode()
    assert first_note_id(old) == 2
    notes = etree.fromstring(footnotes_xml(old, [(1, (Span("một"),)), (2, (Span("hai"),))])).findall(f"{W}footnote")
    assert [(n.get(f"{W}id"), _text(n).strip()) for n in notes] == [("0", ""), ("1", ""), ("2", "một"), ("3", "hai")]
    assert 'w:footnoteReference w:id="3"' in runs_xml((NoteRef(2),), first_note_id(old))


def test_names_inserted_by_placeholders_are_never_markup(mini, tmp_path):
    """An agency or province name with *, ] or \\ prints as written, even inside a footnote."""
    agencies = mini / "agencies.yaml"
    text = agencies.read_text(encoding="utf-8")
    assert "    name: Công an {{ province.unit }}\n" in text
    agencies.write_text(text.replace("    name: Công an {{ province.unit }}\n", "    name: Công an *{{ province.unit }}] \\x\n", 1),
                        encoding="utf-8")
    result, path = build_demo(mini, tmp_path / "out")
    assert result.exit_code == 0, result.output
    with zipfile.ZipFile(path) as z:
        notes = etree.fromstring(z.read("word/footnotes.xml")).findall(f"{W}footnote")
    assert _text(notes[-1]).strip() == "Qua Công an *tỉnh] \\x."


def test_a_markup_escape_inside_yaml_double_quotes_gets_a_hint(mini, tmp_path):
    bad = DEMO.replace("text: Bảo đảm [[tt-124-2021-bca]] được thực hiện nghiêm.", 'text: "Bảo đảm 3 \\* 4."')
    result, _ = build_demo(mini, tmp_path / "out", bad)
    assert result.exit_code == 1
    assert "inside double quotes a backslash starts a YAML escape: write \\\\* there" in result.output
    good = DEMO.replace("text: Bảo đảm [[tt-124-2021-bca]] được thực hiện nghiêm.", 'text: "Bảo đảm 3 \\\\* 4."')
    result, path = build_demo(mini, tmp_path / "good", good)
    assert result.exit_code == 0, result.output
    assert "Bảo đảm 3 * 4." in _text(etree.fromstring(zipfile.ZipFile(path).read("word/document.xml")))
