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
from vbgen.web.formmap import CHOICES, SCALARS, FieldMap, _clean, _scalar_value, _sync_list, _task_form, _task_node, _paragraphs
from vbgen.web.yamlfile import YamlText, drop_key, flow_list, folded, plain, quoted_if_needed, set_key


def _node_form(node: dict[str, Any]) -> dict[str, Any]:
    return {"title": str(node.get("title") or ""), "text": _paragraphs(node.get("text")),
            "closing": _paragraphs(node.get("closing")), "items": [_node_form(n) for n in node.get("items") or []]}


def own_form_from(doc: dict[str, Any]) -> dict[str, Any]:
    """The form for an own document (the file, plain)."""
    d = plain(doc or {}) or {}
    form: dict[str, Any] = {k: ("" if d.get(k) is None else str(d[k])) for k in (*SCALARS, *CHOICES)}
    sig = d.get("signature") or {}
    form["signature"] = {"preset": sig.get("preset") or "", "name": sig.get("name") or "", "lines": list(sig.get("lines") or [])}
    form["extra_bases"] = list(d.get("bases") or [])
    for key in ("preamble", "closing"):
        form[key] = {"own": True, "paragraphs": _paragraphs(d.get(key))}
    form["sections"] = [_node_form(n) for n in d.get("sections") or []]
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
    return {"title": _clean(n.get("title")), "text": [p for p in map(_clean, n.get("text") or []) if p],
            "closing": [p for p in map(_clean, n.get("closing") or []) if p],
            "items": [_clean_node(c) for c in n.get("items") or []]}


def _build_node(target: dict[str, Any], old: Any, indent: int) -> Any:
    """The YAML node for ``target``; ``old`` (the node that was at this place) is kept when equal
    and its children are reused where they are equal."""
    if isinstance(old, CommentedMap) and _clean_node(_node_form(plain(old))) == target:
        return old
    node = CommentedMap()
    if target["title"]:
        node["title"] = folded(target["title"], indent + 2)
    if target["text"]:
        node["text"] = _paras_value(target["text"], indent + 2)
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
        same = next((o for o in pool if isinstance(o, CommentedMap) and _clean_node(_node_form(plain(o))) == t), None)
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
    for key in (*SCALARS, *(c for c in CHOICES if c in model.Document.model_fields)):
        fields[(key,)] = key
        value = _clean(form.get(key))
        if not value:
            if plain(data.get(key)) not in (None, ""):
                drop_key(data, key)
        else:
            set_key(data, key, _scalar_value(key, value))
    sig = form.get("signature") or {}
    fields.update({("signature",): "signature.preset", ("signature", "preset"): "signature.preset",
                   ("signature", "lines"): "signature.preset", ("signature", "name"): "signature.name"})
    preset, name = _clean(sig.get("preset")), _clean(sig.get("name"))
    if preset or name or (isinstance(data.get("signature"), dict) and data["signature"].get("lines")):
        node = data.get("signature") if isinstance(data.get("signature"), CommentedMap) else CommentedMap()
        data["signature"] = node
        if preset:
            set_key(node, "preset", preset)
            drop_key(node, "lines")
        else:
            drop_key(node, "preset")
        if name:
            set_key(node, "name", quoted_if_needed(name))
        elif plain(node.get("name")) not in (None, ""):
            drop_key(node, "name")
    else:
        drop_key(data, "signature")
    bases = [_clean(b) for b in form.get("extra_bases") or [] if _clean(b)]
    fields[("bases",)] = "extra_bases"
    if bases:
        set_key(data, "bases", flow_list(bases))
    else:
        drop_key(data, "bases")
    for key in ("preamble", "closing"):
        fields[(key,)] = key
        paras = [p for p in map(_clean, (form.get(key) or {}).get("paragraphs") or []) if p]
        if not paras:
            drop_key(data, key)
        elif _paragraphs(plain(data.get(key))) != paras:
            data[key] = CommentedSeq([folded(p, yt.layout[1]) for p in paras])
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
    recs = []
    for ui, r in enumerate(form.get("recipients") or []):
        agency, text, purpose = _clean(r.get("agency")), _clean(r.get("text")), _clean(r.get("purpose"))
        if agency or text:
            node = CommentedMap()
            if agency:
                node["agency"] = agency
            if text:
                node["text"] = quoted_if_needed(text)
            if purpose:
                node["purpose"] = quoted_if_needed(purpose)
            recs.append((ui, node))
    fields[("recipients",)] = "recipients"
    _sync_list(data, "recipients", [n for _, n in recs])
    for n, (ui, _) in enumerate(recs):
        fields[("recipients", n)] = f"recipients.{ui}"
    return fields
