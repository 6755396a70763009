"""The production server (waitress) as people reach it over TCP (issue 15): idle connections do
not block others, foreign Hosts are refused, and the login throttle and redirects hold."""

from __future__ import annotations

import http.client
import socket
import threading
from pathlib import Path

import pytest

from tests.web.conftest import tiny_pdf


@pytest.fixture
def server(workspace: Path, tmp_path: Path):
    from vbgen.web.app import create_app
    from vbgen.web.server import CONNECTION_LIMIT, THREADS, listening, make_server

    assert THREADS == 8 and CONNECTION_LIMIT >= 1000
    app = create_app(workspace / "content", workspace / "doctemplates", converter=tiny_pdf, cache_dir=tmp_path / "c")
    srv = make_server(app, "127.0.0.1", 0)
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    yield app, listening(srv)[0][1]
    srv.close()
    thread.join(10)


def get(port: int, path: str, host: str | None = None, method: str = "GET", body: bytes | None = None,
        headers: dict | None = None) -> http.client.HTTPResponse:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    conn.putrequest(method, path, skip_host=True)
    conn.putheader("Host", host or f"127.0.0.1:{port}")
    for k, v in (headers or {}).items():
        conn.putheader(k, v)
    if body is not None:
        conn.putheader("Content-Length", str(len(body)))
    conn.endheaders(body)
    r = conn.getresponse()
    r.read()
    conn.close()
    return r


def test_idle_connections_do_not_block_a_normal_request(server) -> None:
    app, port = server
    idle = []
    try:
        for _ in range(200):  # connected, sending nothing (and half a request on some)
            s = socket.create_connection(("127.0.0.1", port), timeout=30)
            idle.append(s)
        for s in idle[:50]:
            s.sendall(b"GET /draft HTTP/1.1\r\nHost: 127.0.0.1\r\n")  # never finished
        r = get(port, "/draft")
        assert r.status == 200
        assert threading.active_count() < 40  # a fixed pool, not a thread per connection
    finally:
        for s in idle:
            s.close()


def test_foreign_host_is_refused_on_the_real_server(server) -> None:
    app, port = server
    assert get(port, "/draft", host="attacker.example").status == 400
    assert get(port, "/draft", host=f"localhost:{port}").status == 200
    r = get(port, "/api/registry/check", host="attacker.example", method="POST", body=b"{}",
            headers={"Content-Type": "application/json", "Origin": "http://attacker.example"})
    assert r.status == 400


def test_request_body_limit_on_the_real_server(server) -> None:
    from vbgen.web.server import MAX_BODY

    app, port = server
    with socket.create_connection(("127.0.0.1", port), timeout=60) as s:  # refused before the body is read
        s.sendall(b"POST /api/registry/check HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                  b"Content-Length: %d\r\n\r\n{" % (MAX_BODY + 10))
        assert s.recv(100).startswith(b"HTTP/1.1 413")


def test_login_throttle_and_redirects_on_the_real_server(workspace: Path, tmp_path: Path, monkeypatch) -> None:
    from vbgen.office.users import UserStore
    from vbgen.web import throttle
    from vbgen.web.app import create_app
    from vbgen.web.server import listening, make_server

    monkeypatch.setattr("vbgen.office.users.HASH_METHOD", "scrypt:1024:8:1")
    UserStore.for_content(workspace / "content").add("an", "An", "soan-thao", ["*"], "mật-khẩu-của-an")
    app = create_app(workspace / "content", workspace / "doctemplates", converter=tiny_pdf, cache_dir=tmp_path / "c")
    srv = make_server(app, "127.0.0.1", 0)
    threading.Thread(target=srv.run, daemon=True).start()
    port = listening(srv)[0][1]
    try:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)

        def request(method: str, path: str, body: str = "", cookie: str = "") -> http.client.HTTPResponse:
            from urllib.parse import quote  # noqa: F401

            headers = {"Host": f"localhost:{port}", "Content-Type": "application/x-www-form-urlencoded"}
            if cookie:
                headers["Cookie"] = cookie
            conn.request(method, path, body=body.encode() if body else None, headers=headers)
            r = conn.getresponse()
            r.body = r.read().decode("utf-8", "replace")  # type: ignore[attr-defined]
            return r

        r = request("GET", "/login")
        cookie = r.getheader("Set-Cookie").split(";")[0]
        import re

        token = re.search(r'name="csrf" value="([^"]+)"', r.body).group(1)  # type: ignore[attr-defined]
        from urllib.parse import urlencode

        codes = [request("POST", "/login", urlencode({"name": "an", "password": "sai", "csrf": token}), cookie).status
                 for _ in range(throttle.FREE + 3)]
        assert codes[:throttle.FREE + 1] == [401] * (throttle.FREE + 1) and codes[-1] == 429
        r = request("POST", "/login?next=/%09/evil.example", urlencode({"name": "an", "password": "mật-khẩu-của-an",
                                                                      "csrf": token}), cookie)
        assert r.status == 429  # locked even with the right password
        app.extensions["vbgen"]["access"].throttle = throttle.Throttle()
        for target in ("/%09/evil.example", "//evil.example", "/%5Cevil.example", "/%0D%0ALocation:%20//evil"):
            r = request("POST", f"/login?next={target}", urlencode({"name": "an", "password": "mật-khẩu-của-an",
                                                                    "csrf": token}), cookie)
            assert r.status == 302
            location = r.getheader("Location")
            assert not location.startswith("//") and "\t" not in location and "\\" not in location
            assert not re.match(r"^[a-z]+:", location) and location.startswith("/")
            cookie = r.getheader("Set-Cookie").split(";")[0]
            token = re.search(r'name="csrf" value="([^"]+)"', request("GET", "/draft", cookie=cookie).body).group(1)  # type: ignore[attr-defined]
            request("POST", "/logout", urlencode({"csrf": token}), cookie)
            r = request("GET", "/login", cookie=cookie)
            cookie = (r.getheader("Set-Cookie") or cookie).split(";")[0]
            token = re.search(r'name="csrf" value="([^"]+)"', r.body).group(1)  # type: ignore[attr-defined]
        conn.close()
    finally:
        srv.close()
