"""vbgen batch: every province, one failure at a time, a summary, and a manifest."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest

from vbgen import __version__
from vbgen.batch import runner as batch_mod
from vbgen.cli import main
from vbgen.errors import ContentError, Problem

from conftest import TEMPLATES

SLUGS = ["tay-ninh", "ho-chi-minh", "ha-noi"]  # the fixture's provinces, in provinces.yaml order
DOC = "ke-hoach-mini"


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def invoke(runner, content: Path, out: Path, *args: str):
    return runner.invoke(main, ["batch", "--content", str(content), "--templates", str(TEMPLATES), "--out", str(out), *args])


def add_document(content: Path, name: str, edit=lambda text: text) -> Path:
    """A new document in the fixture content: a copy of ke-hoach-mini, edited."""
    text = (content / "documents" / f"{DOC}.yaml").read_text(encoding="utf-8")
    path = content / "documents" / f"{name}.yaml"
    path.write_text(edit(text), encoding="utf-8")
    return path


def add_special_zone_agency(content: Path) -> Path:
    """A document naming an agency that exists only where there are đặc khu (ho-chi-minh)."""
    with (content / "agencies.yaml").open("a", encoding="utf-8") as f:
        f.write("  ubnd-dac-khu:\n    name: Ủy ban nhân dân đặc khu\n    when: special_zones\n")
    return add_document(content, "dac-khu", lambda t: t.replace("  - agency: ubnd-cap-xa\n", "  - agency: ubnd-cap-xa\n  - agency: ubnd-dac-khu\n"))


def manifest(out: Path) -> dict:
    return json.loads((out / "manifest.json").read_text(encoding="utf-8"))


def summary_rows(output: str) -> dict[tuple[str, str], str]:
    rows = {}
    for line in output.splitlines():
        parts = line.split()
        if len(parts) >= 3 and parts[0] in SLUGS:
            rows[(parts[0], parts[1])] = parts[2]
    return rows


# -- the happy path ---------------------------------------------------------------------------------


def test_renders_every_province_by_default(runner, mini, tmp_path):
    out = tmp_path / "out"
    result = invoke(runner, mini, out, "--jobs", "1")
    assert result.exit_code == 0, result.output
    for slug in SLUGS:
        assert (out / slug / f"{DOC}.docx").read_bytes()[:2] == b"PK"
    assert summary_rows(result.output) == {(s, DOC): "ok" for s in SLUGS}
    assert "3 documents: 3 ok, 0 with warnings, 0 failed" in result.output
    # no progress bar when stderr is not a terminal
    assert "Rendering" not in result.output
    assert not list(out.rglob("*.tmp"))


def test_named_documents_only(runner, mini, tmp_path):
    other = add_document(mini, "khac")
    out = tmp_path / "out"
    result = invoke(runner, mini, out, str(other), "-p", "ha-noi")
    assert result.exit_code == 0, result.output
    assert sorted(p.relative_to(out).as_posix() for p in out.rglob("*.docx")) == ["ha-noi/khac.docx"]


def test_manifest_records_outputs_inputs_and_hashes(runner, mini, tmp_path):
    out = tmp_path / "out"
    assert invoke(runner, mini, out).exit_code == 0
    m = manifest(out)
    assert m["vbgen_version"] == __version__
    assert "time" not in json.dumps(m).lower()  # nothing run-dependent
    records = m["outputs"]
    assert sorted((r["province"], r["path"]) for r in records) == sorted((s, f"{s}/{DOC}.docx") for s in SLUGS)
    for r in records:
        assert r["status"] == "ok"
        assert r["document"] == f"documents/{DOC}.yaml"
        assert r["sha256"] == sha(out / r["path"])
        assert r["content"] == {name: sha(mini / name) for name in
                                ["agencies.yaml", "citations.yaml", "provinces.yaml", f"documents/{DOC}.yaml"]}
        assert r["templates"] == {"ke-hoach.docx": sha(TEMPLATES / "ke-hoach.docx")}
        assert r["pdf"] is None
        assert any("added to Nơi nhận" in n for n in r["notes"])
    raw = (out / "manifest.json").read_text(encoding="utf-8")
    assert raw == json.dumps(m, ensure_ascii=False, sort_keys=True, indent=2) + "\n"


def test_manifest_lists_province_override_files(tmp_path):
    """Overrides under content/provinces/<slug>/ are inputs of that province's outputs."""
    from conftest import CONTENT

    overridden = [p for p in (CONTENT / "provinces").glob("*/documents/*.yaml")]
    if not overridden:
        pytest.skip("the shipped content has no province overrides")
    override = overridden[0]
    slug, stem = override.parents[1].name, override.stem
    out = tmp_path / "out"
    result = batch_mod.run([CONTENT / "documents" / f"{stem}.yaml"], slug, out, content_dir=CONTENT, templates_dir=TEMPLATES, jobs=1)
    [record] = manifest(out)["outputs"]
    key = f"provinces/{slug}/documents/{stem}.yaml"
    assert record["content"][key] == sha(override), result.outcomes[0].message


