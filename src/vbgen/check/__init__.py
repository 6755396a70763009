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
from vbgen.ooxml.fastread import open_document, open_fast
from vbgen.ooxml.styles import StyleResolver
from vbgen.ooxml.walker import read_block, read_body

from vbgen.check import rules  # noqa: F401  (importing registers every rule, in RULES order)
from vbgen.check.common import _REGISTRY, MAX_PER_RULE, RULES, Finding, UnreadableDocxError, rule_description
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
    "findings_to_json",
    "run_rules",
]


def build_view(source: str | os.PathLike | bytes) -> DocView:
    """Open a .docx and parse everything the rules need, once.

    The package is read with zipfile and lxml (:func:`open_fast`, which caches the parts
    that repeat between documents); when that reader declines, or fails on something
    unusual, python-docx opens the file instead and has the last word (same view, same
    errors).

    Raises:
        UnreadableDocxError: the file is missing or not a .docx.
    """
    name = "<bytes>" if isinstance(source, (bytes, bytearray)) else os.fspath(source)
    read = None
    fast = open_fast(source)
    if fast is not None:
        try:
            body = read_block(fast.body, fast.resolver)
            sections, stories = _read_sections_fast(fast)
            read = body, sections, stories
        except Exception:
            read = None  # let python-docx decide
    if read is None:
        try:
            document = open_document(source)
        except (OSError, ValueError) as e:
            raise UnreadableDocxError(f"{name}: {e}") from e
        resolver = StyleResolver(document)
        body = read_body(document, resolver)
        sections, stories = _read_sections(document, resolver)
    else:
        body, sections, stories = read
    first = sections[0] if sections else None
    text_width_tw = 9355  # A4 with 30/15 mm margins, if the section says nothing
    if first and first.width_mm and first.margins_mm["left"] is not None:
        width = first.width_mm - (first.margins_mm["left"] or 0) - (first.margins_mm["right"] or 0)
        text_width_tw = round(width * 1440 / 25.4)
    doc = DocView(body.paragraphs, body.tables, sections, stories, text_width_tw, section_ends=body.section_ends)
    _locate(doc)
    return doc


# --------------------------------------------------------------------------------------
# entry points


def check_docx(source: str | os.PathLike | bytes, *, max_per_rule: int = MAX_PER_RULE) -> list[Finding]:
    """Check a .docx (path or file content) against ND30; return the findings, [] if none.

    Findings come in document order (page-wide ones first). For each rule, findings after
    ``max_per_rule`` are folded into one "… and N more" finding (paragraph None); pass 0
    to get them all.

    Raises:
        UnreadableDocxError: the file cannot be opened as a .docx.
    """
    doc = build_view(source)
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
            keyed.append((key, order, 1, Finding(rule_id, _("… and {count} more like this").format(count=extra), None, None)))
    keyed.sort(key=lambda x: x[:3])
    return [f for *_, f in keyed]


def findings_to_json(findings: Iterable[Finding]) -> str:
    """Findings as a JSON array of {rule, message, paragraph, text} objects (UTF-8 text)."""
    return json.dumps(
        [dataclasses.asdict(f) for f in findings], ensure_ascii=False, indent=2
    )
