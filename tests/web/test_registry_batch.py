"""Registry edits (validated, listing what they change, saved round-trip) and the batch page."""

from __future__ import annotations

import difflib
import io
import json
import re
import time
import zipfile
from pathlib import Path

from tests.web.conftest import post_json
from vbgen.content.load import load_model
from vbgen.content.model import CitationRegistry
from vbgen.web import registry_edit


def entry_data(client, key: str) -> dict:
    html = client.get(f"/registry/{key}").get_data(as_text=True)
    return json.loads(re.search(r'id="page-data">(.*?)</script>', html, re.S).group(1))


def test_registry_list_filters_and_shows_printed_forms(client) -> None:
    html = client.get("/registry?q=07/CT-BCA").get_data(as_text=True)
    assert "Chỉ thị số 07/CT-BCA-V28 ngày 15/8/2014 của Bộ trưởng Bộ Công an" in html
    assert "→ Chỉ thị số 06/CT-BCA-V05" in html and "Đã bị thay thế" in html  # the replacement by name
    html = client.get("/registry?status=replaced").get_data(as_text=True)
    assert "ct-07-2014-bca" in html and "luat-30-2023-qh15" not in html
    html = client.get("/registry?q=nghi dinh 06 2013").get_data(as_text=True)  # no diacritics needed
    assert "nd-06-2013-cp" in html


def test_entry_page_shows_chain_and_usages(client) -> None:
    html = client.get("/registry/luat-30-2023-qh15").get_data(as_text=True)
    assert "content/provinces/tay-ninh/documents/ke-hoach-06.yaml:10" in html  # extra_bases usage
    html = client.get("/registry/ct-07-2014-bca").get_data(as_text=True)
    assert 'id="chain"' in html and "ct-06-2025-bca" in html
    assert client.get("/registry/..%2Fprovinces").status_code == 404
    assert client.get("/registry/no-such-key").status_code == 404


def test_invalid_edit_is_reported_by_field_and_not_saved(client, workspace: Path) -> None:
    data = entry_data(client, "nd-06-2013-cp")
    form = dict(data["form"], number="06/2013/ND-CP")
    r = post_json(client, "/api/registry/check", {"form": form}).get_json()
    assert not r["ok"] and r["messages"][0]["field"] == "number" and 'viết Đ, không viết D: "06/2013/NĐ-CP"' in r["messages"][0]["text"]
    before = (workspace / "content/citations.yaml").read_text(encoding="utf-8")
    r = post_json(client, "/api/registry/save", {"form": form, "base_sha": data["sha"]})
    assert r.status_code == 422
    assert (workspace / "content/citations.yaml").read_text(encoding="utf-8") == before
    # a date that is no real date: one Vietnamese message beside the date field (the page sends dd/mm/yyyy
    # it could not read as typed), and nothing saved
    form = dict(data["form"], date="30/02/2013")
    r = post_json(client, "/api/registry/check", {"form": form}).get_json()
    assert not r["ok"] and [m["field"] for m in r["messages"]] == ["date"]
    assert r["messages"][0]["text"].startswith("Ngày ban hành “30/02/2013” không hợp lệ")
    assert post_json(client, "/api/registry/save", {"form": form, "base_sha": data["sha"]}).status_code == 422
    assert (workspace / "content/citations.yaml").read_text(encoding="utf-8") == before


def test_edit_lists_affected_outputs_and_saves_only_its_lines(client, workspace: Path) -> None:
    path = workspace / "content/citations.yaml"
    before = path.read_text(encoding="utf-8")
    data = entry_data(client, "kh-612-2025-bca")
    form = dict(data["form"], issuer="Bộ trưởng Bộ Công an")
    r = post_json(client, "/api/registry/check", {"form": form}).get_json()
    assert r["ok"]
    cited_everywhere = {(a["province"], a["document"]) for a in r["affected"]}
    assert ("Tây Ninh", "Kế hoạch") in cited_everywhere and len(cited_everywhere) == 34  # the Kế hoạch of every province
    assert "của Bộ trưởng Bộ Công an" in r["forms"]["full"]
    s = post_json(client, "/api/registry/save", {"form": form, "base_sha": data["sha"]})
    assert s.status_code == 200
    after = path.read_text(encoding="utf-8")
    changed = [line for line in difflib.ndiff(before.splitlines(), after.splitlines()) if line[:1] in "+-"]
    assert len(changed) == 2 and "issuer: Bộ trưởng Bộ Công an" in changed[1]
    assert load_model(path, CitationRegistry).value.citations["kh-612-2025-bca"].issuer == "Bộ trưởng Bộ Công an"
    # a second page still holding the old hash gets a conflict, not a silent overwrite
    r = post_json(client, "/api/registry/save", {"form": dict(form, note="x"), "base_sha": data["sha"]})
    assert r.status_code == 409 and "issuer" in r.get_json()["their_diff"]


