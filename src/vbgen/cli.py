"""The ``vbgen`` command: a thin click layer over plain functions.

Errors are :class:`vbgen.errors.VbgenError` (click prints "Error: …" and exits 1); bad
arguments are click usage errors (exit 2). No command catches exceptions itself.
"""

from __future__ import annotations

from pathlib import Path

import click

from vbgen import __version__
from vbgen import build as build_mod
from vbgen.errors import Problem

PATH_IN = click.Path(exists=True, dir_okay=False, path_type=Path)
DIR_IN = click.Path(exists=True, file_okay=False, path_type=Path)

content_option = click.option("--content", "content_dir", type=DIR_IN, default=None,
                              help="Content folder (default: ./content if present, else the shipped samples).")
templates_option = click.option("--templates", "templates_dir", type=DIR_IN, default=None,
                                help="Templates folder (default: ./doctemplates if present, else the shipped ones).")


def report(warnings: list[Problem], notes: list[str] = ()) -> None:
    """Print warnings and notes to stderr, once each."""
    seen: set[str] = set()
    for w in warnings:
        line = f"Warning: {w}"
        if line not in seen:
            seen.add(line)
            click.echo(line, err=True)
    for n in notes:
        line = f"Note: {n}"
        if line not in seen:
            seen.add(line)
            click.echo(line, err=True)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="vbgen")
def main() -> None:
    """Render Vietnamese administrative documents (Chỉ thị, Kế hoạch) from YAML into
    Word files in the format of Nghị định 30/2020/NĐ-CP."""


@main.command()
@click.argument("documents", nargs=-1, type=PATH_IN)
@click.option("--province", "-p", "provinces", multiple=True, metavar="SLUG",
              help=f"Province slug (repeatable; default {build_mod.DEFAULT_PROVINCE}). See 'vbgen provinces'.")
@click.option("--out", "out_dir", type=click.Path(file_okay=False, path_type=Path), default=Path("out"),
              show_default=True, help="Output folder; files go to OUT/<slug>/<document>.docx.")
@click.option("--strict", is_flag=True, help="Treat warnings (outdated citations …) as errors.")
@content_option
@templates_option
def build(documents: tuple[Path, ...], provinces: tuple[str, ...], out_dir: Path, strict: bool,
          content_dir: Path | None, templates_dir: Path | None) -> None:
    """Render DOCUMENTS (default: every file in content/documents) for one province."""
    results = build_mod.build(list(documents) or None, list(provinces) or [build_mod.DEFAULT_PROVINCE],
                              out_dir, content_dir, templates_dir, strict)
    for r in results:
        report(r.warnings, r.notes)
    for r in results:
        click.echo(str(r.path))


@main.command()
@content_option
def provinces(content_dir: Path | None) -> None:
    """List the provincial units and their slugs."""
    from vbgen.content import find_dir, load_registries

    registries = load_registries(find_dir(content_dir, "content"))
    kinds = registries.provinces.value.kinds
    for p in registries.provinces.value.provinces:
        unit = p.unit or kinds[p.kind].unit
        merged = f"  (từ {', '.join(p.merged_from)})" if p.merged_from else ""
        click.echo(f"{p.slug:<14} {unit} {p.name}{merged}")


@main.command()
@click.argument("out_dir", type=click.Path(file_okay=False, path_type=Path), default=Path("doctemplates"))
def templates(out_dir: Path) -> None:
    """Rebuild the .docx templates (ke-hoach.docx, chi-thi.docx) into OUT_DIR."""
    from vbgen.templatebuild import build_templates

    for path in build_templates(out_dir):
        click.echo(str(path))