def test_second_run_reports_what_changed(runner, mini, tmp_path):
    def changes(output: str) -> set[str]:
        return {line.split()[3] for line in output.splitlines() if line.startswith(tuple(SLUGS))}

    out = tmp_path / "out"
    assert changes(invoke(runner, mini, out).output) == {"new"}
    assert changes(invoke(runner, mini, out).output) == {"same"}
    doc = mini / "documents" / f"{DOC}.yaml"
    doc.write_text(doc.read_text(encoding="utf-8").replace("phong trào", "các phong trào"), encoding="utf-8")
    assert changes(invoke(runner, mini, out).output) == {"changed"}


def test_warnings_are_reported_and_strict_makes_them_errors(runner, mini, tmp_path):
    add_document(mini, "cu", lambda t: t.replace("Thực hiện [[tt-124-2021-bca|gọi tắt]].", "Thực hiện [[ct-07-2014-bca]]."))
    out = tmp_path / "out"
    result = invoke(runner, mini, out, "-p", "ha-noi")
    assert result.exit_code == 0, result.output
    assert summary_rows(result.output)[("ha-noi", "cu")] == "warning"
    [rec] = [r for r in manifest(out)["outputs"] if r["path"] == "ha-noi/cu.docx"]
    assert rec["status"] == "warning" and rec["warnings"]

    strict = invoke(runner, mini, out, "-p", "ha-noi", "--strict")
    assert strict.exit_code == 1
    assert summary_rows(strict.output)[("ha-noi", "cu")] == "error"
    assert summary_rows(strict.output)[("ha-noi", DOC)] == "ok"
    assert not (out / "ha-noi" / "cu.docx").exists()  # the earlier run's file is gone


# -- failures ---------------------------------------------------------------------------------------


def test_one_failing_province_does_not_stop_the_others(runner, mini, tmp_path, monkeypatch):
    out = tmp_path / "out"
    stale = out / "ho-chi-minh" / f"{DOC}.docx"
    stale.parent.mkdir(parents=True)
    stale.write_bytes(b"an earlier run's file")
    stale.with_suffix(".pdf").write_bytes(b"%PDF an earlier run's file")
    real = batch_mod.render_one

    def render_one(ws, doc, province, out_dir, strict=False, draft=False, sign_ready=False):
        if province.slug == "ho-chi-minh":
            raise ContentError.from_problems([Problem(doc.source.path, 3, "subject", "broken for this province")])
        return real(ws, doc, province, out_dir, strict, draft, sign_ready)

    monkeypatch.setattr(batch_mod, "render_one", render_one)
    result = invoke(runner, mini, out, "--jobs", "1")
    assert result.exit_code == 1
    rows = summary_rows(result.output)
    assert rows == {("tay-ninh", DOC): "ok", ("ho-chi-minh", DOC): "error", ("ha-noi", DOC): "ok"}
    assert "broken for this province" in result.output
    assert f"removed ho-chi-minh/{DOC}.docx left by an earlier run" in result.output
    assert f"removed ho-chi-minh/{DOC}.pdf left by an earlier run" in result.output
    assert "1 of 3 document(s) failed" in result.output
    assert not stale.exists() and not stale.with_suffix(".pdf").exists()
    assert (out / "tay-ninh" / f"{DOC}.docx").exists() and (out / "ha-noi" / f"{DOC}.docx").exists()
    rec = {r["province"]: r for r in manifest(out)["outputs"]}
    assert rec["ho-chi-minh"]["status"] == "error" and rec["ho-chi-minh"]["sha256"] is None
    assert "broken for this province" in rec["ho-chi-minh"]["message"]
    assert rec["ha-noi"]["status"] == "ok"


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_agency_of_special_zones_fails_only_where_there_are_none(runner, mini, tmp_path, jobs):
    add_special_zone_agency(mini)
    out = tmp_path / "out"
    result = invoke(runner, mini, out, "--jobs", jobs)
    assert result.exit_code == 1, result.output
    rows = summary_rows(result.output)
    assert rows[("ho-chi-minh", "dac-khu")] == "ok"
    assert rows[("tay-ninh", "dac-khu")] == rows[("ha-noi", "dac-khu")] == "error"
    assert all(rows[(s, DOC)] == "ok" for s in SLUGS)
    assert "exists only in provinces with đặc khu" in result.output
    assert (out / "ho-chi-minh" / "dac-khu.docx").exists()
    assert not (out / "tay-ninh" / "dac-khu.docx").exists()
    assert not (out / "ha-noi" / "dac-khu.docx").exists()
    assert "2 of 6 document(s) failed" in result.output


