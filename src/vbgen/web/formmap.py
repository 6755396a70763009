"""The drafting form and a province's override file, both ways.

The browser edits a *form*: plain JSON holding everything a province may change in a national
document (number, date, signature, its own preamble and closing, extra legal bases, tasks kept /
edited / removed / added, recipients removed / added). :func:`form_from` builds it from the
national document and the province's override file; :func:`apply_form` writes it back into the
override's round-trip YAML tree, touching only what differs, and returns the map from override
key paths to form fields, so that every message the CLI would print can be shown next to the
field it is about (:func:`field_for`).
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from ruamel.yaml.comments import CommentedMap, CommentedSeq

from vbgen.content import model
from vbgen.content.yamlfile import YamlText, drop_key, flow_list, folded, plain, quoted_if_needed, set_key

SCALARS = ("number", "date", "year", "symbol", "subject", "storage")
"""Override keys edited as one text box each ("" means: as in the national document)."""

CHOICES = ("draft", "urgency", "confidentiality", "circulation", "bases_as", "citation_dates")
"""Override keys picked from a list ("" means: as in the national document); the options are
read from the model, so new marks or settings there show up in the form."""

TASK_FIELDS = ("lead", "cooperate", "text", "deadline", "area", "product")
"""Task fields the form edits, in the order the files write them (after ``id``)."""

KeyPath = tuple[Any, ...]
FieldMap = dict[KeyPath, str]


def _paragraphs(value: str | list[str] | None) -> list[str]:
    if value is None:
        return []
    return [value] if isinstance(value, str) else list(value)


def _task_form(task: model.Task | dict[str, Any]) -> dict[str, Any]:
    t = task.model_dump() if isinstance(task, model.Task) else dict(task)
    return {f: (list(t.get(f) or []) if f == "cooperate" else str(t.get(f) or "")) for f in TASK_FIELDS
            if f in model.Task.model_fields}


def choice_options() -> dict[str, list[str]]:
    """The values each choice field may take, from the model (for the form's selects)."""
    import typing

    out = {}
    for key in CHOICES:
        field = model.DocumentOverride.model_fields.get(key)
        if field is None:
            continue
        args = [a for a in typing.get_args(field.annotation) if a is not type(None)]
        values: list[str] = []
        for a in args:
            values += [str(v) for v in typing.get_args(a)] if typing.get_args(a) else (["true", "false"] if a is bool else [])
        out[key] = values
    return out


def recipient_ref(r: model.Recipient) -> str:
    """How an override names a national recipient in ``recipients.remove``."""
    return r.agency or r.text or ""


def form_from(national: model.Document, override: dict[str, Any] | None) -> dict[str, Any]:
    """The form for ``national`` as changed by ``override`` (the override file, plain)."""
    ov = plain(override or {}) or {}
    form: dict[str, Any] = {k: ("" if ov.get(k) is None else str(ov[k])) for k in (*SCALARS, *CHOICES)}
    sig = ov.get("signature") or {}
    form["signature"] = {"preset": sig.get("preset") or "", "name": sig.get("name") or "",
                         "lines": list(sig.get("lines") or [])}
    form["extra_bases"] = list(ov.get("extra_bases") or [])
    for key in ("preamble", "closing"):
        own = ov.get(key)
        form[key] = {"own": own is not None,
                     "paragraphs": _paragraphs(own) if own is not None else _paragraphs(getattr(national, key))}
    edits = ov.get("tasks") or {}
    replace, remove = edits.get("replace") or {}, edits.get("remove") or []
    tasks = []
    national_tasks = national.implementation.tasks if national.implementation else []
    for t in national_tasks:
        row = {"origin": "national", "id": t.id or "", "action": "keep", **_task_form(t)}
        if t.id and t.id in replace:
            row.update(action="edit", **_task_form(replace[t.id]))
        elif t.id and t.id in remove:
            row["action"] = "remove"
        tasks.append(row)
    for t in edits.get("add") or []:
        tasks.append({"origin": "added", "id": t.get("id") or "", "action": "keep", **_task_form(t)})
    form["tasks"] = tasks
    rec = ov.get("recipients") or {}
    removed = set(rec.get("remove") or [])
    purposes = rec.get("purpose") or {}
    recipients = []
    for r in national.recipients:
        ref = recipient_ref(r)
        purpose = purposes.get(ref, r.purpose or "") if isinstance(purposes, dict) else r.purpose or ""
        recipients.append({"origin": "national", "ref": ref, "agency": r.agency or "", "text": r.text or "",
                           "purpose": str(purpose or ""), "removed": ref in removed})
    for r in rec.get("add") or []:
        recipients.append({"origin": "added", "ref": "", "agency": r.get("agency") or "", "text": r.get("text") or "",
                           "purpose": r.get("purpose") or "", "removed": False})
    form["recipients"] = recipients
    return form


# -- form -> override ------------------------------------------------------------------------------

_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_DAY_MONTH_YEAR = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})$")


