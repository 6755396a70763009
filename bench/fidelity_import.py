#!/usr/bin/env python
"""Fidelity of ``vbgen import``: each typed file imported, built again, and its printed text
compared with the source's (tests/fidelity.py: difflib over the whole document, and the worst
body paragraph against its best match in the built file).

    python bench/fidelity_import.py [--no-doc]

Files: the import tests' corpus (tests/import_corpus.py: plain, Word bullets, TCVN3) and the
checker's typed corpus (tests/typed_corpus.py: Tab/space indents, Word numbering, tab-stop
closing, line-broken recipients, TCVN3, and its .doc). One line per file:
``name  whole=<ratio>  worst_body=<ratio>  body_paras=<n>`` (or why the import failed), then
``mean_whole=… min_whole=… mean_worst_body=… failed=…``.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "tests")]

from fidelity import printed_paragraphs, similarity, worst_paragraphs  # noqa: E402
from import_corpus import corpus, typed_docx  # noqa: E402

PROVINCE = {"kh-tay-ninh": "tay-ninh", "ct-phu-tho": "phu-tho", "ct-bca": "tay-ninh"}


def measure(source: Path, reference: Path, slug: str, content: Path, out: Path) -> str:
    from vbgen.batch.build import build
    from vbgen.errors import VbgenError
    from vbgen.importer.run import import_file

    try:
        r = import_file(source, content, slug, out / "own" / f"{source.stem}.yaml")
        built = build([r.yaml_path], [slug], out / "built", content, ROOT / "doctemplates")[0].path
    except (VbgenError, Exception) as e:  # noqa: BLE001 - a figure, not a test
        return f"FAILED ({type(e).__name__}: {str(e)[:100]})"
    a, b = printed_paragraphs(reference), printed_paragraphs(built)
    whole = similarity(a, b)
    starts = [i for i, p in enumerate(a) if p.startswith("Nơi nhận")]
    worst = worst_paragraphs(a, b, 0, starts[0] if starts else len(a))
    worst_body = min((w for w, _x, _y in worst), default=1.0)
    return f"whole={whole:.4f}  worst_body={worst_body:.4f}  body_paras={len(worst)}"


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--no-doc", action="store_true", help="leave out the .doc (needs LibreOffice)")
    args = ap.parse_args()
    from typed_corpus import CORPUS, write_docx, write_doc

    with tempfile.TemporaryDirectory(prefix="vbgen-fidelity-") as tmp:
        tmp = Path(tmp)
        content = tmp / "content"
        shutil.copytree(ROOT / "content", content)
        files: list[tuple[str, Path, Path, str]] = []
        (tmp / "src").mkdir()
        for doc in corpus():
            plain = typed_docx(doc, tmp / "src" / f"{doc.name}.docx")
            files.append((doc.name, plain, plain, doc.province))
            files.append((doc.name + "-bullets", typed_docx(doc, tmp / "src" / f"{doc.name}-bullets.docx", bullets=True),
                          plain, doc.province))
            files.append((doc.name + "-tcvn3", typed_docx(doc, tmp / "src" / f"{doc.name}-tcvn3.docx", encoding="tcvn3"),
                          plain, doc.province))
        typed = tmp / "typed"
        typed.mkdir()
        for name in CORPUS:
            path = write_docx(name, typed)
            slug = next(v for k, v in PROVINCE.items() if name.startswith(k))
            files.append((name, path, path, slug))
        if not args.no_doc:
            doc = write_doc(tmp / "doc")
            files.append((doc.name, doc, typed / "ct-bca.docx", "tay-ninh"))
        wholes, worsts, failed = [], [], 0
        for n, (name, source, reference, slug) in enumerate(files):
            line = measure(source, reference, slug, content, tmp / f"out{n}")
            print(f"{name:34s} {line}", flush=True)
            if line.startswith("FAILED"):
                failed += 1
                continue
            fields = dict(part.split("=") for part in line.split())
            wholes.append(float(fields["whole"]))
            worsts.append(float(fields["worst_body"]))
        print(f"mean_whole={statistics.mean(wholes):.4f} min_whole={min(wholes):.4f} "
              f"mean_worst_body={statistics.mean(worsts):.4f} min_worst_body={min(worsts):.4f} "
              f"files={len(files)} failed={failed}")


if __name__ == "__main__":
    main()
