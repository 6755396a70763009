"""Review and history on the web: the approval flow, the lock, the record of every save, restore."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from flask import g, request

from tests.web.conftest import csrf, log_in_for_tests
from vbgen.office import history, review
from vbgen.office.roles import DRAFTER, LEADER, LEGAL, User

TN = "content/provinces/tay-ninh/documents/ke-hoach-06.yaml"
FILE = "provinces/tay-ninh/documents/ke-hoach-06.yaml"
USERS = {u.name: u for u in (User("an", "Nguyễn Văn An", DRAFTER, ("tay-ninh",)), User("binh", "Trần Thị Bình", LEGAL, ("tay-ninh",)),
                             User("cuong", "Lê Văn Cường", LEADER, ("tay-ninh",)), User("dung", "Phạm Dũng", DRAFTER, ("ha-noi",)),
                             User("em", "Lãnh đạo Hà Nội", LEADER, ("ha-noi",)))}


@pytest.fixture
def office(app):
    def as_test_user():
        name = request.headers.get("X-Test-User")
        if name is not None:
            g.user = USERS[name]

    log_in_for_tests(app, as_test_user)
    c = app.test_client()
    c.get("/draft")
    return c


def _data(c, who: str) -> dict:
    html = c.get("/draft/tay-ninh/ke-hoach-06", headers={"X-Test-User": who}).get_data(as_text=True)
    return json.loads(re.search(r'<script type="application/json" id="page-data">(.*?)</script>', html, re.S).group(1))


def _post(c, url: str, who: str, **form):
    return c.post(url, headers={"X-Test-User": who}, data={"csrf": csrf(c), **form})


def _save(c, who: str, number: str):
    data = _data(c, who)
    form = data["form"]
    form["number"] = number
    return c.post(data["urls"]["save"], headers={"X-Test-User": who, "X-CSRF-Token": csrf(c)},
                  json={"form": form, "base_sha": data["sha"]})


def test_approval_flow_lock_and_notes(office, workspace: Path) -> None:
    c, content = office, workspace / "content"
    page = c.get("/draft/tay-ninh/ke-hoach-06", headers={"X-Test-User": "an"}).get_data(as_text=True)
    assert 'id="office-state">Dự thảo' in page and 'id="office-submit"' in page and 'id="office-approve"' not in page
    assert _save(c, "an", "17").status_code == 200
    r = _post(c, "/review/tay-ninh/ke-hoach-06/submit", "an")
    assert r.status_code == 303 and r.headers["Location"].endswith("/draft/tay-ninh/ke-hoach-06#office-review")
    # locked: the drafter's save is refused and nothing is written
    before = (workspace / TN).read_bytes()
    r = _save(c, "an", "18")
    assert r.status_code == 423 and "Trình duyệt" in r.get_json()["error"] and (workspace / TN).read_bytes() == before
    page = c.get("/draft/tay-ninh/ke-hoach-06", headers={"X-Test-User": "an"}).get_data(as_text=True)
    assert 'data-locked="yes"' in page and "không sửa được" in page
    # attackers: the drafter approving, another province's leader approving, a legal officer approving
    assert _post(c, "/review/tay-ninh/ke-hoach-06/approve", "an").status_code == 403
    assert _post(c, "/review/tay-ninh/ke-hoach-06/approve", "em").status_code == 403
    assert _post(c, "/review/tay-ninh/ke-hoach-06/approve", "binh").status_code == 403
    assert _post(c, "/review/tay-ninh/ke-hoach-06/send-back", "dung", notes="x").status_code == 403
    assert review.state(content, "tay-ninh", "ke-hoach-06") == review.SUBMITTED
    # the legal officer sends it back with notes, shown beside the form
    assert _post(c, "/review/tay-ninh/ke-hoach-06/send-back", "binh", notes="   ").status_code == 409
    assert _post(c, "/review/tay-ninh/ke-hoach-06/send-back", "binh", notes="Bổ sung căn cứ <b>Luật</b>.").status_code == 303
    page = c.get("/draft/tay-ninh/ke-hoach-06", headers={"X-Test-User": "an"}).get_data(as_text=True)
    assert 'id="review-notes"' in page and "Bổ sung căn cứ &lt;b&gt;Luật&lt;/b&gt;." in page and "Trần Thị Bình" in page
    assert _save(c, "an", "19").status_code == 200
    assert _post(c, "/review/tay-ninh/ke-hoach-06/submit", "an").status_code == 303
    page = c.get("/draft/tay-ninh/ke-hoach-06", headers={"X-Test-User": "cuong"}).get_data(as_text=True)
    assert 'id="office-approve"' in page and 'id="office-send-back"' in page
    assert _post(c, "/review/tay-ninh/ke-hoach-06/approve", "cuong").status_code == 303
    approved = (workspace / TN).read_bytes()
    data, frozen = review.frozen_bytes(content, "tay-ninh", "ke-hoach-06")
    assert data == approved and frozen["by"] == "cuong" and b'number: "19"' in data
    page = c.get("/draft/tay-ninh/ke-hoach-06", headers={"X-Test-User": "an"}).get_data(as_text=True)
    assert "Đã duyệt" in page and "Lê Văn Cường" in page and 'data-locked="yes"' in page
    assert _save(c, "an", "20").status_code == 423


def test_every_web_save_is_in_the_history_and_can_be_restored(office, workspace: Path) -> None:
    c, content = office, workspace / "content"
    original = (workspace / TN).read_bytes()
    assert _save(c, "an", "21").status_code == 200
    assert _save(c, "an", "22").status_code == 200
    entries = history.for_file(content, FILE)
    assert [e["who"] for e in entries] == ["an", "an"] and entries[0]["via"] == "web"
    assert entries[1]["before"] == history.sha256(original) and '+number: "22"' in entries[0]["diff"]
    page = c.get(f"/history/{FILE}", headers={"X-Test-User": "an"}).get_data(as_text=True)
    assert 'id="h-1"' in page and 'id="h-2"' in page and "Nguy" not in page.split("<table")[0]
    # another province's drafter sees no history of this file and cannot restore it
    assert c.get(f"/history/{FILE}", headers={"X-Test-User": "dung"}).status_code == 403
    assert _post(c, f"/history/{FILE}/1/restore", "dung").status_code == 403
    # a leader may view but not restore (restoring is editing)
    assert c.get(f"/history/{FILE}/1", headers={"X-Test-User": "cuong"}).status_code == 200
    assert _post(c, f"/history/{FILE}/1/restore", "cuong").status_code == 403
    version = c.get(f"/history/{FILE}/1", headers={"X-Test-User": "an"}).get_data(as_text=True)
    assert 'number: &#34;21&#34;' in version and 'id="restore"' in version
    r = _post(c, f"/history/{FILE}/1/restore", "an")
    assert r.status_code == 303 and b'number: "21"' in (workspace / TN).read_bytes()
    last = history.for_file(content, FILE)[0]
    assert last["action"] == "restore #1" and last["who"] == "an" and last["after"] == entries[1]["after"]
    assert history.verify(content).ok
    # a submitted draft cannot be restored either
    assert _post(c, "/review/tay-ninh/ke-hoach-06/submit", "an").status_code == 303
    assert _post(c, f"/history/{FILE}/2/restore", "an").status_code == 409
    assert b'number: "21"' in (workspace / TN).read_bytes()
    for bad in ("../../etc/passwd", "provinces/tay-ninh/../../x", ".vbgen-office/history.jsonl"):
        assert c.get(f"/history/{bad}", headers={"X-Test-User": "an"}).status_code in (403, 404)


def test_registry_saves_are_recorded_and_only_legal_or_admin_may_save(office, workspace: Path) -> None:
    c = office
    from vbgen.web.registry_edit import entry_form
    from vbgen.content.load import load_registries

    reg = load_registries(workspace / "content").citations.value.citations
    key = next(iter(reg))
    form = entry_form(key, reg[key])
    form["note"] = "Ghi chú của pháp chế"
    text = (workspace / "content/citations.yaml").read_text(encoding="utf-8")
    from vbgen.content.yamlfile import sha256_text

    body = {"form": form, "base_sha": sha256_text(text)}
    assert c.post("/api/registry/save", headers={"X-Test-User": "an", "X-CSRF-Token": csrf(c)}, json=body).status_code == 403
    assert c.post("/api/registry/save", headers={"X-Test-User": "cuong", "X-CSRF-Token": csrf(c)}, json=body).status_code == 403
    r = c.post("/api/registry/save", headers={"X-Test-User": "binh", "X-CSRF-Token": csrf(c)}, json=body)
    assert r.status_code == 200, r.get_data(as_text=True)
    e = history.for_file(workspace / "content", "citations.yaml")[0]
    assert e["who"] == "binh" and "Ghi chú của pháp chế" in e["diff"]
