"""Checks of the citation registry (content/citations.yaml) and of the markers that cite it.

:func:`check_registry` validates the registry itself (``vbgen cite check``): numbers and
symbols that do not fit their kind, dates that disagree with the year in the symbol, broken
or circular ``replaced_by`` links, missing fields and text that is not in Unicode NFC.
Each check is a small function in :data:`CHECKS`, keyed by the id that ends its messages.

:func:`scan_for_outdated` looks at the ``[[key]]`` markers in content text and reports
citations of replaced, expired or unverified documents and of unknown keys;
:func:`find_usages` lists where one key is cited (``vbgen cite usages KEY``).
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping

from vbgen.legal.citations import CITATION_RE, NAMED_KINDS, outdated_message, parse_options, short_form
from vbgen.errors import Problem
from vbgen.i18n import _
from vbgen.legal.lint import first_non_nfc
from vbgen.content.model import Citation, CitationRegistry

# --------------------------------------------------------------------------------------
# Citation markers in content text

KEY_PATTERN = r"[a-z0-9][a-z0-9-]*"
"""A citation key: lower-case ASCII letters, digits and hyphens, such as nd-06-2013-cp."""


def find_citation_markers(text: str) -> list[tuple[int, str, str | None]]:
    """(offset, key, option) of every marker in ``text`` (the syntax of :data:`CITATION_RE`);
    option is "alias", "short", "full" (whichever language it was written in), or None
    when absent or not a known option (the build reports unknown options)."""
    out = []
    for m in CITATION_RE.finditer(text):
        form, _date, _unknown = parse_options(" ".join(m.group(2).split()) if m.group(2) else None)
        out.append((m.start(), m.group(1), None if form == "auto" else form))
    return out


# --------------------------------------------------------------------------------------
# Numbers and symbols

_N = r"[0-9]+"
_Y = r"(?:19|20)[0-9]{2}"
_CODE = r"(?:[A-ZĐ][A-ZĐ0-9]*[a-z]?[A-ZĐ0-9]*)"  # BCA, UBND, BGDĐT, V05, TTg, CTr
_CODES = rf"{_CODE}(?:-{_CODE})*"  # an issuer with its drafting units: BCA-V05, UBND-NC


def _state(abbr: str, *, year: bool = False) -> str:
    """State-document symbol "n/ABBR-X[-unit]" (or "n/yyyy/ABBR-X" when year is allowed)."""
    return rf"{_N}/(?:{_Y}/)?{abbr}-{_CODES}" if year else rf"{_N}/{abbr}-{_CODES}"


def _party(abbr: str) -> str:
    """Party-document symbol "n-ABBR/X": 09-CT/TW, 60-NQ/TW, 05-KH/TU."""
    return rf"{_N}-{abbr}/{_CODES}"


_OTHER_TYPES = "NĐ|NQ|QĐ|KH|KL|CTr|HD|TB|TT|TTLT"
"""Type abbreviations that cannot start a Công văn symbol (CT can: Cục Thuế writes n/CT-…)."""

SYMBOL_FORMS: dict[str, tuple[str, list[str]]] = {
    "Nghị định": ("n/yyyy/NĐ-CP, e.g. 06/2013/NĐ-CP", [rf"{_N}/{_Y}/NĐ-CP"]),
    "Thông tư": (
        "n/yyyy/TT-<agency>, e.g. 124/2021/TT-BCA (joint: n/yyyy/TTLT-<agency>-<agency>)",
        [rf"{_N}/{_Y}/TT(?:LT)?-{_CODES}"],
    ),
    "Luật": ("n/yyyy/QHk, e.g. 30/2023/QH15", [rf"{_N}/{_Y}/QH[0-9]+"]),
    "Bộ luật": ("n/yyyy/QHk, e.g. 100/2015/QH13", [rf"{_N}/{_Y}/QH[0-9]+"]),
    "Pháp lệnh": (
        "n/yyyy/UBTVQHk or n/yyyy/PL-UBTVQHk, e.g. 02/2022/UBTVQH15",
        [rf"{_N}/{_Y}/(?:PL-)?UBTVQH[0-9]+"],
    ),
    "Nghị quyết": (
        "n/yyyy/QHk (Quốc hội), n/yyyy/UBTVQHk or n/NQ-UBTVQHk (UBTVQH), n/NQ-CP or "
        "n/yyyy/NQ-CP (Chính phủ), n/yyyy/NQ-HĐND, or n-NQ/TW (Party)",
        [rf"{_N}/{_Y}/(?:UBTV)?QH[0-9]+", _state("NQ", year=True), _party("NQ")],
    ),
    "Quyết định": (
        "n/QĐ-<issuer> or n/yyyy/QĐ-<issuer>, e.g. 521/QĐ-TTg, 40/2013/QĐ-UBND (Party: n-QĐ/TW)",
        [_state("QĐ", year=True), _party("QĐ")],
    ),
    "Chỉ thị": (
        "n/CT-<issuer>[-<unit>] or n/yyyy/CT-<issuer>, e.g. 06/CT-BCA-V05, 03/CT-TTg "
        "(Party: n-CT/TW)",
        [_state("CT", year=True), _party("CT")],
    ),
    "Kế hoạch": (
        "n/KH-<issuer>[-<unit>], e.g. 612/KH-BCA-V05 (Party: n-KH/TU)",
        [_state("KH"), _party("KH")],
    ),
    "Kết luận": ("n-KL/TW (Party), e.g. 44-KL/TW, or n/KL-<issuer>", [_party("KL"), _state("KL")]),
    "Chương trình": ("n/CTr-<issuer> (Party: n-CTr/TU)", [_state("CTr"), _party("CTr")]),
    "Hướng dẫn": ("n/HD-<issuer> (Party: n-HD/<issuer>)", [_state("HD"), _party("HD")]),
    "Thông báo": ("n/TB-<issuer> (Party: n-TB/TW)", [_state("TB"), _party("TB")]),
    "Công văn": (
        "n/<issuer>-<unit>, e.g. 2825/UBND-NC (Party: n-CV/<issuer>)",
        [rf"{_N}/(?!(?:{_OTHER_TYPES})-){_CODES}", _party("CV")],
    ),
}
"""Kind → (the expected form, for messages; regexes a number must fully match).
Hiến pháp has no number, so it is not listed."""

_SYMBOL_RES: dict[str, list[re.Pattern[str]]] = {
    kind: [re.compile(p) for p in patterns] for kind, (_, patterns) in SYMBOL_FORMS.items()
}
_SYMBOL_YEAR = re.compile(rf"{_N}/({_Y})/")


def fits_kind(number: str, kind: str) -> bool:
    """Whether ``number`` has the form of a ``kind`` number and symbol (True if unknown)."""
    patterns = _SYMBOL_RES.get(kind)
    return patterns is None or any(p.fullmatch(number) for p in patterns)


def symbol_year(number: str) -> int | None:
    """The year written in a State symbol such as 06/2013/NĐ-CP, or None."""
    m = _SYMBOL_YEAR.match(number)
    return int(m.group(1)) if m else None


def _close_keys(key: str, keys: Iterable[str]) -> str:
    close = difflib.get_close_matches(key, list(keys), n=3)
    return _("; did you mean {keys}?").format(keys=", ".join(close)) if close else ""


# --------------------------------------------------------------------------------------
# Registry checks. Each yields (citation key, field path or None, message).

Finding = tuple[str, str | None, str]
Check = Callable[[CitationRegistry], Iterator[Finding]]
PerCitation = Callable[[str, Citation, CitationRegistry], Iterator[tuple[str | None, str]]]

_TEXT_FIELDS = ("number", "issuer", "subject", "name", "short", "replaced_by", "note")


def _each(check: PerCitation) -> Check:
    """Turn a check of one citation into a check of the whole registry."""

    def run(registry: CitationRegistry) -> Iterator[Finding]:
        for key, citation in registry.citations.items():
            for field, message in check(key, citation, registry):
                yield key, field, message

    run.__doc__ = check.__doc__
    return run


@_each
def _check_key(key: str, c: Citation, reg: CitationRegistry) -> Iterator[tuple[str | None, str]]:
    """The key can be written in a marker."""
    if not re.fullmatch(KEY_PATTERN, key):
        yield None, _(
            'key "{key}" cannot be cited: a key is lower-case ASCII letters, digits and hyphens, '
            "such as nd-06-2013-cp"
        ).format(key=key)


@_each
def _check_number(key: str, c: Citation, reg: CitationRegistry) -> Iterator[tuple[str | None, str]]:
    """The number and symbol has the form of the document's kind."""
    if c.number is None or fits_kind(c.number, c.kind):
        return
    form = SYMBOL_FORMS[c.kind][0]
    message = _('"{number}" is not the number of a {kind}; expected {form}').format(number=c.number, kind=c.kind, form=form)
    with_stroke = re.sub(r"(?<=\b[NQ])D(?=-)|(?<=GD)D(?=T)", "Đ", c.number)
    if with_stroke != c.number and fits_kind(with_stroke, c.kind):
        message += _(' (write Đ, not D: "{number}")').format(number=with_stroke)
    else:
        others = [k for k in SYMBOL_FORMS if k != c.kind and fits_kind(c.number, k)]
        if others:
            message += _(" (it has the form of a {kinds} number)").format(kinds=_(" or ").join(others[:3]))
    yield "number", message


