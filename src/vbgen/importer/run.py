"""``vbgen import``: read a file, recognise its parts, write the province's own document and
a review. The CLI and the web call :func:`import_file`."""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
import unicodedata
from pathlib import Path

from vbgen import vi
from vbgen.errors import VbgenError
from vbgen.i18n import N_, _
from vbgen.importer.appendix import ImportedAppendix, build_appendix
from vbgen.importer.body import Body, Item, build_body, escape
from vbgen.importer.emit import Writer, q, write_body
from vbgen.importer.recognise import Recognised, apply_corrections, recognise
from vbgen.importer.source import Source, read_source
from vbgen.atomic import write_atomic

MERGER = dt.date(2025, 7, 1)
"""From this date the 34 provincial units of 2025 are in force; an older text is historical."""


@dataclasses.dataclass
class Imported:
    """The result of importing one file."""

    source: Source
    recognised: Recognised
    body: Body
    province: str
    yaml: str
    review: str
    citations: list = dataclasses.field(default_factory=list)
    stubs: list[str] = dataclasses.field(default_factory=list)
    appendices: list[ImportedAppendix | None] = dataclasses.field(default_factory=list)
    """For each appendix recognised: its free content, or None when it was left out."""
    agencies: dict[str, str] = dataclasses.field(default_factory=dict)
    """Recipient text → the agency key it names (:mod:`vbgen.importer.agencies`)."""
    yaml_path: Path | None = None
    review_path: Path | None = None


def slugify(text: str) -> str:
    """"Kế hoạch 250 (2020)" → "ke-hoach-250-2020"."""
    text = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    text = "".join(c for c in text if not unicodedata.combining(c)).lower()
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-") or "van-ban"


def _province(rec: Recognised, registries, slug: str | None, path: Path) -> str:
    """The slug: -p, else the province the header names, matched against the registry (a former
    province too, when the text is dated while it existed)."""
    provinces = registries.provinces.value.provinces
    if slug:
        registries.province(slug)  # an unknown slug: the closest ones
        return slug
    named = rec.parts.get("province_name")
    date = rec.parts.get("date")
    if date is not None and date.value <= max((p.until for p in registries.provinces.value.former), default=date.value):
        # a text dated while the former units existed: Hải Dương is Hải Dương, not Hải Phòng
        provinces = [p for p in registries.provinces.value.former if date.value <= p.until] + list(provinces)
    if named is not None:
        want = slugify(str(named.value))
        for p in provinces:
            if p.slug == want or slugify(p.name) == want:
                return p.slug
    place = rec.parts.get("place")
    if place is not None:
        for p in provinces:
            if slugify(p.place) == slugify(str(place.value)):
                return p.slug
    shown = f" ({named.value})" if named is not None else ""
    raise VbgenError(_("{path}: the province{shown} is not one of the 34 current units; give it with -p SLUG "
                       "(see 'vbgen provinces')").format(path=path, shown=shown))


def _cite_all(body: Body, registry: dict, file: str) -> list:
    """Every legal mention in the body's texts becomes ``[[key|như in: …]]`` when the registry
    knows the document; the references found are returned (for the review). The references of
    all paragraphs are matched against the registry in one pass."""
    from vbgen.legal.extract import Source as At
    from vbgen.legal.extract import build_stream
    from vbgen.legal.scan import find_references, match_references

    slots: list[tuple[list, int, int]] = []  # (list holding the text, index in it, source paragraph)

    def collect(items: list[Item]) -> None:
        for item in items:
            slots.extend((item.text, i, item.line) for i in range(len(item.text)))
            slots.extend((item.closing, i, item.line) for i in range(len(item.closing)))
            for row in (item.table.header + item.table.rows) if item.table else ():
                slots.extend((row, i, item.line) for i, cell in enumerate(row) if isinstance(cell, str))
            collect(item.items)

    texts = [t for t, _n in body.preamble]
    ends = [t for t, _n in body.closing]
    slots.extend((texts, i, n) for i, (_t, n) in enumerate(body.preamble))
    collect(body.sections)
    slots.extend((ends, i, n) for i, (_t, n) in enumerate(body.closing))
    found = [find_references(build_stream(file, [(At(paragraph=n), holder[i], True)]), registry) for holder, i, n in slots]
    match_references([r for refs in found for r in refs], registry)
    for (holder, i, _n), refs in zip(slots, found):
        holder[i] = _replace(holder[i], refs)
    body.preamble = [(t, n) for t, (_old, n) in zip(texts, body.preamble)]
    body.closing = [(t, n) for t, (_old, n) in zip(ends, body.closing)]
    return [r for refs in found for r in refs]


