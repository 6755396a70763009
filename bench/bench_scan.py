#!/usr/bin/env python
"""Precision, recall and speed of ``vbgen cite scan`` on the hand-labelled set, beside a baseline.

    python bench/bench_scan.py [--labels tests/fixtures/scan/labelled/labels.yaml] [--repeat N]

The labelled set (tests/fixtures/scan/labelled/labels.yaml) was written by reading the texts
before the scanner ran on them; see the comments there for what counts as a reference. A found
reference is a true positive when a labelled one on the same line has the same number (or, for
a law cited by name, the same name); each labelled reference matches at most once. For true
positives the script also counts how often the date (when labelled) and the status agree.

Baseline: the naive approach, one regular expression "<kind> số <number/symbol>" with the kind
spelled as the registry does, no registry and no short forms (what a grep would find). It shows
what the scanner's extra work buys. Speed: characters per second of scan (read + find + match)
over all labelled files, median of --repeat runs, and the same for the baseline.

The last line is ``precision=<p> recall=<r> date_ok=<x> status_ok=<y> chars_per_s=<n>``.
"""

from __future__ import annotations

import argparse
import re
import statistics
import sys
import time
from collections import Counter
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from vbgen.check.citations import read_document  # noqa: E402
from vbgen.legal.scan import canonical, find_references, match_references  # noqa: E402

LABELS = ROOT / "tests" / "fixtures" / "scan" / "labelled" / "labels.yaml"
CONTENT = ROOT / "content"

NAIVE = re.compile(r"(Nghị quyết|Nghị định|Quyết định|Chỉ thị|Thông tư|Kế hoạch|Kết luận|Công văn|Luật) số "
                   r"([0-9]+[/-][0-9A-ZĐa-z/-]+[0-9A-ZĐa-z])")


def identity(number: str | None, name: str | None) -> str:
    return canonical(number) if number else (name or "").casefold()


def load_labels(path: Path) -> dict[Path, list[dict]]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    return {(path.parent / f).resolve(): (spec.get("references") or []) for f, spec in data["files"].items()}


def scan(path: Path, registry) -> list[tuple[int | None, str, object]]:
    stream = read_document(path)
    refs = find_references(stream, registry)
    match_references(refs, registry)
    return [(r.source.line, identity(None, r.name) if r.name else identity(r.number, None), r) for r in refs]


def naive(path: Path) -> list[tuple[int | None, str, object]]:
    out = []
    for i, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        for m in NAIVE.finditer(line):
            out.append((i, identity(m.group(2), None), None))
    return out


def score(found, gold: list[dict]) -> tuple[int, int, int, int, int, int, int]:
    """(tp, fp, fn, dates labelled among tp, dates right, statuses right)."""
    pool = Counter((g["line"], identity(g.get("number"), g.get("name"))) for g in gold)
    by_key = {}
    for g in gold:
        by_key.setdefault((g["line"], identity(g.get("number"), g.get("name"))), []).append(g)
    tp = fp = dates = dates_ok = status_ok = 0
    for line, ident, ref in found:
        key = (line, ident)
        if pool[key] > 0:
            pool[key] -= 1
            tp += 1
            g = by_key[key].pop(0)
            if ref is not None:
                if "date" in g:
                    dates += 1
                    dates_ok += ref.date is not None and ref.date.isoformat() == str(g["date"])
                status_ok += ref.status == g["status"]
        else:
            fp += 1
    fn = sum(pool.values())
    return tp, fp, fn, dates, dates_ok, status_ok, len(gold)


def ratio(a: int, b: int) -> float:
    return a / b if b else 1.0


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--labels", type=Path, default=LABELS)
    ap.add_argument("--repeat", type=int, default=5)
    args = ap.parse_args()

    from vbgen.legal.scan import load_citations

    registry = load_citations(CONTENT, None)
    labels = load_labels(args.labels)
    total = Counter()
    base = Counter()
    misses: list[str] = []
    extras: list[str] = []
    print(f"{'file':<34} {'gold':>4} {'tp':>3} {'fp':>3} {'fn':>3} {'prec':>6} {'recall':>6}   baseline prec/recall")
    for path, gold in labels.items():
        found = scan(path, registry)
        tp, fp, fn, dates, dates_ok, status_ok, n = score(found, gold)
        btp, bfp, bfn, *_ = score(naive(path), gold)
        total.update(tp=tp, fp=fp, fn=fn, dates=dates, dates_ok=dates_ok, status_ok=status_ok, gold=n)
        base.update(tp=btp, fp=bfp, fn=bfn)
        print(f"{path.name[:34]:<34} {n:>4} {tp:>3} {fp:>3} {fn:>3} {ratio(tp, tp + fp):>6.3f} {ratio(tp, tp + fn):>6.3f}"
              f"   {ratio(btp, btp + bfp):.3f}/{ratio(btp, btp + bfn):.3f}")
        gold_keys = Counter((g["line"], identity(g.get("number"), g.get("name"))) for g in gold)
        for line, ident, ref in found:
            if gold_keys[(line, ident)] > 0:
                gold_keys[(line, ident)] -= 1
            else:
                extras.append(f"  false positive {path.name}:{line}: {ref.text if ref else ident}")
        misses += [f"  missed {path.name}:{line}: {ident}" for (line, ident), k in gold_keys.items() for _ in range(k)]

    p, r = ratio(total["tp"], total["tp"] + total["fp"]), ratio(total["tp"], total["tp"] + total["fn"])
    bp, br = ratio(base["tp"], base["tp"] + base["fp"]), ratio(base["tp"], base["tp"] + base["fn"])
    print(f"{'all':<34} {total['gold']:>4} {total['tp']:>3} {total['fp']:>3} {total['fn']:>3} {p:>6.3f} {r:>6.3f}"
          f"   {bp:.3f}/{br:.3f}")
    print(f"dates right: {total['dates_ok']}/{total['dates']} labelled; statuses right: {total['status_ok']}/{total['tp']} found")
    for line in misses + extras:
        print(line)

    chars = sum(len(p.read_text(encoding="utf-8")) for p in labels)
    times, btimes = [], []
    for _ in range(args.repeat):
        t0 = time.perf_counter()
        for path in labels:
            scan(path, registry)
        times.append(time.perf_counter() - t0)
        t0 = time.perf_counter()
        for path in labels:
            naive(path)
        btimes.append(time.perf_counter() - t0)
    t, bt = statistics.median(times), statistics.median(btimes)
    print(f"speed: {chars / t:,.0f} chars/s ({t * 1000:.1f} ms for {len(labels)} files, {chars:,} chars); "
          f"baseline regex {chars / bt:,.0f} chars/s")
    print(f"precision={p:.3f} recall={r:.3f} date_ok={ratio(total['dates_ok'], total['dates']):.3f} "
          f"status_ok={ratio(total['status_ok'], total['tp']):.3f} chars_per_s={chars / t:.0f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
