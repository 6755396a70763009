"""PDF conversion: one LibreOffice process for a batch, clear errors when it is missing or fails."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
import unicodedata
from pathlib import Path

import pytest

from vbgen.batch import runner as batch_mod
from vbgen.pdf import pool as office_mod
from vbgen.pdf import common as pdf_common
from vbgen.pdf import export as pdf_mod
from vbgen.errors import ToolMissingError

from conftest import MINI, TEMPLATES

IN_CI = os.environ.get("CI") == "true"
SLUGS = ["tay-ninh", "ho-chi-minh", "ha-noi"]


def require(tool: str) -> None:
    """Skip without ``tool`` on a developer's machine; in CI it must be installed."""
    try:
        if tool == "soffice":
            found = pdf_common.find_soffice()
        elif tool == "uno":  # a Python with LibreOffice's uno module (Debian: python3-uno)
            found = any(subprocess.run([py, "-c", "import uno"], capture_output=True).returncode == 0
                        for py in office_mod.uno_python_candidates(pdf_common.find_soffice()))
        else:
            found = shutil.which(tool)
    except (ToolMissingError, OSError):
        found = None
    if found:
        return
    if IN_CI:
        pytest.fail(f"{tool} is required in CI (apt-get install libreoffice-writer-nogui fonts-liberation2 poppler-utils python3-uno)")
    pytest.skip(f"{tool} is not installed")


def pdf_text(path: Path) -> str:
    out = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True).stdout
    return unicodedata.normalize("NFC", out)


def pdf_pages(path: Path) -> int:
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout
    return int(next(line.split()[-1] for line in info.splitlines() if line.startswith("Pages:")))


posix_only = pytest.mark.skipif(sys.platform == "win32", reason="the fake soffice is a shell script")


# -- real LibreOffice -------------------------------------------------------------------------------


@pytest.mark.parametrize("engine", ["uno", "cli"])
def test_batch_pdf_converts_every_output_in_few_libreoffice_processes(tmp_path, monkeypatch, engine):
    require("soffice")
    require("pdftotext")
    if engine == "uno":
        require("uno")
    monkeypatch.setenv(pdf_mod.ENV_ENGINE, engine)
    calls = []
    real_run = pdf_mod._run

    def counting_run(exe, profile, indir, outdir, names, *args):
        calls.append(list(names))
        return real_run(exe, profile, indir, outdir, names, *args)

    monkeypatch.setattr(pdf_mod, "_run", counting_run)
    started = []
    real_instance = office_mod._Instance.__init__

    def counting_instance(self, *args):
        started.append(args)
        real_instance(self, *args)

    monkeypatch.setattr(office_mod._Instance, "__init__", counting_instance)
    out = tmp_path / "out"
    result = batch_mod.run(None, "all", out, content_dir=MINI, templates_dir=TEMPLATES, pdf=True, jobs=1)
    assert not result.failed, batch_mod.format_summary(result)
    if engine == "cli":
        assert len(calls) == 1 and len(calls[0]) == 3  # one process for the three documents
    else:
        assert not calls and 1 <= len(started) <= min(3, office_mod.default_workers())  # one per core at most
    records = {r["province"]: r for r in json.loads((out / "manifest.json").read_text(encoding="utf-8"))["outputs"]}
    for slug in SLUGS:
        pdf = out / slug / "ke-hoach-mini.pdf"
        data = pdf.read_bytes()
        assert data[:5] == b"%PDF-"
        assert pdf_pages(pdf) >= 1
        text = pdf_text(pdf)
        assert "KẾ HOẠCH" in text
        assert "Nơi nhận" in text
        assert records[slug]["pdf"] == {"path": f"{slug}/ke-hoach-mini.pdf", "sha256": hashlib.sha256(data).hexdigest(),
                                        "docx_sha256": records[slug]["sha256"]}
    assert "Hồ Chí Minh".upper() in pdf_text(out / "ho-chi-minh" / "ke-hoach-mini.pdf")
    assert not list(out.rglob("*.tmp"))


def test_convert_to_pdf_is_reproducible(tmp_path):
    """Same .docx, same PDF: LibreOffice's time stamp and /ID are replaced."""
    require("soffice")
    require("pdftotext")
    from conftest import render_mini

    docs = [render_mini(MINI, tmp_path / "a", "ha-noi"), render_mini(MINI, tmp_path / "a", "tay-ninh")]
    first = [p.read_bytes() for p in pdf_mod.convert_to_pdf(docs)]
    second = [p.read_bytes() for p in pdf_mod.convert_to_pdf(docs)]
    assert first == second
    assert b"/CreationDate(D:2026" in first[0]  # the document's year, not today's date
    assert "Nơi nhận" in pdf_text(docs[0].with_suffix(".pdf"))


