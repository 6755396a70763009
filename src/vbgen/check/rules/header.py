"""Header rules (ô 1–4, format-nd30.md §2 and §9): agency, Quốc hiệu, Tiêu ngữ, Số, date line."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Iterator

from vbgen.i18n import N_, _
from vbgen.check.common import (
    FULL_LINE_RATIO,
    Finding,
    QUOC_HIEU,
    SHORT_LINE_RATIO,
    TIEU_NGU,
    _BLANK,
    _DATE_RE,
    _any,
    _beside,
    _canon,
    _centred,
    _finding,
    _format_problems,
    _nfc_spaced,
    _problems_finding,
    _ratio_finding,
    _rule_below,
    _sizes,
    _unit_finding,
    _width_pt,
    rule,
)
from vbgen.check.view import DocView


# -- header (ô 1–4) -------------------------------------------------------------------


@rule("header.layout", N_("Agency name (left) and Quốc hiệu (right) side by side, no visible table borders"))
def _header_layout(doc: DocView) -> Iterator[Finding]:
    lay = doc.layout
    qh, agency = lay.quoc_hieu, lay.agency
    if qh is None or not agency:
        return  # reported by header.quoc_hieu / header.agency
    a = agency[0]
    if qh.para.cell is not None:
        table = doc.tables[qh.para.cell.table]
        if not _beside(a.para.cell, qh.para.cell):
            yield _unit_finding(
                "header.layout",
                _("agency name must be in the left cell of the Quốc hiệu's row"),
                a,
            )
        if table.visible_borders:
            yield _unit_finding(
                "header.layout",
                _("header table shows borders ({borders}); expected none").format(borders=", ".join(table.visible_borders)),
                qh,
            )
    elif not (a.para.index == qh.para.index and a.seg == qh.seg and a.part < qh.part):
        yield _unit_finding(
            "header.layout",
            _("Quốc hiệu is not beside the agency name; put them in a borderless 2-column table"),
            qh,
        )


@rule("header.agency", N_("Issuing body name: capitals, bold, 12–13 pt, centred"))
def _header_agency(doc: DocView) -> Iterator[Finding]:
    agency = doc.layout.agency
    if not agency:
        yield _finding("header.agency", _("issuing body name (e.g. ỦY BAN NHÂN DÂN / TỈNH …) not found"))
        return
    for u in agency:
        problems = _format_problems(u, caps=True, bold=True, italic=False, size=(12, 13), centred=True)
        yield from _problems_finding("header.agency", _("agency name"), problems, u)
@rule("header.agency_line", N_("Short solid line under the agency name, 1/3–1/2 of its text line"))
def _header_agency_line(doc: DocView) -> Iterator[Finding]:
    agency = doc.layout.agency
    if not agency:
        return
    text_pt = max(_width_pt(u.pieces) for u in agency)
    yield from _ratio_finding(
        "header.agency_line",
        _("agency name"),
        _rule_below(doc, agency[-1]),
        text_pt,
        *SHORT_LINE_RATIO,
        agency[-1],
    )


@rule("header.quoc_hieu", N_('Quốc hiệu "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM": capitals, bold, 12–13 pt'))
def _header_quoc_hieu(doc: DocView) -> Iterator[Finding]:
    u = doc.layout.quoc_hieu
    if u is None:
        yield _finding("header.quoc_hieu", _('Quốc hiệu "{text}" not found').format(text=QUOC_HIEU))
        return
    problems = []
    if _canon(u.text) != QUOC_HIEU:
        problems.append(_('text "{text}" should be exactly "{expected}"').format(text=u.text, expected=QUOC_HIEU))
    problems += _format_problems(u, caps=True, bold=True, italic=False, size=(12, 13), centred=True)
    yield from _problems_finding("header.quoc_hieu", _("Quốc hiệu"), problems, u)


@rule("header.tieu_ngu", N_('Tiêu ngữ "Độc lập - Tự do - Hạnh phúc": bold, 13–14 pt, under the Quốc hiệu'))
def _header_tieu_ngu(doc: DocView) -> Iterator[Finding]:
    lay = doc.layout
    u = lay.tieu_ngu
    if u is None:
        yield _finding("header.tieu_ngu", _('Tiêu ngữ "{text}" not found').format(text=TIEU_NGU))
        return
    problems = []
    text = _nfc_spaced(u.text)
    if text != TIEU_NGU:
        problems.append(_('text "{text}" should be exactly "{expected}" (hyphens with spaces)').format(text=text, expected=TIEU_NGU))
    problems += _format_problems(u, caps=False, bold=True, italic=False, size=(13, 14), centred=True)
    qh = lay.quoc_hieu
    if qh is not None:
        same_para_next = u.para.index == qh.para.index and u.seg == qh.seg + 1
        next_para = (
            u.para.cell == qh.para.cell
            and u.para.index > qh.para.index
            and not any(p.text.strip() for p in doc.paras[qh.para.index + 1 : u.para.index])
            and qh.seg == len(doc.units(qh.para)) - 1
        )
        tab_layout = qh.part > 0 and u.part > 0 and u.para.index > qh.para.index
        if not (same_para_next or next_para or tab_layout):
            problems.append(_("not directly under the Quốc hiệu"))
    yield from _problems_finding("header.tieu_ngu", _("Tiêu ngữ"), problems, u)


@rule("header.tieu_ngu_line", N_("Solid line under the Tiêu ngữ, as long as the Tiêu ngữ (±25 %)"))
def _header_tieu_ngu_line(doc: DocView) -> Iterator[Finding]:
    u = doc.layout.tieu_ngu
    if u is None:
        return
    yield from _ratio_finding(
        "header.tieu_ngu_line", _("Tiêu ngữ"), _rule_below(doc, u), _width_pt(u.pieces), *FULL_LINE_RATIO, u
    )


@rule("header.size_profile", N_("Header sizes rise and fall together: Tiêu ngữ = Quốc hiệu + 1 pt = date line"))
def _header_size_profile(doc: DocView) -> Iterator[Finding]:
    lay = doc.layout
    if lay.quoc_hieu is None or lay.tieu_ngu is None:
        return
    qh, tn = _sizes(lay.quoc_hieu.pieces), _sizes(lay.tieu_ngu.pieces)
    if len(qh) != 1 or len(tn) != 1:
        return
    q, t = next(iter(qh)), next(iter(tn))
    if abs(t - (q + 1)) > 0.01:
        yield _unit_finding(
            "header.size_profile",
            _("Quốc hiệu {q} pt with Tiêu ngữ {t} pt; use 13/14 or 12/13 (Phụ lục I, Mục V)").format(q=f"{q:g}", t=f"{t:g}"),
            lay.tieu_ngu,
        )
    if lay.date is not None:
        ds = _sizes(lay.date.pieces)
        if len(ds) == 1 and abs(next(iter(ds)) - t) > 0.01:
            yield _unit_finding(
                "header.size_profile",
                _("date line {d} pt with Tiêu ngữ {t} pt; they should match").format(d=f"{next(iter(ds)):g}", t=f"{t:g}"),
                lay.date,
            )


@rule("header.so", N_('Số line "Số: 07/KH-UBND" (draft "Số:    /KH-UBND"): zero-padded number, 13 pt, centred'))
def _header_so(doc: DocView) -> Iterator[Finding]:
    lay = doc.layout
    u = lay.so
    if u is None:
        yield _finding("header.so", _('number line "Số: …/…-UBND" not found'))
        return
    text = unicodedata.normalize("NFC", u.text)
    problems = []
    m = re.match(r"^(?P<so>\S+?)\s*:(?P<sp>\s*)(?P<num>[^/]*?)(?P<sp2>\s*)/(?P<sp3>\s*)(?P<kh>.*)$", text)
    if not m:
        problems.append(_('expected "Số: <number>/<ký hiệu>"'))
    else:
        if m["so"] != "Số":
            problems.append(_('"{text}:" should be "Số:"').format(text=m["so"]))
        num = m["num"]
        if _BLANK.match(num):
            pass  # draft: number assigned after signing
        elif not num.isdigit():
            problems.append(_('number "{num}" is not an Arabic number').format(num=num))
        else:
            n = int(num)
            if n == 0:
                problems.append(_("number 0"))
            elif n < 10 and len(num) != 2:
                problems.append(_('number {num} needs a leading zero ("{padded}")').format(num=num, padded=f"{n:02d}"))
            elif n >= 10 and num.startswith("0"):
                problems.append(_('number {num} has a superfluous leading zero ("{plain}")').format(num=num, plain=n))
            if not m["sp"]:
                problems.append(_('no space after "Số:"'))
            if m["sp2"] or m["sp3"]:
                problems.append(_('no spaces allowed around "/"'))
        kh = m["kh"]
        if not re.fullmatch(r"[A-ZĐ][A-Za-zĐđ0-9]*(-[A-ZĐ0-9][A-Za-zĐđ0-9]*)+", kh):
            problems.append(_('ký hiệu "{kh}" should be capitals groups joined by "-" without spaces, e.g. KH-UBND').format(kh=kh))
        elif lay.kind_code and kh.split("-")[0] != lay.kind_code:
            problems.append(_('ký hiệu "{kh}" should start with {code} for this document type').format(kh=kh, code=lay.kind_code))
    problems += _format_problems(u, size=(13, 13))
    if _any(u.pieces, "italic"):
        problems.append(_("italic; expected upright"))
    if not _centred(u):
        problems.append(_("not centred under the agency name"))
    yield from _problems_finding("header.so", _("Số"), problems, u)


def _date_problems(text: str) -> list[str]:
    m = _DATE_RE.match(text)
    if not m:
        return [_('expected "<Địa danh>, ngày DD tháng M năm YYYY"')]
    out = []
    for word in ("ngay", "thang", "nam"):
        if m[word] != m[word].lower():
            out.append(_('"{word}" should be lower case').format(word=m[word]))
    place, d, mo, y = m["place"].strip(), m["d"], m["m"], m["y"]
    if not place:
        out.append(_("place name (địa danh) missing"))
    elif not _BLANK.match(place) and not place[0].isupper():
        out.append(_('place name "{place}" should start with a capital letter').format(place=place))
    draft = _BLANK.match(d) and _BLANK.match(mo)
    if draft:
        if not (_BLANK.match(y) or re.fullmatch(r"\d{4}", y)):
            out.append(_('year "{year}" should have 4 digits').format(year=y))
        return out
    day = month = year = None
    if not re.fullmatch(r"\d{1,2}", d):
        out.append(_('day "{day}" is not a number').format(day=d))
    else:
        day = int(d)
        if day < 10 and len(d) != 2:
            out.append(_('day {day} needs a leading zero ("ngày {padded}")').format(day=d, padded=f"{day:02d}"))
    if not re.fullmatch(r"\d{1,2}", mo):
        out.append(_('month "{month}" is not a number').format(month=mo))
    else:
        month = int(mo)
        want = f"{month:02d}" if month in (1, 2) else str(month)
        if mo != want:
            out.append(
                _('"tháng {month}" should be "tháng {expected}" (leading zero only for months 01 and 02)').format(month=mo, expected=want)
            )
    if not re.fullmatch(r"\d{4}", y):
        out.append(_('year "{year}" should have 4 digits').format(year=y))
    else:
        year = int(y)
    if day and month and year:
        try:
            dt.date(year, month, day)
        except ValueError:
            out.append(_("{date} is not a valid date").format(date=f"{day:02d}/{month:02d}/{year}"))
    return out


@rule("date.format", N_("Date line: day zero-padded, month zero-padded only for 01 and 02 (blanks allowed in drafts)"))
def _date_format(doc: DocView) -> Iterator[Finding]:
    u = doc.layout.date
    if u is None:
        yield _finding("date.format", _('date line "<Địa danh>, ngày … tháng … năm …" not found'))
        return
    yield from _problems_finding("date.format", _("date"), _date_problems(_nfc_spaced(u.text)), u)


@rule("date.style", N_("Date line italic, 13–14 pt, centred under the Quốc hiệu"))
def _date_style(doc: DocView) -> Iterator[Finding]:
    u = doc.layout.date
    if u is None:
        return
    problems = _format_problems(u, italic=True, bold=False, size=(13, 14), centred=True)
    yield from _problems_finding("date.style", _("date line"), problems, u)


@rule("date.position", N_("Date line on the same line (table row) as Số, to its right"))
def _date_position(doc: DocView) -> Iterator[Finding]:
    lay = doc.layout
    so, date = lay.so, lay.date
    if so is None or date is None:
        return
    if so.para.cell is not None and date.para.cell is not None:
        if _beside(so.para.cell, date.para.cell):
            return
    elif so.para.index == date.para.index and so.seg == date.seg and date.part > so.part:
        return
    yield _unit_finding("date.position", _("date line is not on the same line as Số, to its right"), date)


