"""Every route × every role × own and other province × logged out, walked from the app's URL map.

Each column is a real session: the user logged in through the login form and the session cookie
is all that says who they are; "logged out" logged in and out again (``POST /logout``).

The expected right of each route is written here by hand, independently of the rule the route
declares; a route missing from :data:`EXPECTED` fails the test, so a new route cannot be added
without deciding who may open it. A refused request must change nothing on disk (content and
office state compared byte for byte).
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from flask import g

from tests.web.conftest import log_in_for_tests
from vbgen.office import access
from vbgen.office.roles import ADMIN, DRAFTER, LEADER, LEGAL, User

OWN, OTHER = "phu-tho", "tay-ninh"
USERS = {
    "admin": User("admin", "Quản trị", ADMIN, ("*",)),
    "drafter": User("drafter", "Soạn thảo", DRAFTER, (OWN,)),
    "legal": User("legal", "Pháp chế", LEGAL, (OWN,)),
    "leader": User("leader", "Lãnh đạo", LEADER, (OWN,)),
    "logged-out": None,
}


def _right(right: str):
    return lambda user, slug: access.allowed(user, right, slug)


def _any(user, slug) -> bool:  # noqa: ANN001
    return user is not None


def _registry(user, slug) -> bool:  # noqa: ANN001
    return access.allowed(user, access.REGISTRY)


EXPECTED = {
    "index": _any, "file_docx": _any, "file_pdf": _any, "draft.both_files": _any, "file_page": _any,
    "draft.choose": _any, "draft.pages": _any,
    "draft.page": _right("view"), "draft.own_page": _right("view"),
    "draft.preview": _right("view"), "draft.own_preview": _right("view"),
    "draft.save": _right("edit"), "draft.own_save": _right("edit"),
    "registry.index": _right("view"),  # ?province= names the province
    "registry.local_entry": _right("view"), "registry.new": _registry, "registry.entry": _any,
    "registry.check": _registry, "registry.save": _registry,
    "batch.index": _any, "batch.start": _right("batch"), "batch.status": _any, "batch.download": _any,
    "office.submit": _right("submit"), "office.approve": _right("approve"), "office.send_back": _right("review"),
    "sign.sign_pdf": _right("view"), "sign.issued": _right("issue"),
    "admin.users": lambda user, slug: access.allowed(user, access.USERS),
    "upload.check_start": _any, "upload.check": _right("view"), "upload.import_page": _right("edit"),
    # the import's start page sends to a province the user may import into; none: refused
    "upload.import_start": lambda user, slug: any(access.allowed(user, access.EDIT, s) for s in (OWN, OTHER)),
    "office.file_history": _right("view"), "office.file_version": _right("view"), "office.restore": _right("edit"),
}
PUBLIC = {"static", "login", "logout"}
SLOW = {"sign.sign_pdf"}
"""Routes that run LibreOffice: only their refusals are requested (an allowed one is checked by its rule)."""


def _url(rule, slug: str) -> str:
    values = {}
    for arg in rule.arguments:
        values[arg] = {
            "slug": slug, "stem": "chi-thi-antq-co-quan" if "own" in rule.endpoint else "ke-hoach-06",
            "sha": "0" * 64, "n": 1, "key": "ct-06-2025-bca", "job_id": "0" * 32, "seq": 1,
            "file": f"provinces/{slug}/documents/ke-hoach-06.yaml",
        }[arg]
    from flask import url_for

    url = url_for(rule.endpoint, **values)
    return url + (f"?province={slug}" if rule.endpoint == "registry.index" else "")


def _snapshot(root: Path) -> dict[str, str]:
    """Content and office state (not out/: a batch an allowed user started may still be writing)."""
    files = [p for d in (root / "content", root / ".vbgen-office") for p in sorted(d.rglob("*"))]
    return {str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in files if p.is_file() and not p.name.endswith(".lock")}


@pytest.fixture
def matrix_app(app, workspace: Path):
    (workspace / "content/provinces" / OWN / "documents").mkdir(exist_ok=True)

    def as_test_user():  # the test's stand-in for the login: the user named by a header
        name = __import__("flask").request.headers.get("X-Test-User")
        if name is not None:
            g.user = USERS[name]

    log_in_for_tests(app, as_test_user)
    return app


PASSWORD = "mật-khẩu-thử-ma-trận"


@pytest.fixture
def logged_in(workspace: Path, tmp_path: Path, monkeypatch):
    """The app with real accounts, one test client per column, each logged in through the login
    form (its session cookie is all that says who it is); "logged-out" logged in and then out."""
    from tests.web.conftest import tiny_pdf
    from vbgen.office.users import UserStore
    from vbgen.web.app import create_app

    monkeypatch.setattr("vbgen.office.users.HASH_METHOD", "scrypt:1024:8:1")
    (workspace / "content/provinces" / OWN / "documents").mkdir(exist_ok=True)
    store = UserStore.for_content(workspace / "content")
    for user in USERS.values():
        if user is not None:
            store.add(user.name, user.full_name, user.role, list(user.provinces), PASSWORD)
    app = create_app(workspace / "content", workspace / "doctemplates", out_dir=tmp_path / "out", converter=tiny_pdf,
                     cache_dir=tmp_path / "cache")
    app.config["TESTING"] = True
    clients = {}
    for who, user in USERS.items():
        c = app.test_client()
        assert c.get("/draft").status_code == 302  # nobody is anyone before logging in
        c.get("/login")
        from tests.web.conftest import csrf

        r = c.post("/login", data={"name": user.name if user else "admin", "password": PASSWORD, "csrf": csrf(c)})
        assert r.status_code == 302, r.get_data(as_text=True)[:300]
        assert c.get_cookie("session") is not None
        if user is None:
            assert c.get("/draft").status_code == 200
            assert c.post("/logout", data={"csrf": csrf(c)}).status_code == 302
            c.get("/login")  # a fresh anonymous session with its own CSRF token, as a browser would have
            assert c.get("/draft").status_code == 302
        clients[who] = c
    return app, clients


def test_every_route_for_every_role_and_province(logged_in, workspace: Path) -> None:
    from tests.web.conftest import csrf

    app, clients = logged_in
    rules = [r for r in app.url_map.iter_rules() if r.endpoint not in PUBLIC]
    missing = sorted({r.endpoint for r in rules} - set(EXPECTED))
    assert not missing, f"routes without an expected right in this test (decide who may open them): {missing}"
    seen, refusals = 0, 0
    for rule in rules:
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            for who, user in USERS.items():
                client = clients[who]
                token = csrf(client)
                for slug in (OWN, OTHER):
                    with app.test_request_context():
                        url = _url(rule, slug)
                    headers = {"X-CSRF-Token": token}
                    may = EXPECTED[rule.endpoint](user, slug)
                    if may and rule.endpoint in SLOW:
                        from vbgen.web import guard

                        assert app.view_functions[rule.endpoint]._vbgen_needs[0] != guard.LOGGED_IN or user is not None
                        continue
                    before = _snapshot(workspace)
                    if method == "GET":
                        r = client.get(url, headers=headers)
                    elif url.startswith("/api/"):
                        r = client.post(url, headers=headers, json={"form": {}, "base_sha": None, "provinces": [slug],
                                                                     "documents": ["ke-hoach-06"]})
                    else:
                        r = client.post(url, headers=headers, data={"notes": "Sửa lại.", "csrf": token})
                    seen += 1
                    where = f"{method} {url} as {who}"
                    assert r.status_code != 500, where
                    if may:
                        assert r.status_code not in (401, 403), f"{where}: refused but should be allowed"
                        assert not (r.status_code == 302 and "/login" in r.headers["Location"]), where
                        continue
                    refusals += 1
                    body = r.get_data(as_text=True)
                    if user is None:  # logged out: to the login page, or 401 for the page scripts
                        if url.startswith("/api/"):
                            assert r.status_code == 401 and "đăng nhập" in r.get_json()["error"], where
                        else:
                            assert r.status_code == 302 and r.headers["Location"].startswith("/login?next="), where
                    else:
                        assert r.status_code == 403, f"{where}: {r.status_code}, should be refused"
                        assert "Không" in body and ("quyền" in body or "phép" in body), where
                    assert _snapshot(workspace) == before, f"{where}: a refused request changed files"
    assert seen > 250 and refusals > 100


def test_a_route_without_a_rule_is_refused(matrix_app) -> None:
    app = matrix_app

    @app.route("/forgotten")
    def forgotten():  # noqa: ANN202
        return "secret"

    r = app.test_client().get("/forgotten", headers={"X-Test-User": "admin"})
    assert r.status_code == 403 and "chưa được khai báo quyền" in r.get_data(as_text=True)


def test_lists_show_only_the_users_provinces(matrix_app) -> None:
    c = matrix_app.test_client()
    html = c.get("/draft", headers={"X-Test-User": "drafter"}).get_data(as_text=True)
    assert f'value="{OWN}"' in html and f'value="{OTHER}"' not in html
    html = c.get("/batch", headers={"X-Test-User": "leader"}).get_data(as_text=True)
    assert OWN in html and f'value="{OTHER}"' not in html
    html = c.get("/draft", headers={"X-Test-User": "admin"}).get_data(as_text=True)
    assert f'value="{OTHER}"' in html
