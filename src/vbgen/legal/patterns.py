"""Regular expressions for legal references as Vietnamese documents write them.

All patterns run on text normalised by :func:`vbgen.legal.extract.normalise` (NFC, one space
between words, "-" for every dash). They are deliberately small: :mod:`vbgen.legal.scan`
finds a kind and a number first, then reads what follows (date, issuer, trích yếu, short
name) with the anchored patterns here, one piece at a time.
"""

from __future__ import annotations

import re
import unicodedata

UPPER = "".join(
    c for c in map(chr, range(0x41, 0x1EFA))
    if c.isupper() and c.isalpha() and "LATIN" in unicodedata.name(c, "")
)
"""Every upper-case Latin letter Vietnamese can use (A–Z, Đ, Ắ, Ự …)."""

_NOT_LETTER_AFTER = r"(?![^\W\d_])"
_NOT_LETTER_BEFORE = r"(?<![^\W\d_])"

# -- kinds ------------------------------------------------------------------------------------

KINDS: dict[str, str] = {
    "thông tư liên tịch": "Thông tư",
    "nghị quyết liên tịch": "Nghị quyết",
    "bộ luật": "Bộ luật",
    "luật": "Luật",
    "pháp lệnh": "Pháp lệnh",
    "hiến pháp": "Hiến pháp",
    "nghị quyết": "Nghị quyết",
    "nghị định": "Nghị định",
    "quyết định": "Quyết định",
    "chỉ thị": "Chỉ thị",
    "thông tư": "Thông tư",
    "kế hoạch": "Kế hoạch",
    "kết luận": "Kết luận",
    "chương trình": "Chương trình",
    "hướng dẫn": "Hướng dẫn",
    "thông báo": "Thông báo",
    "công văn": "Công văn",
    "văn bản": "Công văn",
    "quy định": "Quy định",
    "công điện": "Công điện",
    "thông tri": "Thông tri",
    "báo cáo": "Báo cáo",
    "tờ trình": "Tờ trình",
    "đề án": "Đề án",
}
"""Kind word as written (lower case) → the registry's kind ("văn bản số …" is a Công văn)."""

REGISTRY_KINDS = {"Hiến pháp", "Bộ luật", "Luật", "Pháp lệnh", "Nghị quyết", "Nghị định", "Thông tư", "Chỉ thị",
                  "Quyết định", "Kế hoạch", "Kết luận", "Chương trình", "Hướng dẫn", "Thông báo", "Công văn"}

_KIND_ALT = "|".join(sorted((re.escape(k) for k in KINDS), key=len, reverse=True))
KIND = rf"{_NOT_LETTER_BEFORE}(?P<kind>(?i:{_KIND_ALT})){_NOT_LETTER_AFTER}"

# -- numbers and symbols ------------------------------------------------------------------------

YEAR = r"(?:19|20)[0-9]{2}"
CODE = rf"[A-ZĐ][A-ZĐ0-9]*[a-z]?[A-ZĐ0-9]*{_NOT_LETTER_AFTER}"
"""One part of a symbol: NĐ, CP, BCA, V28, TTg, CTr, BGDĐT, QH15."""
SEP = r"(?: ?[/-] ?)"
SYMBOL = rf"[0-9]{{1,5}}(?:{SEP}(?:{YEAR}(?![0-9])|{CODE})){{1,6}}"
"""A number with its symbol, spaces around the separators allowed: "03/QĐ - UBND"."""

NUMBER_AFTER_KIND = re.compile(
    rf"{KIND}(?P<so> (?:số|Số|SỐ)(?: ?:)?)? ?(?:(?P<symbol>{SYMBOL})|(?P<bare>[0-9]{{1,4}})(?![0-9/,.-]?[0-9]))"
)
"""Kind, optional "số", then a number with symbol, or a bare number ("Chỉ thị 07")."""

TYPE_CODES = "NĐ|NQ|QĐ|CT|TT|TTLT|NQLT|KH|KL|CTr|HD|TB|CV|QC"
TYPE_KINDS = {"NĐ": "Nghị định", "NQ": "Nghị quyết", "NQLT": "Nghị quyết", "QĐ": "Quyết định", "CT": "Chỉ thị",
              "TT": "Thông tư", "TTLT": "Thông tư", "KH": "Kế hoạch", "KL": "Kết luận", "CTr": "Chương trình",
              "HD": "Hướng dẫn", "TB": "Thông báo", "CV": "Công văn", "QC": "Quy chế"}
"""Type part of a symbol → the kind it belongs to (Nghị định 30/2020, Phụ lục III)."""