def form_date(value: str) -> dt.date | None:
    """The date typed in the form: dd/mm/yyyy, as a Vietnamese clerk writes it whatever the
    browser's language (the page converts it), or ISO yyyy-mm-dd; None if it is no real date."""
    value = value.strip()
    m = _DAY_MONTH_YEAR.match(value)
    try:
        if m:
            return dt.date(int(m[3]), int(m[2]), int(m[1]))
        if _DATE.match(value):
            return dt.date.fromisoformat(value)
    except ValueError:
        pass
    return None


def bad_date_text(value: str) -> str:
    """The message beside the date field for a date that is no real date."""
    return (f"Ngày ban hành “{value}” không hợp lệ: ghi theo dạng ngày/tháng/năm, ví dụ 16/03/2026 "
            "(để trống nếu văn bản chưa có ngày).")


def bad_number_text(value: str) -> str:
    """The message beside the number field for a number that is not digits only."""
    return (f"Số “{value}” không hợp lệ: ô Số chỉ ghi chữ số, ví dụ 45; ký hiệu (như KH-UBND) ghi ở ô Ký hiệu "
            "(để trống nếu văn bản chưa có số).")


def _scalar_value(key: str, value: str) -> Any:
    if key == "date":
        date = form_date(value)  # written as ISO, as the files have it; a bad one kept as typed
        return date if date is not None else quoted_if_needed(value)
    if key == "year" and value.isdigit():
        return int(value)
    if key == "draft" and value in ("true", "false"):
        return value == "true"
    if key == "subject":
        return folded(value, 2)
    if key == "number":
        return quoted_if_needed(value) if not value.isdigit() else _quoted(value)
    return quoted_if_needed(value)


def _quoted(value: str) -> Any:
    from ruamel.yaml.scalarstring import DoubleQuotedScalarString

    return DoubleQuotedScalarString(value)


def _clean(text: Any) -> str:
    return str(text or "").strip()


def _task_node(row: dict[str, Any], indent: int, with_id: bool) -> CommentedMap:
    node = CommentedMap()
    if with_id and _clean(row.get("id")):
        node["id"] = _clean(row["id"])
    node["lead"] = _clean(row.get("lead"))
    cooperate = [_clean(c) for c in row.get("cooperate") or [] if _clean(c)]
    if cooperate:
        node["cooperate"] = flow_list(cooperate)
    node["text"] = folded(_clean(row.get("text")), indent)
    for f in TASK_FIELDS[3:]:
        if _clean(row.get(f)) and f in model.Task.model_fields:
            node[f] = quoted_if_needed(_clean(row[f]))
    return node


