"""What a person sees (not a test): last keystroke -> the new A4 pages shown, in Chromium.

Starts the workspace on a copy of the content (warm LibreOffice, as ``vbgen serve`` does), opens
Lai Châu's Kế hoạch in headless Chromium at 1366×768, and N times types one character into "Số";
the time runs from the keystroke to the moment the page shows the new preview's pages (the
status "Đã cập nhật" with the new document's hash). It includes the page's 400 ms pause that
waits for typing to stop. Printed beside ``bench_serve.py``'s HTTP-only figure for the same step.

    python bench/bench_serve_browser.py [--edits 10]
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


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--edits", type=int, default=10)
    args = ap.parse_args()
    sys.path.insert(0, str(ROOT / "src"))
    sys.path.insert(0, str(ROOT))
    from tests.web.test_browser import _new_driver
    from vbgen.web.app import create_app
    from vbgen.web.server import make_server

    tmp = Path(tempfile.mkdtemp(prefix="vbgen-bench-browser-"))
    shutil.copytree(ROOT / "content", tmp / "content")
    app = create_app(tmp / "content", ROOT / "doctemplates", out_dir=tmp / "out", cache_dir=tmp / "cache")
    server = make_server(app, "127.0.0.1", 0)  # the production server vbgen serve runs
    threading.Thread(target=server.run, daemon=True).start()
    driver = _new_driver(tmp / "dl")
    driver.set_window_size(1366, 768)
    try:
        driver.get(f"http://127.0.0.1:{server.effective_port}/draft/lai-chau/ke-hoach-06")
        sha = _wait_new(driver, "", 180)
        signer = driver.find_element("id", "f-signer")  # prints on every draft (number and date print blank on a DỰ THẢO)
        times = []
        for i in range(args.edits):
            signer.send_keys(str(i % 10))
            t0 = time.monotonic()
            sha = _wait_new(driver, sha, 60)
            times.append(time.monotonic() - t0)
        times.sort()
        p95 = times[min(len(times) - 1, round(0.95 * (len(times) - 1)))]
        print(f"last keystroke -> new pages shown (Chromium, {args.edits} edits, incl. the 400 ms typing pause): "
              f"median {statistics.median(times):.3f} s   p95 {p95:.3f} s   (of which 0.400 s is the page's pause)")
    finally:
        driver.quit()
        server.close()
        shutil.rmtree(tmp, ignore_errors=True)


def _wait_new(driver, previous: str, timeout: float) -> str:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        sha = driver.find_element("id", "preview").get_attribute("data-sha") or ""
        if sha not in ("", previous) and driver.find_element("id", "preview-status").text.startswith("Đã cập nhật"):
            return sha
        time.sleep(0.01)
    status = driver.find_element("id", "preview-status").text
    raise SystemExit(f"the preview did not update within {timeout:.0f} s (status: {status!r})")


if __name__ == "__main__":
    main()
