"""Accounts, login, sessions, the Host allow-list and redirects of the web workspace (issue 15)."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from tests.web.conftest import csrf, tiny_pdf

PASSWORD = "mật-khẩu-vận-hành-2026"  # non-ASCII on purpose: compared as bytes, never a 500


@pytest.fixture(autouse=True)
def cheap_hashes(monkeypatch):
    """scrypt with a small cost in tests (the stored format and the checks are the same)."""
    monkeypatch.setattr("vbgen.office.users.HASH_METHOD", "scrypt:1024:8:1")


@pytest.fixture
def store(workspace: Path):
    from vbgen.office.users import UserStore

    s = UserStore.for_content(workspace / "content")
    s.add("admin", "Quản Trị Viên", "quan-tri", ["*"], PASSWORD)
    s.add("an", "Nguyễn Văn An", "soan-thao", ["tay-ninh"], "mat-khau-cua-an")
    return s


@pytest.fixture
def office(workspace: Path, tmp_path: Path, store):
    from vbgen.web.app import create_app

    app = create_app(workspace / "content", workspace / "doctemplates", converter=tiny_pdf, cache_dir=tmp_path / "c",
                     loopback=False, allow_hosts=["vbgen.stp.local"])
    app.config["TESTING"] = True
    return app


def login(c, name: str, password: str, next_: str | None = None, **kw):
    c.get("/login")
    url = "/login" + (f"?next={next_}" if next_ is not None else "")
    return c.post(url, data={"name": name, "password": password, "csrf": csrf(c)}, **kw)


def test_users_file_is_beside_content_private_and_hashed(workspace: Path, store) -> None:
    from vbgen.office.paths import state_dir

    folder = state_dir(workspace / "content")
    assert folder == workspace / ".vbgen-office"
    path = folder / "users.json"
    assert path.stat().st_mode & 0o777 == 0o600
    text = path.read_text(encoding="utf-8")
    assert PASSWORD not in text and "scrypt:" in text
    assert (folder / ".gitignore").read_text().splitlines()[-1] == "*"
    assert store.verify("admin", PASSWORD).user.role == "quan-tri"
    assert store.verify("admin", PASSWORD.encode("utf-8").decode("latin-1")) is None
    assert store.verify("nobody", PASSWORD) is None


def test_users_cli_never_takes_a_password_argument(workspace: Path, monkeypatch) -> None:
    from vbgen.cli import main
    from vbgen.office.users import UserStore

    content = str(workspace / "content")
    r = CliRunner().invoke(main, ["users", "add", "binh", "--role", "lanh-dao", "-p", "tay-ninh", "--content", content],
                           input="mat-khau-binh-1\nmat-khau-binh-1\n")
    assert r.exit_code == 0, r.output
    assert UserStore.for_content(workspace / "content").verify("binh", "mat-khau-binh-1")
    r = CliRunner().invoke(main, ["users", "add", "chi", "--role", "soan-thao", "-p", "tay-nin", "--content", content],
                           input="x\nx\n")
    assert r.exit_code == 1 and "tay-ninh" in r.output  # did you mean
    r = CliRunner().invoke(main, ["users", "add", "chi", "--role", "soan-thao", "--password", "abc", "--content", content])
    assert r.exit_code == 2  # no such option
    (workspace / "pw.txt").write_text("mật khẩu mới của Bình\n", encoding="utf-8")
    r = CliRunner().invoke(main, ["users", "passwd", "binh", "--password-file", str(workspace / "pw.txt"), "--content", content])
    assert r.exit_code == 0, r.output
    assert UserStore.for_content(workspace / "content").verify("binh", "mật khẩu mới của Bình")
    monkeypatch.setenv("VBGEN_PASSWORD", "ngắn")
    r = CliRunner().invoke(main, ["users", "passwd", "binh", "--content", content])
    assert r.exit_code == 1 and "too short" in r.output
    r = CliRunner().invoke(main, ["users", "list", "--content", content])
    assert "binh" in r.output and "Lãnh đạo" in r.output
    r = CliRunner().invoke(main, ["users", "remove", "binh", "--content", content])
    assert r.exit_code == 0 and UserStore.for_content(workspace / "content").get("binh") is None


def test_login_puts_the_user_on_g_and_rotates_the_csrf_token(office) -> None:
    from flask import g

    c = office.test_client()
    r = c.get("/draft")
    assert r.status_code == 302 and r.headers["Location"].startswith("/login?next=")
    c.get("/login")
    before = csrf(c)
    assert login(c, "an", "sai-mat-khau").status_code == 401
    r = login(c, "an", "mat-khau-cua-an", next_="/registry")
    assert r.status_code == 302 and r.headers["Location"] == "/registry"
    assert csrf(c) != before
    with office.test_request_context():
        pass
    with c:
        c.get("/draft")
        assert g.user.name == "an" and g.user.provinces == ("tay-ninh",)
    r = c.post("/logout", data={"csrf": csrf(c)})
    assert r.status_code == 302
    assert c.get("/draft").status_code == 302


def test_unicode_password_and_unicode_csrf_value_are_no_error(office) -> None:
    c = office.test_client()
    assert login(c, "admin", PASSWORD).status_code == 302
    r = c.post("/api/registry/check", json={"form": {}}, headers={"X-CSRF-Token": "mã-giả-mạo-ŧ"})
    assert r.status_code == 400 and "CSRF" in r.get_json()["error"]


def test_loopback_without_accounts_is_the_local_owner(app) -> None:
    from flask import g

    c = app.test_client()
    with c:
        assert c.get("/draft").status_code == 200
        assert g.user.name == "local" and g.user.role == "quan-tri"
    assert c.get("/login").status_code == 302


@pytest.mark.parametrize("host", ["attacker.example", "localhost.attacker.example", "127.0.0.1.nip.io", "[::1", "a b"])
def test_foreign_host_is_refused_without_accounts(app, host: str) -> None:
    c = app.test_client()
    r = c.get("/draft", headers={"Host": host})
    assert r.status_code == 400
    r = c.post("/api/registry/check", json={"form": {}}, headers={"Host": host})
    assert r.status_code == 400


@pytest.mark.parametrize("host", ["localhost:8030", "127.0.0.1:8030", "[::1]:8030", "LOCALHOST"])
def test_local_hosts_are_answered(app, host: str) -> None:
    assert app.test_client().get("/draft", headers={"Host": host}).status_code == 200


def test_office_hosts_listed_names_and_addresses(office) -> None:
    c = office.test_client()
    assert c.get("/login", headers={"Host": "vbgen.stp.local:8030"}).status_code == 200
    assert c.get("/login", headers={"Host": "10.0.0.5:8030"}).status_code == 200
    assert c.get("/login", headers={"Host": "evil.example"}).status_code == 400


def test_cross_site_post_is_refused(app) -> None:
    c = app.test_client()
    c.get("/draft")
    r = c.post("/api/registry/check", json={"form": {}}, headers={"X-CSRF-Token": csrf(c), "Origin": "http://attacker.example"})
    assert r.status_code == 403
    r = c.post("/api/registry/check", json={"form": {}}, headers={"X-CSRF-Token": csrf(c), "Origin": "null"})
    assert r.status_code == 200  # an opaque origin says nothing; the CSRF token decides
    r = c.post("/api/registry/check", json={"form": {}}, headers={"X-CSRF-Token": "forged", "Origin": "null"})
    assert r.status_code == 400


OPEN_REDIRECTS = ["//evil.example", "/%09/evil.example", "/\t/evil.example", "/\\evil.example", "\\\\evil.example",
                  "https://evil.example/", "/\r\nSet-Cookie: x=1", "/\nLocation: //evil", "javascript:alert(1)",
                  "/ /evil", "///evil.example", "http:evil.example", " //evil.example"]


@pytest.mark.parametrize("target", OPEN_REDIRECTS)
def test_next_goes_only_to_a_path_of_this_site(office, target: str) -> None:
    from urllib.parse import quote

    c = office.test_client()
    r = login(c, "admin", PASSWORD, next_=quote(target, safe=""))
    assert r.status_code == 302
    location = r.headers["Location"]
    assert location in ("/", quote(target, safe="/")) or location.startswith("/") and not location.startswith("//")
    assert "evil" not in location.split("?")[0] or location.startswith("/%09") or location.startswith("/%20")
    assert "\r" not in location and "\n" not in location and "\t" not in location and "\\" not in location


def test_safe_next_rules() -> None:
    from vbgen.web.auth import safe_next

    for bad in OPEN_REDIRECTS:
        assert safe_next(bad) in ("/", bad) and not safe_next(bad).startswith("//")
        assert "\t" not in safe_next(bad) and "\\" not in safe_next(bad)
    assert safe_next("/%09/evil.example") == "/%09/evil.example"  # a literal path here, not a tab
    assert safe_next("/draft?province=tay-ninh") == "/draft?province=tay-ninh"
    assert safe_next(["/draft"]) == "/" and safe_next(None) == "/"


def test_failed_logins_are_throttled_per_account_and_per_address(office) -> None:
    from vbgen.web import throttle

    access = office.extensions["vbgen"]["access"]
    now = [1000.0]
    access.throttle = throttle.Throttle(clock=lambda: now[0])
    c = office.test_client()
    for _ in range(throttle.FREE):
        assert login(c, "an", "sai").status_code == 401
    assert login(c, "an", "sai").status_code == 401  # the first locking failure
    r = login(c, "an", "mat-khau-cua-an")
    assert r.status_code == 429 and "giây" in r.get_data(as_text=True)  # even the right password waits
    other = office.test_client()
    r = login(other, "admin", PASSWORD, environ_base={"REMOTE_ADDR": "10.9.9.9"})
    assert r.status_code == 302  # another account from another address is not locked out
    now[0] += 2
    assert login(c, "an", "mat-khau-cua-an").status_code == 302
    # per address: many names from one address
    c2 = office.test_client()
    for i in range(throttle.FREE + 1):
        login(c2, f"x{i}", "sai", environ_base={"REMOTE_ADDR": "10.1.1.1"})
    assert login(c2, "admin", PASSWORD, environ_base={"REMOTE_ADDR": "10.1.1.1"}).status_code == 429
    # the delay doubles and is capped
    t = throttle.Throttle(clock=lambda: 0.0)
    for _ in range(60):
        t.failed("k")
    assert t.wait("k") == throttle.MAX_LOCK


def test_sessions_expire_idle_and_absolute_and_on_password_change(office, store) -> None:
    access = office.extensions["vbgen"]["access"]
    now = [10_000.0]
    access.clock = lambda: now[0]
    c = office.test_client()
    assert login(c, "an", "mat-khau-cua-an").status_code == 302
    now[0] += access.idle - 5
    assert c.get("/draft").status_code == 200
    now[0] += access.idle + 1
    assert c.get("/draft").status_code == 302  # idle
    assert login(c, "an", "mat-khau-cua-an").status_code == 302
    for _ in range(access.absolute // 3600 + 1):
        now[0] += 3600
        c.get("/draft")
    assert c.get("/draft").status_code == 302  # absolute, even though never idle
    assert login(c, "an", "mat-khau-cua-an").status_code == 302
    store.set_password("an", "mat-khau-moi-cua-an")
    assert c.get("/draft").status_code == 302  # the old session ended


def test_a_copied_session_cookie_is_dead_after_logout_also_after_a_restart(office, workspace: Path, tmp_path: Path) -> None:
    """The cookie is signed, not stored: logging out must still end it for whoever copied it."""
    from vbgen.web.app import create_app

    c = office.test_client()
    assert login(c, "an", "mat-khau-cua-an").status_code == 302
    cookie = c.get_cookie("session").value
    thief = office.test_client()
    thief.set_cookie("session", cookie)
    assert thief.get("/draft").status_code == 200  # a copy works while its owner is logged in
    other = office.test_client()
    assert login(other, "an", "mat-khau-cua-an").status_code == 302  # the same person on a second computer
    assert c.post("/logout", data={"csrf": csrf(c)}).status_code == 302
    assert thief.get("/draft").status_code == 302
    assert other.get("/draft").status_code == 200  # only the session logged out ends
    restarted = create_app(workspace / "content", workspace / "doctemplates", converter=tiny_pdf,
                           cache_dir=tmp_path / "c2", loopback=False, allow_hosts=["vbgen.stp.local"])
    again = restarted.test_client()
    again.set_cookie("session", cookie)
    assert again.get("/draft").status_code == 302


def test_admin_page_adds_changes_and_removes_users(office, store) -> None:
    c = office.test_client()
    assert login(c, "an", "mat-khau-cua-an").status_code == 302
    assert c.get("/admin/users").status_code == 403
    c.post("/logout", data={"csrf": csrf(c)})
    assert login(c, "admin", PASSWORD).status_code == 302
    page = c.get("/admin/users").get_data(as_text=True)
    assert "Nguyễn Văn An" in page
    r = c.post("/admin/users", data={"csrf": csrf(c), "action": "add", "name": "binh", "full_name": "Trần Bình",
                                    "role": "phap-che", "provinces": "tay-ninh, *", "password": "mat-khau-binh",
                                    "password2": "mat-khau-binh"})
    assert r.status_code == 302, r.get_data(as_text=True)
    assert store.get("binh").role == "phap-che"
    r = c.post("/admin/users", data={"csrf": csrf(c), "action": "add", "name": "x", "role": "soan-thao",
                                    "provinces": "khong-co", "password": "mat-khau-xxxx", "password2": "mat-khau-xxxx"})
    assert r.status_code == 422 and "khong-co" in r.get_data(as_text=True)
    assert c.post("/admin/users", data={"csrf": csrf(c), "action": "set", "name": "binh", "role": "lanh-dao",
                                        "provinces": "tay-ninh", "full_name": "Trần Bình"}).status_code == 302
    assert store.get("binh").role == "lanh-dao" and store.get("binh").provinces == ("tay-ninh",)
    # the page lists provinces by name in a multiple choice, each account's chosen ones selected
    page = c.get("/admin/users").get_data(as_text=True)
    assert '<option value="tay-ninh" selected>Tây Ninh</option>' in page and 'value="*"' in page
    assert "ha-noi," not in page and 'name="provinces" value=' not in page  # no slugs typed in a text box
    assert c.post("/admin/users", data={"csrf": csrf(c), "action": "set", "name": "binh", "role": "lanh-dao",
                                        "provinces": ["tay-ninh", "lai-chau"], "full_name": "Trần Bình"}).status_code == 302
    assert set(store.get("binh").provinces) == {"tay-ninh", "lai-chau"}
    assert "Đang giao: Lai Châu, Tây Ninh" in c.get("/admin/users").get_data(as_text=True)  # seen without scrolling the list
    assert c.post("/admin/users", data={"csrf": csrf(c), "action": "passwd", "name": "binh", "password": "mat-khau-binh-2",
                                        "password2": "mat-khau-binh-2"}).status_code == 302
    assert store.verify("binh", "mat-khau-binh-2")
    assert c.post("/admin/users", data={"csrf": csrf(c), "action": "remove", "name": "admin"}).status_code == 422
    assert c.post("/admin/users", data={"csrf": csrf(c), "action": "remove", "name": "binh"}).status_code == 302
    assert store.get("binh") is None
    assert c.post("/admin/users", data={"action": "remove", "name": "an"}).status_code == 400  # no CSRF token
    assert store.get("an") is not None
