"""What ``vbgen cite scan`` prints: one line per reference, JSON, and registry entries to paste.

The line for an outdated reference uses :func:`vbgen.legal.citations.outdated_message`, the same
words ``vbgen build`` warns with, so a legal officer reads one message whichever tool found it.
"""

from __future__ import annotations

import json
import re
import unicodedata

from vbgen.content.model import Citation
from vbgen.legal.citations import outdated_message, short_form
from vbgen.legal import patterns as P
from vbgen.legal.scan import Reference, canonical

STATUS_WORDS = {"in_force": "in force", "amended": "amended", "replaced": "REPLACED", "expired": "EXPIRED",
                "unknown": "unknown"}


def where(ref: Reference) -> str:
    """"file:12" for a line, "file: paragraph 4", "file: footnote 1 (paragraph 7)"."""
    s = ref.source
    if s.line is not None and not s.where:
        return f"{ref.file}:{s.line}"
    return f"{ref.file}: {s.describe()}"


def verdict(ref: Reference, registry: dict[str, Citation]) -> str:
    """What the registry says about ``ref``, in one sentence."""
    if ref.key is None:
        if ref.short and ref.linked is not None:
            stands = f"stands for {ref.linked.kind} số {ref.number}, which is not in the registry"
            return f"unknown: {stands}" + (f" (see the entry '{ref.proposed}' below)" if ref.proposed else "")
        if ref.short:
            return ("unknown: a short mention, and no full reference with this number comes before it; "
                    "write the full number and date once")
        if ref.kind not in P.REGISTRY_KINDS and not ref.name:
            return f"unknown: not in the registry (a {ref.kind or 'document'} cannot be registered; check it by hand)"
        if ref.proposed:
            return f"unknown: not in the registry; to add it, paste the entry '{ref.proposed}' printed below"
        return "unknown: not in the registry"
    c = registry[ref.key]
    if ref.status in ("replaced", "expired"):
        text = f"{STATUS_WORDS[ref.status]}: {outdated_message(ref.key, c, registry)}"
    elif ref.status == "amended":
        amenders = [f"'{k}' ({short_form(registry[k])})" if k in registry else k for k in c.amended_by]
        text = f"amended: {ref.key} ({short_form(c)}), amended by {', '.join(amenders) or 'a later document'}; check the clause cited"
    else:
        text = f"in force: {ref.key}"
    if not c.verified:
        text += "; status not verified in the registry (verified: false)"
    for note in ref.notes:
        text += f"; {note}"
    return text


def format_lines(refs: list[Reference], registry: dict[str, Citation]) -> list[str]:
    """One line per reference: where, the text as written, the verdict."""
    lines = []
    for r in refs:
        text = r.text if len(r.text) <= 100 else r.text[:99] + "…"
        lines.append(f"{where(r)}: {text} — {verdict(r, registry)}")
    return lines


def summary(refs: list[Reference], n_files: int) -> str:
    """"27 references in 3 files: 20 in force, 1 amended, 6 replaced or expired, 0 unknown"."""
    count = {s: sum(1 for r in refs if r.status == s) for s in STATUS_WORDS}
    return (f"{len(refs)} reference(s) in {n_files} file(s): {count['in_force']} in force, {count['amended']} amended, "
            f"{count['replaced'] + count['expired']} replaced or expired, {count['unknown']} unknown")


def to_json(refs: list[Reference]) -> dict:
    """{"references": [...]} with exactly the documented fields, null where not applicable."""
    rows = []
    for r in refs:
        rows.append({
            "file": r.file,
            "line": r.source.line,
            "paragraph": r.source.paragraph,
            "text": r.text,
            "kind": r.kind,
            "number": r.number,
            "date": r.date.isoformat() if r.date else None,
            "issuer": r.issuer,
            "key": r.key,
            "status": r.status,
            "replaced_by": r.replaced_by,
        })
    return {"references": rows}


# -- registry entries for unknown references -------------------------------------------------

KEY_KINDS = {"Chỉ thị": "ct", "Kế hoạch": "kh", "Thông tư": "tt", "Quyết định": "qd", "Nghị định": "nd",
             "Nghị quyết": "nq", "Luật": "luat", "Bộ luật": "bo-luat", "Pháp lệnh": "pl", "Kết luận": "kl",
             "Công văn": "cv", "Chương trình": "ctr", "Hướng dẫn": "hd", "Thông báo": "tb", "Hiến pháp": "hien-phap"}
"""Kind → the first part of a registry key (content/citations.yaml: <kind>-<number>-<year>-<issuer>)."""

LOCAL_CODES = {"UBND", "HĐND", "TU", "BTV", "VP", "BCĐ"}
"""Symbol parts that say "the province" rather than who: the key takes the province slug."""


