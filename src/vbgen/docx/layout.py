"""Page geometry and type sizes: one profile within the ranges of Nghị định 30/2020.

The template builder lays the templates out with these numbers, and the renderer sizes the
short header lines with them. Sizes follow format-nd30.md §2.4 "Profile A" (the Mẫu 1.4
sample): Quốc hiệu 13, Tiêu ngữ 14, date line 14, body 14.
"""

from __future__ import annotations

import dataclasses

from vbgen.docx import textmetrics

MM = 1440 / 25.4  # twips per millimetre

PAGE_WIDTH, PAGE_HEIGHT = 11906, 16838  # A4 portrait
MARGIN_TOP, MARGIN_BOTTOM = round(20 * MM), round(20 * MM)  # 20–25 mm
MARGIN_LEFT, MARGIN_RIGHT = round(30 * MM), round(15 * MM)  # 30–35 mm, 15–20 mm
HEADER_DISTANCE = round(10 * MM)
TEXT_WIDTH = PAGE_WIDTH - MARGIN_LEFT - MARGIN_RIGHT
LANDSCAPE_TEXT_WIDTH = PAGE_HEIGHT - MARGIN_LEFT - MARGIN_RIGHT  # an appendix on landscape A4

CELL_MARGIN = 85  # 1.5 mm left and right inside the layout tables
# 64 mm + 110 mm. Mẫu 1.4 uses 67.5 + 100 mm, but "Thành phố Hồ Chí Minh, ngày 25 tháng 12 năm 2026"
# needs 106 mm at 14 pt italic and "THÀNH PHỐ HỒ CHÍ MINH" 60 mm at 13 pt bold; like the Mẫu,
# the table reaches a little into the margins (6 mm left, 3 mm right) so neither line wraps.
HEADER_COLUMNS = (3628, 6236)
HEADER_INDENT = -340
SIGN_COLUMNS = (4394, TEXT_WIDTH - 4394 + CELL_MARGIN)
SIGN_INDENT = -CELL_MARGIN  # "Nơi nhận:" flush with the left margin

FONT = "Times New Roman"
LANG = "vi-VN"


@dataclasses.dataclass(frozen=True)
class Sizes:
    """Type sizes in points for each element."""

    agency: float = 13
    national_title: float = 13
    motto: float = 14
    number: float = 13
    date_line: float = 14
    kind: float = 14
    subject: float = 14
    body: float = 14
    recipients_label: float = 12
    recipients: float = 11
    signature: float = 14
    page_number: float = 14
    footnote: float = 12
    mark: float = 13  # DỰ THẢO, MẬT, KHẨN, LƯU HÀNH NỘI BỘ: 13–14 bold capitals
    appendix_label: float = 14  # "Phụ lục I": 14 bold
    appendix_title: float = 14  # 13–14 bold capitals
    appendix_reference: float = 14  # "(Kèm theo …)": 13–14 italic
    table: float = 12


SIZES = Sizes()

BODY_FIRST_LINE = round(10 * MM)  # first-line indent 1 cm
BODY_SPACE_BEFORE = 6  # points between paragraphs
BODY_LINE = 264  # 1.1 lines (240 = single)

MOTTO = "Độc lập - Tự do - Hạnh phúc"
NATIONAL_TITLE = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"

AGENCY_LINE_RATIO = 0.4  # the decree asks for 1/3 to 1/2 of the text line
SUBJECT_LINE_RATIO = 0.35

LINE_STYLES = ("VBKeCoQuan", "VBKeTieuNgu", "VBKeTrichYeu")

# -- marks (format-nd30.md §8): single-line frames about 8 mm high
MARK_RED = "FF0000"  # "mực màu đỏ tươi" (Phụ lục I, III.2.b)
MARK_LINE_PT = 17  # exact line height of the text; + 2 × 2 pt padding + borders ≈ 8 mm
MARK_PAD_TOP = 2  # points between the text and the top/bottom border
MARK_PAD_SIDE = 4  # points between the indent and the left/right border (drawn outside it)
MARK_BORDER_EIGHTHS = 8  # 1 pt
STAMP_MM = {"KHẨN": 20, "THƯỢNG KHẨN": 40, "HỎA TỐC": 30, "MẬT": 20, "TỐI MẬT": 30, "TUYỆT MẬT": 40}
"""Stamp widths (the height is 8 mm): urgency from Phụ lục I, III.2.b; secrecy as the
state-secrets rules make them (not in Nghị định 30; format-nd30.md §8)."""
MARK_TEXT_PAD_MM = 4  # frames without a set width: the text plus 2 mm each side


