"""The Jinja environments: sandboxed, strict, and built in one place.

Two environments share one configuration:

* ``text_env`` renders the strings written in content/ (province placeholders, agency names).
  Its output is plain text, not markup, so it does not escape.
* ``xml_env`` renders the document XML of a .docx template. It autoescapes, so every piece of
  content text is escaped exactly once, when it lands in the XML: "&", "<", ">" and quotes come
  out as written instead of breaking the XML (docxtpl's default silently drops such text).

Both are sandboxed (content may not reach Python internals) and use StrictUndefined (a
misspelt placeholder is an error, never a silent blank).
"""

from __future__ import annotations

import functools

from jinja2 import StrictUndefined
from jinja2.sandbox import ImmutableSandboxedEnvironment

from vbgen import vi

FILTERS = {
    "upper_vi": vi.upper,
    "date_long": vi.date_long,
    "date_short": vi.date_short,
    "decimal": vi.decimal,
    "capfirst": vi.capitalize_first,
}


def _make_env(autoescape: bool) -> ImmutableSandboxedEnvironment:
    env = ImmutableSandboxedEnvironment(
        undefined=StrictUndefined,
        autoescape=autoescape,
        keep_trailing_newline=False,
        auto_reload=False,
        cache_size=4000,
    )
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
