"""``vbgen import FILE… [-p SLUG] [-o PATH]``: an office's own Word file becomes its own document."""

from __future__ import annotations

from pathlib import Path

import click

from vbgen.cli.options import PATH_IN, content_option, workspace
from vbgen.i18n import _


@click.command("import")
@click.argument("files", nargs=-1, required=True, type=PATH_IN)
@click.option("--province", "-p", "province", default=None, metavar="SLUG",
              help="Province the documents belong to (default: province: of vbgen.yaml, else the one their header names).")
@click.option("--out", "-o", "out", type=click.Path(dir_okay=True, path_type=Path), default=None,
              help="Where to write: a .yaml file (one FILE) or a folder (default content/provinces/<slug>/own/).")
@click.option("--dry-run", is_flag=True, help="Print the YAML and the review; write nothing.")
@content_option
def import_(files: tuple[Path, ...], province: str | None, out: Path | None, dry_run: bool, content_dir: Path | None) -> None:
    """Import .docx, .doc, .odt or .txt FILES as the province's own documents (YAML with comments
    saying where each part came from), each with a review of what was recognised."""
    from vbgen.content.paths import find_dir
    from vbgen.importer.run import import_file, slugify

    ws = workspace()
    folder = find_dir(ws.content_dir(content_dir), "content")
    province = province or ws.province
    if out is not None and out.suffix.lower() in (".yaml", ".yml") and len(files) > 1:
        raise click.UsageError(_("-o names one .yaml file; give a folder to import several files"))
    for path in files:
        target = out
        if out is not None and out.suffix.lower() not in (".yaml", ".yml"):
            target = out / f"{slugify(path.stem)}.yaml"
        result = import_file(path, folder, province, target, write=not dry_run)
        if dry_run:
            click.echo(result.yaml)
            click.echo(result.review)
        else:
            click.echo(f"{path} → {result.yaml_path}  ({_('review')}: {result.review_path})")
