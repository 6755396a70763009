"""The language of the messages vbgen shows: English by default, Vietnamese on request.

Message templates in the core are marked ``_("unknown agency {key!r}; …")`` and formatted
after translation, so a translation may reorder the placeholders. The language is a
contextvar (each web request and each worker sets its own), falling back to ``VBGEN_LANG``.
The Vietnamese catalog (``locale/vi/LC_MESSAGES/*.po``) is read with babel only when
Vietnamese is first asked for, so the CLI's start-up is unchanged.
"""

from __future__ import annotations

import contextlib
import contextvars
import os
from collections.abc import Iterator
from pathlib import Path

LANGUAGES = ("en", "vi")
LOCALE_DIR = Path(__file__).resolve().parent / "locale"
_LANG: contextvars.ContextVar[str | None] = contextvars.ContextVar("vbgen_lang", default=None)
_CATALOGS: dict[str, dict[str, str]] = {}


def language() -> str:
    """The current language: the context's, else ``VBGEN_LANG``, else English."""
    lang = _LANG.get() or os.environ.get("VBGEN_LANG", "") or "en"
    lang = lang.split("_")[0].split(".")[0].lower()
    return lang if lang in LANGUAGES else "en"


def set_language(lang: str | None) -> contextvars.Token:
    """Make ``lang`` the language of this context (a request, a worker, the CLI run)."""
    return _LANG.set(lang)


@contextlib.contextmanager
def using(lang: str | None) -> Iterator[None]:
    """Messages made inside the block are in ``lang``."""
    token = _LANG.set(lang)
    try:
        yield
    finally:
        _LANG.reset(token)


def catalog(lang: str) -> dict[str, str]:
    """msgid -> translation for ``lang``, read from its .po files once (babel, lazily).

    ``vbgen.po`` holds the core; each later capability keeps its messages in a .po of its own
    beside it (``office.po``, ``read.po`` …), so that parallel work never edits one file's end.
    """
    if lang not in _CATALOGS:
        from babel.messages.pofile import read_po

        merged: dict[str, str] = {}
        for path in sorted((LOCALE_DIR / lang / "LC_MESSAGES").glob("*.po")):
            with path.open("rb") as f:
                cat = read_po(f, locale=lang)
            merged.update({m.id: m.string for m in cat
                           if m.id and isinstance(m.id, str) and m.string and not m.fuzzy})
        _CATALOGS[lang] = merged
    return _CATALOGS[lang]


def _(message: str) -> str:
    """``message`` in the current language (itself in English or when not translated)."""
    lang = language()
    if lang == "en":
        return message
    return catalog(lang).get(message, message)


def N_(message: str) -> str:
    """Marks a message for the catalog without translating it now (translated when shown)."""
    return message
