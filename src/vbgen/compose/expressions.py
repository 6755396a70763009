"""The Jinja environments: sandboxed, strict, and built in one place.

Two environments share one configuration:

* ``text_env`` renders the strings written in content/ (province placeholders, agency names).
  Its output is plain text, not markup, so it does not escape. Content sees only the names the
  README documents (``province``, ``agency``, ``bases``) and a short list of filters: none of
  Jinja's globals (``range``, ``dict``, ``lipsum`` …), no size-unbounded operations, and an
  expression must print text or a number, never a dict, list, function or None.
* ``xml_env`` renders the document XML of a .docx template. It autoescapes, so every piece of
  content text is escaped exactly once, when it lands in the XML: "&", "<", ">" and quotes come
  out as written instead of breaking the XML (docxtpl's default silently drops such text).
  Its finalize refuses text that a .docx cannot hold (the last net behind the content checks).

Both are sandboxed (content may not reach Python internals) and use StrictUndefined (a
misspelt placeholder is an error, never a silent blank). :func:`explain` turns any exception
raised while rendering content text into (line, message) for a content problem.
"""

from __future__ import annotations

import contextvars
import decimal
import functools
import math
import re
import time
import traceback
from typing import Any

from jinja2 import StrictUndefined, Template, Undefined, nodes
from jinja2.sandbox import ImmutableSandboxedEnvironment, SecurityError
from jinja2.visitor import NodeTransformer

from vbgen import vi
from vbgen.errors import shorten
from vbgen.i18n import _

FILTERS = {
    "upper_vi": vi.upper,
    "date_long": vi.date_long,
    "date_short": vi.date_short,
    "decimal": vi.decimal,
    "capfirst": vi.capitalize_first,
}

CONTENT_BUILTIN_FILTERS = ("upper", "lower", "capitalize", "title", "trim", "replace", "join", "default",
                           "first", "last", "length")
"""Jinja's own filters that content may use (README, "Text"); the others can print Python
values raw (pprint, tojson), are random, or build unbounded text (center, indent, format)."""

MAX_TEXT = 100_000
"""Longest text an expression may build with ``*`` (a paragraph is a few hundred characters)."""
MAX_DIGITS = 1000
"""Largest number (in digits) an expression may build with ``**``."""

_WIDTH_METHODS = frozenset({"format", "format_map", "center", "ljust", "rjust", "zfill", "expandtabs"})

MAX_OUTPUT = 200_000
"""Longest text one content string may render to, or build with ``+``, ``~``, join or replace."""
MAX_STEPS = 100_000
"""Loop iterations one content string may run, all loops together."""
MAX_SECONDS = 2.0
"""Time one content string may take to render (content text renders in microseconds)."""
_ITER = "vbgen budgeted iteration"  # filter names no content can type: only the compiler uses them
_CONCAT = "vbgen budgeted concatenation"


class BudgetExceeded(SecurityError):
    """A content string needed more time, loop iterations or output than the render budget."""


class _Budget:
    __slots__ = ("steps", "deadline")

    def __init__(self) -> None:
        self.steps = 0
        self.deadline = time.monotonic() + MAX_SECONDS

    def step(self) -> None:
        self.steps += 1
        if self.steps > MAX_STEPS:
            raise BudgetExceeded(_("loops ran more than {limit} times; content text is for sentences and short "
                                   "lists, not computation").format(limit=MAX_STEPS))
        if not self.steps & 0xFF:
            self.check_time()

    def check_time(self) -> None:
        if time.monotonic() > self.deadline:
            raise BudgetExceeded(_("rendering took more than {seconds} seconds; simplify the expression").format(
                seconds=MAX_SECONDS))


_BUDGET: contextvars.ContextVar[_Budget | None] = contextvars.ContextVar("vbgen_render_budget", default=None)


def _too_long(size: int) -> None:
    if size > MAX_OUTPUT:
        raise BudgetExceeded(_("the text would be {count} characters long (at most {limit})").format(
            count=size, limit=MAX_OUTPUT))


def _budgeted_iter(value: Any) -> Any:
    budget = _BUDGET.get()
    for item in value:
        if budget is not None:
            budget.step()
        yield item


def _budgeted_concat(values: list[Any]) -> str:
    texts = [str(v) for v in values]
    _too_long(sum(map(len, texts)))
    return "".join(texts)


def _bounded_join(sep: Any, items: Any) -> str:
    items = list(_budgeted_iter(items))
    _too_long(sum(len(str(i)) for i in items) + len(str(sep)) * max(0, len(items) - 1))
    return str(sep).join(str(i) for i in items)


