"""The change history: append-only, chained, survives a torn line, restores any version."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from vbgen.office import history
from vbgen.office.paths import state_dir


@pytest.fixture
def content(tmp_path: Path, monkeypatch) -> Path:
    monkeypatch.delenv("VBGEN_OFFICE_DIR", raising=False)
    c = tmp_path / "content"
    (c / "provinces" / "ha-noi" / "documents").mkdir(parents=True)
    return c


def _change(content: Path, name: str, text: str | None, who: str = "an") -> dict | None:
    path = content / name
    before = history.read_bytes(path)
    if text is None:
        path.unlink()
        after = None
    else:
        path.write_text(text, encoding="utf-8")
        after = text.encode()
    return history.record(content, path, before, after, who)


def test_records_who_what_and_diff_and_keeps_every_version(content: Path) -> None:
    name = "provinces/ha-noi/documents/kh.yaml"
    e1 = _change(content, name, "subject: một\n")
    e2 = _change(content, name, "subject: hai\n", who="binh")
    assert _change(content, name, "subject: hai\n") is None  # nothing changed, nothing recorded
    assert state_dir(content) == content.parent / ".vbgen-office"
    assert (e1["seq"], e2["seq"]) == (1, 2) and e1["before"] is None and e2["who"] == "binh"
    assert "-subject: một\n+subject: hai" in e2["diff"] and e2["file"] == name
    assert e2["prev"] == __import__("hashlib").sha256(
        (state_dir(content) / "history.jsonl").read_bytes().splitlines()[0]).hexdigest()
    assert history.version(content, 1) == "subject: một\n".encode()
    assert history.version(content, 2, "before") == "subject: một\n".encode()
    assert [e["seq"] for e in history.for_file(content, name)] == [2, 1]
    v = history.verify(content)
    assert v.ok and v.entries == 2 and not v.problems


@pytest.mark.parametrize("attack", ["edit-who", "edit-and-rehash", "delete-line", "swap-lines", "garbage", "blob"])
def test_tampering_is_detected(content: Path, attack: str) -> None:
    name = "provinces/ha-noi/documents/kh.yaml"
    for i in range(4):
        _change(content, name, f"subject: bản {i}\n")
    log = state_dir(content) / "history.jsonl"
    lines = log.read_bytes().splitlines(keepends=True)
    if attack == "edit-who":
        lines[1] = lines[1].replace(b'"who":"an"', b'"who":"xx"')
    elif attack == "edit-and-rehash":  # a careful forger recomputes the line's own hash: the next line still knows
        e = json.loads(lines[1])
        e["who"] = "xx"
        e["hash"] = history._entry_hash(e)
        lines[1] = json.dumps(e, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode() + b"\n"
    elif attack == "delete-line":
        del lines[1]
    elif attack == "swap-lines":
        lines[1], lines[2] = lines[2], lines[1]
    elif attack == "garbage":
        lines.insert(2, b"{not json\n")
    elif attack == "blob":
        sha = json.loads(lines[0])["after"]
        history.blob_path(content, sha).write_bytes(b"subject: forged\n")
    log.write_bytes(b"".join(lines))
    v = history.verify(content)
    assert not v.ok and v.problems, attack
    assert all("line" in p for p in v.problems)


def test_a_torn_last_line_is_reported_then_set_aside(content: Path) -> None:
    name = "provinces/ha-noi/documents/kh.yaml"
    _change(content, name, "subject: a\n")
    _change(content, name, "subject: b\n")
    log = state_dir(content) / "history.jsonl"
    whole = log.read_bytes()
    log.write_bytes(whole + b'{"seq":3,"at":"2026-')  # the process died mid-write
    v = history.verify(content)
    assert v.ok and v.entries == 2 and "incomplete" in v.problems[-1]
    assert len(history.read(content).entries) == 2
    e = _change(content, name, "subject: c\n")
    assert e["seq"] == 3 and log.read_bytes().startswith(whole)
    assert (state_dir(content) / "history.jsonl.torn").read_bytes() == b'{"seq":3,"at":"2026-\n'
    v = history.verify(content)
    assert v.ok and v.entries == 3 and v.problems == []


def test_entries_are_on_disk_when_record_returns(content: Path, monkeypatch) -> None:
    synced = []
    real = history.os.fsync
    monkeypatch.setattr(history.os, "fsync", lambda fd: (synced.append(fd), real(fd)))
    _change(content, "provinces/ha-noi/documents/kh.yaml", "subject: a\n")
    assert synced