def _replace(text: str, refs: list) -> str:
    out: list[str] = []
    cursor = 0  # mentions are replaced in reading order, each after the one before
    for r in sorted(refs, key=lambda r: r.start):
        printed = r.text
        if r.key is None or not printed or any(c in printed for c in "[]|\\*^{}"):
            continue
        at = text.find(printed, cursor)
        if at < 0:
            continue
        out.append(f"{text[cursor:at]}[[{r.key}|như in: {printed}]]")
        cursor = at + len(printed)
    return "".join(out) + text[cursor:]


_REGISTRIES: dict[tuple, object] = {}


def _registries(content_dir: Path, slug: str | None):
    """The national registries of ``content_dir``, kept while its YAML files are unchanged (an
    import of 100 files reads them once)."""
    from vbgen.content.load import load_registries

    stamp = tuple(sorted((str(p), p.stat().st_mtime_ns) for p in content_dir.glob("*.yaml")))
    key = (str(content_dir.resolve()), stamp)
    if key not in _REGISTRIES:
        _REGISTRIES.clear()
        _REGISTRIES[key] = load_registries(content_dir)
    return _REGISTRIES[key]


def import_file(path: Path, content_dir: Path, province: str | None = None, out: Path | None = None,
                write: bool = True, corrections: dict[int, str] | None = None) -> Imported:
    """Import ``path`` as a province's own document; write it (and its review) unless ``write`` is false.

    ``corrections``: paragraph (1-based, as the review numbers them) → the part it is, one of
    :data:`vbgen.importer.recognise.CORRECTABLE`, applied after recognition (the web's import
    page lets a person correct a part recognition got wrong)."""
    from vbgen.content.overrides import province_dir, registries_for

    source = read_source(path)
    rec = recognise(source)
    if corrections:
        apply_corrections(rec, source.lines, corrections)
    national = _registries(content_dir, province)
    slug = _province(rec, national, province, path)
    registries = registries_for(national, content_dir, slug)
    registry = dict(registries.citations.value.citations)
    body = build_body(rec.body, rec.kind, source.records)
    refs = _cite_all(body, registry, str(path))
    appendices = [build_appendix(lines, rec.kind, source.records) for lines in rec.appendices]
    for appendix in appendices:
        if appendix is not None:
            refs += _cite_all(appendix.body, registry, str(path))
    from vbgen.legal.report import proposals

    stubs = proposals(refs, registry, slug)
    result = Imported(source, rec, body, slug, "", "", refs, stubs, appendices, _recipient_keys(rec, registries, slug))
    result.yaml = document_yaml(result)
    name = slugify(path.stem)
    if (content_dir / "documents" / f"{name}.yaml").exists():
        name += "-nhap"  # a national document's name would take that document's province changes
    result.yaml_path = out if out is not None else province_dir(content_dir, slug) / "own" / f"{name}.yaml"
    result.review_path = result.yaml_path.with_suffix(".review.md")
    result.review = review_text(result)
    if write:
        write_atomic(result.yaml_path, result.yaml.encode("utf-8"))
        write_atomic(result.review_path, result.review.encode("utf-8"))
    return result