@_each
def _check_date_year(key: str, c: Citation, reg: CitationRegistry) -> Iterator[tuple[str | None, str]]:
    """The date's year is the year in the symbol."""
    year = symbol_year(c.number) if c.number else None
    if c.date is not None and year is not None and c.date.year != year:
        yield "date", _(
            "date {date} is in {date_year}, but the number {number} says {year}; "
            "correct the date or the number"
        ).format(date=c.date.isoformat(), date_year=c.date.year, number=c.number, year=year)


@_each
def _check_replaced_by(key: str, c: Citation, reg: CitationRegistry) -> Iterator[tuple[str | None, str]]:
    """replaced_by names a registered document."""
    if c.replaced_by is not None and c.replaced_by not in reg.citations:
        yield "replaced_by", _(
            '"{key}" is not a key in the registry; replaced_by must be the key of the '
            "replacing document"
        ).format(key=c.replaced_by) + _close_keys(c.replaced_by, reg.citations)


@_each
def _check_status(key: str, c: Citation, reg: CitationRegistry) -> Iterator[tuple[str | None, str]]:
    """status replaced goes with replaced_by, and only with it."""
    if c.status == "replaced" and c.replaced_by is None:
        yield "replaced_by", _(
            "status is replaced but replaced_by is empty; give the key of the replacing document "
            "(or use status expired if nothing replaced it)"
        )
    elif c.status != "replaced" and c.replaced_by is not None:
        yield "status", _(
            "replaced_by is set ({key}) but status is {status}; "
            "set status: replaced, or remove replaced_by"
        ).format(key=c.replaced_by, status=c.status)


