"""Turn a validated document and a province into the plain context a template renders.

Every string from content/ passes through :meth:`Composer.text` (plain fields: recipients,
signature) or :meth:`Composer.rich` (paragraphs, the trích yếu), in reading order: it is
rendered by the sandboxed text environment (province placeholders, agency names), its
citation markers are resolved (full form first, short form after), and it is normalised to
NFC. ``rich`` also reads the inline markup (bold, italic, footnotes, the trích yếu's line
breaks; :mod:`vbgen.inline`), so a paragraph is a tuple of pieces, never XML. Footnotes are
numbered 1, 2, … in reading order at the end. Numbers (I., 1., a), -) are computed here from
depth, never written in content.
"""

from __future__ import annotations

import dataclasses
from typing import Any, Callable

import jinja2

from vbgen.i18n import N_, _
from vbgen import vi
from vbgen.content import inline
from vbgen.content.inline import Inline
from vbgen.legal.citations import Citer
from vbgen.content.load import Registries, Validated
from vbgen.errors import ContentError, Problem, closest, shorten
from vbgen.compose import bases as legal_bases
from vbgen.compose.appendix import compose_appendices
from vbgen.compose.table import compose_table, end_mark_at
from vbgen.compose.names import province_names
from vbgen.compose.expressions import Unavailable, compile_text, explain, offset_of_line as _offset_of_line, syntax_hint
from vbgen.compose.numbering import DASH, KINDS, LETTERS_END, TASKS_END, DocKind, Level, past_the_letters
from vbgen.content.model import Agency, Document, Node, Province, Task
from vbgen.content.yamlload import KeyPath, format_key_path
from vbgen.content.overrides import SourceMap

# -- tables of the domain rules ------------------------------------------------------------


SIGNATURES = {
    "chu_tich": ("CHỦ TỊCH",),
    "kt_chu_tich": ("KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"),
    "q_chu_tich": ("Q. CHỦ TỊCH",),
    "tm_chu_tich": ("TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH"),
    "tm_kt_chu_tich": ("TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"),
    "tm_q_chu_tich": ("TM. ỦY BAN NHÂN DÂN", "Q. CHỦ TỊCH"),
}
"""Signature presets (Nghị định 30/2020, Điều 13; format-nd30.md §6)."""

END_MARK = "./."
BLANK_NOTE = N_(" (spaces, no-break spaces and zero-width characters count as empty)")

YEAR_NEEDED = N_("required when 'date' is empty: a draft's date line prints the year "
               "(\"…, ngày      tháng      năm 2026\"); add 'year: 2026', or give 'date'")
"""Why a document without date needs a year (the README and document.schema.json say so too)."""


# -- the result -----------------------------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class Block:
    """One body paragraph: a template style key ("h1", "h2", "h3", "body") and its pieces."""

    style: str
    pieces: Inline
    table: dict[str, Any] | None = None  # style "table": the grid of compose.table, no pieces

    @property
    def text(self) -> str:
        return inline.plain(self.pieces)

    def data(self) -> dict[str, Any]:
        """The block as the template sees it: {style, text, pieces, table}."""
        return {"style": self.style, "text": self.text, "pieces": self.pieces, "table": self.table}


@dataclasses.dataclass
class Composed:
    """Everything a template needs for one document of one province, plus what was noticed."""

    context: dict[str, Any]
    warnings: list[Problem]
    notes: list[str]
    citations_used: list[str]
    kind: DocKind


class _Stop(Exception):
    """Internal: a text could not be rendered; the problem is already recorded."""


