"""Find the legal references in any document and say which ones are outdated (``vbgen cite scan``).

Most documents a legal officer reviews were not written by vbgen. :func:`find_references`
reads the normalised text of a .docx, .txt or .pdf (:mod:`vbgen.legal.extract`) and finds
every reference the way Vietnamese documents write them: kind and number with or without
"số", dash and space variants, dates in both forms, the issuer after "của", short names
introduced by "(sau đây gọi tắt là …)" and their later mentions, laws by name.
:func:`match_references` looks each one up in the citation registry; :mod:`vbgen.legal.report`
prints the result and, for unknown documents, registry entries ready to paste. Reading the
files themselves (.docx through the XML layer, .pdf through poppler) is
:mod:`vbgen.check.citations`, a layer above.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from pathlib import Path

from vbgen.content.model import Citation
from vbgen.legal import patterns as P
from vbgen.legal.extract import Source, Stream

STATUSES = ("in_force", "amended", "replaced", "expired", "unknown")


@dataclasses.dataclass
class Reference:
    """One reference found in a document, and what the registry says about it."""

    file: str
    source: Source
    start: int
    end: int
    text: str
    kind: str | None
    number: str | None = None
    date: dt.date | None = None
    issuer: str | None = None
    subject: str | None = None
    name: str | None = None
    year: int | None = None
    short: bool = False
    """A bare mention ("Chỉ thị số 07") that stands for a full reference."""
    alias: str | None = None
    """The short name this reference introduces: "(gọi tắt là Chỉ thị số 07)"."""
    linked: "Reference | None" = None
    """For a short mention: the full reference it stands for (None when not found)."""
    key: str | None = None
    status: str = "unknown"
    replaced_by: str | None = None
    proposed: str | None = None
    """For an unknown reference: the key of the registry entry proposed for it."""
    notes: list[str] = dataclasses.field(default_factory=list)
    printed: str | None = None
    """The number as the text printed it when it is a variant of the registry's ("612/KH-BCA")."""


def canonical(number: str) -> str:
    """A comparison key for numbers: "28/NQ/TW", "28-NQ/TW" and "28 - NQ/TW" are one document."""
    return re.sub(r"[\s/-]+", "/", number.upper().replace("Đ", "D")).strip("/")


def tidy_symbol(symbol: str) -> str:
    """"03/QĐ - UBND" → "03/QĐ-UBND"."""
    return re.sub(r" ?([/-]) ?", r"\1", symbol)


_NOT_A_NUMBER_AFTER = re.compile(r" ?(?:%|người|năm|tháng|ngày|giờ|lần|tỷ|triệu|nghìn|đồng|km|ha|điều|khoản|"
                                 r"đơn vị|cơ quan|trường|xã|phường|tỉnh|huyện|mô hình|bản)(?![^\W\d_])")
_BARE_KINDS = P.REGISTRY_KINDS - {"Luật", "Bộ luật", "Pháp lệnh", "Hiến pháp"}


def _date(m: re.Match) -> dt.date | None:
    try:
        return dt.date(int(m.group("y")), int(m.group("m") or m.group("m2")), int(m.group("d")))
    except ValueError:
        return None


def _read_tail(text: str, ref: Reference, pos: int) -> int:
    """Read date, issuer and trích yếu after the number; return where the reference ends."""
    end = pos
    for _ in range(2):
        moved = False
        m = P.DATE.match(text, pos)
        if m and ref.date is None:
            ref.date = _date(m)
            pos = end = m.end()
            moved = True
        m = P.ISSUER.match(text, pos)
        if m and ref.issuer is None:
            issuer = re.sub(r" (?:và|-)$", "", m.group("issuer")).strip()
            if len(issuer) > 1:
                ref.issuer = issuer
                pos = end = m.start("issuer") + len(issuer)
                moved = True
        if not moved:
            break
    m = P.SUBJECT.match(text, pos)
    if m:
        subject = m.group("subject").strip(" ,")
        if m.group("quoted"):
            lead = subject[: subject.index(m.group("quoted")) - 1].strip()
            quoted = m.group("quoted").strip()
            subject = f"{lead} {quoted[:1].lower()}{quoted[1:]}" if quoted[:2].isupper() is False else f"{lead} {quoted}"
        ref.subject = subject
    return end


