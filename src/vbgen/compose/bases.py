"""Where the legal bases that the preamble does not cite print.

A document's ``bases`` (with a province's ``extra_bases`` appended) reach the page in one of
three ways: the preamble writes ``{{ bases }}`` (it prints them where it says); or the preamble
cites them itself (``[[key]]``); or neither, which is the case of every base a province adds to a
national sample. Those uncited bases print as "Căn cứ …;" lines before the preamble, as
provincial documents print their legal bases, or, with ``bases_as: footnote``, as one footnote
attached after the preamble's last citation of a base (or at the end of the preamble).
"""

from __future__ import annotations

import re
from typing import Iterable

from vbgen.content.model import Document

PLACEHOLDER = re.compile(r"\{\{-?\s*bases\s*-?\}\}")
CITATION = re.compile(r"\[\[\s*([^\]|\s]+)[^\]]*\]\]")
TRAILING = re.compile(r"[\s:.,;]*$")


def preamble_values(doc: Document) -> list[str]:
    if doc.preamble is None:
        return []
    return [doc.preamble] if isinstance(doc.preamble, str) else list(doc.preamble)


def places_bases(doc: Document) -> bool:
    """Whether the preamble prints ``{{ bases }}`` itself."""
    return any(PLACEHOLDER.search(v) for v in preamble_values(doc))


def uncited(doc: Document, known: Iterable[str]) -> list[tuple[int, str]]:
    """(index in ``bases``, key) of each known base the preamble neither places nor cites."""
    values = preamble_values(doc)
    if places_bases(doc):
        return []
    cited = {m.group(1) for v in values for m in CITATION.finditer(v)}
    known = set(known)
    return [(i, k) for i, k in enumerate(doc.bases) if k in known and k not in cited]


def line(key: str) -> str:
    """One "Căn cứ …;" line (the source text the composer renders)."""
    return f"Căn cứ [[{key}]];"


def with_note(values: list[str], keys: list[str], bases: list[str]) -> tuple[int, str]:
    """(index, new text) of the preamble paragraph that carries the note listing ``keys``:
    after its last citation of one of ``bases``, or at the end of the last paragraph."""
    note = "^[Căn cứ " + "; ".join(f"[[{k}]]" for k in keys) + ".]"
    for i in range(len(values) - 1, -1, -1):
        hits = [m for m in CITATION.finditer(values[i]) if m.group(1) in bases]
        if hits:
            end = hits[-1].end()
            return i, values[i][:end] + note + values[i][end:]
    last = values[-1]
    cut = TRAILING.search(last).start()
    return len(values) - 1, last[:cut] + note + last[cut:]
