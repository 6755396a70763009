"""Who is asking, and may they: the Host allow-list, logins, sessions, the user of a request.

Three ways a workspace is opened, decided on every request (accounts can be added while the
server runs):

* **accounts** (``.vbgen-office/users.json`` has at least one user): everyone logs in with a
  name and password; the request's user is that account (:class:`vbgen.office.roles.User`).
* **operator token** (no accounts, ``VBGEN_SERVE_TOKEN`` or ``--token-file``): one shared secret,
  kept for a workspace that has no accounts yet; the user is :data:`OPERATOR`.
* **one person on this computer** (no accounts, no token, listening on loopback only): nobody
  logs in; the user is :data:`vbgen.office.roles.LOCAL_OWNER`, and only the Host names of this
  computer are answered (a DNS-rebinding page cannot reach it under another name).

The user of the request is put on ``flask.g.user`` for the pages and the access rules.
Sessions end after :data:`IDLE` seconds without a request and :data:`ABSOLUTE` seconds after
the login, when the password, role or provinces change, and at logout. Secrets are compared as
UTF-8 bytes, so a password or token in Vietnamese works.
"""

from __future__ import annotations

import dataclasses
import functools
import hmac
import ipaddress
import secrets
import time
import unicodedata
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from flask import Flask, g, jsonify, redirect, render_template, request, session

from vbgen.i18n import _
from vbgen.office.sessions import EndedSessions
from vbgen.office.roles import ADMIN, ALL_PROVINCES, LOCAL_OWNER, User
from vbgen.office.users import UserStore
from vbgen.web import security
from vbgen.web.throttle import Throttle

LOCAL_NAMES = frozenset({"localhost", "127.0.0.1", "::1"})
IDLE = 2 * 60 * 60
ABSOLUTE = 12 * 60 * 60
OPERATOR = User(name="operator", full_name="Người vận hành (mã chung)", role=ADMIN, provinces=(ALL_PROVINCES,))
PUBLIC_ENDPOINTS = {"login", "static"}


def same_secret(given: Any, expected: str | None) -> bool:
    """``given == expected`` in constant time, as UTF-8 bytes (any Unicode text works)."""
    if not isinstance(given, str) or not given or not expected:
        return False
    a = unicodedata.normalize("NFC", given).encode("utf-8", "surrogatepass")
    b = unicodedata.normalize("NFC", expected).encode("utf-8", "surrogatepass")
    return hmac.compare_digest(a, b)


def host_name(host: str) -> str | None:
    """The name part of a Host header (``[::1]:8030`` → ``::1``), lower-case; None if malformed."""
    host = (host or "").strip().lower()
    if not host or any(c in host for c in "/\\@ \t\r\n"):
        return None
    if host.startswith("["):
        end = host.find("]")
        if end < 0 or host[end + 1:] and not host[end + 1:].startswith(":"):
            return None
        name = host[1:end]
    else:
        name = host.rsplit(":", 1)[0] if host.count(":") == 1 else host
        if host.count(":") > 1:
            return None  # an IPv6 address must be in brackets
    return name.rstrip(".") or None


def is_ip(name: str) -> bool:
    try:
        ipaddress.ip_address(name)
        return True
    except ValueError:
        return False


def safe_next(target: Any) -> str:
    """``target`` if it is a path of this site (``/draft?x=1``), else ``/``.

    Refused: anything not starting with one ``/`` (``//evil``, ``/\\evil``), backslashes, control
    characters (browsers drop tab, CR and LF, so ``/\\t/evil`` would become ``//evil``), schemes
    and host names.
    """
    if not isinstance(target, str) or not target.startswith("/") or len(target) > 2000:
        return "/"
    if target.startswith("//") or "\\" in target or any(ord(c) < 0x20 or ord(c) == 0x7F for c in target):
        return "/"
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not parts.path.startswith("/") or parts.path.startswith("//"):
        return "/"
    return target


@dataclasses.dataclass
class Access:
    """The access settings of one server."""

    store: UserStore
    token: str | None = None
    loopback: bool = True
    allow_hosts: frozenset[str] = frozenset()
    throttle: Throttle = dataclasses.field(default_factory=Throttle)
    clock: Callable[[], float] = time.time
    idle: int = IDLE
    absolute: int = ABSOLUTE

    @functools.cached_property
    def ended(self) -> EndedSessions:
        """Sessions logged out before their time (beside users.json)."""
        return EndedSessions(self.store.path.parent)

    def mode(self) -> str:
        """'accounts', 'token', 'local', or 'closed' (off loopback with no way to log in)."""
        if self.store.has_users():
            return "accounts"
        if self.token:
            return "token"
        return "local" if self.loopback else "closed"

    def host_allowed(self, name: str | None, mode: str) -> bool:
        if name is None:
            return False
        if name in LOCAL_NAMES or name in self.allow_hosts:
            return True
        if mode == "local":
            return False
        return is_ip(name)  # an address cannot be re-pointed by DNS; names must be listed


def sentence(message: str) -> str:
    """A message of the core (lower-case, as the CLI prints it after "Error:") as a sentence of a page."""
    from vbgen.vi import capitalize_first

    message = capitalize_first(message)
    return message if message.endswith((".", "!", "?", ")")) else message + "."


def _refuse(status: int, message: str):  # noqa: ANN202
    message = sentence(message)
    if request.path.startswith("/api/"):
        return jsonify({"error": message}), status
    return render_template("error.html", message=message, title=_("Request refused")), status