class Composer:
    """Composes one document for one province, collecting every problem on the way."""

    def __init__(self, doc: Validated[Document], province: Province, registries: Registries) -> None:
        self.doc = doc.value
        self.src: SourceMap = doc.source
        self.registries = registries
        self.province = province
        self.names = province_names(province, registries)
        self.agencies = registries.agencies.value.agencies
        self.citations = registries.citations.value.citations
        self.errors: list[Problem] = []
        self.warnings: list[Problem] = []
        self.notes: list[str] = []
        self._agency_names: dict[str, str] = {}
        self.landscape = False  # the page of the text being composed (a landscape appendix's is wider)
        self.body_citer = self.citer()

    def citer(self) -> Citer:
        """A citation tracker; a historical text is not warned about what was replaced since."""
        return Citer(self.citations, long_dates=self.doc.citation_dates == "long", check_status=not self.doc.historical)

    # -- text pipeline ---------------------------------------------------------------------

    def text(self, key_path: KeyPath, source: str, citer: Citer | None = None, extra: dict[str, Any] | None = None) -> str:
        """Render one content string: placeholders, then citations, then NFC."""
        rendered = self._render(self.src, key_path, source, extra)
        resolved, issues = (citer or self.body_citer).resolve(rendered)
        for issue in issues:
            # the marker is looked up again in the source as written, so its own line is named
            file, line = self.src.locate_in_text(key_path, issue.offset, rendered)
            problem = Problem(file, line, format_key_path(key_path), issue.message)
            (self.errors if issue.error else self.warnings).append(problem)
        # a paragraph is one line: YAML block scalars may wrap it; collapse runs of spaces
        return vi.one_line(resolved)

    def rich(self, key_path: KeyPath, source: str, citer: Citer | None = None, extra: dict[str, Any] | None = None,
             *, breaks: bool = False, notes: bool = True, where: str = "this text") -> Inline:
        """Render one paragraph of content: placeholders, then the inline markup with its
        citations resolved in reading order (a footnote's where its mark stands)."""
        rendered = self._render(self.src, key_path, source, extra, markup=True)  # names come out escaped
        citer = citer or self.body_citer

        def cite(marker: str, offset: int) -> str:
            resolved, issues = citer.resolve(marker)
            for issue in issues:
                file, line = self.src.locate_in_text(key_path, offset + issue.offset, rendered)
                problem = Problem(file, line, format_key_path(key_path), issue.message)
                (self.errors if issue.error else self.warnings).append(problem)
            return resolved

        pieces, issues = inline.parse(rendered, cite, notes=notes, breaks=breaks, where=where)
        for issue in issues:
            file, line = self.src.locate_in_text(key_path, issue.offset, rendered)
            self.errors.append(Problem(file, line, format_key_path(key_path), issue.message))
        return pieces

    def _render(self, src: SourceMap, key_path: KeyPath, source: str, extra: dict[str, Any] | None = None,
                markup: bool = False) -> str:
        if "{" not in source:
            return source
        where = format_key_path(key_path)
        try:
            template = compile_text(source)
            ctx = {"province": inline.escape_values(self.names) if markup else self.names, "agency": self._agency_fn(markup)}
            if extra:
                ctx.update(extra)
            rendered = template.render(ctx)
        except jinja2.TemplateSyntaxError as e:
            offset = _offset_of_line(source, e.lineno)
            message = _("template syntax error: {error}; {hint}").format(error=e.message, hint=syntax_hint(e.message))
            self.errors.append(Problem(*src.locate_in_text(key_path, offset, source), where, message))
        except _UnknownAgency as e:
            self.errors.append(Problem(*src.locate(key_path), where, str(e)))
        except jinja2.UndefinedError as e:
            self.errors.append(Problem(*src.locate(key_path), where,
                                       _("{error}; available: {names}, agency('key')").format(
                                           error=e.message, names=f"province.{{{', '.join(sorted(self.names))}}}")))
        except Exception as e:  # noqa: BLE001 - any failure of an expression is the content's problem
            line, message = explain(e, source)
            self.errors.append(Problem(*src.locate_in_text(key_path, _offset_of_line(source, line), source), where, message))
        else:
            index = vi.xml_forbidden(rendered)
            if index is None:
                return rendered
            message = _("an expression produces {what}").format(what=vi.forbidden_char_message(rendered, index))
            self.errors.append(Problem(*src.locate(key_path), where, message))
        return source

    def problem(self, key_path: KeyPath, message: str) -> None:
        """Record an error at ``key_path`` of the document."""
        self.errors.append(Problem(*self.src.locate(key_path), format_key_path(key_path) or None, message))

    def _agency_fn(self, markup: bool = False) -> Callable[..., str]:
        def agency(*args: Any, **kwargs: Any) -> str:
            if len(args) != 1 or kwargs or not isinstance(args[0], str):
                raise _UnknownAgency("agency() takes one agency key in quotes, such as {{ agency('cong-an') }}")
            key = args[0]
            if key not in self.agencies:
                raise _UnknownAgency(self._unknown_agency_message(key))
            return inline.escape(self.agency_name(key)) if markup else self.agency_name(key)
        return agency

    def _unknown_agency_message(self, key: str) -> str:
        return _("unknown agency '{key}'{closest} (see content/agencies.yaml)").format(
            key=shorten(key), closest=closest(key, self.agencies, N_("closest")))

    def agency_name(self, key: str, field: str = "name") -> str:
        """An agency's name for this province (``field`` "name" or "recipient")."""
        cache_key = f"{key}:{field}"
        if cache_key not in self._agency_names:
            agency: Agency = self.agencies[key]
            source = getattr(agency, field) or agency.name
            reg = self.registries.agencies.source
            path = ("agencies", key, field if getattr(agency, field) else "name")
            name = vi.one_line(self._render(reg, path, source))
            if vi.is_blank(name):
                self.errors.append(Problem(*reg.locate(path), format_key_path(path), _("the agency's name is empty{blank}").format(blank=_(BLANK_NOTE))))
            self._agency_names[cache_key] = name
        return self._agency_names[cache_key]

    def _check_agency(self, key: str, key_path: KeyPath) -> bool:
        if key in self.agencies:
            agency = self.agencies[key]
            if agency.when == "special_zones" and not self.province.special_zones:
                self.problem(key_path, _("agency '{key}' exists only in provinces with đặc khu; {province} has none").format(
                    key=key, province=self.names['full_name']))
                return False
            return True
        self.problem(key_path, self._unknown_agency_message(key))
        return False

    def paragraphs(self, key_path: KeyPath, value: str | list[str] | None, item: bool = False) -> list[Inline]:
        """A ``str | list[str]`` content field as rendered paragraphs; a blank one is an error.
        With ``item``, all of them blank returns [] for the caller to report about the item."""
        if value is None:
            return []
        if isinstance(value, str):
            rendered = [(key_path, self.rich(key_path, value))]
        else:
            rendered = [((*key_path, i), self.rich((*key_path, i), v)) for i, v in enumerate(value)]
        out = [pieces for _, pieces in rendered if not _blank(pieces)]
        if out or not item:
            for path, pieces in rendered:
                if _blank(pieces):
                    self.problem(path, _("empty paragraph{blank}; write its text or remove it").format(blank=_(BLANK_NOTE)))
        return out

    # -- the document ----------------------------------------------------------------------

    def compose(self) -> Composed:
        doc = self.doc
        kind = KINDS[doc.kind]
        self._check_references()
        subject = self.rich(("subject",), doc.subject, citer=self.citer(),
                            breaks=True, notes=False, where="the trích yếu")
        if _blank(subject):
            self.problem(("subject",), _("the trích yếu is empty{blank}; write what the document is about").format(blank=_(BLANK_NOTE)))
        blocks: list[Block] = []
        bases = self._bases()
        values, extra = legal_bases.preamble_values(doc), legal_bases.uncited(doc, self.citations)
        if extra and (doc.bases_as == "text" or not values):  # a province's added bases: "Căn cứ …;" lines
            blocks.extend(Block("body", self.rich(("bases", i), legal_bases.line(k))) for i, k in extra)
        elif extra:  # …or one footnote after the preamble's last citation of a base
            at, text = legal_bases.with_note(values, [key for __, key in extra], list(doc.bases))
            values = [text if j == at else v for j, v in enumerate(values)]
        if doc.preamble is not None:
            for i, v in enumerate(values):
                path = ("preamble",) if isinstance(doc.preamble, str) else ("preamble", i)
                pieces = self.rich(path, v, extra={"bases": bases})
                if _blank(pieces):
                    self.problem(path, _("empty paragraph{blank}; write its text or remove it").format(blank=_(BLANK_NOTE)))
                blocks.append(Block("body", pieces))
        numbered = 0
        for i, node in enumerate(doc.sections):
            self._node(blocks, node, ("sections", i), 0, numbered, kind)
            numbered += not (node.dash or node.table_only)
        if doc.implementation is not None:
            self._implementation(blocks, numbered, kind)
        for text in self.paragraphs(("closing",), doc.closing):
            blocks.append(Block("body", text))
        if not blocks:
            self.problem((), "the document has no body: add preamble, sections or closing")
        else:  # "./." ends the last paragraph (a table has none)
            last = end_mark_at(self, [b.table is not None for b in blocks])
            blocks[last] = dataclasses.replace(blocks[last], pieces=_with_end_mark(blocks[last].pieces))
        recipients = self._recipients()
        signature = self._signature(kind)
        appendices = compose_appendices(self, kind, signature["lines"], [b.text for b in blocks])
        extra = [b for a in appendices for b in a.get("blocks", ())]  # free appendices: footnotes numbered on
        numbered, footnotes = inline.number_notes(b.pieces for b in (*blocks, *extra))
        every = [dataclasses.replace(b, pieces=p) for b, p in zip((*blocks, *extra), numbered)]
        blocks, rest = every[:len(blocks)], every[len(blocks):]
        for a in (a for a in appendices if "blocks" in a):
            a["blocks"], rest = [b.data() for b in rest[:len(a["blocks"])]], rest[len(a["blocks"]):]
        if self.errors:
            raise ContentError.from_problems(self.errors)
        year = doc.date.year if doc.date else doc.year  # one of them is set: checked above
        context = {
            "issuer": {"line1": "ỦY BAN NHÂN DÂN", "line2": self.names["upper_name"]},
            "number_line": f"Số: {vi.number_str(doc.printed_number)}/{doc.symbol or kind.symbol}",
            "date_line": vi.date_line(self.names["place"], doc.printed_date, year),
            "kind_title": kind.title,
            "subject": inline.plain(subject),
            "subject_pieces": subject,
            "blocks": [b.data() for b in blocks],
            "footnotes": [{"number": n, "text": inline.plain(p), "pieces": p} for n, p in footnotes],
            "recipients": recipients,
            "signature": signature,
            "province": self.names,
            "appendices": appendices,
            "marks": {"draft": vi.draft_mark(doc.draft, doc.draft_round), "urgency": doc.urgency, "confidentiality": doc.confidentiality,
                      "circulation": doc.circulation},
        }
        return Composed(context, self.warnings, self.notes, list(self.body_citer.used), kind)

    def _bases(self) -> Any:
        """What {{ bases }} prints: "[[a]]; [[b]]", or with bases_as: footnote a note listing them."""
        if not self.doc.bases:
            return Unavailable(_("has nothing to print: 'bases' is empty; list the citation keys of the legal bases under 'bases'"))
        listed = "; ".join(f"[[{k}]]" for k in self.doc.bases if k in self.citations)
        if self.doc.bases_as == "text" or not listed:
            return listed
        return f"^[{listed}.]"

    def _check_references(self) -> None:
        for i, key in enumerate(self.doc.bases):
            if key not in self.citations:
                self.problem(("bases", i), _("unknown citation '{key}'{closest}").format(key=key, closest=closest(key, self.citations)))
        if self.doc.date is None and self.doc.year is None:
            self.problem(("year",), _(YEAR_NEEDED))
        provinces = self.registries.provinces
        for field in ("name", "place"):
            if vi.is_blank(self.names[field]):
                index = next((i for i, p in enumerate(provinces.value.provinces) if p.slug == self.province.slug), None)
                path = ("provinces", index, field) if index is not None else ("provinces",)
                self.errors.append(Problem(*provinces.source.locate(path), format_key_path(path), _("the province's {field} is empty{blank}").format(field=field, blank=_(BLANK_NOTE))))

    def marker(self, level: Level, index: int, key_path: KeyPath, too_many: str) -> str:
        """``level``'s number for the item at ``index``. Past "y" a lettered level has no letter
        left (vbgen never prints "aa)"): the error ``too_many`` at ``key_path``, once per level."""
        if past_the_letters(level, index):
            if index == len(vi.LETTERS):
                self.problem(key_path, too_many)
            return "?)"
        return level.marker(index)

    def _node(self, blocks: list[Block], node: Node, path: KeyPath, depth: int, index: int, kind: DocKind) -> None:
        if depth >= len(kind.levels) and not node.table_only:  # a table alone takes no number: any depth
            self.problem(path, _("nested {depth} levels deep, but a {kind} numbers {levels} levels ({markers}); move these items "
                                 "up a level or write them as paragraphs ('text: [...]') of the item above").format(
                depth=depth + 1, kind=kind.title.capitalize(), levels=len(kind.levels),
                markers=' '.join(level.marker(0) for level in kind.levels)))
            return
        level = kind.levels[min(depth, len(kind.levels) - 1)]
        if node.dash:  # "-" at any depth: printed as a body paragraph, sub-items go one level down
            level = DASH
        marker = self.marker(level, index, path, _("a 24th lettered sub-item: {rule}").format(rule=_(LETTERS_END)))
        title = self.rich((*path, "title"), node.title) if node.title is not None else None
        paragraphs = self.paragraphs((*path, "text"), node.text, item=title is None)
        if title is not None and _blank(title):
            self.problem((*path, "title"), _("empty title{blank}; write it or remove the key").format(blank=_(BLANK_NOTE)))
        elif title is not None:
            if level.upper_title:
                title = inline.map_text(title, vi.upper)
            blocks.append(Block(level.title_style, inline.concat(f"{marker} ", title)))
            blocks.extend(Block("body", p) for p in paragraphs)
        elif paragraphs:
            blocks.append(Block("body", inline.concat(f"{marker} ", paragraphs[0])))
            blocks.extend(Block("body", p) for p in paragraphs[1:])
        elif not node.table_only:
            if node.items:
                message = _("sub-items need a 'title' above them{blank}; write one, or remove the item and move its sub-items up a level")
            else:
                message = _("this item has neither 'title' nor 'text'{blank}; write one, or remove the item")
            self.problem(path, message.format(blank=_(BLANK_NOTE)))
        if node.table is not None:
            grid = compose_table(self, node.table, (*path, "table"), self.landscape)
            blocks.append(Block("table", (), grid))
        numbered = 0  # "-" points and tables alone do not take a number from their numbered siblings
        for i, child in enumerate(node.items):
            self._node(blocks, child, (*path, "items", i), depth + 1, numbered, kind)
            numbered += not (child.dash or child.table_only)
        blocks.extend(Block("body", p) for p in self.paragraphs((*path, "closing"), node.closing))

    def _implementation(self, blocks: list[Block], index: int, kind: DocKind) -> None:
        impl = self.doc.implementation
        assert impl is not None
        level = kind.levels[0]
        title = self.rich(("implementation", "title"), impl.title)
        if _blank(title):
            self.problem(("implementation", "title"), _("empty title{blank}; write it or remove the key (default: Tổ chức thực hiện)").format(blank=_(BLANK_NOTE)))
        if not impl.tasks and impl.intro is None and impl.closing is None:
            self.problem(("implementation",), _("'implementation' has no tasks, intro or closing; add tasks or remove 'implementation'"))
        if level.upper_title:
            title = inline.map_text(title, vi.upper)
        blocks.append(Block(level.title_style, inline.concat(f"{level.marker(index)} ", title)))
        blocks.extend(Block("body", p) for p in self.paragraphs(("implementation", "intro"), impl.intro))
        group_level = kind.levels[min(1, len(kind.levels) - 1)]
        task_level = kind.levels[min(2, len(kind.levels) - 1)]
        for g, (lead, tasks) in enumerate(self._tasks_by_lead()):
            agency = self.agencies[lead]
            name = self.agency_name(lead)
            heading = f"Đề nghị {name}" if agency.requested else name
            blocks.append(Block(group_level.title_style, inline.text(f"{group_level.marker(g)} {heading}")))
            for t, (i, task) in enumerate(tasks):
                text = self._task_text(i, task)
                if len(tasks) == 1:
                    blocks.append(Block("body", text))
                else:
                    number = self.marker(task_level, t, ("implementation", "tasks", i), _(TASKS_END).format(lead=lead))
                    blocks.append(Block("body", inline.concat(f"{number} ", text)))
        blocks.extend(Block("body", p) for p in self.paragraphs(("implementation", "closing"), impl.closing))

    def _tasks_by_lead(self) -> list[tuple[str, list[tuple[int, Task]]]]:
        """Tasks grouped by lead agency, groups in the order of content/agencies.yaml."""
        impl = self.doc.implementation
        assert impl is not None
        groups: dict[str, list[tuple[int, Task]]] = {}
        for i, task in enumerate(impl.tasks):
            ok = self._check_agency(task.lead, ("implementation", "tasks", i, "lead"))
            for j, co in enumerate(task.cooperate):
                ok = self._check_agency(co, ("implementation", "tasks", i, "cooperate", j)) and ok
                if co == task.lead:
                    self.problem(("implementation", "tasks", i, "cooperate", j), _("'{key}' is also the lead agency of this task").format(key=co))
            if ok:
                groups.setdefault(task.lead, []).append((i, task))
        order = {key: n for n, key in enumerate(self.agencies)}
        return sorted(groups.items(), key=lambda kv: order[kv[0]])

    def _task_text(self, i: int, task: Task) -> Inline:
        text = self.rich(("implementation", "tasks", i, "text"), task.text)
        if _blank(text):
            self.problem(("implementation", "tasks", i, "text"), _("the task has no text{blank}; write what to do").format(blank=_(BLANK_NOTE)))
        body = inline.end_with(text, ".;", ".")
        if task.cooperate:
            names = ", ".join(self.agency_name(k) for k in task.cooperate)
            body = inline.concat(f"Chủ trì, phối hợp với {names} ", body)
        else:
            body = inline.capitalize_first(body)
        deadline = self.rich(("implementation", "tasks", i, "deadline"), task.deadline) if task.deadline else ()
        if not _blank(deadline):
            body = inline.concat(body, " Thời gian thực hiện: ", inline.end_with(deadline, ".", "."))
        return body

    def _recipients(self) -> list[str]:
        """"Nơi nhận" lines; agencies given a task but not listed are added (README: Recipients)."""
        lines: list[str] = []
        if not self.doc.recipients and not self.doc.historical and (
                self.doc.implementation is None or not self.doc.implementation.tasks):  # a historical text stays as it was
            self.warnings.append(Problem(*self.src.locate(()), "recipients", _(
                "no recipients: a {kind} goes to the bodies that carry it out and to those it reports to "
                "(Nghị định 30/2020, Điều 8); list them under 'recipients'").format(kind=KINDS[self.doc.kind].title.capitalize())))
        listed: set[str] = set()
        for i, r in enumerate(self.doc.recipients):
            path = ("recipients", i)
            if (r.agency is None) == (r.text is None):
                self.problem(path, _("give exactly one of 'agency' or 'text'"))
                continue
            if r.agency is not None:
                if not self._check_agency(r.agency, (*path, "agency")):
                    continue
                listed.add(r.agency)
                name = self.agency_name(r.agency, "recipient")
            else:
                name = self.text((*path, "text"), r.text or "")
                if vi.is_blank(name):
                    self.problem((*path, "text"), _("empty recipient{blank}; write it or remove the line").format(blank=_(BLANK_NOTE)))
            purpose = self.text((*path, "purpose"), r.purpose) if r.purpose else ""
            purpose = "" if vi.is_blank(purpose) else f" ({purpose})"
            lines.append(f"- {name.rstrip(';.')}{purpose};")
        if self.doc.implementation is not None:
            involved: list[str] = []
            for task in self.doc.implementation.tasks:
                for key in (task.lead, *task.cooperate):
                    if key in self.agencies and key not in involved:
                        involved.append(key)
            order = {key: n for n, key in enumerate(self.agencies)}
            for key in sorted(involved, key=order.__getitem__):
                group = self.agencies[key].group
                if key in listed or (group is not None and group in listed):
                    continue
                name = self.agency_name(key, "recipient")
                lines.append(f"- {name};")
                listed.add(key)
                self.notes.append(_("added to Nơi nhận: {name} (given a task, not listed in recipients)").format(name=name))
        storage = self.doc.storage or self.province.storage_unit
        lines.append(f"- Lưu: VT, {storage}.")
        return [vi.nfc(line) for line in lines]

    def _signature(self, kind: DocKind) -> dict[str, Any]:
        sig = self.doc.signature
        if sig.lines is not None and sig.preset is not None:
            self.problem(("signature",), _("give either 'preset' or 'lines', not both"))
        if sig.lines is not None:
            lines = [vi.upper(self.text(("signature", "lines", i), line)) for i, line in enumerate(sig.lines)]
            for i, line in enumerate(lines):
                if vi.is_blank(line):
                    self.problem(("signature", "lines", i), _("empty signature line{blank}; write it or remove it").format(blank=_(BLANK_NOTE)))
            if not lines:
                self.problem(("signature", "lines"), _("no signature lines; give at least one (\"CHỦ TỊCH\") or use a 'preset'"))
        else:
            lines = list(SIGNATURES[sig.preset or kind.signature])
        name = self.text(("signature", "name"), sig.name) if sig.name else ""
        return {"lines": lines, "name": name}


class _UnknownAgency(Exception):
    """Raised by agency() inside a content template."""


def _blank(pieces: Inline) -> bool:
    """No words at all (blank, whitespace, NBSP or zero-width only), as vi.is_blank says."""
    return vi.is_blank(inline.plain(pieces))


def _with_end_mark(pieces: Inline) -> Inline:
    """The last paragraph of the body ends with "./.", after the mark of a footnote on its last
    sentence ("… hình mới¹./.")."""
    if inline.ends_with(pieces, END_MARK) and isinstance(pieces[-1], inline.Span):
        return pieces  # as written (no footnote mark after it)
    return inline.end_with(pieces, ".;:", END_MARK, notes_first=True)


def compose(doc: Validated[Document], province: Province, registries: Registries) -> Composed:
    """Compose ``doc`` for ``province``; ContentError lists every problem found."""
    return Composer(doc, province, registries).compose()
