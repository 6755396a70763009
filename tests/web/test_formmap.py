"""The drafting form <-> a province's override file."""

from __future__ import annotations

import copy
import difflib
from pathlib import Path

from vbgen.content import model
from vbgen.content.load import load_model
from vbgen.web import formmap
from vbgen.content.yamlfile import load_file, load_text

ROOT = Path(__file__).resolve().parents[2]
NATIONAL = load_model(ROOT / "content/documents/ke-hoach-06.yaml", model.Document).value
TN = ROOT / "content/provinces/tay-ninh/documents/ke-hoach-06.yaml"


def form_and_file(path: Path = TN):
    yt = load_file(path)
    return formmap.form_from(NATIONAL, yt.data), yt


def reload(text: str, tmp_path: Path) -> model.DocumentOverride:
    p = tmp_path / "ke-hoach-06.yaml"
    p.write_text(text, encoding="utf-8")
    return load_model(p, model.DocumentOverride).value


def test_unchanged_form_writes_the_file_back_unchanged() -> None:
    for path in [TN, ROOT / "content/provinces/ho-chi-minh/documents/ke-hoach-06.yaml"]:
        form, yt = form_and_file(path)
        formmap.apply_form(yt, NATIONAL, copy.deepcopy(form))
        assert yt.dump() == path.read_text(encoding="utf-8")


def test_form_reads_the_override() -> None:
    form, _ = form_and_file()
    assert form["number"] == "15" and form["date"] == "2026-03-16"
    assert form["signature"] == {"preset": "kt_chu_tich", "name": "Nguyễn Văn A", "lines": []}
    assert form["extra_bases"] == ["luat-30-2023-qh15"]
    by_id = {t["id"]: t for t in form["tasks"] if t["origin"] == "national"}
    assert by_id["ban-quan-ly-kcn"]["action"] == "edit" and by_id["ban-quan-ly-kcn"]["deadline"] == "thường xuyên"
    assert by_id["cong-an-chi-dao"]["action"] == "keep"
    added = [t for t in form["tasks"] if t["origin"] == "added"]
    assert [t["id"] for t in added] == ["bien-phong"]
    removed = [r["ref"] for r in form["recipients"] if r["removed"]]
    assert removed == ["cvp-pcvp"]


def test_edits_land_in_the_right_keys_and_nothing_else_moves(tmp_path: Path) -> None:
    form, yt = form_and_file()
    before = yt.text
    tasks = form["tasks"]
    i_remove = next(i for i, t in enumerate(tasks) if t["id"] == "so-noi-vu")
    tasks[i_remove]["action"] = "remove"
    i_edit = next(i for i, t in enumerate(tasks) if t["id"] == "cong-an-bao-cao")
    tasks[i_edit].update(action="edit", deadline="trước ngày 10/11 hằng năm")
    tasks.append({"origin": "added", "id": "", "action": "keep", "lead": "so-tai-chinh", "cooperate": ["cong-an"],
                  "text": "bố trí kinh phí thực hiện Kế hoạch", "deadline": "hằng năm", "area": "Kinh phí", "product": ""})
    form["recipients"].append({"origin": "added", "ref": "", "agency": "", "text": "Báo Tây Ninh điện tử", "purpose": "", "removed": False})
    fields = formmap.apply_form(yt, NATIONAL, form)
    after = yt.dump()
    ov = reload(after, tmp_path)
    assert ov.tasks.remove == ["so-noi-vu"]
    assert ov.tasks.replace["cong-an-bao-cao"].deadline == "trước ngày 10/11 hằng năm"
    assert ov.tasks.replace["ban-quan-ly-kcn"].lead == "ban-quan-ly-kcn"  # untouched edit kept
    assert [t.lead for t in ov.tasks.add] == ["bo-doi-bien-phong", "so-tai-chinh"]
    assert ov.recipients.add[-1].text == "Báo Tây Ninh điện tử"
    # every line of the original is still there, in order: only additions
    assert all(line.startswith("+") for line in difflib.ndiff(before.splitlines(), after.splitlines()) if line[:1] in "+-")
    assert fields[("tasks", "remove", 0)] == f"tasks.{i_remove}"
    assert fields[("tasks", "add", 1)] == f"tasks.{len(tasks) - 1}"


def test_clearing_everything_empties_the_override(tmp_path: Path) -> None:
    form, yt = form_and_file()
    for k in formmap.SCALARS:
        form[k] = ""
    form["signature"] = {"preset": "", "name": "", "lines": []}
    form["extra_bases"] = []
    for t in form["tasks"]:
        t["action"] = "keep"
    form["tasks"] = [t for t in form["tasks"] if t["origin"] == "national"]
    form["recipients"] = [dict(r, removed=False) for r in form["recipients"] if r["origin"] == "national"]
    formmap.apply_form(yt, NATIONAL, form)
    text = yt.dump()
    assert reload(text, tmp_path).model_dump(exclude_defaults=True) == {}
    assert text.startswith("# yaml-language-server")  # the header comment survives


def test_field_for_maps_override_paths_to_form_fields() -> None:
    fields = {("number",): "number", ("tasks", "add", 0): "tasks.7", ("recipients", "add", 1): "recipients.12"}
    assert formmap.field_for(("number",), fields) == "number"
    assert formmap.field_for(("tasks", "add", 0, "lead"), fields) == "tasks.7.lead"
    assert formmap.field_for(("tasks", "add", 0, "cooperate", 1), fields) == "tasks.7.cooperate"
    assert formmap.field_for(("recipients", "add", 1), fields) == "recipients.12"
    assert formmap.field_for(("sections", 0), fields) is None
    assert formmap.parse_key_path("tasks.add[0].cooperate[1]") == ("tasks", "add", 0, "cooperate", 1)


def test_merge_keeps_their_change_and_mine() -> None:
    base, _ = form_and_file()
    theirs = copy.deepcopy(base)
    theirs["number"] = "20"
    mine = copy.deepcopy(base)
    mine["signature"] = dict(mine["signature"], name="Lê Văn C")
    merged, both = formmap.merge_forms(base, mine, theirs)
    assert merged["number"] == "20" and merged["signature"]["name"] == "Lê Văn C" and both == []
    mine["number"] = "21"
    merged, both = formmap.merge_forms(base, mine, theirs)
    assert merged["number"] == "21" and both == ["number"]


def test_new_override_for_a_province_without_one(tmp_path: Path) -> None:
    yt = load_text("")
    form = formmap.form_from(NATIONAL, yt.data)
    form["number"] = "7"
    form["signature"]["name"] = "Phạm Văn D"
    formmap.apply_form(yt, NATIONAL, form)
    ov = reload(yt.dump(), tmp_path)
    assert ov.number == "7" and ov.signature.name == "Phạm Văn D"


def test_own_preamble_of_several_paragraphs_is_written_where_there_was_none(tmp_path: Path) -> None:
    # The "unchanged?" check once compared a missing key with None and skipped the write
    # whenever the new text had more than one paragraph.
    form, yt = form_and_file()
    assert "preamble" not in yt.data
    form["preamble"] = {"own": True, "paragraphs": ["Đoạn thứ nhất của tỉnh.", "Đoạn thứ hai của tỉnh."]}
    formmap.apply_form(yt, NATIONAL, form)
    assert reload(yt.dump(), tmp_path).preamble == ["Đoạn thứ nhất của tỉnh.", "Đoạn thứ hai của tỉnh."]
