"""Citations in content text: ``[[key]]`` markers resolved against the registry.

Nghị định 30/2020 (Phụ lục I, II.6.b) asks for the full form at a document's first mention
(kind, number and symbol, date, issuer, subject) and kind plus number afterwards; a Luật is
cited by its name. :class:`Citer` keeps track of what was already mentioned in one document.

Syntax (documented in the README):

* ``[[key]]``            full form at the first mention, short form after it;
* ``[[key|gọi tắt]]``    full form followed by "(sau đây gọi tắt là <short>)"; ``alias`` too;
* ``[[key|ngắn]]``       short form; ``short`` too;
* ``[[key|đầy đủ]]``     full form; ``full`` too;
* ``[[key|ngày dài]]``   the date written "ngày 21 tháng 01 năm 2014" (``long date``);
  ``ngày ngắn`` (``short date``) "ngày 21/01/2014"; a document's ``citation_dates`` sets
  the default. Options combine with a comma: ``[[key|gọi tắt, ngày dài]]``.
* ``[[key|như in: 612/KH-BCA]]`` (``as printed:``) prints the words after the colon exactly: how
  the source printed the mention (an imported text keeps "612/KH-BCA" where the registry says
  "612/KH-BCA-V05"); the mention still counts, and its status is still checked.
"""

from __future__ import annotations

import dataclasses
import re
import unicodedata
from collections.abc import Mapping

from vbgen.i18n import _
from vbgen import vi
from vbgen.errors import closest
from vbgen.content.model import Citation

CITATION_RE = re.compile(r"\[\[\s*([a-z0-9][a-z0-9-]*)\s*(?:\|\s*([^\]|]*?)\s*)?\]\]")
"""A citation marker: ``[[key]]`` or ``[[key|option]]``."""

OPTIONS = {
    None: "auto",
    "gọi tắt": "alias",
    "alias": "alias",
    "ngắn": "short",
    "short": "short",
    "đầy đủ": "full",
    "full": "full",
}

NAMED_KINDS = {"Hiến pháp", "Bộ luật", "Luật", "Pháp lệnh"}
"""Kinds cited by name, without number, date or issuer (Nghị định 30/2020, Phụ lục I, II.6)."""

DATE_OPTIONS = {
    "ngày dài": "long",
    "long date": "long",
    "ngày ngắn": "short",
    "short date": "short",
}
"""How a mention writes the date: "ngày 21 tháng 01 năm 2014" (long) or "ngày 21/01/2014"."""

INACTIVE = {"replaced", "expired"}


def full_form(c: Citation, long_date: bool = False) -> str:
    """"Chỉ thị số 06/CT-BCA-V05 ngày 07/5/2025 của Bộ trưởng Bộ Công an về …"; a Luật by name.

    ``long_date`` writes the date as the date line does: "ngày 07 tháng 5 năm 2025".
    """
    if c.kind in NAMED_KINDS and c.name:
        return c.name
    parts = [f"{c.kind} số {c.number}" if c.number else c.kind]
    if c.date:
        parts.append(vi.date_long(c.date) if long_date else f"ngày {vi.date_short(c.date)}")
    if c.issuer:
        parts.append(f"của {c.issuer}")
    if c.subject:
        parts.append(c.subject)
    return " ".join(parts)


def short_form(c: Citation) -> str:
    """"Chỉ thị số 06/CT-BCA-V05" (or the registry's own ``short``); a Luật by name."""
    if c.short:
        return c.short
    if c.kind in NAMED_KINDS and c.name:
        return c.name
    return f"{c.kind} số {c.number}" if c.number else c.kind


def alias_form(c: Citation, long_date: bool = False) -> str:
    """Full form with the short name it will go by: "… (sau đây gọi tắt là Chỉ thị số 06)"."""
    if c.kind in NAMED_KINDS:
        return full_form(c, long_date)
    return f"{full_form(c, long_date)} (sau đây gọi tắt là {short_form(c)})"


def outdated_message(key: str, c: Citation, registry: Mapping[str, Citation]) -> str | None:
    """Why citing a replaced or expired document is wrong, naming its replacement in full form.

    One wording for ``vbgen build``'s warning, ``vbgen cite scan``'s finding and ``vbgen cite
    check``'s [cite.outdated]: "cites 'key' (short form), which is replaced; cite 'new-key' (full
    form of the replacement) instead".
    None when ``c`` is in force or amended.
    """
    if c.status not in INACTIVE:
        return None
    if c.status == "replaced":
        msg = _("cites '{key}' ({short}), which is replaced").format(key=key, short=short_form(c))
    else:
        msg = _("cites '{key}' ({short}), which is expired").format(key=key, short=short_form(c))
    if c.replaced_by:
        newer = registry.get(c.replaced_by)
        if newer:
            msg += _("; cite '{key}' ({full}) instead").format(key=c.replaced_by, full=full_form(newer))
        else:
            msg += _("; cite '{key}' (not in the registry) instead").format(key=c.replaced_by)
    return msg


