"""A province override or own document that YAML cannot read answers the Vietnamese 422 page on
every route that reads it (never a 404 or 500), naming the file by its path in the workspace and
the line, in Vietnamese, with no server path. The routes are walked from the app's URL map: each is
listed here as reading the province's file or not, so a new route needs a decision."""

from __future__ import annotations

import json
import re
from pathlib import Path

from flask import url_for

from tests.web.conftest import csrf

SLUG = "lai-chau"
OVERRIDE = f"content/provinces/{SLUG}/documents/ke-hoach-06.yaml"
OWN = f"content/provinces/{SLUG}/own/rieng.yaml"
READS = {
    "draft.page", "draft.own_page", "draft.preview", "draft.own_preview", "draft.save", "draft.own_save",
    "sign.sign_pdf", "sign.issued", "office.submit", "office.approve",
    "registry.index", "registry.entry",  # the registry's usage lists read every province's files
}
DOES_NOT_READ = {
    "index", "file_docx", "file_pdf", "file_page", "draft.choose", "draft.both_files", "draft.pages",
    "registry.local_entry", "registry.new", "registry.check", "registry.save", "batch.index", "batch.start",
    "batch.status", "batch.download", "admin.users", "office.send_back", "office.file_history",
    "office.file_version", "office.restore", "login", "logout", "static",
    # the check and import pages read only the uploaded file (saving over an own document replaces its text)
    "upload.check_start", "upload.check", "upload.import_start", "upload.import_page",
}
ENGLISH = re.compile(r"YAML syntax error|check indentation|expected|Traceback|Internal Server Error|not valid YAML")


def _break(workspace: Path) -> None:
    (workspace / OVERRIDE).parent.mkdir(parents=True, exist_ok=True)
    (workspace / OVERRIDE).write_text("symbol: [unclosed\n  - : :\n", encoding="utf-8")
    (workspace / OWN).parent.mkdir(parents=True, exist_ok=True)
    (workspace / OWN).write_text('kind: ke_hoach\nsubject: "unterminated\n', encoding="utf-8")


def test_every_route_that_reads_a_broken_province_file_answers_the_vietnamese_422(app, client, workspace: Path) -> None:
    _break(workspace)
    token = csrf(client)
    endpoints = {r.endpoint for r in app.url_map.iter_rules()}
    assert endpoints == READS | DOES_NOT_READ, f"decide whether these read the province's file: {endpoints ^ (READS | DOES_NOT_READ)}"
    checked = 0
    for rule in app.url_map.iter_rules():
        if rule.endpoint in ("login", "logout", "static"):
            continue
        stems = (["rieng"] if "own" in rule.endpoint else ["ke-hoach-06"]) if rule.endpoint.startswith("draft.") \
            else ["ke-hoach-06", "rieng"]  # the drafting routes know national / own stems apart; the others take both
        for stem in stems if "stem" in rule.arguments else [None]:
            values = {"slug": SLUG, "stem": stem, "sha": "0" * 64, "n": 1, "key": "ct-06-2025-bca", "job_id": "0" * 32,
                      "seq": 1, "file": OVERRIDE.removeprefix("content/")}
            with app.test_request_context():
                url = url_for(rule.endpoint, **{a: values[a] for a in rule.arguments})
            for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
                if method == "GET":
                    r = client.get(url)
                elif url.startswith("/api/"):
                    r = client.post(url, json={"form": {}, "base_sha": None, "provinces": [SLUG], "documents": ["ke-hoach-06"]},
                                    headers={"X-CSRF-Token": token})
                else:
                    r = client.post(url, data={"csrf": token, "notes": "Sửa.", "number": "5", "date": "2026-01-02"})
                where = f"{method} {url}"
                body = r.get_data(as_text=True)
                assert r.status_code != 500 and "Traceback" not in body, where
                if rule.endpoint not in READS:
                    continue
                checked += 1
                assert r.status_code == 422, f"{where}: {r.status_code}"
                text = json.loads(body)["error"] if r.is_json else body
                if not r.is_json:
                    assert '<html lang="vi">' in body, where
                named = OWN if stem == "rieng" else OVERRIDE
                if rule.endpoint.startswith("draft."):  # the page of that very file names it
                    assert (named + ":") in text, f"{where}: {text[:400]}"
                assert OVERRIDE + ":2" in text or OWN + ":3" in text, f"{where}: no file and line: {text[:400]}"
                assert str(workspace) not in text and "/tmp" not in text, f"{where}: a server path: {text[:400]}"
                assert not ENGLISH.search(text), f"{where}: English: {ENGLISH.search(text).group(0)} in {text[:400]}"
    assert checked >= len(READS) + 4
    # nothing was submitted or approved from a file that does not parse
    assert not (workspace / ".vbgen-office" / "review" / SLUG).exists() or not any(
        (workspace / ".vbgen-office" / "review" / SLUG).iterdir())
