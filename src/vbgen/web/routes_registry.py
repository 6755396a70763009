"""Registry page for legal staff: search, forms as printed, status chain, usages, edit."""

from __future__ import annotations

from flask import Blueprint, abort, jsonify, render_template, request, url_for

from vbgen.content import load as content_mod
from vbgen.content.model import CitationKind
from vbgen.web import catalog, registry_edit
from vbgen.office import access
from vbgen.web.app import ext
from vbgen.web import guard
from vbgen.web.guard import LOGGED_IN, needs
from vbgen.web.security import CITATION_KEY_RE
from vbgen.content.yamlfile import Conflict, read_text, sha256_text, unified_diff

bp = Blueprint("registry", __name__)
KINDS = list(CitationKind.__args__)  # type: ignore[attr-defined]


def _registry():
    return ext()["state"].workspace().registries.citations.value


@bp.route("/registry")
@needs(LOGGED_IN)
def index():  # noqa: ANN202
    from vbgen.web.static_text import fold

    state = ext()["state"]
    national = _registry().citations
    slug = request.args.get("province", "")
    province = state.province(slug) if slug else None
    if province is not None and not guard.allowed(access.VIEW, slug):
        return guard.forbidden(f"bạn không phụ trách tỉnh '{slug}'.")
    citations = state.workspace().registries_for(province.slug).citations.value.citations if province else national
    q, kind, status = request.args.get("q", "").strip(), request.args.get("kind", ""), request.args.get("status", "")
    counts = registry_edit.usage_counts(state.content_dir)
    rows = []
    for entry in catalog.citation_entries(citations):
        entry["local"] = entry["key"] not in national
        if kind and entry["kind"] != kind or status and entry["status"] != status:
            continue
        if q and not all(w in fold(" ".join([entry["key"], entry["number"], entry["full"], entry["short"]])) for w in fold(q).split()):
            continue
        entry["uses"] = counts.get(entry["key"], 0)
        rows.append(entry)
    return render_template("registry.html", rows=rows, q=q, kind=kind, status=status, kinds=KINDS,
                           statuses=catalog.STATUS_VI, total=len(national), provinces=[p for p in state.provinces() if guard.allowed(access.VIEW, p.slug)],
                           province=province, shorts={e["key"]: e["short"] for e in catalog.citation_entries(citations)})


def _humane(usages: list[dict]) -> list[dict]:
    """Usages with province and document by name and the place in the document in words."""
    from vbgen.web.labels import key_path_label

    state = ext()["state"]
    names = {p.slug: p.name for p in state.provinces()}
    titles = {}
    for stem in state.document_stems():
        try:
            titles[stem] = catalog.KIND_VI.get(state.national(stem).value.kind, stem)
        except Exception:  # noqa: BLE001 - a broken document still lists its usages
            titles[stem] = stem
    for u in usages:
        u["province"] = names.get(u["province"], u["province"])
        if u["document"]:
            u["document"] = titles.get(u["document"], "văn bản riêng")
        u["place"] = key_path_label(u.get("key_path") or "")
    return usages


def _document_name(state, stem: str) -> str:  # noqa: ANN001
    try:
        return catalog.KIND_VI.get(state.national(stem).value.kind, stem)
    except (KeyError, Exception):  # noqa: BLE001 - an own document (or a broken one)
        return "văn bản riêng của tỉnh"


def _known_key(key: str) -> None:
    if not CITATION_KEY_RE.match(key) or key not in _registry().citations:
        abort(404)


@bp.route("/registry/<slug>/<key>")
@needs(access.VIEW)
def local_entry(slug: str, key: str):  # noqa: ANN202
    """A citation a province registers in its province.yaml (read-only here: edit that file)."""
    state = ext()["state"]
    province = state.province(slug)
    if province is None or not CITATION_KEY_RE.match(key):
        abort(404)
    citations = state.workspace().registries_for(slug).citations.value.citations
    if key not in citations or key in _registry().citations:
        abort(404)
    view = catalog.citation_entry(key, citations[key], citations)
    from vbgen.content import overrides

    path = overrides.province_dir(state.content_dir, slug) / overrides.SETTINGS_FILE
    return render_template("registry_local.html", view=view, usages=_humane(registry_edit.usages(state.content_dir, key)),
                           province=province, file=state.relative(path))


