"""The build action: content + template -> .docx files, all or nothing.

Everything is validated, composed and rendered in memory first; files are written only when
every document succeeded, each through a temporary file renamed into place, so a failure
never leaves a missing, stale-looking or half-written output behind.
"""

from __future__ import annotations

import dataclasses
import hashlib
from pathlib import Path

from vbgen.i18n import _
from vbgen.atomic import remove_stale_temp, write_atomic
from vbgen.content import load as content_mod
from vbgen.content import overrides
from vbgen.batch import DEFAULT_PROVINCE
from vbgen.check import Finding, check_docx
from vbgen.compose.document import Composed, compose
from vbgen.content.load import Registries, Validated
from vbgen.errors import ContentError, Problem
from vbgen.content.model import Document, FormerProvince, Province
from vbgen.docx.render import TemplateSet
from vbgen.pdf.signready import SignMeta



@dataclasses.dataclass
class Rendered:
    """One document rendered for one province, in memory."""

    province: str
    document: Path
    path: Path
    data: bytes
    warnings: list[Problem]
    notes: list[str]
    draft: bool = False  # "DỰ THẢO", number and date blank (--draft, or draft: in content or override)
    meta: SignMeta | None = None  # title, issuing body, date and signer block, for the PDF

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.data).hexdigest()


@dataclasses.dataclass
class Workspace:
    """Content and templates of one run, loaded once and shared by every document."""

    content_dir: Path
    templates_dir: Path
    registries: Registries
    templates: TemplateSet
    _province_registries: dict[str, Registries] = dataclasses.field(default_factory=dict)

    @classmethod
    def open(cls, content_dir: Path | None = None, templates_dir: Path | None = None) -> "Workspace":
        cdir = content_mod.find_dir(content_dir, "content")
        tdir = content_mod.find_dir(templates_dir, "doctemplates")
        return cls(cdir, tdir, content_mod.load_registries(cdir), TemplateSet(tdir))

    def load_documents(self, paths: list[Path]) -> list[Validated[Document]]:
        """Validate every document file, reporting the problems of all of them together."""
        return content_mod.load_all([(p, Document) for p in paths])

    def document_for(self, doc: Validated[Document], slug: str) -> Validated[Document]:
        """``doc`` with the overrides of province ``slug`` applied (content/provinces/<slug>/)."""
        return overrides.document_for(doc, self.content_dir, slug)

    def registries_for(self, slug: str) -> Registries:
        """The registries as province ``slug`` sees them (its renames and local citations)."""
        if slug not in self._province_registries:
            self._province_registries[slug] = overrides.registries_for(self.registries, self.content_dir, slug)
        return self._province_registries[slug]

    def check_overrides(self, documents: list[Path]) -> None:
        """Override folders must name known provinces, override files known documents."""
        national = [p for p in [*documents, *content_mod.document_paths(self.content_dir)] if self.owner(p) is None]
        stems = sorted({p.stem for p in national})
        registry = self.registries.provinces.value
        slugs = [p.slug for p in (*registry.provinces, *registry.former)]
        problems = overrides.check_layout(self.content_dir, slugs, stems)
        if problems:
            raise ContentError.from_problems(problems)

    def owner(self, document: Path) -> str | None:
        """The province a province-only document (content/provinces/<slug>/own/) belongs to."""
        return overrides.owner_of(document, self.content_dir)

    def check_owners(self, documents: list[Path], slugs: list[str]) -> None:
        """A province-only document given by name must be built for its own province."""
        problems = []
        for p in documents:
            owner = self.owner(p)
            if owner is not None and owner not in slugs:
                problems.append(Problem(p, None, None, f"this document belongs to {owner} alone (it is in "
                                        f"content/provinces/{owner}/own/); build it with -p {owner}"))
        current = [slug for slug in slugs if self.former(slug) is None]
        for slug in slugs:
            former = self.former(slug)
            if former is None:
                continue
            for p in documents:
                if self.owner(p) is None and not current:
                    problems.append(Problem(p, None, None, _(
                        "{name} is a former province (until {until}): only its own historical documents "
                        "(content/provinces/{slug}/own/) are built for it, not this national one").format(
                        name=former.name, until=former.until.strftime("%d/%m/%Y"), slug=slug)))
        if problems:
            raise ContentError.from_problems(problems)

    def former(self, slug: str) -> FormerProvince | None:
        """The former province ``slug`` (a unit that no longer exists), or None."""
        return next((p for p in self.registries.provinces.value.former if p.slug == slug), None)

    def default_documents(self, slugs: list[str] | tuple[str, ...] = ()) -> list[Path]:
        """Every national document, then the province-only documents of ``slugs``."""
        current = not slugs or any(self.former(slug) is None for slug in slugs)
        paths = content_mod.document_paths(self.content_dir) if current else []
        for slug in slugs:
            paths += overrides.own_document_paths(self.content_dir, slug)
        if not paths and not current:
            former = self.former(slugs[0])
            raise ContentError.from_problems([Problem(overrides.province_dir(self.content_dir, former.slug) / content_mod.OWN_DIR, None, None, _(
                "{name} is a former province (until {until}): only its own historical documents are built for it, "
                "and there are none here; put them in content/provinces/{slug}/own/ with 'historical: true'").format(
                name=former.name, until=former.until.strftime("%d/%m/%Y"), slug=former.slug))])
        if not paths:
            raise ContentError.from_problems([Problem(self.content_dir / content_mod.DOCUMENTS_DIR, None, None, "no *.yaml documents found")])
        return paths

    def renders_for(self, document: Path, slug: str) -> bool:
        """National documents render for every current province, a province-only one for its own
        (a former province has only its own)."""
        owner = self.owner(document)
        return owner == slug or (owner is None and self.former(slug) is None)


