"""Per-province overrides: content/provinces/<slug>/ changes a national document without copying it.

Layout (README, "Per-province overrides")::

    content/provinces/<slug>/province.yaml            agency renames, local agencies, local citations
    content/provinces/<slug>/documents/<stem>.yaml    changes to content/documents/<stem>.yaml
    content/provinces/<slug>/own/<stem>.yaml          a whole document of this province alone

Merge rules: a scalar given in the override replaces the national one (number, date, year,
symbol, subject, storage, preamble, closing); ``signature`` replaces only the fields it gives;
``extra_bases`` is appended to ``bases``; ``tasks`` adds, replaces (by ``id``) and removes (by
``id``); ``recipients`` (``purpose`` sets a national line's purpose in place) adds and removes (by agency key or exact text). Naming a task, recipient
or agency that the national content does not have is an error naming the override's file, line
and key. Every merged value keeps pointing at the file and line it came from (:class:`Overlay`).
"""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Protocol

from vbgen.content import model
from vbgen.content.load import OWN_DIR, PROVINCES_DIR, Registries, Validated, load_model, province_of_file
from vbgen.errors import ContentError, Problem, did_you_mean
from vbgen.i18n import _
from vbgen.content.yamlload import KeyPath, format_key_path

SETTINGS_FILE = "province.yaml"


class SourceMap(Protocol):
    """Where a key path of a (possibly merged) content value was written."""

    path: Path

    def locate(self, key_path: KeyPath) -> tuple[Path, int | None]: ...

    def locate_in_text(self, key_path: KeyPath, offset: int, text: str) -> tuple[Path, int | None]: ...


@dataclasses.dataclass
class Overlay:
    """A merged value's source map: some key paths come from an override file."""

    base: SourceMap
    routes: dict[KeyPath, tuple[SourceMap, KeyPath]]

    @property
    def path(self) -> Path:
        return self.base.path

    def _route(self, key_path: KeyPath) -> tuple[SourceMap, KeyPath]:
        for n in range(len(key_path), 0, -1):
            hit = self.routes.get(tuple(key_path[:n]))
            if hit is not None:
                src, target = hit
                return src, (*target, *key_path[n:])
        return self.base, tuple(key_path)

    def locate(self, key_path: KeyPath) -> tuple[Path, int | None]:
        src, kp = self._route(key_path)
        return src.locate(kp)

    def locate_in_text(self, key_path: KeyPath, offset: int, text: str) -> tuple[Path, int | None]:
        src, kp = self._route(key_path)
        return src.locate_in_text(kp, offset, text)


def province_dir(content_dir: Path, slug: str) -> Path:
    return content_dir / PROVINCES_DIR / slug


def check_layout(content_dir: Path, slugs: list[str], document_stems: list[str]) -> list[Problem]:
    """Folders for unknown provinces, override files for unknown documents and province-only
    documents that share a national document's name are errors."""
    root = content_dir / PROVINCES_DIR
    problems: list[Problem] = []
    if not root.is_dir():
        return problems
    for folder in sorted(p for p in root.iterdir() if p.is_dir()):
        if folder.name not in slugs:
            problems.append(Problem(folder, None, None, _("no province has the slug '{slug}'").format(slug=folder.name) + _hint(folder.name, slugs)))
            continue
        for file in sorted((folder / "documents").glob("*.yaml")):
            if file.stem not in document_stems:
                own = folder / OWN_DIR / file.name
                why = (_("; {path} is this province's own document: edit it there").format(path=own) if own.is_file()
                       else _("; a document of this province alone goes to {folder}/").format(folder=folder / OWN_DIR)
                       if not _hint(file.stem, document_stems) else "")
                message = _("overrides a document that does not exist: content/documents/{stem}.yaml").format(stem=file.stem)
                problems.append(Problem(file, None, None, message + _hint(file.stem, document_stems) + why))
        for file in sorted((folder / OWN_DIR).glob("*.yaml")):
            if file.stem in document_stems:
                problems.append(Problem(file, None, None, _(
                    "a province-only document cannot share the name of content/documents/{stem}.yaml "
                    "(both would be written to <out>/{slug}/{stem}.docx); rename it, or move it to "
                    "{folder}/ as an override").format(stem=file.stem, slug=folder.name, folder=folder / "documents")))
    return problems


