#!/usr/bin/env python
"""Benchmark of ``vbgen batch``: every figure side by side, in one run, on the same content.

    python bench/bench_batch.py [--content DIR] [--repeat N] [--no-pdf] [--profile]

Uses ./content when it holds documents (34 provinces x the shipped documents), else the small
fixture tests/fixtures/mini. Measures:

1. per document, in one process: vbgen's template rendering + saving vs. a naive docxtpl loop
   (``DocxTemplate(path)``, ``render(context, jinja_env=xml_env(), autoescape=True)``,
   ``save``) on the same composed contexts; and vbgen's full path (compose + render + write);
2. the whole batch as the wall-clock time of the ``vbgen batch`` command run as a subprocess
   (interpreter start included), by default and with --jobs 1 and 2;
3. PDF: seconds per document when the whole batch goes through one LibreOffice process, vs.
   one LibreOffice call per document (on a subset, since each call costs ~1-2 s);
4. peak memory (ru_maxrss) of a ``vbgen batch --jobs 1`` child rendering 34, 340 and 1,000
   documents (the larger runs use copies of the shipped documents).

Targets: >= 5x faster than docxtpl per document; the 68-document batch <= 1.5 s wall (2 cores);
PDF <= 0.2 s per document in a batch; memory flat as the count grows. The last line is
``speedup_vs_docxtpl=<x> batch_wall_s=<s> pdf_s_per_doc=<s> peak_mb_1000=<mb>``.

Timings are medians of --repeat runs. The temporary folder is tempfile's (set TMPDIR to move it).
"""

from __future__ import annotations

import argparse
import math
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

from _timing import median_time  # bench/, beside this script

ROOT = Path(__file__).resolve().parents[1]
FIXTURE = ROOT / "tests" / "fixtures" / "mini"
PDF_BASELINE_DOCS = 6


def pick_content(explicit: Path | None) -> Path:
    if explicit:
        return explicit
    shipped = ROOT / "content"
    if list((shipped / "documents").glob("*.yaml")):
        return shipped
    print(f"note: {shipped}/documents has no documents yet; using the fixture {FIXTURE}", file=sys.stderr)
    return FIXTURE


def vbgen_cmd() -> list[str]:
    exe = shutil.which("vbgen")
    return [exe] if exe else [sys.executable, "-m", "vbgen"]


def doc_text(data_or_path) -> str:
    """The visible text of word/document.xml (to check both renderers made the same document)."""
    src = data_or_path if isinstance(data_or_path, (str, Path)) else __import__("io").BytesIO(data_or_path)
    with zipfile.ZipFile(src) as zf:
        xml = zf.read("word/document.xml").decode("utf-8")
    return "".join(re.findall(r"<w:t(?: [^>]*)?>([^<]*)</w:t>", xml))


def plain_copy(src: Path, dest: Path) -> None:
    """``src`` with Jinja tags removed from docProps/core.xml."""
    dest.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dest, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            data = zin.read(info.filename)
            if info.filename == "docProps/core.xml":
                data = re.sub(rb"\{[{%][^}]*[}%]\}", b"", data)
            zout.writestr(info, data)


# -- 1. per document -------------------------------------------------------------------------------


