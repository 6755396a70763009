"""A form renders to exactly what the CLI builds from the saved files; messages find their field."""

from __future__ import annotations

from pathlib import Path

from vbgen.batch.build import build
from vbgen.web import drafting
from vbgen.content.yamlfile import write_checked


def cli_docx(workspace: Path, slug: str, stem: str = "ke-hoach-06") -> bytes:
    results = build([workspace / "content/documents" / f"{stem}.yaml"], [slug], workspace / "cli-out",
                    workspace / "content", workspace / "doctemplates")
    return results[0].data


def test_unchanged_form_renders_what_the_cli_builds(workspace: Path) -> None:
    state = drafting.ContentState(workspace / "content", workspace / "doctemplates")
    for slug in ("tay-ninh", "ha-noi"):
        form, _ = drafting.initial_form(state, slug, "ke-hoach-06")
        d = drafting.draft(state, slug, "ke-hoach-06", form)
        assert d.docx == cli_docx(workspace, slug)
        assert not d.errors


def test_saved_form_builds_byte_identical_with_the_cli(workspace: Path) -> None:
    state = drafting.ContentState(workspace / "content", workspace / "doctemplates")
    form, sha = drafting.initial_form(state, "ha-noi", "chi-thi-06")
    form["number"] = "3"
    form["date"] = "2026-04-02"
    form["signature"] = {"preset": "kt_chu_tich", "name": "Đỗ Thị E", "lines": []}
    d = drafting.draft(state, "ha-noi", "chi-thi-06", form)
    assert not d.errors and d.docx
    write_checked(d.path, d.text, sha)
    assert d.path == workspace / "content/provinces/ha-noi/documents/chi-thi-06.yaml"
    assert cli_docx(workspace, "ha-noi", "chi-thi-06") == d.docx


def test_messages_name_their_field(workspace: Path) -> None:
    state = drafting.ContentState(workspace / "content", workspace / "doctemplates")
    form, _ = drafting.initial_form(state, "tay-ninh", "ke-hoach-06")
    form["number"] = "15a"
    d = drafting.draft(state, "tay-ninh", "ke-hoach-06", form)
    assert d.docx is None
    (msg,) = d.errors
    assert msg.field == "number" and msg.text.startswith("Số “15a” không hợp lệ: ô Số chỉ ghi chữ số")
    form["number"] = "15"
    form["tasks"].append({"origin": "added", "id": "", "action": "keep", "lead": "so-khong-co", "cooperate": [],
                          "text": "làm việc", "deadline": "", "area": "Chỉ đạo, hướng dẫn, kiểm tra", "product": ""})
    d = drafting.draft(state, "tay-ninh", "ke-hoach-06", form)
    (msg,) = d.errors
    assert msg.field == f"tasks.{len(form['tasks']) - 1}.lead" and "unknown agency 'so-khong-co'" in msg.text
    assert msg.text.startswith(f"Nhiệm vụ {len(form['tasks'])}, Cơ quan chủ trì: ") and "ke-hoach-06.yaml" not in msg.text
    form["tasks"].pop()
    form["preamble"] = {"own": True, "paragraphs": ["Thực hiện [[ct-07-2014-bca]], Ủy ban ban hành Kế hoạch như sau:"]}
    d = drafting.draft(state, "tay-ninh", "ke-hoach-06", form)
    assert d.docx is not None
    warnings = [m for m in d.messages if m.severity == "warning"]
    assert any(m.field == "preamble" and "replaced" in m.text for m in warnings)


def test_marks_and_a_multi_line_subject(workspace: Path) -> None:
    import zipfile, io

    state = drafting.ContentState(workspace / "content", workspace / "doctemplates")
    form, sha = drafting.initial_form(state, "tay-ninh", "ke-hoach-06")
    form["draft"] = "true"
    form["urgency"] = "KHẨN"
    form["subject"] = "Triển khai Chỉ thị số 06/CT-BCA-V05\ntrên địa bàn tỉnh"
    d = drafting.draft(state, "tay-ninh", "ke-hoach-06", form)
    assert not d.errors, d.messages
    xml = zipfile.ZipFile(io.BytesIO(d.docx)).read("word/document.xml").decode("utf-8")
    assert "DỰ THẢO" in xml and "KHẨN" in xml
    assert "draft: true" in d.text and "urgency: KHẨN" in d.text and "subject: |-" in d.text
    write_checked(d.path, d.text, sha)
    assert cli_docx(workspace, "tay-ninh") == d.docx


def test_date_typed_day_month_year_is_saved_iso_and_a_bad_one_is_said_in_vietnamese(workspace: Path) -> None:
    state = drafting.ContentState(workspace / "content", workspace / "doctemplates")
    form, sha = drafting.initial_form(state, "tay-ninh", "ke-hoach-06")
    form["date"] = "2/4/2026"  # how a clerk types it, whatever the browser's language
    d = drafting.draft(state, "tay-ninh", "ke-hoach-06", form)
    assert not d.errors and d.docx
    assert "date: 2026-04-02\n" in d.text and "2/4/2026" not in d.text  # the file keeps ISO
    for typed in ("31/02/2026", "16-03-2026", "hôm nay"):
        form["date"] = typed
        d = drafting.draft(state, "tay-ninh", "ke-hoach-06", form)
        assert d.docx is None
        (msg,) = d.errors  # one message, the Vietnamese one, beside the date field
        assert msg.field == "date" and msg.text.startswith(f"Ngày ban hành “{typed}” không hợp lệ")
        assert "ngày/tháng/năm" in msg.text
