"""One set of rules: the registry page's check is `vbgen cite check`, its counts and outputs see
what the CLI sees (own documents, extra bases), and an issue date after today is refused."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from click.testing import CliRunner

from tests.web.conftest import post_json
from tests.web.test_registry_batch import entry_data
from vbgen.cli import main


def test_marking_a_cited_text_replaced_reports_what_cite_check_reports(client, workspace: Path) -> None:
    form = entry_data(client, "tt-124-2021-bca")["form"]
    form.update(status="replaced", replaced_by="tt-48-2025-bca")
    r = post_json(client, "/api/registry/check", {"form": form, "is_new": False}).get_json()
    assert r["ok"], r
    web = r["content"]
    # the CLI on the same edit, saved
    path = workspace / "content/citations.yaml"
    text = path.read_text(encoding="utf-8")
    start = text.index("  tt-124-2021-bca:")
    block_end = text.index("\n  tt-48-2025-bca:", start)
    block = text[start:block_end].replace("status: amended", "status: replaced\n    replaced_by: tt-48-2025-bca")
    path.write_text(text[:start] + block + text[block_end:], encoding="utf-8")
    cli = CliRunner().invoke(main, ["--lang", "vi", "cite", "check", "--content", str(workspace / "content")])
    assert cli.exit_code == 1
    cli_lines = [ln.strip() for ln in cli.output.splitlines() if ".yaml:" in ln]
    assert len(web) == len(cli_lines) >= 1, (web, cli_lines)
    assert any("tt-124-2021-bca" in w or "124/2021/TT-BCA" in w for w in web)
    assert any("phu-tho/own/" in w for w in web)  # the province's own document is checked too


def test_usage_counts_include_extra_bases_and_a_future_date_is_refused(client) -> None:
    html = client.get("/registry?q=30/2023").get_data(as_text=True)
    row = html[html.index("luat-30-2023-qh15"):]
    row = row[:row.index("</tr>")]
    assert "<td>0</td>" not in row  # cited by Tây Ninh's and Hồ Chí Minh's extra_bases
    form = entry_data(client, "nd-06-2013-cp")["form"]
    form["date"] = (dt.date.today() + dt.timedelta(days=400)).strftime("%d/%m/%Y")
    r = post_json(client, "/api/registry/check", {"form": form, "is_new": False}).get_json()
    assert not r["ok"] and any(m["field"] == "date" and "sau hôm nay" in m["text"] for m in r["messages"])
