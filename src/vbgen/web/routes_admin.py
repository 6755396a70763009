"""The administrator's page (quản trị): add and remove accounts, set role and provinces,
reset passwords. Only a quản trị of an accounts workspace sees it; every change goes through
:class:`vbgen.office.users.UserStore`, the same code as ``vbgen users``."""

from __future__ import annotations

from flask import Blueprint, abort, g, redirect, render_template, request, url_for

from vbgen.i18n import _
from vbgen.office.roles import ADMIN, ROLE_LABELS, ROLES
from vbgen.office.users import UserError
from vbgen.web.app import ext
from vbgen.web.auth import sentence
from vbgen.web.guard import needs

bp = Blueprint("admin", __name__)


def _allowed() -> None:
    if getattr(g, "user", None) is None or g.user.role != ADMIN:  # the guard's "users" right says the same
        abort(403)


def _provinces(values: list[str]) -> list[str]:
    """The provinces chosen in the page's list (a script may also send "a, b" in one value)."""
    return [p.strip() for v in values for p in v.replace(";", ",").split(",") if p.strip()]


@bp.route("/admin/users", methods=["GET", "POST"])
@needs("users", province_arg=None)
def users():  # noqa: ANN202
    _allowed()
    store = ext()["access"].store
    listed = ext()["state"].provinces()
    known = {p.slug for p in listed}
    message, error, status = request.args.get("done", ""), None, 200
    if request.method == "POST":
        form = request.form
        action, name = form.get("action", ""), str(form.get("name", "")).strip().lower()
        try:
            provinces = _provinces(form.getlist("provinces"))
            unknown = [p for p in provinces if p != "*" and p not in known]
            if unknown:
                raise UserError(_("not a province slug: {slugs} (such as tay-ninh, or * for every province)").format(
                    slugs=", ".join(unknown)))
            if action == "add":
                if form.get("password", "") != form.get("password2", ""):
                    raise UserError(_("the two passwords differ"))
                store.add(name, form.get("full_name", ""), form.get("role", ""), provinces, form.get("password", ""))
                message = _("added {name}").format(name=name)
            elif action == "set":
                store.update(name, role=form.get("role") or None, provinces=provinces, full_name=form.get("full_name"))
                message = _("{name} changed").format(name=name)
            elif action == "passwd":
                if form.get("password", "") != form.get("password2", ""):
                    raise UserError(_("the two passwords differ"))
                store.set_password(name, form.get("password", ""))
                message = _("password of {name} changed").format(name=name)
            elif action == "remove":
                if name == g.user.name:
                    raise UserError(_("you cannot remove your own account while logged in with it"))
                store.remove(name)
                message = _("removed {name}").format(name=name)
            else:
                abort(400)
            return redirect(url_for("admin.users", done=sentence(message)))
        except UserError as e:
            error, status = sentence(e.format_message()), 422
    return render_template("admin_users.html", rows=store.users(), roles=ROLES, labels=ROLE_LABELS,
                           provinces=listed, message=message[:200], error=error), status
