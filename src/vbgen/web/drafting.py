"""A province's draft of a national document: form in, .docx and messages out.

:func:`draft` turns the drafting form into the exact text the override file would have after
saving, reads that text back through the CLI's own loader and merge rules, and renders it with
the CLI's own :func:`~vbgen.build.render_one`. So what the page shows and offers for download is
byte for byte what ``vbgen build`` makes from the saved files. Every message keeps the CLI's
wording and is tied to the form field it is about.
"""

from __future__ import annotations

import dataclasses
import tempfile
import threading
from pathlib import Path
from typing import Any

from vbgen.content import load as content_mod
from vbgen.content import model, overrides
from vbgen.batch.build import Workspace, render_one
from vbgen.content.load import Validated, load_model
from vbgen.errors import ContentError, Problem, VbgenError
from vbgen.web import formmap, labels
from vbgen.web import shown as display
from vbgen.content.yamlfile import YamlText, load_file, load_text, sha256_text, unified_diff


@dataclasses.dataclass
class _WithOverride(Workspace):
    """A workspace that applies one in-memory override instead of reading it from disk."""

    pending: Any = None

    def document_for(self, doc, slug):  # noqa: ANN001 - same signature as Workspace
        return overrides.apply(doc, self.pending) if self.pending is not None else doc


class ContentState:
    """The loaded workspace, reloaded when any content or template file changes on disk."""

    def __init__(self, content_dir: Path | None, templates_dir: Path | None) -> None:
        self.content_dir = content_mod.find_dir(content_dir, "content")
        self.templates_dir = content_mod.find_dir(templates_dir, "doctemplates")
        self._lock = threading.Lock()
        self._stamp: tuple | None = None
        self._ws: Workspace | None = None
        self._root = self.content_dir.resolve()
        self._outside: list[Path] = []

    def _fingerprint(self) -> tuple:
        import os

        content, outside = [], []
        for folder, dirs, names in os.walk(self.content_dir):
            for name in dirs + names:
                p = Path(folder) / name
                if p.is_symlink() and not self._within(p):
                    outside.append(p)
                elif name.endswith(".yaml") and name in names:
                    content.append(p)
        self._outside = sorted(outside)
        content.sort()
        files = content + sorted(self.templates_dir.glob("*.docx"))
        out = []
        for f in files:
            try:
                st = f.stat()
            except OSError:
                continue
            out.append((str(f), st.st_mtime_ns, st.st_size))
        return tuple(out)

    def workspace(self) -> Workspace:
        """The current workspace; ContentError when the content on disk is broken."""
        stamp = self._fingerprint()
        if self._outside:
            raise ContentError.from_problems([self._outside_problem(f) for f in self._outside[:20]])
        with self._lock:
            if self._ws is None or stamp != self._stamp:
                self._ws = Workspace.open(self.content_dir, self.templates_dir)
                self._stamp = stamp
            return self._ws

    def _within(self, path: Path) -> bool:
        """True when ``path``, links resolved, is inside the content folder."""
        try:
            path.resolve().relative_to(self._root)
            return True
        except (ValueError, OSError, RuntimeError):
            return False

    def _outside_problem(self, path: Path) -> Problem:
        from vbgen.i18n import _

        return Problem(self.relative(path), None, None, _(
            "this path leads outside the content folder (a symbolic link); the web workspace neither reads nor "
            "writes through it: put the file itself in the content folder"))

    def inside(self, path: Path) -> Path:
        """``path`` if it stays inside the content folder (links resolved), else a ContentError."""
        if not self._within(path):
            raise ContentError.from_problems([self._outside_problem(path)])
        return path

    def provinces(self) -> list[model.Province]:
        return list(self.workspace().registries.provinces.value.provinces)

    def province(self, slug: str) -> model.Province | None:
        return next((p for p in self.provinces() if p.slug == slug), None)

    def document_stems(self) -> list[str]:
        return [p.stem for p in content_mod.document_paths(self.content_dir)]

    def national(self, stem: str) -> Validated[model.Document]:
        if stem not in self.document_stems():
            raise KeyError(stem)
        return load_model(self.inside(self.content_dir / content_mod.DOCUMENTS_DIR / f"{stem}.yaml"), model.Document)

    def override_path(self, slug: str, stem: str) -> Path:
        """content/provinces/<slug>/documents/<stem>.yaml (slug and stem must be known ones)."""
        if self.province(slug) is None or stem not in self.document_stems():
            raise KeyError(f"{slug}/{stem}")
        return self.inside(overrides.province_dir(self.content_dir, slug) / content_mod.DOCUMENTS_DIR / f"{stem}.yaml")

    def own_stems(self, slug: str) -> list[str]:
        """The province's own documents (content/provinces/<slug>/own/*.yaml)."""
        return [p.stem for p in overrides.own_document_paths(self.content_dir, slug)] if self.province(slug) else []

    def own_path(self, slug: str, stem: str) -> Path:
        """content/provinces/<slug>/own/<stem>.yaml (slug and stem must be known ones)."""
        if stem not in self.own_stems(slug):
            raise KeyError(f"{slug}/{stem}")
        return self.inside(overrides.province_dir(self.content_dir, slug) / content_mod.OWN_DIR / f"{stem}.yaml")

    def relative(self, path: Path) -> str:
        try:
            return str(path.relative_to(self.content_dir.parent))
        except ValueError:
            return str(path)


