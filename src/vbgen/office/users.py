"""The accounts of an office: who may log in, their role and provinces, their password hash.

One JSON file, ``<state dir>/users.json`` (:func:`users_file`; the state folder is
:func:`vbgen.office.paths.state_dir`), written whole through a temporary file renamed into
place, owner-only (0600). Passwords are stored as werkzeug's scrypt hashes (memory-hard:
``scrypt:32768:8:1$salt$hash``); a password is never stored or logged in clear.

Each account carries a ``generation`` that grows whenever its password, role or provinces
change: a session remembers the generation it was opened with, so changing a password or
removing an account ends that person's open sessions.

Readers are cheap: the file is parsed again only when its size, time or inode changes. Every
change (add, remove, password, role) reads, modifies and writes the file under one lock that
holds across processes (:func:`vbgen.office.paths.locked` on ``users.lock`` beside it: fcntl on
Linux, msvcrt on Windows), so ``vbgen users add`` run twice at once and the web administration
page at the same time lose nothing; inside the lock the file is always read afresh.
"""

from __future__ import annotations

import contextlib
import dataclasses
import json
import re
import secrets
import threading
import unicodedata
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from vbgen.errors import VbgenError
from vbgen.i18n import _
from vbgen.atomic import replace_file
from vbgen.office.paths import locked, make, state_dir
from vbgen.office.roles import ALL_PROVINCES, ROLES, User

USERS_FILE = "users.json"
NAME_RE = re.compile(r"^[a-z0-9][a-z0-9._-]{0,39}$")
SLUG_RE = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
MIN_PASSWORD = 10
MAX_PASSWORD = 1024
HASH_METHOD = "scrypt"


class UserError(VbgenError):
    """An account operation that cannot be done as asked (unknown name, weak password …)."""


def users_file(content_dir: Path) -> Path:
    """``<state dir>/users.json`` of the workspace whose content folder is ``content_dir``."""
    return state_dir(content_dir) / USERS_FILE


@dataclasses.dataclass(frozen=True)
class Account:
    """One stored account: the :class:`User` plus what only the login needs."""

    user: User
    password_hash: str
    generation: int = 1

    def as_json(self) -> dict[str, Any]:
        u = self.user
        return {"name": u.name, "full_name": u.full_name, "role": u.role, "provinces": list(u.provinces),
                "password": self.password_hash, "generation": self.generation}


def check_password(password: str) -> str:
    """The password as stored (NFC), or :class:`UserError` saying what is wrong with it."""
    if not isinstance(password, str) or not password:
        raise UserError(_("the password is empty"))
    password = unicodedata.normalize("NFC", password)
    if len(password) < MIN_PASSWORD:
        raise UserError(_("the password is too short: use at least {n} characters").format(n=MIN_PASSWORD))
    if len(password) > MAX_PASSWORD:
        raise UserError(_("the password is too long: at most {n} characters").format(n=MAX_PASSWORD))
    if any(unicodedata.category(c) == "Cc" for c in password):
        raise UserError(_("the password contains a control character (a line break or tab)"))
    return password


def _check(name: str, role: str, provinces: tuple[str, ...] | list[str]) -> tuple[str, ...]:
    if not NAME_RE.match(name or ""):
        raise UserError(_("the user name {name!r} is not allowed: use 1 to 40 lower-case letters, digits, '.', '_' or '-' "
                          "(such as nguyen.van.a)").format(name=name))
    if role not in ROLES:
        raise UserError(_("unknown role {role!r}: use one of {roles}").format(role=role, roles=", ".join(ROLES)))
    out = tuple(dict.fromkeys(p.strip() for p in provinces if p.strip()))
    bad = [p for p in out if p != ALL_PROVINCES and not SLUG_RE.match(p)]
    if bad:
        raise UserError(_("not a province slug: {slugs} (such as tay-ninh, or * for every province)").format(
            slugs=", ".join(bad)))
    return out


