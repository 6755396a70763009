#!/usr/bin/env python
"""The web batch beside the CLI's, side by side in one run (issue 14: web <= 1.5 x CLI).

    python bench/bench_batch_web.py [--provinces all|slug,slug] [--no-pdf]

Times ``vbgen batch --pdf`` (a subprocess, the way an operator runs it) and the batch page's
runner (:class:`vbgen.web.batchjob.BatchRunner`, as ``POST /api/batch`` starts it) on copies of
the same content, each into an empty output folder, and prints both walls, their ratio, and how
the page's progress moved (the longest time the bar stood still). Both build the provinces' own
documents (69 outputs for 34 provinces and the two shipped documents).
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--provinces", default="all")
    ap.add_argument("--no-pdf", action="store_true")
    args = ap.parse_args()
    sys.path.insert(0, str(ROOT / "src"))
    from vbgen.content.load import load_registries
    from vbgen.web.batchjob import BatchRunner

    pdf = not args.no_pdf
    tmp = Path(tempfile.mkdtemp(prefix="vbgen-bench-web-"))
    content = tmp / "content"
    shutil.copytree(ROOT / "content", content)
    slugs = [p.slug for p in load_registries(content).provinces.value.provinces] if args.provinces == "all" \
        else args.provinces.split(",")
    docs = sorted((content / "documents").glob("*.yaml"))

    cmd = [sys.executable, "-m", "vbgen", "batch", "--provinces", ",".join(slugs), "--out", str(tmp / "cli"),
           "--content", str(content), "--templates", str(ROOT / "doctemplates")] + (["--pdf"] if pdf else [])
    t0 = time.monotonic()
    cli = subprocess.run(cmd, capture_output=True, text=True, env={"PYTHONPATH": str(ROOT / "src"), "PATH": "/usr/bin:/bin"})
    cli_wall = time.monotonic() - t0
    cli_outputs = len(list((tmp / "cli").rglob("*.docx")))
    cli_pdfs = len(list((tmp / "cli").rglob("*.pdf")))

    runner = BatchRunner(content, ROOT / "doctemplates", tmp / "web")
    t0 = time.monotonic()
    job = runner.start(slugs, docs, pdf)
    last, stood, longest = -1, t0, 0.0
    while not job.finished:
        now = time.monotonic()
        if job.done != last:
            longest, last, stood = max(longest, now - stood), job.done, now
        time.sleep(0.05)
    web_wall = time.monotonic() - t0
    web_outputs = len(list((tmp / "web").rglob("*.docx")))
    web_pdfs = len(list((tmp / "web").rglob("*.pdf")))
    print(f"vbgen batch{' --pdf' if pdf else ''}   {len(slugs)} provinces: wall {cli_wall:6.1f} s, {cli_outputs} .docx, {cli_pdfs} .pdf, exit {cli.returncode}")
    print(f"web batch page{' + PDF' if pdf else ''}  {len(slugs)} provinces: wall {web_wall:6.1f} s, {web_outputs} .docx, {web_pdfs} .pdf, "
          f"error {job.error!r}; progress {job.done}/{job.total} steps, longest stand-still {longest:.1f} s")
    ratio = web_wall / cli_wall
    print(f"web / CLI = {ratio:.2f}  (goal <= 1.5: {'OK' if ratio <= 1.5 else 'MISSED'})")
    shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