def per_document(content: Path, templates: Path | None, tmp: Path, repeat: int) -> dict[str, float]:
    from docxtpl import DocxTemplate

    from vbgen.atomic import write_atomic
    from vbgen.batch.build import Workspace, render_one
    from vbgen.compose.document import compose
    from vbgen.compose.expressions import xml_env
    from vbgen.docx.render import TemplateSet

    ws = Workspace.open(content, templates)
    paths = ws.default_documents()
    docs = ws.load_documents(paths)
    provinces = ws.registries.provinces.value.provinces
    registries_for = getattr(ws, "registries_for", lambda slug: ws.registries)
    jobs = []  # (slug, stem, template file, context, core)
    for p in provinces:
        for doc in docs:
            d = ws.document_for(doc, p.slug)
            c = compose(d, p, registries_for(p.slug))
            v = d.value
            created = (v.date.isoformat() if v.date else f"{v.year:04d}-01-01") + "T00:00:00Z"
            core = {"title": c.context["subject"], "subject": f"{c.kind.title} - {c.context['province']['full_name']}",
                    "keywords": ", ".join(c.citations_used), "created_iso": created}
            jobs.append((p.slug, d.source.path.stem, c.kind.template, c.context, core))
    n = len(jobs)

    def vbgen_render() -> None:
        tset = TemplateSet(ws.templates_dir)  # template preparation counted, once per run as in a real run
        for slug, stem, tname, ctx, core in jobs:
            write_atomic(tmp / "vbgen" / slug / f"{stem}.docx", tset.get(tname).render(ctx, core))

    # docxtpl renders the core properties as Jinja too, and the shipped templates' description
    # mentions "{{ }}": give the naive loop copies whose description has no tags (not timed)
    plain = tmp / "docxtpl-templates"
    for tname in {j[2] for j in jobs}:
        plain_copy(ws.templates_dir / tname, plain / tname)

    # the templates write runs ({{r b.runs }}): give docxtpl the same run XML (made untimed)
    from vbgen.docx.render import with_runs

    run_contexts = [with_runs(ctx) for *_, ctx, _core in jobs]

    def docxtpl_render() -> None:
        env = xml_env()
        for (slug, stem, tname, _ctx, core), ctx in zip(jobs, run_contexts):
            tpl = DocxTemplate(plain / tname)
            tpl.render(ctx, jinja_env=env, autoescape=True)
            out = tmp / "docxtpl" / slug / f"{stem}.docx"
            out.parent.mkdir(parents=True, exist_ok=True)
            tpl.save(out)

    def vbgen_full() -> None:
        for p in provinces:
            for doc in docs:
                r = render_one(ws, doc, p, tmp / "full")
                write_atomic(r.path, r.data)

    vbgen_render()  # warm-up (imports, first compile) for all three
    docxtpl_render()
    vbgen_full()
    slug, stem = jobs[0][0], jobs[0][1]
    same = doc_text(tmp / "vbgen" / slug / f"{stem}.docx") == doc_text(tmp / "docxtpl" / slug / f"{stem}.docx")
    if not same:
        print("warning: docxtpl and vbgen produced different text for", slug, stem, file=sys.stderr)
    t_vb = median_time(vbgen_render, repeat) / n
    t_tpl = median_time(docxtpl_render, max(1, min(repeat, 3))) / n
    t_full = median_time(vbgen_full, repeat) / n
    from vbgen.check import check_docx

    written = [(tmp / "vbgen" / slug / f"{stem}.docx").read_bytes() for slug, stem, *_ in jobs]
    t_check = median_time(lambda: [check_docx(data) for data in written], repeat) / n
    return {"n": n, "vbgen": t_vb, "docxtpl": t_tpl, "full": t_full, "check": t_check, "same_text": same}


# -- 2. the batch command ----------------------------------------------------------------------------


