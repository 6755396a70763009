"""Everything a user can see go wrong, shown by click in one place.

Each error carries a list of :class:`Problem` records (file, line, key path, message) so that
all problems found in one pass are reported together, the way a compiler reports them.
"""

from __future__ import annotations

import dataclasses
import difflib
from collections.abc import Iterable
from pathlib import Path

import click


@dataclasses.dataclass(frozen=True)
class Problem:
    """One thing wrong with the input: where it is and what to do about it."""

    file: Path | str | None
    line: int | None
    key: str | None
    message: str

    def __str__(self) -> str:
        where = ""
        if self.file is not None:
            where = str(self.file)
            if self.line is not None:
                where += f":{self.line}"
            where += ": "
        key = f"{self.key}: " if self.key else ""
        return f"{where}{key}{self.message}"


def did_you_mean(name: str, options: Iterable[str]) -> str:
    """" — did you mean 'x'?" for the one clearly closest option (misspelt keys, slugs, ids)."""
    close = difflib.get_close_matches(name, list(options), n=1, cutoff=0.6)
    return f" — did you mean '{close[0]}'?" if close else ""


def closest(name: str, options: Iterable[str], label: str = "closest known keys") -> str:
    """"; closest known keys: a, b, c" for an unknown reference (citation or agency key)."""
    close = difflib.get_close_matches(name, list(options), n=3, cutoff=0.4)
    return f"; {label}: {', '.join(close)}" if close else ""


class VbgenError(click.ClickException):
    """Base of every vbgen error; click prints it as "Error: …" and exits with 1."""

    exit_code = 1

    def __init__(self, message: str, problems: list[Problem] | None = None) -> None:
        self.problems = list(problems or [])
        super().__init__(message)

    def format_message(self) -> str:
        if not self.problems:
            return self.message
        lines = [self.message] + [f"  {p}" for p in self.problems]
        return "\n".join(lines)


class ContentError(VbgenError):
    """The YAML under content/ is malformed, mistyped, or refers to something unknown."""

    @classmethod
    def from_problems(cls, problems: list[Problem]) -> "ContentError":
        n = len(problems)
        noun = "problem" if n == 1 else "problems"
        return cls(f"{n} {noun} in the content; nothing was written:", problems)


class TemplateError(VbgenError):
    """A .docx template under doctemplates/ is missing or has a broken Jinja tag."""


class OutputError(VbgenError):
    """The output file could not be written."""


class ToolMissingError(VbgenError):
    """An external program (LibreOffice) that the command needs is not installed."""
