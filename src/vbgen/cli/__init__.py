"""The ``vbgen`` command: a thin click layer over plain functions.

Errors are :class:`vbgen.errors.VbgenError` (click prints "Error: …" and exits 1); bad
arguments are click usage errors (exit 2). No command catches exceptions itself; anything else
is a bug, reported by :class:`GuardedGroup` as "internal error" with a report file (exit 70).

Each command imports what it needs when it runs: ``vbgen --version``, ``--help`` and
``vbgen provinces`` never load pydantic, python-docx, lxml or jinja2 (start-up ~0.1 s).
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

import click

from vbgen import __version__, i18n
from vbgen.i18n import _
from vbgen.batch import DEFAULT_PROVINCE
from vbgen.cli import office as office_cli
from vbgen.cli.legal import cite, lint
from vbgen.cli.options import PATH_IN, GuardedGroup, content_option, report, templates_option, workspace, workspace_province
from vbgen.cli.sign import batch_sign_options, build_pdfs, issued, pdf_options, sign_options


approved_option = click.option("--approved", is_flag=True,
                               help="Build the approved version: each province document as frozen when it was approved "
                                    "(or issued), not the working file; stops on a document that is not approved.")


@click.group(cls=GuardedGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="vbgen")
@click.option("--lang", type=click.Choice(i18n.LANGUAGES), default=None,
              help="Language of messages: en (default) or vi (tiếng Việt); also VBGEN_LANG.")
@click.pass_context
def main(ctx: click.Context, lang: str | None) -> None:
    """Render Vietnamese administrative documents (Chỉ thị, Kế hoạch) from YAML into
    Word files in the format of Nghị định 30/2020/NĐ-CP."""
    if lang:
        ctx.with_resource(i18n.using(lang))  # for this run only (tests invoke main in one process)


@main.command()
@click.argument("documents", nargs=-1, type=PATH_IN)
@click.option("--province", "-p", "provinces", multiple=True, metavar="SLUG",
              help=f"Province slug (repeatable; default: province: of vbgen.yaml, else {DEFAULT_PROVINCE}). See 'vbgen provinces'.")
@click.option("--out", "out_dir", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Output folder; files go to OUT/<slug>/<document>.docx (default: out: of vbgen.yaml, else ./out).")
@click.option("--strict", is_flag=True, help="Treat warnings (outdated citations …) as errors.")
@click.option("--draft", is_flag=True, help='Mark every document "DỰ THẢO" (boxed, under the number), number and date blank.')
@sign_options
@approved_option
@content_option
@templates_option
def build(documents: tuple[Path, ...], provinces: tuple[str, ...], out_dir: Path | None, strict: bool, draft: bool,
          pdf: bool, sign_ready: bool, sig_fields: bool, approved: bool, content_dir: Path | None,
          templates_dir: Path | None) -> None:
    """Render DOCUMENTS (default: every file in content/documents and the province's own
    documents in content/provinces/<slug>/own/) for one province."""
    import contextlib

    from vbgen.batch import build as build_mod

    opts = pdf_options(draft, pdf, sign_ready, sig_fields, strict)
    ws = workspace()
    content_dir = ws.content_dir(content_dir)
    slugs = workspace_province(ws, provinces, content_dir)
    if opts is not None:
        from vbgen.pdf.common import find_soffice

        find_soffice()  # before anything is written
    docs = list(documents)
    with contextlib.ExitStack() as stack:
        if approved:
            if not slugs:  # as build() decides: the owner of the own documents given, else the default
                owners = sorted({o for o in office_cli.owners(content_dir, docs) if o})
                slugs = owners if len(owners) == 1 else [DEFAULT_PROVINCE]
            content_dir, docs = stack.enter_context(office_cli.approved_content(content_dir, docs, slugs))
        results = build_mod.build(docs or None, slugs, ws.out_dir(out_dir), content_dir,
                                  ws.templates_dir(templates_dir), strict, draft, sign_ready)
    for r in results:
        report(r.warnings, r.notes)
    pdfs = build_pdfs(results, opts) if opts is not None else {}
    for r in results:
        click.echo(str(r.path))
        if r.path in pdfs:
            click.echo(str(pdfs[r.path]))


@main.command()
@content_option
def provinces(content_dir: Path | None) -> None:
    """List the provincial units and their slugs."""
    from vbgen.content.paths import find_dir
    from vbgen.content.quick import province_rows

    folder = find_dir(workspace().content_dir(content_dir), "content")
    rows = province_rows(folder)  # a plain YAML read; anything odd: the validated load explains it
    if rows is None:
        from vbgen.content.load import load_registries

        registries = load_registries(folder)
        kinds = registries.provinces.value.kinds
        rows = [(p.slug, p.unit or kinds[p.kind].unit, p.name, p.merged_from) for p in registries.provinces.value.provinces]
    for slug, unit, name, merged_from in rows:
        merged = f"  (từ {', '.join(merged_from)})" if merged_from else ""
        click.echo(f"{slug:<14} {unit} {name}{merged}")


@main.command()
@click.argument("out_dir", type=click.Path(file_okay=False, path_type=Path), default=Path("doctemplates"))
def templates(out_dir: Path) -> None:
    """Rebuild the .docx templates (ke-hoach.docx, chi-thi.docx) into OUT_DIR."""
    from vbgen.docx.templates import build_templates

    for path in build_templates(out_dir):
        click.echo(str(path))


main.add_command(cite)
main.add_command(lint)
main.add_command(issued)
main.add_command(office_cli.history)

from vbgen.cli.importer import import_ as import_command  # noqa: E402  (issue 17: vbgen import)

main.add_command(import_command)

from vbgen.cli.serve import serve as serve_command  # noqa: E402  (issue 10: the web workspace)

main.add_command(serve_command)

from vbgen.cli.users import users as users_command  # noqa: E402  (issue 15: accounts of an office)

main.add_command(users_command)


@main.command()
@click.argument("out_dir", type=click.Path(file_okay=False, path_type=Path), required=False)
def schema(out_dir: Path | None) -> None:
    """Write JSON Schema for each kind of content file into OUT_DIR (for editor validation;
    default content/schema, beside vbgen.yaml when there is one)."""
    from vbgen.content.schema import write_schemas

    ws = workspace()
    if out_dir is None:
        out_dir = (ws.content or Path("content")) / "schema"
    before = {p.resolve(): p.read_bytes() for p in out_dir.glob("*.json")} if out_dir.is_dir() else {}
    for path in write_schemas(out_dir):
        office_cli.record_write(ws.content, path, before.get(path.resolve()), "vbgen schema")
        click.echo(str(path))


@main.command()
@click.argument("documents", nargs=-1, type=PATH_IN)
@click.option("--out", "out_dir", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Output folder; files go to OUT/<slug>/<document>.docx, plus OUT/manifest.json "
                   "(default: out: of vbgen.yaml, else ./out).")
@click.option("--provinces", "-p", "provinces", multiple=True, metavar="all|SLUG,SLUG",
              help="Provinces to render: 'all' or comma-separated slugs (default: province: of vbgen.yaml, else all). "
                   "See 'vbgen provinces'.")
@click.option("--pdf", is_flag=True, help="Also convert every output to PDF (warm LibreOffice processes, one per core).")
@click.option("--jobs", "-j", type=click.IntRange(min=1), default=None, metavar="N",
              help="Worker processes (default: by batch size, 1 for a few documents, up to the CPUs (4 at most) for many). "
                   "The output is the same for any N.")
@click.option("--strict", is_flag=True, help="Treat warnings (outdated citations …) as errors.")
@click.option("--draft", is_flag=True, help='Mark every document "DỰ THẢO" (boxed, under the number), number and date blank.')
@batch_sign_options
@approved_option
@content_option
@templates_option
def batch(documents: tuple[Path, ...], out_dir: Path | None, provinces: tuple[str, ...], pdf: bool, jobs: int | None,
          strict: bool, draft: bool, sign_ready: bool, sig_fields: bool, approved: bool, content_dir: Path | None,
          templates_dir: Path | None) -> None:
    """Render DOCUMENTS (default: every file in content/documents, and each province's own
    documents of content/provinces/<slug>/own/ for that province alone) for many provinces.

    A province or document that fails is reported in the summary and the others are still
    written; the exit code is 1 if any failed.
    """
    import contextlib
    import sys

    from vbgen.batch import runner as batch_mod

    pdf_options(draft, pdf, sign_ready, sig_fields, strict)  # usage errors first
    ws = workspace()
    content_dir = ws.content_dir(content_dir)
    slugs = workspace_province(ws, provinces, content_dir) or None
    docs = list(documents)
    with contextlib.ExitStack() as stack:
        if approved:
            content_dir, docs = stack.enter_context(office_cli.approved_content(
                content_dir, docs, _batch_slugs(slugs) or office_cli.all_slugs(content_dir)))
        result = batch_mod.run(docs or None, slugs, ws.out_dir(out_dir), content_dir=content_dir,
                               templates_dir=ws.templates_dir(templates_dir), strict=strict, draft=draft, pdf=pdf, jobs=jobs,
                               progress=sys.stderr.isatty(), on_warning=lambda m: click.echo(f"Warning: {m}", err=True),
                               sign_ready=sign_ready, sig_fields=sig_fields)
    click.echo(batch_mod.format_summary(result))
    if result.failed:
        n = len(result.failed)
        raise batch_mod.BatchError(f"{n} of {len(result.outcomes)} document(s) failed; see the summary above")


@main.command()
@click.argument("files", nargs=-1, type=PATH_IN)
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True,
              help="json: one list of {file, rule, message, paragraph, text} for machines "
                   '(with --citations: {"findings": [...], "references": [...]}).')
@click.option("--citations", is_flag=True,
              help="Also scan the text for legal references and flag replaced or expired ones (as 'vbgen cite scan').")
@click.option("--province", "-p", "province", default=None, metavar="SLUG",
              help="With --citations: also match the province's own citations.")
@content_option
def check(files: tuple[Path, ...], fmt: str, citations: bool, province: str | None, content_dir: Path | None) -> None:
    """Check .docx FILES (hand-written ones too) against the format of Nghị định 30/2020,
    and .pdf FILES as a file for signing (PDF/A claim, fonts, A4, encryption, signer block,
    number and date blank for electronic issue).

    Without FILES, in a folder with vbgen.yaml: every .docx built there (OUT/<province>/).
    """
    import json

    from vbgen.check import check_docx, counted
    from vbgen.check.report import grouped_lines
    from vbgen.errors import VbgenError

    if not files:
        files = tuple(_built_files(workspace()))
    notes: dict[Path, str] = {}

    def one(path: Path):
        if path.suffix.lower() != ".pdf":
            return check_docx(path, max_per_rule=0)
        from vbgen.check.pdfrules import check_pdf

        found, note = check_pdf(path)
        if note:
            notes[path] = note
        return found

    results = [(path, one(path)) for path in files]
    refs, registry, outdated = [], {}, None
    if citations:
        from vbgen.check.citations import scan_files
        from vbgen.legal.report import failure, render, to_json
        from vbgen.legal.scan import load_citations

        ws = workspace()
        province = province or ws.province
        registry = load_citations(ws.content_dir(content_dir), province)
        refs = scan_files(list(files), registry)
        outdated = failure(refs, strict=False)
    if fmt == "json":
        rows = [{"file": str(path), **dataclasses.asdict(f)} for path, findings in results for f in findings]
        data = {"findings": rows, **to_json(refs)} if citations else rows
        click.echo(json.dumps(data, ensure_ascii=False, indent=2))
    else:
        for path, findings in results:
            for line in grouped_lines(findings):
                click.echo(f"{path}: {line}")
            if not counted(findings):
                click.echo(f"{path}: ok")
            if path in notes:
                click.echo(f"{path}: " + _("note: {note}").format(note=notes[path]))
        if citations:
            click.echo(render(refs, registry, "text", len(files), province))
    reasons = []
    failing = [(path, counted(findings)) for path, findings in results]
    total = sum(len(f) for _path, f in failing)
    if total:
        reasons.append(_("{total} finding(s) in {files} of {count} file(s)").format(
            total=total, files=sum(1 for _path, f in failing if f), count=len(results)))
    if outdated:
        reasons.append(outdated)
    if reasons:
        raise VbgenError("; ".join(reasons))


def _built_files(ws) -> list[Path]:
    """The .docx files under the output folder of vbgen.yaml (its province's, when it names one)."""
    if ws.file is None:
        raise click.UsageError("give the .docx FILES to check (or run in a folder with vbgen.yaml to check what 'vbgen build' wrote)")
    folder = ws.out / ws.province if ws.province else ws.out
    files = sorted(f for f in folder.rglob("*.docx") if not f.name.startswith("~$"))
    if not files:
        raise click.UsageError(f"no .docx files under {folder} (from {ws.file}); run 'vbgen build' first or give FILES")
    return files


def _batch_slugs(slugs: list[str] | None) -> list[str]:
    """-p values of batch (repeatable, comma-separated, or 'all') as a list of slugs ([] for all)."""
    out: list[str] = []
    for value in slugs or []:
        out += [s.strip() for s in str(value).split(",") if s.strip()]
    return [] if "all" in out else out
