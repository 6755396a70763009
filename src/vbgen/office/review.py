"""Where each province document stands: Dự thảo → Trình duyệt → Đã duyệt → Đã ban hành.

A province document is an override of a national document (``provinces/<slug>/documents/<stem>.yaml``)
or one of the province's own (``provinces/<slug>/own/<stem>.yaml``). Its state lives in
``<office state>/review/<slug>/<stem>.json`` (written atomically); a document with no state file is
a draft. Submitting locks editing; a reviewer (pháp chế, lãnh đạo) may send it back with notes,
which unlocks it; a lãnh đạo approves, which freezes the exact bytes of the file (kept in the
blob store with their hash, who and when, and the national document's hash for an override);
recording the number and date makes it issued, freezing the file as it is then. Every
transition is checked against the user's rights (:mod:`vbgen.office.access`) and against the
state it starts from, under a lock, so two clicks cannot both win.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

from vbgen.errors import VbgenError
from vbgen.i18n import _
from vbgen.office import access, history
from vbgen.office.paths import locked, state_dir, write_atomic
from vbgen.office.roles import User

DRAFT, SUBMITTED, APPROVED, ISSUED = "du-thao", "trinh-duyet", "da-duyet", "da-ban-hanh"
STATES = (DRAFT, SUBMITTED, APPROVED, ISSUED)
STATE_LABELS = {DRAFT: "Dự thảo", SUBMITTED: "Trình duyệt", APPROVED: "Đã duyệt", ISSUED: "Đã ban hành"}
FROZEN = (APPROVED, ISSUED)
MAX_NOTES = 4000
ACTION_LABELS = {"submit": "trình duyệt", "send-back": "trả lại", "approve": "duyệt", "issue": "ban hành"}


class ReviewError(VbgenError):
    """A transition that does not apply to the document's state (or a locked edit)."""


def _now() -> str:
    return dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")


def document_file(content_dir: Path, slug: str, stem: str) -> tuple[Path, bool]:
    """(the province's file of document ``stem``, whether it is an own document)."""
    base = Path(content_dir) / "provinces" / slug
    own = base / "own" / f"{stem}.yaml"
    if own.exists():
        return own, True
    return base / "documents" / f"{stem}.yaml", False


def _state_path(content_dir: Path, slug: str, stem: str) -> Path:
    for part in (slug, stem):
        if not part or "/" in part or "\\" in part or part.startswith("."):
            raise KeyError(f"{slug}/{stem}")
    return state_dir(content_dir) / "review" / slug / f"{stem}.json"


def status(content_dir: Path, slug: str, stem: str) -> dict[str, Any]:
    """The document's record: ``state``, ``events`` (who did what when), ``notes`` of the last
    send-back, ``approved``/``issued`` (frozen file hash, who, when)."""
    try:
        data = json.loads(_state_path(content_dir, slug, stem).read_text(encoding="utf-8"))
        if isinstance(data, dict) and data.get("state") in STATES:
            return data
    except FileNotFoundError:
        pass
    except ValueError as e:
        raise ReviewError(_("{file}: the state file is not valid JSON ({error}); restore it from the backup").format(
            file=_state_path(content_dir, slug, stem), error=e)) from None
    return {"slug": slug, "stem": stem, "state": DRAFT, "events": [], "notes": ""}


def state(content_dir: Path, slug: str, stem: str) -> str:
    return status(content_dir, slug, stem)["state"]


def editable(content_dir: Path, slug: str, stem: str) -> bool:
    """Only a draft (never submitted, or sent back) can be edited."""
    return state(content_dir, slug, stem) == DRAFT


def require_editable(content_dir: Path, slug: str, stem: str) -> None:
    st = state(content_dir, slug, stem)
    if st != DRAFT:
        raise ReviewError(_("'{stem}' of {slug} is {state}: it cannot be edited until a reviewer sends it back").format(
            stem=stem, slug=slug, state=STATE_LABELS[st]))


