"""The namespaces Word declares on the root of each WordprocessingML part, in one place.

XML only requires a namespace to be declared where it is used, but Word 2013 and later
declare the same set on the root of every part they write (with ``mc:Ignorable`` naming
the Office 2010/2013 extensions an older reader may skip), and several readers rely on it:
docx2python, for one, looks up the ``r:`` prefix in the root's map of every part it opens
and fails with ``KeyError: 'r'`` on a footnotes part that declares only ``w:``.

Every part writer uses this module: :func:`root_start` gives the start tag of a part built
from text, :func:`declare` rewrites the start tag of a part's bytes (only the start tag; the
rest of the part is left byte for byte), :func:`declared_parts` does that for a package.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

URIS = {
    "wpc": "http://schemas.microsoft.com/office/word/2010/wordprocessingCanvas",
    "mc": "http://schemas.openxmlformats.org/markup-compatibility/2006",
    "o": "urn:schemas-microsoft-com:office:office",
    "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
    "m": "http://schemas.openxmlformats.org/officeDocument/2006/math",
    "v": "urn:schemas-microsoft-com:vml",
    "wp14": "http://schemas.microsoft.com/office/word/2010/wordprocessingDrawing",
    "wp": "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing",
    "w10": "urn:schemas-microsoft-com:office:word",
    "w": "http://schemas.openxmlformats.org/wordprocessingml/2006/main",
    "w14": "http://schemas.microsoft.com/office/word/2010/wordml",
    "w15": "http://schemas.microsoft.com/office/word/2012/wordml",
    "wpg": "http://schemas.microsoft.com/office/word/2010/wordprocessingGroup",
    "wpi": "http://schemas.microsoft.com/office/word/2010/wordprocessingInk",
    "wne": "http://schemas.microsoft.com/office/word/2006/wordml",
    "wps": "http://schemas.microsoft.com/office/word/2010/wordprocessingShape",
    "sl": "http://schemas.openxmlformats.org/schemaLibrary/2006/main",
}
"""Prefix -> namespace URI, as Word spells them (ECMA-376 Part 1; [MS-DOCX] for w14, w15 …)."""

_STORY = (("wpc", "mc", "o", "r", "m", "v", "wp14", "wp", "w10", "w", "w14", "w15", "wpg", "wpi", "wne", "wps"),
          ("w14", "w15", "wp14"))
_PLAIN = (("mc", "r", "w", "w14", "w15"), ("w14", "w15"))
_SETTINGS = (("mc", "o", "r", "m", "v", "w10", "w", "w14", "w15", "sl"), ("w14", "w15"))

WORD_ROOTS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "document": _STORY, "footnotes": _STORY, "endnotes": _STORY, "hdr": _STORY, "ftr": _STORY,
    "numbering": _STORY, "comments": _STORY, "glossaryDocument": _STORY,
    "styles": _PLAIN, "fonts": _PLAIN, "webSettings": _PLAIN,
    "settings": _SETTINGS,
}
"""Root element (local name, in the ``w:`` namespace) -> (prefixes declared, ``mc:Ignorable``),
as Word 2013 writes them: the story parts (body, notes, headers, footers, numbering) declare
the full set and ignore w14, w15, wp14; styles, fonts and web settings only what they can hold."""

_DECL = re.compile(rb"<\?xml[^>]*\?>\s*")
_START = re.compile(rb"<w:([A-Za-z][\w.-]*)((?:\s+[^\s=/>]+\s*=\s*(?:\"[^\"]*\"|'[^']*'))*)\s*(/?)>")
_ATTR = re.compile(rb"([^\s=]+)\s*=\s*(\"[^\"]*\"|'[^']*')")
_IGNORABLE = b"mc:Ignorable"


def root_start(local: str) -> str:
    """The start tag of a ``w:<local>`` root with Word's declarations, e.g. ``<w:footnotes …>``."""
    prefixes, ignorable = WORD_ROOTS[local]
    decls = " ".join(f'xmlns:{p}="{URIS[p]}"' for p in prefixes)
    return f'<w:{local} {decls} mc:Ignorable="{" ".join(ignorable)}">'


def declare(data: bytes) -> bytes:
    """``data`` (one part) with Word's declarations on its root, if it is a WordprocessingML part.

    Declarations and attributes the root already has are kept (after Word's set), prefixes
    already in ``mc:Ignorable`` stay there. Anything else — another kind of part, a root whose
    ``w:`` or another of Word's prefixes is bound to a different namespace, text that is not
    XML — comes back unchanged, and so does a part that already declares everything.
    """
    decl = _DECL.match(data)
    at = decl.end() if decl else 0
    m = _START.match(data, at)
    if not m or m.group(1).decode() not in WORD_ROOTS:
        return data
    local = m.group(1).decode()
    attrs = [(k.decode(), v) for k, v in _ATTR.findall(m.group(2))]
    have = {k[6:]: v[1:-1].decode() for k, v in attrs if k.startswith("xmlns:")}
    prefixes, ignorable = WORD_ROOTS[local]
    if any(have.get(p, URIS[p]) != URIS[p] for p in prefixes):
        return data
    ignored = next((v[1:-1].decode().split() for k, v in attrs if k == "mc:Ignorable"), [])
    if all(p in have for p in prefixes) and set(ignorable) <= set(ignored):
        return data
    wanted_ignored = [*ignorable, *(p for p in ignored if p not in ignorable)]
    out = [f'xmlns:{p}="{URIS[p]}"'.encode() for p in prefixes]
    out += [k.encode() + b"=" + v for k, v in attrs if k.startswith("xmlns:") and k[6:] not in prefixes]
    out += [k.encode() + b"=" + v for k, v in attrs if not k.startswith("xmlns:") and k != "mc:Ignorable"]
    out.append(b'mc:Ignorable="' + " ".join(wanted_ignored).encode() + b'"')
    tag = b"<w:" + local.encode() + b" " + b" ".join(out) + m.group(3) + b">"
    return data[:m.start()] + tag + data[m.end():]


def declared_parts(parts: Mapping[str, bytes]) -> dict[str, bytes]:
    """The parts of a package whose root :func:`declare` changes, changed (empty if none)."""
    changed = {}
    for name, data in parts.items():
        if name.endswith(".xml"):
            new = declare(data)
            if new != data:
                changed[name] = new
    return changed
