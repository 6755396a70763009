"""Round-trip editing of content YAML: change a few values, keep every other byte.

The web pages save into the same files the CLI reads. A person (or git) reading the file
afterwards must see only what was changed: comments, key order, quoting, flow lists and folded
paragraphs of untouched keys stay exactly as written. ruamel.yaml keeps all of that as long as it
dumps with the file's own indentation, which is found here by trying the usual layouts and
keeping the one that reproduces the file byte for byte.

Writing is guarded twice: :func:`write_checked` refuses to replace a file whose hash is not the
one the editor started from (someone else saved in between), and it writes through a temporary
file renamed into place, so a reader never sees half a file.
"""

from __future__ import annotations

import contextlib
import contextvars
import dataclasses
import datetime as dt
import difflib
import hashlib
import io
import textwrap
import threading
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.scalarstring import DoubleQuotedScalarString, FoldedScalarString, LiteralScalarString

from vbgen.atomic import replace_file

LAYOUTS = [(2, 4, 2), (2, 2, 0), (4, 6, 4), (4, 4, 2), (4, 4, 0)]
"""(mapping, sequence, offset) indentations tried, most usual in content/ first."""

WRAP = 100
"""Column at which new long paragraphs are folded (the shipped files wrap at about 100)."""


def sha256_text(text: str | None) -> str | None:
    """Hash of a file's text as the editor saw it (None: the file does not exist)."""
    return None if text is None else hashlib.sha256(text.encode("utf-8")).hexdigest()


def _yaml(layout: tuple[int, int, int]) -> YAML:
    y = YAML()  # round-trip
    y.preserve_quotes = True
    y.width = 4096  # never re-wrap: folding is decided per value (see folded())
    y.indent(mapping=layout[0], sequence=layout[1], offset=layout[2])
    return y


@dataclasses.dataclass
class YamlText:
    """A YAML file loaded for editing: ``data`` is ruamel's comment-keeping tree."""

    text: str
    data: Any
    layout: tuple[int, int, int]

    def dump(self) -> str:
        if self.data is None or (isinstance(self.data, dict) and not self.data and not self.text.strip()):
            return ""
        out = io.StringIO()
        _yaml(self.layout).dump(self.data, out)
        return out.getvalue()


def load_text(text: str, path: Path | None = None) -> YamlText:
    """Parse ``text`` for editing, with the indentation layout that reproduces it exactly.

    Text that is not YAML is a :class:`~vbgen.errors.ContentError` naming ``path`` and the line."""
    from ruamel.yaml.error import YAMLError

    try:
        return _load_text(text)
    except YAMLError as e:
        from vbgen.errors import ContentError, Problem
        from vbgen.i18n import _

        mark = getattr(e, "problem_mark", None) or getattr(e, "context_mark", None)
        line = mark.line + 1 if mark is not None else None
        from vbgen.content.yamlload import yaml_detail

        detail = yaml_detail(getattr(e, "problem", None) or e)[:200]
        raise ContentError.from_problems([Problem(path, line, None, _(
            "this file is not valid YAML ({detail}); correct it in a text editor, then reload the page").format(
            detail=detail))]) from None


def _load_text(text: str) -> YamlText:
    best: tuple[int, tuple[int, int, int], Any] | None = None
    for layout in LAYOUTS:
        data = _yaml(layout).load(text) if text.strip() else None
        if data is None:
            return YamlText(text, CommentedMap(), LAYOUTS[0]) if not text.strip() else YamlText(text, data, layout)
        out = io.StringIO()
        _yaml(layout).dump(data, out)
        if out.getvalue() == text:
            return YamlText(text, data, layout)
        changed = sum(1 for line in difflib.ndiff(text.splitlines(), out.getvalue().splitlines()) if line[:1] in "+-")
        if best is None or changed < best[0]:
            best = (changed, layout, data)
    assert best is not None
    return YamlText(text, best[2], best[1])


def load_file(path: Path) -> YamlText:
    """The file for editing; a missing file is an empty mapping (it will be created)."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        text = ""
    return load_text(text, path)


# -- building values the way the shipped files write them ----------------------------------------


def plain(value: Any) -> Any:
    """ruamel's tree as plain dicts, lists and strings (dates as YYYY-MM-DD), for comparing."""
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [plain(v) for v in value]
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()[:10]
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return None
    return str(value)