def normalise_option(option: str | None) -> str | None:
    """The option's meaning ("alias", "short", "full", "auto"), or None if it is unknown."""
    if option is not None:
        option = unicodedata.normalize("NFC", option).strip().lower()
        if option == "":
            option = None
    return OPTIONS.get(option)


_PRINTED = re.compile(r"^\s*(?:như in|as printed)\s*:\s*(.*?)\s*$", re.S | re.I)


def printed_variant(raw: str | None) -> str | None:
    """The words of a ``như in: …`` option (the mention as the source printed it), else None."""
    m = _PRINTED.match(unicodedata.normalize("NFC", raw or ""))
    return " ".join(m.group(1).split()) if m else None


def parse_options(raw: str | None) -> tuple[str, str | None, list[str]]:
    """A marker's options ("gọi tắt, ngày dài") as (form, date form or None, unknown options);
    form "printed" for ``như in: …``."""
    if printed_variant(raw) is not None:
        return "printed", None, []
    form, date, unknown = "auto", None, []
    for part in (raw or "").split(","):
        word = unicodedata.normalize("NFC", part).strip().lower()
        if not word:
            continue
        if word in DATE_OPTIONS:
            date = DATE_OPTIONS[word]
        elif (meaning := normalise_option(word)) is not None:
            form = meaning
        else:
            unknown.append(part.strip())
    return form, date, unknown


@dataclasses.dataclass(frozen=True)
class CiteIssue:
    """Something to report about one marker: ``error`` stops the build, a warning does not."""

    offset: int
    message: str
    error: bool


class Citer:
    """Resolves markers in document order, remembering which documents were already cited."""

    def __init__(self, registry: dict[str, Citation], long_dates: bool = False, check_status: bool = True) -> None:
        self.registry = registry
        self.long_dates = long_dates
        self.check_status = check_status
        """False for a historical text: citing what was in force then is not a finding."""
        self.mentioned: set[str] = set()
        self.used: list[str] = []

    def resolve(self, text: str) -> tuple[str, list[CiteIssue]]:
        """Replace every marker in ``text``; unknown keys and options are errors."""
        issues: list[CiteIssue] = []
        out: list[str] = []
        pos = 0
        for m in CITATION_RE.finditer(text):
            out.append(text[pos:m.start()])
            pos = m.end()
            key, raw_option = m.group(1), m.group(2)
            c = self.registry.get(key)
            if c is None:
                hint = closest(key, self.registry)
                issues.append(CiteIssue(m.start(), _("unknown citation '{key}'{closest} (see content/citations.yaml)").format(key=key, closest=hint), True))
                out.append(m.group(0))
                continue
            option, date, unknown = parse_options(raw_option)
            for word in unknown:
                issues.append(CiteIssue(m.start(), _("unknown citation option '{option}' in {marker}; use gọi tắt, ngắn or đầy đủ, and ngày dài or ngày ngắn").format(
                    option=word, marker=m.group(0)), True))
            long_date = self.long_dates if date is None else date == "long"
            if self.check_status:
                issues.extend(self._status_issues(key, c, m.start()))
            out.append(self._form(key, c, option, m.start(), issues, long_date, printed_variant(raw_option)))
        out.append(text[pos:])
        return "".join(out), issues

    def _form(self, key: str, c: Citation, option: str, offset: int, issues: list[CiteIssue], long_date: bool = False,
              printed: str | None = None) -> str:
        first = key not in self.mentioned
        self.mentioned.add(key)
        if key not in self.used:
            self.used.append(key)
        if option == "printed":
            if not printed:
                issues.append(CiteIssue(offset, _("'{key}': write the words to print after 'như in:', or remove the option").format(key=key), True))
            return printed or short_form(c)
        if option == "alias":
            if c.kind in NAMED_KINDS:
                issues.append(CiteIssue(offset, _("'{key}' is a {kind}, cited by its name: no short name is defined for it").format(key=key, kind=c.kind), False))
            return alias_form(c, long_date)
        if option == "full" or (option == "auto" and first):
            return full_form(c, long_date)
        if option == "short" and first and c.kind not in NAMED_KINDS:
            issues.append(CiteIssue(offset, _("'{key}' is cited in short form before any full mention; write [[{key}]] at the first mention").format(key=key), False))
        return short_form(c)

    def _status_issues(self, key: str, c: Citation, offset: int) -> list[CiteIssue]:
        issues = []
        msg = outdated_message(key, c, self.registry)
        if msg:
            issues.append(CiteIssue(offset, msg, False))
        elif not c.verified:
            issues.append(CiteIssue(offset, _("cites '{key}' ({short}), whose status is not verified: {note}").format(
                key=key, short=short_form(c), note=c.note or _("check it before signing")), False))
        return issues
