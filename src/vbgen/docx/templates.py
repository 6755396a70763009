"""Build the .docx templates of doctemplates/ from code (``vbgen templates DIR``).

The templates are ordinary Word files: every element has a named paragraph style ("VB Nội
dung", "VB Quốc hiệu" …) that a person can restyle in Word or LibreOffice, and the variable
parts are docxtpl/Jinja tags documented in the README. This module exists so the templates
can be rebuilt from a known state; edited templates work just as well.
"""

from __future__ import annotations

import io
from pathlib import Path

import docx
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Pt, RGBColor, Twips

from vbgen.docx import layout
from vbgen.docx.layout import SIZES
from vbgen.ooxml import write as ox
from vbgen.docx.package import TemplatePackage
from vbgen.ooxml.footnotes import ensure_footnotes
from vbgen.ooxml.namespaces import declared_parts

CENTER, JUSTIFY, LEFT = WD_ALIGN_PARAGRAPH.CENTER, WD_ALIGN_PARAGRAPH.JUSTIFY, WD_ALIGN_PARAGRAPH.LEFT

# (style id, name shown in Word, size, bold, italic, alignment, space before pt, first-line indent, line)
STYLES = [
    ("VBCoQuan", "VB Cơ quan ban hành", SIZES.agency, True, False, CENTER, 0, 0, 240),
    ("VBKeCoQuan", "VB Kẻ dưới cơ quan", 2, False, False, CENTER, 0, 0, 240),
    ("VBQuocHieu", "VB Quốc hiệu", SIZES.national_title, True, False, CENTER, 0, 0, 240),
    ("VBTieuNgu", "VB Tiêu ngữ", SIZES.motto, True, False, CENTER, 0, 0, 240),
    ("VBKeTieuNgu", "VB Kẻ dưới tiêu ngữ", 2, False, False, CENTER, 0, 0, 240),
    ("VBSo", "VB Số ký hiệu", SIZES.number, False, False, CENTER, 6, 0, 240),
    ("VBDiaDanh", "VB Địa danh ngày tháng", SIZES.date_line, False, True, CENTER, 6, 0, 240),
    ("VBTenLoai", "VB Tên loại", SIZES.kind, True, False, CENTER, 24, 0, 240),
    ("VBTrichYeu", "VB Trích yếu", SIZES.subject, True, False, CENTER, 0, 0, 240),
    ("VBKeTrichYeu", "VB Kẻ dưới trích yếu", 2, False, False, CENTER, 0, 0, 240),
    ("VBMuc", "VB Mục (I.)", SIZES.body, True, False, JUSTIFY, layout.BODY_SPACE_BEFORE, layout.BODY_FIRST_LINE, layout.BODY_LINE),
    ("VBKhoan", "VB Khoản (1.)", SIZES.body, True, False, JUSTIFY, layout.BODY_SPACE_BEFORE, layout.BODY_FIRST_LINE, layout.BODY_LINE),
    ("VBDiem", "VB Điểm (a)", SIZES.body, False, False, JUSTIFY, layout.BODY_SPACE_BEFORE, layout.BODY_FIRST_LINE, layout.BODY_LINE),
    ("VBNoiDung", "VB Nội dung", SIZES.body, False, False, JUSTIFY, layout.BODY_SPACE_BEFORE, layout.BODY_FIRST_LINE, layout.BODY_LINE),
    ("VBNoiNhan", "VB Nơi nhận", SIZES.recipients_label, True, True, LEFT, 0, 0, 240),
    ("VBNoiNhanMuc", "VB Nơi nhận - mục", SIZES.recipients, False, False, LEFT, 0, 0, 240),
    ("VBChucVu", "VB Quyền hạn chức vụ", SIZES.signature, True, False, CENTER, 0, 0, 240),
    ("VBHoTen", "VB Họ tên người ký", SIZES.signature, True, False, CENTER, 0, 0, 240),
    ("VBSoTrang", "VB Số trang", SIZES.page_number, False, False, CENTER, 0, 0, 240),
    # marks on page 1 (boxed: see MARK_FRAMES)
    ("VBDuThao", "VB Dấu dự thảo", SIZES.mark, True, False, CENTER, 0, 0, 240),
    ("VBDoMat", "VB Dấu độ mật", SIZES.mark, True, False, CENTER, 0, 0, 240),
    ("VBDoKhan", "VB Dấu độ khẩn", SIZES.mark, True, False, CENTER, 0, 0, 240),
    ("VBPhamViLuuHanh", "VB Phạm vi lưu hành", SIZES.mark, True, False, CENTER, 0, 0, 240),
    ("VBKhoangDau", "VB Khoảng cách giữa các dấu", 2, False, False, CENTER, 0, 0, 240),
    # appendices ("Phụ lục", after the signature, each in its own section)
    ("VBPhuLuc", "VB Phụ lục", SIZES.appendix_label, True, False, CENTER, 0, 0, 240),
    ("VBPhuLucTen", "VB Tên phụ lục", SIZES.appendix_title, True, False, CENTER, 0, 0, 240),
    ("VBPhuLucKemTheo", "VB Kèm theo (phụ lục)", SIZES.appendix_reference, False, True, CENTER, 0, 0, 240),
    ("VBKePhuLuc", "VB Kẻ dưới phụ lục", 2, False, False, CENTER, 3, 0, 240),
    ("VBBangTieuDe", "VB Bảng - tiêu đề cột", SIZES.table, True, False, CENTER, 0, 0, 240),
    ("VBBangNhom", "VB Bảng - nhóm nhiệm vụ", SIZES.table, True, False, LEFT, 0, 0, 240),
    ("VBBangNoiDung", "VB Bảng - nội dung", SIZES.table, False, False, LEFT, 0, 0, 240),
    ("VBBangGiua", "VB Bảng - căn giữa", SIZES.table, False, False, CENTER, 0, 0, 240),
]

