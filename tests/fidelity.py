"""Text fidelity of an import: the source's printed text against the text of the document built
from the imported YAML (difflib ratios over the whole document and per body paragraph)."""

from __future__ import annotations

import difflib
import re
from pathlib import Path

import docx


def printed_paragraphs(path: Path) -> list[str]:
    """Every paragraph of the body with its list label, tables included, in order, one line each."""
    from vbgen.ooxml.fastread import open_document
    from vbgen.ooxml.walker import read_body
    from vbgen.read import legacy

    view = read_body(open_document(Path(path).read_bytes()))
    out = []
    for p in view.paragraphs:
        text = "".join(legacy.decode_text(r.text, next((f for f in r.fonts if f), None))[0] for r in p.runs)
        label = p.label.replace("\t", " ").strip()
        if label in ("\uf0b7", "•", "\uf02d"):
            label = "-"
        for part in f"{label} {text}".split("\n"):  # a line break prints a line of its own
            line = re.sub(r"\s+", " ", part).strip()
            if line and line.strip("_") != "":
                out.append(line)
    return out


def similarity(a: list[str], b: list[str]) -> float:
    return difflib.SequenceMatcher(None, "\n".join(a), "\n".join(b), autojunk=False).ratio()


def worst_paragraphs(source: list[str], built: list[str], start: int, end: int) -> list[tuple[float, str, str]]:
    """For each source paragraph in [start, end): the best ratio against any built paragraph."""
    out = []
    for text in source[start:end]:
        best = max((difflib.SequenceMatcher(None, text, other, autojunk=False).ratio(), other) for other in built)
        out.append((best[0], text, best[1]))
    return sorted(out)
