"""Who may open which page: one rule per route, checked before any route runs.

Every view function declares its right with :func:`needs` (``@needs("edit")`` reads the province
from the URL's ``slug``; ``@needs(LOGGED_IN)`` only asks for a logged-in user, and the route then
filters what it lists by the user's provinces). :func:`check` runs before every request: a route
without a declared rule is refused (so a new route cannot be forgotten; the route × role ×
province test walks the URL map), a right the user lacks gives the Vietnamese 403 page (or JSON
for ``/api/``). The rights themselves are :mod:`vbgen.office.access`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask import current_app, g, jsonify, render_template, request

from vbgen.i18n import _
from vbgen.office import access
from vbgen.office.roles import LOCAL_OWNER, User

LOGGED_IN = "logged-in"
RULE = "_vbgen_needs"
PUBLIC = {"login", "logout", "static"}
"""Endpoints anyone may open (the login page itself, its static files)."""


def current_user() -> User | None:
    """The logged-in user (set on ``g.user`` by the login layer), else the loopback owner."""
    return getattr(g, "user", LOCAL_OWNER)


def needs(right: str, province_arg: str | None = "slug") -> Callable[[Any], Any]:
    """Declare the right a view needs (``province_arg``: the URL part naming the province)."""

    def mark(view: Any) -> Any:
        setattr(view, RULE, (right, province_arg if right != LOGGED_IN else None))
        return view

    return mark


def rule_of(endpoint: str | None) -> tuple[str, str | None] | None:
    view = current_app.view_functions.get(endpoint or "")
    return getattr(view, RULE, None)


def check() -> Any:
    """The before-request hook: None to go on, or the refusal."""
    if request.endpoint is None or request.endpoint in PUBLIC:
        return None  # unknown URLs are 404 as before
    rule = rule_of(request.endpoint)
    user = current_user()
    if rule is None:
        return forbidden("Trang này chưa được khai báo quyền truy cập nên bị từ chối.")
    right, arg = rule
    if right == LOGGED_IN:
        return None if user is not None else forbidden("Hãy đăng nhập.")
    province = (request.view_args or {}).get(arg) if arg else None
    if access.allowed(user, right, province):
        return None
    try:
        access.require(user, right, province)
    except access.Forbidden as e:
        return forbidden(e.format_message())
    return forbidden("Không có quyền.")  # pragma: no cover - require raised above


def forbidden(message: str, status: int = 403) -> Any:
    """The refusal in Vietnamese: JSON for the page scripts, the error page otherwise."""
    if request.path.startswith("/api/"):
        return jsonify({"error": f"Không được phép: {message}"}), status
    return render_template("forbidden.html", message=message, user=current_user()), status


def allowed(right: str, province: str | None = None) -> bool:
    """For templates and routes: may the current user do ``right`` (to ``province``)?"""
    return access.allowed(current_user(), right, province)


def previews_of_sha(sha: str) -> Any:
    """The preview store, once the current user may see the file ``sha``: a rendered file belongs
    to the provinces whose drafts produced it, and only their people (``view``) fetch it by hash.
    A hash nobody rendered is 404, a hash of another province's draft the 403 page."""
    from flask import abort, make_response

    store = current_app.extensions["vbgen"]["previews"]
    owners = store.owners(sha)
    if not owners:
        abort(404)
    if not any(allowed(access.VIEW, slug) for slug in owners):
        state = current_app.extensions["vbgen"]["state"]
        names = sorted((state.province(slug).name if state.province(slug) else slug) for slug in owners)
        abort(make_response(forbidden(_("this file was rendered from a draft of a province you do not work on "
                                        "({provinces})").format(provinces=", ".join(names)))))
    return store
