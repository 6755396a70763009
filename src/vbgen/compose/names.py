"""The names of a province that content may print: ``{{ province.* }}`` placeholders."""

from __future__ import annotations

from typing import Any

from vbgen import vi
from vbgen.content.load import Registries
from vbgen.content.model import Province


def province_names(p: Province, registries: Registries) -> dict[str, Any]:
    """The placeholders available to content as ``{{ province.* }}`` (one line each, NFC, like
    every other text)."""
    p = p.model_copy(update={f: vi.one_line(getattr(p, f)) for f in ("name", "unit", "place", "press") if getattr(p, f)})
    unit = vi.one_line(p.unit or registries.provinces.value.kinds[p.kind].unit)
    communes = "xã, phường, đặc khu" if p.special_zones else "xã, phường"
    return {
        "slug": p.slug,
        "name": p.name,
        "kind": p.kind,
        "unit": unit,
        "full_name": f"{unit} {p.name}",
        "upper_name": vi.upper(f"{unit} {p.name}"),
        "committee": f"Ủy ban nhân dân {unit}",
        "committee_short": f"UBND {unit}",
        "committee_full": f"Ủy ban nhân dân {unit} {p.name}",
        "chairman": f"Chủ tịch Ủy ban nhân dân {unit}",
        "police": f"Công an {unit}",
        "communes": communes,
        "commune_committees": f"Ủy ban nhân dân các {communes}",
        "press": p.press or f"Báo và Phát thanh, Truyền hình {p.name}",
        "place": p.place,
        "has_special_zones": bool(p.special_zones),
        "special_zones": list(p.special_zones),
        "merged_from": list(p.merged_from),
    }
