"""Accounts written by several processes at once lose nothing: ``vbgen users add`` run in parallel,
other processes adding through the store, and the web administration page of a running app, all
on one ``users.json`` (a cross-process lock around each read-modify-write)."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
from pathlib import Path

from tests.web.conftest import csrf, tiny_pdf

ROOT = Path(__file__).resolve().parents[2]
PASSWORD = "mật-khẩu-quản-trị-2026"
WORKER = """
import sys
from pathlib import Path
import vbgen.office.users as users
users.HASH_METHOD = "scrypt:4096:8:1"  # the write path is the same; a smaller cost keeps the test short
store = users.UserStore.for_content(Path(sys.argv[1]))
for i in range(int(sys.argv[3])):
    store.add(f"{sys.argv[2]}-{i}", "", "soan-thao", ["phu-tho"], "mat-khau-du-dai-" + str(i))
"""


def _env() -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": str(ROOT / "src") + os.pathsep + os.environ.get("PYTHONPATH", "")}


def test_parallel_processes_and_the_admin_page_lose_no_account(workspace: Path, tmp_path: Path, monkeypatch) -> None:
    from vbgen.office.users import UserStore
    from vbgen.web.app import create_app

    monkeypatch.setattr("vbgen.office.users.HASH_METHOD", "scrypt:4096:8:1")
    content = workspace / "content"
    store = UserStore.for_content(content)
    store.add("admin", "Quản trị", "quan-tri", ["*"], PASSWORD)
    app = create_app(content, workspace / "doctemplates", converter=tiny_pdf, cache_dir=tmp_path / "c")
    app.config["TESTING"] = True
    web = app.test_client()
    web.get("/login")
    r = web.post("/login", data={"name": "admin", "password": PASSWORD, "csrf": csrf(web)})
    assert r.status_code == 302, r.get_data(as_text=True)[:300]

    secret = tmp_path / "pw.txt"
    secret.write_text("mat-khau-cua-cli-dai\n", encoding="utf-8")
    expected = {"admin"}
    procs = []
    for p in range(3):  # processes adding accounts in a loop through the store
        procs.append(subprocess.Popen([sys.executable, "-c", WORKER, str(content), f"proc{p}", "8"], env=_env(),
                                      stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True))
        expected |= {f"proc{p}-{i}" for i in range(8)}
    for n in range(3):  # the real command, three at once
        procs.append(subprocess.Popen([sys.executable, "-m", "vbgen", "users", "add", f"cli{n}", "--role", "lanh-dao",
                                       "-p", "phu-tho", "--password-file", str(secret), "--content", str(content)],
                                      env=_env(), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=tmp_path))
        expected.add(f"cli{n}")
    statuses = []

    def admin_page() -> None:
        for i in range(6):
            r = web.post("/admin/users", data={"action": "add", "name": f"web-{i}", "full_name": "", "role": "phap-che",
                                               "provinces": "phu-tho", "password": "mat-khau-trang-web",
                                               "password2": "mat-khau-trang-web", "csrf": csrf(web)})
            statuses.append(r.status_code)

    page = threading.Thread(target=admin_page)
    page.start()
    expected |= {f"web-{i}" for i in range(6)}
    for proc in procs:
        out, err = proc.communicate(timeout=300)
        assert proc.returncode == 0, err[-2000:]
    page.join(300)
    assert statuses == [302] * 6
    names = {u.name for u in UserStore.for_content(content).users()}
    assert names == expected, f"lost: {sorted(expected - names)}"
    # and every one of them can log in with the password it was given
    assert UserStore.for_content(content).verify("cli2", "mat-khau-cua-cli-dai") is not None
    assert UserStore.for_content(content).verify("proc1-7", "mat-khau-du-dai-7") is not None
