"""Rendered files fetched by hash (.docx, PDF, page images, the ZIP of both) are province-checked:
every file route × every role × a file of the user's own province and of another province.

A hash is not a secret (it travels in URLs, logs and browser histories), so knowing the hash of
another province's draft must not be enough to download it.
"""

from __future__ import annotations

import pytest
from flask import url_for

from tests.web.conftest import csrf
from tests.web.test_access_matrix import OTHER, OWN, USERS, matrix_app  # noqa: F401 - the fixture
from vbgen.office import access

FILE_ROUTES = ("draft.pages", "file_docx", "file_pdf", "file_page", "draft.both_files")  # pages drawn first


def _render(client, token: str, slug: str) -> str:
    r = client.post(f"/api/draft/{slug}/ke-hoach-06/preview", json={"form": {}},
                    headers={"X-Test-User": "admin", "X-CSRF-Token": token})
    assert r.status_code == 200, r.get_data(as_text=True)
    return r.get_json()["docx_sha"]


def test_a_file_is_fetched_only_by_the_people_of_its_province(matrix_app) -> None:  # noqa: F811
    app = matrix_app
    client = app.test_client()
    client.get("/draft", headers={"X-Test-User": "admin"})
    token = csrf(client)
    shas = {slug: _render(client, token, slug) for slug in (OWN, OTHER)}
    assert shas[OWN] != shas[OTHER]
    assert set(FILE_ROUTES) <= set(app.view_functions)
    # every route of the URL map that takes a file hash is in this test
    assert {r.endpoint for r in app.url_map.iter_rules() if "sha" in r.arguments} == set(FILE_ROUTES)
    checked = refused = 0
    for endpoint in FILE_ROUTES:
        for who, user in USERS.items():
            for slug, sha in shas.items():
                with app.test_request_context():
                    url = url_for(endpoint, sha=sha, **({"n": 1} if endpoint == "file_page" else {}))
                headers = {"X-Test-User": who, "X-CSRF-Token": token}
                r = client.post(url, headers=headers) if endpoint == "draft.pages" else client.get(url, headers=headers)
                where = f"{endpoint} {url} as {who} (file of {slug})"
                checked += 1
                if access.allowed(user, access.VIEW, slug):
                    assert r.status_code == 200, f"{where}: {r.status_code}"
                    assert r.data, where
                else:
                    refused += 1
                    assert r.status_code == 403, f"{where}: {r.status_code}, should be refused"
                    body = r.get_data(as_text=True)
                    assert "Không" in body and "phép" in body or "quyền" in body, where
                    assert b"PK" not in r.data[:2] and b"%PDF" not in r.data[:8], where
    assert checked == len(FILE_ROUTES) * len(USERS) * 2 and refused >= len(FILE_ROUTES) * 4


def test_an_unknown_hash_is_not_found(client) -> None:
    assert client.get("/files/" + "a" * 64 + ".docx").status_code == 404
    assert client.get("/files/../../etc/passwd.docx").status_code == 404


@pytest.mark.parametrize("who", ["drafter", "leader"])
def test_the_refusal_names_the_province_not_its_slug(matrix_app, who: str) -> None:  # noqa: F811
    client = matrix_app.test_client()
    client.get("/draft", headers={"X-Test-User": "admin"})
    sha = _render(client, csrf(client), OTHER)
    r = client.get(f"/files/{sha}.docx", headers={"X-Test-User": who})
    body = r.get_data(as_text=True)
    assert r.status_code == 403 and "Tây Ninh" in body and OTHER not in body