def _kind_number_refs(stream: Stream) -> list[Reference]:
    text = stream.text
    refs = []
    for m in P.NUMBER_AFTER_KIND.finditer(text):
        word = m.group("kind")
        kind = P.KINDS[word.lower()]
        if word == "luật" and text.endswith("pháp ", 0, m.start()):
            continue  # "… quy phạm pháp luật số 64/2025/QH15": the end of a law's name
        ref = Reference(stream.file, stream.source_at(m.start()), m.start(), m.end(), "", kind)
        if m.group("symbol"):
            symbol = tidy_symbol(m.group("symbol"))
            if not re.search(r"[A-ZĐ]", symbol):
                continue  # "Nghị định 06/2013": no symbol, no way to tell which
            ref.number = symbol
        else:
            bare = m.group("bare")
            if (not word[0].isupper() or kind not in _BARE_KINDS or re.fullmatch(P.YEAR, bare)
                    or _NOT_A_NUMBER_AFTER.match(text, m.end())):
                continue
            ref.number, ref.short = bare, True
        ref.end = _read_tail(text, ref, m.end())
        refs.append(ref)
    return refs


def _symbol_only_refs(stream: Stream, taken: list[tuple[int, int]]) -> list[Reference]:
    """Numbers written without a kind ("… và Thông tư số⏎ 46/2014/TT-BCA" broken by a page)."""
    text = stream.text
    refs = []
    for m in P.BARE_SYMBOL.finditer(text):
        if any(s <= m.start() < e for s, e in taken) or P.OWN_NUMBER.search(text, max(0, m.start() - 8), m.start()):
            continue
        code = m.group("type") or m.group("ptype")
        kind = P.TYPE_KINDS.get(code) if code else None
        ref = Reference(stream.file, stream.source_at(m.start()), m.start(), m.end(), "", kind, number=m.group("symbol"))
        ref.end = _read_tail(text, ref, m.end())
        refs.append(ref)
    return refs


def _named_refs(stream: Stream, registry: dict[str, Citation], taken: list[tuple[int, int]]) -> list[Reference]:
    """Luật, Bộ luật, Pháp lệnh and Hiến pháp cited by name (registered names first)."""
    text = stream.text
    refs: list[Reference] = []
    spans = list(taken)

    def free(s: int, e: int) -> bool:
        return not any(s < te and ts < e for ts, te in spans)

    names = sorted(((c.name, key) for key, c in registry.items() if c.name), key=lambda x: -len(x[0]))
    for name, key in names:
        for m in re.finditer(rf"(?<![^\W\d_]){re.escape(name)}(?![^\W\d_])", text):
            if not free(m.start(), m.end()):
                continue
            ref = Reference(stream.file, stream.source_at(m.start()), m.start(), m.end(), "", registry[key].kind, name=name)
            year = re.compile(rf" ?,? (?:năm )?({P.YEAR})(?![0-9/])").match(text, m.end())
            if year:
                ref.year, ref.end = int(year.group(1)), year.end()
            number = re.compile(rf",? số ({P.SYMBOL})").match(text, ref.end)
            if number:
                ref.number, ref.end = tidy_symbol(number.group(1)), number.end()
            ref.end = _read_tail(text, ref, ref.end)
            refs.append(ref)
            spans.append((ref.start, ref.end))
    for pattern in (P.NAMED_LAW, P.CONSTITUTION):
        for m in pattern.finditer(text):
            groups = m.groupdict()
            if not free(m.start(), m.end()) or (pattern is P.CONSTITUTION and not (groups["title"] or groups["year"])):
                continue
            kind = groups["kind"] or groups["lkind"]
            kind = kind[0].upper() + kind[1:].lower()
            title = (groups["title"] or groups.get("lower_title") or "").strip()
            end, number, year = m.end(), groups.get("symbol"), groups["year"]
            rest = P.NAME_RUN_ON.match(text, m.end("title")) if pattern is P.NAMED_LAW and groups["title"] else None
            if rest and not year and not number:
                title += rest.group("more")
                end, number, year = rest.end(), rest.group("symbol"), rest.group("year")
            title = re.sub(r"(?: (?:và|của|-)|,)+$", "", title)
            ref = Reference(stream.file, stream.source_at(m.start()), m.start(), end, "", kind,
                            name=f"{kind} {title}".strip(), number=number)
            if year:
                ref.year = int(year)
            ref.end = _read_tail(text, ref, ref.end)
            refs.append(ref)
            spans.append((ref.start, ref.end))
    return refs


