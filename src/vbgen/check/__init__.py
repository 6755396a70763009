"""Check any .docx against the presentation rules of Nghị định 30/2020/NĐ-CP (Phụ lục I).

Aimed at a Chỉ thị or Kế hoạch of a provincial People's Committee (UBND tỉnh), but usable
on any hand-written Word file: nothing relies on vbgen's own templates or on direct
formatting; every run's font and size is resolved through styles, document defaults and
theme fonts (see :mod:`vbgen.ooxml.styles`).

How it works: :func:`check_docx` opens the file once, builds a :class:`DocView` (all body
paragraphs with resolved formatting, the tables, the sections and their headers, and the
located ND30 elements: agency, Quốc hiệu, Số, date, title, body, Nơi nhận, signature), then
runs each rule function of the registry on that view. One function per rule id; rule ids
and their one-line descriptions are in :data:`RULES`.

Paragraph numbers in findings count every body paragraph in document order, paragraphs in
table cells included (row by row, cell by cell), text boxes excluded. Findings about the
page set-up, or about header/footer parts, have ``paragraph=None``.

Specification: docs/format-nd30.md (page set-up §1, header §2, title §3, body §4,
numbering §5, signature §6, Nơi nhận §7, page numbers §8, số and dates §9).
"""

from __future__ import annotations

import dataclasses
import json
import os
from collections.abc import Iterable

from vbgen.i18n import _
from vbgen.read.document import UnreadableDocumentError, read_document

from vbgen.check import rules  # noqa: F401  (importing registers every rule, in RULES order)
from vbgen.check.common import _REGISTRY, MAX_PER_RULE, RULES, Finding, UnreadableDocxError, rule_description
from vbgen.check.hints import hint
from vbgen.check.locate import _locate
from vbgen.check.view import DocView, _read_sections, _read_sections_fast

__all__ = [
    "DocView",
    "Finding",
    "RULES",
    "rule_description",
    "UnreadableDocxError",
    "build_view",
    "check_docx",
    "counted",
    "findings_to_json",
    "run_rules",
]


def build_view(source: str | os.PathLike | bytes, *, render: bool = False) -> DocView:
    """Read a document as it prints (:func:`vbgen.read.read_document`) and locate its parts.

    ``render``: count the printed pages with LibreOffice (for the page-number rules).

    Raises:
        UnreadableDocxError: the file is missing or not a Word document.
    """
    try:
        read = read_document(source, render=render)
    except UnreadableDocumentError as e:
        raise UnreadableDocxError(str(e)) from e
    lg = read.logical
    doc = DocView(lg.paras, lg.tables, read.sections, read.stories, read.text_width_tw, section_ends=lg.section_ends)
    doc.logical = lg
    doc.render_source = read.docx
    _locate(doc)
    return doc


# --------------------------------------------------------------------------------------
# entry points


def check_docx(
    source: str | os.PathLike | bytes, *, max_per_rule: int = MAX_PER_RULE, render: bool = True
) -> list[Finding]:
    """Check a Word document (.docx path or content, .doc/.odt path) against ND30, as it prints.

    ``render``: when a page-dependent rule needs the page count (no page numbers), count the
    pages LibreOffice prints; without LibreOffice (or with ``render=False``) that rule says it
    was not decided (a note).

    Findings come in document order (page-wide ones first). For each rule, findings after
    ``max_per_rule`` are folded into one "… and N more" finding (paragraph None); pass 0
    to get them all.

    Raises:
        UnreadableDocxError: the file cannot be opened as a .docx.
    """
    doc = build_view(source)
    doc.may_render = render
    return run_rules(doc, max_per_rule=max_per_rule)


def run_rules(doc: DocView, *, max_per_rule: int = MAX_PER_RULE) -> list[Finding]:
    """Run every registered rule on a parsed document."""
    keyed: list[tuple[int, int, int, Finding]] = []
    for order, (rule_id, _description, fn) in enumerate(_REGISTRY):
        found = list(fn(doc))
        assert all(f.rule == rule_id for f in found), rule_id
        extra = len(found) - max_per_rule if max_per_rule else 0
        if extra > 0:
            found = found[:max_per_rule]
        key = -1
        for f in found:
            key = -1 if f.paragraph is None else f.paragraph
            keyed.append((key, order, 0, f))
        if extra > 0:
            # sorts right after the last finding shown for this rule
            keyed.append((key, order, 1, Finding(
                rule_id, _("… and {count} more like this").format(count=extra), None, None, found[-1].severity)))
    keyed.sort(key=lambda x: x[:3])
    return [_as_printed(doc, f) for *_, f in keyed]


def _as_printed(doc: DocView, f: Finding) -> Finding:
    """The finding with the file's paragraph number and what to do in Word's words."""
    source = getattr(doc.logical, "source", None)
    changes = {}
    if source is not None and f.paragraph is not None and 0 <= f.paragraph < len(source):
        changes["paragraph"] = source[f.paragraph]
    if f.fix is None:
        fix = hint(f.rule)
        if fix:
            changes["fix"] = fix
    return dataclasses.replace(f, **changes) if changes else f


def counted(findings: Iterable[Finding]) -> list[Finding]:
    """The findings that fail a check: errors and warnings (notes do not)."""
    return [f for f in findings if f.severity in ("error", "warning")]


def findings_to_json(findings: Iterable[Finding]) -> str:
    """Findings as a JSON array of {rule, message, paragraph, text, severity, fix} objects."""
    return json.dumps(
        [dataclasses.asdict(f) for f in findings], ensure_ascii=False, indent=2
    )