def _transition(content_dir: Path, user: User, slug: str, stem: str, right: str, start: tuple[str, ...], end: str,
                action: str, **extra: Any) -> dict[str, Any]:
    access.require(user, right, slug)
    path = _state_path(content_dir, slug, stem)
    with locked(state_dir(content_dir) / "review.lock"):
        rec = status(content_dir, slug, stem)
        if rec["state"] not in start:
            raise ReviewError(_("'{stem}' of {slug} is {state}; '{action}' applies to {allowed}").format(
                stem=stem, slug=slug, state=STATE_LABELS[rec["state"]], action=ACTION_LABELS[action],
                allowed=", ".join(STATE_LABELS[s] for s in start)))
        file, own = document_file(content_dir, slug, stem)
        data = history.read_bytes(file)
        event = {"action": action, "by": user.name, "name": user.full_name, "at": _now(), "from": rec["state"], "to": end,
                 "file_sha256": history.sha256(data)}
        event.update({k: v for k, v in extra.items() if k in ("notes", "number", "date")})
        if action == "approve":
            submitted = next((e for e in reversed(rec["events"]) if e.get("action") == "submit"), None)
            if submitted is not None and submitted.get("file_sha256") != event["file_sha256"]:
                raise ReviewError(_("{file} changed after it was submitted (outside the locked page); send it back "
                                    "so it is submitted again").format(file=file.name))
        if action in ("approve", "issue"):
            if data is not None:
                history.put_blob(content_dir, data)
            frozen = {"by": user.name, "name": user.full_name, "at": event["at"], "sha256": history.sha256(data),
                      "file": history.content_relative(content_dir, file), "own": own}
            if not own:
                national = Path(content_dir) / "documents" / f"{stem}.yaml"
                frozen["national_sha256"] = history.sha256(history.read_bytes(national))
            if action == "issue":
                frozen.update(number=extra.get("number"), date=extra.get("date"))
            rec["approved" if action == "approve" else "issued"] = frozen
        if action == "send-back":
            rec["notes"] = extra.get("notes", "")
            rec.pop("approved", None)
        if action == "submit":
            rec["notes_before"] = rec.get("notes", "")
        rec.update(slug=slug, stem=stem, state=end)
        rec["events"] = [*rec["events"], event]
        write_atomic(path, json.dumps(rec, ensure_ascii=False, indent=1).encode())
    return rec


def submit(content_dir: Path, user: User, slug: str, stem: str) -> dict[str, Any]:
    """Dự thảo → Trình duyệt: editing locks."""
    return _transition(content_dir, user, slug, stem, access.SUBMIT, (DRAFT,), SUBMITTED, "submit")


def send_back(content_dir: Path, user: User, slug: str, stem: str, notes: str) -> dict[str, Any]:
    """Trình duyệt (or Đã duyệt, before it is issued) → Dự thảo, with the reviewer's notes."""
    notes = (notes or "").strip()
    if not notes:
        raise ReviewError(_("say what to change: notes are required when sending a draft back"))
    if len(notes) > MAX_NOTES:
        raise ReviewError(_("the notes are {n} characters long; keep them under {max}").format(n=len(notes), max=MAX_NOTES))
    return _transition(content_dir, user, slug, stem, access.REVIEW, (SUBMITTED, APPROVED), DRAFT, "send-back", notes=notes)


def approve(content_dir: Path, user: User, slug: str, stem: str) -> dict[str, Any]:
    """Trình duyệt → Đã duyệt: the file's bytes as they are now are the approved version."""
    return _transition(content_dir, user, slug, stem, access.APPROVE, (SUBMITTED,), APPROVED, "approve")


def issue(content_dir: Path, user: User, slug: str, stem: str, number: str, date: str) -> dict[str, Any]:
    """Đã duyệt → Đã ban hành, with the number and date (the file as it is then is frozen:
    the approved text plus the number and date written into it)."""
    if not str(number).strip() or not str(date).strip():
        raise ReviewError(_("an issued document needs its number and its date"))
    return _transition(content_dir, user, slug, stem, access.ISSUE, (APPROVED,), ISSUED, "issue",
                       number=str(number).strip(), date=str(date).strip())


def issued_from_cli(content_dir: Path, slug: str, stem: str, number: str, date: str) -> str | None:
    """For ``vbgen issued`` (after it wrote the number and date into the file): an approved document
    becomes Đã ban hành, frozen as the file is now, recorded as the OS user (whoever may write the
    content folder acts as quản trị). Returns a note instead when the document is submitted or
    already issued (its state is left as it is); a draft stays a draft without a word."""
    from vbgen.office.roles import ADMIN

    st = state(content_dir, slug, stem)
    if st == DRAFT:  # an office that does not use the review (or a draft): nothing to say
        return None
    if st != APPROVED:
        return _("'{stem}' of {slug} is {state} in the office, not approved: the number and date are written, "
                 "its state is unchanged").format(stem=stem, slug=slug, state=STATE_LABELS[st])
    name = history.os_user()
    issue(content_dir, User(name, name, ADMIN, ("*",)), slug, stem, number, date)
    return None


def frozen_bytes(content_dir: Path, slug: str, stem: str) -> tuple[bytes | None, dict[str, Any]]:
    """The approved (or, once issued, the issued) file bytes and their record; ReviewError when
    the document has not been approved."""
    rec = status(content_dir, slug, stem)
    frozen = rec.get("issued") if rec["state"] == ISSUED else rec.get("approved")
    if rec["state"] not in FROZEN or not frozen:
        raise ReviewError(_("'{stem}' of {slug} has no approved version (it is {state})").format(
            stem=stem, slug=slug, state=STATE_LABELS[rec["state"]]))
    sha = frozen.get("sha256")
    return (None if sha is None else history.get_blob(content_dir, sha)), frozen


def all_states(content_dir: Path) -> dict[tuple[str, str], str]:
    """(slug, stem) → state for every document that has left the draft state at least once."""
    out = {}
    root = state_dir(content_dir) / "review"
    for f in sorted(root.glob("*/*.json")) if root.exists() else []:
        try:
            out[(f.parent.name, f.stem)] = status(content_dir, f.parent.name, f.stem)["state"]
        except ReviewError:
            continue
    return out