@bp.route("/registry/new")
@needs(access.REGISTRY, province_arg=None)
def new():  # noqa: ANN202
    return _entry_page(None)


@bp.route("/registry/<key>")
@needs(LOGGED_IN)
def entry(key: str):  # noqa: ANN202
    _known_key(key)
    return _entry_page(key)


def _entry_page(key: str | None):  # noqa: ANN202
    state = ext()["state"]
    citations = _registry().citations
    path = state.content_dir / content_mod.CITATIONS_FILE
    text = read_text(path)
    from vbgen.web.routes_draft import _remember

    sha = _remember(text)
    data = {
        "key": key or "", "is_new": key is None, "sha": sha,
        "form": registry_edit.entry_form(key or "", citations.get(key) if key else None),
        "urls": {"check": url_for("registry.check"), "save": url_for("registry.save")},
        "keys": sorted(citations),
    }
    view = catalog.citation_entry(key, citations[key], citations) if key else None
    used = _humane(registry_edit.usages(state.content_dir, key)) if key else []
    return render_template("registry_entry.html", data=data, view=view, usages=used, kinds=KINDS,
                           statuses=catalog.STATUS_VI, labels=registry_edit.LABELS, file=state.relative(path))


def _body() -> dict:
    body = request.get_json(silent=True)
    if not isinstance(body, dict) or not isinstance(body.get("form"), dict):
        abort(400)
    return body


@bp.route("/api/registry/check", methods=["POST"])
@needs(access.REGISTRY)
def check():  # noqa: ANN202
    body = _body()
    ws = ext()["state"].workspace()
    citation, messages = registry_edit.validate_entry(ws.registries.citations.value, body["form"], bool(body.get("is_new")))
    out = {"messages": [m.as_dict() for m in messages], "ok": citation is not None and not messages}
    if out["ok"]:
        key = str(body["form"]["key"]).strip()
        out["content"] = registry_edit.content_findings(ws, key, citation)  # exactly `vbgen cite check`
        state = ext()["state"]
        names = {p.slug: p.name for p in state.provinces()}
        out["affected"] = [dict(a, province=names.get(a["province"], a["province"]),
                                document=_document_name(state, a["document"]))
                           for a in registry_edit.affected_outputs(ws, key, citation)]
        out["forms"] = catalog.citation_entry(key, citation, {**ws.registries.citations.value.citations, key: citation})
    return jsonify(out)


@bp.route("/api/registry/save", methods=["POST"])
@needs(access.REGISTRY)
def save():  # noqa: ANN202
    body = _body()
    state = ext()["state"]
    ws = state.workspace()
    citation, messages = registry_edit.validate_entry(ws.registries.citations.value, body["form"], bool(body.get("is_new")))
    if citation is None or messages:
        return jsonify({"saved": False, "messages": [m.as_dict() for m in messages],
                        "error": "Chưa lưu: còn lỗi ở các ô được đánh dấu."}), 422
    path = state.inside(state.content_dir / content_mod.CITATIONS_FILE)
    before = read_text(path)
    try:
        sha, text = registry_edit.save_entry(path, body["form"], body.get("base_sha"))
    except Conflict as c:
        from vbgen.web.routes_draft import _remember

        base = ext()["texts"].get(body.get("base_sha") or "", "")
        _remember(c.current)
        return jsonify({"saved": False, "conflict": True, "current_sha": c.current_sha,
                        "error": "Người khác đã lưu sổ văn bản sau khi bạn mở trang. Chưa ghi gì; nội dung bạn nhập vẫn còn trên trang.",
                        "their_diff": unified_diff(base, c.current or "", state.relative(path))}), 409
    from vbgen.web.routes_draft import _remember

    _remember(text)
    key = str(body["form"]["key"]).strip()
    return jsonify({"saved": True, "sha": sha, "diff": unified_diff(before or "", text, state.relative(path)),
                    "url": url_for("registry.entry", key=key), "sha_ok": sha == sha256_text(text)})
