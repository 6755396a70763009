"""Atomic file writes: a file is either the old one or the whole new one, never half written.

Every file vbgen writes (documents, PDFs, the manifest, content edits) goes through
:func:`write_atomic`; :func:`remove_stale_temp` clears what a run killed outright left behind.
"""

from __future__ import annotations

import os
import re
import secrets
import sys
import time
from pathlib import Path

from vbgen.errors import OutputError

TEMP_PREFIX = ".vbgen-"
TEMP_SUFFIX = ".tmp"
_TEMP_NAME = re.compile(r"^\.vbgen-(\d+)-[0-9a-f]{8}-.*\.tmp$")


def replace_file(path: Path, data: bytes, *, mode: int = 0o666, keep_mode: bool = False, durable: bool = False) -> None:
    """Write ``data`` through a temporary file in the same folder, then rename it over ``path``.

    A new file gets ``mode`` less the umask (0644 under umask 022 for the default; mkstemp's
    private 0600 would survive the rename); with ``keep_mode`` an existing file keeps its own
    permissions. ``durable`` flushes the file and the folder entry to disk before returning (the
    office's records: a crash leaves the old file or the new one). The temporary name,
    ``.vbgen-<pid>-<random>-<name>.tmp``, tells :func:`remove_stale_temp` which ones a killed run
    left behind. Raises OSError."""
    path.parent.mkdir(parents=True, exist_ok=True)
    while True:
        tmp = path.parent / f"{TEMP_PREFIX}{os.getpid()}-{secrets.token_hex(4)}-{path.name[:120]}{TEMP_SUFFIX}"
        try:
            fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), mode)
            break
        except FileExistsError:
            continue
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            if durable:
                f.flush()
                os.fsync(f.fileno())
        if keep_mode:
            try:
                os.chmod(tmp, os.stat(path).st_mode & 0o777)
            except OSError:
                pass  # no file yet (or no right to read its mode): the new file's mode stays
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    if durable:
        fsync_dir(path.parent)


def write_atomic(path: Path, data: bytes) -> None:
    """:func:`replace_file` for the files a run writes (documents, PDFs, the manifest): a failure
    is an :class:`~vbgen.errors.OutputError` naming the file, not a traceback."""
    try:
        replace_file(path, data)
    except OSError as e:
        raise OutputError(f"cannot write {path}: {e.strerror or e}") from e


def fsync_dir(folder: Path) -> None:
    """Flush a folder's entries (a rename or a new file) to disk; a no-op where unsupported."""
    if os.name != "posix":
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def remove_stale_temp(folder: Path, depth: int = 1) -> list[Path]:
    """Remove the temporary files that runs killed outright (SIGKILL, power loss) left in
    ``folder`` and its sub-folders down to ``depth``; a file of a vbgen still running is kept.
    Returns the files removed."""
    removed: list[Path] = []
    folders = [folder]
    for _level in range(depth):
        folders += [d for f in folders for d in _subdirs(f)]
    for f in dict.fromkeys(folders):
        try:
            names = [e.name for e in os.scandir(f) if e.name.startswith(TEMP_PREFIX)]
        except OSError:
            continue
        for name in names:
            m = _TEMP_NAME.match(name)
            if m and not _running(int(m.group(1)), f / name):
                try:
                    (f / name).unlink()
                    removed.append(f / name)
                except OSError:
                    pass
    return removed


def _subdirs(folder: Path) -> list[Path]:
    try:
        return [Path(e.path) for e in os.scandir(folder) if e.is_dir(follow_symlinks=False)]
    except OSError:
        return []


def _running(pid: int, path: Path) -> bool:
    """Whether the process that made ``path`` may still be writing it."""
    if pid == os.getpid():
        return True
    if sys.platform == "win32":  # no harmless signal 0 there: trust the age
        try:
            return time.time() - path.stat().st_mtime < 600
        except OSError:
            return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # PermissionError: alive, someone else's
        return True
    try:  # a zombie (killed, not yet reaped) writes nothing
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except (OSError, IndexError):
        return True
