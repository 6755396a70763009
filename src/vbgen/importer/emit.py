"""The imported document as YAML (comments say where each part came from) and its review."""

from __future__ import annotations

import json

from vbgen.importer.body import Body, Item
from vbgen.importer.tables import write_table


def q(value: str) -> str:
    """A YAML double-quoted scalar (JSON quoting is valid YAML; the loader keeps it a string)."""
    return json.dumps(value, ensure_ascii=False)


def _comment(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= 70 else text[:67] + "…"


class Writer:
    """Lines of a YAML document with comments."""

    def __init__(self) -> None:
        self.lines: list[str] = []

    def comment(self, text: str, indent: int = 0) -> None:
        for part in text.split("\n"):
            self.lines.append(" " * indent + ("# " + part if part else "#"))

    def scalar(self, key: str, value: str, indent: int = 0, where: str = "", raw: bool = False) -> None:
        shown = value if raw else q(value)
        self.lines.append(" " * indent + f"{key}: {shown}" + (f"  # {_comment(where)}" if where else ""))

    def texts(self, key: str, values: list[str], indent: int, first_dash: bool = False) -> None:
        """``key: "…"`` for one value, a list for several (the first line may carry the list dash)."""
        pad = " " * indent
        head = pad[:-2] + "- " if first_dash else pad
        if len(values) == 1:
            self.lines.append(f"{head}{key}: {q(values[0])}")
        else:
            self.lines.append(f"{head}{key}:")
            self.lines.extend(f"{pad}  - {q(v)}" for v in values)

    def text(self) -> str:
        return "\n".join(self.lines) + "\n"


def write_items(w: Writer, items: list[Item], indent: int) -> None:
    for item in items:
        w.comment(f"¶{item.line}" + (f" \"{item.marker}\"" if item.marker else ""), indent)
        first = True
        pad = indent + 2
        if item.title is not None:
            w.texts("title", [item.title], pad, first_dash=first)
            first = False
        if item.text:
            w.texts("text", item.text, pad, first_dash=first)
            first = False
        if item.dash:
            w.lines.append(" " * pad + "dash: true" if not first else " " * indent + "- dash: true")
            first = False
        if item.table is not None:
            write_table(w, item.table, pad, first_dash=first)
            first = False
        if item.items:
            w.lines.append(" " * pad + "items:")
            write_items(w, item.items, pad + 2)
        if item.closing:
            w.texts("closing", item.closing, pad)


def write_body(w: Writer, body: Body) -> None:
    if body.preamble:
        w.lines.append("preamble:")
        for text, line in body.preamble:
            w.lines.append(f"  - {q(text)}  # ¶{line}")
    if body.sections:
        w.lines.append("")
        w.lines.append("sections:")
        write_items(w, body.sections, 2)
    if body.closing:
        w.lines.append("")
        w.lines.append("closing:")
        for text, line in body.closing:
            w.lines.append(f"  - {q(text)}  # ¶{line}")
