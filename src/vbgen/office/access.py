"""What each role may do, and to which province.

A right is an action on a province (or on the national content, ``province=None``):

* ``view``     — see a province's documents, states and history (every role, own provinces);
* ``edit``     — change a province's drafts and own documents (soạn thảo, quản trị);
* ``submit``   — send a draft for approval (soạn thảo, quản trị);
* ``review``   — send a submitted draft back with notes (pháp chế, lãnh đạo, quản trị);
* ``approve``  — approve a submitted draft, freezing it (lãnh đạo, quản trị);
* ``issue``    — record an approved document's number and date (soạn thảo as văn thư, lãnh đạo,
  quản trị);
* ``registry`` — change the national citation registry (pháp chế, quản trị; no province);
* ``national`` — change national documents and settings (quản trị; no province);
* ``batch``    — build documents of a province in a batch (every role, own provinces);
* ``users``    — manage accounts (quản trị).

Province rights need the province among the user's; national rights ignore provinces. Every
check is one call to :func:`allowed`; :func:`require` raises :class:`Forbidden` with the reason.
"""

from __future__ import annotations

from vbgen.errors import VbgenError
from vbgen.i18n import _
from vbgen.office.roles import ADMIN, DRAFTER, LEADER, LEGAL, ROLE_LABELS, User

VIEW, EDIT, SUBMIT, REVIEW, APPROVE, ISSUE = "view", "edit", "submit", "review", "approve", "issue"
REGISTRY, NATIONAL, BATCH, USERS = "registry", "national", "batch", "users"
ACTIONS = (VIEW, EDIT, SUBMIT, REVIEW, APPROVE, ISSUE, REGISTRY, NATIONAL, BATCH, USERS)
NATIONAL_ACTIONS = (REGISTRY, NATIONAL, USERS)
"""Rights over national things: a province does not enter into them."""

RIGHTS: dict[str, frozenset[str]] = {
    DRAFTER: frozenset({VIEW, EDIT, SUBMIT, ISSUE, BATCH}),
    LEGAL: frozenset({VIEW, REVIEW, REGISTRY, BATCH}),
    LEADER: frozenset({VIEW, REVIEW, APPROVE, ISSUE, BATCH}),
    ADMIN: frozenset(ACTIONS),
}

ACTION_LABELS = {
    VIEW: "xem văn bản của tỉnh", EDIT: "sửa dự thảo", SUBMIT: "trình duyệt", REVIEW: "trả lại dự thảo kèm ghi chú",
    APPROVE: "duyệt văn bản", ISSUE: "ghi số và ngày ban hành", REGISTRY: "sửa sổ văn bản (trích dẫn) toàn quốc",
    NATIONAL: "sửa văn bản và cấu hình toàn quốc", BATCH: "tạo văn bản hàng loạt", USERS: "quản lý tài khoản",
}


class Forbidden(VbgenError):
    """The user may not do this; the message says who they are and what is missing."""


def allowed(user: User | None, action: str, province: str | None = None) -> bool:
    """True when ``user`` may do ``action`` (to ``province`` for province rights)."""
    if user is None or action not in ACTIONS:
        return False
    if action not in RIGHTS.get(user.role, frozenset()):
        return False
    if action in NATIONAL_ACTIONS:
        return True
    if province is None:  # a province right asked about no province: only who covers them all
        return user.role == ADMIN or "*" in user.provinces
    return user.covers(province)


def require(user: User | None, action: str, province: str | None = None) -> None:
    """Raise :class:`Forbidden` unless :func:`allowed`."""
    if allowed(user, action, province):
        return
    if user is None:
        raise Forbidden(_("log in first"))
    what = ACTION_LABELS.get(action, action)
    role = ROLE_LABELS.get(user.role, user.role)
    if action in RIGHTS.get(user.role, frozenset()) and province is not None:
        raise Forbidden(_("{user} ({role}) does not work on province '{province}', so may not {what}").format(
            user=user.name, role=role, province=province, what=what))
    raise Forbidden(_("the role {role} of {user} may not {what}").format(role=role, user=user.name, what=what))


def visible_provinces(user: User | None, slugs: list[str]) -> list[str]:
    """The province slugs of ``slugs`` the user works on, in the same order."""
    return [s for s in slugs if allowed(user, VIEW, s)]


def file_rights(rel_path: str) -> tuple[str, str | None]:
    """(right needed to change, province) for a content file named relative to content/.

    ``provinces/<slug>/documents|own/…`` are the province's drafts (``edit``); other files of
    ``provinces/<slug>/`` are its settings (``edit`` too); ``citations.yaml`` is the registry;
    anything else is national content.
    """
    parts = rel_path.split("/")
    if len(parts) >= 3 and parts[0] == "provinces":
        return EDIT, parts[1]
    if rel_path == "citations.yaml":
        return REGISTRY, None
    return NATIONAL, None


def may_view_file(user: User | None, rel_path: str) -> bool:
    """Province files are seen by the province's people; national files by everyone logged in."""
    right, province = file_rights(rel_path)
    return allowed(user, VIEW, province) if province is not None else user is not None


def may_change_file(user: User | None, rel_path: str) -> bool:
    right, province = file_rights(rel_path)
    return allowed(user, right, province)