def mark_indents(text: str, container_tw: int, centre_tw: int | None = None) -> tuple[int, int]:
    """Left/right indents that make a mark's frame its stamp width (or fit its text), centred.

    ``container_tw`` is the width the paragraph lives in (a table cell's text width or the
    page's); ``centre_tw`` the frame's centre in it (default: the middle). The left and right
    borders are drawn MARK_PAD_SIDE points outside the indents.
    """
    if text in STAMP_MM:
        outer = round(STAMP_MM[text] * MM)
    else:
        outer = _twips(textmetrics.text_width_pt(text, SIZES.mark, bold=True)) + round(MARK_TEXT_PAD_MM * MM)
    inner = outer - 2 * _twips(MARK_PAD_SIDE) - 2 * round(MARK_BORDER_EIGHTHS * 20 / 8)
    centre = container_tw // 2 if centre_tw is None else centre_tw
    left = max(centre - inner // 2, 0)
    right = max(container_tw - left - inner, 0)
    return left, right


def _twips(points: float) -> int:
    return round(points * 20)


def _centred(container: int, length: int) -> tuple[int, int]:
    side = max((container - length) // 2, 0)
    return side, side


def line_indents(agency_lines: list[str], subject: str) -> dict[str, tuple[int, int]]:
    """Left/right indents of the three short lines, sized to the text above each of them."""
    left_cell = HEADER_COLUMNS[0] - 2 * CELL_MARGIN
    right_cell = HEADER_COLUMNS[1] - 2 * CELL_MARGIN
    agency = max(textmetrics.text_width_pt(t, SIZES.agency, bold=True) for t in agency_lines)
    motto = textmetrics.text_width_pt(MOTTO, SIZES.motto, bold=True)
    subject_line = min(_longest_wrapped_line(subject, SIZES.subject, TEXT_WIDTH / 20), TEXT_WIDTH / 20)
    return {
        "VBKeCoQuan": _centred(left_cell, _twips(agency * AGENCY_LINE_RATIO)),
        "VBKeTieuNgu": _centred(right_cell, _twips(motto)),
        "VBKeTrichYeu": _centred(TEXT_WIDTH, _twips(subject_line * SUBJECT_LINE_RATIO)),
    }


TASK_NUMBER_COLUMN = round(12 * MM)  # "STT" at 12 pt bold fits on one line
TASK_COLUMN_SHARES = (0.32, 0.17, 0.19, 0.16, 0.16)  # content, lead, cooperate, deadline, product


def task_columns(width: int) -> tuple[int, ...]:
    """Widths of the six columns of an appendix task table that is ``width`` twips wide."""
    rest = width - TASK_NUMBER_COLUMN
    cols = [round(rest * share) for share in TASK_COLUMN_SHARES]
    cols[0] += rest - sum(cols)
    return (TASK_NUMBER_COLUMN, *cols)


def short_line_indents(text: str, size: float, width: int) -> tuple[int, int]:
    """Indents of a short centred line about 1/3 of the longest line of ``text`` (wrapped at ``width``)."""
    longest = min(_longest_wrapped_line(text, size, width / 20), width / 20)
    return _centred(width, _twips(longest * SUBJECT_LINE_RATIO))


def _longest_wrapped_line(text: str, size: float, width_pt: float) -> float:
    """Width of the longest line when ``text`` is wrapped greedily at ``width_pt``.

    A newline in ``text`` is a line break that content asked for (the trích yếu's ``|-``).
    """
    if "\n" in text:
        return max(_longest_wrapped_line(line, size, width_pt) for line in text.split("\n"))
    space = textmetrics.text_width_pt(" ", size, bold=True)
    longest = current = 0.0
    for word in text.split():
        w = textmetrics.text_width_pt(word, size, bold=True)
        if current and current + space + w > width_pt:
            longest = max(longest, current)
            current = w
        else:
            current = current + space + w if current else w
    return max(longest, current)