def test_a_broken_document_fails_for_every_province_only(runner, mini, tmp_path):
    add_document(mini, "hong", lambda t: t.replace("kind: ke_hoach", "kind: ke_hoachh"))
    out = tmp_path / "out"
    result = invoke(runner, mini, out)
    assert result.exit_code == 1
    rows = summary_rows(result.output)
    assert all(rows[(s, "hong")] == "error" for s in SLUGS)
    assert all(rows[(s, DOC)] == "ok" for s in SLUGS)
    assert "hong.yaml" in result.output


def test_documents_with_the_same_name_are_refused(runner, mini, tmp_path):
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    twin = elsewhere / f"{DOC}.yaml"
    twin.write_bytes((mini / "documents" / f"{DOC}.yaml").read_bytes())
    result = invoke(runner, mini, tmp_path / "out", str(mini / "documents" / f"{DOC}.yaml"), str(twin))
    assert result.exit_code == 1
    assert "would both be written" in result.output
    assert not (tmp_path / "out").exists()


# -- PDFs left by earlier runs ------------------------------------------------------------------------


def test_outdated_pdf_is_removed_and_a_current_one_kept(runner, mini, tmp_path):
    out = tmp_path / "out"
    assert invoke(runner, mini, out).exit_code == 0
    # a PDF that the manifest says was made from the current .docx stays
    pdf = out / "ha-noi" / f"{DOC}.pdf"
    pdf.write_bytes(b"%PDF-1.4 made from this docx")
    m = manifest(out)
    for r in m["outputs"]:
        if r["province"] == "ha-noi":
            r["pdf"] = {"path": f"ha-noi/{DOC}.pdf", "sha256": sha(pdf), "docx_sha256": r["sha256"]}
    (out / "manifest.json").write_text(json.dumps(m), encoding="utf-8")
    # a PDF nobody can vouch for goes
    unknown = out / "tay-ninh" / f"{DOC}.pdf"
    unknown.write_bytes(b"%PDF-1.4 from who knows when")
    result = invoke(runner, mini, out)
    assert result.exit_code == 0, result.output
    assert pdf.exists() and not unknown.exists()
    assert f"removed tay-ninh/{DOC}.pdf made from an earlier version" in result.output
    rec = {r["province"]: r for r in manifest(out)["outputs"]}
    assert rec["ha-noi"]["pdf"]["sha256"] == sha(pdf)
    assert rec["tay-ninh"]["pdf"] is None


def test_manifest_keeps_untouched_outputs_of_earlier_runs(runner, mini, tmp_path):
    out = tmp_path / "out"
    assert invoke(runner, mini, out).exit_code == 0
    assert invoke(runner, mini, out, "-p", "ha-noi").exit_code == 0
    assert sorted(r["province"] for r in manifest(out)["outputs"]) == sorted(SLUGS)
    (out / "tay-ninh" / f"{DOC}.docx").write_bytes(b"edited by hand")
    assert invoke(runner, mini, out, "-p", "ha-noi").exit_code == 0
    assert sorted(r["province"] for r in manifest(out)["outputs"]) == ["ha-noi", "ho-chi-minh"]