def ascii_slug(text: str) -> str:
    """"Bộ Công an" → "bo-cong-an"."""
    text = unicodedata.normalize("NFD", text.replace("Đ", "D").replace("đ", "d"))
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def _issuer_part(ref: Reference, province: str | None) -> str:
    if ref.number:
        parts = [p for p in re.split(r"[/-]", ref.number)[1:] if not re.fullmatch(r"[0-9]+", p)]
        parts = [p for p in parts if p not in P.TYPE_KINDS]
        if parts:
            if parts[0] in LOCAL_CODES:
                if province:
                    return province
                m = re.search(r"(?:tỉnh|thành phố) ([A-ZĐÀ-Ỹ].*)$", ref.issuer or "")
                return ascii_slug(m.group(1)) if m else ascii_slug(parts[0])
            return ascii_slug(parts[0])
    return ""


def proposed_key(ref: Reference, registry: dict[str, Citation], province: str | None = None) -> str:
    """A key in the registry's style that is not taken: ct-15-2020-ubnd, luat-cong-an-nhan-dan-2018."""
    kind = KEY_KINDS.get(ref.kind or "", "vb")
    year = ref.date.year if ref.date else ref.year
    if year is None and ref.number:
        m = re.search(rf"/({P.YEAR})/", ref.number)
        year = int(m.group(1)) if m else None
    if ref.number:
        parts = [kind, ref.number.split("/")[0].split("-")[0], str(year) if year else "", _issuer_part(ref, province)]
    else:
        name = ref.name or ref.kind or "van-ban"
        name = name[len(ref.kind):].strip() if ref.kind and name.startswith(ref.kind) else name
        parts = [kind, ascii_slug(name), str(year) if year else ""]
    base = "-".join(p for p in parts if p)
    key, n = base, 2
    while key in registry:
        key, n = f"{base}-{n}", n + 1
    return key


def _scalar(value: str) -> str:
    """A YAML scalar: plain when safe, else double-quoted (JSON quoting is valid YAML)."""
    if re.search(r": |#|^[-?:,\[\]{}&*!|>'\"%@`]|^\s|\s$", value):
        return json.dumps(value, ensure_ascii=False)
    return value


def proposal(ref: Reference, registry: dict[str, Citation], province: str | None = None) -> tuple[str, str] | None:
    """(key, YAML block) for an unknown reference, or None when it cannot be registered."""
    if ref.key is not None or ref.short or (ref.kind not in P.REGISTRY_KINDS):
        return None
    key = proposed_key(ref, registry, province)
    lines = [f"  {key}:", f"    kind: {ref.kind}"]
    if ref.name and ref.kind in ("Luật", "Bộ luật", "Pháp lệnh", "Hiến pháp"):
        lines.append(f"    name: {_scalar(ref.name)}")
    if ref.number:
        lines.append(f"    number: {_scalar(ref.number)}")
    if ref.date:
        lines.append(f"    date: {ref.date.isoformat()}")
    if ref.issuer:
        lines.append(f"    issuer: {_scalar(ref.issuer)}")
    if ref.subject:
        lines.append(f"    subject: {_scalar(ref.subject)}")
    lines.append("    status: in_force")
    lines.append("    verified: false")
    lines.append(f"    note: {_scalar(f'Found by vbgen cite scan in {where(ref)}; check number, date, issuer, trích yếu and status against the signed text.')}")
    return key, "\n".join(lines)


def proposals(refs: list[Reference], registry: dict[str, Citation], province: str | None = None) -> list[str]:
    """One YAML block per unknown document (the first place it is cited), keys not repeated."""
    seen: set[str] = set()
    taken = dict(registry)
    out = []
    for r in refs:
        ident = canonical(r.number) if r.number else (r.name or "").casefold()
        if not ident or ident in seen:
            continue
        made = proposal(r, taken, province)
        if made is None:
            continue
        seen.add(ident)
        taken[made[0]] = None  # type: ignore[assignment]  # reserve the key
        out.append(made[1])
        for other in refs:
            if other.key is None and (not other.short or other.linked is not None) and ident == (
                    canonical(other.number) if other.number else (other.name or "").casefold()):
                other.proposed = made[0]
    return out


def render(refs: list[Reference], registry: dict[str, Citation], fmt: str, n_files: int,
           province: str | None = None) -> str:
    """The whole output of ``vbgen cite scan``: text lines, proposals and a summary, or JSON."""
    props = proposals(refs, registry, province)
    if fmt == "json":
        return json.dumps(to_json(refs), ensure_ascii=False, indent=2)
    out = format_lines(refs, registry)
    if props:
        target = f"content/provinces/{province}/province.yaml" if province else "content/citations.yaml"
        out += ["", f"# Registry entries for the unknown documents: paste under 'citations:' in {target},",
                "# then check each against the signed text and set verified: true.", ""]
        out += [block + "\n" for block in props]
    out.append(summary(refs, n_files))
    return "\n".join(out)


def failure(refs: list[Reference], strict: bool) -> str | None:
    """Why the scan exits 1 (replaced or expired documents cited; unknown ones with strict)."""
    outdated = sum(1 for r in refs if r.status in ("replaced", "expired"))
    unknown = sum(1 for r in refs if r.status == "unknown")
    reasons = []
    if outdated:
        reasons.append(f"{outdated} reference(s) to replaced or expired documents")
    if strict and unknown:
        reasons.append(f"{unknown} reference(s) not in the registry (--strict)")
    return "; ".join(reasons) or None
