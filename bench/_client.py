"""The HTTP client the serve benchmarks share: one browser's cookies, CSRF token and pages."""

from __future__ import annotations

import http.cookiejar
import json
import re
import urllib.error
import urllib.request


class Session:
    """One browser: its cookies, CSRF token and the page data of one drafting page."""

    def __init__(self, base: str) -> None:
        self.base = base
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))
        self.csrf = ""

    def get(self, path: str) -> str:
        with self.opener.open(self.base + path, timeout=300) as r:
            html = r.read().decode("utf-8")
        m = re.search(r'<meta name="csrf-token" content="([^"]+)"', html)
        if m:
            self.csrf = m.group(1)
        return html

    def post(self, path: str, body: dict) -> tuple[int, dict]:
        req = urllib.request.Request(self.base + path, data=json.dumps(body).encode(), method="POST",
                                     headers={"Content-Type": "application/json", "X-CSRF-Token": self.csrf})
        try:
            with self.opener.open(req, timeout=300) as r:
                return r.status, json.loads(r.read())
        except urllib.error.HTTPError as e:
            try:
                return e.code, json.loads(e.read() or b"{}")
            except ValueError:  # an HTML error page
                return e.code, {}

    def open_draft(self, slug: str, stem: str = "ke-hoach-06") -> dict:
        html = self.get(f"/draft/{slug}/{stem}")
        return json.loads(re.search(r'id="page-data">(.*?)</script>', html, re.S).group(1))
