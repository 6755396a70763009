"""The web workspace shows the core's messages in Vietnamese (the note of the Tây Ninh Kế hoạch)."""

from __future__ import annotations

import json

from tests.web.conftest import post_json
from tests.web.test_app import page_data
from vbgen import i18n


def test_web_preview_shows_the_note_in_vietnamese(client) -> None:
    data = page_data(client, "/draft/tay-ninh/ke-hoach-06")
    r = post_json(client, data["urls"]["preview"], {"form": data["form"]}).get_json()
    texts = [m.get("text") or m.get("message") or json_text(m) for m in r["messages"]]
    assert any("Đã thêm vào Nơi nhận: BCH Bộ đội Biên phòng tỉnh (được giao nhiệm vụ nhưng chưa có trong danh sách Nơi nhận)" in t
               for t in texts), texts
    assert not any("given a task" in t for t in texts)
    assert i18n.language() == "en"  # the request's language stayed in the request


def json_text(m: dict) -> str:
    return json.dumps(m, ensure_ascii=False)


def test_a_redirect_body_is_vietnamese_too(client) -> None:
    """werkzeug's "Redirecting..." page (lang="en") never reaches a clerk, even one whose browser
    shows the body of a 302 (on loopback without accounts /login sends the owner on)."""
    r = client.get("/login?next=/draft")
    assert r.status_code in (302, 303) and r.location.endswith("/draft")
    body = r.get_data(as_text=True)
    assert 'lang="vi"' in body and "Redirecting" not in body and "Đang chuyển" in body