def _bounded_replace(s: str, old: str, new: str, count: int = -1) -> str:
    s, old, new = str(s), str(old), str(new)
    hits = (len(s) + 1 if not old else s.count(old))
    if isinstance(count, int) and count >= 0:
        hits = min(hits, count)
    _too_long(len(s) + hits * (len(new) - len(old)))
    return s.replace(old, new, count if isinstance(count, int) else -1)


class _Budgeted(NodeTransformer):
    """Every ``for`` iterates through the budget; every ``~`` checks the length it builds."""

    def visit_For(self, node: nodes.For) -> nodes.Node:
        self.generic_visit(node)
        node.iter = nodes.Filter(node.iter, _ITER, [], [], None, None, lineno=node.iter.lineno)
        return node

    def visit_Concat(self, node: nodes.Concat) -> nodes.Node:
        self.generic_visit(node)
        return nodes.Filter(nodes.List(node.nodes, lineno=node.lineno), _CONCAT, [], [], None, None, lineno=node.lineno)


class BudgetedTemplate(Template):
    """A content string's template: rendering stops with :class:`BudgetExceeded` when it runs
    more than :data:`MAX_STEPS` loop iterations, :data:`MAX_SECONDS` or :data:`MAX_OUTPUT` characters."""

    def render(self, *args: Any, **kwargs: Any) -> str:
        ctx = self.new_context(dict(*args, **kwargs))
        budget = _Budget()
        token = _BUDGET.set(budget)
        try:
            out, size = [], 0
            for piece in self.root_render_func(ctx):
                size += len(piece)
                _too_long(size)
                budget.check_time()
                out.append(piece)
            return self.environment.concat(out)  # type: ignore[attr-defined]
        except Exception:
            self.environment.handle_exception()
        finally:
            _BUDGET.reset(token)


class NotText(Exception):
    """An expression printed something that is not text (a dict, list, function, None)."""


class Unavailable:
    """A name content may use that has no value here; printing it is an error with ``reason``."""

    def __init__(self, reason: str) -> None:
        self.reason = reason


class ContentSandbox(ImmutableSandboxedEnvironment):
    """The sandbox of content text: also refuses operations that build unbounded values."""

    intercepted_binops = frozenset({"*", "**", "%", "+"})
    template_class = BudgetedTemplate

    def _parse(self, source: str, name: str | None, filename: str | None) -> nodes.Template:
        return _Budgeted().visit(super()._parse(source, name, filename))

    def call_binop(self, context: Any, operator: str, left: Any, right: Any) -> Any:
        if operator == "+" and isinstance(left, (str, list, tuple)) and isinstance(right, (str, list, tuple)):
            _too_long(len(left) + len(right))
        if operator == "%" and isinstance(left, str):
            raise SecurityError(_("'%' formatting of text is not available in content"))
        if operator == "*":
            for seq, n in ((left, right), (right, left)):
                if isinstance(seq, (str, list, tuple)) and isinstance(n, int) and len(seq) * n > MAX_TEXT:
                    raise SecurityError(_("'*' would build a value of {count} items (at most {limit})").format(
                        count=len(seq) * n, limit=MAX_TEXT))
        if operator == "**" and _is_number(left) and _is_number(right) and abs(left) > 1 \
                and abs(right) * math.log10(abs(left)) > MAX_DIGITS:
            raise SecurityError(_("'**' would build a number of more than {limit} digits").format(limit=MAX_DIGITS))
        return super().call_binop(context, operator, left, right)

    def getattr(self, obj: Any, attribute: str) -> Any:
        if isinstance(obj, str) and attribute in _WIDTH_METHODS:  # before Jinja's own str.format wrapper
            return self.unsafe_undefined(obj, attribute)
        if isinstance(obj, str) and attribute == "join":
            return functools.partial(_bounded_join, obj)
        if isinstance(obj, str) and attribute == "replace":
            return functools.partial(_bounded_replace, obj)
        return super().getattr(obj, attribute)


def _is_number(value: Any) -> bool:
    return isinstance(value, (int, float, decimal.Decimal)) and not isinstance(value, bool)


def _content_finalize(value: Any) -> Any:
    """What ``{{ … }}`` may print in content: text or a number."""
    if isinstance(value, (str, Undefined)) or _is_number(value):
        return value
    if isinstance(value, Unavailable):
        raise NotText(value.reason)
    if isinstance(value, dict):
        raise NotText(_("prints a group of names, not text; write one of them, such as {{ province.name }}"))
    if isinstance(value, (list, tuple)):
        raise NotText(_("prints a list, not text; join it, such as {{ province.special_zones|join(', ') }}"))
    if isinstance(value, bool):
        raise NotText(_("prints {value}, not text; use it in a condition: {{{{ 'a' if … else 'b' }}}}").format(value=value))
    if value is None:
        raise NotText(_("prints None (nothing), not text"))
    if callable(value):
        raise NotText(_("prints a function, not text; call it, such as {{ agency('cong-an') }}"))
    raise NotText(_("prints a {type} value, not text").format(type=type(value).__name__))


