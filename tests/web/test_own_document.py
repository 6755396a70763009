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
