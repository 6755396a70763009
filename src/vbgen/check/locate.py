"""Find the ND30 elements in a :class:`~vbgen.check.view.DocView`: agency, Quốc hiệu, Số, date,
title, body, Nơi nhận and signature (format-nd30.md §2–§7).
"""

from __future__ import annotations

import re
import unicodedata

from vbgen.check.common import (
    KINDS,
    QUOC_HIEU,
    _AUTHORITY_RE,
    _DATE_FIND,
    _POSITION_RE,
    _SO_RE,
    _TIEU_NGU_RE,
    _UNDERSCORES,
    _canon,
    _rule_below,
    mark_kind,
    rule,
)
from vbgen.check.view import DocView, Unit


def _locate(doc: DocView) -> None:
    """Find the ND30 elements (header, title, body, Nơi nhận, signature) in the body."""
    lay = doc.layout
    paras = doc.paras

    for p in paras:
        if not p.text.strip():
            continue
        for u in doc.units(p):
            code = KINDS.get(_canon(u.text))
            if code:
                lay.kind, lay.kind_code = u, code
                break
        if lay.kind:
            break
    lay.header_end = lay.kind.para.index if lay.kind else min(len(paras), 30)
    header_units = [
        u for p in paras[: lay.header_end] for u in doc.units(p, tabs=True) if u.text
    ]

    lay.marks = [u for u in header_units if mark_kind(u.text)]
    marks = {id(u) for u in lay.marks}
    header_units = [u for u in header_units if id(u) not in marks]
    for u in header_units:
        text = unicodedata.normalize("NFC", u.text)
        if lay.quoc_hieu is None and QUOC_HIEU in _canon(text):
            lay.quoc_hieu = u
        elif lay.tieu_ngu is None and _TIEU_NGU_RE.search(text):
            lay.tieu_ngu = u
        elif lay.so is None and _SO_RE.match(text):
            lay.so = u
        elif lay.date is None and _DATE_FIND.search(text):
            lay.date = u
    lay.agency = _find_agency(doc, header_units)
    _locate_title(doc)
    _locate_end(doc)
    _locate_body(doc)


def _find_agency(doc: DocView, header_units: list[Unit]) -> list[Unit]:
    lay = doc.layout
    special = {id(u) for u in (lay.quoc_hieu, lay.tieu_ngu, lay.so, lay.date, *lay.marks) if u is not None}

    def usable(u: Unit) -> bool:
        return bool(u.text) and id(u) not in special and not _UNDERSCORES.match(u.text)

    qh = lay.quoc_hieu
    stop = lay.so.para.index if lay.so else lay.header_end
    if qh is not None and qh.para.cell is not None:
        table = doc.tables[qh.para.cell.table]
        for r, c, idxs in table.cells:
            if r == qh.para.cell.row and c < qh.para.cell.col:
                found = []
                for i in idxs:
                    p = doc.paras[i]
                    for u in doc.units(p, tabs=True):
                        if u is lay.so or u is lay.date:
                            return found
                        if usable(u):
                            found.append(u)
                if found:
                    return found
        return []
    if qh is not None and qh.part > 0:
        # tab layout: "ỦY BAN NHÂN DÂN<tab>CỘNG HÒA …" on shared lines
        found = []
        for p in doc.paras[qh.para.index : max(stop, qh.para.index + 1)]:
            units = doc.units(p, tabs=True)
            if units and units[0].part == 0 and usable(units[0]) and len(
                [u for u in units if u.seg == units[0].seg]
            ) > 1:
                found.append(units[0])
        return found
    # stacked layout or no Quốc hiệu: capitals lines before "Số"
    found = []
    for u in header_units:
        if u.para.index >= stop:
            break
        if usable(u) and u.text == u.text.upper() and any(ch.isalpha() for ch in u.text):
            if found and u.para.index > found[-1].para.index + 1:
                break
            found.append(u)
        elif found:
            break
    return found