# style id -> (frame colour, text colour, line height in points): single-line frames whose
# height with the border spacing is about 8 mm, the size of the stamps (Phụ lục I, III.2)
MARK_FRAMES = {
    "VBDuThao": ("000000", None, layout.MARK_LINE_PT),
    "VBDoMat": (layout.MARK_RED, layout.MARK_RED, layout.MARK_LINE_PT),
    "VBDoKhan": (layout.MARK_RED, layout.MARK_RED, layout.MARK_LINE_PT),
    "VBPhamViLuuHanh": ("000000", None, layout.MARK_LINE_PT),
}
MARK_GAP_PT = 5

BODY_LOOP = [
    ("", "{%p for b in blocks %}"),
    ("", "{%p if b.style == 'h1' %}"),
    ("VBMuc", "{{r b.runs }}"),
    ("", "{%p elif b.style == 'h2' %}"),
    ("VBKhoan", "{{r b.runs }}"),
    ("", "{%p elif b.style == 'h3' %}"),
    ("VBDiem", "{{r b.runs }}"),
    ("", "{%p else %}"),
    ("VBNoiDung", "{{r b.runs }}"),
    ("", "{%p endif %}"),
    ("", "{%p endfor %}"),
]

# (style id, text) of each paragraph of the layout tables; "" = no style (a docxtpl tag line)
HEADER_CELLS = {
    (0, 0): [("VBCoQuan", "{{ issuer.line1 }}"), ("VBCoQuan", "{{ issuer.line2 }}"), ("VBKeCoQuan", "")],
    (0, 1): [("VBQuocHieu", layout.NATIONAL_TITLE), ("VBTieuNgu", layout.MOTTO), ("VBKeTieuNgu", "")],
    (1, 0): [("VBSo", "{{ number_line }}")],
    (1, 1): [("VBDiaDanh", "{{ date_line }}")],
}
TITLE = [("VBTenLoai", "{{ kind_title }}"), ("VBTrichYeu", "{{r subject_runs }}"), ("VBKeTrichYeu", "")]
RECIPIENTS_CELL = [("VBNoiNhan", "Nơi nhận:"), ("", "{%p for r in recipients %}"), ("VBNoiNhanMuc", "{{ r }}"),
                   ("", "{%p endfor %}")]
