"""The approved version of a build: the frozen bytes of each province document, not the working file.

``vbgen build --approved`` and ``vbgen batch --approved`` render from a private copy of the content
folder in which every province document to be built (override or own document) is replaced by
the bytes frozen when it was approved (or issued). A document that has no approved version stops
the build, naming it; one whose national document changed since its approval is built and noted.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from vbgen.content import load as content_mod
from vbgen.errors import ContentError, Problem
from vbgen.i18n import _
from vbgen.office import history, review


def province_documents(content_dir: Path, documents: list[Path] | None, slugs: list[str]) -> list[tuple[str, str]]:
    """(slug, stem) of every province document a build of ``documents`` for ``slugs`` renders."""
    content_dir = Path(content_dir)
    national = [p.stem for p in content_mod.document_paths(content_dir)]
    pairs = []
    for slug in slugs:
        own_dir = content_dir / "provinces" / slug / content_mod.OWN_DIR
        own = sorted(p.stem for p in own_dir.glob("*.yaml")) if own_dir.is_dir() else []
        if documents:
            stems = [p.stem for p in documents if owner(p, content_dir) in (None, slug)]
        else:
            stems = national + own
        pairs += [(slug, stem) for stem in stems]
    return pairs


def owner(path: Path, content_dir: Path) -> str | None:
    try:
        parts = Path(os.path.abspath(path)).relative_to(os.path.abspath(content_dir)).parts
    except ValueError:
        return None
    return parts[1] if len(parts) == 4 and parts[0] == "provinces" and parts[2] == content_mod.OWN_DIR else None


def materialize(content_dir: Path, dest: Path, pairs: list[tuple[str, str]]) -> tuple[Path, list[str]]:
    """Copy ``content_dir`` to ``dest/content`` with the approved bytes of ``pairs``; returns the
    copy's folder and notes. ContentError naming every document without an approved version."""
    content_dir = Path(content_dir)
    problems, notes, frozen = [], [], []
    for slug, stem in pairs:
        file, own = review.document_file(content_dir, slug, stem)
        try:
            data, rec = review.frozen_bytes(content_dir, slug, stem)
        except (review.ReviewError, KeyError) as e:
            problems.append(Problem(file, None, None, str(getattr(e, "message", e)) + _(
                "; approve it (or leave it out of this build) to build the approved version")))
            continue
        frozen.append((history.content_relative(content_dir, file), data))
        national = content_dir / content_mod.DOCUMENTS_DIR / f"{stem}.yaml"
        if not own and rec.get("national_sha256") != history.sha256(history.read_bytes(national)):
            notes.append(_("{slug}/{stem}: the national document changed after this province's version was approved "
                           "({who}, {at}); the approved province file is used with today's national text").format(
                slug=slug, stem=stem, who=rec.get("by"), at=rec.get("at")))
    if problems:
        raise ContentError.from_problems(problems)
    copy = Path(dest) / "content"
    shutil.copytree(content_dir, copy, ignore=shutil.ignore_patterns(".git"))
    for rel, data in frozen:
        target = copy / rel
        if data is None:
            target.unlink(missing_ok=True)
        else:
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
    return copy, notes


def moved(paths: list[Path], content_dir: Path, copy: Path) -> list[Path]:
    """The document paths the user gave, in the copy (those outside content/ stay as given)."""
    out = []
    for p in paths:
        try:
            out.append(copy / Path(os.path.abspath(p)).relative_to(os.path.abspath(content_dir)))
        except ValueError:
            out.append(p)
    return out
