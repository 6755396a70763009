"""What every rule shares: :class:`Finding`, the numbers and patterns of the specification,
small text/format helpers, and the ``@rule`` registry (:data:`RULES`, in registration order).
"""

from __future__ import annotations

import dataclasses
import re
import unicodedata
from collections.abc import Callable, Iterable, Iterator

from vbgen.i18n import _
from vbgen.docx import textmetrics
from vbgen.errors import VbgenError
from vbgen.ooxml.records import CellRef, Para, Run

from vbgen.check.view import DocView, HLine, Unit


@dataclasses.dataclass(frozen=True)
class Finding:
    """One departure from ND30 found in a document."""

    rule: str
    """Stable rule id, a key of :data:`RULES` (e.g. "date.format")."""
    message: str
    """What is wrong and what is expected."""
    paragraph: int | None
    """Index of the paragraph in body order (table paragraphs included), or None."""
    text: str | None
    """The first ~60 characters of that paragraph's text (or of the header/footer line)."""
    severity: str = "error"
    """"error" (prints against the decree), "warning" (a judgement near a limit) or "note"
    (prints right, but typed in a fragile way); only errors and warnings fail a check."""
    fix: str | None = None
    """What to do, in the words of Word's menus (:mod:`vbgen.check.hints`)."""


class UnreadableDocxError(VbgenError):
    """The file given to the checker is not a readable .docx."""


# --------------------------------------------------------------------------------------
# constants from the specification

FONT = "Times New Roman"
A4_MM = (210.0, 297.0)
MARGINS_MM = {"top": (20, 25), "bottom": (20, 25), "left": (30, 35), "right": (15, 20)}
MM_TOLERANCE = 0.15  # twip rounding: 20 mm = 1134 tw = 20.003 mm
QUOC_HIEU = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
TIEU_NGU = "Độc lập - Tự do - Hạnh phúc"
KINDS = {"KẾ HOẠCH": "KH", "CHỈ THỊ": "CT"}
VN_LETTERS = "abcdđeghiklmnopqrstuvxy"
"""Điểm letters in order (ND30 Điều 8 khoản 2 shows a–i; the rest is the alphabet)."""

TWIPS_PER_CM = 1440 / 2.54
FIRST_LINE_TW = (round(0.95 * TWIPS_PER_CM), round(1.32 * TWIPS_PER_CM))  # ≈ 1–1.27 cm
MIN_GAP_TW = 119  # 6 pt between paragraphs (5.95 pt: rounding)
LINE_SLACK = 0.25
"""How far a drawn line may miss its length before it prints against the decree (an error)."""
SHORT_LINE_RATIO = (1 / 3 * (1 - LINE_SLACK), 1 / 2 * (1 + LINE_SLACK))  # 1/3–1/2 of the text, ±25 %
FULL_LINE_RATIO = (1 - LINE_SLACK, 1 + LINE_SLACK)  # "as long as the Tiêu ngữ", ±25 %
NEAR_SLACK = LINE_SLACK / 2
"""Beyond half the slack the length is a judgement near the limit: a warning, not an error."""
MARKS = {
    "DỰ THẢO": "draft", "KHẨN": "urgency", "THƯỢNG KHẨN": "urgency", "HỎA TỐC": "urgency",
    "MẬT": "secrecy", "TỐI MẬT": "secrecy", "TUYỆT MẬT": "secrecy",
    "LƯU HÀNH NỘI BỘ": "circulation", "XEM XONG TRẢ LẠI": "circulation",
}
"""The marks of page 1 (Phụ lục I, III.2; format-nd30.md §8) and what each one is."""
STAMP_MM = {"KHẨN": 20, "THƯỢNG KHẨN": 40, "HỎA TỐC": 30, "MẬT": 20, "TỐI MẬT": 30, "TUYỆT MẬT": 40}
"""Stamp widths in mm, 8 mm high (urgency: Phụ lục I, III.2.b; secrecy: state-secrets rules)."""
_DRAFT_RE = re.compile(r"^DỰ THẢO( LẦN \S+)?$")
MAX_PER_RULE = 10
"""Per rule, findings after this many are folded into one "… and N more" finding."""

