"""Render a composed document into .docx bytes. The only module that uses docxtpl.

docxtpl's ``patch_xml`` turns the tags a person typed in Word (split across runs, ``{%p %}``
paragraph tags) into plain Jinja; that is done once per template. The patched XML is compiled
once by the sandboxed, strict, autoescaping ``xml_env`` and rendered for every document, and
the output package reuses the template's unchanged parts (see :mod:`vbgen.docx.package`). This is
the same result as ``DocxTemplate.render`` + ``save`` without re-reading the template, re-
compiling the Jinja source and re-compressing every part for each document.
"""

from __future__ import annotations

import re
import traceback
from pathlib import Path
from typing import Any

import jinja2
from jinja2 import meta
from markupsafe import Markup

from vbgen.content import inline
from vbgen.docx import layout
from vbgen.errors import Problem, TemplateError
from vbgen.compose.expressions import xml_env
from vbgen.ooxml import write as ox
from vbgen.docx.package import TemplatePackage
from vbgen.ooxml.footnotes import FOOTNOTES_PART, ensure_footnotes, first_note_id, footnotes_xml
from vbgen.ooxml.namespaces import declared_parts
from vbgen.ooxml.runs import runs_xml
from vbgen.ooxml.appendix import APPENDIX_STYLES, AppendixGeometry, add_appendices
from vbgen.ooxml.table import BLOCK_STYLES, TABLE_STYLES, content_elements, content_table, place_tables, table_mark
from vbgen.ooxml.marks import MARK_STYLES, STYLE_CIRCULATION, STYLE_DRAFT, STYLE_SECRECY, STYLE_URGENCY, Box, add_marks

DOCUMENT_PART = "word/document.xml"
CORE_PART = "docProps/core.xml"
TAGGED_PARTS = re.compile(r"^word/(document|header\d*|footer\d*)\.xml$")
CONTEXT_KEYS = {"issuer", "number_line", "date_line", "kind_title", "subject", "subject_runs", "blocks", "recipients",
                "signature", "province", "appendices", "marks"}
"""Variables a template may use (documented in the README, "Templates")."""
EMPTY_RUN = '<w:r><w:t xml:space="preserve"></w:t></w:r>'


