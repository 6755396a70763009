"""JSON Schema for each kind of content file, from the pydantic models (``vbgen schema``).

Editors that understand JSON Schema (VS Code's YAML extension through a
``# yaml-language-server: $schema=…`` first line) then complete keys and flag mistakes while
people type, with the same rules the loader enforces.
"""

from __future__ import annotations

import json
from pathlib import Path

from pydantic import BaseModel

from vbgen.content import model

SCHEMAS: dict[str, type[BaseModel]] = {
    "citations.schema.json": model.CitationRegistry,
    "provinces.schema.json": model.ProvinceRegistry,
    "agencies.schema.json": model.AgencyRegistry,
    "document.schema.json": model.Document,
    "province-settings.schema.json": model.ProvinceSettings,
    "document-override.schema.json": model.DocumentOverride,
    "workspace.schema.json": model.WorkspaceSettings,
}
"""Schema file name -> model of the content file it describes."""


def schema_text(cls: type[BaseModel]) -> str:
    """The JSON Schema of ``cls`` as stable, readable JSON."""
    schema = cls.model_json_schema(mode="validation")
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    return json.dumps(schema, ensure_ascii=False, indent=2, sort_keys=True) + "\n"


def write_schemas(out_dir: Path) -> list[Path]:
    """Write every schema into ``out_dir``; returns the paths written."""
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for name, cls in SCHEMAS.items():
        path = out_dir / name
        path.write_text(schema_text(cls), encoding="utf-8")
        written.append(path)
    return written
