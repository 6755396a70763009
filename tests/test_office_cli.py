"""The CLI side of the office: --approved builds, history of CLI writes, ``vbgen history verify``."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from conftest import CONTENT, TEMPLATES
from vbgen.cli import main
from vbgen.office import history, review
from vbgen.office.roles import DRAFTER, LEADER, User

CLERK = User("an", "Nguyễn Văn An", DRAFTER, ("tay-ninh",))
BOSS = User("cuong", "Lê Văn Cường", LEADER, ("tay-ninh",))
TN = "provinces/tay-ninh/documents/ke-hoach-06.yaml"


@pytest.fixture
def ws(tmp_path: Path, monkeypatch) -> Path:
    monkeypatch.delenv("VBGEN_OFFICE_DIR", raising=False)
    shutil.copytree(CONTENT, tmp_path / "content")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def _build(runner, ws: Path, out: str, *extra: str):
    return runner.invoke(main, ["build", "content/documents/ke-hoach-06.yaml", "-p", "tay-ninh", "--out", out,
                                "--content", "content", "--templates", str(TEMPLATES), *extra])


def test_build_approved_uses_the_frozen_file(runner, ws: Path) -> None:
    content = ws / "content"
    r = _build(runner, ws, "o1", "--approved")
    assert r.exit_code == 1 and "ke-hoach-06.yaml" in r.output and "no approved version" in r.output
    assert not (ws / "o1").exists()
    review.submit(content, CLERK, "tay-ninh", "ke-hoach-06")
    review.approve(content, BOSS, "tay-ninh", "ke-hoach-06")
    approved_text = (content / TN).read_text(encoding="utf-8")
    assert _build(runner, ws, "o-approved-now").exit_code == 0
    (content / TN).write_text(approved_text.replace('number: "15"', 'number: "99"'), encoding="utf-8")
    r = _build(runner, ws, "o2", "--approved")
    assert r.exit_code == 0, r.output
    r = _build(runner, ws, "o3")
    assert r.exit_code == 0, r.output
    approved_docx = (ws / "o2/tay-ninh/ke-hoach-06.docx").read_bytes()
    assert approved_docx == (ws / "o-approved-now/tay-ninh/ke-hoach-06.docx").read_bytes()
    assert approved_docx != (ws / "o3/tay-ninh/ke-hoach-06.docx").read_bytes()
    assert (content / TN).read_text(encoding="utf-8").count('"99"') == 1  # the working file is untouched
    # the national document changes after the approval: built, with a warning saying so
    national = content / "documents/ke-hoach-06.yaml"
    national.write_text(national.read_text(encoding="utf-8") + "\n# đổi sau khi duyệt\n", encoding="utf-8")
    r = _build(runner, ws, "o4", "--approved")
    assert r.exit_code == 0 and "national document changed after" in r.output


def test_batch_approved_refuses_unapproved_documents_and_builds_approved_ones(runner, ws: Path) -> None:
    content = ws / "content"
    args = ["batch", "content/documents/ke-hoach-06.yaml", "-p", "tay-ninh", "--out", "ob", "--content", "content",
            "--templates", str(TEMPLATES), "--approved"]
    r = runner.invoke(main, args)
    assert r.exit_code == 1 and "ke-hoach-06.yaml" in r.output
    review.submit(content, CLERK, "tay-ninh", "ke-hoach-06")
    review.approve(content, BOSS, "tay-ninh", "ke-hoach-06")
    r = runner.invoke(main, args)
    assert r.exit_code == 0, r.output
    assert (ws / "ob/tay-ninh/ke-hoach-06.docx").exists()


def test_cli_writes_are_recorded_and_verify_reports_tampering(runner, ws: Path) -> None:
    content = ws / "content"
    schema = content / "schema" / next(p.name for p in (content / "schema").glob("*.json"))
    schema.write_text("{}\n", encoding="utf-8")
    r = runner.invoke(main, ["schema"])
    assert r.exit_code == 0, r.output
    entries = history.read(content).entries
    assert entries and entries[0]["via"] == "cli" and entries[0]["action"] == "vbgen schema"
    assert entries[0]["who"] == history.os_user() and entries[0]["file"] == f"schema/{schema.name}"
    r = runner.invoke(main, ["history", "verify", "--content", "content"])
    assert r.exit_code == 0 and "1 entries" in r.output
    log = ws / ".vbgen-office/history.jsonl"
    log.write_bytes(log.read_bytes().replace(history.os_user().encode(), b"someone-else", 1))
    r = runner.invoke(main, ["history", "verify", "--content", "content"])
    assert r.exit_code == 1 and "line 1" in r.output and "edited" in r.output
    r = runner.invoke(main, ["history", "list", "--content", "content"])
    assert r.exit_code == 0 and "vbgen schema" in r.output