def _split_purpose(text: str) -> tuple[str, str | None]:
    """"Bộ Công an (để báo cáo);" → ("Bộ Công an", "để báo cáo")."""
    m = re.match(r"^(?P<name>.*?)\s*\((?P<purpose>[^()]*)\)\s*[;.]?$", text)
    if m and m.group("name"):
        return m.group("name").rstrip(" ;."), m.group("purpose")
    return text.rstrip(" ;."), None


def _recipient_keys(rec: Recognised, registries, slug: str) -> dict[str, str]:
    """The recipients that name an agency of the province: their text → the key."""
    from vbgen.importer.agencies import agency_index, match

    if not rec.recipients:
        return {}
    index = agency_index(registries, slug)
    name = registries.province(slug).name
    out = {}
    for text, _line in rec.recipients:
        text = _split_purpose(text)[0]
        key = match(text, index, name)
        if key:
            out[text] = key
    return out


def _where(rec: Recognised, name: str) -> str:
    part = rec.parts.get(name)
    if part is None:
        return ""
    at = ",".join(str(n) for n in part.lines[:3])
    return f"¶{at} {part.quote}".strip()


def document_yaml(result: Imported) -> str:
    """The content file of the imported document."""
    from vbgen.compose.document import SIGNATURES

    rec, body = result.recognised, result.body
    parts = rec.parts
    w = Writer()
    w.comment("yaml-language-server: $schema=../../../schema/document.schema.json")
    w.comment("")
    w.comment(f"Imported by `vbgen import` from {result.source.path.name}: a document of this province alone.")
    w.comment("Each comment names the paragraph (¶) of the source a value came from; the review beside")
    w.comment("this file lists the parts found, their confidence, and what was not recognised.")
    w.scalar("kind", rec.kind, where=_where(rec, "kind"), raw=True)
    if "number" in parts and parts["number"].value:
        w.scalar("number", str(parts["number"].value), where=_where(rec, "number"))
    if "symbol" in parts:
        w.scalar("symbol", str(parts["symbol"].value))
    date = parts.get("date")
    if date is not None:
        w.scalar("date", date.value.isoformat(), where=_where(rec, "date"), raw=True)
    else:
        year = parts.get("year")
        w.scalar("year", str(year.value if year else dt.date.today().year), where=_where(rec, "year") or "not found: this year", raw=True)
    when = date.value if date is not None else None
    if when is not None and when < MERGER:
        w.scalar("historical", "true", raw=True, where="dated before 1/7/2025: kept as it was issued")
    subject = parts.get("subject")
    w.scalar("subject", str(subject.value) if subject else "", where=_where(rec, "subject") or "NOT FOUND: write the trích yếu")
    for key in ("urgency", "confidentiality", "circulation"):
        if key in parts:
            w.scalar(key, str(parts[key].value), where=_where(rec, key))
    if "draft" in parts:
        value = parts["draft"].value
        if value is True:
            w.scalar("draft", "true", raw=True, where=_where(rec, "draft"))
        else:
            w.scalar("draft_round", str(value), raw=True, where=_where(rec, "draft"))
    if body.literal:
        w.comment("The numbering could not be kept as items (see the review): paragraphs as printed.")
    w.lines.append("")
    write_body(w, body)
    if rec.recipients:
        w.lines.append("")
        w.lines.append("recipients:")
        for text, line in rec.recipients:
            text, purpose = _split_purpose(text)
            key = result.agencies.get(text)
            if key:
                w.lines.append(f"  - agency: {key}  # ¶{line} {q(text)}")
            else:
                w.lines.append(f"  - text: {q(escape(text))}  # ¶{line}")
            if purpose:
                w.lines.append(f"    purpose: {q(escape(purpose))}")
    if rec.storage:
        w.scalar("storage", rec.storage, where="\"Lưu: VT, …\"")
    if rec.signature_lines or rec.signer:
        w.lines.append("")
        w.lines.append("signature:" + (f"  # {_where(rec, 'signature')}" if "signature" in parts else ""))
        preset = next((k for k, v in SIGNATURES.items() if list(v) == rec.signature_lines), None)
        if preset:
            w.lines.append(f"  preset: {preset}")
        elif rec.signature_lines:
            w.lines.append("  lines:")
            w.lines.extend(f"    - {q(escape(x))}" for x in rec.signature_lines)
        if rec.signer:
            w.lines.append(f"  name: {q(escape(rec.signer))}")
    _write_appendices(w, [a for a in result.appendices if a is not None])
    return w.text()