def _locate_title(doc: DocView) -> None:
    lay = doc.layout
    kind = lay.kind
    if kind is None:
        return
    ty: list[Unit] = [u for u in doc.units(kind.para) if u.seg > kind.seg and u.text]
    skipped_empty = 0
    for q in doc.container(kind.para):
        t = q.text.strip()
        if not t:
            if ty or skipped_empty:
                break
            skipped_empty += 1
            continue
        if _UNDERSCORES.match(t) or (q.lines and not t):
            break
        if ty and (q.fmt.align != "center" or len(ty) >= 6):
            break
        ty.extend(u for u in doc.units(q) if u.text)
        if not ty or q.fmt.border_bottom or q.lines:
            break
    lay.trich_yeu = ty


def _locate_end(doc: DocView) -> None:
    """Nơi nhận label and items, and the signature lines."""
    lay = doc.layout
    start = lay.kind.para.index + 1 if lay.kind else lay.header_end
    for p in doc.paras[start:]:
        if p.text.strip().lower().startswith("nơi nhận"):
            units = [u for u in doc.units(p) if u.text]
            lay.recipients_label = units[0]
            items = units[1:]
            for q in doc.container(p):
                if q.cell is None and not q.text.strip() and items:
                    break  # outside a table the list ends at the first empty paragraph
                items.extend(u for u in doc.units(q) if u.text)
            lay.recipients = items
            break
    label = lay.recipients_label
    if label is not None and label.para.cell is not None:
        table = doc.tables[label.para.cell.table]
        lay.sign_table = table
        row, col = label.para.cell.row, label.para.cell.col
        for r, c, idxs in sorted(table.cells, key=lambda x: (x[0], x[1])):
            if r == row and c > col and any(doc.paras[i].text.strip() for i in idxs):
                lay.sign = [u for i in idxs for u in doc.units(doc.paras[i]) if u.text]
                break
    if not lay.sign:
        # no signature beside Nơi nhận: look for an authority/position line after the title
        taken = {id(u.para) for u in lay.recipients}
        for p in doc.paras[start:]:
            raw = re.sub(r"\s+", " ", p.text).strip()
            if id(p) in taken or raw != raw.upper():
                continue
            if _AUTHORITY_RE.match(raw) or _POSITION_RE.match(raw):
                lines = [p]
                for q in doc.container(p):
                    if id(q) in taken or q.text.strip().lower().startswith("nơi nhận"):
                        break
                    lines.append(q)
                    t = q.text.strip()
                    if len(lines) > 12 or t and t != t.upper():
                        break  # the signer's name (mixed case) ends the block
                lay.sign = [u for q in lines for u in doc.units(q) if u.text]
                if p.cell is not None and lay.sign_table is None:
                    lay.sign_table = doc.tables[p.cell.table]
                break
        if label is not None and lay.sign:
            sign_paras = {u.para.index for u in lay.sign}
            lay.recipients = [u for u in lay.recipients if u.para.index not in sign_paras]


def _locate_body(doc: DocView) -> None:
    lay = doc.layout
    if lay.trich_yeu:
        last = lay.trich_yeu[-1]
        rule = _rule_below(doc, last)
        start = max(last.para.index, rule.para if rule else 0) + 1
    elif lay.kind:
        start = lay.kind.para.index + 1
    else:
        start = lay.header_end
    ends = [len(doc.paras)]
    if lay.sign_table is not None:
        ends.extend(i for _, _, idxs in lay.sign_table.cells for i in idxs[:1])
    if lay.recipients_label is not None:
        ends.append(lay.recipients_label.para.index)
    if lay.sign:
        ends.append(lay.sign[0].para.index)
    end = min(ends)
    lay.body = [
        p
        for p in doc.paras[start:end]
        if p.cell is None and p.full_text.strip() and not _UNDERSCORES.match(p.text.strip())
    ]