@dataclasses.dataclass
class Message:
    """One message for the page: the CLI's text, and the form field it belongs to (or None)."""

    text: str
    field: str | None
    severity: str  # "error" | "warning" | "finding" | "note"

    def as_dict(self) -> dict[str, Any]:
        return dataclasses.asdict(self)


@dataclasses.dataclass
class Draft:
    """The outcome of one form: the override text it saves as and what it renders to."""

    path: Path
    text: str
    base_text: str | None
    docx: bytes | None
    messages: list[Message]

    @property
    def errors(self) -> list[Message]:
        return [m for m in self.messages if m.severity == "error"]

    @property
    def sha(self) -> str | None:
        return sha256_text(self.base_text)

    def diff(self, name: str) -> str:
        return unified_diff(self.base_text or "", self.text, name)


def load_override(state: ContentState, slug: str, stem: str) -> tuple[YamlText, str | None]:
    """The override file for editing, and the text it had (None when it does not exist yet)."""
    path = state.override_path(slug, stem)
    yt = readable(state, path)
    return yt, (yt.text if path.exists() else None)


def readable(state: ContentState, path: Path) -> YamlText:
    """The file for editing; a file YAML cannot read is a ContentError naming file and line."""
    from ruamel.yaml import YAMLError

    try:
        return load_file(path)
    except YAMLError as e:
        mark = getattr(e, "problem_mark", None) or getattr(e, "context_mark", None)
        line = mark.line + 1 if mark is not None else None
        raise ContentError.from_problems([Problem(state.relative(path), line, None, (
            "tệp viết sai cú pháp YAML (thiếu dấu đóng ], }, dấu ngoặc kép hoặc thụt lề sai) ở dòng này; "
            "sửa tệp trong trình soạn thảo văn bản rồi tải lại trang"))]) from None


def initial_form(state: ContentState, slug: str, stem: str) -> tuple[dict[str, Any], str | None]:
    """The form as the files on disk define it, and the override file's hash."""
    national = state.national(stem).value
    yt, text = load_override(state, slug, stem)
    form = formmap.form_from(national, yt.data)
    return display.annotate(form, display.renderer(state.workspace(), slug)), sha256_text(text)


def initial_own_form(state: ContentState, slug: str, stem: str) -> tuple[dict[str, Any], str | None]:
    """The form of a province's own document as on disk, and the file's hash."""
    from vbgen.web.ownmap import own_form_from

    path = state.own_path(slug, stem)
    yt = readable(state, path)
    return display.annotate(own_form_from(yt.data), display.renderer(state.workspace(), slug)), sha256_text(yt.text)


