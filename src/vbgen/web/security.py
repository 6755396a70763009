"""Who may use the web workspace, and what a request may name.

* Loopback only by default; any other address needs an operator token (``--token`` or
  ``VBGEN_SERVE_TOKEN``), asked for once per browser session on a login page.
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

ENV_TOKEN = "VBGEN_SERVE_TOKEN"
CITATION_KEY_RE = re.compile(r"^[a-z0-9][a-z0-9-]{0,80}$")


class ServeRefused(VbgenError):
    """``vbgen serve`` will not start as asked (no token on a non-loopback address)."""


def is_loopback(host: str) -> bool:
    if host in ("localhost", ""):
        return host == "localhost"
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def require_token_for(host: str, token: str | None) -> None:
    """Refuse to listen beyond this machine without an operator token."""
    if is_loopback(host) or token:
        return
    raise ServeRefused(
        f"refusing to listen on {host}: anyone on the network could edit the content. "
        f"Set an operator token first: 'vbgen serve --host {host} --token <secret>' or "
        f"'export {ENV_TOKEN}=<secret>' (at least 12 characters); people then enter it once in the browser."
    )


def check_token_strength(token: str | None) -> None:
    if token is not None and len(token) < 12:
        raise ServeRefused("the operator token is too short: use at least 12 characters")


def new_csrf() -> str:
    return secrets.token_urlsafe(32)


def same_token(given: str | None, expected: str | None) -> bool:
    return bool(given) and bool(expected) and hmac.compare_digest(str(given), str(expected))
