"""Find, load and validate the content files (registries and documents).

All YAML goes through :func:`vbgen.content.yamlload.load_yaml`; every file is validated against its
model in :mod:`vbgen.content.model`, and every problem found in every file is reported together.
"""

from __future__ import annotations

import dataclasses
import types
import typing
from pathlib import Path
from typing import Any, TypeVar

import pydantic

from vbgen.i18n import _
from vbgen.content import model
from vbgen.errors import ContentError, Problem, did_you_mean, shorten
from vbgen.content.yamlload import KeyPath, Loaded, YamlProblems, format_key_path, load_yaml
from vbgen.content.paths import AGENCIES_FILE, CITATIONS_FILE, DOCUMENTS_DIR, PROVINCES_FILE, find_dir, samples_root  # noqa: F401 - re-exported

M = TypeVar("M", bound=pydantic.BaseModel)

PROVINCES_DIR = "provinces"
OWN_DIR = "own"
"""content/provinces/<slug>/own/<stem>.yaml: documents that belong to one province alone."""


@dataclasses.dataclass
class Validated(typing.Generic[M]):
    """A validated model together with the file it came from (for later messages)."""

    value: M
    source: Loaded


def validate(loaded: Loaded, cls: type[M]) -> Validated[M]:
    """Validate loaded YAML against ``cls``; raise ContentError listing every problem."""
    if loaded.data is None:
        raise ContentError.from_problems([Problem(loaded.path, 1, None, _("the file is empty; expected a {model} mapping").format(model=cls.__name__))])
    try:
        return Validated(cls.model_validate(loaded.data), loaded)
    except pydantic.ValidationError as e:
        raise ContentError.from_problems([_problem(loaded, cls, err) for err in e.errors()]) from None


def load_model(path: Path, cls: type[M]) -> Validated[M]:
    """Load and validate one file; YAML problems become ContentError."""
    try:
        loaded = load_yaml(path)
    except FileNotFoundError:
        raise ContentError.from_problems([Problem(path, None, None, _("file not found"))]) from None
    except YamlProblems as e:
        raise ContentError.from_problems(e.problems) from None
    return validate(loaded, cls)


def load_all(items: list[tuple[Path, type[pydantic.BaseModel]]]) -> list[Validated[Any]]:
    """Load several files, gathering the problems of all of them into one ContentError."""
    out, problems = [], []
    for path, cls in items:
        try:
            out.append(load_model(path, cls))
        except ContentError as e:
            problems.extend(e.problems)
    if problems:
        raise ContentError.from_problems(problems)
    return out


# -- turning pydantic errors into messages that name file, line and key ---------------


def _problem(loaded: Loaded, cls: type[pydantic.BaseModel], err: Any) -> Problem:
    loc: KeyPath = tuple(p for p in err["loc"] if not _is_union_tag(p))
    kind = err["type"]
    line = loaded.line_of(loc)
    key = format_key_path(loc) or None
    if kind == "extra_forbidden":
        allowed = _fields_at(cls, loc[:-1])
        name = str(loc[-1])
        hint = _did_you_mean(name, allowed)
        if err.get("input") is None and not did_you_mean(name, allowed) and (" " in name or not name.isascii()):
            # {text: UBND các huyện, thành phố}: the comma ended the value and made a key of the rest
            hint = _("; if it belongs to the value before it, that value has a comma: put the value in quotes, "
                     "as in {{text: \"UBND các huyện, thành phố\"}}").format()
        return Problem(loaded.path, line, key, _("unknown key '{key}'{hint}").format(key=shorten(name), hint=hint))
    if kind == "missing":
        return Problem(loaded.path, line, key, _("required key '{key}' is missing{doc}").format(key=loc[-1], doc=_field_doc(cls, loc)))
    value = err.get("input")
    shown = _(" (got {value})").format(value=shorten(repr(value))) if isinstance(value, (str, int, float, bool)) or value is None else ""
    msg = err["msg"].removeprefix("Value error, ")
    if kind == "literal_error":
        msg = _("must be one of {options}").format(options=err['ctx']['expected'])
        if isinstance(value, str):
            options = [o.strip(" '") for o in err["ctx"]["expected"].replace(" or ", ", ").split(",")]
            msg += did_you_mean(value, options) or _("; allowed values: {values}").format(values=", ".join(options))
    elif kind == "string_pattern_mismatch":
        msg = _("does not match the pattern {pattern}").format(pattern=err['ctx']['pattern'])
    return Problem(loaded.path, line, key, f"{msg}{shown}")


def _is_union_tag(part: Any) -> bool:
    # pydantic puts the union member's name in loc ("str", "list[str]"); it is not a key
    return isinstance(part, str) and (part in {"str", "list[str]", "int", "bool"} or part.startswith(("list[", "dict[", "function-")))


def _did_you_mean(name: str, options: list[str]) -> str:
    hint = did_you_mean(name, options)
    if hint:
        return hint
    if options:
        return _("; allowed keys: {keys}").format(keys=", ".join(options))
    return ""


def _model_at(cls: Any, loc: KeyPath) -> Any:
    """Walk field annotations along ``loc`` and return the model (or type) found there."""
    tp: Any = cls
    for part in loc:
        tp = _strip_optional(tp)
        if isinstance(part, int):
            args = typing.get_args(tp)
            tp = args[0] if args else Any
            continue
        if isinstance(tp, type) and issubclass(tp, pydantic.BaseModel):
            field = tp.model_fields.get(part)
            tp = field.annotation if field else Any
        elif typing.get_origin(tp) is dict:
            tp = typing.get_args(tp)[1]
        else:
            return Any
    return _strip_optional(tp)