def _link_aliases(stream: Stream, refs: list[Reference]) -> list[Reference]:
    """Attach "(gọi tắt là …)" to the reference it names; drop the mentions inside it."""
    text = stream.text
    keep = list(refs)
    for m in P.ALIAS.finditer(text):
        alias = m.group("alias").strip()
        keep = [r for r in keep if not (m.start() <= r.start < m.end())]
        para_start = text.rfind("\n", 0, m.start()) + 1
        before = [r for r in keep if para_start <= r.start < m.start() and not r.short]
        kind_word = next((k for k in sorted(P.KINDS, key=len, reverse=True) if alias.lower().startswith(k)), None)
        if kind_word:
            same = [r for r in before if r.kind == P.KINDS[kind_word]]
            before = same or before
        if before:
            target = max(before, key=lambda r: r.start)
            target.alias = alias
    return keep


def _alias_key(text: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"\bsố\b", " ", text.casefold())).strip()


def _link_short_mentions(refs: list[Reference]) -> None:
    """A bare "Chỉ thị số 07" stands for the full reference with that short name or number."""
    aliases: dict[str, Reference] = {}
    full: list[Reference] = []
    for r in sorted(refs, key=lambda r: r.start):
        if not r.short:
            full.append(r)
            if r.alias:
                aliases[_alias_key(r.alias)] = r
            continue
        target = aliases.get(_alias_key(f"{r.kind} {r.number}"))
        if target is None:
            prefix = re.compile(rf"{re.escape(r.number)}[/-]")
            same = [f for f in full if f.kind == r.kind and f.number and prefix.match(f.number)]
            later = [f for f in refs if f.start > r.start and not f.short and f.kind == r.kind
                     and f.number and prefix.match(f.number)]
            # the last full one before it, else (a title, a heading) the first one after it
            target = same[-1] if same else (min(later, key=lambda f: f.start) if later else None)
        r.linked = target


def own_number(stream: Stream) -> tuple[str, dt.date | None] | None:
    """The document's own number, from its first "Số:" line ("Số: 15/KH-UBND"), and its date
    when the date line follows close by; None for a draft ("Số:      /KH-UBND") or a text
    without one."""
    text = stream.text
    for m in P.BARE_SYMBOL.finditer(text):
        if _SO_COLON.search(text, max(0, m.start() - 8), m.start()):
            date = P.DATE.search(text, m.end(), m.end() + _OWN_DATE_WITHIN)
            return canonical(m.group("symbol")), _date(date) if date else None
    return None


_SO_COLON = re.compile(r"(?<!\w)Số ?: ?$")
"""'Số:' right before a symbol, wherever its line went (pdftotext puts it after the tiêu ngữ)."""
_OWN_DATE_WITHIN = 300
"""The date line of a document sits beside its Số line (the next table cell, or the same line)."""


def _about_itself(refs: list[Reference], own: tuple[str, dt.date | None] | None) -> set[int]:
    """Positions of the references to the document itself: its own number (with its date, or
    no date), and the short mentions that stand for them ("(Kèm theo Kế hoạch số 15/KH-UBND …)")."""
    if own is None:
        return set()
    number, date = own
    itself = {r.start for r in refs if r.number and not r.short and canonical(r.number) == number
              and (r.date is None or date is None or r.date == date)}
    return itself | {r.start for r in refs if r.short and r.linked is not None and r.linked.start in itself}


