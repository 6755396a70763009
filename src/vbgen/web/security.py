"""Who may use the web workspace, and what a request may name.

* Loopback only by default; any other address needs accounts (``vbgen users add``) or an
  operator token (``VBGEN_SERVE_TOKEN`` or ``--token-file``); see :mod:`vbgen.web.auth`.
* Every POST carries the session's CSRF token (a form field or the ``X-CSRF-Token`` header).
* Slugs, document names, citation keys and file hashes in URLs are checked against the known
  ones before they are used to build a path.
"""

from __future__ import annotations

import hmac
import ipaddress
import re
import secrets

from vbgen.errors import VbgenError
from vbgen.i18n import _

ENV_TOKEN = "VBGEN_SERVE_TOKEN"
CITATION_KEY_RE = re.compile(r"^[a-z0-9][a-z0-9-]{0,80}$")


class ServeRefused(VbgenError):
    """``vbgen serve`` will not start as asked (no accounts on a non-loopback address)."""


def is_loopback(host: str) -> bool:
    if host in ("localhost", ""):
        return host == "localhost"
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def check_token_strength(token: str | None) -> None:
    if token is not None and len(token) < 12:
        raise ServeRefused(_("the operator token is too short: use at least 12 characters"))


def new_csrf() -> str:
    return secrets.token_urlsafe(32)


def same_token(given: object, expected: str | None) -> bool:
    """Constant-time comparison as UTF-8 bytes (a non-ASCII token or CSRF value is no error)."""
    if not isinstance(given, str) or not given or not expected:
        return False
    return hmac.compare_digest(given.encode("utf-8", "surrogatepass"), expected.encode("utf-8", "surrogatepass"))
