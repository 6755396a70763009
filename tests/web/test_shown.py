"""The page shows the national text as printed, and a citation typed as a «token» saves as a marker."""

from __future__ import annotations

from pathlib import Path

from vbgen.web import drafting


def test_form_shows_names_and_citations_resolved_and_saves_references(workspace: Path) -> None:
    state = drafting.ContentState(workspace / "content", workspace / "doctemplates")
    form, _ = drafting.initial_form(state, "lai-chau", "ke-hoach-06")
    shown = [t["shown"] for t in form["tasks"]] + form["preamble"]["shown"]
    assert all("{{" not in s and "[[" not in s for s in shown)
    assert any("{{" in t["text"] for t in form["tasks"])  # the source is kept for an untouched task
    assert "«Chỉ thị số 06/CT-BCA-V05»" in form["preamble"]["shown"][1]
    assert "Ủy ban nhân dân tỉnh" in form["preamble"]["shown"][1]
    # the clerk edits task 1's shown text and inserts a citation from the picker
    task = form["tasks"][0]
    task["action"] = "edit"
    task["text"] = task["shown"] + " theo «Thông tư số 124/2021/TT-BCA»"
    d = drafting.draft(state, "lai-chau", "ke-hoach-06", form)
    assert d.docx is not None and not d.errors, [m.text for m in d.messages]
    assert "[[tt-124-2021-bca]]" in d.text and "«" not in d.text
