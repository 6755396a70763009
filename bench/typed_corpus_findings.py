"""Findings of `vbgen check` on the typed corpus (tests/typed_corpus.py), per rule and per file.

    PYTHONPATH=src python3 bench/typed_corpus_findings.py [OUTDIR]

Writes the corpus (and its .doc when LibreOffice is there), checks every file with all
findings unfolded, and prints one table: rule, severity, count. The README's "Checking"
section keeps the figures before and after the reader (src/vbgen/read/) was put under the
checker.
"""

from __future__ import annotations

import collections
import dataclasses
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from typed_corpus import write_corpus  # noqa: E402

from vbgen.check import check_docx  # noqa: E402
from vbgen.errors import VbgenError  # noqa: E402


def main() -> None:
    args = [a for a in sys.argv[1:] if not a.startswith("-")]
    dest = Path(args[0]) if args else Path(tempfile.mkdtemp())
    files = write_corpus(dest)
    per_rule: collections.Counter = collections.Counter()
    per_file = {}
    for name, path in sorted(files.items()):
        try:
            found = [dataclasses.asdict(f) for f in check_docx(path, max_per_rule=0)]
        except VbgenError as e:
            found = [{"rule": "(unreadable)", "message": str(e), "severity": "error"}]
        counted = [f for f in found if f.get("severity", "error") in ("error", "warning")]
        per_file[name] = (1 if counted else 0, collections.Counter(f.get("severity", "error") for f in found))
        for f in found:
            per_rule[(f["rule"], f.get("severity", "-"))] += 1
        if "-v" in sys.argv:
            for f in found:
                print(name, f["rule"], f.get("severity", "-"), f.get("paragraph"), f["message"][:100])
    print(f"{'file':28} exit  findings by severity")
    for name, (code, sev) in per_file.items():
        print(f"{name:28} {code:>4}  {dict(sev)}")
    print(f"\n{'rule':28} {'severity':9} count")
    for (rule, sev), n in sorted(per_rule.items()):
        print(f"{rule:28} {sev:9} {n}")
    print(f"{'total':38} {sum(per_rule.values())}")


if __name__ == "__main__":
    main()
