"""The approval flow in Chromium: a clerk submits (the form locks), the legal officer sends it back
with notes (shown beside the form), the clerk resubmits, the leader approves (the file is frozen).

The login is stood in for by a test-only cookie naming the user (the real login is tested with it).
Set VBGEN_SCREENSHOTS=DIR to keep the screenshots.
"""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from flask import g, request

from tests.web.conftest import log_in_for_tests
from tests.web.test_browser import _require_browser, by_id, shot, wait
from vbgen.office import review
from vbgen.office.roles import DRAFTER, LEADER, LEGAL, User

USERS = {u.name: u for u in (User("an", "Nguyễn Văn An", DRAFTER, ("tay-ninh",)), User("binh", "Trần Thị Bình", LEGAL, ("tay-ninh",)),
                             User("cuong", "Lê Văn Cường", LEADER, ("tay-ninh",)))}


@pytest.fixture
def office_live(workspace: Path, tmp_path: Path):
    from werkzeug.serving import make_server

    from tests.web.conftest import tiny_pdf
    from vbgen.web.app import create_app

    app = create_app(workspace / "content", workspace / "doctemplates", out_dir=tmp_path / "out", cache_dir=tmp_path / "cache",
                     converter=tiny_pdf)

    def as_test_user():
        name = request.cookies.get("test-user")
        if name in USERS:
            g.user = USERS[name]

    log_in_for_tests(app, as_test_user)
    server = make_server("127.0.0.1", 0, app, threaded=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    server.url = f"http://127.0.0.1:{server.server_port}"
    yield server
    server.shutdown()
    server.server_close()


@pytest.fixture
def office_browser(tmp_path_factory):
    from tests.web.test_browser import _driver_with_downloads

    driver = _driver_with_downloads(tmp_path_factory, "office-downloads")
    yield driver
    driver.quit()


def _as(driver, live, who: str) -> None:
    driver.get(live.url + "/static/favicon.svg")
    driver.delete_cookie("test-user")
    driver.add_cookie({"name": "test-user", "value": who, "path": "/"})
    driver.get(live.url + "/draft/tay-ninh/ke-hoach-06")
    wait(driver, lambda d: by_id(d, "office-state").text != "", what="the review panel")


def test_submit_send_back_resubmit_approve_in_chromium(office_browser, office_live, workspace: Path) -> None:
    _require_browser()
    d, live, content = office_browser, office_live, workspace / "content"
    _as(d, live, "an")
    assert by_id(d, "office-state").text == "Dự thảo" and by_id(d, "save").is_enabled()
    shot(d, "office-1-draft")
    by_id(d, "office-submit").click()
    wait(d, lambda x: by_id(x, "office-state").text == "Trình duyệt", what="submitted")
    wait(d, lambda x: not by_id(x, "save").is_enabled(), what="the save button to lock")
    assert not by_id(d, "f-number").is_enabled() and "không sửa được" in by_id(d, "office-lock").text
    shot(d, "office-2-submitted-locked")
    _as(d, live, "binh")
    assert not d.find_elements("id", "office-approve")  # the legal officer does not approve
    by_id(d, "office-notes").send_keys("Bổ sung căn cứ: Luật Tổ chức chính quyền địa phương 2025.")
    by_id(d, "office-send-back").click()
    wait(d, lambda x: by_id(x, "office-state").text == "Dự thảo", what="sent back")
    _as(d, live, "an")
    notes = by_id(d, "review-notes").text
    assert "Luật Tổ chức chính quyền địa phương 2025" in notes and "Trần Thị Bình" in notes
    assert by_id(d, "save").is_enabled()
    shot(d, "office-3-sent-back-with-notes")
    by_id(d, "office-submit").click()
    wait(d, lambda x: by_id(x, "office-state").text == "Trình duyệt", what="resubmitted")
    _as(d, live, "cuong")
    assert not d.find_elements("id", "save")  # a leader reads, approves, never edits: no save button at all
    assert not by_id(d, "dirty").is_displayed()  # nor "Chưa lưu": there is nothing of theirs to save
    shown = [b.text or b.get_attribute("aria-label") or b.get_attribute("data-field")
             for b in d.find_elements("css selector", "#draft-form button, #draft-form select[data-field$='.add'], #bases-search")
             if b.is_displayed()]
    assert shown == [], f"controls a lãnh đạo cannot use are shown: {shown}"
    shot(d, "office-4-leader-sees-submitted")
    by_id(d, "office-approve").click()
    wait(d, lambda x: by_id(x, "office-state").text == "Đã duyệt", what="approved")
    assert "Lê Văn Cường" in by_id(d, "office-approved").text
    shot(d, "office-5-approved")
    data, frozen = review.frozen_bytes(content, "tay-ninh", "ke-hoach-06")
    assert data == (content / "provinces/tay-ninh/documents/ke-hoach-06.yaml").read_bytes() and frozen["by"] == "cuong"
    assert [e["by"] for e in review.status(content, "tay-ninh", "ke-hoach-06")["events"]] == ["an", "binh", "an", "cuong"]
