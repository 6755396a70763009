"""Load YAML into plain Python values and remember the line of every key.

YAML's implicit typing is turned off (``07`` stays "07", ``no`` stays "no", dates stay text);
pydantic converts later where a field asks for a number, a date or a bool. Duplicate keys,
which PyYAML silently collapses, are errors here.
"""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path
from typing import Any

import yaml

from vbgen import vi
from vbgen.errors import Problem, shorten
from vbgen.i18n import N_, _

NULL_TAG = "tag:yaml.org,2002:null"

KeyPath = tuple[Any, ...]


_Base = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml when present: ~15x faster, same marks


class _Loader(_Base):  # type: ignore[misc,valid-type]
    """Safe loader that resolves only null implicitly; a subclass, so the global loader stays as it is."""


_Loader.yaml_implicit_resolvers = {
    first: [r for r in resolvers if r[0] == NULL_TAG]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


@dataclasses.dataclass(frozen=True)
class Scalar:
    """Where a string value sits in its file, with its source text as written."""

    line: int
    block: bool
    raw: str


@dataclasses.dataclass
class Loaded:
    """A YAML file as Python values, with the 1-based line of every key path."""

    path: Path
    data: Any
    lines: dict[KeyPath, int]
    scalars: dict[KeyPath, Scalar]

    def line_of(self, key_path: KeyPath) -> int | None:
        """Line of the longest prefix of ``key_path`` that exists in the file."""
        for n in range(len(key_path), -1, -1):
            line = self.lines.get(tuple(key_path[:n]))
            if line is not None:
                return line
        return None

    def locate(self, key_path: KeyPath) -> tuple[Path, int | None]:
        """File and line of ``key_path`` (the interface shared with override overlays)."""
        return self.path, self.line_of(key_path)

    def locate_in_text(self, key_path: KeyPath, offset: int, text: str) -> tuple[Path, int | None]:
        """File and line of character ``offset`` of the string at ``key_path``."""
        return self.path, self.line_in_text(key_path, offset, text)

    def line_in_text(self, key_path: KeyPath, offset: int, text: str) -> int | None:
        """Line of the word at ``offset`` of ``text`` (the string at ``key_path``, possibly
        after placeholders were filled in): the same occurrence of that word is looked up in
        the source as written, so folded (``>``) and wrapped scalars get the right line too."""
        scalar = self.scalars.get(tuple(key_path))
        if scalar is None:
            return self.line_of(key_path)
        token = text[offset:].split(None, 1)[0][:40] if text[offset:].strip() else ""
        pos = -1
        if token:
            for _n in range(text.count(token, 0, offset) + 1):
                pos = scalar.raw.find(token, pos + 1)
                if pos < 0:
                    break
        if pos < 0:  # not in the source (it came from a placeholder): the value's first line
            return scalar.line + 1 if scalar.block else scalar.line
        return scalar.line + scalar.raw.count("\n", 0, pos)


def format_key_path(key_path: KeyPath) -> str:
    """("sections", 0, "title") -> "sections[0].title"."""
    out = ""
    for part in key_path:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += ("." if out else "") + str(part)
    return out


YAML_DETAILS = (
    N_("syntax error"),
    N_("expected ',' or ']', but got ':'"),
    N_("did not find expected ',' or ']'"),
    N_("found unexpected end of stream"),
    N_("mapping values are not allowed here"),
    N_("could not find expected ':'"),
    N_("did not find expected key"),
    N_("did not find expected '-' indicator"),
    N_("found character '\\t' that cannot start any token"),
    N_("found character '@' that cannot start any token"),
    N_("found character '`' that cannot start any token"),
    N_("found undefined alias"),
    N_("while scanning a quoted scalar"),
    N_("while scanning a simple key"),
    N_("while parsing a flow sequence"),
    N_("while parsing a flow mapping"),
    N_("while parsing a block mapping"),
    N_("while parsing a block collection"),
    N_("while parsing a flow node"),
    N_("while parsing a block node"),
    N_("while scanning an alias"),
    N_("while scanning for the next token"),
    N_("expected <block end>, but found '<block mapping start>'"),
    N_("expected ',' or ']', but got '<stream end>'"),
    N_("mapping values are not allowed in this context"),
    N_("found a tab character that violates indentation"),
    N_("found a tab character where an indentation space is expected"),
    N_("while scanning a plain scalar"),
    N_("while scanning a block scalar"),
    N_("while parsing a quoted scalar"),
    N_("found unknown escape character"),
    N_("did not find expected ',' or '<closing brace>'"),
    N_("expected ',' or '<closing brace>', but got ':'"),
)
"""The YAML parsers' commonest complaints, translated when shown (others stay as the parser says).
A catalog message is a format string, so a brace the parser names is looked up as "<closing brace>"."""


def yaml_detail(text: object) -> str:
    """A YAML parser's complaint (PyYAML and ruamel.yaml use the same words) in the current language."""
    text = " ".join(str(text).split())
    key = text.replace("'}'", "'<closing brace>'")
    return _(key) if key in YAML_DETAILS else text


def load_yaml(path: Path) -> Loaded:
    """Read one YAML file; raise ContentError-ready problems via :class:`YamlProblems`."""
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as e:
        line, column = _line_column(raw, e.start)
        raise YamlProblems([Problem(path, line, None, f"not UTF-8 text: byte 0x{raw[e.start]:02X} ({e.reason}); "
                                    "save the file as UTF-8 (in most editors: Save with Encoding → UTF-8)", column)]) from e
    problems = _forbidden_in_source(path, text)
    if problems:
        raise YamlProblems(problems)
    try:
        node = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as e:
        mark = e.problem_mark or e.context_mark
        line = mark.line + 1 if mark else None
        column = mark.column + 1 if mark else None
        what = e.problem or "syntax error"
        ctx = f" ({yaml_detail(e.context)})" if e.context else ""
        hint = N_("check indentation, colons and quotes")
        if "alias" in f"{what}{ctx}":  # a plain value that starts with * reads as a YAML alias
            hint = N_("a text that starts with * (bold or italic) must be quoted or written as a block (>-)")
        elif "unknown escape character" in what:  # "\*" in double quotes: YAML's own escapes
            hint = N_("inside double quotes a backslash starts a YAML escape: write \\\\* there, or use single quotes or a >- block")
        raise YamlProblems([Problem(path, line, None, _("YAML syntax error: {what}{context}; {hint}").format(
            what=yaml_detail(what), context=ctx, hint=_(hint)), column)]) from e
    except yaml.YAMLError as e:
        raise YamlProblems([Problem(path, None, None, f"YAML error: {shorten(e, 200)}")]) from e
    lines: dict[KeyPath, int] = {}
    scalars: dict[KeyPath, Scalar] = {}
    problems = []
    data = _construct(node, (), lines, scalars, problems, path, text) if node is not None else None
    if problems:
        raise YamlProblems(problems)
    return Loaded(path, data, lines, scalars)


def _line_column(text: str | bytes, index: int) -> tuple[int, int]:
    """1-based line and column of ``index`` in ``text``."""
    nl = "\n" if isinstance(text, str) else b"\n"
    line_start = text.rfind(nl, 0, index) + 1  # type: ignore[arg-type]
    return text.count(nl, 0, index) + 1, index - line_start + 1  # type: ignore[arg-type]


_YAML_REFUSES = re.compile("[^\x09\x0a\x0d\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
"""Characters YAML does not accept in a file (its "printable" set), a superset of XML's."""


def _forbidden_in_source(path: Path, text: str) -> list[Problem]:
    """Characters typed or pasted straight into the file (not escaped) that a .docx cannot
    hold, or that YAML itself refuses (C1 controls), each with its line and column."""
    problems = []
    for m in _YAML_REFUSES.finditer(text):
        line, column = _line_column(text, m.start())
        if vi.xml_forbidden(m.group()) is not None:
            line_text = text[text.rfind("\n", 0, m.start()) + 1:m.start()]
            message = vi.forbidden_char_message(line_text + m.group(), len(line_text), numbered=False)
        else:
            message = f"YAML does not accept the character {vi.char_name(m.group())}; delete it"
        problems.append(Problem(path, line, None, message, column))
        if len(problems) >= 20:
            break
    return problems


def _construct(node: yaml.Node, key_path: KeyPath, lines, scalars, problems, path, source: str) -> Any:
    lines.setdefault(key_path, node.start_mark.line + 1)
    if isinstance(node, yaml.MappingNode):
        out: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                problems.append(Problem(path, key_node.start_mark.line + 1, format_key_path(key_path),
                                        _("a key must be plain text")))
                continue
            key = key_node.value
            child = (*key_path, key)
            _check_chars(key, key_node, child, problems, path, "key")
            if key in out:
                problems.append(
                    Problem(path, key_node.start_mark.line + 1, format_key_path(child),
                            _("duplicate key '{key}' (first defined on line {line}); remove or rename one").format(
                                key=key, line=lines[child]))
                )
                continue
            lines[child] = key_node.start_mark.line + 1
            out[key] = _construct(value_node, child, lines, scalars, problems, path, source)
        return out
    if isinstance(node, yaml.SequenceNode):
        return [_construct(item, (*key_path, i), lines, scalars, problems, path, source) for i, item in enumerate(node.value)]
    if node.tag == NULL_TAG:
        return None
    raw = source[node.start_mark.index:node.end_mark.index]
    scalars[key_path] = Scalar(node.start_mark.line + 1, node.style in ("|", ">"), raw)
    _check_chars(node.value, node, key_path, problems, path, "value")
    return node.value


def _check_chars(value: str, node: yaml.Node, key_path: KeyPath, problems: list[Problem], path: Path, what: str) -> None:
    """A value or key written with an escape ("\\v", "\\x01", "\\uFFFE") that a .docx cannot hold."""
    index = vi.xml_forbidden(value)
    if index is None:
        return
    line = node.start_mark.line + 1 + value.count("\n", 0, index) if node.style in ("|", ">") else node.start_mark.line + 1
    message = vi.forbidden_char_message(value, index)
    problems.append(Problem(path, line, format_key_path(key_path) or None, message if what == "value" else f"in the key: {message}"))


class YamlProblems(Exception):
    """Problems found while reading YAML; the caller gathers them into one ContentError."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__("; ".join(map(str, problems)))
        self.problems = problems