class UserStore:
    """The accounts file of one workspace; safe to share between the threads of one server."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self._lock = threading.RLock()
        self._stamp: tuple[int, int, int] | None = None
        self._accounts: dict[str, Account] = {}
        self._dummy: str | None = None

    @classmethod
    def for_content(cls, content_dir: Path) -> UserStore:
        return cls(users_file(content_dir))

    # -- reading ---------------------------------------------------------------------------------

    def _load(self) -> dict[str, Account]:
        try:
            st = self.path.stat()
        except FileNotFoundError:
            self._stamp, self._accounts = None, {}
            return {}
        stamp = (st.st_mtime_ns, st.st_size, st.st_ino)
        with self._lock:
            if stamp != self._stamp:
                try:
                    doc = json.loads(self.path.read_text(encoding="utf-8"))
                    accounts = {}
                    for row in doc.get("users", []):
                        user = User(str(row["name"]), str(row.get("full_name") or row["name"]), str(row["role"]),
                                    tuple(str(p) for p in row.get("provinces") or ()))
                        accounts[user.name] = Account(user, str(row["password"]), int(row.get("generation", 1)))
                except (ValueError, KeyError, TypeError, AttributeError, OSError) as e:
                    raise UserError(_("cannot read the accounts file {file}: {error}; restore it from a backup").format(
                        file=self.path, error=e)) from e
                self._accounts, self._stamp = accounts, stamp
            return self._accounts

    def has_users(self) -> bool:
        return bool(self._load())

    def users(self) -> list[User]:
        return [a.user for a in sorted(self._load().values(), key=lambda a: a.user.name)]

    def account(self, name: str) -> Account | None:
        return self._load().get(name) if isinstance(name, str) else None

    def get(self, name: str) -> User | None:
        a = self.account(name)
        return a.user if a else None

    def verify(self, name: str, password: str) -> Account | None:
        """The account when ``password`` is its password, else None (same work either way)."""
        from werkzeug.security import check_password_hash, generate_password_hash

        account = self.account(name)
        given = unicodedata.normalize("NFC", password) if isinstance(password, str) else ""
        if account is None:
            if self._dummy is None:
                self._dummy = generate_password_hash(secrets.token_hex(16), method=HASH_METHOD)
            check_password_hash(self._dummy, given)  # an unknown name costs what a known one does
            return None
        return account if given and check_password_hash(account.password_hash, given) else None

    # -- writing ---------------------------------------------------------------------------------

    @contextlib.contextmanager
    def _changing(self) -> Iterator[dict[str, Account]]:
        """The accounts as on disk now, for one read-modify-write: under this process's lock and
        the cross-process lock file, read afresh (another process may have written a moment ago)."""
        with self._lock:
            make(self.path.parent)
            with locked(self.path.parent / "users.lock"):
                self._stamp = None
                yield dict(self._load())

    def _save(self, accounts: dict[str, Account]) -> None:
        make(self.path.parent)
        doc = {"version": 1, "users": [a.as_json() for a in sorted(accounts.values(), key=lambda a: a.user.name)]}
        data = (json.dumps(doc, ensure_ascii=False, indent=2) + "\n").encode("utf-8")
        replace_file(self.path, data, mode=0o600, durable=True)  # owner-only: password hashes
        self._stamp = None

    def add(self, name: str, full_name: str, role: str, provinces: list[str] | tuple[str, ...], password: str) -> User:
        provinces = _check(name, role, provinces)
        password = check_password(password)
        from werkzeug.security import generate_password_hash

        with self._changing() as accounts:
            if name in accounts:
                raise UserError(_("the user {name} exists already (change it with 'vbgen users passwd' or on the "
                                  "administration page)").format(name=name))
            user = User(name, unicodedata.normalize("NFC", (full_name or name).strip()), role, provinces)
            accounts[name] = Account(user, generate_password_hash(password, method=HASH_METHOD))
            self._save(accounts)
            return user

    def _known(self, accounts: dict[str, Account], name: str) -> Account:
        if name not in accounts:
            raise UserError(_("no user named {name} (see 'vbgen users list')").format(name=name))
        return accounts[name]

    def remove(self, name: str) -> None:
        with self._changing() as accounts:
            self._known(accounts, name)
            del accounts[name]
            self._save(accounts)

    def set_password(self, name: str, password: str) -> None:
        password = check_password(password)
        from werkzeug.security import generate_password_hash

        with self._changing() as accounts:
            a = self._known(accounts, name)
            accounts[name] = Account(a.user, generate_password_hash(password, method=HASH_METHOD), a.generation + 1)
            self._save(accounts)

    def update(self, name: str, *, role: str | None = None, provinces: list[str] | tuple[str, ...] | None = None,
               full_name: str | None = None) -> User:
        with self._changing() as accounts:
            a = self._known(accounts, name)
            new_role = a.user.role if role is None else role
            new_provinces = _check(name, new_role, a.user.provinces if provinces is None else provinces)
            user = User(name, a.user.full_name if full_name is None else unicodedata.normalize("NFC", full_name.strip()) or name,
                        new_role, new_provinces)
            accounts[name] = Account(user, a.password_hash, a.generation + 1)
            self._save(accounts)
            return user