def _sync_list(parent: CommentedMap, key: str, nodes: list[Any]) -> None:
    """Make ``parent[key]`` hold ``nodes``, keeping items that did not change (and their comments)."""
    if not nodes:
        drop_key(parent, key)
        return
    seq = parent.get(key)
    if not isinstance(seq, CommentedSeq) or seq.fa.flow_style():
        parent[key] = CommentedSeq(nodes)
        return
    for i, node in enumerate(nodes):
        if i < len(seq):
            if isinstance(seq[i], CommentedMap) and isinstance(node, CommentedMap):
                _update_map(seq[i], node)
            elif plain(seq[i]) != plain(node):
                seq[i] = node
        else:
            seq.append(node)
    del seq[len(nodes):]


def _update_map(old: CommentedMap, new: CommentedMap) -> None:
    """Make ``old`` hold ``new``'s values, rewriting only the keys whose value changed (so a
    folded text the edit did not touch keeps its line breaks, and one change is one line)."""
    for key in [k for k in old if k not in new]:
        del old[key]
    for key, value in new.items():
        if plain(old.get(key)) != plain(value):
            old[key] = value


def _ensure_map(parent: CommentedMap, key: str) -> CommentedMap:
    if not isinstance(parent.get(key), CommentedMap):
        parent[key] = CommentedMap()
    return parent[key]


# -- the parts an override and an own document share ------------------------------------------------
# Both files hold the same header fields, signature, legal bases, preamble and closing; only a key
# name or a keep/drop rule differs, passed in by the caller (formmap: override, ownmap: own document).


def apply_scalars(data: CommentedMap, form: dict[str, Any], kind: type, fields: FieldMap) -> None:
    """One text box or choice per key; "" drops the key (a key ``kind`` lacks is not offered)."""
    for key in (*SCALARS, *(c for c in CHOICES if c in kind.model_fields)):
        fields[(key,)] = key
        value = _clean(form.get(key))
        if not value:
            if plain(data.get(key)) not in (None, ""):
                drop_key(data, key)
        else:
            set_key(data, key, _scalar_value(key, value))


def apply_signature(data: CommentedMap, form: dict[str, Any], fields: FieldMap, *, keep_blank_name: bool) -> None:
    """Signer preset and name; a preset replaces hand-written ``lines``. ``keep_blank_name`` leaves
    a written-but-empty ``name:`` line alone (own documents) instead of dropping it (overrides)."""
    sig = form.get("signature") or {}
    fields.update({("signature",): "signature.preset", ("signature", "preset"): "signature.preset",
                   ("signature", "lines"): "signature.preset", ("signature", "name"): "signature.name"})
    preset, name = _clean(sig.get("preset")), _clean(sig.get("name"))
    node = data.get("signature")
    if not (preset or name or (isinstance(node, dict) and node.get("lines"))):
        drop_key(data, "signature")
        return
    node = _ensure_map(data, "signature")
    if preset:
        set_key(node, "preset", preset)
        drop_key(node, "lines")
    else:
        drop_key(node, "preset")
    if name:
        set_key(node, "name", quoted_if_needed(name))
    elif not keep_blank_name or plain(node.get("name")) not in (None, ""):
        drop_key(node, "name")
    if not node:
        drop_key(data, "signature")


def apply_bases(data: CommentedMap, form: dict[str, Any], key: str, fields: FieldMap) -> None:
    """The form's ``extra_bases`` list, written under ``key`` (``extra_bases`` or ``bases``)."""
    bases = [_clean(b) for b in form.get("extra_bases") or [] if _clean(b)]
    fields[(key,)] = "extra_bases"
    if bases:
        set_key(data, key, flow_list(bases))
    else:
        drop_key(data, key)


def apply_paragraph_parts(data: CommentedMap, form: dict[str, Any], fields: FieldMap, indent: int, *, need_own: bool) -> None:
    """``preamble`` and ``closing``: rewritten only when their paragraphs changed, so a single
    folded string or a list stays as written. ``need_own``: an override writes them only when
    the form's "own text" box is ticked."""
    for key in ("preamble", "closing"):
        fields[(key,)] = key
        part = form.get(key) or {}
        paras = [p for p in map(_clean, part.get("paragraphs") or []) if p]
        if not paras or (need_own and not part.get("own")):
            drop_key(data, key)
        elif plain(data.get(key)) not in (paras, paras[0] if len(paras) == 1 else paras):
            data[key] = CommentedSeq([folded(p, indent) for p in paras])  # changed, or not written yet