@_each
def _check_amended_by(key: str, c: Citation, reg: CitationRegistry) -> Iterator[tuple[str | None, str]]:
    """amended_by entries that look like keys are registered keys."""
    for i, entry in enumerate(c.amended_by):
        if re.fullmatch(KEY_PATTERN, entry) and entry not in reg.citations:
            yield f"amended_by[{i}]", _(
                '"{entry}" looks like a key but is not in the registry; use a registered key or a '
                'plain description such as "Thông tư số 48/2025/TT-BCA"'
            ).format(entry=entry) + _close_keys(entry, reg.citations)


def _plenum_resolution(c: Citation) -> bool:
    """A Party Central Committee plenum resolution ("60-NQ/TW" of "Hội nghị lần thứ 11 …"):
    its title names only the plenum, so it has no trích yếu to cite."""
    party_nq = c.number is not None and re.fullmatch(_party("NQ"), c.number) is not None
    return c.kind == "Nghị quyết" and party_nq and (c.issuer or "").startswith("Hội nghị")


@_each
def _check_required(key: str, c: Citation, reg: CitationRegistry) -> Iterator[tuple[str | None, str]]:
    """A law has a name; any other document has a number, an issuer and a subject
    (except a plenum resolution, which has no subject)."""
    if c.kind in NAMED_KINDS:
        if not c.name:
            yield "name", _("a {kind} is cited by its name; name is missing").format(kind=c.kind)
        return
    what = {
        "number": _('the number and symbol, such as "06/2013/NĐ-CP"'),
        "issuer": _('who issued it, as it follows "của", such as "Chính phủ"'),
        "subject": _('the trích yếu with its leading word, such as "về …"'),
    }
    if _plenum_resolution(c):
        del what["subject"]
    for field, expected in what.items():
        if not getattr(c, field):
            yield field, _("{field} is missing; a {kind} is cited with {expected}").format(
                field=field, kind=c.kind, expected=expected
            )


@_each
def _check_nfc(key: str, c: Citation, reg: CitationRegistry) -> Iterator[tuple[str | None, str]]:
    """Text fields are in Unicode NFC."""
    values = [(f, getattr(c, f)) for f in _TEXT_FIELDS]
    values += [(f"amended_by[{i}]", v) for i, v in enumerate(c.amended_by)]
    for field, value in values:
        offset = first_non_nfc(value) if value else None
        if offset is not None:
            yield field, _(
                "text is not in Unicode NFC (composed) form from character {position} "
                '("{excerpt}"); re-save the file as NFC'
            ).format(position=offset + 1, excerpt=value[max(0, offset - 10):offset + 10])


