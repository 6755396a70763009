"""``vbgen serve``: the drafting workspace in the browser (issues 10 and 15)."""

from __future__ import annotations

from pathlib import Path

import click

from vbgen.cli.options import content_option, templates_option, workspace


def _no_token_option(ctx: click.Context, param: click.Parameter, value: str | None) -> None:
    if value is not None:
        raise click.UsageError("--token is no longer accepted: a secret on the command line is visible to every user "
                               "of the computer (ps). Create accounts with 'vbgen users add', or put the token in "
                               "VBGEN_SERVE_TOKEN or a file named by --token-file.")


@click.command()
@content_option
@templates_option
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on (0.0.0.0: every address); anything but loopback needs accounts (vbgen users add).")
@click.option("--port", default=8030, show_default=True, type=click.IntRange(0, 65535), help="Port (0: any free port).")
@click.option("--allow-host", "allow_hosts", multiple=True, metavar="NAME",
              help="A host name people type to reach this server (the office's LAN name); repeatable. "
                   "localhost is always answered; vbgen.yaml's allow_hosts adds more.")
@click.option("--trusted-proxy", default=None, metavar="ADDRESS",
              help="Address of the HTTPS reverse proxy in front (such as 127.0.0.1) whose X-Forwarded-* headers are believed.")
@click.option("--proxies", default=0, show_default=True, type=click.IntRange(0, 5),
              help="Number of reverse proxies in front whose X-Forwarded-For/-Proto/-Host headers are believed "
                   "(0: none). Use it, or --trusted-proxy, only when every request passes through the proxy.")
@click.option("--token-file", type=click.Path(exists=True, dir_okay=False, path_type=Path), default=None,
              help="File whose first line is a shared operator token (only for a workspace without accounts; "
                   "else env VBGEN_SERVE_TOKEN).")
@click.option("--token", default=None, hidden=True, expose_value=False, callback=_no_token_option)
@click.option("--out", "out_dir", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Output folder of the batch page (default: out, or vbgen.yaml's out).")
def serve(content_dir: Path | None, templates_dir: Path | None, host: str, port: int, allow_hosts: tuple[str, ...],
          trusted_proxy: str | None, proxies: int, token_file: Path | None, out_dir: Path | None) -> None:
    """Drafting workspace in the browser: forms, live preview, registry, batch.

    Runs on waitress (8 threads). In a province's own copy (vbgen.yaml) it opens on that province
    and uses its folders. Accounts: 'vbgen users add'."""
    from vbgen.web.server import read_token, serve as run

    ws = workspace()
    run(ws.content_dir(content_dir), ws.templates_dir(templates_dir), host, port, read_token(token_file),
        ws.out_dir(out_dir), echo=click.echo, province=ws.province, allow_hosts=(*ws.allow_hosts, *allow_hosts),
        trusted_proxy=trusted_proxy, proxies=proxies)
