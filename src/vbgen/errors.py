"""Everything a user can see go wrong, shown by click in one place.

Each error carries a list of :class:`Problem` records (file, line, key path, message) so that
all problems found in one pass are reported together, the way a compiler reports them.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import difflib
import os
import re
import tempfile
import traceback
from collections.abc import Iterable
from pathlib import Path

import click

from vbgen.i18n import N_, _

MAX_MESSAGE = 400
"""Longest message shown for one problem; longer ones are cut in the middle with "…"."""

_UNPRINTABLE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069"
                          "\u061c\ufeff\ud800-\udfff\ufffe\uffff]")


def printable(text: str) -> str:
    """``text`` with control, zero-width and bidi characters shown as <U+XXXX>, so a message
    can neither hide them nor reorder or garble the terminal it is printed on."""
    return _UNPRINTABLE.sub(lambda m: f"<U+{ord(m.group()):04X}>", text)


def shorten(value: object, limit: int = 60) -> str:
    """A value for a message: long ones are cut with "…" and say how long they were."""
    text = str(value)
    if len(text) <= limit:
        return text
    return f"{text[:limit]}… ({len(text)} characters)"


@dataclasses.dataclass(frozen=True)
class Problem:
    """One thing wrong with the input: where it is and what to do about it."""

    file: Path | str | None
    line: int | None
    key: str | None
    message: str
    column: int | None = None

    def __post_init__(self) -> None:
        # a message never echoes a 20,000-character value in full; the hint at its end stays
        if len(self.message) > MAX_MESSAGE:
            head, tail = self.message[:MAX_MESSAGE // 2], self.message[-MAX_MESSAGE // 3:]
            object.__setattr__(self, "message", f"{head}… ({len(self.message)} characters) …{tail}")
        if self.key is not None and len(self.key) > MAX_MESSAGE // 4:
            object.__setattr__(self, "key", shorten(self.key, MAX_MESSAGE // 4))

    def __str__(self) -> str:
        where = ""
        if self.file is not None:
            where = str(self.file)
            if self.line is not None:
                where += f":{self.line}"
                if self.column is not None:
                    where += f":{self.column}"
            where += ": "
        key = f"{self.key}: " if self.key else ""
        return printable(f"{where}{key}{self.message}")


def did_you_mean(name: str, options: Iterable[str]) -> str:
    """" — did you mean 'x'?" for the one clearly closest option (misspelt keys, slugs, ids)."""
    close = difflib.get_close_matches(str(name), [str(o) for o in options], n=1, cutoff=0.6)
    return _(" — did you mean '{name}'?").format(name=close[0]) if close else ""


def closest(name: str, options: Iterable[str], label: str = N_("closest known keys")) -> str:
    """"; closest known keys: a, b, c" for an unknown reference (citation or agency key)."""
    close = difflib.get_close_matches(str(name), [str(o) for o in options], n=3, cutoff=0.4)
    return _("; {label}: {names}").format(label=_(label), names=", ".join(close)) if close else ""


class VbgenError(click.ClickException):
    """Base of every vbgen error; click prints it as "Error: …" and exits with 1."""

    exit_code = 1

    def __init__(self, message: str, problems: list[Problem] | None = None) -> None:
        self.problems = list(problems or [])
        self.prefix = _("Error: {message}")  # in the language the message is made in (the run's ends before show)
        super().__init__(message)

    def format_message(self) -> str:
        if not self.problems:
            return printable(self.message)
        lines = [printable(self.message)] + [f"  {p}" for p in self.problems]
        return "\n".join(lines)

    def show(self, file=None) -> None:  # noqa: ANN001
        """As click prints it, with "Error:" in the current language ("Lỗi:" in Vietnamese)."""
        click.echo(getattr(self, "prefix", "Error: {message}").format(message=self.format_message()),
                   file=file or click.get_text_stream("stderr"))


class ContentError(VbgenError):
    """The YAML under content/ is malformed, mistyped, or refers to something unknown."""

    @classmethod
    def from_problems(cls, problems: list[Problem]) -> "ContentError":
        n = len(problems)
        if n == 1:
            return cls(_("1 problem in the content; nothing was written:"), problems)
        return cls(_("{count} problems in the content; nothing was written:").format(count=n), problems)

    @classmethod
    def findings(cls, problems: list[Problem]) -> "ContentError":
        """For commands that only read the content (lint, cite check): no "nothing was written"."""
        n = len(problems)
        if n == 1:
            return cls(_("1 problem found in the content:"), problems)
        return cls(_("{count} problems found in the content:").format(count=n), problems)


class TemplateError(VbgenError):
    """A .docx template under doctemplates/ is missing or has a broken Jinja tag."""


class OutputError(VbgenError):
    """The output file could not be written."""


class ToolMissingError(VbgenError):
    """An external program (LibreOffice) that the command needs is not installed."""


class InternalError(VbgenError):
    """A bug in vbgen, not in the input: the traceback went to a report file instead of the screen."""

    exit_code = 70  # EX_SOFTWARE: scripts can tell a vbgen bug from bad input (exit 1)


def report_dir() -> Path:
    """Where internal-error reports go: $XDG_CACHE_HOME/vbgen (~/.cache/vbgen), else the temp folder."""
    cache = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(cache) / "vbgen"


def internal_error(exc: BaseException, argv: list[str] | None = None) -> InternalError:
    """Write ``exc``'s traceback to a report file and return the one-line error that names it."""
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    text = "".join(traceback.format_exception(exc))
    if argv is not None:
        text = f"command: vbgen {' '.join(argv)}\n\n{text}"
    for folder in (report_dir(), Path(tempfile.gettempdir()) / "vbgen"):
        try:
            folder.mkdir(parents=True, exist_ok=True)
            path = folder / f"crash-{stamp}-{os.getpid()}.txt"
            path.write_text(text, encoding="utf-8", errors="backslashreplace")
            break
        except OSError:
            continue
    else:
        return InternalError(f"internal error ({type(exc).__name__}); no report could be written")
    home = os.path.expanduser("~")
    shown = "~" + str(path)[len(home):] if str(path).startswith(home + os.sep) else str(path)
    return InternalError(f"internal error ({type(exc).__name__}) — a bug in vbgen, not in your content; "
                         f"report: {shown} (please send it to the maintainers)")
