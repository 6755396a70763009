"""Sign-ready PDF time per document beside the plain PDF, in one run (issue 16).

    PYTHONPATH=src python bench/bench_sign.py [--rounds 3] [--provinces tay-ninh,ha-noi]

Renders the shipped documents for the provinces once (.docx, not timed), starts one warm
LibreOffice (not timed), then per document and round times:
  plain        LibreOffice PDF export (what ``--pdf`` does, with the font check)
  sign-ready   PDF/A-2b export + metadata through pikepdf (``--sign-ready``)
  + fields     the same + the two signature fields through pdftotext and pyHanko (``--sig-fields``)
and prints the median per document of each, and the extra cost against the plain PDF.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--provinces", default="tay-ninh,ha-noi")
    args = parser.parse_args()

    from vbgen.batch.build import build
    from vbgen.pdf.fonts import font_warnings
    from vbgen.pdf.pool import Office
    from vbgen.pdf.sigfields import add_fields
    from vbgen.pdf.signready import PDFA_FILTER, finish

    with tempfile.TemporaryDirectory(prefix="vbgen-bench-sign-") as tmp:
        rendered = build(None, args.provinces.split(","), Path(tmp), ROOT / "content", ROOT / "doctemplates", sign_ready=True)
        docs = [(r.path.read_bytes(), r.meta, f"{r.province}/{r.path.stem}") for r in rendered]
        times: dict[str, list[float]] = {"plain": [], "sign-ready": [], "+ fields": []}
        with Office(1) as office:
            office.start(1)
            office.convert(docs[0][0])  # warm-up, not counted
            for _round in range(args.rounds):
                for data, meta, _label in docs:
                    t = time.perf_counter()
                    pdf = office.convert(data)
                    font_warnings(pdf, "x.pdf")
                    times["plain"].append(time.perf_counter() - t)

                    t = time.perf_counter()
                    pdf = finish(office.convert(data, filter_data=PDFA_FILTER), meta)
                    font_warnings(pdf, "x.pdf")
                    times["sign-ready"].append(time.perf_counter() - t)

                    t0 = time.perf_counter()
                    add_fields(pdf, meta.position, meta.name)
                    times["+ fields"].append(times["sign-ready"][-1] + time.perf_counter() - t0)
    base = statistics.median(times["plain"])
    print(f"{len(docs)} documents ({', '.join(label for *_x, label in docs)}), {args.rounds} round(s), one warm LibreOffice, "
          f"{sys.platform}")
    print(f"{'per document (median)':<24} {'seconds':>8} {'vs plain':>9}")
    for name, values in times.items():
        m = statistics.median(values)
        print(f"{name:<24} {m:>8.3f} {m / base:>8.2f}x")


if __name__ == "__main__":
    main()