def _strip_optional(tp: Any) -> Any:
    args = typing.get_args(tp)
    if typing.get_origin(tp) in (typing.Union, types.UnionType):
        models = [a for a in args if isinstance(a, type) and issubclass(a, pydantic.BaseModel)]
        if models:
            return models[0]
        lists = [a for a in args if typing.get_origin(a) in (list, dict)]
        if lists:
            return lists[0]
    return tp


def _fields_at(cls: Any, loc: KeyPath) -> list[str]:
    tp = _model_at(cls, loc)
    if isinstance(tp, type) and issubclass(tp, pydantic.BaseModel):
        return list(tp.model_fields)
    return []


def _field_doc(cls: Any, loc: KeyPath) -> str:
    parent = _model_at(cls, loc[:-1])
    if isinstance(parent, type) and issubclass(parent, pydantic.BaseModel):
        field = parent.model_fields.get(str(loc[-1]))
        if field is not None and field.description:
            return f" ({field.description})"
    return ""


# -- the content folder ------------------------------------------------------------------


@dataclasses.dataclass
class Registries:
    """The three registries every document needs."""

    citations: Validated[model.CitationRegistry]
    provinces: Validated[model.ProvinceRegistry]
    agencies: Validated[model.AgencyRegistry]

    def province(self, slug: str) -> model.Province:
        """The province with ``slug`` (a current unit, or a former one for historical texts);
        ContentError with the closest current slugs otherwise."""
        for p in (*self.provinces.value.provinces, *self.provinces.value.former):
            if p.slug == slug:
                return p
        slugs = [p.slug for p in self.provinces.value.provinces]
        raise ContentError.from_problems(
            [Problem(self.provinces.source.path, None, None, f"unknown province '{shorten(slug)}'{_did_you_mean(slug, slugs)} (run 'vbgen provinces' for the list)")]
        )


def load_registries(content_dir: Path) -> Registries:
    """Load citations.yaml, provinces.yaml and agencies.yaml, all problems together."""
    cit, prov, ag = load_all(
        [
            (content_dir / CITATIONS_FILE, model.CitationRegistry),
            (content_dir / PROVINCES_FILE, model.ProvinceRegistry),
            (content_dir / AGENCIES_FILE, model.AgencyRegistry),
        ]
    )
    problems = _registry_problems(prov)
    if problems:
        raise ContentError.from_problems(problems)
    return Registries(cit, prov, ag)


def _registry_problems(prov: Validated[model.ProvinceRegistry]) -> list[Problem]:
    problems, seen = [], {}
    units = [("provinces", i, p) for i, p in enumerate(prov.value.provinces)]
    units += [("former", i, p) for i, p in enumerate(prov.value.former)]
    for key, i, p in units:
        if p.slug in seen:
            problems.append(Problem(prov.source.path, prov.source.line_of((key, i, "slug")), f"{key}[{i}].slug",
                                    f"slug '{p.slug}' is used twice (also {seen[p.slug]})"))
        seen[p.slug] = f"{key}[{i}]"
    return problems


def document_paths(content_dir: Path) -> list[Path]:
    """The shipped document files, in name order."""
    return sorted((content_dir / DOCUMENTS_DIR).glob("*.yaml"))


# -- every string of the content, for the registry and currency checks -----------------------

Text = tuple[str, "int | None", str, str]
"""(file, line, key path, text) of one string in a content file."""


def content_files(content_dir: Path, include_registry: bool = False, province: str | None = None) -> list[Path]:
    """Content files whose text is written for documents (documents, agencies, overrides,
    province-only documents); with ``province``, only that province's folder of the provinces."""
    files = [content_dir / AGENCIES_FILE, *document_paths(content_dir)]
    folders = "*" if province is None else province
    for pattern in ("*.yaml", f"{DOCUMENTS_DIR}/*.yaml", f"{OWN_DIR}/*.yaml"):
        files += sorted((content_dir / PROVINCES_DIR).glob(f"{folders}/{pattern}"))
    if include_registry:
        files.insert(0, content_dir / CITATIONS_FILE)
    return [f for f in files if f.is_file()]


def province_of_file(path: Path | str, content_dir: Path) -> str | None:
    """The slug whose folder (content/provinces/<slug>/) holds ``path``; None for national files."""
    try:
        rel = Path(path).resolve().relative_to((content_dir / PROVINCES_DIR).resolve())
    except ValueError:
        return None
    return rel.parts[0] if len(rel.parts) > 1 else None


def historical_files(content_dir: Path, files: list[Path]) -> set[str]:
    """Files of ``files`` that are historical texts (``historical: true`` in the document, or
    an override of such a document), as the strings :func:`iter_texts` reports them by."""
    national = {p.stem: p for p in document_paths(content_dir)}
    out: set[str] = set()
    for f in files:
        target = f
        if f.parent.name == DOCUMENTS_DIR and province_of_file(f, content_dir) is not None:
            target = national.get(f.stem, f)
        try:
            data = load_yaml(target).data
        except YamlProblems:
            continue
        if isinstance(data, dict) and str(data.get("historical", "")).lower() == "true":
            out.add(str(f))
    return out


def iter_texts(files: list[Path]) -> list[Text]:
    """Every string scalar of ``files`` with its line (the first text line of a block scalar)."""
    out: list[Text] = []
    problems: list[Problem] = []
    for path in files:
        try:
            loaded = load_yaml(path)
        except YamlProblems as e:
            problems.extend(e.problems)
            continue
        for key_path, scalar in loaded.scalars.items():
            value: Any = loaded.data
            for part in key_path:
                value = value[part]
            line = scalar.line + 1 if scalar.block else scalar.line
            out.append((str(path), line, format_key_path(key_path), value))
    if problems:
        raise ContentError.from_problems(problems)
    return out