SIGNATURE_CELL = [("", "{%p for line in signature.lines %}"), ("VBChucVu", "{{ line }}"), ("", "{%p endfor %}")]

SIGNATURE_SPACE_LINES = 4
RECIPIENT_HANG = 113  # 2 mm: the width of "- " at 11 pt


def _define_styles(document: docx.document.Document) -> None:
    styles = document.styles
    ox.set_doc_defaults(styles.element, layout.FONT, SIZES.body, layout.LANG)
    ox.remove_theme_fonts(styles.element, layout.FONT)
    normal = styles["Normal"]
    normal.font.name = layout.FONT
    normal.font.size = Pt(SIZES.body)
    ox.set_run_fonts(normal.element.get_or_add_rPr(), layout.FONT)
    for style_id, name, size, bold, italic, align, before, first_line, line in STYLES:
        style = styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
        style.style_id = style_id
        style.base_style = normal
        style.quick_style = True
        font = style.font
        font.size = Pt(size)
        font.bold = bold
        font.italic = italic
        ox.set_run_fonts(style.element.get_or_add_rPr(), layout.FONT)
        fmt = style.paragraph_format
        fmt.alignment = align
        fmt.space_before = Pt(before)
        fmt.space_after = Pt(0)
        fmt.first_line_indent = Twips(first_line)
        fmt.line_spacing = line / 240
        fmt.widow_control = True
        if style_id.startswith("VBKe"):
            ox.bottom_border(style.element.get_or_add_pPr())
        if style_id in ("VBKeTrichYeu", "VBKePhuLuc"):
            fmt.space_after = Pt(12)
        if style_id in MARK_FRAMES:
            frame, text_colour, line_pt = MARK_FRAMES[style_id]
            ox.box_border(style.element.get_or_add_pPr(), frame, layout.MARK_PAD_TOP, layout.MARK_PAD_SIDE)
            fmt.line_spacing = Pt(line_pt)  # exact
            if text_colour:
                font.color.rgb = RGBColor.from_string(text_colour)
        if style_id == "VBKhoangDau":
            fmt.line_spacing = Pt(MARK_GAP_PT)
        if style_id == "VBNoiNhanMuc":  # wrapped recipient lines hang under the text, not the dash
            fmt.left_indent = Twips(RECIPIENT_HANG)
            fmt.first_line_indent = Twips(-RECIPIENT_HANG)
        if style_id in ("VBMuc", "VBKhoan", "VBTenLoai", "VBTrichYeu", "VBNoiNhan", "VBChucVu"):
            fmt.keep_with_next = True


def _fill(cell, styles, paragraphs: list[tuple[str, str]]) -> None:
    """Put ``paragraphs`` in a new table cell (it starts with one empty paragraph)."""
    (style_id, text), rest = paragraphs[0], paragraphs[1:]
    first = cell.paragraphs[0]
    first.text = text
    if style_id:
        first.style = styles.get_by_id(style_id, WD_STYLE_TYPE.PARAGRAPH)
    for style_id, text in rest:
        _add(cell, styles, style_id, text)


def _add(container, styles, style_id: str, text: str = ""):
    p = container.add_paragraph(text)
    if style_id:
        p.style = styles.get_by_id(style_id, WD_STYLE_TYPE.PARAGRAPH)
    return p


STYLES_WITH_EFFECTS = "http://schemas.microsoft.com/office/2007/relationships/stylesWithEffects"