def find_references(stream: Stream, registry: dict[str, Citation] | None = None) -> list[Reference]:
    """Every reference in ``stream``, in text order (registry names help find laws), leaving out
    the document's references to itself (an appendix's "Kèm theo Kế hoạch số …" line)."""
    refs = _kind_number_refs(stream)
    refs += _named_refs(stream, registry or {}, [(r.start, r.end) for r in refs])
    refs += _symbol_only_refs(stream, [(r.start, r.end) for r in refs])
    refs.sort(key=lambda r: r.start)
    refs = _link_aliases(stream, refs)
    _link_short_mentions(refs)
    itself = _about_itself(refs, own_number(stream))
    refs = [r for r in refs if r.start not in itself]
    for r in refs:
        r.text = stream.text[r.start:r.end].strip(" ,")
    return refs


# -- registry -------------------------------------------------------------------------------


def _index(registry: dict[str, Citation]) -> tuple[dict[str, str], dict[str, list[str]]]:
    by_number: dict[str, str] = {}
    by_name: dict[str, list[str]] = {}
    for key, c in registry.items():
        if c.number:
            by_number.setdefault(canonical(c.number), key)
        if c.name:
            by_name.setdefault(c.name.casefold(), []).append(key)
    return by_number, by_name


def _variant(ref: Reference, registry: dict[str, Citation]) -> str | None:
    """The one registered document that ``ref`` names with a variant of its number: the same
    number, kind and issuer with or without the drafting unit ("612/KH-BCA" printed for the
    registry's "612/KH-BCA-V05"), and the same date when both have one."""
    assert ref.number is not None
    n = canonical(ref.number)
    if n.count("/") < 2:
        return None
    found = []
    for key, c in registry.items():
        if not c.number:
            continue
        cn = canonical(c.number)
        if not (cn.startswith(n + "/") or n.startswith(cn + "/")):
            continue
        if ref.kind in P.REGISTRY_KINDS and ref.kind != c.kind:
            continue
        if ref.date and c.date and ref.date != c.date:
            continue
        found.append(key)
    return found[0] if len(found) == 1 else None


def _lookup(ref: Reference, registry: dict[str, Citation], by_number, by_name) -> str | None:
    if ref.number and not ref.short:
        key = by_number.get(canonical(ref.number))
        if key:
            return key
        key = _variant(ref, registry)
        if key:
            ref.printed = ref.number
            return key
    if ref.name:
        keys = by_name.get(ref.name.casefold(), [])
        if ref.year:
            keys = [k for k in keys if registry[k].date and registry[k].date.year == ref.year]
        if len(keys) >= 1:
            return keys[0]
    return None


def match_references(refs: list[Reference], registry: dict[str, Citation]) -> None:
    """Set key, status and replacement of each reference from the registry."""
    by_number, by_name = _index(registry)
    for r in refs:
        if r.short and r.linked is not None:
            full = r.linked
            key = full.key if full.key is not None else _lookup(full, registry, by_number, by_name)
            r.number, r.date, r.issuer = full.number, full.date, r.issuer or full.issuer
        else:
            key = _lookup(r, registry, by_number, by_name)
        if key is None:
            r.key, r.status = None, "unknown"
            continue
        c = registry[key]
        r.key, r.status, r.replaced_by = key, c.status, c.replaced_by
        if c.number:
            r.number = c.number
        if r.kind is None or r.kind not in P.REGISTRY_KINDS:
            r.kind = c.kind
        if r.printed and r.printed != c.number:
            r.notes.append(f"printed as {r.printed}, the registry's number is {c.number}")
        if not r.short:
            if r.date and c.date and r.date != c.date:
                r.notes.append(f"the text dates it {r.date:%d/%m/%Y}, the registry {c.date:%d/%m/%Y}")
            if r.kind != c.kind:
                r.notes.append(f"the text calls it a {r.kind}, the registry a {c.kind}")
        r.date = r.date or c.date


def load_citations(content_dir: Path | None, province: str | None) -> dict[str, Citation]:
    """The national registry, plus a province's own citations (province.yaml) with ``province``."""
    from vbgen.content.load import find_dir, load_registries
    from vbgen.content.overrides import registries_for

    folder = find_dir(content_dir, "content")
    registries = load_registries(folder)
    if province:
        registries.province(province)  # unknown slug: a message with the closest ones
        registries = registries_for(registries, folder, province)
    return dict(registries.citations.value.citations)
