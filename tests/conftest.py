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


@pytest.fixture(scope="session")
def typed_corpus(tmp_path_factory) -> dict[str, Path]:
    """The typed corpus (tests/typed_corpus.py): real texts typed into .docx the way offices
    type them, written once per session; name → path. Tests copy a file before changing it."""
    from typed_corpus import CORPUS, write_docx

    dest = tmp_path_factory.mktemp("typed")
    return {name: write_docx(name, dest) for name in CORPUS}


@pytest.fixture(scope="session")
def typed_doc(tmp_path_factory) -> Path:
    """The corpus's .doc (LibreOffice's conversion of one .docx); skips without LibreOffice,
    fails in CI."""
    from rendered import require
    from typed_corpus import write_doc

    require("soffice")
    return write_doc(tmp_path_factory.mktemp("typed-doc"))