BARE_SYMBOL = re.compile(
    rf"(?<![\w/.-])(?P<symbol>[0-9]{{1,5}}(?:/{YEAR})?/(?P<type>{TYPE_CODES})-{CODE}(?:-{CODE})*"
    rf"|[0-9]{{1,5}}-(?P<ptype>{TYPE_CODES})/{CODE}(?:-{CODE})*"
    rf"|[0-9]{{1,5}}/{YEAR}/(?P<qh>(?:UBTV)?QH[0-9]+))(?![\w/-])"
)
"""A number and symbol with no kind word before it, whose type part names the kind."""

OWN_NUMBER = re.compile(r"(?:^|[^\w\s,;]|\n)[\s*]*Số ?: ?$")
"""'Số:' at the start of a paragraph or table cell, right before a symbol: the document's own number."""

# -- date, issuer, trích yếu, short name -------------------------------------------------------

DATE = re.compile(
    r",? ?\(?(?:ban hành )?(?:ngày|Ngày) (?P<d>[0-9]{1,2})(?:(?: ?[/.-] ?)(?P<m>[0-9]{1,2})(?: ?[/.-] ?)"
    r"|(?: tháng )(?P<m2>[0-9]{1,2})(?: năm ))(?P<y>(?:19|20)[0-9]{2})(?![0-9])"
)

_U = f"[{UPPER}]"
_L = "[^\\W\\d_]"
_CAP_WORD = rf"{_U}{_L}*"
_SUBJECT_STARTS = (r"(?:Quy định|Về|V/v|Hướng dẫn|Ban hành|Sửa đổi|Phê duyệt|Thực hiện|Triển khai|Tăng cường|"
                   r"Đẩy mạnh|Tiếp tục)")
_ISSUER_LOWER = ("trưởng|tướng|tịch|đốc|cục|nhân|dân|tỉnh|thành|phố|huyện|quận|thị|xã|phường|lần|thứ|"
                 "nhất|hai|ba|tư|năm|sáu|bảy|tám|chín|mười|khóa|khoá|chấp|hành|thường|vụ|đảng|an")
_HEADS = ("Bộ trưởng|Thứ trưởng|Thủ trưởng|Chủ tịch|Giám đốc|Tổng cục trưởng|Cục trưởng|Phó Thủ tướng|Thủ tướng|"
          "Bộ Chính trị|Ban Bí thư|Ban Chấp hành|Ban Thường vụ|Ban Chỉ đạo|Ban|Bộ|Chính phủ|Quốc hội|"
          "Ủy ban|Uỷ ban|UBND|HĐND|UBTVQH|Hội đồng|Hội nghị|Tỉnh ủy|Tỉnh uỷ|Thành ủy|Thành uỷ|Huyện ủy|"
          "Huyện uỷ|Đảng ủy|Đảng uỷ|Đảng đoàn|Công an|Sở|Cục|Tổng cục|Văn phòng|Liên bộ|Tòa án|Toà án|"
          "Viện kiểm sát|Kiểm toán|Ngân hàng|Bảo hiểm|Mặt trận|Trung ương|Tổng Bí thư|Liên đoàn|Đoàn")
_ROMAN = r"[IVXLC]+(?![^\W\d_])"
_KIND_CAPS = "|".join(sorted((re.escape(k[0].upper() + k[1:]) for k in KINDS), key=len, reverse=True))
_LOWER_WORD = rf"(?:(?!{_U}){_L})+{_NOT_LETTER_AFTER}"
_NOT_AFTER_CAP = "về|quy|ban|hướng|sửa|phê|thực|của|và|tại|theo|với|trong|đã|được|là|có|để|ngày|số|năm"
_ISSUER_TOKEN = (
    rf"(?:(?:Ủy|Uỷ|ủy|uỷ) ban{_NOT_LETTER_AFTER}|(?!(?:{_SUBJECT_STARTS}|{_KIND_CAPS}){_NOT_LETTER_AFTER}){_CAP_WORD}(?: (?!(?:{_NOT_AFTER_CAP}){_NOT_LETTER_AFTER}){_LOWER_WORD})?"
    rf"|(?:{_ISSUER_LOWER}){_NOT_LETTER_AFTER}|{_ROMAN}|[0-9]{{1,2}}(?![0-9/])|\((?:khóa|khoá|Khóa|Khoá) {_ROMAN}\)"
    rf"|(?:và|-)(?= {_U}))"
)
ISSUER = re.compile(
    rf"(?:,? ?(?P<of>của )| )(?!{_KIND_CAPS}{_NOT_LETTER_AFTER})(?P<issuer>(?:{_HEADS}){_NOT_LETTER_AFTER}(?: {_ISSUER_TOKEN})*)"
)
"""Who issued it: "của Bộ trưởng Bộ Công an", "Hội nghị lần thứ tám Ban Chấp hành Trung ương khóa XI"."""

