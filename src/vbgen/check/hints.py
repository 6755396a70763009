"""What to do about each rule's finding, in the words of Word's menus (Vietnamese when asked).

One hint per rule id; a finding carries it as ``fix``. The Vietnamese wording follows the
Vietnamese Word menus (Trang đầu, Bố trí, Đoạn, Phông chữ …); see ``locale/vi/LC_MESSAGES/read.po``.
"""

from __future__ import annotations

from vbgen.i18n import N_, _

HINTS: dict[str, str] = {
    "page.size": N_("Layout → Size → A4"),
    "page.orientation": N_("Layout → Orientation → Portrait"),
    "page.margins": N_("Layout → Margins → Custom Margins: top and bottom 2–2.5 cm, left 3–3.5 cm, right 1.5–2 cm"),
    "page.number": N_("Insert → Page Number → Top of Page → centred; Different First Page"),
    "page.first": N_("Header & Footer → Different First Page"),
    "font.family": N_("Select all (Ctrl+A) → Font → Times New Roman"),
    "font.color": N_("Font → Font Color → Automatic"),
    "text.nfc": N_("retype the letters with a Unicode keyboard (Unikey: Unicode, dựng sẵn)"),
    "text.encoding": N_("convert the file: vbgen import FILE (or Unikey → Convert: TCVN3/VNI → Unicode)"),
    "typing.habit": N_("nothing to do: it prints right"),
    "header.quoc_hieu": N_('type "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in capitals, bold, 12–13 pt'),
    "header.tieu_ngu": N_('type "Độc lập - Tự do - Hạnh phúc" bold, 13–14 pt, under the Quốc hiệu'),
    "header.tieu_ngu_line": N_("Insert → Shapes → Line, as long as the Tiêu ngữ"),
    "header.agency_line": N_("Insert → Shapes → Line, 1/3 to 1/2 of the agency name"),
    "header.so": N_('type the number with two digits: "Số: 05/KH-UBND", 13 pt'),
    "date.format": N_('type the date in words and figures: "ngày 05 tháng 3 năm 2025" (01 and 02 for January and February)'),
    "body.indent": N_("Paragraph → Indentation → Special: First line 1.27 cm"),
    "body.size": N_("Font → Size 13 or 14"),
    "body.align": N_("Paragraph → Alignment: Justified"),
    "body.spacing": N_("Paragraph → Spacing → Before 6 pt"),
    "body.line_spacing": N_("Paragraph → Line spacing: Single to 1.5 lines"),
    "body.end": N_('end the last paragraph with "./."'),
    "numbering.roman": N_("renumber the headings I, II, III … in order"),
    "numbering.arabic": N_("renumber the items 1, 2, 3 … in order"),
    "numbering.letter": N_("renumber the points a, b, c, d, đ, e … in order"),
    "recipients.label": N_('Font: "Nơi nhận:" bold italic 12 pt'),
    "recipients.items": N_('start each recipient with "- ", end it with ";", 11 pt'),
    "recipients.last": N_('end the list with "- Lưu: VT, <đơn vị>."'),
    "sign.block": N_("put Nơi nhận and the signature in a borderless two-column table (Insert → Table, Borders → No Border)"),
    "sign.style": N_("Font: bold capitals 13–14 pt for the position; bold for the name"),
    "title.kind": N_('type "KẾ HOẠCH" or "CHỈ THỊ" bold capitals 13–14 pt, centred'),
    "title.trich_yeu": N_("Font: bold 13–14 pt; Paragraph → Alignment: Centered"),
    "title.line": N_("Insert → Shapes → Line, 1/3 to 1/2 of the trích yếu"),
}


def hint(rule_id: str) -> str | None:
    """The rule's hint in the current language, or None."""
    text = HINTS.get(rule_id)
    return _(text) if text else None