class PreparedTemplate:
    """A template read, patched and compiled once, ready to render any number of documents."""

    def __init__(self, path: Path) -> None:
        from docxtpl import DocxTemplate  # imported here: only preparation needs it

        self.path = path
        try:
            self.package = TemplatePackage(path.read_bytes())
        except FileNotFoundError:
            raise TemplateError(f"template not found: {path} (run 'vbgen templates {path.parent}' to rebuild the shipped ones)") from None
        except Exception as e:  # a corrupt zip or not a .docx at all
            raise TemplateError(f"{path}: not a readable .docx file ({e})") from e
        try:  # a template edited in an old Word may lack the footnotes part: add it once, here
            for name, data in ensure_footnotes(self.package.parts, layout.FONT, layout.SIZES.footnote).items():
                self.package.put(name, data)
            for name, data in declared_parts(self.package.parts).items():  # a template from another writer
                self.package.put(name, data)
            self.first_note = first_note_id(self.package.parts[FOOTNOTES_PART])
        except (KeyError, ValueError, SyntaxError) as e:  # a missing part, a bad id, lxml's XMLSyntaxError
            raise TemplateError(f"{path}: cannot add footnotes to this template ({e})") from e
        patcher = DocxTemplate(path)
        self.compiled: dict[str, jinja2.Template] = {}
        self.sources: dict[str, list[str]] = {}
        env = xml_env()
        problems = []
        for name in self.package.names:
            if not TAGGED_PARTS.match(name):
                continue
            xml = self.package.parts[name].decode("utf-8")
            if "{{" not in xml and "{%" not in xml:
                continue
            # one paragraph per line, so Jinja's line numbers point at a paragraph
            source = re.sub(r"<w:p([ >])", r"\n<w:p\1", patcher.patch_xml(xml))
            self.sources[name] = source.splitlines()
            try:
                self.compiled[name] = env.from_string(source)
                unknown = meta.find_undeclared_variables(env.parse(source)) - CONTEXT_KEYS
            except jinja2.TemplateSyntaxError as e:
                problems.append(Problem(path, None, name, f"broken tag near \"{self._paragraph(name, e.lineno)}\": {e.message}"))
                continue
            for var in sorted(unknown):
                problems.append(Problem(path, None, name, f"unknown variable '{var}'; templates can use {', '.join(sorted(CONTEXT_KEYS))}"))
        if DOCUMENT_PART not in self.compiled and not problems:
            problems.append(Problem(path, None, DOCUMENT_PART, "the template has no {{ }} tags; it would render the same text for every document"))
        if problems:
            raise TemplateError(f"the template {path.name} cannot be used:", problems)

    def _paragraph(self, part: str, lineno: int | None) -> str:
        if not lineno:
            return "?"
        line = self.sources[part][lineno - 1] if lineno - 1 < len(self.sources[part]) else ""
        return re.sub(r"<[^>]+>", "", line).strip()[:80]

    def render(self, context: dict[str, Any], core: dict[str, str]) -> bytes:
        """Render every tagged part with ``context`` and package the result."""
        subject_lines = inline.plain(context.get("subject_pieces", ()), breaks="\n") or context["subject"]
        context = with_runs(context, self.first_note)
        replaced: dict[str, bytes] = {}
        for name, template in self.compiled.items():
            try:
                xml = template.render(context)
            except jinja2.TemplateError as e:
                raise self._render_error(name, e) from None
            xml = xml.replace("\n<w:p", "<w:p")
            xml = xml.replace(EMPTY_RUN, "")  # left around each {{r }} tag by docxtpl
            data = xml.encode("utf-8")
            if name == DOCUMENT_PART:  # parsed once, changed in place, serialised once
                root = ox.parse_part(data)
                ox.set_paragraph_indents(root, layout.line_indents(
                    [context["issuer"]["line1"], context["issuer"]["line2"]], subject_lines))
                self._add_tables(root, context)
                self._add_marks_and_appendices(root, context)
                data = ox.serialise_part(root)
            replaced[name] = data
        if context.get("footnotes"):
            replaced[FOOTNOTES_PART] = footnotes_xml(self.package.parts[FOOTNOTES_PART],
                                                     [(n["number"], n["pieces"]) for n in context["footnotes"]])
        if CORE_PART in self.package.parts:
            replaced[CORE_PART] = ox.core_properties_xml(**core)
        return self.package.build(replaced)

    def _add_tables(self, root: Any, context: dict[str, Any]) -> None:
        """Put the body's tables where the body loop left their marks."""
        grids = [b["table"] for b in context["blocks"] if b.get("table") is not None]
        if not grids:
            return
        self._need_styles(TABLE_STYLES, "tables")
        placed = place_tables(root, [content_table(g, self.first_note) for g in grids])
        if placed != len(grids):
            raise TemplateError(f"{self.path.name}: the body has {len(grids)} table(s) and the template placed {placed}; "
                                "its body loop must write each block with {{r b.runs }} (see the README, Templates)")

    def _need_styles(self, styles: tuple[str, ...], what: str) -> None:
        missing = [s for s in styles if s not in self.package.style_ids()]
        if missing:
            raise TemplateError(f"{self.path.name}: the template has no style {', '.join(missing)} for the {what} of this document; "
                                "rebuild it with 'vbgen templates' or copy those styles in")

    def _add_marks_and_appendices(self, root: Any, context: dict[str, Any]) -> None:
        marks = context.get("marks") or {}
        appendices = context.get("appendices") or []
        under, above = mark_boxes(marks)
        needed = (MARK_STYLES if under or above else ()) + (APPENDIX_STYLES if appendices else ())
        missing = [s for s in needed if s not in self.package.style_ids()]
        if missing:
            raise TemplateError(f"{self.path.name}: the template has no style {', '.join(missing)} for the marks or "
                                f"appendices of this document; rebuild it with 'vbgen templates' or copy those styles in")
        add_marks(root, under, above)
        ox.keep_with_signature(root)
        free = [a for a in appendices if "blocks" in a]
        if free:
            self._need_styles((*TABLE_STYLES, *BLOCK_STYLES.values()), "appendices")
        appendices = [dict(a, elements=content_elements(a["blocks"], self.first_note)) if "blocks" in a else a
                      for a in appendices]
        add_appendices(root, appendices, [appendix_geometry(a) for a in appendices])

    def _render_error(self, part: str, e: jinja2.TemplateError) -> TemplateError:
        lineno = getattr(e, "lineno", None)
        if lineno is None:  # UndefinedError carries no line; the <template> frame has it
            frames = [f for f in traceback.extract_tb(e.__traceback__) if f.filename == "<template>"]
            lineno = frames[-1].lineno if frames else None
        return TemplateError(f"{self.path.name}: {part}: {e} (in the paragraph \"{self._paragraph(part, lineno)}\")")


