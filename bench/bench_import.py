#!/usr/bin/env python
"""Benchmark of ``vbgen import``: figures side by side, in one run.

    python bench/bench_import.py [--repeat N]

Writes typed Word files with the import tests' corpus writer (tests/import_corpus.py: python-docx,
Normal style, header table, manual numbers) and measures:

1. one 10-page Kế hoạch (the Tây Ninh plan's body typed three times, ~10 A4 pages at 14 pt):
   vbgen's import (read, recognise, cite, YAML and review, nothing written) against the baseline
   of only opening and walking the file (python-docx + vbgen's walker), which every reader pays;
2. 100 files (the two typed texts in four variants: plain, Word bullets, TCVN3, .txt) imported in
   one process, and the same as one ``vbgen import`` command (interpreter start included);
3. 10 .doc files (Word 97, made by LibreOffice from typed .docx) imported in one process, cold
   (one ``soffice --convert-to docx`` per file, the importer's old way) against warm (the
   LibreOffice pool of vbgen.pdf, its start included, as ``vbgen import`` now does); skipped
   with ``--no-doc`` or without LibreOffice.

Timings are medians of --repeat runs (the .doc figures: one run each). The last line is
``import_10_pages_s=<s> walk_only_s=<s> import_100_files_s=<s> cli_100_files_s=<s>
doc_cold_s=<s> doc_warm_s=<s>``.
"""

from __future__ import annotations

import argparse
import dataclasses
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from _timing import median_time  # bench/, beside this script

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "src"), str(ROOT / "tests")]

from import_corpus import corpus, typed_docx, typed_txt  # noqa: E402

from vbgen.importer.run import import_file  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--no-doc", action="store_true", help="leave out the .doc figures")
    args = ap.parse_args()
    content = ROOT / "content"
    with tempfile.TemporaryDirectory(prefix="vbgen-bench-import-") as tmp:
        tmp_path = Path(tmp)
        docs = corpus()
        plan = docs[0]
        long_plan = dataclasses.replace(plan, body=plan.body * 3)
        ten = typed_docx(long_plan, tmp_path / "kh-10-trang.docx")

        def walk() -> None:
            from vbgen.ooxml.fastread import open_document
            from vbgen.ooxml.walker import read_body

            read_body(open_document(ten.read_bytes()))

        walk()
        import_file(ten, content, "tay-ninh", tmp_path / "warm.yaml", write=False)  # imports, registry caches
        walk_s = median_time(walk, args.repeat)
        one_s = median_time(lambda: import_file(ten, content, "tay-ninh", tmp_path / "x.yaml", write=False), args.repeat)
        files = []
        folder = tmp_path / "many"
        folder.mkdir()
        for i in range(100):
            doc = docs[i % len(docs)]
            variant = ("plain", "bullets", "tcvn3", "txt")[(i // len(docs)) % 4]
            stem = folder / f"{doc.name}-{i:03d}"
            if variant == "txt":
                files.append((typed_txt(doc, stem.with_suffix(".txt")), doc.province))
            else:
                files.append((typed_docx(doc, stem.with_suffix(".docx"), encoding="tcvn3" if variant == "tcvn3" else None,
                                         bullets=variant == "bullets"), doc.province))
        out = tmp_path / "out"

        def hundred() -> None:
            for path, slug in files:
                import_file(path, content, slug, out / f"{path.stem}.yaml")

        many_s = median_time(hundred, max(1, args.repeat // 2))
        shutil.rmtree(out, ignore_errors=True)
        by_province: dict[str, list[str]] = {}
        for path, slug in files:
            by_province.setdefault(slug, []).append(str(path))

        def cli() -> None:
            for slug, paths in by_province.items():
                subprocess.run([sys.executable, "-m", "vbgen", "import", *paths, "-p", slug, "--content", str(content),
                                "-o", str(out)], check=True, capture_output=True, env={"PYTHONPATH": str(ROOT / "src"),
                                                                                       "PATH": "/usr/bin:/bin"})

        cli_s = median_time(cli, 1)
        cold_s = warm_s = float("nan")
        if not args.no_doc and shutil.which("soffice"):
            cold_s, warm_s = doc_figures(docs, tmp_path, content)
        pages = "~10"
        print(f"10-page Kế hoạch ({pages} pages, {len(long_plan.body)} body paragraphs):")
        print(f"  open + walk only (baseline) {walk_s * 1000:8.1f} ms")
        print(f"  vbgen import                {one_s * 1000:8.1f} ms  ({one_s / walk_s:.1f}x the walk)")
        print(f"100 files (2 texts x plain/bullets/TCVN3/.txt):")
        print(f"  in one process              {many_s:8.2f} s   ({many_s * 10:.0f} ms per file)")
        print(f"  as vbgen import commands    {cli_s:8.2f} s   ({len(by_province)} commands)")
        if cold_s == cold_s:
            print("10 .doc files (Word 97):")
            print(f"  cold: soffice per file     {cold_s:8.2f} s   ({cold_s * 100:.0f} ms per file)")
            print(f"  warm: LibreOffice pool      {warm_s:8.2f} s   ({warm_s * 100:.0f} ms per file, pool start included;"
                  f" {cold_s / warm_s:.1f}x faster)")
        print(f"import_10_pages_s={one_s:.3f} walk_only_s={walk_s:.3f} import_100_files_s={many_s:.2f} cli_100_files_s={cli_s:.2f} "
              f"doc_cold_s={cold_s:.2f} doc_warm_s={warm_s:.2f}")


def doc_figures(docs, tmp_path: Path, content: Path) -> tuple[float, float]:
    """Seconds to import 10 .doc files cold (soffice per file) and warm (the pool, started here)."""
    import functools

    from vbgen.pdf.pool import shared_office
    from vbgen.read import convert

    src = tmp_path / "doc-src"
    src.mkdir()
    made = []
    for i in range(10):
        doc = docs[i % len(docs)]
        made.append((typed_docx(doc, src / f"{doc.name}-{i:02d}.docx"), doc.province))
    with tempfile.TemporaryDirectory(prefix="vbgen-bench-lo-") as profile:
        subprocess.run(["soffice", f"-env:UserInstallation={Path(profile).as_uri()}", "--headless", "--convert-to", "doc",
                        "--outdir", str(tmp_path / "doc"), *[str(p) for p, _s in made]], check=True, capture_output=True,
                       timeout=600)
    files = [(tmp_path / "doc" / (p.stem + ".doc"), slug) for p, slug in made]
    out = tmp_path / "doc-out"
    warm_to_docx = convert.to_docx

    def run() -> float:
        start = time.perf_counter()
        for path, slug in files:
            import_file(path, content, slug, out / f"{path.stem}.yaml", write=False)
        return time.perf_counter() - start

    try:
        convert.to_docx = functools.partial(warm_to_docx, warm=False)
        cold = run()
    finally:
        convert.to_docx = warm_to_docx
    shared_office().close()  # the warm figure pays the pool's start
    warm = run()
    return cold, warm


if __name__ == "__main__":
    main()