_BLANK = re.compile(r"^[\s.…_]*$")
_UNDERSCORES = re.compile(r"^[_\s]*_{3,}[_\s]*$")
_TIEU_NGU_RE = re.compile(r"độc\s*lập\s*\W*\s*tự\s*do\s*\W*\s*hạnh\s*phúc", re.I)
_SO_RE = re.compile(r"^s[ốoỐO]\s*[:.]", re.I)
_DATE_RE = re.compile(
    r"^(?P<place>[^,]*),\s*(?P<ngay>ngày)\s*(?P<d>.*?)\s*(?P<thang>tháng)\s*(?P<m>.*?)"
    r"\s*(?P<nam>năm)\s*(?P<y>.*?)\s*$",
    re.I,
)
_DATE_FIND = re.compile(r"\bngày\b.*\btháng\b.*\bnăm\b", re.I)
_ROMAN_RE = re.compile(r"^([IVXL]+)\.\s*\S")
_ROMAN_VALID = re.compile(r"^(XL|L?X{0,3})(IX|IV|V?I{0,3})$")
_ARABIC_RE = re.compile(r"^(\d+)\.(?!\d)\s*\S")
_LETTER_RE = re.compile(r"^([a-zđ])\)\s*")
_AUTHORITY_RE = re.compile(r"^(TM|KT|Q|TL|TUQ)\.\s*\S")
_POSITION_RE = re.compile(
    r"^(PHÓ\s+)?(CHỦ\s+TỊCH|GIÁM\s+ĐỐC|CHÁNH\s+VĂN\s+PHÒNG|TRƯỞNG\s+\S.*|BỘ\s+TRƯỞNG|THỨ\s+TRƯỞNG)"
)


# --------------------------------------------------------------------------------------
# small helpers


def _canon(text: str) -> str:
    """NFC, upper case, single spaces, old-style tone placement normalised."""
    t = unicodedata.normalize("NFC", text).upper()
    t = re.sub(r"\s+", " ", t).strip()
    return t.replace("HOÀ", "HÒA").replace("UỶ", "ỦY")


def mark_kind(text: str) -> str | None:
    """ "draft", "urgency", "secrecy" or "circulation" when ``text`` is one of the marks."""
    t = _canon(text).replace("HOẢ", "HỎA")
    return "draft" if _DRAFT_RE.match(t) else MARKS.get(t)


def _clip(text: str | None) -> str | None:
    if text is None:
        return None
    t = re.sub(r"\s+", " ", text).strip()
    return t[:60]


def _finding(rule: str, message: str, para: Para | None = None, text: str | None = None):
    if para is not None:
        return Finding(rule, message, para.index, _clip(para.full_text))
    return Finding(rule, message, None, _clip(text))


def _unit_finding(rule: str, message: str, unit: Unit) -> Finding:
    return _finding(rule, message, unit.para)


def _visible(pieces: Iterable[tuple[str, Run]]) -> list[tuple[str, Run]]:
    return [(t, r) for t, r in pieces if t.strip()]


def _sizes(pieces: Iterable[tuple[str, Run]]) -> set[float]:
    return {
        (r.size if r.size is not None else 10.0)
        for t, r in _visible(pieces)
        if r.vert_align is None
    }


def _fmt_sizes(sizes: set[float]) -> str:
    return "/".join(f"{s:g}" for s in sorted(sizes)) + " pt"


def _size_problem(pieces, lo: float, hi: float) -> str | None:
    sizes = _sizes(pieces)
    bad = {s for s in sizes if not lo - 0.01 <= s <= hi + 0.01}
    if not bad:
        return None
    want = f"{lo:g} pt" if lo == hi else f"{lo:g}–{hi:g} pt"
    return _("size {sizes}, expected {expected}").format(sizes=_fmt_sizes(sizes), expected=want)


def _all(pieces, attr: str) -> bool:
    vis = _visible(pieces)
    return bool(vis) and all(getattr(r, attr) for _, r in vis)


def _any(pieces, attr: str) -> bool:
    return any(getattr(r, attr) for _, r in _visible(pieces))


def _shows_caps(pieces) -> bool:
    """True if every visible letter is displayed in capitals (upper case text or w:caps)."""
    for t, r in _visible(pieces):
        if not r.caps and t != t.upper():
            return False
    return True