def with_runs(context: dict[str, Any], first_note: int = 1) -> dict[str, Any]:
    """``context`` with the Word runs of the body and trích yếu: ``b.runs``, ``subject_runs``.

    A template writes them with docxtpl's run tag, ``{{r b.runs }}``, which replaces the run
    around the tag; ``b.text`` and ``subject`` stay the plain words for templates that want them.
    """
    out = dict(context)
    tables = iter(range(len(context["blocks"])))
    out["blocks"] = [dict(b, runs=Markup(table_mark(next(tables)) if b.get("table") is not None
                                         else runs_xml(b.get("pieces") or inline.text(b["text"]), first_note)))
                     for b in context["blocks"]]
    out["subject_runs"] = Markup(runs_xml(context.get("subject_pieces") or inline.text(context["subject"])))
    return out


def mark_boxes(marks: dict[str, Any]) -> tuple[list[Box], Box | None]:
    """The boxes under the number (DỰ THẢO, độ mật, độ khẩn) and the circulation note."""
    cell = layout.HEADER_COLUMNS[0] - 2 * layout.CELL_MARGIN
    under = []
    draft = marks.get("draft")
    for style, text in ((STYLE_DRAFT, "DỰ THẢO" if draft is True else draft or None),
                        (STYLE_SECRECY, marks.get("confidentiality")),
                        (STYLE_URGENCY, marks.get("urgency"))):
        if text:
            under.append(Box(style, text, layout.mark_indents(text, cell)))
    above = None
    if marks.get("circulation"):
        text = marks["circulation"]
        centre = layout.HEADER_INDENT + layout.HEADER_COLUMNS[0] + layout.HEADER_COLUMNS[1] // 2
        above = Box(STYLE_CIRCULATION, text, layout.mark_indents(text, layout.TEXT_WIDTH, centre))
    return under, above


def appendix_geometry(appendix: dict[str, Any]) -> AppendixGeometry:
    """Column widths and the short line of one appendix, for its page orientation."""
    width = layout.LANDSCAPE_TEXT_WIDTH if appendix["landscape"] else layout.TEXT_WIDTH
    return AppendixGeometry(appendix["landscape"], layout.task_columns(width),
                            layout.short_line_indents(appendix["reference"], layout.SIZES.appendix_reference, width))


class TemplateSet:
    """The templates of one doctemplates/ folder, prepared at first use."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self._prepared: dict[str, PreparedTemplate] = {}

    def get(self, filename: str) -> PreparedTemplate:
        if filename not in self._prepared:
            self._prepared[filename] = PreparedTemplate(self.folder / filename)
        return self._prepared[filename]

    def used_paths(self) -> list[Path]:
        return [t.path for t in self._prepared.values()]
