"""Where the office keeps its own state, beside (never inside) the content folder.

Accounts, document states, frozen approved versions and the change history are the office's
records, not content: they live in ``<folder of content>/.vbgen-office/`` (or ``VBGEN_OFFICE_DIR``),
so ``content/`` stays a plain folder (a git folder stays plain git) and the CLI's workspace scan
never sees them. Back this folder up together with ``content/``.

:func:`write_atomic` is how every office file is written: a temporary file in the same folder,
flushed to disk, renamed over the old one, and the folder entry flushed too, so a crash leaves
either the old file or the new one.
"""

from __future__ import annotations

import contextlib
import os
import threading
from collections.abc import Iterator
from pathlib import Path

from vbgen.atomic import fsync_dir, replace_file

STATE_DIR_NAME = ".vbgen-office"
ENV = "VBGEN_OFFICE_DIR"


def state_dir(content_dir: Path) -> Path:
    """The office-state folder of the workspace whose content folder is ``content_dir``."""
    explicit = os.environ.get(ENV)
    if explicit:
        return Path(explicit)
    return Path(content_dir).resolve().parent / STATE_DIR_NAME


def content_relative(content_dir: Path, path: Path) -> str:
    """``path`` as the office records name it: relative to the content folder, with ``/``."""
    return Path(os.path.abspath(path)).relative_to(Path(os.path.abspath(content_dir))).as_posix()


def write_atomic(path: Path, data: bytes) -> None:
    """Replace ``path`` with ``data`` all at once, durably (see the module's docstring)."""
    replace_file(path, data, durable=True)


_thread_locks: dict[str, threading.Lock] = {}
_guard = threading.Lock()


@contextlib.contextmanager
def locked(lock_file: Path) -> Iterator[None]:
    """One writer at a time, across threads of this process and across processes (the web
    server and a CLI command), through an OS lock on ``lock_file``."""
    key = os.path.abspath(lock_file)
    with _guard:
        lock = _thread_locks.setdefault(key, threading.Lock())
    with lock:
        lock_file.parent.mkdir(parents=True, exist_ok=True)
        with open(lock_file, "a+b") as f:
            _os_lock(f, True)
            try:
                yield
            finally:
                _os_lock(f, False)


def _os_lock(f, on: bool) -> None:  # noqa: ANN001
    if os.name == "posix":
        import fcntl

        fcntl.flock(f.fileno(), fcntl.LOCK_EX if on else fcntl.LOCK_UN)
    else:  # pragma: no cover - Windows
        import msvcrt
        import time

        f.seek(0)
        if not on:
            msvcrt.locking(f.fileno(), msvcrt.LK_UNLCK, 1)
            return
        while True:  # LK_LOCK gives up after 10 tries (about 10 s); a writer may hold it longer
            try:
                msvcrt.locking(f.fileno(), msvcrt.LK_NBLCK, 1)
                return
            except OSError:
                time.sleep(0.05)


def ensure_state_dir(content_dir: Path) -> Path:
    """:func:`state_dir`, made if missing (owner-only, with a ``.gitignore`` of ``*``)."""
    return make(state_dir(content_dir))


def make(folder: Path) -> Path:
    """Make the office-state ``folder`` if missing (owner-only, with a ``.gitignore`` of ``*``)."""
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    ignore = folder / ".gitignore"
    if not ignore.exists():
        ignore.write_text("# vbgen office state: accounts, sessions key, review states, history\n*\n", encoding="utf-8")
    return folder
