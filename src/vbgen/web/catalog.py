"""What the pages offer to pick from: a province's agencies, the citations, signature presets.

Names are shown as documents print them (agency templates rendered for the province; citations
in their full and short forms from :mod:`vbgen.citations`).
"""

from __future__ import annotations

import re
from typing import Any

from vbgen import vi
from vbgen.batch.build import Workspace
from vbgen.legal.citations import NAMED_KINDS, alias_form, full_form, short_form
from vbgen.compose.document import KINDS, SIGNATURES, province_names
from vbgen.compose.expressions import compile_text
from vbgen.content.model import Citation

STATUS_VI = {"in_force": "Còn hiệu lực", "amended": "Đã sửa đổi", "replaced": "Đã bị thay thế", "expired": "Hết hiệu lực"}
PRESET_VI = {
    "chu_tich": "Chủ tịch ký",
    "kt_chu_tich": "Phó Chủ tịch ký thay (KT.)",
    "q_chu_tich": "Quyền Chủ tịch (Q.)",
    "tm_chu_tich": "Thay mặt UBND, Chủ tịch ký (TM.)",
    "tm_kt_chu_tich": "Thay mặt UBND, Phó Chủ tịch ký thay (TM. / KT.)",
    "tm_q_chu_tich": "Thay mặt UBND, Quyền Chủ tịch (TM. / Q.)",
}
KIND_VI = {"ke_hoach": "Kế hoạch", "chi_thi": "Chỉ thị"}


def agency_choices(ws: Workspace, slug: str) -> list[dict[str, Any]]:
    """Every agency province ``slug`` has, with its name as this province's documents print it."""
    province = ws.registries.province(slug)
    regs = ws.registries_for(slug)
    names = province_names(province, regs)
    out = []
    for key, agency in regs.agencies.value.agencies.items():
        if agency.when == "special_zones" and not province.special_zones:
            continue

        def render(src: str) -> str:
            try:
                return vi.nfc(compile_text(src).render({"province": names, "agency": lambda k: k}))
            except Exception:  # noqa: BLE001 - a broken name is reported by the build, not here
                return src

        out.append({"key": key, "name": render(agency.name),
                    "recipient": render(agency.recipient or agency.name), "requested": agency.requested})
    return out


def replacement_chain(key: str, citations: dict[str, Citation]) -> list[str]:
    """key → replaced_by → … (stops at a missing key or a cycle)."""
    chain, seen = [key], {key}
    while True:
        nxt = citations.get(chain[-1])
        if nxt is None or not nxt.replaced_by or nxt.replaced_by in seen:
            if nxt is not None and nxt.replaced_by in seen:
                chain.append(nxt.replaced_by)
            return chain
        chain.append(nxt.replaced_by)
        seen.add(nxt.replaced_by)


def citation_entry(key: str, c: Citation, citations: dict[str, Citation]) -> dict[str, Any]:
    """One citation as the pages show it: the forms documents print, status, replacement."""
    current = replacement_chain(key, citations)
    return {
        "key": key,
        "kind": c.kind,
        "number": c.number or "",
        "date": c.date.isoformat() if c.date else "",
        "full": full_form(c),
        "short": short_form(c),
        "alias": alias_form(c) if c.kind not in NAMED_KINDS else "",
        "status": c.status,
        "status_vi": STATUS_VI.get(c.status, c.status),
        "replaced_by": c.replaced_by or "",
        "chain": current,
        "current": current[-1] if len(current) > 1 and current[-1] in citations else "",
        "verified": c.verified,
        "note": c.note or "",
        # the registry's notes are written by its keepers, often in English: the page says which
        "note_vi": not re.search(r"\b(the|and|of|in|is|from|by)\b", c.note or "", re.I),
    }


def citation_entries(citations: dict[str, Citation]) -> list[dict[str, Any]]:
    return [citation_entry(k, c, citations) for k, c in citations.items()]


def presets(kind: str) -> list[dict[str, Any]]:
    default = KINDS[kind].signature if kind in KINDS else ""
    return [{"key": k, "label": PRESET_VI.get(k, k), "lines": list(lines), "default": k == default}
            for k, lines in SIGNATURES.items()]


CHOICE_LABELS = {
    "draft": ("Dấu “DỰ THẢO”", {"true": "Có", "false": "Không"}),
    "urgency": ("Độ khẩn", {}),
    "confidentiality": ("Độ mật", {}),
    "circulation": ("Phạm vi lưu hành", {}),
    "bases_as": ("Căn cứ pháp lý in ở", {"text": "trong lời văn", "footnote": "chú thích cuối trang"}),
    "citation_dates": ("Ngày trong trích dẫn", {"short": "ngắn: 07/5/2025", "long": "dài: ngày 07 tháng 5 năm 2025"}),
}


def choices(national: Any, options: dict[str, list[str]]) -> list[dict[str, Any]]:
    """The select fields of the marks and settings part of the form, with Vietnamese labels and
    what the national document has when the province does not choose."""
    out = []
    for key, values in options.items():
        label, names = CHOICE_LABELS.get(key, (key, {}))
        base = getattr(national, key, None)
        base_text = names.get(str(base).lower() if isinstance(base, bool) else str(base), str(base)) if base not in (None, "") else "không"
        if national is None:  # a province's own document: the default of the format
            default = {"bases_as": "text", "citation_dates": "short", "draft": "false"}.get(key)
            base_text = names.get(default, "không") if default else "không"
        out.append({"key": key, "label": label, "national": base_text, "default_label": "Mặc định" if national is None else "Theo mẫu",
                    "options": [{"value": v, "label": names.get(v, v)} for v in values]})
    return out
