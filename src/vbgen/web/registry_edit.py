"""The citation registry for legal staff: usages, validated edits and what an edit changes.

An entry is edited as a flat form of strings; :func:`validate_entry` applies the model and the
same checks as ``vbgen cite check`` (:func:`vbgen.registry_check.check_registry`) to the registry
with the edited entry in it; :func:`affected_outputs` renders every province's documents with
the registry before and after the edit and lists those whose .docx would change;
:func:`save_entry` writes content/citations.yaml round-trip (only the entry's lines change).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from pathlib import Path
from typing import Any

import pydantic
from ruamel.yaml.comments import CommentedMap

from vbgen.content import load as content_mod
from vbgen.content import model
from vbgen.batch.build import Workspace, render_one
from vbgen.content.load import Registries, Validated
from vbgen.errors import ContentError
from vbgen.legal.registry import KEY_PATTERN, check_registry, find_usages
from vbgen.web.formmap import bad_date_text, form_date
from vbgen.content.yamlfile import drop_key, flow_list, load_text, quoted_if_needed, set_key, write_checked

FIELDS = ("kind", "number", "date", "issuer", "subject", "name", "short", "status", "replaced_by", "amended_by", "verified", "note")
"""Entry fields in the order the registry writes them."""

LABELS = {
    "key": "Khóa trích dẫn", "kind": "Loại văn bản", "number": "Số, ký hiệu", "date": "Ngày ban hành", "issuer": "Cơ quan ban hành (sau “của”)",
    "subject": "Trích yếu (kèm từ đầu: về …)", "name": "Tên (Luật, Bộ luật…)", "short": "Dạng rút gọn",
    "status": "Hiệu lực", "replaced_by": "Bị thay thế bởi (khóa)", "amended_by": "Được sửa đổi bởi (khóa, cách nhau dấu phẩy)",
    "verified": "Đã xác minh hiệu lực", "note": "Ghi chú",
}


@dataclasses.dataclass
class FieldMessage:
    field: str | None
    text: str

    def as_dict(self) -> dict[str, Any]:
        return dataclasses.asdict(self)


def entry_form(key: str, c: model.Citation | None) -> dict[str, Any]:
    """An entry as the form shows it (strings; amended_by comma-separated)."""
    if c is None:
        return {"key": key, **{f: "" for f in FIELDS}, "status": "in_force", "verified": True, "amended_by": ""}
    d = c.model_dump()
    form = {f: ("" if d.get(f) is None else d[f]) for f in FIELDS}
    form["date"] = c.date.isoformat() if c.date else ""
    form["amended_by"] = ", ".join(c.amended_by)
    form["verified"] = c.verified
    return {"key": key, **form}


def _values(form: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for f in FIELDS:
        v = form.get(f)
        if f == "verified":
            out[f] = bool(v)
        elif f == "amended_by":
            out[f] = [p.strip() for p in str(v or "").split(",") if p.strip()]
        else:
            s = " ".join(str(v or "").split()) if f != "note" else str(v or "").strip()
            if f == "date" and form_date(s) is not None:
                s = form_date(s).isoformat()  # typed dd/mm/yyyy
            if s:
                out[f] = s
    return out


def validate_entry(registry: model.CitationRegistry, form: dict[str, Any], is_new: bool) -> tuple[model.Citation | None, list[FieldMessage]]:
    """The edited citation and every problem with it (model errors, then `vbgen cite check` rules)."""
    key = str(form.get("key") or "").strip()
    messages: list[FieldMessage] = []
    if not re.fullmatch(KEY_PATTERN, key):
        messages.append(FieldMessage("key", f"Khóa trích dẫn “{key}” không dùng được: chỉ gồm chữ thường không dấu, chữ số và "
                                            "gạch nối, ví dụ nd-06-2013-cp"))
    elif is_new and key in registry.citations:
        messages.append(FieldMessage("key", f"Khóa trích dẫn “{key}” đã có trong sổ: mở văn bản đó để sửa, hoặc chọn khóa khác"))
    elif not is_new and key not in registry.citations:
        messages.append(FieldMessage("key", f"Khóa trích dẫn “{key}” không có trong sổ"))
    typed_date = str(form.get("date") or "").strip()
    if typed_date and form_date(typed_date) is None:  # said in Vietnamese, in the form's terms
        messages.append(FieldMessage("date", bad_date_text(typed_date)))
    elif typed_date and form_date(typed_date) > dt.date.today():
        messages.append(FieldMessage("date", f"Ngày ban hành {typed_date} còn ở sau hôm nay ({dt.date.today():%d/%m/%Y}): "
                                             "sổ chỉ ghi văn bản đã ban hành; kiểm tra lại năm"))
    try:
        citation = model.Citation.model_validate(_values(form))
    except pydantic.ValidationError as e:
        for err in e.errors():
            field = str(err["loc"][0]) if err["loc"] else None
            if field == "date" and typed_date and form_date(typed_date) is None:
                continue
            msg = err["msg"]
            if err["type"] == "literal_error":
                msg = f"chọn một trong {err['ctx']['expected']}"
            elif err["type"] == "missing":
                msg = "cần điền"
            messages.append(FieldMessage(field, f"{LABELS.get(field or '', field or 'Văn bản')}: {msg}"))
        return None, messages
    if messages:
        return citation, messages
    trial = registry.model_copy(update={"citations": {**registry.citations, key: citation}})
    prefix = f"citations.{key}"
    for p in check_registry(trial):
        if p.key == prefix or (p.key or "").startswith(prefix + "."):
            field = (p.key or "")[len(prefix) + 1:].split("[")[0] or None
            messages.append(FieldMessage(field, f"{LABELS.get(field or '', 'Văn bản')}: {p.message}"))
    return citation, messages


# -- where a citation is used ---------------------------------------------------------------------


def _place(content_dir: Path, file: str) -> dict[str, str]:
    try:
        rel = Path(file).resolve().relative_to(content_dir.resolve())
    except ValueError:
        rel = Path(file)
    parts = rel.parts
    if parts[:1] == ("documents",):
        return {"scope": "Văn bản mẫu toàn quốc (mọi tỉnh)", "province": "", "document": rel.stem}
    if parts[:1] == ("provinces",) and len(parts) >= 3:
        if parts[2] == "documents":
            return {"scope": "Văn bản của tỉnh", "province": parts[1], "document": rel.stem}
        if parts[2] == "own":
            return {"scope": "Văn bản riêng của tỉnh", "province": parts[1], "document": rel.stem}
        return {"scope": "Thiết lập của tỉnh", "province": parts[1], "document": ""}
    return {"scope": str(rel), "province": "", "document": ""}


def usages(content_dir: Path, key: str) -> list[dict[str, Any]]:
    """Every place content cites ``key``: ``[[key]]`` markers and entries of bases / extra_bases."""
    files = content_mod.content_files(content_dir)
    found = [(file, line, path) for file, line, path in find_usages(content_mod.iter_texts(files), key)]
    for file in files:
        from vbgen.content.yamlload import format_key_path, load_yaml

        loaded = load_yaml(file)
        for kp, line in loaded.lines.items():
            if len(kp) >= 2 and kp[-2] in ("bases", "extra_bases") and isinstance(kp[-1], int):
                value: Any = loaded.data
                for part in kp:
                    value = value[part]
                if value == key:
                    found.append((str(file), line, format_key_path(kp)))
    out = []
    for file, line, path in dict.fromkeys(found):
        rel = _relative(content_dir, file)
        out.append({"file": rel, "line": line, "key_path": path, **_place(content_dir, file)})
    return sorted(out, key=lambda u: (u["file"], u["line"] or 0))


def _relative(content_dir: Path, file: str) -> str:
    try:
        return str(Path(file).resolve().relative_to(content_dir.resolve().parent))
    except ValueError:
        return str(file)


def usage_counts(content_dir: Path) -> dict[str, int]:
    """How many times each key is cited, for the list page: markers in text and entries of
    ``bases`` / ``extra_bases`` (the same places as :func:`usages`)."""
    from vbgen.content.yamlload import load_yaml
    from vbgen.legal.registry import find_citation_markers

    counts: dict[str, int] = {}
    files = content_mod.content_files(content_dir)
    for _, _, _, text in content_mod.iter_texts(files):
        for _, key, _ in find_citation_markers(text):
            counts[key] = counts.get(key, 0) + 1
    for file in files:
        data = load_yaml(file).data
        if isinstance(data, dict):
            for field in ("bases", "extra_bases"):
                for key in data.get(field) or []:
                    if isinstance(key, str):
                        counts[key] = counts.get(key, 0) + 1
    return counts


def content_findings(ws: Workspace, key: str, citation: model.Citation) -> list[str]:
    """What ``vbgen cite check`` would say with the edit saved: the very same function over the
    content (registry rules and outdated citations in every file), each finding as a line."""
    from vbgen.legal.content_citations import check_citations

    result = check_citations(ws.content_dir, with_citation(ws, key, citation).registries)
    out = []
    for p in result.problems:
        where = _relative(ws.content_dir, str(p.file)) if p.file is not None else ""
        out.append((f"{where}, dòng {p.line}: " if where and p.line else (f"{where}: " if where else "")) + p.message)
    return out


# -- what an edit changes ---------------------------------------------------------------------------


def _render_all(ws: Workspace) -> dict[tuple[str, str], str]:
    out: dict[tuple[str, str], str] = {}
    provinces = ws.registries.provinces.value.provinces
    docs = ws.load_documents(ws.default_documents([p.slug for p in provinces]))  # with the provinces' own
    for province in provinces:
        for doc in docs:
            if not ws.renders_for(doc.source.path, province.slug):
                continue
            try:
                r = render_one(ws, doc, province, Path("out"))
                out[(province.slug, doc.source.path.stem)] = r.sha256
            except ContentError as e:
                out[(province.slug, doc.source.path.stem)] = "error: " + "; ".join(p.message for p in e.problems[:2])
    return out


def with_citation(ws: Workspace, key: str, citation: model.Citation) -> Workspace:
    """A workspace whose registry has ``citation`` under ``key`` (nothing is written)."""
    reg = ws.registries.citations
    new = reg.value.model_copy(update={"citations": {**reg.value.citations, key: citation}})
    registries = Registries(Validated(new, reg.source), ws.registries.provinces, ws.registries.agencies)
    return Workspace(ws.content_dir, ws.templates_dir, registries, ws.templates)


_before: dict[str, Any] = {}


def affected_outputs(ws: Workspace, key: str, citation: model.Citation) -> list[dict[str, str]]:
    """(province, document, how) for every output whose .docx the edit would change."""
    if _before.get("ws") is not ws:  # the outputs as they are now: computed once per loaded content
        _before.update(ws=ws, outputs=_render_all(ws))
    before = _before["outputs"]
    after = _render_all(with_citation(ws, key, citation))
    out = []
    for pair, sha in after.items():
        old = before.get(pair)
        if old == sha:
            continue
        how = "lỗi sau khi sửa: " + sha[7:] if sha.startswith("error") else ("hết lỗi" if (old or "").startswith("error") else "nội dung thay đổi")
        out.append({"province": pair[0], "document": pair[1], "how": how})
    return out


# -- saving -----------------------------------------------------------------------------------------


def _put(entry: CommentedMap, key: str, value: Any) -> None:
    """Set a field; a field the entry did not have goes after the fields that come before it in
    :data:`FIELDS` (existing fields never move)."""
    if key in entry:
        set_key(entry, key, value)
        return
    before = FIELDS[:FIELDS.index(key)] if key in FIELDS else FIELDS
    keys = list(entry)
    pos = max((i + 1 for i, k in enumerate(keys) if k in before), default=0)
    entry.insert(pos, key, value)


def save_entry(path: Path, form: dict[str, Any], expected_sha: str | None) -> tuple[str, str]:
    """Write the entry into content/citations.yaml, round-trip; returns (new hash, new text)."""
    text = path.read_text(encoding="utf-8")
    yt = load_text(text, path)
    citations = yt.data["citations"]
    key = str(form["key"]).strip()
    entry = citations.get(key)
    if not isinstance(entry, CommentedMap):
        entry = CommentedMap()
        citations[key] = entry
    values = _values(form)
    for f in FIELDS:
        v = values.get(f)
        if f == "verified":
            if v is False:
                _put(entry, f, False)
            elif f in entry:
                _put(entry, f, True)
        elif f == "status" and v == "in_force" and f not in entry:
            continue
        elif f == "amended_by":
            if v:
                _put(entry, f, flow_list(v))
            else:
                drop_key(entry, f)
        elif not v:
            drop_key(entry, f)
        elif f == "date":
            date = form_date(str(v))
            _put(entry, f, date if date is not None else quoted_if_needed(v))
        else:
            _put(entry, f, quoted_if_needed(v))
    new_text = yt.dump()
    return write_checked(path, new_text, expected_sha), new_text