def _write_appendices(w: Writer, appendices: list[ImportedAppendix]) -> None:
    from vbgen.importer.emit import write_items

    if not appendices:
        return
    w.lines += ["", "appendices:"]
    for a in appendices:
        w.lines.append(f"  - title: {q(a.title)}  # ¶{a.line}")
        if a.landscape:
            w.lines.append("    landscape: true")
        w.lines.append("    content:")
        write_items(w, a.content, 6)


PART_NAMES = [
    ("agency", "Tên cơ quan ban hành"), ("number", "Số"), ("symbol", "Ký hiệu"), ("national_title", "Quốc hiệu"),
    ("motto", "Tiêu ngữ"), ("place", "Địa danh"), ("date", "Ngày ban hành"), ("year", "Năm (dự thảo)"),
    ("kind", "Tên loại"), ("subject", "Trích yếu"), ("recipients", "Nơi nhận"), ("signature", "Chữ ký"),
    ("draft", "Dấu dự thảo"), ("urgency", "Độ khẩn"), ("confidentiality", "Độ mật"), ("circulation", "Phạm vi lưu hành"),
]


def _body_lines(result: Imported) -> set[int]:
    """The lines the body was made of (their footnotes became ^[…] there)."""
    return {id(line) for line in result.recognised.body if line.cell is None}


def _notes_placed(result: Imported) -> int:
    body = _body_lines(result)
    return sum(len(line.notes) for line in result.source.lines if id(line) in body)


def _notes_left_out(result: Imported) -> list[tuple[int, str, str]]:
    """Footnotes whose mark is outside the body (the trích yếu, the header, a table, the closing
    block) or that no mark points to: their text, for the review."""
    body = _body_lines(result)
    rows = [(line.index, _("a footnote outside the body, not imported; its text"), text)
            for line in result.source.lines if id(line) not in body for _k, text in line.notes]
    logical = result.source.logical
    if logical is not None:
        marked = {n for p in logical.paras for _k, n in p.notes}
        rows += [(0, _("a footnote no mark points to, not imported; its text"), note.text)
                 for note in logical.footnotes if note.id not in marked]
    return rows


STATUS_WORDS = {"replaced": N_("replaced"), "expired": N_("expired")}
"""A citation's status as the review names it (translated when the review is written)."""
LEVEL_WORDS = {"roman": N_("I., II."), "arabic": N_("1., 2."), "letter": N_("a), b)"), "dash": N_("-")}