def test_new_entry_goes_in_with_fields_in_registry_order(client, workspace: Path) -> None:
    data = client.get("/registry/new")
    assert data.status_code == 200
    sha = json.loads(re.search(r'id="page-data">(.*?)</script>', data.get_data(as_text=True), re.S).group(1))["sha"]
    form = registry_edit.entry_form("qd-1-2026-ubnd", None)
    form.update(kind="Quyết định", number="01/2026/QĐ-UBND", date="2026-01-05", issuer="Ủy ban nhân dân tỉnh Tây Ninh",
                subject="về ban hành Quy chế phối hợp")
    assert post_json(client, "/api/registry/check", {"form": form, "is_new": True}).get_json()["ok"]
    r = post_json(client, "/api/registry/save", {"form": form, "is_new": True, "base_sha": sha})
    assert r.status_code == 200
    text = (workspace / "content/citations.yaml").read_text(encoding="utf-8")
    block = text[text.index("  qd-1-2026-ubnd:"):]
    assert block.splitlines()[1:6] == ["    kind: Quyết định", "    number: 01/2026/QĐ-UBND", "    date: 2026-01-05",
                                      "    issuer: Ủy ban nhân dân tỉnh Tây Ninh", "    subject: về ban hành Quy chế phối hợp"]
    dup = post_json(client, "/api/registry/check", {"form": form, "is_new": True}).get_json()
    assert dup["messages"][0]["field"] == "key"


def test_batch_runs_chosen_provinces_and_zips_them(client, tmp_path: Path) -> None:
    r = post_json(client, "/api/batch", {"provinces": ["tay-ninh", "ha-noi"], "documents": ["ke-hoach-06"]})
    job = r.get_json()
    for _ in range(200):
        s = post_json(client, job["status_url"], {}).get_json()
        if s["finished"]:
            break
        time.sleep(0.05)
    assert s["error"] is None and s["counts"] == {"ok": 2, "warning": 0, "error": 0} and s["changes"]["new"] == 2
    z = zipfile.ZipFile(io.BytesIO(client.get(job["zip_url"]).data))
    assert sorted(z.namelist()) == ["ha-noi/ke-hoach-06.docx", "manifest.json", "tay-ninh/ke-hoach-06.docx"]
    manifest = json.loads(z.read("manifest.json"))
    assert {o["province"] for o in manifest["outputs"]} == {"tay-ninh", "ha-noi"}
    assert post_json(client, "/api/batch", {"provinces": ["../etc"], "documents": ["ke-hoach-06"]}).status_code == 400


def test_web_batch_builds_what_the_cli_builds_with_the_provinces_own_documents(client) -> None:
    """Phú Thọ's own Chỉ thị is part of the web batch as of the CLI's (3 outputs, not 2); progress
    counts every output and names the province."""
    r = post_json(client, "/api/batch", {"provinces": ["phu-tho"], "documents": ["ke-hoach-06", "chi-thi-06"]})
    job = r.get_json()
    phases = set()
    for _ in range(400):
        s = post_json(client, job["status_url"], {}).get_json()
        phases.add(s["phase"])
        if s["finished"]:
            break
        time.sleep(0.05)
    assert s["error"] is None and s["total"] == 3 and s["done"] == 3, s
    assert sorted(r["document_name"] for r in s["rows"]) == ["Chỉ thị", "Chỉ thị riêng của tỉnh", "Kế hoạch"]
    assert {r["province_name"] for r in s["rows"]} == {"Phú Thọ"}
    assert not any("phu-tho" in p for p in phases)


def test_a_provinces_own_citations_are_shown_with_the_province(client, workspace: Path) -> None:
    path = workspace / "content/provinces/tay-ninh/province.yaml"
    path.write_text(path.read_text(encoding="utf-8") + (
        "citations:\n  qd-40-2013-ubnd-tn:\n    kind: Quyết định\n    number: 40/2013/QĐ-UBND\n    date: 2013-09-04\n"
        "    issuer: Ủy ban nhân dân tỉnh Tây Ninh\n    subject: về ban hành Quy chế phối hợp <b>bảo vệ</b>\n"), encoding="utf-8")
    assert "qd-40-2013-ubnd-tn" not in client.get("/registry").get_data(as_text=True)
    html = client.get("/registry?province=tay-ninh").get_data(as_text=True)
    assert "qd-40-2013-ubnd-tn" in html and "của Tây Ninh" in html and "ct-06-2025-bca" in html
    page = client.get("/registry/tay-ninh/qd-40-2013-ubnd-tn").get_data(as_text=True)
    assert "Quyết định số 40/2013/QĐ-UBND ngày 04/9/2013 của Ủy ban nhân dân tỉnh Tây Ninh" in page
    assert "&lt;b&gt;bảo vệ&lt;/b&gt;" in page and "content/provinces/tay-ninh/province.yaml" in page
    assert client.get("/registry/ha-noi/qd-40-2013-ubnd-tn").status_code == 404
    assert client.get("/registry/tay-ninh/ct-06-2025-bca").status_code == 404
