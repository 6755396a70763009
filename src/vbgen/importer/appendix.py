"""An appendix ("PHỤ LỤC …" after the signature) as a free-content appendix of the content model.

Its title is the bold or centred lines under the "PHỤ LỤC" line; the reference line "(Kèm theo …)"
and rules under it are what vbgen prints itself. What follows is read as a body is (numbered
items, "-" points, tables); a table wider than portrait A4's text makes the appendix landscape.
The task table of vbgen's own Kế hoạch (a column "… chủ trì") comes from implementation.tasks,
which an import does not make: such an appendix is left out and said so.
"""

from __future__ import annotations

import dataclasses

from vbgen import vi
from vbgen.importer.body import Body, Item, build_body, escape
from vbgen.importer.source import Line

PORTRAIT_CM = 16.5
LANDSCAPE_CM = 25.2


@dataclasses.dataclass
class ImportedAppendix:
    line: int
    title: str
    content: list[Item]
    landscape: bool = False
    left_out: list[tuple[int, str]] = dataclasses.field(default_factory=list)
    """Paragraphs the content model has no place for here (unnumbered text before the first item)."""
    body: Body | None = None


def _rule(text: str) -> bool:
    return text.strip().strip("_-–—.") == ""


def build_appendix(lines: list[Line], kind: str, records: dict) -> ImportedAppendix | None:
    """The appendix that starts at ``lines[0]`` ("PHỤ LỤC …"); None for the task table."""
    rest = lines[1:]
    title: list[str] = []
    i = 0
    while i < len(rest) and rest[i].cell is None:
        text = rest[i].full.strip()
        if not text or _rule(text):
            i += 1
            continue
        if text.startswith("(") or not (rest[i].bold or rest[i].align == "center"):
            break
        title.append(text)
        i += 1
    while i < len(rest) and rest[i].cell is None and (rest[i].full.strip().startswith("(Kèm theo")
                                                       or _rule(rest[i].full) or rest[i].full.strip().startswith("(")):
        i += 1
    content_lines = rest[i:]
    tables = {line.cell[0] for line in content_lines if line.cell is not None}
    for t in tables:
        head = " ".join(x.full for x in content_lines if x.cell is not None and x.cell[0] == t and x.cell[1] == 0)
        if "chủ trì" in vi.nfc(head).casefold():
            return None
    if not title or not content_lines:
        return None
    widest = max((sum(records[t].grid) * 2.54 / 1440 for t in tables if t in records and records[t].grid), default=0)
    landscape = widest > PORTRAIT_CM * 1.02
    body = build_body(content_lines, kind, records, width_cm=LANDSCAPE_CM if landscape else PORTRAIT_CM)
    if body.literal or not body.sections:
        return None
    left_out = [(n, text) for text, n in body.preamble + body.closing]
    joined = " ".join(title)
    return ImportedAppendix(lines[0].index, escape(vi.one_line(joined)), body.sections, landscape, left_out, body)
