"""Find the parts of a Nghị định 30/2020 document in the lines of a file, by layout and text.

The header (agency, Số, Quốc hiệu, Tiêu ngữ, place and date) is a two-column table, or lines
whose columns a Tab separates; the kind ("KẾ HOẠCH", "CHỈ THỊ") is a line of its own; the
trích yếu follows it, centred or bold; the body runs to "Nơi nhận:"; recipients and the
signature share a two-column table or Tab-separated lines; appendices follow. Style names are
never looked at. Every part found is a :class:`Part` with a confidence and the paragraphs it
came from; what is not understood is kept, quoted, in ``unrecognised``.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re

from vbgen import vi
from vbgen.errors import VbgenError
from vbgen.i18n import _
from vbgen.importer.source import Line, Source

KINDS = {"KẾ HOẠCH": "ke_hoach", "CHỈ THỊ": "chi_thi"}
OTHER_KINDS = ("QUYẾT ĐỊNH", "NGHỊ QUYẾT", "THÔNG BÁO", "BÁO CÁO", "TỜ TRÌNH", "HƯỚNG DẪN", "CHƯƠNG TRÌNH",
               "CÔNG VĂN", "QUY CHẾ", "QUY ĐỊNH", "ĐỀ ÁN", "PHƯƠNG ÁN", "BIÊN BẢN", "CÔNG ĐIỆN")
_SPACE = r"[\s\u00a0]"
DATE_LINE = re.compile(rf"^(?P<place>[^,\d]+?){_SPACE}*,{_SPACE}*ngày{_SPACE}*(?P<d>\d{{1,2}})?{_SPACE}*tháng"
                       rf"{_SPACE}*(?P<m>\d{{1,2}})?{_SPACE}*năm{_SPACE}*(?P<y>\d{{4}})")
NUMBER_LINE = re.compile(rf"^Số{_SPACE}*:{_SPACE}*(?P<n>\d*){_SPACE}*/{_SPACE}*(?P<sym>[A-ZĐ0-9][A-ZĐa-z0-9\-]*)")
PROVINCE_IN_AGENCY = re.compile(r"\b(TỈNH|THÀNH PHỐ)\s+(?P<name>.+)$")
DRAFT = re.compile(r"^DỰ THẢO(?:\s+LẦN\s+(?P<n>\d{1,2}))?$")
URGENCY = ("THƯỢNG KHẨN", "HỎA TỐC", "HOẢ TỐC", "KHẨN")
SECRECY = ("TUYỆT MẬT", "TỐI MẬT", "MẬT")
CIRCULATION = ("LƯU HÀNH NỘI BỘ", "XEM XONG TRẢ LẠI")
RULE = re.compile(r"^[\s_\-–—=.…]*$")
SIGN_AUTHORITY = re.compile(r"^(TM|KT|Q|TL|TUQ)\.\s")
SIGNED = re.compile(r"^\(?\s*(đã ký|ký|đã ký và đóng dấu|ký tên, đóng dấu)\s*\)?$", re.I)


@dataclasses.dataclass
class Part:
    """One part of the decree's layout as found in the source."""

    name: str
    value: object
    confidence: float
    lines: tuple[int, ...]
    quote: str = ""


@dataclasses.dataclass
class Recognised:
    """The parts of one document, and what was left over."""

    kind: str
    parts: dict[str, Part]
    body: list[Line]
    recipients: list[tuple[str, int]]
    signature_lines: list[str]
    signer: str | None
    storage: str | None
    appendices: list[list[Line]]
    unrecognised: list[tuple[int, str, str]] = dataclasses.field(default_factory=list)
    """(paragraph, why, quoted text)."""

    def add(self, name: str, value: object, confidence: float, lines: list[Line] | tuple[Line, ...], quote: str = "") -> None:
        self.parts[name] = Part(name, value, confidence, tuple(line.index for line in lines),
                                quote or " / ".join(line.full for line in lines if line.full)[:200])


