"""Benchmark of ``vbgen serve`` (not a test): how long a person waits after an edit.

Prints, side by side in one run:

* save -> preview ready (median and p95 over 20 edits): one edit is a save (the override file
  is rewritten), a preview (the document rendered from the form) and the A4 page images (PDF by
  LibreOffice, PNG by pdftoppm), each a real HTTP request on loopback, as the page makes them;
  with the warm LibreOffice converter when vbgen has one, and with a cold ``soffice`` per preview;
* page load: the drafting page's HTML, and a fresh page's first preview;
* 10 simulated users editing 10 different provinces at once: errors, lost writes, timings.

    python bench/bench_serve.py [--edits 20] [--users 10] [--no-cold]
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from _client import Session  # noqa: E402  (bench/, beside this script)
from vbgen.web.app import create_app  # noqa: E402
from vbgen.web.preview import cold_converter, default_converter  # noqa: E402


def start(converter, workspace: Path):
    """The app on the production server ``vbgen serve`` uses (waitress, its pool and limits)."""
    import logging

    from vbgen.web.server import make_server

    logging.getLogger("waitress").setLevel(logging.CRITICAL)  # a request cut at shutdown is not news
    app = create_app(workspace / "content", workspace / "doctemplates", out_dir=workspace / "out",
                     converter=converter, cache_dir=workspace / "cache")
    server = make_server(app, "127.0.0.1", 0)
    server.app = app
    server.shutdown = server.close
    threading.Thread(target=server.run, daemon=True).start()
    return server, f"http://127.0.0.1:{server.effective_port}"


def fresh_workspace() -> Path:
    tmp = Path(tempfile.mkdtemp(prefix="vbgen-bench-serve-"))
    shutil.copytree(ROOT / "content", tmp / "content")
    shutil.copytree(ROOT / "doctemplates", tmp / "doctemplates")
    return tmp


def edit(s: Session, data: dict, number: str) -> tuple[float, bool]:
    """Save a new number, then preview and page images; (seconds, ok)."""
    form = dict(data["form"], number=number)
    t0 = time.perf_counter()
    code, saved = s.post(data["urls"]["save"], {"form": form, "base_sha": data["sha"], "base_form": data["form"]})
    if code != 200:
        return time.perf_counter() - t0, False
    data["sha"], data["form"] = saved["sha"], saved["form"]
    code, preview = s.post(data["urls"]["preview"], {"form": form})
    if code != 200 or not preview.get("ok"):
        return time.perf_counter() - t0, False
    code, pages = s.post(preview["pages_url"], {})
    return time.perf_counter() - t0, code == 200 and bool(pages.get("pages"))


def p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(0.95 * (len(ordered) - 1))))]


def bench_edits(converter, edits: int) -> dict:
    ws = fresh_workspace()
    server, base = start(converter, ws)
    try:
        from vbgen.web.server import warm_up

        t0 = time.perf_counter()
        warm_up(server.app)  # vbgen serve does this in the background when it starts
        warm_s = time.perf_counter() - t0
        s = Session(base)
        t0 = time.perf_counter()
        data = s.open_draft("tay-ninh")
        html_s = time.perf_counter() - t0
        t0 = time.perf_counter()
        _, preview = s.post(data["urls"]["preview"], {"form": data["form"]})
        s.post(preview["pages_url"], {})
        first_s = time.perf_counter() - t0
        times, failures = [], 0
        for i in range(edits):
            seconds, ok = edit(s, data, str(30 + i))
            times.append(seconds)
            failures += not ok
        loads = []
        for _ in range(10):
            t0 = time.perf_counter()
            s.open_draft("tay-ninh")
            loads.append(time.perf_counter() - t0)
        return {"median": statistics.median(times), "p95": p95(times), "failures": failures, "warm_up": warm_s,
                "html": statistics.median(loads), "first_html": html_s, "first_preview": first_s}
    finally:
        server.shutdown()
        shutil.rmtree(ws, ignore_errors=True)


def bench_users(converter, users: int, edits_each: int = 5) -> dict:
    ws = fresh_workspace()
    server, base = start(converter, ws)
    from vbgen.content.load import load_registries

    slugs = [p.slug for p in load_registries(ws / "content").provinces.value.provinces][:users]
    results: dict[str, dict] = {}

    def user(slug: str, n: int) -> None:
        s = Session(base)
        data = s.open_draft(slug)
        times, failures = [], 0
        for i in range(edits_each):
            seconds, ok = edit(s, data, str(100 + n * 10 + i))
            times.append(seconds)
            failures += not ok
        results[slug] = {"times": times, "failures": failures, "last": str(100 + n * 10 + edits_each - 1)}

    t0 = time.perf_counter()
    threads = [threading.Thread(target=user, args=(slug, n)) for n, slug in enumerate(slugs)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    wall = time.perf_counter() - t0
    server.shutdown()
    lost = 0
    for slug, r in results.items():
        text = (ws / "content/provinces" / slug / "documents/ke-hoach-06.yaml").read_text(encoding="utf-8")
        lost += f'number: "{r["last"]}"' not in text
    times = [t for r in results.values() for t in r["times"]]
    shutil.rmtree(ws, ignore_errors=True)
    return {"users": len(slugs), "edits": len(times), "errors": sum(r["failures"] for r in results.values()) + (len(slugs) - len(results)),
            "lost": lost, "wall": wall, "median": statistics.median(times), "p95": p95(times)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--edits", type=int, default=20)
    parser.add_argument("--users", type=int, default=10)
    parser.add_argument("--no-cold", action="store_true", help="skip the cold-soffice baseline")
    args = parser.parse_args()
    warm, name = default_converter()
    rows = []
    if name == "warm":
        rows.append(("warm LibreOffice", bench_edits(warm, args.edits)))
    else:
        print("warm converter: not available in this vbgen (vbgen.pdf.pool); only the cold one is measured")
    if not args.no_cold:
        rows.append(("cold soffice per preview", bench_edits(cold_converter, args.edits)))
    print(f"save -> preview ready, {args.edits} edits (save + render + PDF + PNG pages, HTTP on loopback)")
    for label, r in rows:
        print(f"  {label:<26} median {r['median']:.3f} s   p95 {r['p95']:.3f} s   failures {r['failures']}"
              + ("   goal p95 <= 1 s " + ("OK" if r["p95"] <= 1.0 else "MISSED")))
    if len(rows) == 2:
        print(f"  warm vs cold: {rows[1][1]['median'] / rows[0][1]['median']:.1f}x faster (median)")
    label, r = rows[0]
    print(f"page load: drafting page HTML {r['html'] * 1000:.1f} ms (median of 10; first {r['first_html'] * 1000:.0f} ms); "
          f"first preview of a fresh page {r['first_preview']:.2f} s ({label}; start-up warm-up took {r['warm_up']:.1f} s)")
    conv = warm if name == "warm" else cold_converter
    u = bench_users(conv, args.users)
    print(f"{u['users']} users editing {u['users']} provinces at once ({u['edits']} edits, {'warm' if name == 'warm' else 'cold'}): "
          f"errors {u['errors']}, lost writes {u['lost']}, wall {u['wall']:.1f} s, per edit median {u['median']:.2f} s p95 {u['p95']:.2f} s")
    head = rows[0][1]
    print(f"serve_p95_s={head['p95']:.3f} serve_median_s={head['median']:.3f} page_html_ms={head['html'] * 1000:.1f} "
          f"users_errors={u['errors']} users_lost={u['lost']}")


if __name__ == "__main__":
    main()