def _width_pt(pieces, *, strip: bool = True) -> float:
    """Estimated printed width of the pieces, leading and trailing spaces excluded."""
    pieces = list(pieces)
    total = 0.0
    for k, (t, r) in enumerate(pieces):
        if strip and k == 0:
            t = t.lstrip()
        if strip and k == len(pieces) - 1:
            t = t.rstrip()
        size = r.size if r.size is not None else 10.0
        if r.vert_align is not None:
            size *= 2 / 3
        if r.caps:
            t = t.upper()
        total += textmetrics.text_width_pt(t, size, bold=r.bold, italic=r.italic)
    return total


def _centred(unit: Unit) -> bool:
    return not unit.whole or unit.para.fmt.align == "center"


def _format_problems(unit: Unit, **want: object) -> list[str]:
    """How ``unit`` departs from the format ``want`` states, as message parts.

    Each keyword names one property and its required state; a property not named is not
    checked. The parts come in the order the keywords are given:

    - ``caps=True``: every letter shows in capitals, else "not in capitals";
      ``caps=False``: no run is shown in capitals by w:caps, else "shown in capitals".
    - ``bold=True`` / ``italic=True``: every visible run is, else "not bold" / "not italic";
      ``bold=False`` / ``italic=False``: no visible run is, else "bold" / "italic".
    - ``size=(lo, hi)``: every size within lo–hi pt, else "size …, expected …".
    - ``centred=True``: the line is centred (:func:`_centred`: a part of a paragraph split
      at line breaks or tabs counts as placed), else "not centred";
      ``para_centred=True``: the paragraph itself is centred, else "not centred".
    """
    pieces = unit.pieces
    problems = []
    for prop, value in want.items():
        if prop == "bold" or prop == "italic":
            if value and not _all(pieces, prop):
                problems.append(_("not bold") if prop == "bold" else _("not italic"))
            elif not value and _any(pieces, prop):
                problems.append(_("bold") if prop == "bold" else _("italic"))
        elif prop == "size":
            problem = _size_problem(pieces, *value)
            if problem:
                problems.append(problem)
        elif prop == "centred":
            if not _centred(unit):
                problems.append(_("not centred"))
        elif prop == "para_centred":
            if unit.para.fmt.align != "center":
                problems.append(_("not centred"))
        elif prop == "caps":
            if value and not _shows_caps(pieces):
                problems.append(_("not in capitals"))
            elif not value and any(r.caps for _, r in _visible(pieces)):
                problems.append(_("shown in capitals"))
        else:
            raise TypeError(f"_format_problems: unknown property {prop!r}")
    return problems


def _problems_finding(rule_id: str, label: str, problems: list[str], unit: Unit) -> tuple[Finding, ...]:
    """One finding "<label>: <problem>; <problem>" about ``unit``, or none if no problems."""
    if not problems:
        return ()
    return (_unit_finding(rule_id, f"{label}: {'; '.join(problems)}", unit),)


def _beside(left: CellRef | None, right: CellRef | None) -> bool:
    """Both are cells of the same table row, ``right`` to the right of ``left``."""
    return (
        left is not None
        and right is not None
        and left.table == right.table
        and left.row == right.row
        and right.col > left.col
    )


def _nfc_spaced(text: str) -> str:
    """NFC, runs of white space as one space."""
    return re.sub(r"\s+", " ", unicodedata.normalize("NFC", text))


def _container_width_tw(doc: DocView, para: Para) -> int:
    return para.width if para.width is not None else doc.text_width_tw


def _rule_below(doc: DocView, unit: Unit) -> HLine | None:
    """The horizontal line drawn under ``unit``, if any, with its estimated length."""
    p = unit.para
    units = doc.units(p)
    later = [u for u in units if u.seg > unit.seg]
    for u in later:
        if _UNDERSCORES.match(u.text):
            return HLine(_width_pt(u.pieces), p.index, "underscores")
        if u.text:
            break
    if p.lines:
        return _drawn_line(p)
    if p.fmt.border_bottom and not any(u.text for u in later):
        return HLine(_line_width_pt(doc, p), p.index, "border")
    if _all(unit.pieces, "underline"):
        return HLine(_width_pt(unit.pieces), p.index, "underline")  # the text itself underlined
    for k, q in enumerate(doc.container(p)):
        if k >= 2:
            break
        t = q.text.strip()
        if q.lines:
            return _drawn_line(q)
        if t and _UNDERSCORES.match(t):
            return HLine(_width_pt(doc.units(q)[0].pieces), q.index, "underscores")
        if t:
            break
        if q.fmt.border_top or q.fmt.border_bottom:
            return HLine(_line_width_pt(doc, q), q.index, "border")
        spaces = [(t_, r) for t_, r in doc.units(q)[0].pieces if r.underline and not t_.strip()]
        if spaces:
            # underlined spaces; a tab's width depends on tab stops, so it counts as one space
            return HLine(_width_pt(spaces, strip=False), q.index, "underline")
    return None