def _upper_key(text: str) -> str:
    return " ".join(vi.upper(text).split())


def _cells(line: Line) -> list[str]:
    """A header or signature line split into its columns (Tab stops), empty columns dropped."""
    return [c.strip() for c in re.split(r"\t+", line.text) if c.strip()]


def find_kind(lines: list[Line], path) -> int:
    """Index of the line that names the kind; VbgenError for any other kind, or none."""
    for i, line in enumerate(lines):
        key = _upper_key(line.full)
        if key in KINDS and (line.bold or line.align == "center" or line.cell is None):
            return i
    for line in lines[:60]:
        key = _upper_key(line.full)
        if key in OTHER_KINDS:
            raise VbgenError(_("{path}: paragraph {n} says this is a {kind}; vbgen makes Kế hoạch and Chỉ thị only").format(
                path=path, n=line.index, kind=line.full.strip()))
    raise VbgenError(_("{path}: no line says \"KẾ HOẠCH\" or \"CHỈ THỊ\" on its own; vbgen imports a Kế hoạch or a "
                       "Chỉ thị whose kind is printed above the trích yếu (Nghị định 30/2020)").format(path=path))


def recognise(source: Source) -> Recognised:
    """The parts of ``source``; VbgenError when it is not a Kế hoạch or Chỉ thị."""
    lines = source.lines
    k = find_kind(lines, source.path)
    kind = KINDS[_upper_key(lines[k].full)]
    rec = Recognised(kind, {}, [], [], [], None, None, [])
    rec.add("kind", kind, 1.0, [lines[k]])
    _header(rec, lines[:k])
    i = _subject(rec, lines, k + 1)
    sign_start, sign_end = _signature_zone(lines, i)
    body = lines[i:sign_start]
    rec.body = body
    if sign_start < len(lines):
        _signature(rec, lines[sign_start:sign_end])
    else:
        rec.unrecognised.append((lines[-1].index if lines else 0, _("no \"Nơi nhận:\" found: recipients and signature not imported"), ""))
    _appendices(rec, lines[sign_end:])
    return rec


# -- header ---------------------------------------------------------------------------------


def _header(rec: Recognised, lines: list[Line]) -> None:
    left: list[tuple[str, Line]] = []
    right: list[tuple[str, Line]] = []
    for line in lines:
        if line.cell is not None:
            (left if line.cell[2] == 0 else right).append((line.full.strip(), line))
            continue
        cells = _cells(line)
        if len(cells) >= 2:
            left.append((cells[0], line))
            right.extend((c, line) for c in cells[1:])
        elif cells:
            text = cells[0]
            is_right = text.upper().startswith("CỘNG HÒA") or text.upper().startswith("CỘNG HOÀ") or \
                text.startswith("Độc lập") or DATE_LINE.match(text) is not None
            (right if is_right else left).append((text, line))
    agency: list[tuple[str, Line]] = []
    for text, line in left + right:
        for part in text.split("\n"):
            part = part.strip()
            if not part or RULE.match(part):
                continue
            upper = _upper_key(part)
            if upper.startswith("CỘNG HÒA") or upper.startswith("CỘNG HOÀ"):
                rec.add("national_title", part, 1.0, [line])
            elif upper.startswith("ĐỘC LẬP"):
                rec.add("motto", part, 1.0, [line])
            elif (m := DATE_LINE.match(part)) is not None:
                _date(rec, m, line)
            elif (m := NUMBER_LINE.match(part)) is not None:
                rec.add("number", m.group("n") or None, 1.0, [line], part)
                rec.add("symbol", m.group("sym"), 1.0, [line], part)
            elif (m := DRAFT.match(upper)) is not None:
                rec.add("draft", int(m.group("n")) if m.group("n") else True, 1.0, [line])
            elif upper in URGENCY:
                rec.add("urgency", "HỎA TỐC" if upper == "HOẢ TỐC" else upper, 1.0, [line])
            elif upper in SECRECY:
                rec.add("confidentiality", upper, 1.0, [line])
            elif upper in CIRCULATION:
                rec.add("circulation", upper, 1.0, [line])
            elif upper == part and "number" not in rec.parts:
                agency.append((part, line))
            else:
                rec.unrecognised.append((line.index, _("in the header, not understood"), part))
    if agency:
        name = " ".join(text for text, _line in agency)
        rec.add("agency", name, 0.9 if "ỦY BAN NHÂN DÂN" in name or "UỶ BAN NHÂN DÂN" in name else 0.6,
                [line for _t, line in agency], name)
        m = PROVINCE_IN_AGENCY.search(agency[-1][0])
        if m:
            rec.add("province_name", m.group("name").strip().title(), 0.9, [agency[-1][1]])


