"""Rights per role and province, and the review states of a province document."""

from __future__ import annotations

from pathlib import Path

import pytest

from vbgen.office import access, history, review
from vbgen.office.roles import ADMIN, DRAFTER, LEADER, LEGAL, LOCAL_OWNER, User

CLERK = User("clerk", "Nguyễn Văn A", DRAFTER, ("ha-noi",))
LAWYER = User("lawyer", "Trần Thị B", LEGAL, ("ha-noi",))
BOSS = User("boss", "Lê Văn C", LEADER, ("ha-noi",))
OTHER_BOSS = User("boss2", "Phạm D", LEADER, ("tay-ninh",))
ROOT = User("root", "Quản trị", ADMIN, ("*",))


def test_rights_by_role_and_province() -> None:
    a = access.allowed
    assert a(CLERK, "edit", "ha-noi") and not a(CLERK, "edit", "tay-ninh") and not a(CLERK, "approve", "ha-noi")
    assert not a(CLERK, "registry") and not a(CLERK, "review", "ha-noi")
    assert a(LAWYER, "registry") and a(LAWYER, "review", "ha-noi") and not a(LAWYER, "edit", "ha-noi")
    assert not a(LAWYER, "review", "tay-ninh") and not a(LAWYER, "approve", "ha-noi")
    assert a(BOSS, "approve", "ha-noi") and not a(BOSS, "approve", "tay-ninh") and not a(BOSS, "registry")
    assert not a(BOSS, "edit", "ha-noi")
    assert all(a(ROOT, act, "tay-ninh") for act in access.ACTIONS) and a(LOCAL_OWNER, "national")
    assert not a(None, "view", "ha-noi") and not a(CLERK, "no-such-right", "ha-noi")
    assert not a(CLERK, "view", None)  # a province right over "no province" means all of them
    assert access.visible_provinces(CLERK, ["tay-ninh", "ha-noi"]) == ["ha-noi"]
    with pytest.raises(access.Forbidden, match="tay-ninh"):
        access.require(CLERK, "edit", "tay-ninh")
    assert access.file_rights("provinces/ha-noi/own/x.yaml") == ("edit", "ha-noi")
    assert access.file_rights("citations.yaml") == ("registry", None)
    assert access.file_rights("documents/x.yaml") == ("national", None)
    assert access.may_view_file(BOSS, "documents/x.yaml") and not access.may_view_file(BOSS, "provinces/tay-ninh/own/x.yaml")
    assert access.may_change_file(LAWYER, "citations.yaml") and not access.may_change_file(CLERK, "citations.yaml")


@pytest.fixture
def content(tmp_path: Path, monkeypatch) -> Path:
    monkeypatch.delenv("VBGEN_OFFICE_DIR", raising=False)
    c = tmp_path / "content"
    (c / "provinces" / "ha-noi" / "documents").mkdir(parents=True)
    (c / "documents").mkdir()
    (c / "documents" / "kh.yaml").write_text("kind: ke-hoach\n", encoding="utf-8")
    (c / "provinces" / "ha-noi" / "documents" / "kh.yaml").write_text("subject: bản nháp\n", encoding="utf-8")
    return c