def recipient_node(row: dict[str, Any]) -> CommentedMap | None:
    """A recipient typed in the form (agency from the list or free text, purpose), or None if blank."""
    agency, text, purpose = _clean(row.get("agency")), _clean(row.get("text")), _clean(row.get("purpose"))
    if not (agency or text):
        return None
    node = CommentedMap()
    if agency:
        node["agency"] = agency
    if text:
        node["text"] = quoted_if_needed(text)
    if purpose:
        node["purpose"] = quoted_if_needed(purpose)
    return node


def apply_form(yt: YamlText, national: model.Document, form: dict[str, Any]) -> FieldMap:
    """Write ``form`` into the override tree ``yt.data``; return override key path -> form field."""
    data = yt.data
    fields: FieldMap = {}
    seq_indent = yt.layout[1]
    apply_scalars(data, form, model.DocumentOverride, fields)
    apply_signature(data, form, fields, keep_blank_name=False)
    apply_bases(data, form, "extra_bases", fields)
    apply_paragraph_parts(data, form, fields, seq_indent, need_own=True)
    _apply_tasks(data, national, form.get("tasks") or [], fields, seq_indent)
    _apply_recipients(data, form.get("recipients") or [], fields, national)
    return fields


def _apply_tasks(data: CommentedMap, national: model.Document, rows: list[dict[str, Any]], fields: FieldMap, seq_indent: int) -> None:
    by_id = {t.id: t for t in (national.implementation.tasks if national.implementation else []) if t.id}
    replace: list[tuple[str, int, dict[str, Any]]] = []
    remove: list[tuple[str, int]] = []
    add: list[tuple[int, dict[str, Any]]] = []
    for ui, row in enumerate(rows):
        if row.get("origin") == "national":
            task_id = _clean(row.get("id"))
            if task_id not in by_id:
                continue
            if row.get("action") == "remove":
                remove.append((task_id, ui))
            elif row.get("action") == "edit" and _task_form(by_id[task_id]) != _task_form(row):
                replace.append((task_id, ui, row))
        elif any(_clean(row.get(k)) for k in ("lead", "text", "deadline", "id", "area", "product")):
            add.append((ui, row))
    if not (replace or remove or add):
        drop_key(data, "tasks")
        return
    tasks = _ensure_map(data, "tasks")
    if replace:
        rep = _ensure_map(tasks, "replace")
        for old in [k for k in rep if k not in {r[0] for r in replace}]:
            del rep[old]
        for task_id, ui, row in replace:
            node = _task_node(row, seq_indent + 4, with_id=False)
            if isinstance(rep.get(task_id), CommentedMap):
                _update_map(rep[task_id], node)  # only the changed keys: an untouched text keeps its lines
            elif plain(rep.get(task_id)) != plain(node):
                rep[task_id] = node
            fields[("tasks", "replace", task_id)] = f"tasks.{ui}"
    else:
        drop_key(tasks, "replace")
    if remove:
        set_key(tasks, "remove", flow_list([r[0] for r in remove]))
        for n, (_, ui) in enumerate(remove):
            fields[("tasks", "remove", n)] = f"tasks.{ui}"
    else:
        drop_key(tasks, "remove")
    _sync_list(tasks, "add", [_task_node(row, seq_indent + 4, with_id=True) for _, row in add])
    for n, (ui, _) in enumerate(add):
        fields[("tasks", "add", n)] = f"tasks.{ui}"
    fields[("tasks",)] = "tasks"