def _date(rec: Recognised, m: re.Match, line: Line) -> None:
    rec.add("place", " ".join(m.group("place").split()), 1.0, [line])
    year = int(m.group("y"))
    if m.group("d") and m.group("m"):
        try:
            rec.add("date", dt.date(year, int(m.group("m")), int(m.group("d"))), 1.0, [line])
            return
        except ValueError:
            rec.unrecognised.append((line.index, _("the date line names a day that does not exist"), line.full))
    rec.add("year", year, 0.9, [line])


# -- trích yếu ------------------------------------------------------------------------------


def _subject(rec: Recognised, lines: list[Line], i: int) -> int:
    """Read the trích yếu from line ``i``; the index after it."""
    got: list[Line] = []
    while i < len(lines) and not lines[i].text.strip() and not got:
        i += 1
    while i < len(lines) and len(got) < 8:
        line = lines[i]
        text = line.full.strip()
        if not text or RULE.match(text) or line.cell is not None:
            break
        if not (line.align == "center" or (line.bold and not got) or (line.bold and got and got[-1].bold)):
            break
        got.append(line)
        i += 1
    if got:
        subject = "\n".join(part.strip() for line in got for part in line.full.split("\n") if part.strip())
        rec.add("subject", subject, 0.9 if all(line.bold for line in got) else 0.6, got)
    else:
        rec.unrecognised.append((lines[i].index if i < len(lines) else 0, _("no trích yếu under the kind"), ""))
    while i < len(lines) and (not lines[i].text.strip() or RULE.match(lines[i].text)):
        i += 1
    return i


# -- recipients and signature ------------------------------------------------------------------


def _signature_zone(lines: list[Line], start: int) -> tuple[int, int]:
    """(first, after last) line of the Nơi nhận / signature block; (len, len) when there is none."""
    for i in range(start, len(lines)):
        line = lines[i]
        first = line.full.strip().split("\t")[0].strip().casefold()
        if first.startswith("nơi nhận"):
            if line.cell is not None:
                table = line.cell[0]
                s = i
                while s > start and lines[s - 1].cell is not None and lines[s - 1].cell[0] == table:
                    s -= 1
                e = i
                while e < len(lines) and lines[e].cell is not None and lines[e].cell[0] == table:
                    e += 1
                return s, e
            e = i + 1
            while e < len(lines) and not _upper_key(lines[e].full).startswith("PHỤ LỤC"):
                e += 1
            return i, e
    return len(lines), len(lines)