def test_the_approval_flow(content: Path) -> None:
    f = content / "provinces" / "ha-noi" / "documents" / "kh.yaml"
    assert review.state(content, "ha-noi", "kh") == review.DRAFT and review.editable(content, "ha-noi", "kh")
    with pytest.raises(review.ReviewError):
        review.approve(content, BOSS, "ha-noi", "kh")  # a draft is not approved before it is submitted
    with pytest.raises(access.Forbidden):
        review.submit(content, BOSS, "ha-noi", "kh")  # a leader does not submit
    review.submit(content, CLERK, "ha-noi", "kh")
    assert not review.editable(content, "ha-noi", "kh")
    with pytest.raises(review.ReviewError, match="Trình duyệt"):
        review.require_editable(content, "ha-noi", "kh")
    with pytest.raises(access.Forbidden):
        review.approve(content, CLERK, "ha-noi", "kh")  # a drafter does not approve
    with pytest.raises(access.Forbidden):
        review.approve(content, LAWYER, "ha-noi", "kh")  # nor does the legal officer
    with pytest.raises(access.Forbidden):
        review.approve(content, OTHER_BOSS, "ha-noi", "kh")  # nor another province's leader
    with pytest.raises(review.ReviewError, match="notes"):
        review.send_back(content, LAWYER, "ha-noi", "kh", "  ")
    rec = review.send_back(content, LAWYER, "ha-noi", "kh", "Sửa căn cứ thứ hai.")
    assert rec["state"] == review.DRAFT and rec["notes"] == "Sửa căn cứ thứ hai."
    f.write_text("subject: bản đã sửa\n", encoding="utf-8")
    review.submit(content, CLERK, "ha-noi", "kh")
    rec = review.approve(content, BOSS, "ha-noi", "kh")
    assert rec["state"] == review.APPROVED and rec["approved"]["by"] == "boss"
    assert rec["approved"]["sha256"] == history.sha256("subject: bản đã sửa\n".encode())
    f.write_text("subject: sửa lén sau khi duyệt\n", encoding="utf-8")  # behind the lock's back (an editor)
    data, frozen = review.frozen_bytes(content, "ha-noi", "kh")
    assert data == "subject: bản đã sửa\n".encode() and frozen["national_sha256"]
    with pytest.raises(review.ReviewError):
        review.submit(content, CLERK, "ha-noi", "kh")
    rec = review.issue(content, CLERK, "ha-noi", "kh", "12/KH-UBND", "2026-12-07")
    assert rec["state"] == review.ISSUED and rec["issued"]["number"] == "12/KH-UBND"
    assert [e["action"] for e in rec["events"]] == ["submit", "send-back", "submit", "approve", "issue"]
    assert [e["by"] for e in rec["events"]] == ["clerk", "lawyer", "clerk", "boss", "clerk"]


def test_approve_refuses_a_file_changed_after_submission(content: Path) -> None:
    review.submit(content, CLERK, "ha-noi", "kh")
    (content / "provinces" / "ha-noi" / "documents" / "kh.yaml").write_text("subject: đổi\n", encoding="utf-8")
    with pytest.raises(review.ReviewError, match="changed after"):
        review.approve(content, BOSS, "ha-noi", "kh")
    with pytest.raises(review.ReviewError):
        review.frozen_bytes(content, "ha-noi", "kh")


def test_state_names_cannot_leave_the_state_folder(content: Path) -> None:
    for slug, stem in [("..", "x"), ("ha-noi", "../../x"), ("ha-noi", ".hidden"), ("a/b", "x")]:
        with pytest.raises(KeyError):
            review.status(content, slug, stem)


def test_vbgen_issued_moves_an_approved_document_to_issued(content: Path) -> None:
    f = content / "provinces" / "ha-noi" / "documents" / "kh.yaml"
    assert review.issued_from_cli(content, "ha-noi", "kh", "5/KH-UBND", "2026-12-07") is None  # no review in use
    assert review.state(content, "ha-noi", "kh") == review.DRAFT
    review.submit(content, CLERK, "ha-noi", "kh")
    note = review.issued_from_cli(content, "ha-noi", "kh", "5/KH-UBND", "2026-12-07")
    assert "not approved" in note and review.state(content, "ha-noi", "kh") == review.SUBMITTED
    review.approve(content, BOSS, "ha-noi", "kh")
    f.write_text("subject: bản nháp\nnumber: '5'\n", encoding="utf-8")  # what 'vbgen issued' writes
    assert review.issued_from_cli(content, "ha-noi", "kh", "5/KH-UBND", "2026-12-07") is None
    rec = review.status(content, "ha-noi", "kh")
    assert rec["state"] == review.ISSUED and rec["issued"]["by"] == history.os_user()
    assert review.frozen_bytes(content, "ha-noi", "kh")[0] == f.read_bytes()
