"""``vbgen users``: the accounts of an office (issue 15).

Passwords never travel on the command line (``ps`` would show them): they are asked for twice
at a prompt, or read from ``VBGEN_PASSWORD`` or from the first line of ``--password-file``.
"""

from __future__ import annotations

import os
from pathlib import Path

import click

from vbgen.cli.options import content_option, workspace
from vbgen.i18n import _

ENV_PASSWORD = "VBGEN_PASSWORD"
password_file_option = click.option(
    "--password-file", type=click.Path(exists=True, dir_okay=False, path_type=Path), default=None,
    help="Read the password from the first line of this file (else VBGEN_PASSWORD, else a prompt).")


def _store(content_dir: Path | None):  # noqa: ANN202
    from vbgen.content.paths import find_dir
    from vbgen.office.users import UserStore

    folder = find_dir(workspace().content_dir(content_dir), "content")
    return UserStore.for_content(folder), folder


def _password(password_file: Path | None) -> str:
    if password_file is not None:
        lines = password_file.read_text(encoding="utf-8-sig").splitlines()
        return lines[0] if lines else ""
    env = os.environ.get(ENV_PASSWORD)
    if env:
        return env
    return click.prompt(_("Password"), hide_input=True, confirmation_prompt=_("Repeat the password"))


def _check_provinces(folder: Path, provinces: tuple[str, ...]) -> None:
    from vbgen.content.load import load_registries
    from vbgen.errors import did_you_mean
    from vbgen.office.roles import ALL_PROVINCES
    from vbgen.office.users import UserError

    slugs = [p.slug for p in load_registries(folder).provinces.value.provinces]
    for p in provinces:
        if p != ALL_PROVINCES and p not in slugs:
            raise UserError(_("unknown province '{slug}'{hint} (run 'vbgen provinces' for the list)").format(
                slug=p, hint=did_you_mean(p, slugs)))


def _role_choice() -> click.Choice:
    from vbgen.office.roles import ROLES

    return click.Choice(ROLES)


@click.group()
def users() -> None:
    """Accounts of an office: who may log in to 'vbgen serve', their role and provinces.

    Roles: soan-thao (drafts their provinces), phap-che (registry, reviews), lanh-dao (approves),
    quan-tri (accounts, everything). Stored hashed in .vbgen-office/users.json beside content/."""


@users.command("list")
@content_option
def list_users(content_dir: Path | None) -> None:
    """Every account: name, role, provinces, full name."""
    from vbgen.office.roles import ROLE_LABELS

    store, _folder = _store(content_dir)
    rows = store.users()
    if not rows:
        click.echo(_("no accounts yet in {file}: add one with 'vbgen users add NAME --role quan-tri --province \"*\"'").format(
            file=store.path))
    for u in rows:
        click.echo(f"{u.name:<20} {ROLE_LABELS.get(u.role, u.role):<10} {','.join(u.provinces) or '-':<20} {u.full_name}")


@users.command()
@click.argument("name")
@click.option("--role", required=True, type=_role_choice(), help="soan-thao, phap-che, lanh-dao or quan-tri.")
@click.option("--province", "-p", "provinces", multiple=True, metavar="SLUG",
              help="A province this person works on (repeat it; '*' for every province).")
@click.option("--full-name", default="", help="The person's name as pages and the history show it.")
@password_file_option
@content_option
def add(name: str, role: str, provinces: tuple[str, ...], full_name: str, password_file: Path | None,
        content_dir: Path | None) -> None:
    """Add the account NAME (the password is asked for twice)."""
    store, folder = _store(content_dir)
    _check_provinces(folder, provinces)
    user = store.add(name, full_name, role, list(provinces), _password(password_file))
    click.echo(_("added {name} ({role}; provinces: {provinces}) to {file}").format(
        name=user.name, role=user.role, provinces=", ".join(user.provinces) or "-", file=store.path))


@users.command()
@click.argument("name")
@content_option
def remove(name: str, content_dir: Path | None) -> None:
    """Remove the account NAME (its open sessions end at their next request)."""
    store, _folder = _store(content_dir)
    store.remove(name)
    click.echo(_("removed {name}").format(name=name))


@users.command()
@click.argument("name")
@password_file_option
@content_option
def passwd(name: str, password_file: Path | None, content_dir: Path | None) -> None:
    """Set a new password for NAME (its open sessions end)."""
    store, _folder = _store(content_dir)
    if store.get(name) is None:
        from vbgen.office.users import UserError

        raise UserError(_("no user named {name} (see 'vbgen users list')").format(name=name))
    store.set_password(name, _password(password_file))
    click.echo(_("password of {name} changed").format(name=name))


@users.command("set")
@click.argument("name")
@click.option("--role", type=_role_choice(), default=None, help="New role.")
@click.option("--province", "-p", "provinces", multiple=True, metavar="SLUG",
              help="The provinces (replace the old list; repeat it; '*' for every province).")
@click.option("--full-name", default=None, help="New full name.")
@content_option
def set_user(name: str, role: str | None, provinces: tuple[str, ...], full_name: str | None,
             content_dir: Path | None) -> None:
    """Change the role, provinces or full name of NAME."""
    store, folder = _store(content_dir)
    _check_provinces(folder, provinces)
    user = store.update(name, role=role, provinces=list(provinces) if provinces else None, full_name=full_name)
    click.echo(_("{name}: {role}; provinces: {provinces}").format(
        name=user.name, role=user.role, provinces=", ".join(user.provinces) or "-"))