def flow_list(items: list[str]) -> CommentedSeq:
    """``[a, b, c]`` on one line, as agency and citation key lists are written."""
    seq = CommentedSeq(items)
    seq.fa.set_flow_style()
    return seq


def folded(text: str, indent: int) -> Any:
    """A paragraph as the shipped files write it: ``>-`` folded at about 100 columns when long.

    Text with line breaks (a trích yếu broken where the drafter breaks it) is a ``|-`` block; text
    that a folded scalar cannot hold exactly (leading, trailing or doubled spaces) stays a quoted
    string.
    """
    lines = text.split("\n")
    if len(lines) > 1 and all(line == line.strip() and line for line in lines):
        return LiteralScalarString(text)
    if len(text) + indent < WRAP or text != " ".join(text.split()) or "\n" in text:
        return quoted_if_needed(text)
    s = FoldedScalarString(text)
    lines = textwrap.wrap(text, width=max(40, WRAP - indent), break_long_words=False, break_on_hyphens=False)
    positions, pos = [], 0
    for line in lines[:-1]:
        pos += len(line)
        positions.append(pos)  # the space after this line becomes the fold
        pos += 1
    s.fold_pos = positions
    return s


def quoted_if_needed(text: str) -> Any:
    """Text that YAML would read as something else (a number, a date, yes/no …) gets quotes."""
    probe = YAML(typ="safe", pure=True)
    try:
        back = probe.load(text) if text.strip() else None
    except Exception:  # noqa: BLE001 - anything that does not parse back must be quoted
        back = None
    if isinstance(back, str) and back == text and not text.startswith(("'", '"')):
        return text
    return DoubleQuotedScalarString(text)


def set_key(mapping: CommentedMap, key: str, value: Any) -> None:
    """Set ``mapping[key]`` unless it already holds an equal value (then nothing moves)."""
    if key in mapping and plain(mapping[key]) == plain(value):
        return
    old = mapping.get(key)
    if isinstance(old, DoubleQuotedScalarString) and isinstance(value, str) and not isinstance(value, (FoldedScalarString, DoubleQuotedScalarString)):
        value = DoubleQuotedScalarString(value)
    if isinstance(old, CommentedSeq) and isinstance(value, CommentedSeq) and old.fa.flow_style() == value.fa.flow_style():
        old[:] = list(value)
        return
    mapping[key] = value


def drop_key(mapping: CommentedMap, key: str) -> None:
    if key in mapping:
        del mapping[key]


def unified_diff(before: str, after: str, name: str) -> str:
    """What changed, as ``git diff`` would show it."""
    return "".join(difflib.unified_diff(before.splitlines(keepends=True), after.splitlines(keepends=True),
                                        fromfile=f"a/{name}", tofile=f"b/{name}"))


# -- writing safely ---------------------------------------------------------------------------------


class Conflict(Exception):
    """The file changed since the editor loaded it; nothing was written."""

    def __init__(self, path: Path, current: str | None) -> None:
        super().__init__(f"{path} was changed by someone else")
        self.path = path
        self.current = current
        self.current_sha = sha256_text(current)


WRITE_HOOK: contextvars.ContextVar[Any] = contextvars.ContextVar("vbgen_write_hook", default=None)
"""Called as ``hook(path, before, after)`` (texts; None: no file) after each write, still under the
file's lock: the web app sets it per request to record the change in the office history."""

_locks: dict[Path, threading.Lock] = {}
_locks_guard = threading.Lock()


@contextlib.contextmanager
def file_lock(path: Path):
    """One writer at a time per file within this process (the hash check covers the rest)."""
    key = path.resolve()
    with _locks_guard:
        lock = _locks.setdefault(key, threading.Lock())
    with lock:
        yield


def read_text(path: Path) -> str | None:
    try:
        return path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return None


def write_checked(path: Path, text: str, expected_sha: str | None) -> str:
    """Replace ``path`` with ``text`` if it still has hash ``expected_sha`` (None: must not exist).

    Raises :class:`Conflict` (carrying the current text) otherwise. Returns the new hash.
    """
    with file_lock(path):
        current = read_text(path)
        if sha256_text(current) != expected_sha:
            raise Conflict(path, current)
        if current == text:
            return sha256_text(text) or ""
        replace_file(path, text.encode("utf-8"), keep_mode=True)  # a file's permissions stay its own
        hook = WRITE_HOOK.get()
        if hook is not None:
            hook(path, current, text)
        return sha256_text(text) or ""
