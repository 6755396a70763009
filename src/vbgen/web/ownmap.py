"""A province's own document (content/provinces/<slug>/own/<stem>.yaml) as a form, both ways.

Unlike an override, the file is the whole document: the form edits its header fields, its legal
bases, preamble and closing, its tasks and recipients, and its body section by section — items and
sub-items added, moved and removed (vbgen numbers them; the page shows I./1./a)/- as it will print).
Only what changed is written back; unchanged items keep their lines and comments.
"""

from __future__ import annotations

from typing import Any

from ruamel.yaml.comments import CommentedMap, CommentedSeq

from vbgen.content import model
from vbgen.web.formmap import (CHOICES, SCALARS, FieldMap, _clean, _paragraphs, _sync_list, _task_form, _task_node,
                               apply_bases, apply_paragraph_parts, apply_scalars, apply_signature, recipient_node)
from vbgen.content.yamlfile import YamlText, drop_key, folded, plain


KEPT = tuple(k for k in model.Node.model_fields if k not in ("title", "text", "items", "closing"))
"""Keys of an item the form does not edit (``dash``, ``table``): carried through it unchanged as
``keep``, so editing an item's text never drops its table."""


def _node_form(node: dict[str, Any]) -> dict[str, Any]:
    return {"title": str(node.get("title") or ""), "text": _paragraphs(node.get("text")),
            "closing": _paragraphs(node.get("closing")), "items": [_node_form(n) for n in node.get("items") or []],
            "keep": {k: node[k] for k in KEPT if node.get(k) not in (None, False)}}


def _jsonable(value: Any) -> Any:
    """ruamel's tree as JSON values with their types (``plain`` makes every scalar a string)."""
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_jsonable(v) for v in value]
    if value is None or isinstance(value, (bool, int, float)):
        return value
    return plain(value)


def _same(old: Any, target: dict[str, Any]) -> bool:
    """Whether the YAML item ``old`` is what the form's ``target`` says (keep compared as text)."""
    if not isinstance(old, CommentedMap):
        return False

    def comparable(n: dict[str, Any]) -> dict[str, Any]:
        return {**n, "keep": plain(n["keep"]), "items": [comparable(c) for c in n["items"]]}

    return comparable(_clean_node(_node_form(plain(old)))) == comparable(target)


def own_form_from(doc: dict[str, Any]) -> dict[str, Any]:
    """The form for an own document (the file, plain)."""
    d = plain(doc or {}) or {}
    form: dict[str, Any] = {k: ("" if d.get(k) is None else str(d[k])) for k in (*SCALARS, *CHOICES)}
    sig = d.get("signature") or {}
    form["signature"] = {"preset": sig.get("preset") or "", "name": sig.get("name") or "", "lines": list(sig.get("lines") or [])}
    form["extra_bases"] = list(d.get("bases") or [])
    for key in ("preamble", "closing"):
        form[key] = {"own": True, "paragraphs": _paragraphs(d.get(key))}
    form["sections"] = [_node_form(n) for n in _jsonable(doc or {}).get("sections") or []]  # typed: keep's true, 2
    impl = d.get("implementation") or {}
    form["tasks"] = [{"origin": "added", "id": t.get("id") or "", "action": "keep", **_task_form(t)} for t in impl.get("tasks") or []]
    form["recipients"] = [{"origin": "added", "ref": "", "agency": r.get("agency") or "", "text": r.get("text") or "",
                           "purpose": r.get("purpose") or "", "removed": False} for r in d.get("recipients") or []]
    return form


def _paras_value(paras: list[str], indent: int) -> Any:
    if len(paras) == 1:
        return folded(paras[0], indent)
    return CommentedSeq([folded(p, indent + 2) for p in paras])


def _clean_node(n: dict[str, Any]) -> dict[str, Any]:
    keep = n.get("keep") if isinstance(n.get("keep"), dict) else {}
    return {"title": _clean(n.get("title")), "text": [p for p in map(_clean, n.get("text") or []) if p],
            "closing": [p for p in map(_clean, n.get("closing") or []) if p],
            "items": [_clean_node(c) for c in n.get("items") or []],
            "keep": {k: keep[k] for k in KEPT if keep.get(k) not in (None, False)}}


