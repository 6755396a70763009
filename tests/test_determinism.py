"""The same inputs give byte-identical outputs: twice in a row, with any --jobs, any hash seed."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from vbgen.batch import runner as batch_mod

from conftest import CONTENT, MINI, TEMPLATES


def tree(root: Path) -> dict[str, bytes]:
    """Every file under ``root`` by relative path (manifest included)."""
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def assert_same_tree(a: Path, b: Path) -> None:
    ta, tb = tree(a), tree(b)
    assert sorted(ta) == sorted(tb)
    different = [name for name in ta if ta[name] != tb[name]]
    assert not different, f"differ between runs: {different}"


def run(out: Path, jobs: int, content: Path = MINI, provinces: str = "all") -> batch_mod.BatchResult:
    result = batch_mod.run(None, provinces, out, content_dir=content, templates_dir=TEMPLATES, jobs=jobs)
    assert not result.failed, batch_mod.format_summary(result)
    return result


def test_two_runs_give_identical_bytes(tmp_path):
    run(tmp_path / "a", 1)
    run(tmp_path / "b", 1)
    assert_same_tree(tmp_path / "a", tmp_path / "b")
    assert len(tree(tmp_path / "a")) == 4  # three documents and the manifest


def test_jobs_do_not_change_the_output(tmp_path, monkeypatch):
    run(tmp_path / "j1", 1)
    run(tmp_path / "j2", 2)
    assert_same_tree(tmp_path / "j1", tmp_path / "j2")
    monkeypatch.setattr(batch_mod, "START_METHOD", "spawn")  # workers that open their own workspace
    run(tmp_path / "spawn", 2)
    assert_same_tree(tmp_path / "j1", tmp_path / "spawn")


def test_shipped_content_with_overrides_is_deterministic_across_jobs(tmp_path):
    provinces = ",".join(p.name for p in sorted((CONTENT / "provinces").iterdir()) if p.is_dir()) or "ha-noi"
    run(tmp_path / "j1", 1, CONTENT, provinces)
    run(tmp_path / "j2", 2, CONTENT, provinces)
    assert_same_tree(tmp_path / "j1", tmp_path / "j2")


def test_hash_seed_and_process_do_not_leak_into_the_output(tmp_path):
    """Two separate interpreters with different string-hash seeds (set iteration order)."""
    outs = []
    for seed in ("1", "2"):
        out = tmp_path / f"seed{seed}"
        env = dict(os.environ, PYTHONHASHSEED=seed)
        subprocess.run([sys.executable, "-m", "vbgen", "batch", "--content", str(MINI), "--templates", str(TEMPLATES),
                        "--out", str(out), "--jobs", "1"], check=True, env=env, capture_output=True)
        outs.append(out)
    assert_same_tree(*outs)


def test_docx_has_no_run_dependent_parts(tmp_path):
    run(tmp_path / "a", 1)
    for path in (tmp_path / "a").rglob("*.docx"):
        with zipfile.ZipFile(path) as zf:
            for info in zf.infolist():
                assert info.date_time == (1980, 1, 1, 0, 0, 0), info.filename
            core = zf.read("docProps/core.xml").decode("utf-8")
        assert "2026-01-01T00:00:00Z" in core  # the document's own date (year: 2026), not the clock


@pytest.mark.parametrize("jobs", [1, 2])
def test_rerun_in_place_changes_nothing(tmp_path, jobs):
    out = tmp_path / "out"
    run(out, 1)
    before = tree(out)
    result = run(out, jobs)
    assert tree(out) == before
    assert {o.change for o in result.outcomes} == {"same"}