def own_document_paths(content_dir: Path, slug: str) -> list[Path]:
    """content/provinces/<slug>/own/*.yaml: the documents of province ``slug`` alone, in name order."""
    return sorted((province_dir(content_dir, slug) / OWN_DIR).glob("*.yaml"))


def owner_of(path: Path, content_dir: Path) -> str | None:
    """The slug of the province a province-only document belongs to; None for other documents."""
    slug = province_of_file(path, content_dir)
    if slug is None or path.parent.name != OWN_DIR or path.parent.parent.name != slug:
        return None
    return slug


_hint = did_you_mean


# -- province settings: agencies and citations ---------------------------------------------


def registries_for(registries: Registries, content_dir: Path, slug: str) -> Registries:
    """The registries as one province sees them (its renames, local agencies and citations)."""
    path = province_dir(content_dir, slug) / SETTINGS_FILE
    if not path.is_file():
        return registries
    settings = load_model(path, model.ProvinceSettings)
    s, src = settings.value, settings.source
    problems: list[Problem] = []
    agencies = dict(registries.agencies.value.agencies)
    agency_routes: dict[KeyPath, tuple[SourceMap, KeyPath]] = {}
    for key, rename in s.agencies.items():
        if key not in agencies:
            problems.append(Problem(*src.locate(("agencies", key)), f"agencies.{key}",
                                    _("no agency '{key}' in content/agencies.yaml").format(key=key) + _hint(key, list(agencies))
                                    + _("; add it under new_agencies")))
            continue
        update = rename.model_dump(exclude_none=True)
        agencies[key] = agencies[key].model_copy(update=update)
        for field in update:
            agency_routes[("agencies", key, field)] = (src, ("agencies", key, field))
    for key, agency in s.new_agencies.items():
        if key in agencies:
            problems.append(Problem(*src.locate(("new_agencies", key)), f"new_agencies.{key}",
                                    _("'{key}' already exists nationally; rename it under 'agencies' instead").format(key=key)))
            continue
        agencies[key] = agency
        agency_routes[("agencies", key)] = (src, ("new_agencies", key))
    citations = dict(registries.citations.value.citations)
    citation_routes: dict[KeyPath, tuple[SourceMap, KeyPath]] = {}
    for key, citation in s.citations.items():
        if key in citations:
            problems.append(Problem(*src.locate(("citations", key)), f"citations.{key}",
                                    _("'{key}' is already in content/citations.yaml; use another key").format(key=key)))
            continue
        citations[key] = citation
        citation_routes[("citations", key)] = (src, ("citations", key))
    if problems:
        raise ContentError.from_problems(problems)
    return Registries(
        citations=Validated(registries.citations.value.model_copy(update={"citations": citations}),
                            Overlay(registries.citations.source, citation_routes)),
        provinces=registries.provinces,
        agencies=Validated(registries.agencies.value.model_copy(update={"agencies": agencies}),
                           Overlay(registries.agencies.source, agency_routes)),
    )


# -- document overrides -------------------------------------------------------------------


SCALARS = ("number", "symbol", "date", "year", "subject", "storage", "preamble", "closing", "bases_as", "citation_dates",
           "draft", "draft_round", "urgency", "confidentiality", "circulation")


def document_for(doc: Validated[model.Document], content_dir: Path, slug: str) -> Validated[model.Document]:
    """``doc`` with content/provinces/<slug>/documents/<stem>.yaml applied, if there is one
    (a province-only document is the province's own text: nothing is applied to it)."""
    path = province_dir(content_dir, slug) / "documents" / doc.source.path.name
    if not path.is_file() or owner_of(doc.source.path, content_dir) is not None:
        return doc
    return apply(doc, load_model(path, model.DocumentOverride))