def _build_node(target: dict[str, Any], old: Any, indent: int) -> Any:
    """The YAML node for ``target``; ``old`` (the node that was at this place) is kept when equal
    and its children are reused where they are equal."""
    if _same(old, target):
        return old
    node = CommentedMap()
    if target["title"]:
        node["title"] = folded(target["title"], indent + 2)
    if target["text"]:
        node["text"] = _paras_value(target["text"], indent + 2)
    for key, value in target["keep"].items():  # validated with the document, like every other key
        node[key] = value
    if target["items"]:
        node["items"] = _build_items(target["items"], old.get("items") if isinstance(old, CommentedMap) else None, indent + 4)
    if target["closing"]:
        node["closing"] = _paras_value(target["closing"], indent + 2)
    return node


def _build_items(targets: list[dict[str, Any]], old: Any, indent: int) -> CommentedSeq:
    """The items for ``targets``, in ``old``'s own sequence when there is one (its blank lines and
    comments stay where they were), reusing equal items wherever they moved to."""
    pool = list(old) if isinstance(old, CommentedSeq) else []
    out = []
    for i, t in enumerate(targets):
        same = next((o for o in pool if _same(o, t)), None)
        if same is not None:
            pool.remove(same)
            out.append(same)
        else:
            out.append(_build_node(t, old[i] if isinstance(old, CommentedSeq) and i < len(old) else None, indent))
    if not isinstance(old, CommentedSeq):
        return CommentedSeq(out)
    for i, item in enumerate(out):
        if i < len(old):
            if old[i] is not item:
                old[i] = item
        else:
            old.append(item)
    del old[len(out):]
    return old


def _section_fields(targets: list[dict[str, Any]], kp: tuple, ui: str, fields: FieldMap) -> None:
    for i, t in enumerate(targets):
        fields[(*kp, i)] = f"{ui}.{i}"
        _section_fields(t["items"], (*kp, i, "items"), f"{ui}.{i}", fields)


def apply_own_form(yt: YamlText, form: dict[str, Any]) -> FieldMap:
    """Write ``form`` into the own document's tree; return document key path -> form field."""
    data = yt.data
    fields: FieldMap = {}
    apply_scalars(data, form, model.Document, fields)
    apply_signature(data, form, fields, keep_blank_name=True)
    apply_bases(data, form, "bases", fields)
    apply_paragraph_parts(data, form, fields, yt.layout[1], need_own=False)
    sections = [_clean_node(n) for n in form.get("sections") or []]
    fields[("sections",)] = "sections"
    _section_fields(sections, ("sections",), "sections", fields)
    if not sections:
        drop_key(data, "sections")
    elif [_clean_node(_node_form(n)) for n in plain(data.get("sections") or [])] != sections:
        data["sections"] = _build_items(sections, data.get("sections"), yt.layout[1])
    rows = [(ui, r) for ui, r in enumerate(form.get("tasks") or []) if any(_clean(r.get(k)) for k in ("lead", "text"))]
    impl = data.get("implementation")
    if rows or isinstance(impl, CommentedMap):
        impl = impl if isinstance(impl, CommentedMap) else CommentedMap()
        data["implementation"] = impl
        _sync_list(impl, "tasks", [_task_node(r, yt.layout[1] + 4, with_id=True) for _, r in rows])
        for n, (ui, _) in enumerate(rows):
            fields[("implementation", "tasks", n)] = f"tasks.{ui}"
    recs = [(ui, recipient_node(r)) for ui, r in enumerate(form.get("recipients") or [])]
    recs = [(ui, n) for ui, n in recs if n is not None]
    fields[("recipients",)] = "recipients"
    _sync_list(data, "recipients", [n for _, n in recs])
    for n, (ui, _) in enumerate(recs):
        fields[("recipients", n)] = f"recipients.{ui}"
    return fields
