"""Tools for legal staff: ``vbgen cite list|show|check|usages|scan`` and ``vbgen lint``."""

from __future__ import annotations

from pathlib import Path

import click

from vbgen.cli.options import PATH_IN, content_option, province_option, report, workspace


def _registries(content_dir: Path | None, province: str | None = None):
    """The content folder, the national registries, the registries as ``province`` (or the
    province of vbgen.yaml) sees them (its own citations and agencies added), and that slug."""
    from vbgen.content.load import find_dir, load_registries
    from vbgen.content.overrides import registries_for

    ws = workspace()
    folder = find_dir(ws.content_dir(content_dir), "content")
    national = load_registries(folder)
    if province:
        national.province(province)  # an unknown slug: the closest ones
    elif ws.province:
        ws.check_province(national)
        province = ws.province
    local = registries_for(national, folder, province) if province else national
    return folder, national, local, province


@click.group()
def cite() -> None:
    """Inspect and check the citation registry (content/citations.yaml)."""


@cite.command("list")
@click.option("--status", type=click.Choice(["in_force", "amended", "replaced", "expired"]), default=None)
@click.option("--kind", default=None, help='Document kind, e.g. "Nghị định", "Chỉ thị".')
@province_option
@content_option
def cite_list(status: str | None, kind: str | None, province: str | None, content_dir: Path | None) -> None:
    """List registered documents (with -p, the province's own too), optionally by status or kind."""
    from vbgen.legal.citations import short_form
    from vbgen.vi import nfc

    _, national, registries, slug = _registries(content_dir, province)
    for key, c in registries.citations.value.citations.items():
        if (status and c.status != status) or (kind and c.kind != nfc(kind)):
            continue
        extra = f" -> {c.replaced_by}" if c.replaced_by else ""
        unverified = " (chưa xác minh)" if not c.verified else ""
        local = f" [{slug}]" if key not in national.citations.value.citations else ""
        click.echo(f"{key:<24} {c.status:<9} {short_form(c)}{extra}{unverified}{local}")


@cite.command("show")
@click.argument("key")
@province_option
@content_option
def cite_show(key: str, province: str | None, content_dir: Path | None) -> None:
    """Print KEY's full and short forms exactly as documents render them."""
    from vbgen.legal.citations import NAMED_KINDS, Citer, alias_form, full_form, short_form

    folder, national, registries, slug = _registries(content_dir, province)
    citations = registries.citations.value.citations
    text, issues = Citer(citations).resolve(f"[[{key}]]")
    errors = [i.message for i in issues if i.error]
    if errors:
        from vbgen.errors import VbgenError
        from vbgen.legal.content_citations import provinces_citing

        owners = [s for s in provinces_citing(folder, national, key) if s != slug]
        hint = f"; it is a citation of {', '.join(owners)} (province.yaml): add -p {owners[0]}" if owners else ""
        raise VbgenError(errors[0] + hint)
    c = citations[key]
    click.echo(f"full:   {full_form(c)}")
    click.echo(f"short:  {short_form(c)}")
    if c.kind not in NAMED_KINDS:
        click.echo(f"alias:  {alias_form(c)}")
    click.echo(f"status: {c.status}" + (f" (replaced by {c.replaced_by})" if c.replaced_by else "")
               + ("" if c.verified else " — not verified"))
    if c.note:
        click.echo(f"note:   {c.note}")
    report([], [i.message for i in issues])


@cite.command("check")
@province_option
@content_option
def cite_check(province: str | None, content_dir: Path | None) -> None:
    """Validate the registry and find citations of replaced or expired documents (each
    province's files against its own citations too; with -p, only that province)."""
    from vbgen.errors import ContentError
    from vbgen.legal.content_citations import check_citations

    folder, national, _, slug = _registries(content_dir, province)
    result = check_citations(folder, national, slug)
    if result.problems:
        raise ContentError.findings(result.problems)
    click.echo(f"ok: {result.citations} citations, {result.texts} texts checked")


@cite.command("usages")
@click.argument("key")
@province_option
@content_option
def cite_usages(key: str, province: str | None, content_dir: Path | None) -> None:
    """List every content file and line that cites KEY (with -p: national files and that province's)."""
    from vbgen.legal.content_citations import usages

    folder, _, _, slug = _registries(content_dir, province)
    for file, line, key_path in usages(folder, key, slug):
        click.echo(f"{file}:{line}: {key_path}")


@cite.command("scan")
@click.argument("files", nargs=-1, required=True, type=PATH_IN)
@click.option("--province", "-p", "province", default=None, metavar="SLUG",
              help="Also match the province's own citations (content/provinces/SLUG/province.yaml).")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True,
              help='json: {"references": [{file, line, paragraph, text, kind, number, date, issuer, key, status, replaced_by}]}.')
@click.option("--strict", is_flag=True, help="Also fail (exit 1) on references that are not in the registry.")
@content_option
def cite_scan(files: tuple[Path, ...], province: str | None, fmt: str, strict: bool, content_dir: Path | None) -> None:
    """Find the legal references in FILES (.docx, .txt, .pdf) and flag replaced or expired ones.

    Exit 1 when a replaced or expired document is cited (with --strict also an unknown one).
    Unknown documents get a registry entry ready to paste.
    """
    from vbgen.check.citations import scan_files
    from vbgen.errors import VbgenError
    from vbgen.legal.report import failure, render
    from vbgen.legal.scan import load_citations

    ws = workspace()
    province = province or ws.province
    registry = load_citations(ws.content_dir(content_dir), province)
    refs = scan_files(list(files), registry)
    click.echo(render(refs, registry, fmt, len(files), province))
    reason = failure(refs, strict)
    if reason:
        raise VbgenError(reason)


@click.command()
@province_option
@content_option
def lint(province: str | None, content_dir: Path | None) -> None:
    """Flag names that no longer exist after 1 July 2025, non-NFC text and mixed tone marks.

    Documents with 'historical: true' (texts kept for reference) get only the NFC check.
    With -p (default: province: of vbgen.yaml), the national files and that province's only.
    """
    from vbgen.content.load import content_files, historical_files, iter_texts
    from vbgen.errors import ContentError
    from vbgen.legal.lint import lint_texts

    folder, _, _, slug = _registries(content_dir, province)
    files = content_files(folder, province=slug)
    texts = iter_texts(files)
    problems = lint_texts(texts, historical_files(folder, files))
    if problems:
        raise ContentError.findings(problems)
    click.echo(f"ok: {len(texts)} texts checked")