def _apply_recipients(data: CommentedMap, rows: list[dict[str, Any]], fields: FieldMap,
                      national: model.Document | None = None) -> None:
    remove: list[tuple[str, int]] = []
    add: list[tuple[int, CommentedMap]] = []
    purpose: list[tuple[str, str, int]] = []
    printed = {recipient_ref(r): r.purpose or "" for r in (national.recipients if national else [])}
    for ui, row in enumerate(rows):
        if row.get("origin") == "national":
            ref = _clean(row.get("ref"))
            if row.get("removed") and ref:
                remove.append((ref, ui))
            elif ref in printed and _clean(row.get("purpose")) != printed[ref]:
                purpose.append((ref, _clean(row.get("purpose")), ui))  # the province's own purpose, in place
            continue
        node = recipient_node(row)
        if node is not None:
            add.append((ui, node))
    fields[("recipients",)] = "recipients"
    if not (remove or add or purpose):
        drop_key(data, "recipients")
        return
    rec = _ensure_map(data, "recipients")
    if purpose:
        old = rec.get("purpose") if isinstance(rec.get("purpose"), CommentedMap) else None
        node = old if old is not None else CommentedMap()
        for key in [k for k in node if k not in {r for r, _, _ in purpose}]:
            del node[key]
        for ref, text, ui in purpose:
            if node.get(ref) != text:
                node[ref] = quoted_if_needed(text) if text else ""
            fields[("recipients", "purpose", ref)] = f"recipients.{ui}.purpose"
        if old is None:
            set_key(rec, "purpose", node)
    else:
        drop_key(rec, "purpose")
    if remove:
        set_key(rec, "remove", flow_list([r[0] for r in remove]))
        for n, (_, ui) in enumerate(remove):
            fields[("recipients", "remove", n)] = f"recipients.{ui}"
    else:
        drop_key(rec, "remove")
    _sync_list(rec, "add", [node for _, node in add])
    for n, (ui, _) in enumerate(add):
        fields[("recipients", "add", n)] = f"recipients.{ui}"


# -- messages -> fields ------------------------------------------------------------------------------

_PART = re.compile(r"([^.\[\]]+)|\[(\d+)\]")


def parse_key_path(text: str | None) -> KeyPath:
    """"tasks.add[0].lead" -> ("tasks", "add", 0, "lead") (the inverse of format_key_path)."""
    if not text:
        return ()
    return tuple(int(m.group(2)) if m.group(2) is not None else m.group(1) for m in _PART.finditer(text))


def field_for(key_path: KeyPath, fields: FieldMap) -> str | None:
    """The form field a message about override ``key_path`` belongs to (longest known prefix);
    a sub-key of a task or recipient row is appended (``tasks.3.lead``)."""
    for n in range(len(key_path), 0, -1):
        field = fields.get(tuple(key_path[:n]))
        if field is not None:
            rest = key_path[n:]
            if field.startswith(("tasks.", "recipients.", "sections.")) and rest and isinstance(rest[0], str):
                return f"{field}.{rest[0]}"
            return field
    return None


# -- two people, one file -------------------------------------------------------------------------

PARTS = (*SCALARS, *CHOICES, "signature", "extra_bases", "preamble", "closing", "sections", "tasks", "recipients")
"""The parts of the form merged as wholes when two people changed the same file."""


def merge_forms(base: dict[str, Any], mine: dict[str, Any], theirs: dict[str, Any]) -> tuple[dict[str, Any], list[str]]:
    """``theirs`` (the file as the other person saved it) with my changes since ``base`` on top.

    Returns the merged form and the parts both of us changed differently (mine is kept there,
    and the page says so, so the person can look before saving again).
    """
    merged = dict(theirs)
    both: list[str] = []
    for part in PARTS:
        if mine.get(part) == base.get(part):
            continue
        merged[part] = mine.get(part)
        if theirs.get(part) != base.get(part) and theirs.get(part) != mine.get(part):
            both.append(part)
    return merged, both
