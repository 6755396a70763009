"""Start-up: the light commands load none of the heavy libraries, and say the same as before.

Timings are in bench/bench_speed.py; here only what is imported, which decides them.
"""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from vbgen.cli import main

from conftest import CONTENT, MINI, ROOT

HEAVY = ("pydantic", "docx", "docxtpl", "lxml", "jinja2", "babel")


def imported(*args: str) -> set[str]:
    env = dict(os.environ, PYTHONPATH=str(ROOT / "src"))
    res = subprocess.run([sys.executable, "-X", "importtime", "-m", "vbgen", *args], capture_output=True, text=True,
                         env=env, cwd=ROOT)
    assert res.returncode == 0, res.stderr[-2000:]
    return {line.split("|")[-1].strip().split(".")[0] for line in res.stderr.splitlines() if line.startswith("import time:")}


@pytest.mark.parametrize("args", [["--version"], ["--help"], ["provinces"], ["batch", "--help"]])
def test_light_commands_load_no_heavy_library(args):
    modules = imported(*args)
    assert "click" in modules  # the measurement works
    assert not modules & set(HEAVY), sorted(modules & set(HEAVY))


@pytest.mark.parametrize("content", [CONTENT, MINI])
def test_provinces_lists_what_the_validated_registry_says(runner, content):
    from vbgen.content.load import load_registries

    registries = load_registries(content)
    kinds = registries.provinces.value.kinds
    expected = []
    for p in registries.provinces.value.provinces:
        merged = f"  (từ {', '.join(p.merged_from)})" if p.merged_from else ""
        expected.append(f"{p.slug:<14} {p.unit or kinds[p.kind].unit} {p.name}{merged}")
    result = runner.invoke(main, ["provinces", "--content", str(content)])
    assert result.exit_code == 0, result.output
    assert result.output.splitlines() == expected


def test_provinces_with_a_broken_registry_is_explained_by_the_validated_load(runner, mini):
    path = mini / "provinces.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("kind: tinh", "kind: tinhh", 1), encoding="utf-8")
    result = runner.invoke(main, ["provinces", "--content", str(mini)])
    assert result.exit_code == 1
    assert "provinces.yaml:" in result.output and "provinces[0].kind: must be one of 'tinh' or 'thanh_pho'" in result.output
    assert "Traceback" not in result.output
