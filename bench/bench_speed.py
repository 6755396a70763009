#!/usr/bin/env python
"""Speed of vbgen now beside the code before the speed work, measured in the same run.

    python bench/bench_speed.py [--before REF] [--repeat N] [--no-pdf] [--no-1000]

"Before" is a git worktree of REF checked out under the temporary folder (``git worktree
add --detach``; removed at the end). By default REF is the parent of the commit "PDF on all
cores: warm LibreOffice processes ..." (the first commit of the speed work), found in
``git log``; give ``--before <sha>`` to compare with any other commit. Both trees run as
``python -m vbgen`` with ``PYTHONPATH=<tree>/src``, on their own content/ and doctemplates/,
from byte-compiled sources (``compileall`` first, as an installed package would be), one
before-run and one after-run in turn so that both see the same machine load.

Figures: wall time of ``vbgen --version``, ``--help``, ``provinces`` (start-up), a
one-document ``vbgen build``, the 68-document ``vbgen batch`` (34 provinces x 2 documents, plus any province's own), a
1,000-document batch with ``--jobs 1`` and ``--jobs 2`` (40 copies of the documents x 25
provinces) with its peak memory (sum of the resident sizes of vbgen and its workers, sampled
every 20 ms), and PDF seconds per document for the 68 outputs: the old single
``soffice --convert-to`` call vs. warm LibreOffice processes with 1 and N workers (start-up
included). It checks that the 68 .docx and the PDFs are byte-identical before and after and
whatever the number of workers. Wall times are the fastest of N runs (another process on the
machine only ever adds to them); beside them the CPU seconds of vbgen and its workers (user +
system), which other sessions on a shared machine disturb far less. The last line is
``key=value`` pairs, with the load average at the end.

Goals (issue 7): start-up <= 0.15 s; 68 documents <= 0.5 s; 1,000 with --jobs 2 <= 4 s, memory
flat; PDF <= 0.08 s/document on 2 cores.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import textwrap
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
FIRST_SPEED_COMMIT = "PDF on all cores: warm LibreOffice processes"


def git(*args: str) -> str:
    return subprocess.run(["git", "-C", str(ROOT), *args], capture_output=True, text=True, check=True).stdout.strip()


def before_ref(explicit: str | None) -> str:
    if explicit:
        return git("rev-parse", explicit)
    first = git("log", "--format=%H", "-1", "--fixed-strings", f"--grep={FIRST_SPEED_COMMIT}")
    if not first:
        raise SystemExit(f"no commit '{FIRST_SPEED_COMMIT}…' in this history: give --before <ref>")
    return git("rev-parse", f"{first}^")


class Tree:
    """One version of vbgen: its sources, content and templates."""

    def __init__(self, name: str, root: Path) -> None:
        self.name, self.root = name, root
        subprocess.run([sys.executable, "-m", "compileall", "-q", str(root / "src")], check=True, capture_output=True)
        self.env = dict(os.environ, PYTHONPATH=str(root / "src"))
        self.env.pop("PYTHONDONTWRITEBYTECODE", None)
        self.content, self.templates = root / "content", root / "doctemplates"

    def cmd(self, *args: str) -> list[str]:
        return [sys.executable, "-m", "vbgen", *args]

    def run(self, args: list[str], cwd: Path, env: dict | None = None) -> float:
        t, c = time.perf_counter(), _children_cpu()
        subprocess.run(self.cmd(*args), cwd=cwd, env=env or self.env, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        CPU[self.name].append(_children_cpu() - c)
        return time.perf_counter() - t

    def batch_args(self, out: Path, content: Path | None = None, *extra: str) -> list[str]:
        return ["batch", "--content", str(content or self.content), "--templates", str(self.templates), "--out", str(out), *extra]


CPU: dict[str, list[float]] = {"before": [], "now": []}
"""CPU seconds (user + system, vbgen and its worker processes) of every run, in order."""


def _children_cpu() -> float:
    import resource

    r = resource.getrusage(resource.RUSAGE_CHILDREN)
    return r.ru_utime + r.ru_stime


def interleaved(trees: list[Tree], make_args, cwd: Path, repeat: int) -> dict[str, list[float]]:
    """Run ``make_args(tree, i)`` for each tree in turn, ``repeat`` times."""
    times: dict[str, list[float]] = {t.name: [] for t in trees}
    for i in range(repeat):
        for t in trees:
            times[t.name].append(t.run(make_args(t, i), cwd))
    return times


# -- memory: the whole process tree -----------------------------------------------------------------


def _tree_rss_kb(pid: int) -> int:
    """Resident kB of ``pid`` and its descendants (Linux /proc)."""
    parents: dict[int, int] = {}
    rss: dict[int, int] = {}
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            with open(f"/proc/{entry.name}/stat") as f:
                fields = f.read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        p = int(entry.name)
        parents[p] = int(fields[1])
        rss[p] = int(fields[21]) * os.sysconf("SC_PAGE_SIZE") // 1024
    total, todo = 0, [pid]
    while todo:
        p = todo.pop()
        total += rss.get(p, 0)
        todo += [c for c, pp in parents.items() if pp == p]
    return total


def timed_with_memory(tree: Tree, args: list[str], cwd: Path) -> tuple[float, float]:
    """(wall s, peak MB of vbgen + its workers) of one run."""
    peak = 0
    t, c = time.perf_counter(), _children_cpu()
    proc = subprocess.Popen(tree.cmd(*args), cwd=cwd, env=tree.env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    while proc.poll() is None:
        if sys.platform == "linux":
            peak = max(peak, _tree_rss_kb(proc.pid))
        time.sleep(0.02)
    wall = time.perf_counter() - t
    CPU[tree.name].append(_children_cpu() - c)
    if proc.returncode:
        raise SystemExit(f"{' '.join(args)} failed ({proc.returncode})")
    return wall, peak / 1024


def scaled_content(content: Path, dest: Path, copies: int = 20, provinces: int = 25) -> Path:
    """``content`` with each document copied ``copies`` times, for ``provinces`` provinces:
    2 x 20 x 25 = 1,000 outputs."""
    import yaml

    shutil.copytree(content, dest)
    docs = sorted((dest / "documents").glob("*.yaml"))
    for d in docs:
        for i in range(1, copies):
            shutil.copyfile(d, d.with_name(f"{d.stem}-copy{i:03d}.yaml"))
    data = yaml.safe_load((dest / "provinces.yaml").read_text(encoding="utf-8"))
    keep = {p["slug"] for p in data["provinces"][:provinces]}
    for sub in (dest / "provinces").glob("*"):
        if sub.is_dir() and sub.name not in keep:
            shutil.rmtree(sub)
    (dest / "slugs.txt").write_text(",".join(p["slug"] for p in data["provinces"][:provinces]), encoding="utf-8")
    return dest


# -- PDF --------------------------------------------------------------------------------------------

PDF_SCRIPT = textwrap.dedent("""
    import sys, time
    from pathlib import Path
    try:
        from vbgen.pdf import export as pdf
    except ImportError:
        try:
            from vbgen.batch import pdf  # before the pdf/ package
        except ImportError:
            from vbgen import pdf
    files = sorted(Path(sys.argv[1]).glob("*/*.docx"))
    kw = {} if sys.argv[2] == "default" else {"workers": int(sys.argv[2])}
    t = time.perf_counter()
    results = pdf.convert(files, **kw)
    print(time.perf_counter() - t, sum(r.pdf is None for r in results))