def apply(doc: Validated[model.Document], override: Validated[model.DocumentOverride]) -> Validated[model.Document]:
    """Merge one override into one document (rules in the module docstring)."""
    base, ov, osrc = doc.value, override.value, override.source
    update: dict = {}
    routes: dict[KeyPath, tuple[SourceMap, KeyPath]] = {}
    problems: list[Problem] = []

    for field in SCALARS:
        if field in ov.model_fields_set and getattr(ov, field) is not None:
            update[field] = getattr(ov, field)
            routes[(field,)] = (osrc, (field,))

    if ov.signature is not None:
        given = ov.signature.model_dump(exclude_unset=True)
        merged = base.signature.model_dump()
        if "lines" in given:
            merged["preset"] = None
        if "preset" in given:
            merged["lines"] = None
        merged.update(given)
        update["signature"] = model.Signature(**merged)
        for field in given:
            routes[("signature", field)] = (osrc, ("signature", field))

    if ov.extra_bases:
        update["bases"] = [*base.bases, *ov.extra_bases]
        for k in range(len(ov.extra_bases)):
            routes[("bases", len(base.bases) + k)] = (osrc, ("extra_bases", k))

    if ov.tasks is not None:
        tasks, task_routes = _edit_tasks(base, ov.tasks, doc.source, osrc, problems)
        impl = base.implementation or model.Implementation()
        update["implementation"] = impl.model_copy(update={"tasks": tasks})
        routes.update(task_routes)

    if ov.recipients is not None:
        recipients, rec_routes = _edit_recipients(base, ov.recipients, doc.source, osrc, problems)
        update["recipients"] = recipients
        routes.update(rec_routes)

    if problems:
        raise ContentError.from_problems(problems)
    merged_doc = base.model_copy(update=update)
    return Validated(merged_doc, Overlay(doc.source, routes))


def _edit_tasks(base: model.Document, edits: model.TaskEdits, bsrc: SourceMap, osrc: SourceMap, problems: list[Problem]):
    current = list(base.implementation.tasks) if base.implementation else []
    origin: list[tuple[SourceMap, KeyPath]] = [(bsrc, ("implementation", "tasks", i)) for i in range(len(current))]
    ids = [t.id for t in current if t.id]

    def unknown(kp: KeyPath, task_id: str) -> None:
        problems.append(Problem(*osrc.locate(kp), format_key_path(kp),
                                _("the national document has no task with id '{id}'").format(id=task_id) + _hint(task_id, ids)
                                + ("" if ids else _("; give the national tasks an 'id' first"))))

    for task_id, task in edits.replace.items():
        kp = ("tasks", "replace", task_id)
        idx = next((i for i, t in enumerate(current) if t.id == task_id), None)
        if idx is None:
            unknown(kp, task_id)
            continue
        current[idx] = task if task.id else task.model_copy(update={"id": task_id})
        origin[idx] = (osrc, kp)
    for n, task_id in enumerate(edits.remove):
        idx = next((i for i, t in enumerate(current) if t.id == task_id), None)
        if idx is None:
            unknown(("tasks", "remove", n), task_id)
            continue
        del current[idx]
        del origin[idx]
    for n, task in enumerate(edits.add):
        if task.id and task.id in ids:
            kp = ("tasks", "add", n, "id")
            problems.append(Problem(*osrc.locate(kp), format_key_path(kp), _("a national task already has id '{id}'; use tasks.replace").format(id=task.id)))
        current.append(task)
        origin.append((osrc, ("tasks", "add", n)))
    routes = {("implementation", "tasks", i): o for i, o in enumerate(origin)}
    return current, routes


def _edit_recipients(base: model.Document, edits: model.RecipientEdits, bsrc: SourceMap, osrc: SourceMap, problems: list[Problem]):
    current = list(base.recipients)
    origin: list[tuple[SourceMap, KeyPath]] = [(bsrc, ("recipients", i)) for i in range(len(current))]
    names = [r.agency or r.text or "" for r in current]
    for n, name in enumerate(edits.remove):
        idx = next((i for i, r in enumerate(current) if name in (r.agency, r.text)), None)
        if idx is None:
            kp = ("recipients", "remove", n)
            problems.append(Problem(*osrc.locate(kp), format_key_path(kp),
                                    _("the national document has no recipient '{name}'").format(name=name) + _hint(name, names)))
            continue
        del current[idx]
        del origin[idx]
    for name, purpose in edits.purpose.items():
        idx = next((i for i, r in enumerate(current) if name in (r.agency, r.text)), None)
        if idx is None:
            kp = ("recipients", "purpose", name)
            problems.append(Problem(*osrc.locate(kp), format_key_path(kp),
                                    _("the national document has no recipient '{name}'").format(name=name) + _hint(name, names)))
            continue
        current[idx] = current[idx].model_copy(update={"purpose": purpose.strip() or None})
        origin[idx] = (osrc, ("recipients", "purpose", name))
    for n, recipient in enumerate(edits.add):
        current.append(recipient)
        origin.append((osrc, ("recipients", "add", n)))
    routes = {("recipients", i): o for i, o in enumerate(origin)}
    return current, routes