def batch_wall(content: Path, tmp: Path, repeat: int) -> dict[str, float]:
    docs = sorted(str(p) for p in (content / "documents").glob("*.yaml"))
    base = [*vbgen_cmd(), "batch", *docs, "--content", str(content)]
    out = {}

    def run(args: list[str]) -> float:
        times = []
        for i in range(repeat):
            dest = tmp / f"batch-{len(out)}-{i}"
            t = time.perf_counter()
            subprocess.run([*base, "--out", str(dest), *args], check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            times.append(time.perf_counter() - t)
        return statistics.median(times)

    t = []
    for _ in range(repeat):
        s = time.perf_counter()
        subprocess.run([*vbgen_cmd(), "--version"], check=True, stdout=subprocess.DEVNULL)
        t.append(time.perf_counter() - s)
    out["startup"] = statistics.median(t)
    out["default"] = run([])
    out["jobs1"] = run(["--jobs", "1"])
    out["jobs2"] = run(["--jobs", "2"])
    out["last_out"] = tmp / f"batch-{len(out) - 1}-0"  # a finished batch, reused for the PDF figures
    return out


# -- 3. PDF ---------------------------------------------------------------------------------------


def pdf_times(batch_dir: Path, tmp: Path) -> dict[str, float]:
    from vbgen.pdf.common import find_soffice
    from vbgen.pdf.export import convert_to_pdf

    docx = sorted(batch_dir.glob("*/*.docx"))
    work = tmp / "pdf-batch"
    shutil.copytree(batch_dir, work)
    files = sorted(work.glob("*/*.docx"))
    t = time.perf_counter()
    convert_to_pdf(files)
    batch_total = time.perf_counter() - t

    # baseline: one soffice call per document, with a profile made beforehand (not counted)
    soffice = find_soffice()
    profile = (tmp / "lo-profile").resolve().as_uri()
    subset = docx[:PDF_BASELINE_DOCS]
    outdir = tmp / "pdf-single"
    cmd = [soffice, "--headless", "--norestore", f"-env:UserInstallation={profile}", "--convert-to", "pdf", "--outdir", str(outdir)]
    subprocess.run([*cmd, str(subset[0])], check=True, capture_output=True)
    t = time.perf_counter()
    for i, f in enumerate(subset):
        subprocess.run([*cmd[:-1], str(outdir / str(i)), str(f)], check=True, capture_output=True)
    single_total = time.perf_counter() - t
    return {"n": len(files), "batch_total": batch_total, "batch_per_doc": batch_total / len(files),
            "single_n": len(subset), "single_per_doc": single_total / len(subset)}


# -- 4. memory ------------------------------------------------------------------------------------


def scaled_content(content: Path, count: int, tmp: Path) -> tuple[Path, list[str]]:
    """A copy of ``content`` with enough copies of its documents for exactly ``count`` outputs
    (documents x provinces), and the province slugs to use."""
    import yaml

    slugs = [p["slug"] for p in yaml.safe_load((content / "provinces.yaml").read_text(encoding="utf-8"))["provinces"]]
    originals = sorted((content / "documents").glob("*.yaml"))
    # every shipped document stays (province overrides name them), plus copies as needed
    first = max(len(originals), math.ceil(count / len(slugs)))
    n_docs = next(d for d in range(first, count + 1) if count % d == 0 and count // d <= len(slugs))
    dest = tmp / f"content-{count}"
    shutil.copytree(content, dest)
    for old in (dest / "documents").glob("*.yaml"):
        old.unlink()
    for i in range(n_docs):
        src = originals[i % len(originals)]
        name = src.name if i < len(originals) else f"{src.stem}-copy{i:04d}.yaml"
        shutil.copyfile(src, dest / "documents" / name)
    return dest, slugs[: count // n_docs]


RSS_WRAPPER = """
import resource, subprocess, sys, time
t = time.perf_counter()
code = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL).returncode
print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, time.perf_counter() - t, code)
"""


def peak_rss_mb(content: Path, slugs: list[str], out: Path) -> tuple[float, float]:
    """(peak resident MB, wall s) of one ``vbgen batch --jobs 1`` child.

    Started from a small wrapper interpreter: a child forked straight from this (large)
    process would report this process's size as its own ru_maxrss.
    """
    cmd = [*vbgen_cmd(), "batch", "--content", str(content), "--out", str(out), "--jobs", "1", "--provinces", ",".join(slugs)]
    res = subprocess.run([sys.executable, "-c", RSS_WRAPPER, *cmd], capture_output=True, text=True, check=True)
    maxrss, wall, code = res.stdout.split()
    if int(code) != 0:
        raise SystemExit(f"{' '.join(cmd)} failed with exit code {code}")
    kb = int(maxrss) / (1024 if sys.platform == "darwin" else 1)
    return kb / 1024, float(wall)


# -- profile ----------------------------------------------------------------------------------------


def profile(content: Path) -> None:
    import cProfile
    import pstats

    print("\n-- import time of vbgen.cli + vbgen.batch.runner (python -X importtime, cumulative ms, top 12)")
    err = subprocess.run([sys.executable, "-X", "importtime", "-c", "import vbgen.cli, vbgen.batch.runner"],
                         capture_output=True, text=True).stderr
    rows = []
    for line in err.splitlines():
        m = re.match(r"import time:\s+(\d+) \|\s+(\d+) \|(\s*)(\S+)", line)
        if m and len(m.group(3)) <= 7:
            rows.append((int(m.group(2)), m.group(4), len(m.group(3))))
    for us, name, depth in sorted(rows, reverse=True)[:12]:
        print(f"  {us / 1000:7.1f} ms  {name}")
    print("\n-- cProfile of the full vbgen path (one pass over every pair), top 15 by cumulative time")
    from vbgen.batch.build import Workspace, render_one

    ws = Workspace.open(content, None)
    docs = ws.load_documents(ws.default_documents())
    provinces = ws.registries.provinces.value.provinces
    with tempfile.TemporaryDirectory() as d:
        pr = cProfile.Profile()
        pr.enable()
        for p in provinces:
            for doc in docs:
                render_one(ws, doc, p, Path(d))
        pr.disable()
    pstats.Stats(pr).sort_stats("cumulative").print_stats(15)


# -- main -----------------------------------------------------------------------------------------


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--content", type=Path, default=None)
    ap.add_argument("--templates", type=Path, default=None)
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--no-pdf", action="store_true", help="skip the LibreOffice figures")
    ap.add_argument("--profile", action="store_true", help="also print import times and a cProfile of the full path")
    args = ap.parse_args()
    content = pick_content(args.content).resolve()

    with tempfile.TemporaryDirectory(prefix="vbgen-bench-") as tmp_name:
        tmp = Path(tmp_name)
        print(f"content: {content}   cpus: {os.cpu_count()}   python: {sys.version.split()[0]}   tmp: {tmp}", flush=True)
        pd = per_document(content, args.templates, tmp / "per-doc", args.repeat)
        bw = batch_wall(content, tmp, args.repeat)
        pdf = None
        if not args.no_pdf:
            try:
                pdf = pdf_times(bw["last_out"], tmp)
            except Exception as e:  # noqa: BLE001 - report and go on with the other figures
                print(f"PDF figures skipped: {e}", file=sys.stderr)
        mem = {}
        for count in (34, 340, 1000):
            c, slugs = scaled_content(content, count, tmp)
            mem[count] = peak_rss_mb(c, slugs, tmp / f"mem-out-{count}")

    speedup = pd["docxtpl"] / pd["vbgen"]
    n = pd["n"]
    rows = [
        ("per document: vbgen render+save", f"{pd['vbgen'] * 1000:.2f} ms", ""),
        ("per document: naive docxtpl loop", f"{pd['docxtpl'] * 1000:.2f} ms", f"same text: {pd['same_text']}"),
        ("  speedup vs docxtpl", f"{speedup:.1f}x", "target >= 5x " + ("OK" if speedup >= 5 else "MISSED")),
        ("per document: vbgen full (compose+render+check+write)", f"{pd['full'] * 1000:.2f} ms", ""),
        ("per document: Decree-30 check alone (warm)", f"{pd['check'] * 1000:.2f} ms", ""),
        ("vbgen --version (interpreter + imports)", f"{bw['startup']:.3f} s", ""),
        (f"vbgen batch, {n} docs (default jobs)", f"{bw['default']:.3f} s", "target <= 1.5 s " + ("OK" if bw["default"] <= 1.5 else "MISSED")),
        (f"vbgen batch, {n} docs --jobs 1", f"{bw['jobs1']:.3f} s", ""),
        (f"vbgen batch, {n} docs --jobs 2", f"{bw['jobs2']:.3f} s", ""),
    ]
    if pdf:
        rows += [
            (f"PDF, one LibreOffice for {pdf['n']} docs", f"{pdf['batch_per_doc']:.3f} s/doc",
             f"total {pdf['batch_total']:.1f} s; target <= 0.2 s/doc " + ("OK" if pdf["batch_per_doc"] <= 0.2 else "MISSED")),
            (f"PDF, one LibreOffice call per doc ({pdf['single_n']} docs)", f"{pdf['single_per_doc']:.3f} s/doc",
             f"{pdf['single_per_doc'] / pdf['batch_per_doc']:.1f}x slower (subset of {pdf['single_n']}, warm profile)"),
        ]
    for count, (mb, wall) in mem.items():
        rows.append((f"peak RSS, vbgen batch --jobs 1, {count} docs", f"{mb:.1f} MB", f"wall {wall:.2f} s"))
    flat = mem[1000][0] <= mem[34][0] * 1.5
    rows.append(("  memory 1000 vs 34 docs", f"{mem[1000][0] / mem[34][0]:.2f}x", "target flat " + ("OK" if flat else "MISSED")))
    w0 = max(len(r[0]) for r in rows)
    w1 = max(len(r[1]) for r in rows)
    print()
    for a, b, c in rows:
        print(f"{a:<{w0}}  {b:>{w1}}  {c}".rstrip())
    if args.profile:
        profile(content)
    pdf_s = f"{pdf['batch_per_doc']:.3f}" if pdf else "nan"
    print(f"speedup_vs_docxtpl={speedup:.1f} batch_wall_s={bw['default']:.3f} pdf_s_per_doc={pdf_s} peak_mb_1000={mem[1000][0]:.1f}")


if __name__ == "__main__":
    main()
