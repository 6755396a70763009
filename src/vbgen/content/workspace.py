"""vbgen.yaml: the workspace file that makes a province office's copy build with plain ``vbgen build``.

A province copies the content folder and puts beside it::

    vbgen.yaml          province: phu-tho
                        out: out
    content/            the national content plus content/provinces/phu-tho/
    doctemplates/       optional; the shipped templates otherwise

vbgen looks for vbgen.yaml in the current folder, then in its parents, so the commands work
from any subfolder. Its paths are relative to the folder that holds it. An option given on the
command line always wins over the file.
"""

from __future__ import annotations

import dataclasses
import os
from pathlib import Path

from typing import TYPE_CHECKING

from vbgen.errors import ContentError, Problem, did_you_mean

if TYPE_CHECKING:  # the models are loaded only when there is a vbgen.yaml to read (fast start-up)
    from vbgen.content.load import Registries

WORKSPACE_FILE = "vbgen.yaml"


@dataclasses.dataclass(frozen=True)
class WorkspaceConfig:
    """The settings of one vbgen.yaml, with its paths resolved (None: no vbgen.yaml found)."""

    file: Path | None
    province: str | None
    out: Path | None
    content: Path | None
    templates: Path | None
    province_line: int | None = None
    allow_hosts: tuple[str, ...] = ()

    def check_province(self, registries: Registries) -> None:
        """The province of vbgen.yaml must exist; the error names vbgen.yaml's line."""
        if not self.province:
            return
        slugs = [p.slug for p in registries.provinces.value.provinces]
        if self.province not in slugs:
            raise ContentError.from_problems([Problem(
                self.file, self.province_line, "province",
                f"unknown province '{self.province}'{did_you_mean(self.province, slugs)} (run 'vbgen provinces' for the list)")])

    def content_dir(self, explicit: Path | None) -> Path | None:
        """--content when given, else the workspace's content folder (None: the usual search)."""
        return explicit if explicit is not None else self.content

    def templates_dir(self, explicit: Path | None) -> Path | None:
        return explicit if explicit is not None else self.templates

    def out_dir(self, explicit: Path | None, default: Path = Path("out")) -> Path:
        if explicit is not None:
            return explicit
        return self.out if self.out is not None else default

    def provinces(self, explicit: tuple[str, ...] | list[str], default: str | None = None) -> list[str]:
        """-p values when given, else the workspace's province, else ``default`` (or none)."""
        if explicit:
            return list(explicit)
        if self.province:
            return [self.province]
        return [default] if default else []


NO_WORKSPACE = WorkspaceConfig(None, None, None, None, None)


def find_workspace_file(start: Path | None = None) -> Path | None:
    """vbgen.yaml in ``start`` (default: the current folder) or the nearest parent."""
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        candidate = folder / WORKSPACE_FILE
        if candidate.is_file():
            return candidate
    return None


def _shown(path: Path) -> Path:
    """``path`` relative to the current folder when that is shorter, so messages read "content/…"."""
    try:
        rel = Path(os.path.relpath(path))
    except ValueError:  # another drive (Windows)
        return path
    return rel if len(str(rel)) <= len(str(path)) else path


def load_workspace(start: Path | None = None) -> WorkspaceConfig:
    """The nearest vbgen.yaml, validated (ContentError naming file, line and key otherwise)."""
    file = find_workspace_file(start)
    if file is None:
        return NO_WORKSPACE
    from vbgen.content import model
    from vbgen.content.load import load_model

    validated = load_model(_shown(file), model.WorkspaceSettings)
    settings, root = validated.value, file.parent
    content = _shown(root / settings.content)
    if not (root / settings.content).is_dir():
        raise ContentError.from_problems([Problem(
            _shown(file), validated.source.line_of(("content",)), "content",
            f"no content folder '{settings.content}' beside {WORKSPACE_FILE}; copy the content folder there or set 'content:'")])
    if settings.templates is not None:
        templates: Path | None = _shown(root / settings.templates)
    else:
        local = root / "doctemplates"
        templates = _shown(local) if local.is_dir() else None
    return WorkspaceConfig(_shown(file), settings.province, _shown(root / settings.out), content, templates,
                           validated.source.line_of(("province",)), tuple(settings.allow_hosts))
