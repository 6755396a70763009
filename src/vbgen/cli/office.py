"""``vbgen history`` (the change record) and the ``--approved`` builds' content copy."""

from __future__ import annotations

import contextlib
import tempfile
from collections.abc import Iterator
from pathlib import Path

import click

from vbgen.cli.options import content_option, workspace
from vbgen.errors import VbgenError
from vbgen.i18n import _


def _content(content_dir: Path | None) -> Path:
    from vbgen.content.paths import find_dir

    return find_dir(workspace().content_dir(content_dir), "content")


@click.group()
def history() -> None:
    """The record of every change to content (web saves, registry edits, CLI writes)."""


@history.command("verify")
@content_option
def history_verify(content_dir: Path | None) -> None:
    """Check that no line of the history was edited, removed or reordered (exit 1 if one was)."""
    from vbgen.office import history as history_mod

    verdict = history_mod.verify(_content(content_dir))
    for line in verdict.lines():
        click.echo(line)
    if not verdict.ok:
        raise VbgenError(_("the history was altered: {n} problem(s) above").format(n=len(verdict.problems)))


@history.command("list")
@click.argument("file", required=False)
@content_option
def history_list(file: str | None, content_dir: Path | None) -> None:
    """The changes (of FILE, relative to content/, when given), newest first."""
    from vbgen.office import history as history_mod

    folder = _content(content_dir)
    entries = history_mod.for_file(folder, file) if file else list(reversed(history_mod.read(folder).entries))
    for e in entries:
        click.echo(f"#{e.get('seq')}  {e.get('at')}  {e.get('who')} ({e.get('via')})  {e.get('action')}  {e.get('file')}  "
                   f"{(e.get('before') or '-')[:8]} -> {(e.get('after') or '-')[:8]}")


@contextlib.contextmanager
def approved_content(content_dir: Path | None, documents: list[Path], slugs: list[str]) -> Iterator[tuple[Path, list[Path]]]:
    """A private copy of content/ with the approved version of every province document built."""
    from vbgen.office import approved

    folder = _content(content_dir)
    with tempfile.TemporaryDirectory(prefix="vbgen-approved-") as tmp:
        copy, notes = approved.materialize(folder, Path(tmp), approved.province_documents(folder, documents or None, slugs))
        for note in notes:
            click.echo(_("Warning: {message}").format(message=note), err=True)
        yield copy, approved.moved(documents, folder, copy)


def owners(content_dir: Path | None, documents: list[Path]) -> list[str | None]:
    from vbgen.office.approved import owner

    folder = _content(content_dir)
    return [owner(p, folder) for p in documents]


def all_slugs(content_dir: Path | None) -> list[str]:
    from vbgen.content.load import load_registries

    return [p.slug for p in load_registries(_content(content_dir)).provinces.value.provinces]


def record_write(content_dir: Path | None, path: Path, before: bytes | None, action: str) -> None:
    """Record a file a CLI command wrote, when it lies in the content folder (as the OS user)."""
    from vbgen.office import history as history_mod

    folder = _content(content_dir)
    if folder.is_dir():
        history_mod.record_cli(folder, path, before, history_mod.read_bytes(path), action)
