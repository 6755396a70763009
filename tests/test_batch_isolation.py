"""One pair's failure stays its own; workers end with vbgen; files are readable, atomic, and a
killed run's leftovers are cleaned; Ctrl-C is one line (issue 8, items 3 and 7)."""

from __future__ import annotations

import json
import os
import pickle
import signal
import stat
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
from lxml import etree

from vbgen import atomic
from vbgen.batch import build as build_mod
from vbgen.batch import runner as batch_mod

from conftest import CONTENT, MINI, ROOT, TEMPLATES

linux_only = pytest.mark.skipif(sys.platform != "linux", reason="reads /proc and uses fork")
SLUGS = ["tay-ninh", "ho-chi-minh", "ha-noi"]
DOC = "ke-hoach-mini"


def xml_error() -> etree.XMLSyntaxError:
    try:
        etree.fromstring(b"<a>\x01</a>")
    except etree.XMLSyntaxError as e:
        return e
    raise AssertionError("lxml accepted a control character")


def children(pid: int) -> list[int]:
    """Live (not zombie) child processes of ``pid``."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat_line = (entry / "stat").read_text()
            except OSError:
                continue
            fields = stat_line[stat_line.rindex(")") + 2:].split()
            if int(fields[1]) == pid and fields[0] != "Z":
                found.append(int(entry.name))
    return found


def alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


# -- isolation ----------------------------------------------------------------------------------------


@linux_only
@pytest.mark.parametrize("jobs", [1, 2])
def test_any_exception_fails_only_its_pair(tmp_path, monkeypatch, jobs):
    error = xml_error()
    with pytest.raises(TypeError):
        pickle.dumps(error)  # what used to break --jobs 2: the error itself cannot cross processes
    real = batch_mod.render_one

    def render_one(ws, doc, province, out_dir, strict=False, draft=False, sign_ready=False):
        if province.slug == "ho-chi-minh":
            raise error
        if province.slug == "ha-noi":
            return 1 / 0
        return real(ws, doc, province, out_dir, strict, draft, sign_ready)

    monkeypatch.setattr(batch_mod, "render_one", render_one)
    out = tmp_path / "out"
    result = batch_mod.run(None, "all", out, content_dir=MINI, templates_dir=TEMPLATES, jobs=jobs)
    status = {o.province: o.status for o in result.outcomes}
    assert status == {"tay-ninh": "ok", "ho-chi-minh": "error", "ha-noi": "error"}
    assert (out / "tay-ninh" / f"{DOC}.docx").read_bytes()[:2] == b"PK"
    summary = batch_mod.format_summary(result)
    assert "internal error: XMLSyntaxError: PCDATA invalid Char value 1" in summary
    assert "internal error: ZeroDivisionError: division by zero" in summary
    records = {r["province"]: r for r in json.loads((out / "manifest.json").read_text(encoding="utf-8"))["outputs"]}
    assert records["ho-chi-minh"]["status"] == "error" and "XMLSyntaxError" in records["ho-chi-minh"]["message"]
    assert records["tay-ninh"]["status"] == "ok"


@linux_only
def test_a_worker_that_dies_fails_only_the_pair_it_was_on(tmp_path, monkeypatch):
    real = batch_mod.render_one

    def render_one(ws, doc, province, out_dir, strict=False, draft=False, sign_ready=False):
        if province.slug == "ho-chi-minh":
            os.kill(os.getpid(), signal.SIGKILL)  # a crash in C code, the OOM killer ...
        return real(ws, doc, province, out_dir, strict, draft, sign_ready)

    monkeypatch.setattr(batch_mod, "render_one", render_one)
    out = tmp_path / "out"
    result = batch_mod.run(None, "all", out, content_dir=MINI, templates_dir=TEMPLATES, jobs=2)
    status = {o.province: o.status for o in result.outcomes}
    assert status == {"tay-ninh": "ok", "ho-chi-minh": "error", "ha-noi": "ok"}
    assert "the worker process rendering it was killed by SIGKILL" in batch_mod.format_summary(result)
    assert (out / "ha-noi" / f"{DOC}.docx").exists() and (out / "manifest.json").exists()


SLOW_BATCH = textwrap.dedent("""
    import faulthandler, signal, sys, time
    from pathlib import Path
    faulthandler.register(signal.SIGUSR1)  # where it is stuck, if it ever is
    signal.signal(signal.SIGINT, signal.default_int_handler)  # as in a terminal, even if pytest runs in the background
    from vbgen.batch import runner
    real = runner.render_one
    delay = float(sys.argv[3])  # 60: only the kernel's or the watchdog's signal can end a worker
    def slow(*args, **kw):
        time.sleep(delay)
        return real(*args, **kw)
    runner.render_one = slow
    print("start", flush=True)
    runner.run(None, "all", Path(sys.argv[1]), content_dir=Path(sys.argv[2]), jobs=2)
