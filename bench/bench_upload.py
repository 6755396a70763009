#!/usr/bin/env python
"""Benchmark of the web's check and import pages: figures side by side, in one run.

    python bench/bench_upload.py [--repeat N]

A typed Kế hoạch (tests/typed_corpus.py, 5 A4 pages) with two seeded defects, through the warm
LibreOffice pool the server uses:

1. baseline: converting the file to PDF and drawing its pages (what any preview of it costs);
2. the check page's work (``vbgen.web.upload.check_upload``: read, every checker rule, the marked
   copy, PDF, pages, the page of each finding);
3. the import page's work (``import_upload``: import, the marked copy, PDF, pages).

Timings are medians of --repeat runs after one warm-up. The last line is
``baseline_s=<s> check_s=<s> import_s=<s> html_pages_bytes=<n>``.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

from _timing import median_time  # bench/, beside this script

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "src"), str(ROOT)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()

    from tests.typed_corpus import write_docx
    from tests.web.test_upload import with_defects
    from vbgen.web.preview import default_converter
    from vbgen.web.upload import check_upload, import_upload, pdf_pages

    converter, name = default_converter()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        plain = write_docx("kh-tay-ninh-tab", folder).read_bytes()
        seeded = with_defects(folder / "kh-tay-ninh-tab.docx")

        def baseline() -> None:
            with tempfile.TemporaryDirectory() as pages:
                pdf_pages(converter(seeded), Path(pages))

        def check() -> object:
            return check_upload(seeded, converter)

        def imported() -> object:
            return import_upload(plain, "ke-hoach.docx", ROOT / "content", "tay-ninh", converter)

        for fn in (baseline, check, imported):  # warm-up: LibreOffice started, caches filled
            fn()
        result = check()
        size = sum(len(p.src) for p in result.pages)
        b, c, i = (median_time(fn, args.repeat) for fn in (baseline, check, imported))
    print(f"converter: {name}; {result.total_pages} pages; {len(result.groups)} findings groups; median of {args.repeat}")
    print(f"  baseline (PDF + pages)   {b:6.2f} s")
    print(f"  check page               {c:6.2f} s   ({c / b:.1f}x the baseline)")
    print(f"  import page              {i:6.2f} s   ({i / b:.1f}x the baseline)")
    print(f"  page images in the HTML  {size / 1024:.0f} KiB")
    print(f"baseline_s={b:.3f} check_s={c:.3f} import_s={i:.3f} html_pages_bytes={size}")


if __name__ == "__main__":
    main()