def _check_cycles(registry: CitationRegistry) -> Iterator[Finding]:
    """replaced_by links do not go round in a circle."""
    cits = registry.citations
    done: set[str] = set()
    for start in cits:
        path: list[str] = []
        where: dict[str, int] = {}
        key: str | None = start
        while key in cits and key not in done and key not in where:
            where[key] = len(path)
            path.append(key)
            key = cits[key].replaced_by
        if key in where:
            cycle = path[where[key]:]
            yield cycle[0], "replaced_by", _(
                "replaced_by links form a cycle: {cycle}; "
                "a document cannot (even indirectly) replace itself"
            ).format(cycle=" → ".join(cycle + [cycle[0]]))
        done.update(path)


CHECKS: dict[str, Check] = {
    "citation.key": _check_key,
    "citation.number": _check_number,
    "citation.date_year": _check_date_year,
    "citation.replaced_by": _check_replaced_by,
    "citation.replaced_cycle": _check_cycles,
    "citation.status": _check_status,
    "citation.amended_by": _check_amended_by,
    "citation.required": _check_required,
    "text.nfc": _check_nfc,
}
"""Every registry check, by the id that ends its messages."""


def check_registry(
    registry: CitationRegistry,
    lines: Mapping[str, int] | None = None,
    file: str | None = None,
    *,
    keys: Collection[str] | None = None,
    locate: Callable[[str], tuple[str | None, int | None]] | None = None,
) -> list[Problem]:
    """Everything wrong with the registry, ordered by line.

    ``lines`` maps each citation key to its line in ``file`` (content/citations.yaml). A
    province's view of the registry passes ``keys`` (only its own citations are reported) and
    ``locate`` (key -> file and line, since they come from its province.yaml).
    """
    lines = lines or {}
    order = {key: i for i, key in enumerate(registry.citations)}
    found = []
    for check_id, check in CHECKS.items():
        for key, field, message in check(registry):
            if keys is not None and key not in keys:
                continue
            path = f"citations.{key}" + (f".{field}" if field else "")
            at, line = locate(key) if locate is not None else (file, lines.get(key))
            rank = (line if line is not None else float("inf"), order[key])
            found.append((rank, Problem(at, line, path, f"{message} [{check_id}]")))
    found.sort(key=lambda f: f[0])
    return [problem for _, problem in found]


# --------------------------------------------------------------------------------------
# Markers in content text

Text = tuple[str, int | None, str, str]
"""(file, line where the string starts, key path, text) for one string of a content file."""


def _markers(texts: Iterable[Text]) -> Iterator[tuple[str, int | None, str, str]]:
    """(file, line, key path, key) of every marker, with the line of the marker itself."""
    for file, line, path, text in texts:
        for offset, key, _marker in find_citation_markers(text):
            at = None if line is None else line + text.count("\n", 0, offset)
            yield file, at, path, key


def _outdated(key: str, c: Citation, cits: Mapping[str, Citation]) -> Iterator[str]:
    cited = _("cites {key} ({form})").format(key=key, form=short_form(c))
    outdated = outdated_message(key, c, cits)  # in the words of vbgen build and vbgen cite scan
    if outdated:
        yield f"{outdated} [cite.outdated]"
    if not c.verified:
        note = _(" (note: {note})").format(note=c.note) if c.note else ""
        yield _(
            "{cited}, whose status is not verified (verified: false){note}; "
            "confirm it is in force before issuing"
        ).format(cited=cited, note=note) + " [cite.unverified]"


def scan_for_outdated(texts: Iterable[Text], registry: CitationRegistry, historical: Collection[str] = ()) -> list[Problem]:
    """Markers in content text that cite replaced, expired, unverified or unknown documents.

    Files in ``historical`` (historical texts kept for reference) may cite what was in force
    when they were written: only unknown keys are reported for them.
    """
    cits = registry.citations
    problems = []
    for file, line, path, key in _markers(texts):
        if key not in cits:
            hint = _close_keys(key, cits) or _("; no similar key is registered in content/citations.yaml")
            message = _('unknown citation key "{key}"').format(key=key)
            problems.append(Problem(file, line, path, f"{message}{hint} [cite.unknown]"))
            continue
        if file not in historical:
            problems.extend(Problem(file, line, path, msg) for msg in _outdated(key, cits[key], cits))
    return problems


def find_usages(texts: Iterable[Text], key: str) -> list[tuple[str, int | None, str]]:
    """(file, line, key path) of every marker that cites ``key``, without repeats."""
    found = ((file, line, path) for file, line, path, k in _markers(texts) if k == key)
    return list(dict.fromkeys(found))