def _drawn_line(p: Para) -> HLine:
    """The longest shape drawn in paragraph ``p`` (which has some)."""
    return HLine(max(s.width_pt for s in p.lines), p.index, p.lines[0].kind)


def _line_width_pt(doc: DocView, p: Para) -> float:
    """Width of a full line of ``p`` (its container less its indents): a border's length."""
    return (_container_width_tw(doc, p) - p.fmt.ind_left - p.fmt.ind_right) / 20


def _roman_value(s: str) -> int | None:
    if not _ROMAN_VALID.match(s):
        return None
    values = {"I": 1, "V": 5, "X": 10, "L": 50}
    total = 0
    for a, b in zip(s, s[1:] + " "):
        va, vb = values[a], values.get(b, 0)
        total += -va if va < vb else va
    return total


def _roman(n: int) -> str:
    out = ""
    for v, s in ((40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")):
        while n >= v:
            out += s
            n -= v
    return out


def _ratio_finding(
    rule_id: str, what: str, rule_: HLine | None, text_pt: float, lo: float, hi: float, anchor: Unit
) -> Iterator[Finding]:
    if rule_ is None:
        yield _unit_finding(rule_id, _("no line under the {what}").format(what=what), anchor)
        return
    if text_pt <= 0:
        return
    ratio = rule_.width_pt / text_pt
    args = dict(what=what, width=f"{rule_.width_pt:.0f}", ratio=f"{ratio:.0%}", text=f"{text_pt:.0f}")
    if not lo <= ratio <= hi:
        yield _finding(
            rule_id,
            _("line under the {what} is {width} pt, {ratio} of the text ({text} pt); expected {lo}–{hi}").format(
                lo=f"{lo:.0%}", hi=f"{hi:.0%}", **args),
            anchor.para,
        )
        return
    spec_lo, spec_hi = lo / (1 - LINE_SLACK), hi / (1 + LINE_SLACK)  # what the decree says: 1/3–1/2, or 1
    if not spec_lo * (1 - NEAR_SLACK) <= ratio <= spec_hi * (1 + NEAR_SLACK):
        yield dataclasses.replace(_finding(
            rule_id,
            _("line under the {what} is {width} pt, {ratio} of the text ({text} pt): within the limits "
              "({lo}–{hi}) but near them; the decree asks for {spec}").format(
                lo=f"{lo:.0%}", hi=f"{hi:.0%}",
                spec=f"{spec_lo:.0%}" if spec_lo == spec_hi else f"{spec_lo:.0%}–{spec_hi:.0%}", **args),
            anchor.para,
        ), severity="warning")


def _body_pieces(p: Para) -> list[tuple[str, Run]]:
    return [(r.text, r) for r in p.runs]


# --------------------------------------------------------------------------------------
# rule registry

RuleFunc = Callable[[DocView], Iterable[Finding]]
_REGISTRY: list[tuple[str, str, RuleFunc]] = []
RULES: dict[str, str] = {}
"""Rule id → one-line description, in the order the rules run."""


def rule_description(rule_id: str) -> str:
    """The rule's one-line description in the current language (:data:`RULES` keeps English)."""
    return _(RULES[rule_id])


def rule(rule_id: str, description: str) -> Callable[[RuleFunc], RuleFunc]:
    """Register a rule function under a stable id."""

    def deco(fn: RuleFunc) -> RuleFunc:
        assert rule_id not in RULES, rule_id
        _REGISTRY.append((rule_id, description, fn))
        RULES[rule_id] = description
        return fn

    return deco