""")


@linux_only
@pytest.mark.parametrize("how", ["SIGKILL", "SIGTERM", "SIGINT"])
def test_workers_end_with_the_main_process(tmp_path, how):
    env = dict(os.environ, PYTHONPATH=str(ROOT / "src"))
    proc = subprocess.Popen([sys.executable, "-c", SLOW_BATCH, str(tmp_path / "out"), str(CONTENT), "60"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env, cwd=tmp_path)
    try:
        assert proc.stdout.readline() == b"start\n"
        deadline = time.monotonic() + 30
        while len(children(proc.pid)) < 2 and time.monotonic() < deadline:
            time.sleep(0.05)
        workers = children(proc.pid)
        assert len(workers) >= 2
        time.sleep(0.5)  # rendering
        proc.send_signal(getattr(signal, how))
        try:
            proc.wait(30)
        except subprocess.TimeoutExpired:
            proc.send_signal(signal.SIGUSR1)
            time.sleep(1)
            proc.kill()
            pytest.fail("vbgen did not end:\n" + proc.stderr.read().decode(errors="replace")[-3000:])
        deadline = time.monotonic() + 10
        while any(alive(w) for w in workers) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert not [w for w in workers if alive(w)]
    finally:
        proc.kill()
        proc.wait()
        proc.stdout.close()
        proc.stderr.close()
    if how != "SIGKILL":  # unwound: the workers removed what they were writing
        assert not list((tmp_path / "out").rglob("*.tmp"))


# -- files: permissions, atomic writes, leftovers of a killed run --------------------------------


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX permissions")
@pytest.mark.parametrize(("umask", "mode"), [(0o022, 0o644), (0o027, 0o640), (0o077, 0o600)])
def test_outputs_get_the_permissions_of_the_umask(tmp_path, umask, mode):
    old = os.umask(umask)
    try:
        result = batch_mod.run(None, "ha-noi", tmp_path / "out", content_dir=MINI, templates_dir=TEMPLATES, jobs=1)
    finally:
        os.umask(old)
    assert not result.failed
    for path in (result.outcomes[0].path, result.manifest):
        assert stat.S_IMODE(path.stat().st_mode) == mode, path
    assert not list((tmp_path / "out").rglob("*.tmp"))


def dead_pid() -> int:
    p = subprocess.Popen([sys.executable, "-c", "pass"])
    p.wait()
    return p.pid


@pytest.mark.skipif(sys.platform == "win32", reason="pid check")
def test_next_run_removes_what_a_killed_run_left_and_says_so(tmp_path, runner):
    from vbgen.cli import main

    out = tmp_path / "out"
    (out / "ha-noi").mkdir(parents=True)
    stale = out / "ha-noi" / f".vbgen-{dead_pid()}-0123abcd-{DOC}.docx.tmp"
    stale.write_bytes(b"half a docx")
    stale_top = out / f".vbgen-{dead_pid()}-89abcdef-manifest.json.tmp"
    stale_top.write_bytes(b"{")
    sleeper = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    try:
        busy = out / "ha-noi" / f".vbgen-{sleeper.pid}-00000000-{DOC}.docx.tmp"  # another vbgen still writing
        busy.write_bytes(b"in progress")
        other = out / "ha-noi" / "notes.tmp"  # not ours
        other.write_bytes(b"x")
        result = runner.invoke(main, ["batch", "--content", str(MINI), "--templates", str(TEMPLATES), "--out", str(out), "-p", "ha-noi"])
        assert result.exit_code == 0, result.output
        assert "removed 2 temporary file(s) left by an interrupted run" in result.output
        assert f"ha-noi/{stale.name}" in result.output and stale_top.name in result.output
        assert not stale.exists() and not stale_top.exists()
        assert busy.exists() and other.exists()
    finally:
        sleeper.kill()
        sleeper.wait()


def test_build_removes_leftovers_too(tmp_path, runner):
    from vbgen.cli import main

    out = tmp_path / "out"
    (out / "tay-ninh").mkdir(parents=True)
    stale = out / "tay-ninh" / f".vbgen-{dead_pid()}-0123abcd-{DOC}.docx.tmp"
    stale.write_bytes(b"half a docx")
    result = runner.invoke(main, ["build", str(MINI / "documents" / f"{DOC}.yaml"), "--content", str(MINI),
                                  "--templates", str(TEMPLATES), "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert "removed 1 temporary file(s) left by an interrupted run" in result.output and not stale.exists()


def test_write_atomic_leaves_nothing_when_writing_fails(tmp_path, monkeypatch):
    target = tmp_path / "a" / "x.docx"
    target.parent.mkdir()
    target.write_bytes(b"old")

    def broken_replace(src, dst):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", broken_replace)
    with pytest.raises(atomic.OutputError, match="No space left on device"):
        atomic.write_atomic(target, b"new")
    assert target.read_bytes() == b"old" and sorted(p.name for p in target.parent.iterdir()) == ["x.docx"]


# -- Ctrl-C -------------------------------------------------------------------------------------------

INTERRUPT_WHILE_IMPORTING = textwrap.dedent("""
    import builtins, sys
    real_import = builtins.__import__
    target = sys.argv[1]
    def interrupted(name, *args, **kw):
        if name == target:
            raise KeyboardInterrupt
        return real_import(name, *args, **kw)
    builtins.__import__ = interrupted
    sys.argv = ["vbgen", *sys.argv[2:]]
    from vbgen.__main__ import entry
    entry()
