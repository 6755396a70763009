"""Worker processes for a batch that fail one task at a time and end with the batch.

:func:`run_tasks` hands tasks to ``jobs`` processes over one pipe each, keeping
:data:`PREFETCH` tasks queued per worker so none waits for the parent, and yields
``(task index, result)`` as results arrive. The task handler is expected to return plain,
picklable data; whatever it raises instead (any exception, even one that cannot be pickled
such as lxml's ``_ListErrorLog``) and a result that cannot be pickled become ``fail(task,
message)`` in the worker, so the other tasks go on. A worker that dies (a crash in a C
library, the out-of-memory killer) fails only the task it was on: the tasks queued behind it
go to a new worker.

Workers end with the parent however it ends: on Linux the kernel sends them SIGTERM when it
dies, even by SIGKILL (``PR_SET_PDEATHSIG``); elsewhere a watchdog thread notices that the
parent pid changed. They ignore SIGINT (Ctrl-C reaches the whole terminal group; the parent
alone decides) and turn SIGTERM into SystemExit, so a file being written is cleaned up
(:func:`vbgen.atomic.write_atomic`). When the caller stops iterating (an error,
Ctrl-C), the workers are stopped before the exception goes on.
"""

from __future__ import annotations

import collections
import dataclasses
import os
import signal
import sys
import threading
from collections.abc import Callable, Iterator, Sequence
from multiprocessing.connection import wait
from typing import Any

PREFETCH = 2
MAX_RESTARTS = 8
"""Workers started to replace dead ones before the remaining tasks are failed instead."""

_PR_SET_PDEATHSIG = 1


def follow_parent(parent_pid: int) -> None:
    """End this process when ``parent_pid`` ends (call first thing in a worker)."""
    if sys.platform == "linux":
        try:
            import ctypes

            libc = ctypes.CDLL(None, use_errno=True)
            libc.prctl(_PR_SET_PDEATHSIG, signal.SIGTERM, 0, 0, 0)
        except (OSError, AttributeError):
            pass
    if os.getppid() != parent_pid:  # it ended before prctl took effect
        os._exit(1)

    def watchdog() -> None:
        while os.getppid() == parent_pid:
            threading.Event().wait(0.5)
        os._exit(1)

    if sys.platform != "linux":
        threading.Thread(target=watchdog, name="vbgen-parent-watchdog", daemon=True).start()


def _exit_on_term(_signum: int, _frame: Any) -> None:
    raise SystemExit(128 + signal.SIGTERM)


def _worker_main(conn: Any, parent_pid: int, init: Callable[..., None], initargs: tuple,
                 handle: Callable[[Any], Any], fail: Callable[[Any, str], Any]) -> None:
    follow_parent(parent_pid)
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, _exit_on_term)
    init_error = None
    try:
        init(*initargs)
    except Exception as e:  # noqa: BLE001 - every task of this worker reports it
        init_error = f"the worker could not start: {type(e).__name__}: {e}"
    while True:
        try:
            msg = conn.recv()
        except (EOFError, OSError):
            break
        if msg is None:
            break
        index, task = msg
        if init_error:
            result = fail(task, init_error)
        else:
            try:
                result = handle(task)
            except Exception as e:  # noqa: BLE001 - one task's failure, as plain text
                result = fail(task, f"internal error: {type(e).__name__}: {e}")
        try:
            conn.send((index, result))
        except Exception as e:  # noqa: BLE001 - e.g. a result that cannot be pickled
            conn.send((index, fail(task, f"internal error: the result could not be sent back ({type(e).__name__}: {e})")))
    conn.close()


@dataclasses.dataclass
class _Worker:
    process: Any
    conn: Any
    queued: collections.deque = dataclasses.field(default_factory=collections.deque)  # task indexes, oldest first


def _describe_exit(code: int | None) -> str:
    if code is None:
        return "stopped"
    if code < 0:
        try:
            return f"was killed by {signal.Signals(-code).name}"
        except ValueError:
            return f"was killed by signal {-code}"
    return f"exited with code {code}"


def run_tasks(tasks: Sequence[Any], jobs: int, ctx: Any, init: Callable[..., None], initargs: tuple,
              handle: Callable[[Any], Any], fail: Callable[[Any, str], Any]) -> Iterator[tuple[int, Any]]:
    """Yield ``(index, result)`` for every task, in the order they finish."""
    pending = collections.deque(range(len(tasks)))
    workers: list[_Worker] = []
    restarts = 0

    def start() -> None:
        parent_end, child_end = ctx.Pipe()
        p = ctx.Process(target=_worker_main, args=(child_end, os.getpid(), init, initargs, handle, fail),
                        name="vbgen-batch-worker", daemon=True)
        p.start()
        child_end.close()
        workers.append(_Worker(p, parent_end))

    try:
        for _ in range(min(jobs, len(tasks))):
            start()
        while workers:
            for w in workers:
                while pending and len(w.queued) < PREFETCH:
                    i = pending.popleft()
                    try:
                        w.conn.send((i, tasks[i]))
                    except (OSError, ValueError):  # it died: its sentinel says so below
                        pending.appendleft(i)
                        break
                    w.queued.append(i)
            if not pending and not any(w.queued for w in workers):
                break
            ready = set(wait([w.conn for w in workers] + [w.process.sentinel for w in workers]))
            for w in list(workers):
                if w.conn not in ready and w.process.sentinel not in ready:
                    continue
                dead = False
                while True:
                    try:
                        if not w.conn.poll():
                            dead = w.process.sentinel in ready or not w.process.is_alive()
                            break
                        index, result = w.conn.recv()
                    except (EOFError, OSError):
                        dead = True
                        break
                    w.queued.remove(index)
                    yield index, result
                if not dead:
                    continue
                # the worker died: the oldest queued task is the one it was on
                w.process.join(1)
                workers.remove(w)
                w.conn.close()
                if w.queued:
                    culprit = w.queued.popleft()
                    pending.extendleft(reversed(w.queued))
                    w.queued.clear()
                    yield culprit, fail(tasks[culprit], f"the worker process rendering it {_describe_exit(w.process.exitcode)}")
                if pending and len(workers) < jobs and restarts < MAX_RESTARTS:
                    restarts += 1
                    start()
        while pending:  # no worker left (they kept dying)
            i = pending.popleft()
            yield i, fail(tasks[i], "not rendered: the worker processes kept stopping")
    finally:
        _stop(workers)


def _stop(workers: list[_Worker]) -> None:
    """Ask every worker to finish, then make sure: SIGTERM, and SIGKILL for the stubborn."""
    for w in workers:
        try:
            w.conn.send(None)
        except (OSError, ValueError):
            pass
    for w in workers:
        w.process.join(0.5 if not w.queued else 0)
        if w.process.is_alive():
            w.process.terminate()
    for w in workers:
        w.process.join(2)
        if w.process.is_alive():
            w.process.kill()
            w.process.join(1)
        w.conn.close()
