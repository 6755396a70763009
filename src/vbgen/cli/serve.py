"""``vbgen serve``: the drafting workspace in the browser (issue 10)."""

from __future__ import annotations

from pathlib import Path

import click

from vbgen.cli.options import content_option, templates_option


@click.command()
@content_option
@templates_option
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on; anything but loopback needs --token.")
@click.option("--port", default=8030, show_default=True, type=click.IntRange(0, 65535), help="Port (0: any free port).")
@click.option("--token", default=None, metavar="SECRET",
              help="Operator token people enter once in the browser (or env VBGEN_SERVE_TOKEN); required off loopback.")
@click.option("--out", "out_dir", type=click.Path(file_okay=False, path_type=Path), default=Path("out"),
              show_default=True, help="Output folder of the batch page.")
def serve(content_dir: Path | None, templates_dir: Path | None, host: str, port: int, token: str | None, out_dir: Path) -> None:
    """Drafting workspace in the browser: forms, live preview, registry, batch."""
    from vbgen.web.server import serve as run

    run(content_dir, templates_dir, host, port, token, out_dir, echo=click.echo)