SUBJECT = re.compile(
    r",? ?(?P<subject>(?:về|Về|V/v|quy định|Quy định|hướng dẫn|Hướng dẫn|ban hành|Ban hành|sửa đổi|Sửa đổi|"
    r"phê duyệt|Phê duyệt)(?: việc)? (?:[“\"](?P<quoted>[^”\"\n]{3,400})[”\"]|(?P<plain>[^;\n(]{3,400}?))"
    r")(?=[;\n(]|\.(?: |$)|$| ?(?:và|,) (?:(?i:" + _KIND_ALT + r")) )"
)
"""Trích yếu after the reference: 'về “…”', 'quy định …' (up to ";", "." or the next reference)."""

ALIAS = re.compile(r" ?\((?:sau đây |Sau đây )?(?:được )?(?:gọi|viết)(?: tắt| gọn)? là:? ?[“\"]?(?P<alias>[^()“”\"\n]{2,60}?)[”\"]?\)")
"""A short name: "(sau đây gọi tắt là Chỉ thị 07)", "(gọi tắt là Chỉ thị số 07)"."""

# -- Luật, Bộ luật, Pháp lệnh, Hiến pháp by name ----------------------------------------------

_NAME_STOP = ("ngày|của|thì|đã|được|có|này|về|để|theo|tại|trong|với|nhằm|hiện|đối|cho|khi|phải|"
              "là|các|những|đang|sẽ|từ|đến|gồm|như|hoặc|nhưng|mà|do|bởi|vì|nên|quy định|không|chưa|vẫn|cũng|bị|cần|còn|"
              "(?<!pháp )(?i:luật|bộ luật|pháp lệnh|nghị định|thông tư)")
_NAME_STOP_PHRASE = rf"(?:năm|số) [0-9]|và (?:các |(?i:{_KIND_ALT}){_NOT_LETTER_AFTER})"
"""Words that end a law's name: "số 72/…", "năm 2018", "quy định", "và Luật …" (but "và" inside
a name stays: "Luật Quy hoạch đô thị và nông thôn")."""
_NAME_WORD = rf"(?!(?:{_NAME_STOP}){_NOT_LETTER_AFTER})(?!{_NAME_STOP_PHRASE}){_L}+"
_LAW_KIND = r"(?P<kind>Bộ luật|Luật|Pháp lệnh|BỘ LUẬT|LUẬT|PHÁP LỆNH)"
_NAME_TAIL = rf"(?: (?:có công với cách mạng|{_NAME_WORD})|,(?= (?:chống|chữa|trật tự|bổ sung) )){{0,11}}"
NAMED_LAW = re.compile(
    rf"{_NOT_LETTER_BEFORE}(?:{_LAW_KIND} "
    rf"(?P<title>(?:(?i:sửa đổi, bổ sung) (?:một số điều (?:của )?)?(?:các )?(?:Luật|Bộ luật|Pháp lệnh) )?"
    rf"(?!Việt Nam{_NOT_LETTER_AFTER}){_U}{_L}*{_NAME_TAIL})"
    rf"|(?<!pháp )(?P<lkind>Bộ luật|Luật|Pháp lệnh|bộ luật|luật|pháp lệnh) "
    rf"(?P<lower_title>(?!(?:{_NAME_STOP}|này|sư|pháp|lệ){_NOT_LETTER_AFTER})(?:(?!{_U}){_L})+{_NAME_TAIL})"
    rf"(?= ?,? (?:năm )?{YEAR}))"
    rf"(?: ?,? (?:năm )?(?P<year>{YEAR})(?![0-9/]))?"
    rf"(?: số (?P<symbol>[0-9]{{1,5}}/{YEAR}/(?:UBTV)?QH[0-9]+))?"
)
"""A law by its name, with an optional year or number: "Luật Công an nhân dân năm 2018".
A name in lower case ("Pháp lệnh dân số năm 2003", "luật quản lý tài sản công năm 2017")
counts only with its year."""

NAME_RUN_ON = re.compile(
    rf"(?P<more>,(?: (?!(?:{_NAME_STOP}){_NOT_LETTER_AFTER})[^\W\d_]+){{1,10}}?)"
    rf" (?:số (?P<symbol>[0-9]{{1,5}}/{YEAR}/(?:UBTV)?QH[0-9]+)|(?:năm )?(?P<year>{YEAR})(?![0-9/]))"
)
"""The rest of a name after a comma, when it runs on to its number or year: "Luật Quản lý|, sử
dụng tài sản công số 15/2017/QH14", "Luật Trật tự|, an toàn giao thông đường bộ 2024"."""

CONSTITUTION = re.compile(
    rf"{_NOT_LETTER_BEFORE}(?P<kind>Hiến pháp)(?P<title>(?i: nước Cộng (?:hòa|hoà) xã hội chủ nghĩa Việt Nam| nước CHXHCN Việt Nam))?"
    rf"(?: năm (?P<year>{YEAR}))?"
)