def session_key(store: UserStore) -> bytes | None:
    """The key that signs sessions, kept beside the accounts (sessions survive a restart); None
    when there are no accounts (a key of this process only)."""
    import os

    if not store.has_users():
        return None
    path: Path = store.path.parent / "session.key"
    try:
        data = path.read_bytes()
        if len(data) >= 32:
            return data
    except FileNotFoundError:
        pass
    data = secrets.token_bytes(32)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "wb") as f:
        f.write(data)
    return data


def current_user(access: Access, mode: str) -> User | None:
    """The user of this request's session (None: not logged in, or the session has ended)."""
    if mode == "local":
        return LOCAL_OWNER
    now = access.clock()
    login_at, seen = session.get("login_at"), session.get("seen")
    if not isinstance(login_at, (int, float)) or not isinstance(seen, (int, float)):
        return None
    if now - seen > access.idle or now - login_at > access.absolute:
        session.clear()
        return None
    sid = session.get("sid")
    if not isinstance(sid, str) or access.ended.is_ended(sid):  # logged out: a copy of the cookie is dead too
        session.clear()
        return None
    if mode == "accounts":
        account = access.store.account(session.get("user"))
        if account is None or account.generation != session.get("gen"):
            session.clear()
            return None
        user = account.user
    elif mode == "token" and session.get("operator"):
        user = OPERATOR
    else:
        return None
    if now - seen > 60:
        session["seen"] = now
    return user


def guard(access: Access) -> Any:
    """Before every request: Host, Origin, the user (on ``g.user``), the CSRF token."""
    mode = access.mode()
    if not access.host_allowed(host_name(request.host), mode):
        return _refuse(400, _("this server does not answer to the name {host}; open it as http://localhost:<port>/ "
                              "or ask the administrator to add the name with 'vbgen serve --allow-host NAME'").format(
            host=request.host[:100]))
    if request.method not in ("GET", "HEAD", "OPTIONS"):
        origin = request.headers.get("Origin")
        # "null" tells nothing (privacy modes send it); the CSRF token below still decides
        if origin not in (None, "null") and host_name(urlsplit(origin).netloc) != host_name(request.host):
            return _refuse(403, _("the request came from another site ({origin}) and was refused").format(origin=origin[:100]))
    g.user = current_user(access, mode)
    if g.user is None and request.endpoint not in PUBLIC_ENDPOINTS:
        if mode == "closed":
            return _refuse(503, _("no accounts yet: the administrator creates them with 'vbgen users add'"))
        if request.path.startswith("/api/"):
            return jsonify({"error": sentence(_("you are not logged in (or the session has ended); log in again in "
                                                "another tab, your draft is kept on this page"))}), 401
        target = request.full_path if request.query_string else request.path
        from flask import url_for

        return redirect(url_for("login", next=safe_next(target)))
    if "csrf" not in session:
        session["csrf"] = security.new_csrf()
    if request.method == "POST":
        given = request.headers.get("X-CSRF-Token") or request.form.get("csrf")
        if not same_secret(given, session.get("csrf")):
            return jsonify({"error": sentence(_("the session has ended or the request is not valid (CSRF); reload the "
                                                "page, the draft is kept"))}), 400
    return None


def login_view(access: Access) -> Any:
    mode = access.mode()
    target = safe_next(request.args.get("next"))
    if mode == "local":
        return redirect(target)
    error, status = None, 200
    if request.method == "POST" and mode in ("accounts", "token"):
        address = f"ip:{request.remote_addr or '?'}"
        name = str(request.form.get("name", "")).strip().lower()[:80] if mode == "accounts" else ""
        keys = (address, f"user:{name}") if mode == "accounts" else (address,)
        wait = access.throttle.wait(*keys)
        if wait:
            error, status = sentence(_("too many failed logins: try again in {seconds} seconds").format(seconds=wait)), 429
        else:
            user = _check_login(access, mode, name)
            if user is None:
                access.throttle.failed(*keys)
                error, status = sentence(_("wrong user name or password") if mode == "accounts" else _("wrong operator token")), 401
            else:
                if mode == "accounts":
                    access.throttle.succeeded(keys[1])
                now = access.clock()
                session.clear()  # a new session: new CSRF token, nothing carried over from before the login
                session.update(login_at=now, seen=now, csrf=security.new_csrf(), sid=secrets.token_urlsafe(18))
                if mode == "accounts":
                    account = access.store.account(user.name)
                    session.update(user=user.name, gen=account.generation if account else 0)
                else:
                    session["operator"] = True
                return redirect(target)
    return render_template("login.html", error=error, mode=mode, next=target), status


def _check_login(access: Access, mode: str, name: str) -> User | None:
    if mode == "accounts":
        password = request.form.get("password", "")
        account = access.store.verify(name, password) if password else None
        return account.user if account else None
    return OPERATOR if same_secret(request.form.get("token"), access.token) else None


def install(app: Flask, access: Access) -> None:
    """The guard, the login and logout routes, ``user`` in every template."""
    key = session_key(access.store)
    if key:
        app.secret_key = key
    app.extensions["vbgen"]["access"] = access
    app.before_request(lambda: guard(access))
    app.add_url_rule("/login", "login", lambda: login_view(access), methods=["GET", "POST"])

    def logout() -> Any:
        sid, login_at = session.get("sid"), session.get("login_at")
        if isinstance(sid, str) and isinstance(login_at, (int, float)):
            access.ended.end(sid, until=login_at + access.absolute, now=access.clock())
        session.clear()
        return redirect("/login" if access.mode() != "local" else "/")

    app.add_url_rule("/logout", "logout", logout, methods=["POST"])
    app.context_processor(lambda: {"user": g.get("user"), "login_mode": access.mode()})
