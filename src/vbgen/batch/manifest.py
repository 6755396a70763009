"""DIR/manifest.json: what a batch run produced, from which inputs, so a later run can tell
what changed.

One record per (province, document): the output's path (relative to DIR) and SHA-256, the
status and messages, and the SHA-256 of every content file and template it was made from. The
file is a pure function of the inputs: sorted keys, records in province then document order,
paths relative to their folders, and no time stamp, so two runs over the same inputs write the
same bytes.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
from pathlib import Path
from typing import Any

from vbgen import __version__

MANIFEST_NAME = "manifest.json"
FORMAT = 1


def sha256_file(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


class Hashes:
    """SHA-256 of input files, each read once per run."""

    def __init__(self) -> None:
        self._cache: dict[Path, str | None] = {}

    def get(self, path: Path) -> str | None:
        key = path.resolve()
        if key not in self._cache:
            try:
                self._cache[key] = sha256_file(key)
            except OSError:
                self._cache[key] = None
        return self._cache[key]


def relative(path: Path, *roots: Path) -> str:
    """``path`` relative to the first root that holds it (POSIX separators); absolute otherwise."""
    resolved = path.resolve()
    for root in roots:
        try:
            return resolved.relative_to(root.resolve()).as_posix()
        except ValueError:
            continue
    return resolved.as_posix()


@dataclasses.dataclass
class Record:
    """One (province, document) of a run, as stored in the manifest."""

    province: str
    document: str
    path: str
    status: str  # "ok" | "warning" | "error"
    sha256: str | None = None
    message: str = ""
    warnings: list[str] = dataclasses.field(default_factory=list)
    notes: list[str] = dataclasses.field(default_factory=list)
    pdf: dict[str, str] | None = None  # {"path", "sha256", "docx_sha256"}
    content: dict[str, str | None] = dataclasses.field(default_factory=dict)
    templates: dict[str, str | None] = dataclasses.field(default_factory=dict)
    draft: bool = False  # a draft (DỰ THẢO, number and date blank): by --draft, or draft: in its content

    def to_json(self) -> dict[str, Any]:
        return dataclasses.asdict(self)


def dumps(records: list[Record]) -> bytes:
    """The manifest's bytes (deterministic)."""
    doc = {
        "format": FORMAT,
        "generator": "vbgen",
        "vbgen_version": __version__,
        "outputs": [r.to_json() for r in records],
    }
    return (json.dumps(doc, ensure_ascii=False, sort_keys=True, indent=2) + "\n").encode("utf-8")


def write(out_dir: Path, records: list[Record]) -> Path:
    from vbgen.atomic import write_atomic

    path = out_dir / MANIFEST_NAME
    write_atomic(path, dumps(records))
    return path


def read(out_dir: Path) -> dict[tuple[str, str], dict[str, Any]]:
    """The records of an earlier run in ``out_dir`` by (province, output path); empty when there
    is none or it cannot be read (it is only used to tell what changed)."""
    path = out_dir / MANIFEST_NAME
    try:
        doc = json.loads(path.read_text(encoding="utf-8"))
        return {(r["province"], r["path"]): r for r in doc.get("outputs", []) if isinstance(r, dict)}
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return {}


# -- records of a batch run ------------------------------------------------------------------------


def _content_files(ws: Any, document: Path, slug: str) -> list[Path]:
    from vbgen.content import load as content_mod
    from vbgen.content import overrides

    cdir = ws.content_dir
    files = [cdir / content_mod.AGENCIES_FILE, cdir / content_mod.CITATIONS_FILE, cdir / content_mod.PROVINCES_FILE, document]
    pdir = overrides.province_dir(cdir, slug)
    files += [f for f in (pdir / overrides.SETTINGS_FILE, pdir / content_mod.DOCUMENTS_DIR / f"{document.stem}.yaml") if f.is_file()]
    return files


def records_for(ws: Any, docs: list[Any], outcomes: list[Any], out_dir: Path) -> list[Record]:
    """One record per outcome of a batch (:class:`vbgen.batch.runner.Outcome`); ``docs`` are the
    validated documents by index (a str for one that failed to load)."""
    from vbgen.compose.document import KINDS

    hashes = Hashes()
    cwd = Path.cwd()
    names: dict[tuple[Path, Path], str] = {}

    def rel(path: Path, root: Path) -> str:  # the same few input files for every pair: once each
        if (path, root) not in names:
            names[(path, root)] = relative(path, root, cwd)
        return names[(path, root)]

    records = []
    for o in outcomes:
        doc = docs[o.doc_index]
        content = {rel(f, ws.content_dir): hashes.get(f) for f in _content_files(ws, o.document, o.province)}
        templates = {}
        if not isinstance(doc, str) and doc.value.kind in KINDS:
            t = ws.templates_dir / KINDS[doc.value.kind].template
            templates[rel(t, ws.templates_dir)] = hashes.get(t)
        pdf = None
        if o.pdf is not None and o.pdf_sha256:
            pdf = {"path": relative(o.pdf, out_dir), "sha256": o.pdf_sha256, "docx_sha256": o.sha256 or ""}
        records.append(Record(
            province=o.province,
            document=rel(o.document, ws.content_dir),
            path=relative(o.path, out_dir),
            status=o.status,
            sha256=o.sha256,
            message=o.message if o.status == "error" else "",
            warnings=o.warnings,
            notes=o.notes,
            pdf=pdf,
            content=content,
            templates=templates,
            draft=o.draft,
        ))
    return records


def kept_records(previous: dict[tuple[str, str], dict[str, Any]], records: list[Record], out_dir: Path) -> list[Record]:
    """Records of an earlier run for outputs this run did not touch (other provinces or
    documents), kept while their file is still there unchanged: the manifest describes DIR."""
    done = {(r.province, r.path) for r in records}
    fields = {f.name for f in dataclasses.fields(Record)}
    kept = []
    for key, rec in previous.items():
        if key in done or not rec.get("sha256"):
            continue
        try:
            if sha256_file(out_dir / rec["path"]) != rec["sha256"]:
                continue
            record = Record(**{k: v for k, v in rec.items() if k in fields})
        except (OSError, TypeError, ValueError):
            continue
        pdf = record.pdf or {}
        if pdf and not (pdf.get("path") and (out_dir / pdf["path"]).is_file()
                        and sha256_file(out_dir / pdf["path"]) == pdf.get("sha256")):
            record.pdf = None
        kept.append(record)
    return kept
