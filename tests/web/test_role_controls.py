"""A page shows a role only the controls it may use (issue 15): the registry's save, check and
"add" for pháp chế and quản trị only; the drafting page's save for who may edit, "record number
and date" for who may issue; and the server refuses the hidden actions anyway."""

from __future__ import annotations

import re

import pytest

from tests.web.conftest import csrf
from tests.web.test_access_matrix import OWN, USERS, matrix_app  # noqa: F401 - the fixture
from vbgen.office import access

ROLES = ["admin", "drafter", "legal", "leader"]


def _ids(html: str) -> set[str]:
    return set(re.findall(r'\bid="([^"]+)"', html))


@pytest.mark.parametrize("who", ROLES)
def test_each_role_sees_only_the_controls_it_may_use(matrix_app, who: str) -> None:  # noqa: F811
    user = USERS[who]
    c = matrix_app.test_client()
    h = {"X-Test-User": who}

    registry = c.get("/registry", headers=h).get_data(as_text=True)
    assert ("new-entry" in _ids(registry)) == access.allowed(user, access.REGISTRY), who
    entry = c.get("/registry/ct-06-2025-bca", headers=h)
    assert entry.status_code == 200
    ids = _ids(entry.get_data(as_text=True))
    may_registry = access.allowed(user, access.REGISTRY)
    assert {"entry-save", "entry-check", "entry-form"} <= ids if may_registry else not ids & {"entry-save", "entry-check", "entry-form"}, who
    assert ("entry-read-only" in ids) != may_registry
    assert c.get("/registry/new", headers=h).status_code == (200 if may_registry else 403)

    page = c.get(f"/draft/{OWN}/ke-hoach-06", headers=h)
    assert page.status_code == 200
    ids = _ids(page.get_data(as_text=True))
    assert ("save" in ids) == access.allowed(user, access.EDIT, OWN), who
    assert ("issued-form" in ids) == access.allowed(user, access.ISSUE, OWN), who
    assert ("office-submit" in ids) == access.allowed(user, access.SUBMIT, OWN), who
    assert "dl-sign-pdf" in ids  # everyone who sees the document may download it for signing


@pytest.mark.parametrize("who", ["drafter", "leader"])
def test_the_server_still_refuses_what_is_hidden(matrix_app, who: str) -> None:  # noqa: F811
    c = matrix_app.test_client()
    c.get("/draft", headers={"X-Test-User": who})
    h = {"X-Test-User": who, "X-CSRF-Token": csrf(c)}
    r = c.post("/api/registry/save", json={"form": {"key": "x"}, "is_new": True, "base_sha": None}, headers=h)
    assert r.status_code == 403
    if who == "leader":
        r = c.post(f"/api/draft/{OWN}/ke-hoach-06/save", json={"form": {}, "base_sha": None}, headers=h)
        assert r.status_code == 403