def _signature(rec: Recognised, lines: list[Line]) -> None:
    left: list[tuple[str, Line]] = []
    right: list[tuple[str, Line]] = []
    for line in lines:
        if line.cell is not None:
            bucket = left if line.cell[2] == 0 else right
            bucket.extend((part, line) for part in line.full.split("\n"))
            continue
        for part in line.full.split("\n"):
            cells = [c.strip() for c in re.split(r"\t+", part) if c.strip()]
            if not cells:
                continue
            if len(cells) >= 2:
                left.append((cells[0], line))
                right.extend((c, line) for c in cells[1:])
            elif _is_signature_text(cells[0]) or part.startswith("\t"):
                right.append((cells[0], line))
            else:
                left.append((cells[0], line))
    used: list[Line] = []
    for text, line in left:
        text = text.strip()
        if not text or text.casefold().startswith("nơi nhận"):
            used.append(line)
            continue
        text = re.sub(r"^[-–—•+]\s*", "", text)
        if text.startswith("Lưu"):
            m = re.match(r"^Lưu\s*:?\s*(?:VT\s*[,;]\s*)?(?P<unit>.*?)\.?$", text)
            rec.storage = m.group("unit").strip() if m and m.group("unit").strip() else None
            continue
        rec.recipients.append((text, line.index))
    if rec.recipients or rec.storage:
        rec.add("recipients", [t for t, _i in rec.recipients], 0.9, [line for _t, line in left])
    authority: list[str] = []
    signer: str | None = None
    sign_lines: list[Line] = []
    for text, line in right:
        text = text.strip()
        if not text or SIGNED.match(text) or RULE.match(text):
            continue
        sign_lines.append(line)
        if vi.upper(text) == text and signer is None:
            authority.append(" ".join(text.split()))
        else:
            signer = " ".join(text.split())
    rec.signature_lines, rec.signer = authority, signer
    if authority:
        rec.add("signature", authority, 0.9 if any(SIGN_AUTHORITY.match(a) or "CHỦ TỊCH" in a for a in authority) else 0.6,
                sign_lines, " / ".join(authority + ([signer] if signer else [])))


def _is_signature_text(text: str) -> bool:
    return bool(SIGN_AUTHORITY.match(text)) or text in ("CHỦ TỊCH", "PHÓ CHỦ TỊCH")


def _appendices(rec: Recognised, lines: list[Line]) -> None:
    current: list[Line] | None = None
    for line in lines:
        if _upper_key(line.full).startswith("PHỤ LỤC"):
            current = [line]
            rec.appendices.append(current)
        elif current is not None:
            current.append(line)
        elif line.full.strip():
            rec.unrecognised.append((line.index, _("after the signature, not understood"), line.full.strip()))


# -- corrections ------------------------------------------------------------------------------

CORRECTABLE = ("agency", "number", "date", "subject", "body", "recipients", "signature", "signer", "ignore")
"""What a paragraph can be said to be (``vbgen.importer.run.import_file(corrections=…)``)."""


def apply_corrections(rec: Recognised, lines: list[Line], corrections: dict[int, str]) -> None:
    """Move paragraph ``n`` (1-based, as in the review) to the part ``corrections[n]`` (one of
    :data:`CORRECTABLE`; "ignore" leaves it out), taking it out of the part recognition gave it.
    A part a person names gets confidence 1.0. ValueError for an unknown part or paragraph."""
    by_index: dict[int, list[Line]] = {}
    for line in lines:  # a line split by a tab stop (Nơi nhận | signature) is two lines of one paragraph
        by_index.setdefault(line.index, []).append(line)
    for n, part in corrections.items():
        if part not in CORRECTABLE:
            raise ValueError(f"unknown part {part!r}")
        if n not in by_index:
            raise ValueError(f"no paragraph {n}")
    moved = set(corrections)
    if not moved:
        return
    rec.body = [line for line in rec.body if line.index not in moved]
    rec.recipients = [(t, n) for t, n in rec.recipients if n not in moved]
    rec.unrecognised = [u for u in rec.unrecognised if u[0] not in moved]
    rec.appendices = [a for a in ([line for line in a if line.index not in moved] for a in rec.appendices) if a]
    for n in moved & set(rec.parts["signature"].lines if "signature" in rec.parts else ()):
        text = " ".join(line.full for line in by_index[n])
        rec.signature_lines = [s for s in rec.signature_lines if " ".join(s.split()) not in " ".join(text.split())]
        if rec.signer and rec.signer in " ".join(text.split()):
            rec.signer = None
    for name, part in list(rec.parts.items()):
        if not moved & set(part.lines) or name == "kind":
            continue
        keep = [line for i in dict.fromkeys(part.lines) if i not in moved for line in by_index.get(i, ())]
        if name in ("subject", "agency") and keep:
            rec.add(name, "\n".join(line.full for line in keep) if name == "subject" else " ".join(line.full for line in keep),
                    part.confidence, keep)
        elif name in ("signature", "recipients") and keep:
            part.lines = tuple(line.index for line in keep)
        else:
            rec.parts.pop(name, None)
            if name == "number":
                rec.parts.pop("symbol", None)
            if name in ("date", "year"):
                rec.parts.pop("place", None)
    chosen: dict[str, list[Line]] = {}
    for n in sorted(moved):
        chosen.setdefault(corrections[n], []).extend(by_index[n])
    for part, got in chosen.items():
        _correct(rec, part, got, by_index)


