"""Shared fixtures: the CLI runner, the small fixture content, rendered documents."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

ROOT = Path(__file__).resolve().parents[1]
MINI = ROOT / "tests" / "fixtures" / "mini"
CONTENT = ROOT / "content"
TEMPLATES = ROOT / "doctemplates"


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


@pytest.fixture
def mini(tmp_path: Path) -> Path:
    """A private copy of the small fixture content that a test may edit."""
    dest = tmp_path / "content"
    shutil.copytree(MINI, dest)
    return dest


def render_mini(content: Path, out: Path, province: str = "tay-ninh", doc: str = "ke-hoach-mini.yaml") -> Path:
    """Build one fixture document through the public build function and return its path."""
    from vbgen.batch.build import build

    results = build([content / "documents" / doc], [province], out, content, TEMPLATES)
    return results[0].path