def review_text(result: Imported) -> str:
    """The review: each part found with its confidence and source, the body's levels, the
    citations, and everything not recognised, quoted."""
    rec, body = result.recognised, result.body
    citations_heading = "## " + _("Citations")
    out = ["# " + _("Review of the import of {file}").format(file=result.source.path.name), "",
           _("Document: {file} (province {province})").format(
               file=result.yaml_path.name if result.yaml_path else "", province=result.province), "",
           "## " + _("Parts found (confidence 0–1)"), ""]
    for key, label in PART_NAMES:
        part = rec.parts.get(key)
        if part is not None:
            lines = ", ".join(f"¶{n}" for n in part.lines[:4])
            out.append(f"- {label}: {part.confidence:.1f} — {lines} \"{part.quote}\"")
        elif key in ("number", "date", "subject", "recipients", "signature", "national_title", "motto", "agency"):
            out.append(f"- {label}: " + _("NOT FOUND"))
    out += ["", "## " + _("Body"), ""]
    if body.literal:
        out.append("- " + _("numbering kept as printed text (confidence 0.5): {why}").format(why=body.why))
    else:
        counts: dict[str, int] = {}

        def count(items: list[Item]) -> None:
            for item in items:
                counts[item.level] = counts.get(item.level, 0) + 1
                count(item.items)
        count(body.sections)
        levels = ", ".join(f"{n} × {_(LEVEL_WORDS[name]) if name in LEVEL_WORDS else name}" for name, n in counts.items())
        out.append("- " + _("preamble: {p} paragraph(s); items: {levels}; closing: {c} (confidence 0.9)").format(
            p=len(body.preamble), levels=levels or _("none"), c=len(body.closing)))
    placed = _notes_placed(result)
    if placed:
        out.append("- " + _("{n} footnote(s) imported as footnotes (^[…]) at their marks").format(n=placed))
    for t in body.imported:
        out.append("- " + _("table {n} (¶{line}): imported as a table of {rows} row(s), {header} header row(s)").format(
            n=t.index + 1, line=t.line, rows=len(t.rows), header=len(t.header)))
    if body.tables:
        for index, first in body.tables:
            out.append("- " + _("NOT IMPORTED: a table in the body (table {n}), first cell \"{cell}\"").format(
                n=index + 1, cell=first[:80]))
    if result.source.encoding_note():
        out.append(f"- {result.source.encoding_note()}")
    if rec.recipients:
        keys = sorted(set(result.agencies.values()))
        out.append("- " + _("{k} of {n} recipient(s) matched to the province's agencies: {keys}").format(
            k=sum(1 for t, _n in rec.recipients if _split_purpose(t)[0] in result.agencies), n=len(rec.recipients),
            keys=", ".join(keys) or "—"))
    out += ["", citations_heading, ""]
    known = [r for r in result.citations if r.key]
    for r in known:
        status = "" if r.status in ("in_force", "amended") else " — " + (
            _("OUTDATED: {status}, replaced by {key}") if r.replaced_by else _("OUTDATED: {status}")).format(
                status=_(STATUS_WORDS[r.status]) if r.status in STATUS_WORDS else r.status, key=r.replaced_by)
        variant = " " + _("(printed {text})").format(text=r.printed) if r.printed else ""
        out.append(f"- [[{r.key}]]{variant}: \"{r.text[:90]}\"{status}")
    unknown = [r for r in result.citations if not r.key and not r.short]
    for r in unknown:
        out.append("- " + _("unknown, kept as text: \"{text}\"").format(text=r.text[:90]))
    if result.stubs:
        out += ["", _("Registry stubs for the unknown ones (verified: false): paste under `citations:` of "
                      "content/provinces/{province}/province.yaml after checking them, then cite them as [[key]].").format(
                province=result.province), "", "```yaml"]
        out += result.stubs
        out.append("```")
    out += ["", "## " + _("Not recognised"), ""]
    rows = list(rec.unrecognised)
    notes = _notes_left_out(result)
    for lines, built in zip(rec.appendices, result.appendices or [None] * len(rec.appendices)):
        if built is None:
            rows.append((lines[0].index, _("an appendix: not imported"), lines[0].full.strip()))
            continue
        out.insert(out.index(citations_heading) - 1, "- " + _("appendix ¶{line} \"{title}\": imported as free content").format(
            line=built.line, title=built.title[:80]))
        rows += [(n, _("in an appendix, before its first item: not imported"), text) for n, text in built.left_out]
    for n, why, quote in rows:
        out.append(f"- ¶{n}: {why}" + (f": \"{quote[:120]}\"" if quote else ""))
    for n, why, quote in notes:  # in full: it is kept nowhere else
        out.append(f"- ¶{n}: {why}: \"{quote}\"")
    if not rows and not notes:
        out.append("- " + _("nothing"))
    return "\n".join(out) + "\n"
