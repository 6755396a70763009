"""Behind an HTTPS reverse proxy: the session cookie is ``Secure`` when the request came over
HTTPS as a believed proxy says (werkzeug ProxyFix with a configured number of proxies, or
waitress's --trusted-proxy), and the forwarded headers are ignored when no proxy is configured."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from tests.web.conftest import tiny_pdf
from tests.web.test_server import get


def _app(workspace: Path, tmp_path: Path, proxies: int = 0):
    from vbgen.web.app import create_app

    return create_app(workspace / "content", workspace / "doctemplates", out_dir=tmp_path / "out",
                      converter=tiny_pdf, cache_dir=tmp_path / "cache", proxies=proxies)


def _cookie(response) -> str:  # noqa: ANN001
    cookies = response.headers.getlist("Set-Cookie")
    assert len(cookies) == 1 and cookies[0].startswith("session="), cookies
    return cookies[0]


HTTPS = {"X-Forwarded-Proto": "https", "X-Forwarded-For": "203.0.113.9", "X-Forwarded-Host": "localhost"}


def test_secure_cookie_through_one_configured_proxy(workspace: Path, tmp_path: Path) -> None:
    app = _app(workspace, tmp_path, proxies=1)
    seen = {}

    @app.before_request
    def _remember():  # noqa: ANN202
        from flask import request

        seen["addr"], seen["scheme"] = request.remote_addr, request.scheme

    cookie = _cookie(app.test_client().get("/draft", headers=HTTPS))
    assert "; Secure" in cookie and "HttpOnly" in cookie and "SameSite=Strict" in cookie
    assert seen == {"addr": "203.0.113.9", "scheme": "https"}  # the throttle counts the real client
    plain = _cookie(app.test_client().get("/draft", headers={"X-Forwarded-Proto": "http"}))
    assert "Secure" not in plain


def test_forwarded_headers_are_ignored_without_a_configured_proxy(workspace: Path, tmp_path: Path) -> None:
    app = _app(workspace, tmp_path)  # the default: no proxy believed
    assert "Secure" not in _cookie(app.test_client().get("/draft", headers=HTTPS))


def test_direct_https_gives_a_secure_cookie(workspace: Path, tmp_path: Path) -> None:
    app = _app(workspace, tmp_path)
    assert "; Secure" in _cookie(app.test_client().get("/draft", base_url="https://localhost"))


@pytest.mark.parametrize("trusted", ["127.0.0.1", None])
def test_waitress_trusted_proxy_gives_a_secure_cookie(workspace: Path, tmp_path: Path, trusted: str | None) -> None:
    from vbgen.web.server import listening, make_server

    srv = make_server(_app(workspace, tmp_path), "127.0.0.1", 0, trusted_proxy=trusted)
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    try:
        port = listening(srv)[0][1]
        r = get(port, "/draft", host=f"localhost:{port}", headers={"X-Forwarded-Proto": "https"})
        cookie = r.headers["Set-Cookie"]
        assert ("; Secure" in cookie) == (trusted is not None), cookie
    finally:
        srv.close()
        thread.join(10)
