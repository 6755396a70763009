#!/usr/bin/env python
"""Benchmark of content tables: what a table costs against the same words as paragraphs.

    python bench/bench_tables.py [--rows N] [--repeat R]

Builds two versions of one Kế hoạch on the small fixture content (tests/fixtures/mini): one
with a body table of N rows × 3 columns (merged total row, header repeated), and the
baseline with the same N rows written as N numbered paragraphs. Each is composed, rendered and
checked in memory (``render_one``: compose + template + ``vbgen check``) R times; the medians are
printed side by side, then ``table_ms=<ms> paragraphs_ms=<ms> ratio=<x>``.
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from vbgen.batch.build import Workspace, render_one  # noqa: E402

HEAD = {"kind": "ke_hoach", "year": "2026", "subject": "Đánh giá kết quả thực hiện phong trào",
        "recipients": [{"agency": "cong-an"}], "signature": {"name": "Nguyễn Văn A"},
        "closing": "Yêu cầu các cơ quan, đơn vị thực hiện nghiêm Kế hoạch này."}


def document(rows: int, table: bool) -> dict:
    cells = [[str(i), f"Cơ quan, đơn vị số {i} thực hiện nhiệm vụ tuyên truyền [[ct-06-2025-bca]]", f"{i % 100}"]
             for i in range(1, rows + 1)]
    if table:
        node = {"title": "Kết quả", "table": {"widths": [1.5, 11, 4], "header": ["STT", "Cơ quan, đơn vị", "Điểm"],
                                              "rows": cells + [[{"text": "Tổng cộng", "span": 2, "bold": True}, "100"]]}}
    else:
        node = {"title": "Kết quả", "items": [{"text": f"{c[1]}: {c[2]} điểm."} for c in cells]}
    return {**HEAD, "sections": [node]}


def timed(ws: Workspace, path: Path, repeat: int) -> float:
    [doc] = ws.load_documents([path])
    province = ws.registries.province("tay-ninh")
    render_one(ws, doc, province, Path("out"))  # warm: templates prepared, caches filled
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        render_one(ws, doc, province, Path("out"))
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=60)
    parser.add_argument("--repeat", type=int, default=9)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        content = Path(tmp) / "content"
        shutil.copytree(ROOT / "tests" / "fixtures" / "mini", content)
        paths = {}
        for name, table in (("table", True), ("paragraphs", False)):
            paths[name] = content / "documents" / f"bench-{name}.yaml"
            paths[name].write_text(json.dumps(document(args.rows, table), ensure_ascii=False), encoding="utf-8")
        ws = Workspace.open(content, ROOT / "doctemplates")
        table_ms = timed(ws, paths["table"], args.repeat)
        paragraphs_ms = timed(ws, paths["paragraphs"], args.repeat)
    print(f"{args.rows} rows as a table:       {table_ms:8.1f} ms per document (compose + render + check)")
    print(f"{args.rows} rows as paragraphs:    {paragraphs_ms:8.1f} ms per document (baseline)")
    print(f"table_ms={table_ms:.1f} paragraphs_ms={paragraphs_ms:.1f} ratio={table_ms / paragraphs_ms:.2f}")


if __name__ == "__main__":
    main()
