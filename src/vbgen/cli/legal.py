"""Tools for legal staff: ``vbgen cite list|show|check|usages|scan`` and ``vbgen lint``."""

from __future__ import annotations

from pathlib import Path

import click

from vbgen.cli.options import PATH_IN, content_option, report


def _registries(content_dir: Path | None):
    from vbgen.content.load import find_dir, load_registries

    folder = find_dir(content_dir, "content")
    return folder, load_registries(folder)


@click.group()
def cite() -> None:
    """Inspect and check the citation registry (content/citations.yaml)."""


@cite.command("list")
@click.option("--status", type=click.Choice(["in_force", "amended", "replaced", "expired"]), default=None)
@click.option("--kind", default=None, help='Document kind, e.g. "Nghị định", "Chỉ thị".')
@content_option
def cite_list(status: str | None, kind: str | None, content_dir: Path | None) -> None:
    """List registered documents, optionally by status or kind."""
    from vbgen.legal.citations import short_form
    from vbgen.vi import nfc

    _, registries = _registries(content_dir)
    for key, c in registries.citations.value.citations.items():
        if (status and c.status != status) or (kind and c.kind != nfc(kind)):
            continue
        extra = f" -> {c.replaced_by}" if c.replaced_by else ""
        unverified = " (chưa xác minh)" if not c.verified else ""
        click.echo(f"{key:<24} {c.status:<9} {short_form(c)}{extra}{unverified}")


@cite.command("show")
@click.argument("key")
@content_option
def cite_show(key: str, content_dir: Path | None) -> None:
    """Print KEY's full and short forms exactly as documents render them."""
    from vbgen.legal.citations import NAMED_KINDS, Citer, alias_form, full_form, short_form

    _, registries = _registries(content_dir)
    citations = registries.citations.value.citations
    text, issues = Citer(citations).resolve(f"[[{key}]]")
    errors = [i.message for i in issues if i.error]
    if errors:
        from vbgen.errors import VbgenError

        raise VbgenError(errors[0])
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
@content_option
def cite_check(content_dir: Path | None) -> None:
    """Validate the registry and find citations of replaced or expired documents."""
    from vbgen.content.load import CITATIONS_FILE, content_files, iter_texts
    from vbgen.errors import ContentError
    from vbgen.legal.registry import check_registry, scan_for_outdated

    folder, registries = _registries(content_dir)
    source = registries.citations.source
    lines = {key: source.line_of(("citations", key)) for key in registries.citations.value.citations}
    problems = check_registry(registries.citations.value, lines, str(folder / CITATIONS_FILE))
    texts = iter_texts(content_files(folder))
    problems += scan_for_outdated(texts, registries.citations.value)
    if problems:
        raise ContentError.from_problems(problems)
    click.echo(f"ok: {len(registries.citations.value.citations)} citations, {len(texts)} texts checked")


@cite.command("usages")
@click.argument("key")
@content_option
def cite_usages(key: str, content_dir: Path | None) -> None:
    """List every content file and line that cites KEY."""
    from vbgen.content.load import content_files, iter_texts
    from vbgen.legal.registry import find_usages

    folder, _ = _registries(content_dir)
    for file, line, key_path in find_usages(iter_texts(content_files(folder)), key):
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

    registry = load_citations(content_dir, province)
    refs = scan_files(list(files), registry)
    click.echo(render(refs, registry, fmt, len(files), province))
    reason = failure(refs, strict)
    if reason:
        raise VbgenError(reason)


@click.command()
@content_option
def lint(content_dir: Path | None) -> None:
    """Flag names that no longer exist after 1 July 2025, non-NFC text and mixed tone marks."""
    from vbgen.content.load import content_files, find_dir, iter_texts
    from vbgen.errors import ContentError
    from vbgen.legal.lint import lint_texts

    folder = find_dir(content_dir, "content")
    texts = iter_texts(content_files(folder))
    problems = lint_texts(texts)
    if problems:
        raise ContentError.from_problems(problems)
    click.echo(f"ok: {len(texts)} texts checked")


