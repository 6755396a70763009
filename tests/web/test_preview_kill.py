"""LibreOffice killed for real in the middle of a preview (issue 15): the soffice process group of
the warm pool's worker gets SIGKILL while it converts the page's document. The preview must still
arrive (the pool restarts LibreOffice and the preview store tries again), and nothing LibreOffice
or UNO says reaches the page, also when every attempt is killed."""

from __future__ import annotations

import os
import signal
import threading
import time
from pathlib import Path

import pytest

from tests.rendered import require
from tests.web.conftest import csrf

UNO_WORDS = ("com.sun.star", "DisposedException", "URP", "uno", "soffice", "bridge", "worker exit code", "Traceback")


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    try:  # a zombie is dead too
        with open(f"/proc/{pid}/stat", encoding="ascii") as f:
            return f.read().split(")")[-1].split()[0] != "Z"
    except OSError:
        return True


@pytest.fixture
def office_app(workspace: Path, tmp_path: Path, monkeypatch):
    """The app over a real warm LibreOffice pool (one worker); each conversion can be killed."""
    require("soffice")
    require("pdftoppm")
    if os.name != "posix":
        pytest.skip("kills a process group (POSIX)")
    from vbgen.pdf import pool
    from vbgen.web.app import create_app

    office = pool.Office(workers=1)
    kills: dict = {"todo": 0, "killed": [], "answers": []}
    original = pool._Instance.run

    def run(self, job_id, src, dst, timeout, filter_data=None):  # noqa: ANN001, ANN202
        if kills["todo"] > 0 and self.soffice_pid:
            kills["todo"] -= 1
            victim = self.soffice_pid

            def kill() -> None:
                time.sleep(0.02)  # the job has been sent: LibreOffice is loading / converting it
                os.killpg(victim, signal.SIGKILL)
                kills["killed"].append(victim)

            threading.Thread(target=kill, daemon=True).start()
            answer = original(self, job_id, src, dst, timeout, filter_data)
            kills["answers"].append(answer)
            return answer
        return original(self, job_id, src, dst, timeout, filter_data)

    monkeypatch.setattr(pool._Instance, "run", run)
    app = create_app(workspace / "content", workspace / "doctemplates", out_dir=tmp_path / "out",
                     converter=lambda docx: office.convert(docx), cache_dir=tmp_path / "cache")
    app.config["TESTING"] = True
    office.start(1)
    yield app, kills
    office.close()


def _preview(app, stem: str = "ke-hoach-06"):  # noqa: ANN001, ANN202
    c = app.test_client()
    c.get("/draft")
    h = {"X-CSRF-Token": csrf(c)}
    r = c.post(f"/api/draft/lai-chau/{stem}/preview", json={"form": {}}, headers=h)
    assert r.status_code == 200 and r.get_json()["ok"], r.get_data(as_text=True)[:300]
    return c, h, r.get_json()


def test_a_preview_arrives_although_libreoffice_is_killed_mid_conversion(office_app) -> None:
    app, kills = office_app
    c, h, result = _preview(app)
    kills["todo"] = 2  # the pool's own retry is killed too: the preview store starts it again
    r = c.post(result["pages_url"], headers=h)
    body = r.get_data(as_text=True)
    assert r.status_code == 200, body[:500]
    assert len(kills["killed"]) == 2 and all(a.get("crashed") for a in kills["answers"]), kills["answers"]
    assert not any(_alive(pid) for pid in kills["killed"])  # LibreOffice really died, twice
    pages = r.get_json()["pages"]
    assert len(pages) >= 5  # the whole Kế hoạch
    for url in pages:
        png = c.get(url)
        assert png.status_code == 200 and png.data.startswith(b"\x89PNG")
    pdf = c.get(result["pdf_url"])
    assert pdf.status_code == 200 and pdf.data.startswith(b"%PDF")
    assert not any(w.lower() in body.lower() for w in UNO_WORDS)


def test_when_every_attempt_is_killed_the_page_gets_a_vietnamese_message_only(office_app, monkeypatch) -> None:
    from vbgen.web import preview

    monkeypatch.setattr(preview, "ATTEMPTS", 2)
    app, kills = office_app
    c, h, result = _preview(app)
    kills["todo"] = 4  # two attempts of the store, each with the pool's own retry
    r = c.post(result["pages_url"], headers=h)
    body = r.get_data(as_text=True)
    assert r.status_code == 503, body[:500]
    assert len(kills["killed"]) == 4
    message = r.get_json()["error"]
    assert "LibreOffice dừng giữa chừng" in message and "Xem trước" in message
    for w in UNO_WORDS:
        assert w.lower() not in body.lower(), (w, body[:500])
    kills["todo"] = 4
    html = c.get(result["pdf_url"])  # the download link of the same document: the 503 page, in Vietnamese
    text = html.get_data(as_text=True)
    assert html.status_code == 503 and len(kills["killed"]) == 8, html.status_code
    assert '<html lang="vi">' in text and "LibreOffice dừng giữa chừng" in text
    assert not any(w.lower() in text.lower() for w in UNO_WORDS)