""")


def pdf_seconds(tree: Tree, docs_dir: Path, work: Path, workers: str, env_extra: dict | None = None) -> float:
    shutil.rmtree(work, ignore_errors=True)
    shutil.copytree(docs_dir, work, ignore=shutil.ignore_patterns("*.pdf", "manifest.json"))
    env = dict(tree.env, **(env_extra or {}))
    out = subprocess.run([sys.executable, "-c", PDF_SCRIPT, str(work), workers], env=env, capture_output=True, text=True, check=True)
    seconds, failed = out.stdout.split()
    if int(failed):
        raise SystemExit(f"{tree.name}: {failed} PDF(s) failed")
    return float(seconds)


def hashes(folder: Path, pattern: str) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.glob(pattern))}


# -- main -----------------------------------------------------------------------------------------


def fmt(s: float) -> str:
    return f"{s:.3f} s"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--before", default=None, help="git ref of the code to compare with (default: before the speed work)")
    ap.add_argument("--repeat", type=int, default=7)
    ap.add_argument("--no-pdf", action="store_true")
    ap.add_argument("--no-1000", action="store_true")
    args = ap.parse_args()
    ref = before_ref(args.before)
    cpus = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
    rows: list[tuple[str, str, str, str]] = []
    summary: dict[str, str] = {}

    def cpu_since(mark: dict[str, int]) -> dict[str, float]:
        """Median CPU seconds per run of each tree since ``mark``."""
        return {k: statistics.median(v[mark[k]:]) for k, v in CPU.items() if v[mark[k]:]}

    def mark() -> dict[str, int]:
        return {k: len(v) for k, v in CPU.items()}

    def row(label: str, before: float | str, after: float | str, note: str = "") -> None:
        b = fmt(before) if isinstance(before, float) else before
        a = fmt(after) if isinstance(after, float) else after
        rows.append((label, b, a, note))
        print(f"  {label}: before {b}, now {a} {note}", flush=True)

    with tempfile.TemporaryDirectory(prefix="vbgen-bench-speed-") as tmp_name:
        tmp = Path(tmp_name)
        wt = tmp / "before"
        git("worktree", "add", "--detach", str(wt), ref)
        try:
            before, now = Tree("before", wt), Tree("now", ROOT)
            trees = [before, now]
            print(f"before: {ref[:10]} ({git('log', '-1', '--format=%s', ref)[:60]})   now: {ROOT}   cpus: {cpus}", flush=True)
            work = tmp / "work"
            work.mkdir()

            # start-up
            for cmd in (["--version"], ["--help"], ["provinces"]):
                t = interleaved(trees, lambda tr, i: [*cmd, "--content", str(tr.content)] if cmd == ["provinces"] else cmd, work, args.repeat)
                b, a = min(t["before"]), min(t["now"])
                key = cmd[0].lstrip("-")
                summary[f"startup_{key}_s"] = f"{a:.3f}"
                row(f"vbgen {cmd[0]} (start-up)", b, a, "goal <= 0.15 s " + ("MET" if a <= 0.15 else f"MISSED by {a - 0.15:.3f} s"))

            # one document
            m = mark()
            t = interleaved(trees, lambda tr, i: ["build", str(tr.content / "documents" / "ke-hoach-06.yaml"), "--content", str(tr.content),
                                                  "--templates", str(tr.templates), "--out", str(work / f"build-{tr.name}")],
                            work, max(3, args.repeat // 2))
            c = cpu_since(m)
            summary["build_one_s"] = f"{min(t['now']):.3f}"
            row("vbgen build, one document (fastest run)", min(t["before"]), min(t["now"]))
            row("  CPU seconds (median)", c["before"], c["now"])

            # 68 documents
            m = mark()
            t = interleaved(trees, lambda tr, i: tr.batch_args(work / f"b68-{tr.name}-{i}"), work, max(3, args.repeat // 2))
            c = cpu_since(m)
            b, a = min(t["before"]), min(t["now"])
            summary["batch68_s"] = f"{a:.3f}"
            summary["batch68_cpu_s"] = f"{c['now']:.3f}"
            n68 = len(list((work / "b68-now-0").glob("*/*.docx")))
            row(f"vbgen batch, {n68} documents, default jobs (fastest run)", b, a, "goal <= 0.5 s " + ("MET" if a <= 0.5 else f"MISSED by {a - 0.5:.3f} s"))
            row("  CPU seconds, vbgen + workers (median)", c["before"], c["now"])
            same = hashes(work / "b68-before-0", "*/*.docx") == hashes(work / "b68-now-0", "*/*.docx")
            same_content = hashes(before.content, "**/*.yaml") == hashes(now.content, "**/*.yaml")
            summary["docx_identical"] = str(same).lower()
            row("  the 68 .docx byte-identical", "", "yes" if same else ("NO" if same_content else "n/a (content differs)"))

            # 1,000 documents
            if not args.no_1000:
                for tr in trees:
                    scaled_content(tr.content, work / f"c1000-{tr.name}")
                slugs = (work / "c1000-now" / "slugs.txt").read_text(encoding="utf-8")
                mem = {}
                for jobs in ("1", "2"):
                    res: dict[str, list[tuple[float, float]]] = {"before": [], "now": []}
                    m = mark()
                    for i in range(2):
                        for tr in trees:
                            out = work / f"b1000-{tr.name}-{jobs}-{i}"
                            res[tr.name].append(timed_with_memory(tr, tr.batch_args(out, work / f"c1000-{tr.name}", "--jobs", jobs, "-p", slugs), work))
                    b = min(r[0] for r in res["before"])
                    a = min(r[0] for r in res["now"])
                    mem[jobs] = (max(r[1] for r in res["before"]), max(r[1] for r in res["now"]))
                    summary[f"batch1000_jobs{jobs}_s"] = f"{a:.2f}"
                    goal = " goal <= 4 s " + ("MET" if a <= 4 else f"MISSED by {a - 4:.2f} s") if jobs == "2" else ""
                    c = cpu_since(m)
                    row(f"vbgen batch, 1,000 documents --jobs {jobs}", b, a, goal)
                    row("  CPU seconds, vbgen + workers", c["before"], c["now"])
                    summary[f"batch1000_jobs{jobs}_cpu_s"] = f"{c['now']:.2f}"
                    row(f"  peak memory, vbgen + workers, --jobs {jobs}", f"{mem[jobs][0]:.0f} MB", f"{mem[jobs][1]:.0f} MB")
                    summary[f"peak_mb_1000_jobs{jobs}"] = f"{mem[jobs][1]:.0f}"
                m68 = {tr.name: timed_with_memory(tr, tr.batch_args(work / f"m68-{tr.name}", None, "--jobs", "1"), work)[1] for tr in trees}
                row("  peak memory, 68 documents --jobs 1 (flat?)", f"{m68['before']:.0f} MB", f"{m68['now']:.0f} MB",
                    f"1,000/68: {mem['1'][1] / m68['now']:.2f}x")
                summary["mem_1000_vs_68"] = f"{mem['1'][1] / m68['now']:.2f}"

            # PDF
            if not args.no_pdf:
                docs = work / "b68-now-0"
                n = len(list(docs.glob("*/*.docx")))
                old = pdf_seconds(before, docs, work / "pdf-old", "default") / n
                one = pdf_seconds(now, docs, work / "pdf-1", "1") / n
                many = pdf_seconds(now, docs, work / f"pdf-{cpus}", str(cpus)) / n
                same_pdf = hashes(work / "pdf-1", "*/*.pdf") == hashes(work / f"pdf-{cpus}", "*/*.pdf") == hashes(work / "pdf-old", "*/*.pdf")
                row(f"PDF per document, {n} docs: old single soffice call vs 1 warm LibreOffice", f"{old:.3f} s", f"{one:.3f} s")
                row(f"PDF per document, {n} docs: {cpus} warm LibreOffice (one per core)", f"{old:.3f} s", f"{many:.3f} s",
                    "goal <= 0.08 s " + ("MET" if many <= 0.08 else f"MISSED by {many - 0.08:.3f} s"))
                row("  PDFs byte-identical (old, 1 and N workers)", "", "yes" if same_pdf else "NO")
                summary["pdf_old_s_per_doc"] = f"{old:.3f}"
                summary["pdf_1_s_per_doc"] = f"{one:.3f}"
                summary[f"pdf_{cpus}_s_per_doc"] = f"{many:.3f}"
                summary["pdf_identical"] = str(same_pdf).lower()
        finally:
            git("worktree", "remove", "--force", str(wt))

    w = max(len(r[0]) for r in rows)
    print(f"\n{'':<{w}}  {'before':>10}  {'now':>10}")
    for label, b, a, note in rows:
        print(f"{label:<{w}}  {b:>10}  {a:>10}  {note}".rstrip())
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    summary["load_avg"] = f"{load:.1f}"
    print(" ".join(f"{k}={v}" for k, v in summary.items()))


if __name__ == "__main__":
    main()
