"""Options and output helpers shared by the command modules."""

from __future__ import annotations

from pathlib import Path

import click

from vbgen.i18n import _
from vbgen.errors import Problem, internal_error

PATH_IN = click.Path(exists=True, dir_okay=False, path_type=Path)
DIR_IN = click.Path(exists=True, file_okay=False, path_type=Path)

content_option = click.option("--content", "content_dir", type=DIR_IN, default=None,
                              help="Content folder (default: the one beside vbgen.yaml, else ./content if present, else the shipped samples).")
templates_option = click.option("--templates", "templates_dir", type=DIR_IN, default=None,
                                help="Templates folder (default: ./doctemplates if present, else the shipped ones).")
province_option = click.option("--province", "-p", "province", default=None, metavar="SLUG",
                               help="Also the citations and files of this province (default: province: of vbgen.yaml).")


def workspace():
    """The nearest vbgen.yaml (current folder or a parent), or the empty settings."""
    from vbgen.content.workspace import load_workspace

    return load_workspace()


def workspace_province(ws, explicit: tuple[str, ...] | str | None, content_dir: Path | None) -> list[str]:
    """-p when given, else the province of vbgen.yaml (checked, so an unknown one names vbgen.yaml)."""
    if explicit:
        return [explicit] if isinstance(explicit, str) else list(explicit)
    if not ws.province:
        return []
    from vbgen.content.load import find_dir, load_registries

    ws.check_province(load_registries(find_dir(content_dir, "content")))
    return [ws.province]


def report(warnings: list[Problem], notes: list[str] = ()) -> None:
    """Print warnings and notes to stderr, once each."""
    seen: set[str] = set()
    for w in warnings:
        line = _("Warning: {message}").format(message=w)
        if line not in seen:
            seen.add(line)
            click.echo(line, err=True)
    for n in notes:
        line = _("Note: {message}").format(message=n)
        if line not in seen:
            seen.add(line)
            click.echo(line, err=True)


class GuardedGroup(click.Group):
    """The CLI's last line of defence: an exception that is not a vbgen error (a bug) prints one
    "internal error" line naming a report file with the traceback, never the traceback itself."""

    def make_context(self, info_name, args, parent=None, **extra):  # type: ignore[no-untyped-def]
        argv = list(args)
        ctx = super().make_context(info_name, args, parent=parent, **extra)
        ctx.meta["vbgen.argv"] = argv
        return ctx

    def invoke(self, ctx: click.Context):  # type: ignore[no-untyped-def]
        try:
            return super().invoke(ctx)
        except (click.ClickException, click.exceptions.Exit, click.Abort):
            raise
        except Exception as e:  # noqa: BLE001 - the one place that turns a bug into a message
            raise internal_error(e, ctx.meta.get("vbgen.argv")) from None
