"""Benchmark of ``vbgen serve`` for an office (not a test): 30 people with mixed roles at once.

Starts the production server exactly as ``vbgen serve`` does (a separate process, waitress, real
LibreOffice previews) on a copy of the shipped content with 30 accounts, then for ``--duration``
seconds (default 120) each simulated person works in a loop:

* soạn thảo (20): opens their province's drafting page, edits the number, previews (render + PDF +
  page images), saves every third edit;
* pháp chế (5): opens the registry list and an entry, runs "Kiểm tra" on it;
* lãnh đạo (3): opens drafting pages of any province and previews them;
* quản trị (2): opens the accounts page and the drafting chooser.

Prints page and preview p50/p95, errors, lost writes (each drafter's last saved number must be
in their file at the end) and the server's memory (RSS) at start and end. Loopback only.

    python bench/bench_office.py [--duration 120] [--users 30]
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

from _client import Session  # bench/, beside this script

ROOT = Path(__file__).resolve().parents[1]
PASSWORD = "mật-khẩu-thử-nghiệm-2026"


class Person(Session):
    """One member of staff: a browser (:class:`_client.Session`) with an account to log in with."""

    def __init__(self, base: str, name: str) -> None:
        super().__init__(base)
        self.name = name

    def login(self) -> None:
        self.get("/login")
        data = urllib.parse.urlencode({"name": self.name, "password": PASSWORD, "csrf": self.csrf}).encode()
        with self.opener.open(urllib.request.Request(self.base + "/login?next=/draft", data=data), timeout=300) as r:
            r.read()
            assert r.url.endswith("/draft"), f"login of {self.name} failed"


def rss_mib(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def tree_rss_mib(pid: int) -> float:
    """The server and its children (the warm LibreOffice processes)."""
    total, todo = 0.0, [pid]
    while todo:
        p = todo.pop()
        try:
            total += rss_mib(p)
            todo += [int(c) for c in Path(f"/proc/{p}/task/{p}/children").read_text().split()]
        except OSError:
            pass
    return total


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))] if ordered else float("nan")


def main() -> None:

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--duration", type=float, default=120.0, help="seconds of simulated work (default 120)")
    parser.add_argument("--users", type=int, default=30)
    args = parser.parse_args()

    ws = Path(tempfile.mkdtemp(prefix="vbgen-bench-office-"))
    shutil.copytree(ROOT / "content", ws / "content")
    shutil.copytree(ROOT / "doctemplates", ws / "doctemplates")
    env = dict(os.environ, PYTHONPATH=str(ROOT / "src"), VBGEN_PASSWORD=PASSWORD)
    vbgen = [sys.executable, "-m", "vbgen"]
    sys.path.insert(0, str(ROOT / "src"))
    from vbgen.content.load import load_registries

    slugs = [p.slug for p in load_registries(ws / "content").provinces.value.provinces]
    n_drafters = max(1, round(args.users * 20 / 30))
    n_legal = max(1, round(args.users * 5 / 30))
    n_leaders = max(1, round(args.users * 3 / 30))
    people = ([("soan-thao", f"st{i}", slugs[i % len(slugs)]) for i in range(n_drafters)]
              + [("phap-che", f"pc{i}", "*") for i in range(n_legal)]
              + [("lanh-dao", f"ld{i}", "*") for i in range(n_leaders)])
    people += [("quan-tri", f"qt{i}", "*") for i in range(max(1, args.users - len(people)))]
    # a cheap hash for the 30 accounts is not wanted: they are made like an office makes them
    for role, name, province in people:
        subprocess.run([*vbgen, "users", "add", name, "--role", role, "-p", province, "--content", str(ws / "content")],
                       env=env, check=True, capture_output=True, cwd=ws)
    server = subprocess.Popen([*vbgen, "serve", "--port", "0", "--content", str(ws / "content"), "--templates",
                               str(ws / "doctemplates"), "--out", str(ws / "out")], env=env, cwd=ws,
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    first = server.stdout.readline()
    m = re.search(r"http://localhost:(\d+)/", first)
    assert m, first
    threading.Thread(target=lambda: [None for _ in server.stdout], daemon=True).start()
    base = f"http://127.0.0.1:{m.group(1)}"
    print(first.strip())
    time.sleep(5)  # the warm-up starts LibreOffice, as a real start would
    mem_start = tree_rss_mib(server.pid)
    pages: list[float] = []
    previews: list[float] = []
    errors: list[str] = []
    last_saved: dict[str, str] = {}
    lock = threading.Lock()
    stop_at = time.monotonic() + args.duration

    def timed(kind: list[float], fn):  # noqa: ANN001, ANN202
        t0 = time.perf_counter()
        out = fn()
        with lock:
            kind.append(time.perf_counter() - t0)
        return out

    def drafter(p: Person, slug: str, n: int) -> None:
        html = timed(pages, lambda: p.get(f"/draft/{slug}/ke-hoach-06"))
        data = json.loads(re.search(r'id="page-data">(.*?)</script>', html, re.S).group(1))
        i = 0
        while time.monotonic() < stop_at:
            i += 1
            number = str(100 + n * 1000 + i)
            form = dict(data["form"], number=number)

            def preview() -> bool:
                code, out = p.post(data["urls"]["preview"], {"form": form})
                if code != 200 or not out.get("ok"):
                    return False
                code, pg = p.post(out["pages_url"], {})
                return code == 200 and bool(pg.get("pages"))

            if not timed(previews, preview):
                errors.append(f"{p.name}: preview")
            if i % 3 == 0:
                code, saved = p.post(data["urls"]["save"], {"form": form, "base_sha": data["sha"], "base_form": data["form"]})
                if code != 200 or not saved.get("saved"):
                    errors.append(f"{p.name}: save {code}")
                else:
                    data["sha"], data["form"] = saved["sha"], saved["form"]
                    last_saved[slug] = number
            timed(pages, lambda: p.get(f"/draft/{slug}/ke-hoach-06"))

    def legal(p: Person) -> None:
        while time.monotonic() < stop_at:
            html = timed(pages, lambda: p.get("/registry?q=nghi+dinh"))
            keys = re.findall(r'href="/registry/([a-z0-9-]+)"', html)
            if keys:
                entry = timed(pages, lambda: p.get(f"/registry/{keys[0]}"))
                data = json.loads(re.search(r'id="page-data">(.*?)</script>', entry, re.S).group(1))
                code, _out = p.post(data["urls"]["check"], {"form": data["form"], "is_new": False})
                if code != 200:
                    errors.append(f"{p.name}: check {code}")

    def leader(p: Person, n: int) -> None:
        k = 0
        while time.monotonic() < stop_at:
            slug = slugs[(n * 7 + k) % min(len(slugs), n_drafters)]
            k += 1
            html = timed(pages, lambda: p.get(f"/draft/{slug}/ke-hoach-06"))
            data = json.loads(re.search(r'id="page-data">(.*?)</script>', html, re.S).group(1))

            def preview() -> bool:
                code, out = p.post(data["urls"]["preview"], {"form": data["form"]})
                return code == 200 and out.get("ok") and p.post(out["pages_url"], {})[0] == 200

            if not timed(previews, preview):
                errors.append(f"{p.name}: preview")

    def admin(p: Person) -> None:
        while time.monotonic() < stop_at:
            timed(pages, lambda: p.get("/admin/users"))
            timed(pages, lambda: p.get("/draft"))
            time.sleep(1)

    def run(role: str, name: str, province: str, n: int) -> None:
        p = Person(base, name)
        try:
            p.login()
            if role == "soan-thao":
                drafter(p, province, n)
            elif role == "phap-che":
                legal(p)
            elif role == "lanh-dao":
                leader(p, n)
            else:
                admin(p)
        except Exception as e:  # noqa: BLE001 - counted, the others go on
            errors.append(f"{name}: {type(e).__name__}: {e}")

    t0 = time.perf_counter()
    threads = [threading.Thread(target=run, args=(*person, n)) for n, person in enumerate(people)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    wall = time.perf_counter() - t0
    mem_end = tree_rss_mib(server.pid)
    server_only = rss_mib(server.pid)
    server.terminate()
    server.wait(60)
    lost = 0
    for slug, number in last_saved.items():
        text = (ws / "content/provinces" / slug / "documents/ke-hoach-06.yaml").read_text(encoding="utf-8")
        lost += f'"{number}"' not in text and f": {number}\n" not in text
    cache_left = [str(p) for p in Path(tempfile.gettempdir()).glob("vbgen-serve-*") if (p / "pid").exists()
                  and (p / "pid").read_text() == str(server.pid)]
    shutil.rmtree(ws, ignore_errors=True)
    roles = {r: sum(1 for p in people if p[0] == r) for r in ("soan-thao", "phap-che", "lanh-dao", "quan-tri")}
    print(f"{len(people)} users ({', '.join(f'{k} {v}' for k, v in roles.items())}) for {args.duration:.0f} s "
          f"(wall {wall:.0f} s) on waitress, loopback, {os.cpu_count()} CPUs")
    print(f"  pages     n={len(pages):5d}  p50 {pct(pages, .5) * 1000:7.0f} ms   p95 {pct(pages, .95) * 1000:7.0f} ms")
    print(f"  previews  n={len(previews):5d}  p50 {pct(previews, .5):7.2f} s    p95 {pct(previews, .95):7.2f} s "
          "  (render + PDF + page images)")
    print(f"  errors {len(errors)}   saves checked {len(last_saved)}   lost writes {lost}")
    print(f"  memory (RSS) server + LibreOffice: start {mem_start:.0f} MiB, end {mem_end:.0f} MiB "
          f"(server process alone at end {server_only:.0f} MiB)")
    print(f"  preview cache left after SIGTERM: {len(cache_left)}")
    for e in errors[:10]:
        print("   ", e)


if __name__ == "__main__":
    main()
