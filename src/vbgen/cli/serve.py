"""``vbgen serve``: the drafting workspace in the browser (issue 10)."""

from __future__ import annotations

from pathlib import Path

import click

from vbgen.cli.options import content_option, templates_option, workspace


@click.command()
@content_option
@templates_option
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on; anything but loopback needs --token.")
@click.option("--port", default=8030, show_default=True, type=click.IntRange(0, 65535), help="Port (0: any free port).")
@click.option("--token", default=None, metavar="SECRET",
              help="Operator token people enter once in the browser (or env VBGEN_SERVE_TOKEN); required off loopback.")
@click.option("--out", "out_dir", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Output folder of the batch page (default: out, or vbgen.yaml's out).")
def serve(content_dir: Path | None, templates_dir: Path | None, host: str, port: int, token: str | None,
          out_dir: Path | None) -> None:
    """Drafting workspace in the browser: forms, live preview, registry, batch.

    In a province's own copy (vbgen.yaml) it opens on that province and uses its folders."""
    from vbgen.web.server import serve as run

    ws = workspace()
    run(ws.content_dir(content_dir), ws.templates_dir(templates_dir), host, port, token, ws.out_dir(out_dir),
        echo=click.echo, province=ws.province)