def draft(state: ContentState, slug: str, stem: str, form: dict[str, Any], base_text: str | None = None,
          own: bool = False) -> Draft:
    """Render ``form`` for province ``slug``; messages instead of exceptions.

    ``base_text`` is the file's text to apply the form to (default: as on disk now). ``own``: the
    document is the province's own (the form is the whole document), else an override of the
    national document ``stem``.
    """
    path = state.own_path(slug, stem) if own else state.override_path(slug, stem)
    yt = load_text(base_text, Path(state.relative(path))) if base_text is not None else load_file(path)
    original = base_text if base_text is not None else (yt.text if path.exists() else None)
    shown = state.relative(path)
    try:
        ws = state.workspace()
        national = None if own else state.national(stem)
    except ContentError as e:
        return Draft(path, yt.text, original, None, [Message(str(p), None, "error") for p in e.problems])
    import copy

    form = display.form_to_source(copy.deepcopy(form), ws.registries_for(slug).citations.value.citations,
                                None if own else national.value)
    if own:
        from vbgen.web.ownmap import apply_own_form

        fields = apply_own_form(yt, form)
    else:
        fields = formmap.apply_form(yt, national.value, form)
    text = yt.dump()
    if original is None and text.strip() and not own:  # a new override starts like the shipped ones
        text = schema_header(state, slug, stem) + text
    messages: list[Message] = []
    docx = None
    with tempfile.TemporaryDirectory(prefix="vbgen-draft-") as tmp:
        tmp_path = Path(tmp) / path.name

        def message(p: Problem, severity: str, key_path: formmap.KeyPath | None = None) -> Message:
            mine = p.file is not None and Path(p.file) == tmp_path
            kp = key_path if key_path is not None else formmap.parse_key_path(p.key)
            field = formmap.field_for(kp, fields) if mine else None
            file_shown = shown if mine else (state.relative(Path(p.file)) if p.file is not None else None)
            return Message(labels.page_message(p, field, file_shown), field, severity)

        try:
            tmp_path.write_text(text, encoding="utf-8")
            if own:
                national = merged = load_model(tmp_path, model.Document)
                pending = None
            elif text.strip():
                pending = load_model(tmp_path, model.DocumentOverride)
                merged = overrides.apply(national, pending)
            else:
                pending, merged = None, national
            province = ws.registries.province(slug)
            view = _WithOverride(**{f.name: getattr(ws, f.name) for f in dataclasses.fields(ws) if f.init}, pending=pending)
            rendered = render_one(view, national, province, Path("out"))
        except ContentError as e:
            messages += [message(p, "error", _override_path(p, merged if "merged" in locals() else None)) for p in e.problems]
        except VbgenError as e:
            messages.append(Message(e.format_message(), None, "error"))
        else:
            docx = rendered.data
            for w in rendered.warnings:
                if w.file is not None and Path(w.file) == rendered.path:
                    messages.append(Message(str(w), None, "finding"))
                else:
                    messages.append(message(w, "warning", _override_path(w, merged)))
            messages += [Message(n, None, "note") for n in rendered.notes]
    typed_date = str(form.get("date") or "").strip()
    if typed_date and formmap.form_date(typed_date) is None:  # said in Vietnamese, in the form's terms
        messages = [Message(formmap.bad_date_text(typed_date), "date", "error")] + [m for m in messages if m.field != "date"]
    typed_number = str(form.get("number") or "").strip()
    if typed_number and not (typed_number.isascii() and typed_number.isdigit()):
        messages = [Message(formmap.bad_number_text(typed_number), "number", "error")] + [m for m in messages if m.field != "number"]
    return Draft(path, text, original, docx, messages)


def schema_header(state: ContentState, slug: str, stem: str) -> str:
    """The first lines of a new override file: the schema line editors read, and what it is."""
    province = state.province(slug)
    name = province.name if province is not None else slug
    return ("# yaml-language-server: $schema=../../../schema/document-override.schema.json\n"
            f"# Những thay đổi của {name} đối với content/documents/{stem}.yaml (quy tắc gộp: README).\n")


def _override_path(p: Problem, merged: Validated[model.Document] | None) -> formmap.KeyPath | None:
    """The override key path a merged-document message is about (None: use the message's own)."""
    source = getattr(merged, "source", None)
    routes = getattr(source, "routes", None)
    if not routes or not p.key:
        return None
    kp = formmap.parse_key_path(p.key)
    for n in range(len(kp), 0, -1):
        hit = routes.get(tuple(kp[:n]))
        if hit is not None:
            return (*hit[1], *kp[n:])
    return None