def _xml_finalize(value: Any) -> Any:
    """Last net: no value may put a character into the XML that a .docx cannot hold."""
    if isinstance(value, str):
        index = vi.xml_forbidden(value)
        if index is not None:
            raise ValueError(_("text for the document: {problem}").format(problem=vi.forbidden_char_message(value, index)))
    return value


def _make_env(autoescape: bool) -> ImmutableSandboxedEnvironment:
    cls = ImmutableSandboxedEnvironment if autoescape else ContentSandbox
    env = cls(
        undefined=StrictUndefined,
        autoescape=autoescape,
        keep_trailing_newline=False,
        auto_reload=False,
        cache_size=4000,
        finalize=_xml_finalize if autoescape else _content_finalize,
    )
    if not autoescape:
        env.globals.clear()
        env.filters = {name: env.filters[name] for name in CONTENT_BUILTIN_FILTERS}
        env.filters.update({_ITER: _budgeted_iter, _CONCAT: _budgeted_concat,
                            "join": lambda value, d="", attribute=None: _bounded_join(d, value if attribute is None else
                                                                                       [env.getitem(v, attribute) for v in value]),
                            "replace": lambda s, old, new, count=None: _bounded_replace(s, old, new, -1 if count is None else count)})
    env.filters.update(FILTERS)
    return env


@functools.cache
def text_env() -> ImmutableSandboxedEnvironment:
    """Environment for content strings (plain text in, plain text out)."""
    return _make_env(autoescape=False)


@functools.cache
def xml_env() -> ImmutableSandboxedEnvironment:
    """Environment for .docx template XML (escapes every value once)."""
    return _make_env(autoescape=True)


@functools.lru_cache(maxsize=8192)
def compile_text(source: str):
    """Compile a content string once; the same text is rendered for every province."""
    return text_env().from_string(source)


_EXPRESSION = re.compile(r"\{\{.*?\}\}|\{%.*?%\}", re.S)


def syntax_hint(message: str | None) -> str:
    """What to write instead, for a Jinja syntax error in content text."""
    if message and message.startswith("No filter named"):
        return "filters: " + ", ".join([*CONTENT_BUILTIN_FILTERS, *FILTERS])
    return "placeholders look like {{ province.name }}"


def error_line(e: BaseException) -> int | None:
    """1-based line of the content string where rendering failed (Jinja's own or the traceback's)."""
    lineno = getattr(e, "lineno", None)
    if lineno:
        return lineno
    frames = [f for f in traceback.extract_tb(e.__traceback__) if f.filename == "<template>"]
    return frames[-1].lineno if frames else None


def explain(e: Exception, source: str) -> tuple[int | None, str]:
    """(line, message) for an exception raised while rendering the content string ``source``.

    Syntax and undefined-name errors are worded by the caller, who knows the names available.
    """
    line = error_line(e)
    lines = source.splitlines() or [source]
    text = lines[line - 1] if line and line <= len(lines) else source
    found = _EXPRESSION.findall(text) or _EXPRESSION.findall(source)
    expr = shorten(found[0], 60) if len(found) == 1 else f"in \"{shorten(text.strip(), 50)}\""
    if isinstance(e, SecurityError):
        return line, _("refused by the sandbox in {expr}: {reason}; content text can use province.*, agency('key') and bases "
                       "(see README, Text)").format(expr=expr, reason=shorten(e, 120))
    if isinstance(e, NotText):
        return line, _("the expression {expr} {problem}").format(expr=expr, problem=e)
    if isinstance(e, RecursionError):
        return line, _("the expression {expr} calls itself without end; remove the recursion").format(expr=expr)
    detail = shorten(e, 120) if str(e) else _("no detail")
    return line, _("the expression {expr} failed: {error}: {detail}; correct or remove it").format(
        expr=expr, error=type(e).__name__, detail=detail)


def offset_of_line(text: str, lineno: int | None) -> int:
    """Character offset where 1-based line ``lineno`` of ``text`` starts."""
    offset = 0
    for _line in range((lineno or 1) - 1):
        nl = text.find("\n", offset)
        if nl < 0:
            break
        offset = nl + 1
    return offset
