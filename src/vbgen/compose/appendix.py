"""The appendices of a document ("Phụ lục"), composed as plain data for the renderer.

Nghị định 30/2020, Phụ lục I, Phần I, Mục III.1: "Phụ lục" (with a Roman numeral when there
are two or more) on its own line, the title in capitals, the italic reference line
"(Kèm theo Kế hoạch số …/KH-UBND ngày … tháng … năm … của …)" and a short line under it; each
appendix is numbered from page 1. The "tasks" table lists implementation.tasks grouped by
their ``area``: STT | Nội dung nhiệm vụ | Cơ quan chủ trì | Cơ quan phối hợp | Thời gian hoàn
thành | Sản phẩm, agency names as the province writes them. An appendix with ``content`` holds
free content instead: paragraphs, items numbered like the body (I., 1., a) …) and tables.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from vbgen import vi
from vbgen.content import inline
from vbgen.errors import Problem
from vbgen.i18n import _

if TYPE_CHECKING:
    from vbgen.compose.document import Composer, DocKind

TASK_COLUMNS = ("STT", "Nội dung nhiệm vụ", "Cơ quan chủ trì", "Cơ quan phối hợp", "Thời gian hoàn thành", "Sản phẩm")


def appendix_label(index: int, count: int) -> str:
    """ "Phụ lục" alone, or "Phụ lục I", "Phụ lục II" … when there are two or more."""
    return "Phụ lục" if count < 2 else f"Phụ lục {vi.roman(index + 1)}"


def reference_line(kind_name: str, number: str | None, symbol: str, date: dt.date | None, year: int, issuer: str) -> str:
    """ "(Kèm theo Kế hoạch số 07/KH-UBND ngày 07 tháng 5 năm 2026 của …)", blanks for a draft."""
    when = vi.date_long(date) if date else f"ngày{vi.BLANK}tháng{vi.BLANK}năm {year}"
    return f"(Kèm theo {kind_name} số {vi.number_str(number)}/{symbol} {when} của {issuer})"


def compose_appendices(c: "Composer", kind: "DocKind", signature_lines: list[str], body: list[str]) -> list[dict[str, Any]]:
    """Every appendix of the document as {label, title, reference, landscape, columns, groups};
    ``body`` is the text of the body paragraphs, which must point to the appendix."""
    doc = c.doc
    if not doc.appendices:
        return []
    kind_name = vi.capitalize_first(kind.title.lower())
    collective = any(line.startswith("TM.") for line in signature_lines)
    issuer = c.names["committee_full"] if collective or doc.kind == "ke_hoach" else f"Chủ tịch {c.names['committee_full']}"
    year = doc.date.year if doc.date else doc.year or 0
    reference = reference_line(kind_name, doc.printed_number, doc.symbol or kind.symbol, doc.printed_date, year, issuer)
    out = []
    for k, appendix in enumerate(doc.appendices):
        path = ("appendices", k)
        title = vi.upper(_plain(c, (*path, "title"), appendix.title))
        entry = {
            "label": appendix_label(k, len(doc.appendices)),
            "title": title,
            "reference": vi.nfc(reference),
            "landscape": appendix.landscape,
        }
        if appendix.content is not None:
            entry["blocks"] = _free_content(c, kind, appendix, path)
        else:
            entry.update(columns=list(TASK_COLUMNS), groups=_task_groups(c, path))
        out.append(entry)
    if not any("Phụ lục" in b for b in body):
        c.warnings.append(Problem(*c.src.locate(("appendices",)), "appendices",
                                  "the body does not point to the appendix; say where the details are, "
                                  "e.g. \"(chi tiết tại Phụ lục kèm theo Kế hoạch này)\""))
    return out


def _free_content(c: "Composer", kind: "DocKind", appendix: Any, path: tuple) -> list:
    """The blocks of an appendix's own content, numbered like the body from I. (or 1.)."""
    if appendix.table is not None:
        c.problem((*path, "table"), _("an appendix holds either 'content' or a generated 'table', not both; remove one"))
    if not appendix.content:
        c.problem((*path, "content"), _("'content' is empty; write the appendix's paragraphs, items or tables, "
                                        "or remove 'content' for the table of tasks"))
    blocks: list = []
    c.landscape = appendix.landscape
    numbered = 0
    for i, node in enumerate(appendix.content or ()):
        c._node(blocks, node, (*path, "content", i), 0, numbered, kind)
        numbered += not (node.dash or node.table_only)
    c.landscape = False
    return blocks


def _plain(c: "Composer", key_path: tuple, source: str) -> str:
    """A content string for a table cell: rendered like body text, markup and footnotes dropped
    (the body carries them)."""
    return inline.plain(c.rich(key_path, source))


def _task_groups(c: "Composer", path: tuple) -> list[dict[str, Any]]:
    """Rows of the tasks table grouped by area (one untitled group when no task has an area)."""
    impl = c.doc.implementation
    tasks = impl.tasks if impl else []
    if not tasks:
        c.problem((*path, "table"), "a \"tasks\" appendix lists implementation.tasks, and there are none")
        return []
    with_area = [t.area is not None for t in tasks]
    if any(with_area) and not all(with_area):
        i = with_area.index(False)
        c.problem(("implementation", "tasks", i, "area"),
                  "some tasks have an 'area' and this one has none; give every task an area (it groups the appendix table), or none")
    groups: dict[str | None, list[dict[str, str]]] = {}
    for i, task in enumerate(tasks):
        tpath = ("implementation", "tasks", i)
        if task.lead not in c.agencies or any(k not in c.agencies for k in task.cooperate):
            continue  # reported once by the body's task list
        area = _plain(c, (*tpath, "area"), task.area) if task.area else None
        rows = groups.setdefault(area, [])
        text = _plain(c, (*tpath, "text"), task.text).rstrip().rstrip(".;")
        rows.append({
            "number": str(len(rows) + 1),
            "content": vi.capitalize_first(text) + ".",
            "lead": c.agency_name(task.lead),
            "cooperate": "; ".join(c.agency_name(k) for k in task.cooperate),
            "deadline": vi.capitalize_first(_plain(c, (*tpath, "deadline"), task.deadline).rstrip(".")) if task.deadline else "",
            "product": vi.capitalize_first(_plain(c, (*tpath, "product"), task.product).rstrip(".")) if task.product else "",
        })
    return [
        {"number": vi.roman(g + 1) if area is not None else "", "title": vi.capitalize_first(area) if area else "", "rows": rows}
        for g, (area, rows) in enumerate(groups.items())
    ]
