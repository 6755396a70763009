"""The national text as a clerk reads it, and back.

Content text holds placeholders (``{{ province.committee }}``, ``{{ agency('cong-an') }}``) and
citation markers (``[[ct-06-2025-bca|gọi tắt]]``). The page never shows those: :func:`annotate`
adds to each task text and paragraph of a form the text as this province prints it, names
resolved, each citation as a token «Chỉ thị số 06/CT-BCA-V05» (the short form). What the clerk
types is sent back with the tokens; :func:`to_source` turns each token into its marker again
(keeping the options the original marker had), so a saved file cites by reference as before.
A field the clerk did not touch is sent back as its source, unchanged.
"""

from __future__ import annotations

import re
from typing import Any, Callable

from vbgen import vi
from vbgen.compose.expressions import compile_text
from vbgen.compose.names import province_names
from vbgen.legal.citations import short_form

MARKER = re.compile(r"\[\[\s*([^\]|\s]+)\s*(\|[^\]]*)?\]\]")
TOKEN = re.compile(r"«([^«»\n]+)»")


def renderer(ws: Any, slug: str) -> Callable[[str], str]:
    """source -> the text as province ``slug`` prints it, citations as «short form» tokens."""
    regs = ws.registries_for(slug)
    names = province_names(ws.registries.province(slug), regs)
    citations = regs.citations.value.citations
    agencies = regs.agencies.value.agencies
    agency_names: dict[str, str] = {}

    def agency(key: str) -> str:
        if key not in agency_names:
            a = agencies.get(key)
            agency_names[key] = _render(a.name, {"province": names, "agency": lambda k: k}) if a else key
        return agency_names[key]

    def cite(m: re.Match) -> str:
        c = citations.get(m.group(1))
        return f"«{short_form(c)}»" if c is not None else m.group(0)

    def render(source: str) -> str:
        return _render(MARKER.sub(cite, source or ""), {"province": names, "agency": agency})
    return render


def _render(source: str, ctx: dict[str, Any]) -> str:
    if "{" not in source:
        return vi.nfc(source)
    try:
        return vi.nfc(compile_text(source).render(ctx))
    except Exception:  # noqa: BLE001 - the build reports a broken text; the page shows it as written
        return source


def annotate(form: dict[str, Any], render: Callable[[str], str]) -> dict[str, Any]:
    """``form`` with ``shown`` (task rows) and ``shown`` lists (preamble, closing) added."""
    for row in form.get("tasks") or []:
        row["shown"] = render(row.get("text") or "")
    for part in ("preamble", "closing"):
        if isinstance(form.get(part), dict):
            form[part]["shown"] = [render(p) for p in form[part].get("paragraphs") or []]
    for row in form.get("recipients") or []:
        if row.get("text"):
            row["shown"] = render(row["text"])
    _nodes(form.get("sections") or [], lambda n: n.update(
        shown_title=render(n.get("title") or ""), shown=[render(t) for t in n.get("text") or []],
        shown_closing=[render(t) for t in n.get("closing") or []]))
    return form


def _nodes(nodes: list[Any], visit: Callable[[dict], Any]) -> None:
    for n in nodes:
        if isinstance(n, dict):
            visit(n)
            _nodes(n.get("items") or [], visit)


def to_source(text: str, citations: dict[str, Any], original: str = "") -> str:
    """«short form» tokens back to ``[[key]]`` markers (with the options ``original`` gave them)."""
    if "«" not in text:
        return text
    by_short = {}
    for key, c in citations.items():
        by_short.setdefault(short_form(c), key)
    options = {m.group(1): m.group(2) or "" for m in MARKER.finditer(original or "")}

    def back(m: re.Match) -> str:
        key = by_short.get(m.group(1).strip())
        return f"[[{key}{options.get(key, '')}]]" if key else m.group(0)
    return TOKEN.sub(back, text)


def form_to_source(form: dict[str, Any], citations: dict[str, Any], national: Any = None) -> dict[str, Any]:
    """The form with every token in task texts and paragraphs turned back into a marker."""
    by_id = {t.id: t.text for t in (national.implementation.tasks if national is not None and national.implementation else []) if t.id}
    for row in form.get("tasks") or []:
        if isinstance(row.get("text"), str):
            row["text"] = to_source(row["text"], citations, by_id.get(row.get("id") or "", ""))
    for part in ("preamble", "closing"):
        node = form.get(part)
        if isinstance(node, dict) and isinstance(node.get("paragraphs"), list):
            node["paragraphs"] = [to_source(p, citations) if isinstance(p, str) else p for p in node["paragraphs"]]

    def back(n: dict) -> None:
        if isinstance(n.get("title"), str):
            n["title"] = to_source(n["title"], citations)
        for key in ("text", "closing"):
            if isinstance(n.get(key), list):
                n[key] = [to_source(t, citations) if isinstance(t, str) else t for t in n[key]]
    _nodes(form.get("sections") or [], back)
    return form