def test_pdf_without_libreoffice_fails_before_writing(runner, mini, tmp_path, monkeypatch):
    from vbgen.pdf import common as pdf_common

    monkeypatch.setenv("PATH", str(tmp_path / "nowhere"))
    monkeypatch.delenv(pdf_common.ENV_SOFFICE, raising=False)
    monkeypatch.setattr(pdf_common, "KNOWN_LOCATIONS", [])
    out = tmp_path / "out"
    result = invoke(runner, mini, out, "--pdf")
    assert result.exit_code == 1
    assert "apt-get install libreoffice-writer-nogui fonts-liberation2" in result.output
    assert not out.exists()


# -- --provinces --------------------------------------------------------------------------------------


def test_provinces_option_picks_and_orders(runner, mini, tmp_path):
    out = tmp_path / "out"
    result = invoke(runner, mini, out, "--provinces", "ha-noi, tay-ninh,ha-noi")
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in out.iterdir() if p.is_dir()) == ["ha-noi", "tay-ninh"]
    assert [line.split()[0] for line in result.output.splitlines() if line.startswith(tuple(SLUGS))] == ["ha-noi", "tay-ninh"]


def test_unknown_province_is_a_usage_error_with_a_suggestion(runner, mini, tmp_path):
    result = invoke(runner, mini, tmp_path / "out", "--provinces", "ha-noj,tay-ninh")
    assert result.exit_code == 2
    assert "unknown province 'ha-noj' (did you mean 'ha-noi'?)" in result.output
    assert not (tmp_path / "out").exists()


def test_parse_provinces():
    from types import SimpleNamespace

    provinces = [SimpleNamespace(slug=s) for s in SLUGS]
    parse = batch_mod.parse_provinces
    assert [p.slug for p in parse(None, provinces)] == SLUGS
    assert [p.slug for p in parse("all", provinces)] == SLUGS
    assert [p.slug for p in parse(["all"], provinces)] == SLUGS
    assert [p.slug for p in parse(["ha-noi", "tay-ninh,ha-noi,"], provinces)] == ["ha-noi", "tay-ninh"]
    with pytest.raises(Exception, match="not both"):
        parse("all,ha-noi", provinces)
    with pytest.raises(Exception, match="'xyz'"):
        parse("xyz", provinces)


def test_auto_jobs():
    assert batch_mod.auto_jobs(1) == 1
    assert 1 <= batch_mod.auto_jobs(10_000) <= batch_mod.MAX_AUTO_JOBS


def number_cell(path: Path) -> list[str]:
    """The texts under the issuer: the Số line and the marks under it."""
    import docx

    return [p.text for p in docx.Document(str(path)).tables[0].cell(1, 0).paragraphs if p.text]


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_draft_flag_marks_every_output_and_the_manifest_says_so(runner, mini, tmp_path, jobs):
    """batch --draft means what build --draft means (DỰ THẢO, number and date blank), in worker
    processes too; the manifest tells a draft output from a final one."""
    numbered = add_document(mini, "so-15", lambda t: t.replace("year: 2026", 'number: "15"\ndate: 2026-03-16')
                            .replace("preset: tm_kt_chu_tich", "preset: tm_kt_chu_tich\n  name: Nguyễn Văn A"))
    out = tmp_path / "out"
    result = invoke(runner, mini, out, "--draft", "-p", "ha-noi,tay-ninh", "--jobs", jobs)
    assert result.exit_code == 0, result.output
    blank = "\u00a0" * 6
    for slug in ("ha-noi", "tay-ninh"):
        path = out / slug / f"{numbered.stem}.docx"
        assert number_cell(path) == [f"Số: {blank}/KH-UBND", "DỰ THẢO"]
    records = manifest(out)["outputs"]
    assert len(records) == 4 and all(r["draft"] is True for r in records)
    # the same inputs without --draft: the final text, and the manifest says it is not a draft
    result = invoke(runner, mini, out, "-p", "ha-noi,tay-ninh", "--jobs", jobs)
    assert result.exit_code == 0, result.output
    assert number_cell(out / "ha-noi" / f"{numbered.stem}.docx") == ["Số: 15/KH-UBND"]
    records = manifest(out)["outputs"]
    assert len(records) == 4 and all(r["draft"] is False for r in records)
    assert summary_rows(result.output)[("ha-noi", numbered.stem)] == "ok"  # a signed final text checks clean