""")


@pytest.mark.parametrize(("module", "args"), [
    ("click", ["--version"]),  # while the entry point itself is still importing
    ("pydantic", ["batch", "-p", "ha-noi"]),  # while a command loads what it needs
    ("docx", ["build"]),
])
def test_ctrl_c_while_starting_is_one_line(tmp_path, module, args):
    env = dict(os.environ, PYTHONPATH=str(ROOT / "src"))
    if args != ["--version"]:
        args = [*args, "--content", str(MINI), "--templates", str(TEMPLATES), "--out", str(tmp_path / "o")]
    res = subprocess.run([sys.executable, "-c", INTERRUPT_WHILE_IMPORTING, module, *args],
                         capture_output=True, text=True, env=env, cwd=tmp_path)
    assert "Traceback" not in res.stderr
    assert res.stderr.strip() == "Aborted!"
    assert res.returncode == 1
    assert not (tmp_path / "o").exists()


@linux_only
def test_ctrl_c_during_a_batch_is_one_line_and_leaves_no_temporary_file(tmp_path):
    env = dict(os.environ, PYTHONPATH=str(ROOT / "src"))
    script = SLOW_BATCH.replace("runner.run(", "from vbgen.__main__ import entry\nsys.argv = ['vbgen', 'batch', '--out', sys.argv[1], '--content', sys.argv[2], '-j', '2', '-p', 'all']\nentry()\n#")
    proc = subprocess.Popen([sys.executable, "-c", script, str(tmp_path / "out"), str(CONTENT), "0.2"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env, cwd=tmp_path, text=True)
    try:
        assert proc.stdout.readline() == "start\n"
        time.sleep(1.5)
        proc.send_signal(signal.SIGINT)
        _, err = proc.communicate(timeout=20)
    finally:
        proc.kill()
        proc.wait()
    assert proc.returncode == 1
    assert "Traceback" not in err and err.strip().splitlines()[-1] == "Aborted!"
    assert len(err.strip().splitlines()) == 1
    assert not list((tmp_path / "out").rglob("*.tmp"))
