"""Parts of a .docx beside the body, as a reader needs them: the footnotes (each note's id and
printed text) and the settings (the default tab stop)."""

from __future__ import annotations

import dataclasses
import io
import os
import posixpath
import zipfile

from lxml import etree

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
W = f"{{{W_NS}}}"
REL_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
FOOTNOTES_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/footnotes"
SETTINGS_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/settings"
SPECIAL_TYPES = ("separator", "continuationSeparator", "continuationNotice")


@dataclasses.dataclass(frozen=True, slots=True)
class Note:
    """One footnote: its id in the package and its text (paragraphs joined by "\\n")."""

    id: int
    text: str


def _main_part(z: zipfile.ZipFile) -> str:
    root = etree.fromstring(z.read("_rels/.rels"))
    for rel in root:
        if rel.get("Type", "").endswith("/officeDocument"):
            return rel.get("Target", "word/document.xml").lstrip("/")
    return "word/document.xml"


def _related_xml(source: str | os.PathLike | bytes, reltype: str):
    """The root element of the part the main document relates to with ``reltype``; None when
    there is none or the package cannot be read."""
    try:
        if isinstance(source, (bytes, bytearray)):
            data = bytes(source)
        else:
            with open(source, "rb") as f:
                data = f.read()
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            main = _main_part(z)
            folder, name = posixpath.split(main)
            rels = etree.fromstring(z.read(posixpath.join(folder, "_rels", name + ".rels")))
            target = next((r.get("Target") for r in rels if r.get("Type") == reltype
                           and r.get("TargetMode") != "External"), None)
            if target is None:
                return None
            part = target.lstrip("/") if target.startswith("/") else posixpath.normpath(posixpath.join(folder, target))
            return etree.fromstring(z.read(part))
    except (OSError, KeyError, zipfile.BadZipFile, etree.XMLSyntaxError):
        return None


def default_tab_stop(source: str | os.PathLike | bytes) -> int | None:
    """``w:defaultTabStop`` of the settings part, in twips (720 when Word wrote 1.27 cm); None
    when the settings say nothing (Word then uses 720)."""
    root = _related_xml(source, SETTINGS_REL)
    el = root.find(f"{W}defaultTabStop") if root is not None else None
    try:
        value = int(el.get(f"{W}val")) if el is not None else None
    except (TypeError, ValueError):
        return None
    return value if value and value > 0 else None


def read_footnotes(source: str | os.PathLike | bytes) -> tuple[Note, ...]:
    """The footnotes of a .docx (path or bytes), separators left out; () when it has none or
    the package cannot be read."""
    root = _related_xml(source, FOOTNOTES_REL)
    if root is None:
        return ()
    notes = []
    for fn in root.iter(f"{W}footnote"):
        if fn.get(f"{W}type") in SPECIAL_TYPES:
            continue
        try:
            number = int(fn.get(f"{W}id", ""))
        except ValueError:
            continue
        paras = []
        for p in fn.iter(f"{W}p"):
            parts = []
            for el in p.iter(f"{W}t", f"{W}tab", f"{W}br"):
                parts.append(el.text or "" if el.tag == f"{W}t" else (" " if el.tag == f"{W}tab" else "\n"))
            paras.append("".join(parts).strip())
        notes.append(Note(number, "\n".join(x for x in paras if x)))
    return tuple(notes)
