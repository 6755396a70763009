"""The history of every change to content: who, when, which file, before and after.

``<office state>/history.jsonl`` has one JSON object per line, appended and never rewritten:
``seq``, ``at`` (UTC), ``who``, ``via`` (web or cli), ``action``, ``file`` (relative to content/),
``before``/``after`` (SHA-256 of the file's bytes, null when it did not exist), ``diff`` (unified),
``prev`` (the SHA-256 of the previous line's bytes) and ``hash`` (the SHA-256 of this entry
without ``hash``). Editing, removing or reordering a line breaks the chain at that line, which
:func:`verify` reports. The bytes of every version are kept once each, named by their hash, in
``<office state>/blobs/``, so any earlier version can be shown and restored (a restore is one more
change). Each line is flushed to disk before the call returns; a crash in the middle of a line
leaves a torn last line, which is reported and set aside (to ``history.jsonl.torn``) before the
next entry is appended, never treated as an entry.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import difflib
import getpass
import hashlib
import json
import os
from pathlib import Path
from typing import Any

from vbgen.i18n import _
from vbgen.office.paths import content_relative, fsync_dir, locked, state_dir, write_atomic

LOG = "history.jsonl"
GENESIS = "0" * 64


def sha256(data: bytes | None) -> str | None:
    return None if data is None else hashlib.sha256(data).hexdigest()


def blob_path(content_dir: Path, sha: str) -> Path:
    return state_dir(content_dir) / "blobs" / sha[:2] / sha


def put_blob(content_dir: Path, data: bytes) -> str:
    """Keep ``data`` under its hash (once); return the hash."""
    sha = hashlib.sha256(data).hexdigest()
    path = blob_path(content_dir, sha)
    if not path.exists():
        write_atomic(path, data)
    return sha


def get_blob(content_dir: Path, sha: str) -> bytes:
    """The bytes kept under ``sha``; KeyError when missing or not matching their name."""
    if not (len(sha) == 64 and all(c in "0123456789abcdef" for c in sha)):
        raise KeyError(sha)
    try:
        data = blob_path(content_dir, sha).read_bytes()
    except FileNotFoundError:
        raise KeyError(sha) from None
    if hashlib.sha256(data).hexdigest() != sha:
        raise KeyError(sha)
    return data


def _entry_hash(entry: dict[str, Any]) -> str:
    body = {k: v for k, v in entry.items() if k != "hash"}
    return hashlib.sha256(json.dumps(body, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode()).hexdigest()


def _diff(before: bytes | None, after: bytes | None, name: str) -> str:
    def lines(b: bytes | None) -> list[str]:
        return (b or b"").decode("utf-8", "replace").splitlines(keepends=True)

    return "".join(difflib.unified_diff(lines(before), lines(after), fromfile=f"a/{name}", tofile=f"b/{name}"))


def os_user() -> str:
    """Who runs a CLI command (the history's ``who`` for CLI writes)."""
    try:
        return getpass.getuser()
    except Exception:  # noqa: BLE001 - no user name in this environment
        return "?"


@dataclasses.dataclass
class Log:
    """The history as read: complete entries, and a torn last line if a crash left one."""

    entries: list[dict[str, Any]]
    torn: bytes | None
    lines: list[bytes]


def _log_path(content_dir: Path) -> Path:
    return state_dir(content_dir) / LOG


def read(content_dir: Path) -> Log:
    """Every complete entry, oldest first (lines that do not parse are kept out and verify says so)."""
    try:
        raw = _log_path(content_dir).read_bytes()
    except FileNotFoundError:
        return Log([], None, [])
    torn = None
    if raw and not raw.endswith(b"\n"):
        cut = raw.rfind(b"\n") + 1
        raw, torn = raw[:cut], raw[cut:]
    lines = raw.splitlines()
    entries = []
    for line in lines:
        try:
            entry = json.loads(line)
        except ValueError:
            continue
        if isinstance(entry, dict):
            entries.append(entry)
    return Log(entries, torn, lines)


def record(content_dir: Path, path: Path, before: bytes | None, after: bytes | None, who: str, via: str = "web",
           action: str = "save") -> dict[str, Any] | None:
    """Append one change of ``path`` (None when nothing changed). Call it after the file was
    written. The versions' bytes go to the blob store first, then the line is appended and
    flushed to disk."""
    if before == after:
        return None
    content_dir = Path(content_dir)
    name = content_relative(content_dir, path)
    for data in (before, after):
        if data is not None:
            put_blob(content_dir, data)
    log = _log_path(content_dir)
    with locked(state_dir(content_dir) / "history.lock"):
        last, seq = _tail(log)
        entry: dict[str, Any] = {
            "seq": seq, "at": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"), "who": who, "via": via,
            "action": action, "file": name, "before": sha256(before), "after": sha256(after),
            "diff": _diff(before, after, name), "prev": last,
        }
        entry["hash"] = _entry_hash(entry)
        line = json.dumps(entry, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode() + b"\n"
        new = not log.exists()
        with open(log, "ab") as f:
            f.write(line)
            f.flush()
            os.fsync(f.fileno())
        if new:
            fsync_dir(log.parent)
    return entry


def _tail(log: Path) -> tuple[str, int]:
    """(hash of the last complete line, next seq); sets a torn last line aside first."""
    try:
        raw = log.read_bytes()
    except FileNotFoundError:
        return GENESIS, 1
    if raw and not raw.endswith(b"\n"):
        cut = raw.rfind(b"\n") + 1
        with open(log.with_name(log.name + ".torn"), "ab") as f:
            f.write(raw[cut:] + b"\n")
            f.flush()
            os.fsync(f.fileno())
        with open(log, "r+b") as f:
            f.truncate(cut)
            f.flush()
            os.fsync(f.fileno())
        raw = raw[:cut]
    lines = raw.splitlines()
    if not lines:
        return GENESIS, 1
    try:
        seq = int(json.loads(lines[-1]).get("seq", len(lines))) + 1
    except (ValueError, AttributeError, TypeError):
        seq = len(lines) + 1
    return hashlib.sha256(lines[-1]).hexdigest(), seq


def record_cli(content_dir: Path, path: Path, before: bytes | None, after: bytes | None, action: str) -> None:
    """A CLI command's own write, recorded as the OS user (only files inside content/)."""
    try:
        content_relative(content_dir, path)
    except ValueError:
        return
    record(content_dir, path, before, after, os_user(), "cli", action)


def read_bytes(path: Path) -> bytes | None:
    try:
        return path.read_bytes()
    except FileNotFoundError:
        return None


@dataclasses.dataclass
class Verdict:
    ok: bool
    entries: int
    problems: list[str]
    head: str

    def lines(self) -> list[str]:
        return self.problems or [_("history intact: {n} entries, last hash {head}").format(n=self.entries, head=self.head)]


def verify(content_dir: Path) -> Verdict:
    """Check the chain: every line parses, carries its own hash and the previous line's hash,
    and every version it names is in the blob store. A torn last line is reported, not fatal."""
    log = read(content_dir)
    problems: list[str] = []
    prev = GENESIS
    count = 0
    for n, line in enumerate(log.lines, 1):
        try:
            entry = json.loads(line)
            if not isinstance(entry, dict):
                raise ValueError
        except ValueError:
            problems.append(_("line {n}: not a history entry (the file was edited)").format(n=n))
            prev = hashlib.sha256(line).hexdigest()
            continue
        count += 1
        if entry.get("hash") != _entry_hash(entry):
            problems.append(_("line {n} (#{seq}): its content does not match its hash (the line was edited)").format(
                n=n, seq=entry.get("seq")))
        if entry.get("prev") != prev:
            problems.append(_("line {n} (#{seq}): the previous line is not the one it was written after "
                              "(a line before it was edited, removed or moved)").format(n=n, seq=entry.get("seq")))
        for key in ("before", "after"):
            sha = entry.get(key)
            if isinstance(sha, str):
                try:
                    get_blob(content_dir, sha)
                except KeyError:
                    problems.append(_("line {n} (#{seq}): the version {sha} is missing or altered in the blob store").format(
                        n=n, seq=entry.get("seq"), sha=sha[:12]))
        prev = hashlib.sha256(line).hexdigest()
    ok = not problems
    if log.torn is not None:
        problems.append(_("the last line is incomplete ({size} bytes; a crash while writing): it is not an entry and is "
                          "set aside at the next change").format(size=len(log.torn)))
    return Verdict(ok, count, problems, prev)


def for_file(content_dir: Path, rel: str) -> list[dict[str, Any]]:
    """The entries about one file, newest first."""
    return [e for e in reversed(read(content_dir).entries) if e.get("file") == rel]


def entry(content_dir: Path, seq: int) -> dict[str, Any]:
    for e in read(content_dir).entries:
        if e.get("seq") == seq:
            return e
    raise KeyError(seq)


def version(content_dir: Path, seq: int, side: str = "after") -> bytes | None:
    """The file's bytes after (or before) change ``seq``; None when it did not exist then."""
    sha = entry(content_dir, seq).get(side)
    return None if sha is None else get_blob(content_dir, sha)