# -- finding LibreOffice and fonts ------------------------------------------------------------------


def test_missing_soffice_says_how_to_install(tmp_path, monkeypatch):
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    monkeypatch.delenv(pdf_mod.ENV_SOFFICE, raising=False)
    monkeypatch.setattr(pdf_common, "KNOWN_LOCATIONS", [])
    with pytest.raises(ToolMissingError) as e:
        pdf_common.find_soffice()
    message = e.value.format_message()
    assert "apt-get install libreoffice-writer-nogui fonts-liberation2" in message
    assert "soffice on PATH" in message and "Windows/macOS" in message
    with pytest.raises(ToolMissingError):
        pdf_mod.convert_to_pdf([tmp_path / "x.docx"])


def test_vbgen_soffice_points_at_the_binary(tmp_path, monkeypatch):
    fake = tmp_path / "my-soffice"
    fake.write_text("#!/bin/sh\n", encoding="utf-8")
    fake.chmod(0o755)
    monkeypatch.setenv(pdf_mod.ENV_SOFFICE, str(fake))
    assert Path(pdf_common.find_soffice()) == fake
    monkeypatch.setenv(pdf_mod.ENV_SOFFICE, str(tmp_path / "missing"))
    with pytest.raises(ToolMissingError, match=pdf_mod.ENV_SOFFICE):
        pdf_common.find_soffice()


@pytest.mark.parametrize(("tnr", "liberation", "warns"), [
    ("Times New Roman", "Liberation Serif", False),
    ("Liberation Serif", "Liberation Serif", False),
    ("DejaVu Serif", "Liberation Serif", False),  # LibreOffice substitutes Liberation Serif itself
    ("DejaVu Serif", "DejaVu Serif", True),
    (None, None, False),  # no fontconfig: nothing can be checked
])
def test_font_check(monkeypatch, tnr, liberation, warns):
    answers = {"Times New Roman": tnr, "Liberation Serif": liberation}
    monkeypatch.setattr(pdf_mod, "_fc_match", lambda family: answers[family])
    warnings = pdf_mod.check_fonts()
    assert bool(warnings) == warns
    if warns:
        assert "fonts-liberation2" in warnings[0] and "DejaVu Serif" in warnings[0]


def test_batch_prints_the_font_warning(runner, tmp_path, monkeypatch):
    from vbgen.cli import main

    monkeypatch.setattr(pdf_mod, "_fc_match", lambda family: "DejaVu Serif")
    monkeypatch.setattr(pdf_common, "find_soffice", lambda: "soffice")
    monkeypatch.setattr(pdf_mod, "convert", lambda paths, **kw: [pdf_mod.Converted(p, error="not converted in this test") for p in paths])
    result = runner.invoke(main, ["batch", "--content", str(MINI), "--templates", str(TEMPLATES), "--out", str(tmp_path / "o"), "--pdf", "-p", "ha-noi"])
    assert "Warning: neither Times New Roman nor Liberation Serif is installed" in result.output
    assert result.exit_code == 1
    assert "PDF: not converted in this test" in result.output
    assert (tmp_path / "o" / "ha-noi" / "ke-hoach-mini.docx").exists()  # the .docx itself is fine


# -- failures, with a fake soffice ------------------------------------------------------------------

FAKE_SOFFICE = """#!{python}
import sys, time
from pathlib import Path
args = sys.argv[1:]
outdir = Path(args[args.index("--outdir") + 1])
Path(sys.argv[0]).parent.joinpath("calls.txt").open("a").write(" ".join(a for a in args if a.endswith(".docx")) + "\\n")
for name in (a for a in args if a.endswith(".docx")):
    data = Path(name).read_bytes()
    if data == b"hang":
        time.sleep(60)
    if data == b"crash":
        sys.exit(81)
    if data == b"broken":
        print("Error: source file could not be loaded")
        continue
    (outdir / (name[:-5] + ".pdf")).write_bytes(b"%PDF-1.4 fake of " + data)
"""


@pytest.fixture
def fake_soffice(tmp_path, monkeypatch) -> Path:
    exe = tmp_path / "bin" / "soffice"
    exe.parent.mkdir()
    exe.write_text(FAKE_SOFFICE.format(python=sys.executable), encoding="utf-8")
    exe.chmod(0o755)
    monkeypatch.setenv(pdf_mod.ENV_SOFFICE, str(exe))
    monkeypatch.setenv(pdf_mod.ENV_ENGINE, "cli")  # the fake speaks the command line, not UNO
    return exe


