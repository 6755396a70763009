"""The citations of a whole content folder, province by province (``vbgen cite … -p``).

A province's ``province.yaml`` may register its own documents; its files (overrides and
province-only documents) may cite them, national files may not (a national document serves
every province). So each file is checked against the registry of the province that holds it,
and the province's own entries are validated like the national ones, with its file and lines.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

from vbgen.content.load import (CITATIONS_FILE, PROVINCES_DIR, Registries, content_files, historical_files,
                                iter_texts, province_of_file)
from vbgen.content.overrides import registries_for
from vbgen.errors import Problem
from vbgen.legal.registry import check_registry, find_usages, scan_for_outdated


@dataclasses.dataclass
class CitationCheck:
    """What ``vbgen cite check`` found, and how much it looked at."""

    problems: list[Problem]
    citations: int
    texts: int


def province_folders(content_dir: Path, registries: Registries) -> list[str]:
    """Slugs of the known provinces that have a folder under content/provinces/."""
    root = content_dir / PROVINCES_DIR
    known = {p.slug for p in registries.provinces.value.provinces}
    return sorted(p.name for p in root.iterdir() if p.is_dir() and p.name in known) if root.is_dir() else []


def provinces_citing(content_dir: Path, registries: Registries, key: str) -> list[str]:
    """Slugs whose province.yaml registers ``key`` (to point a search without -p at them)."""
    return [slug for slug in province_folders(content_dir, registries)
            if key in own_citation_keys(registries, registries_for(registries, content_dir, slug))]


def own_citation_keys(national: Registries, province: Registries) -> list[str]:
    """Keys a province registers in its province.yaml (not in content/citations.yaml)."""
    return [k for k in province.citations.value.citations if k not in national.citations.value.citations]


def check_citations(content_dir: Path, registries: Registries, province: str | None = None) -> CitationCheck:
    """The registry checks and the outdated-citation scan of ``vbgen cite check``: the national
    registry and files, then each province (or only ``province``) with its own citations."""
    national = registries.citations
    source = national.source
    lines = {key: source.line_of(("citations", key)) for key in national.value.citations}
    problems = check_registry(national.value, lines, str(content_dir / CITATIONS_FILE))
    files = content_files(content_dir, province=province)
    historical = historical_files(content_dir, files)
    by_province: dict[str | None, list[Path]] = {}
    for f in files:
        by_province.setdefault(province_of_file(f, content_dir), []).append(f)
    texts = iter_texts(by_province.pop(None, []))
    count, n_texts = len(national.value.citations), len(texts)
    problems += scan_for_outdated(texts, national.value, historical)
    slugs = [province] if province else province_folders(content_dir, registries)
    for slug in slugs:
        local = registries_for(registries, content_dir, slug)
        keys = own_citation_keys(registries, local)
        count += len(keys)
        problems += check_registry(local.citations.value, keys=keys,
                                   locate=lambda k, src=local.citations.source: _where(src.locate(("citations", k))))
        texts = iter_texts(by_province.get(slug, []))
        n_texts += len(texts)
        problems += scan_for_outdated(texts, local.citations.value, historical)
    return CitationCheck(problems, count, n_texts)


def _where(located: tuple[Path, int | None]) -> tuple[str, int | None]:
    return str(located[0]), located[1]


def usages(content_dir: Path, key: str, province: str | None = None) -> list[tuple[str, int | None, str]]:
    """(file, line, key path) of every mention of ``key`` in the content (national files and
    ``province``'s, or every province's)."""
    return find_usages(iter_texts(content_files(content_dir, province=province)), key)