def _correct(rec: Recognised, part: str, got: list[Line], by_index: dict[int, list[Line]]) -> None:
    if part == "body":
        rec.body = sorted(rec.body + got, key=lambda line: line.index)
    elif part in ("subject", "agency"):
        old = rec.parts.get(part)
        indexes = sorted(set(old.lines if old is not None else ()) | {line.index for line in got})
        texts = [line.full for n in indexes for line in by_index.get(n, ())]
        value = "\n".join(texts) if part == "subject" else " ".join(texts)
        rec.parts[part] = Part(part, value, 1.0, tuple(indexes), value.replace("\n", " / ")[:200])
    elif part == "number":
        for line in got:
            m = NUMBER_LINE.match(line.full.strip())
            if m is None:
                rec.unrecognised.append((line.index, _("marked as the Số line, but not written as \"Số: 12/KH-UBND\""), line.full))
                continue
            rec.add("number", m.group("n") or None, 1.0, [line], line.full)
            rec.add("symbol", m.group("sym"), 1.0, [line], line.full)
    elif part == "date":
        for line in got:
            m = DATE_LINE.match(line.full.strip())
            if m is None:
                rec.unrecognised.append((line.index, _("marked as the place and date, but not written as \"Tây Ninh, ngày 5 tháng 3 năm 2026\""),
                                         line.full))
                continue
            _date(rec, m, line)
            for name in ("place", "date", "year"):
                if name in rec.parts:
                    rec.parts[name].confidence = 1.0
    elif part == "recipients":
        for line in got:
            for text in line.full.split("\n"):
                text = re.sub(r"^[-–—•+]\s*", "", text.strip())
                if text and not text.casefold().startswith("nơi nhận"):
                    rec.recipients.append((text, line.index))
        rec.recipients.sort(key=lambda r: r[1])
        lines = sorted({n for _t, n in rec.recipients})
        rec.parts["recipients"] = Part("recipients", [t for t, _n in rec.recipients], 1.0, tuple(lines),
                                       " / ".join(t for t, _n in rec.recipients)[:200])
    elif part == "signature":
        rec.signature_lines = rec.signature_lines + [" ".join(line.full.split()) for line in got]
        old = rec.parts.get("signature")
        lines = tuple(sorted(set(old.lines if old else ()) | {line.index for line in got}))
        rec.parts["signature"] = Part("signature", list(rec.signature_lines), 1.0, lines, " / ".join(rec.signature_lines)[:200])
    elif part == "signer":
        rec.signer = " ".join(got[-1].full.split())
        old = rec.parts.get("signature")
        lines = tuple(sorted(set(old.lines if old else ()) | {line.index for line in got}))
        rec.parts["signature"] = Part("signature", list(rec.signature_lines), 1.0, lines,
                                      " / ".join(rec.signature_lines + [rec.signer])[:200])