def docx_files(tmp_path: Path, contents: list[bytes]) -> list[Path]:
    paths = []
    for i, data in enumerate(contents):
        p = tmp_path / "docs" / f"p{i}" / "same-name.docx"  # the same stem in every folder
        p.parent.mkdir(parents=True)
        p.write_bytes(data)
        paths.append(p)
    return paths


@posix_only
def test_one_unconvertible_file_is_named_and_the_others_converted(tmp_path, fake_soffice):
    paths = docx_files(tmp_path, [b"one", b"broken", b"three"])
    results = pdf_mod.convert(paths, reproducible=False)
    assert [r.pdf is not None for r in results] == [True, False, True]
    assert results[0].pdf.read_bytes() == b"%PDF-1.4 fake of one"
    assert results[2].pdf.read_bytes() == b"%PDF-1.4 fake of three"
    assert "no PDF" in results[1].error
    with pytest.raises(pdf_mod.ConversionError) as e:
        pdf_mod.convert_to_pdf(paths)
    assert str(paths[1]) in e.value.format_message()
    assert str(paths[0]) not in e.value.format_message()


@posix_only
def test_a_hanging_file_is_stopped_named_and_the_rest_converted(tmp_path, fake_soffice):
    paths = docx_files(tmp_path, [b"one", b"hang", b"three"])
    results = pdf_mod.convert(paths, timeout=1.5, reproducible=False)
    assert [r.pdf is not None for r in results] == [True, False, True]
    assert "did not finish converting it within 1.5 s" in results[1].error


@posix_only
def test_a_crash_is_reported_for_the_file_it_was_on(tmp_path, fake_soffice):
    paths = docx_files(tmp_path, [b"one", b"crash", b"three"])
    results = pdf_mod.convert(paths, reproducible=False)
    assert [r.pdf is not None for r in results] == [True, False, True]
    assert "exit code 81" in results[1].error


@posix_only
def test_batch_pdf_failure_marks_the_document_and_removes_its_old_pdf(tmp_path, fake_soffice, monkeypatch):
    out = tmp_path / "out"
    old_pdf = out / "ha-noi" / "ke-hoach-mini.pdf"
    old_pdf.parent.mkdir(parents=True)
    old_pdf.write_bytes(b"%PDF an old one")
    real_convert = pdf_mod.convert

    def convert(paths, **kw):  # LibreOffice fails on the Hà Nội file only
        for p in paths:
            if p.parent.name == "ha-noi":
                p.write_bytes(b"broken")
        return real_convert(paths, **kw)

    monkeypatch.setattr(pdf_mod, "convert", convert)
    result = batch_mod.run(None, "all", out, content_dir=MINI, templates_dir=TEMPLATES, pdf=True, jobs=1)
    status = {o.province: o.status for o in result.outcomes}
    assert status == {"tay-ninh": "ok", "ho-chi-minh": "ok", "ha-noi": "error"}
    assert not old_pdf.exists()
    summary = batch_mod.format_summary(result)
    assert "PDF: LibreOffice produced no PDF" in summary and "removed ha-noi/ke-hoach-mini.pdf" in summary
    assert (out / "tay-ninh" / "ke-hoach-mini.pdf").read_bytes().startswith(b"%PDF-1.4 fake")


def test_normalize_pdf_keeps_lengths():
    data = (b"%PDF-1.4\n1 0 obj <</CreationDate(D:20991231235959Z')>> endobj\ntrailer\n"
            b"<</ID [ <0123456789ABCDEF0123456789ABCDEF>\n<0123456789ABCDEF0123456789ABCDEF> ]\n"
            b"/DocChecksum /FEDCBA9876543210FEDCBA9876543210\n>>\n%%EOF")
    fake_docx = Path(__file__)  # any readable file: no core.xml, so the zip epoch is used
    out = pdf_mod.normalize_pdf(data, fake_docx)
    assert len(out) == len(data)
    assert b"D:19800101000000Z'" in out
    assert b"0123456789ABCDEF0123456789ABCDEF" not in out
    assert out == pdf_mod.normalize_pdf(data.replace(b"20991231235959", b"20000101000000"), fake_docx)


@posix_only
def test_libreoffice_that_never_works_is_not_retried_for_every_file(tmp_path, fake_soffice):
    paths = docx_files(tmp_path, [b"crash", b"crash", b"three", b"four"])
    results = pdf_mod.convert(paths, reproducible=False)
    assert all(r.pdf is None for r in results)
    assert "failed twice in a row" in results[3].error
    assert len((fake_soffice.parent / "calls.txt").read_text().splitlines()) == 2  # two processes, not four
