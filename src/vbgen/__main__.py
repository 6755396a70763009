"""``python -m vbgen`` and the ``vbgen`` command's entry point.

Only the standard library is imported here, so that Ctrl-C while the rest is still loading
ends with one line ("Aborted!", as click says it once running) rather than a traceback, and
SIGTERM unwinds like an exception (workers stopped, temporary files removed).
"""

import signal
import sys


def _aborted() -> None:
    sys.stderr.write("\nAborted!\n")
    sys.exit(1)  # as click does


def _terminate(_signum, _frame):  # noqa: ANN001 - a signal handler
    sys.exit(128 + signal.SIGTERM)


def entry() -> None:
    try:
        if signal.getsignal(signal.SIGTERM) == signal.SIG_DFL:
            signal.signal(signal.SIGTERM, _terminate)
        from vbgen.cli import main
    except KeyboardInterrupt:
        _aborted()
    try:
        main(prog_name="vbgen")
    except KeyboardInterrupt:  # during click's own start or after the command
        _aborted()


if __name__ == "__main__":
    entry()