def output_path(out_dir: Path, province: str, document: Path) -> Path:
    """DIR/<province slug>/<document stem>.docx."""
    return out_dir / province / f"{document.stem}.docx"


def render_one(ws: Workspace, doc: Validated[Document], province: Province, out_dir: Path, strict: bool = False,
               draft: bool = False, sign_ready: bool = False) -> Rendered:
    """Compose and render one document for one province; raises on any problem.

    ``draft`` marks it "DỰ THẢO" whatever its content says (``vbgen build --draft``);
    ``sign_ready`` leaves number and date blank for electronic issue (``--sign-ready``).
    """
    doc = ws.document_for(doc, province.slug)
    if isinstance(province, FormerProvince):
        check_historical(doc, province)
    if draft:
        doc = Validated(doc.value.model_copy(update={"draft": True}), doc.source)
    elif sign_ready:
        doc = Validated(doc.value.for_electronic_issue(), doc.source)
    composed: Composed = compose(doc, province, ws.registries_for(province.slug))
    if strict and composed.warnings:
        raise ContentError.from_problems([dataclasses.replace(w, message=w.message + _(" (an error with --strict)")) for w in composed.warnings])
    template = ws.templates.get(composed.kind.template)
    d = doc.value
    created = (d.date.isoformat() if d.date else f"{d.year:04d}-01-01") + "T00:00:00Z"
    data = template.render(composed.context, core={
        "title": composed.context["subject"],
        "subject": f"{composed.kind.title} - {composed.context['province']['full_name']}",
        "keywords": ", ".join(composed.citations_used),
        "created_iso": created,
    })
    path = output_path(out_dir, province.slug, doc.source.path)
    findings = format_findings(path, check_docx(data))
    if strict and findings:
        raise ContentError.from_problems([dataclasses.replace(f, message=f.message + _(" (an error with --strict)")) for f in findings])
    ctx = composed.context
    meta = SignMeta(ctx["subject"], ctx["province"]["committee_full"], created, ctx["signature"]["lines"][-1] if ctx["signature"]["lines"] else "",
                    ctx["signature"]["name"])
    return Rendered(province.slug, doc.source.path, path, data, composed.warnings + findings, composed.notes, d.is_draft, meta)


def check_historical(doc: Validated[Document], province: FormerProvince) -> None:
    """A former province's document is a historical text dated while the province existed."""
    d, until = doc.value, province.until.strftime("%d/%m/%Y")
    problems = []
    if not d.historical:
        problems.append(Problem(*doc.source.locate(("historical",)), "historical", _(
            "{name} no longer exists (until {until}); a text of it is kept as a historical one: add 'historical: true'").format(
            name=province.name, until=until)))
    year = d.date.year if d.date else d.year
    if (d.date and d.date > province.until) or (not d.date and year and year > province.until.year):
        key = "date" if d.date else "year"
        problems.append(Problem(*doc.source.locate((key,)), key, _(
            "{name} existed until {until}; a text of it cannot be dated later").format(name=province.name, until=until)))
    if problems:
        raise ContentError.from_problems(problems)


def format_findings(path: Path, findings: list[Finding]) -> list[Problem]:
    """Checker findings on a written document, as problems naming the file and paragraph."""
    out = []
    for f in findings:
        where = _("paragraph {index} \"{text}\"").format(index=f.paragraph, text=f.text) if f.paragraph is not None else None
        out.append(Problem(path, None, where, f"{f.message} [{f.rule}]"))
    return out


def render_all(ws: Workspace, docs: list[Validated[Document]], provinces: list[Province], out_dir: Path, strict: bool = False,
               draft: bool = False, sign_ready: bool = False) -> list[Rendered]:
    """Render every (province, document) pair, or raise one error listing every problem."""
    results, problems = [], []
    for province in provinces:
        for doc in docs:
            if not ws.renders_for(doc.source.path, province.slug):
                continue
            try:
                results.append(render_one(ws, doc, province, out_dir, strict, draft, sign_ready))
            except ContentError as e:
                problems.extend(p for p in e.problems if p not in problems)
    if problems:
        raise ContentError.from_problems(problems)
    return results


def build(documents: list[Path] | None, province_slugs: list[str] | None, out_dir: Path,
          content_dir: Path | None = None, templates_dir: Path | None = None, strict: bool = False,
          draft: bool = False, sign_ready: bool = False) -> list[Rendered]:
    """Render ``documents`` (default: every national document and the provinces' own ones)
    for the provinces; write them all. Without provinces: the one that owns the province-only
    documents given, else :data:`DEFAULT_PROVINCE`."""
    ws = Workspace.open(content_dir, templates_dir)
    if not province_slugs:
        owners = sorted({o for o in map(ws.owner, documents or []) if o})
        province_slugs = owners if len(owners) == 1 else [DEFAULT_PROVINCE]
    paths = documents or ws.default_documents(province_slugs)
    docs = ws.load_documents(paths)
    ws.check_overrides(paths)
    provinces = [ws.registries.province(slug) for slug in province_slugs]
    ws.check_owners(paths, province_slugs)
    results = render_all(ws, docs, provinces, out_dir, strict, draft, sign_ready)
    cleaned: set[Path] = set()
    for r in results:
        if r.path.parent not in cleaned:
            cleaned.add(r.path.parent)
            removed = remove_stale_temp(r.path.parent, depth=0)
            if removed:
                r.notes.append(f"removed {len(removed)} temporary file(s) left by an interrupted run in {r.path.parent}: "
                               + ", ".join(f.name for f in removed))
        write_atomic(r.path, r.data)
    return results