def _drop_styles_with_effects(document: docx.document.Document) -> None:
    """Remove python-docx's stale Word 2010 ``stylesWithEffects.xml``.

    It is a copy of the default template's styles that no longer matches styles.xml (Word
    may report the file as damaged); dropping its relationship drops the part and its
    content-type entry when the package is saved.
    """
    for rid, rel in list(document.part.rels.items()):
        if rel.reltype == STYLES_WITH_EFFECTS:
            document.part.drop_rel(rid)


def build_template(title: str) -> bytes:
    """The template for one document kind, as deterministic .docx bytes."""
    document = docx.Document()
    _drop_styles_with_effects(document)
    _define_styles(document)
    styles = document.styles
    body = document._body
    # python-docx starts with one empty paragraph; remove it so the header table comes first
    for p in list(document.paragraphs):
        p._p.getparent().remove(p._p)

    section = document.sections[0]
    section.page_width, section.page_height = Twips(layout.PAGE_WIDTH), Twips(layout.PAGE_HEIGHT)
    section.top_margin, section.bottom_margin = Twips(layout.MARGIN_TOP), Twips(layout.MARGIN_BOTTOM)
    section.left_margin, section.right_margin = Twips(layout.MARGIN_LEFT), Twips(layout.MARGIN_RIGHT)
    section.header_distance = section.footer_distance = Twips(layout.HEADER_DISTANCE)
    section.different_first_page_header_footer = True
    page_number = section.header.paragraphs[0]
    page_number.style = styles.get_by_id("VBSoTrang", WD_STYLE_TYPE.PARAGRAPH)
    ox.add_page_field(page_number)
    section.first_page_header.paragraphs[0].text = ""

    header = document.add_table(rows=2, cols=2)
    ox.borderless_fixed_table(header, list(layout.HEADER_COLUMNS), layout.HEADER_INDENT, layout.CELL_MARGIN)
    for (row, col), paragraphs in HEADER_CELLS.items():
        _fill(header.cell(row, col), styles, paragraphs)

    for style_id, text in [*TITLE, *BODY_LOOP]:
        _add(body, styles, style_id, text)
    _add(body, styles, "VBNoiDung")  # space between the body and the signature table

    sign = document.add_table(rows=1, cols=2)
    ox.borderless_fixed_table(sign, list(layout.SIGN_COLUMNS), layout.SIGN_INDENT, layout.CELL_MARGIN)
    recipients, signer = sign.cell(0, 0), sign.cell(0, 1)
    _fill(recipients, styles, RECIPIENTS_CELL)
    _fill(signer, styles, SIGNATURE_CELL)
    for _ in range(SIGNATURE_SPACE_LINES):
        _add(signer, styles, "VBChucVu")
    _add(signer, styles, "VBHoTen", "{{ signature.name }}")

    props = document.core_properties
    props.title = f"Mẫu {title} (vbgen)"
    props.author = props.last_modified_by = "vbgen"
    # no tag braces here: docxtpl renders core properties as Jinja too
    props.comments = "Template for vbgen: restyle the 'VB …' paragraph styles; keep the tags as they are (README, Templates)."
    props.revision = 1
    buffer = io.BytesIO()
    document.save(buffer)
    package = TemplatePackage(buffer.getvalue())
    for name, data in ensure_footnotes(package.parts, layout.FONT, SIZES.footnote).items():
        package.put(name, data)
    for name, data in declared_parts(package.parts).items():  # Word's namespaces on every root
        package.put(name, data)
    return package.build({})


TEMPLATES = {"ke-hoach.docx": "Kế hoạch", "chi-thi.docx": "Chỉ thị"}


def build_templates(out_dir: Path) -> list[Path]:
    """Write every template into ``out_dir``; returns the paths written."""
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for filename, title in TEMPLATES.items():
        path = out_dir / filename
        path.write_bytes(build_template(title))
        written.append(path)
    return written
