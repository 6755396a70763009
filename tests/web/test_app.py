"""The web layer through Flask's test client: pages, preview, downloads, saving, safety."""

from __future__ import annotations

import copy
import difflib
import json
import re
from pathlib import Path

from click.testing import CliRunner

from tests.web.conftest import csrf, post_json
from vbgen.batch.build import build

TN = "content/provinces/tay-ninh/documents/ke-hoach-06.yaml"


def page_data(client, url: str) -> dict:
    html = client.get(url).get_data(as_text=True)
    m = re.search(r'<script type="application/json" id="page-data">(.*?)</script>', html, re.S)
    return json.loads(m.group(1))


def test_drafting_page_and_choose_page(client) -> None:
    r = client.get("/draft")
    assert r.status_code == 200 and "Tây Ninh" in r.get_data(as_text=True)
    data = page_data(client, "/draft/tay-ninh/ke-hoach-06")
    assert data["form"]["number"] == "15"
    assert any(a["key"] == "bo-doi-bien-phong" for a in data["agencies"])  # the province's own agency
    assert any(c["key"] == "ct-07-2014-bca" and c["status"] == "replaced" and c["current"] == "ct-06-2025-bca" for c in data["citations"])
    html = client.get("/draft/tay-ninh/ke-hoach-06").get_data(as_text=True)
    assert "Content-Security-Policy" in client.get("/draft").headers
    assert "cdn" not in html.lower() and "https://" not in html
    # the draft hint is on the page, hidden until the DỰ THẢO mark is chosen (draft.js shows it)
    assert '<p class="muted" id="draft-hint" hidden>Bản dự thảo in số và ngày để trống; số, ngày được cấp sau khi ký.</p>' in html
    assert data["national"]["draft"] is False


def test_unknown_names_are_refused(client) -> None:
    for url in ["/draft/atlantis/ke-hoach-06", "/draft/tay-ninh/secret", "/draft/..%2F..%2Fetc/passwd",
                "/draft/tay-ninh/..%2Fcitations", "/files/../../etc/passwd.docx", "/files/abc.docx"]:
        assert client.get(url).status_code == 404, url
    r = post_json(client, "/api/draft/..%2Fx/ke-hoach-06/save", {"form": {}})
    assert r.status_code == 404


def test_post_without_csrf_token_is_refused(client, workspace: Path) -> None:
    before = (workspace / TN).read_text(encoding="utf-8")
    r = client.post("/api/draft/tay-ninh/ke-hoach-06/save", json={"form": {}, "base_sha": None})
    assert r.status_code == 400 and "CSRF" in r.get_json()["error"]
    r = client.post("/api/draft/tay-ninh/ke-hoach-06/save", json={"form": {}}, headers={"X-CSRF-Token": "forged"})
    assert r.status_code == 400
    assert (workspace / TN).read_text(encoding="utf-8") == before


def test_preview_download_and_save_match_the_cli(client, workspace: Path) -> None:
    data = page_data(client, "/draft/tay-ninh/ke-hoach-06")
    form = data["form"]
    form["number"] = "16"
    form["signature"]["name"] = "Trần Thị Bình"
    r = post_json(client, data["urls"]["preview"], {"form": form}).get_json()
    assert r["ok"] and not [m for m in r["messages"] if m["severity"] == "error"]
    pages = post_json(client, r["pages_url"], {}).get_json()["pages"]
    assert len(pages) == 1 and client.get(pages[0]).data.startswith(b"\x89PNG")
    download = client.get(r["docx_url"])
    assert download.headers["Content-Disposition"].startswith("attachment; filename=tay-ninh-ke-hoach-06.docx")
    assert client.get(r["pdf_url"]).data.startswith(b"%PDF")
    before = (workspace / TN).read_text(encoding="utf-8")
    s = post_json(client, data["urls"]["save"], {"form": form, "base_sha": data["sha"], "base_form": data["form"]})
    assert s.status_code == 200 and s.get_json()["saved"]
    after = (workspace / TN).read_text(encoding="utf-8")
    changed = [line for line in difflib.ndiff(before.splitlines(), after.splitlines()) if line[:1] in "+-"]
    assert [c[:14] for c in changed] == ['- number: "15"', '+ number: "16"', "-   name: Nguy", "+   name: Trần"]
    built = build([workspace / "content/documents/ke-hoach-06.yaml"], ["tay-ninh"], workspace / "o",
                  workspace / "content", workspace / "doctemplates")[0].data
    assert built == download.data


