"""The footnotes of a .docx as a reader sees them: each note's id and printed text."""

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


def read_footnotes(source: str | os.PathLike | bytes) -> tuple[Note, ...]:
    """The footnotes of a .docx (path or bytes), separators left out; () when it has none or
    the package cannot be read."""
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
            target = next((r.get("Target") for r in rels if r.get("Type") == FOOTNOTES_REL
                           and r.get("TargetMode") != "External"), None)
            if target is None:
                return ()
            part = target.lstrip("/") if target.startswith("/") else posixpath.normpath(posixpath.join(folder, target))
            root = etree.fromstring(z.read(part))
    except (OSError, KeyError, zipfile.BadZipFile, etree.XMLSyntaxError):
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
