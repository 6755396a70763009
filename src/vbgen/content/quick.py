"""Content read without validation, for commands that only list it (``vbgen provinces``).

Importing pydantic and the models costs about 0.1 s, more than such a command's whole job.
These readers take the YAML as it is and give up (return None) at the first thing that does
not look as expected; the caller then takes the validated path, which reports the problem
with file, line and key.
"""

from __future__ import annotations

import unicodedata
from pathlib import Path

from vbgen.content.paths import PROVINCES_FILE


def _text(value: object) -> str | None:
    return unicodedata.normalize("NFC", value) if isinstance(value, str) and value.strip() else None


def province_rows(content_dir: Path) -> list[tuple[str, str, str, list[str]]] | None:
    """(slug, unit word, name, merged_from) of every province in provinces.yaml, or None."""
    import yaml

    try:
        raw = (content_dir / PROVINCES_FILE).read_text(encoding="utf-8")
        data = yaml.load(raw, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
        kinds = {k: _text(v.get("unit")) for k, v in data["kinds"].items()}
        rows = []
        for p in data["provinces"]:
            slug, name, unit = _text(p["slug"]), _text(p["name"]), p.get("unit")
            unit = _text(unit) if unit is not None else kinds[p["kind"]]
            merged = p.get("merged_from") or []
            if not (slug and name and unit) or not isinstance(merged, list) or not all(_text(m) for m in merged):
                return None
            rows.append((slug, unit, name, [_text(m) for m in merged]))
    except Exception:  # noqa: BLE001 - anything unexpected: the validated path explains it
        return None
    return rows or None