def test_second_save_from_a_stale_page_is_a_conflict_and_loses_nothing(client, app, workspace: Path) -> None:
    other = app.test_client()
    other.get("/draft")
    mine = page_data(client, "/draft/tay-ninh/ke-hoach-06")
    theirs = page_data(other, "/draft/tay-ninh/ke-hoach-06")
    theirs["form"]["number"] = "20"
    assert post_json(other, theirs["urls"]["save"], {"form": theirs["form"], "base_sha": theirs["sha"]}).status_code == 200
    form = copy.deepcopy(mine["form"])
    form["signature"]["name"] = "Lê Văn C"
    r = post_json(client, mine["urls"]["save"], {"form": form, "base_sha": mine["sha"], "base_form": mine["form"]})
    assert r.status_code == 409
    body = r.get_json()
    assert '-number: "15"' in body["their_diff"] and '+number: "20"' in body["their_diff"]
    assert body["merged_form"]["number"] == "20" and body["merged_form"]["signature"]["name"] == "Lê Văn C"
    assert 'number: "20"' in (workspace / TN).read_text(encoding="utf-8")  # their save stands
    r = post_json(client, mine["urls"]["save"], {"form": body["merged_form"], "base_sha": body["current_sha"]})
    assert r.status_code == 200
    text = (workspace / TN).read_text(encoding="utf-8")
    assert 'number: "20"' in text and "Lê Văn C" in text


def test_invalid_form_is_not_saved(client, workspace: Path) -> None:
    data = page_data(client, "/draft/tay-ninh/ke-hoach-06")
    before = (workspace / TN).read_text(encoding="utf-8")
    data["form"]["number"] = "mười"
    r = post_json(client, data["urls"]["save"], {"form": data["form"], "base_sha": data["sha"]})
    assert r.status_code == 422 and r.get_json()["messages"][0]["field"] == "number"
    data["form"]["number"], data["form"]["date"] = "20", "30/02/2026"
    r = post_json(client, data["urls"]["save"], {"form": data["form"], "base_sha": data["sha"]})
    assert r.status_code == 422 and r.get_json()["messages"][0]["field"] == "date"
    assert "“30/02/2026” không hợp lệ" in r.get_json()["messages"][0]["text"]
    assert (workspace / TN).read_text(encoding="utf-8") == before


def test_script_in_content_is_shown_as_text(client, workspace: Path) -> None:
    path = workspace / "content/documents/ke-hoach-06.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("Triển khai thực hiện", "<script>alert(1)</script> Triển khai thực hiện", 1), encoding="utf-8")
    html = client.get("/draft/tay-ninh/ke-hoach-06").get_data(as_text=True)
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html  # the heading, escaped
    assert "\\u003cscript\\u003ealert(1)" in html  # the page data, escaped inside JSON


def test_operator_token_is_asked_for(workspace: Path, tmp_path: Path) -> None:
    from tests.web.conftest import tiny_pdf
    from vbgen.web.app import create_app

    app = create_app(workspace / "content", workspace / "doctemplates", token="correct-horse-battery", converter=tiny_pdf,
                     cache_dir=tmp_path / "c")
    c = app.test_client()
    r = c.get("/draft")
    assert r.status_code == 302 and "/login" in r.headers["Location"]
    assert c.post("/api/pages/" + "0" * 64).status_code == 401
    c.get("/login")
    assert c.post("/login", data={"token": "wrong", "csrf": csrf(c)}).status_code == 401
    r = c.post("/login?next=/draft", data={"token": "correct-horse-battery", "csrf": csrf(c)})
    assert r.status_code == 302 and r.headers["Location"].endswith("/draft")
    assert c.get("/draft").status_code == 200


def test_serve_refuses_a_network_address_without_accounts(monkeypatch, workspace: Path) -> None:
    from vbgen.cli import main

    monkeypatch.delenv("VBGEN_SERVE_TOKEN", raising=False)
    content = str(workspace / "content")
    r = CliRunner().invoke(main, ["serve", "--host", "0.0.0.0", "--content", content])
    assert r.exit_code == 1
    assert "vbgen users add" in r.output and "no accounts" in r.output
    r = CliRunner().invoke(main, ["serve", "--host", "0.0.0.0", "--token", "a-long-enough-secret", "--content", content])
    assert r.exit_code == 2 and "visible" in r.output and "VBGEN_SERVE_TOKEN" in r.output  # never on the command line
    monkeypatch.setenv("VBGEN_SERVE_TOKEN", "short")
    r = CliRunner().invoke(main, ["serve", "--host", "0.0.0.0", "--content", content])
    assert r.exit_code == 1 and "12 characters" in r.output


def test_workspace_province_is_preselected(workspace: Path, tmp_path: Path) -> None:
    from tests.web.conftest import tiny_pdf
    from vbgen.web.app import create_app

    app = create_app(workspace / "content", workspace / "doctemplates", converter=tiny_pdf, cache_dir=tmp_path / "c",
                     province="phu-tho")
    html = app.test_client().get("/draft").get_data(as_text=True)
    assert '<option value="phu-tho" selected>' in html


def test_broken_content_is_a_message_naming_file_line_and_key(client, workspace: Path) -> None:
    path = workspace / "content/agencies.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("  cong-an:\n", "  cong-an:\n    titel: x\n", 1), encoding="utf-8")
    r = client.get("/draft/tay-ninh/ke-hoach-06")
    html = r.get_data(as_text=True)
    assert r.status_code == 422 and "agencies.yaml:" in html and "cong-an.titel: khóa &#39;titel&#39; không hợp lệ" in html and "Traceback" not in html
