"""Where the content and templates are, without loading anything (cheap to import: commands
that only need a folder must not pay for pydantic and the models)."""

from __future__ import annotations

from pathlib import Path

CITATIONS_FILE = "citations.yaml"
PROVINCES_FILE = "provinces.yaml"
AGENCIES_FILE = "agencies.yaml"
DOCUMENTS_DIR = "documents"


def samples_root() -> Path:
    """Folder holding the shipped content/ and doctemplates/ (installed wheel or source tree)."""
    here = Path(__file__).resolve().parents[1]  # the vbgen package folder
    installed = here / "_samples"
    if installed.is_dir():
        return installed
    return here.parents[1]


def find_dir(explicit: Path | None, name: str) -> Path:
    """--content/--templates when given, else ./<name> when present, else the shipped samples."""
    if explicit is not None:
        return explicit
    local = Path(name)  # relative, so messages show "content/…" as the user sees it
    if local.is_dir():
        return local
    return samples_root() / name
