"""A province's own document edited section by section: items added, moved, removed."""

from __future__ import annotations

import copy
import difflib
import io
import json
import re
from pathlib import Path

import docx

from tests.web.conftest import post_json
from vbgen.batch.build import build
from vbgen.web import drafting
from vbgen.content.yamlfile import write_checked

OWN = "content/provinces/phu-tho/own/chi-thi-antq-co-quan.yaml"


def built(workspace: Path) -> bytes:
    return build([workspace / OWN], ["phu-tho"], workspace / "o", workspace / "content", workspace / "doctemplates")[0].data


def body(data: bytes) -> list[str]:
    return [p.text for p in docx.Document(io.BytesIO(data)).paragraphs if p.text.strip()]


def test_unchanged_own_document_renders_as_the_cli_and_writes_back_unchanged(workspace: Path) -> None:
    state = drafting.ContentState(workspace / "content", workspace / "doctemplates")
    assert state.own_stems("phu-tho") == ["chi-thi-antq-co-quan"] and state.own_stems("ha-noi") == []
    form, _ = drafting.initial_own_form(state, "phu-tho", "chi-thi-antq-co-quan")
    d = drafting.draft(state, "phu-tho", "chi-thi-antq-co-quan", form, own=True)
    assert d.text == (workspace / OWN).read_text(encoding="utf-8")
    assert d.docx == built(workspace)


def test_add_move_remove_items_renumbers_and_keeps_other_lines(workspace: Path) -> None:
    state = drafting.ContentState(workspace / "content", workspace / "doctemplates")
    form, sha = drafting.initial_own_form(state, "phu-tho", "chi-thi-antq-co-quan")
    before = (workspace / OWN).read_text(encoding="utf-8")
    f = copy.deepcopy(form)
    first, second = f["sections"][1], f["sections"][2]
    f["sections"][1], f["sections"][2] = second, first  # move item 3 up to 2
    f["sections"][0]["items"].insert(0, {"title": "", "text": ["Nội dung mới đặt lên đầu;"], "closing": [], "items": []})
    del f["sections"][0]["items"][-1]
    d = drafting.draft(state, "phu-tho", "chi-thi-antq-co-quan", f, own=True)
    assert not d.errors, d.messages
    paras = body(d.docx)
    assert any(p.startswith("a) Nội dung mới đặt lên đầu;") for p in paras)
    assert any(p.startswith("2. " + second["text"][0][:30]) for p in paras)
    assert any(p.startswith("3. " + first["text"][0][:30]) for p in paras)
    write_checked(d.path, d.text, sha)
    assert built(workspace) == d.docx
    after = (workspace / OWN).read_text(encoding="utf-8")
    kept = [line for line in before.splitlines() if line.startswith("#")]
    assert all(line in after for line in kept)  # the header comments stay
    changed = [line for line in difflib.ndiff(before.splitlines(), after.splitlines()) if line[:1] in "+-"]
    assert len(changed) < 40


def test_own_page_and_messages_by_item(client) -> None:
    html = client.get("/draft").get_data(as_text=True)
    assert "/own/phu-tho/chi-thi-antq-co-quan" in html
    assert client.get("/own/ha-noi/chi-thi-antq-co-quan").status_code == 404
    page = client.get("/own/phu-tho/chi-thi-antq-co-quan").get_data(as_text=True)
    data = json.loads(re.search(r'id="page-data">(.*?)</script>', page, re.S).group(1))
    assert data["mode"] == "own" and data["form"]["sections"][0]["items"]
    form = data["form"]
    form["sections"][1]["items"] = [{"title": "", "text": ["Trích [[khong-co-key]]."], "closing": [], "items": []}]
    r = post_json(client, data["urls"]["preview"], {"form": form}).get_json()
    errors = [m for m in r["messages"] if m["severity"] == "error"]
    assert errors and errors[0]["field"] == "sections.1.0.text" and "khong-co-key" in errors[0]["text"]


def test_editing_an_item_keeps_its_table_and_dash(workspace: Path) -> None:
    """The form edits title, text and sub-items; a table or a "-" on the item is carried through
    unchanged when its text is edited (it was dropped before)."""
    path = workspace / OWN
    text = path.read_text(encoding="utf-8")
    # give the first section's first sub-item a table and a dash, as an office's YAML would
    from ruamel.yaml import YAML

    yaml = YAML()
    data = yaml.load(text)
    item = data["sections"][0]["items"][0]
    item["dash"] = True
    item["table"] = {"header": [["TT", "Chỉ tiêu"]], "rows": [["1", "Số cơ quan đạt chuẩn"], ["2", "Số trường học đạt chuẩn"]]}
    buf = io.StringIO()
    yaml.dump(data, buf)
    path.write_text(buf.getvalue(), encoding="utf-8")
    state = drafting.ContentState(workspace / "content", workspace / "doctemplates")
    form, sha = drafting.initial_own_form(state, "phu-tho", "chi-thi-antq-co-quan")
    f = copy.deepcopy(form)
    node = f["sections"][0]["items"][0]
    assert node["keep"]["dash"] is True and node["keep"]["table"]["rows"][1][1] == "Số trường học đạt chuẩn"
    node["text"] = [node["text"][0] + " (đã sửa)"]
    f["sections"][0]["items"].insert(0, {"title": "", "text": ["Mục mới;"], "closing": [], "items": []})  # shifts it
    d = drafting.draft(state, "phu-tho", "chi-thi-antq-co-quan", f, own=True)
    assert not d.errors, d.messages
    tables = docx.Document(io.BytesIO(d.docx)).tables
    assert any("Số trường học đạt chuẩn" in c.text for t in tables for r in t.rows for c in r.cells)
    assert any(p.startswith("- ") and "(đã sửa)" in p for p in body(d.docx))
    write_checked(d.path, d.text, sha)
    saved = YAML(typ="safe").load(path.read_text(encoding="utf-8"))
    edited = next(i for i in saved["sections"][0]["items"] if "(đã sửa)" in str(i.get("text")))
    assert edited["dash"] is True and edited["table"]["header"] == [["TT", "Chỉ tiêu"]]
    assert "table" not in saved["sections"][0]["items"][0]  # the new item has none
