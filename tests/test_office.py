"""Warm LibreOffice processes (vbgen.pdf.pool): same PDFs whatever the number of workers,
restarts after a crash or a stuck file, and no LibreOffice left behind however vbgen ends."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from vbgen.pdf import pool as office_mod
from vbgen.pdf import export as pdf_mod
from vbgen.errors import ToolMissingError

from conftest import MINI, ROOT, render_mini
from test_pdf import pdf_text, require

posix_only = pytest.mark.skipif(sys.platform != "linux", reason="reads /proc to find LibreOffice's processes")


@pytest.fixture(scope="module")
def docs(tmp_path_factory) -> list[Path]:
    out = tmp_path_factory.mktemp("office")
    return [render_mini(MINI, out, slug) for slug in ("ha-noi", "tay-ninh", "ho-chi-minh")]


def group_members(pgid: int) -> list[int]:
    """Live (not zombie) processes of process group ``pgid``."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        fields = stat[stat.rindex(")") + 2:].split()  # state ppid pgrp ...
        if int(fields[2]) == pgid and fields[0] != "Z":
            found.append(int(entry.name))
    return found


def test_same_pdf_with_one_or_two_workers_from_a_path_or_bytes(docs, tmp_path):
    require("soffice")
    require("uno")
    require("pdftotext")
    with office_mod.Office(1) as one:
        single = [one.convert(p) for p in docs]
        assert one.started == 1  # one warm LibreOffice for every file
    with office_mod.Office(2) as two:
        copies = []
        for i, p in enumerate(docs):
            copy = tmp_path / f"c{i}" / p.name
            copy.parent.mkdir()
            copy.write_bytes(p.read_bytes())
            copies.append(copy)
        results = two.convert_files(copies)
        assert two.started == 2
        assert two.convert(docs[0].read_bytes()) == single[0]  # bytes in, same PDF out
    assert [r.error for r in results] == [None, None, None]
    assert [r.pdf.read_bytes() for r in results] == single
    assert single[0] != single[1] and single[0].startswith(b"%PDF-")
    assert "Nơi nhận" in pdf_text(results[0].pdf) and "HÀ NỘI" in pdf_text(results[0].pdf)
    # the one-call command-line engine makes the very same bytes
    assert [p.read_bytes() for p in pdf_mod.convert_to_pdf(docs[:1])] == single[:1]
    # and so does the web preview's converter (the process-wide warm pool)
    try:
        assert office_mod.converter()(docs[1].read_bytes()) == single[1]
        assert office_mod.shared_office() is office_mod.shared_office()
    finally:
        office_mod.shared_office().close()


@posix_only
def test_crashed_libreoffice_is_restarted_and_a_stuck_file_stopped(docs):
    require("soffice")
    require("uno")
    with office_mod.Office(1) as office:
        first = office.convert(docs[0])
        pgid = office._all[0].soffice_pid
        os.killpg(pgid, signal.SIGKILL)  # LibreOffice crashes between two files
        assert office.convert(docs[0]) == first
        assert office.started == 2
        with pytest.raises(office_mod.OfficeError, match="did not finish converting it within 0.01 s and was stopped"):
            office.convert(docs[1], timeout=0.01)
        assert not group_members(pgid)
        assert office.convert(docs[0]) == first  # and a fresh one takes over
        assert office.started == 3
        inst = office._all[0]
    assert not group_members(inst.soffice_pid) and not group_members(inst.proc.pid)
    assert not inst.work_dir.exists()


OWNER = textwrap.dedent("""
    import json, sys, time
    from vbgen.pdf.pool import Office
    office = Office(2)
    office.start()
    print(json.dumps({"groups": [g for i in office._all for g in (i.soffice_pid, i.proc.pid)],
                      "tmp": str(office._tmp)}), flush=True)
    sys.stdin.readline()  # the test has seen them running
    if sys.argv[1] == "exit":
        sys.exit(0)  # no close(): atexit stops them
    time.sleep(120)
""")


@posix_only
@pytest.mark.parametrize("how", ["exit", "SIGTERM", "SIGKILL"])
def test_no_libreoffice_survives_its_python(how):
    require("soffice")
    require("uno")
    env = dict(os.environ, PYTHONPATH=str(ROOT / "src"))
    proc = subprocess.Popen([sys.executable, "-c", OWNER, how], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, env=env)
    try:
        info = json.loads(proc.stdout.readline())
        assert len(info["groups"]) == 4 and all(group_members(g) for g in info["groups"])
        if how == "exit":
            proc.stdin.write("go\n")
            proc.stdin.flush()
        else:
            proc.send_signal(getattr(signal, how))
        proc.wait(30)
        deadline = time.monotonic() + 10
        while any(group_members(g) for g in info["groups"]) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert not [g for g in info["groups"] if group_members(g)]
        assert not Path(info["tmp"]).exists()  # the profiles are removed too
    finally:
        proc.kill()
        proc.wait()
        proc.stdout.close()
        proc.stdin.close()


def test_a_python_without_uno_says_what_to_install(tmp_path, monkeypatch):
    monkeypatch.setattr(office_mod, "uno_python_candidates", lambda soffice: [sys.executable])
    office = office_mod.Office(1, soffice=sys.executable)  # never started: this Python has no uno
    with pytest.raises(ToolMissingError, match="python3-uno"):
        office.convert(b"x")
    office.close()


def test_pdf_falls_back_to_one_soffice_call_without_uno(docs, tmp_path, monkeypatch):
    require("soffice")
    monkeypatch.setattr(office_mod, "uno_python_candidates", lambda soffice: [sys.executable])
    calls = []
    real_run = pdf_mod._run
    monkeypatch.setattr(pdf_mod, "_run", lambda *a: calls.append(a) or real_run(*a))
    copy = tmp_path / docs[0].name
    copy.write_bytes(docs[0].read_bytes())
    results = pdf_mod.convert([copy])
    assert results[0].error is None and results[0].pdf.read_bytes().startswith(b"%PDF-")
    assert len(calls) == 1


@posix_only
def test_closing_while_starting_leaves_no_process_and_no_folder(docs):
    """The batch starts LibreOffice in the background and may close before it is up."""
    require("soffice")
    require("uno")
    import threading

    office = office_mod.Office(2)
    raised = []

    def start() -> None:
        try:
            office.start()
        except office_mod.OfficeError as e:
            raised.append(e)

    starting = threading.Thread(target=start)
    starting.start()
    time.sleep(0.3)  # LibreOffice is starting
    tmp = office._tmp
    office.close()
    starting.join(60)
    assert raised and "closed" in str(raised[0])
    assert tmp is not None and not tmp.exists()
    time.sleep(0.5)
    leftovers = [p for p in Path("/proc").iterdir() if p.name.isdigit() and str(tmp).encode() in _cmdline(p)]
    assert not leftovers
    with pytest.raises(office_mod.OfficeError, match="closed"):
        office.convert(docs[0])


def _cmdline(proc: Path) -> bytes:
    try:
        return (proc / "cmdline").read_bytes()
    except OSError:
        return b""
