"""Read a .docx into plain records for the format checker; all raw XML reading lives here.

:func:`read_body` walks ``w:body`` once and returns every paragraph (tables included, in
document order) with its formatting *resolved* the way Word does it:

    document defaults (``w:docDefaults``) → table style → paragraph style (``w:basedOn``
    chain) → numbering level → direct paragraph formatting; for runs: … → paragraph style
    → character style chain → direct run formatting; ``w:asciiTheme`` & co. through the
    theme's font scheme.

:class:`StyleResolver` does the resolving, with caches, so each style chain is walked once.
Everything returned is an immutable record (:class:`Para`, :class:`Run`, :class:`Table`);
the checker never needs lxml.

Two ways in: :func:`open_document` (python-docx, any package it can open) and
:func:`open_fast` (zipfile + lxml, ~5× faster, caching the parts that repeat between
documents made from one template; it declines anything unusual, and the caller then uses
:func:`open_document`). Both give the same trees, so the same records.

Simplifications (documented because a checker must say what it cannot see):

* toggle properties (bold, italic, caps) use "last level that sets it wins", not the XOR of
  style levels that the spec describes for the rare case of bold in both a paragraph and a
  character style;
* conditional table-style formatting (first row, banded rows) is ignored; only the
  whole-table ``w:pPr``/``w:rPr``/borders of a table style apply;
* ``w:firstLineChars``/``w:leftChars`` indents (East-Asian layouts) are ignored;
* automatic numbering is counted per ``w:numId`` (Word counts per abstract numbering when
  several numIds share one); ``w:lvlRestart`` and ``w:isLgl`` are ignored.
"""

from __future__ import annotations

import copy
import dataclasses
import hashlib
import io
import os
import re
import struct
import threading
import zipfile
from collections import OrderedDict
from collections.abc import Iterator

import docx
from docx.document import Document as DocxDocument
from docx.opc.constants import CONTENT_TYPE as CT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import CONTENT_TYPES_URI, PACKAGE_URI
from docx.opc.part import PartFactory
from docx.oxml.ns import nsmap, qn
from docx.oxml.simpletypes import ST_OnOff, ST_SignedTwipsMeasure, ST_TwipsMeasure
from lxml import etree

try:  # python-docx's own readers of [Content_Types].xml and .rels (internal API)
    from docx.opc.pkgreader import _ContentTypeMap, _SerializedRelationships
except ImportError:  # pragma: no cover - another python-docx: open_fast() then declines
    _ContentTypeMap = _SerializedRelationships = None

__all__ = [
    "Border",
    "CellRef",
    "LineShape",
    "Para",
    "ParaFormat",
    "Run",
    "StyleResolver",
    "Table",
    "BodyView",
    "FastDocument",
    "LINKED",
    "SectionProps",
    "Unsupported",
    "clear_caches",
    "open_document",
    "open_fast",
    "read_block",
    "read_body",
    "read_story",
]

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_A_NS = "http://schemas.openxmlformats.org/drawingml/2006/main"
_WP_NS = "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"
_V_NS = "urn:schemas-microsoft-com:vml"
_MC_NS = "http://schemas.openxmlformats.org/markup-compatibility/2006"

class _Names(dict):
    """Clark names of ``w:`` tags and attributes, computed once (``qn`` is slow in loops)."""

    def __missing__(self, key: str) -> str:
        value = qn(key)
        self[key] = value
        return value


_N = _Names()

_P = _N["w:p"]
_R = _N["w:r"]
_TBL = _N["w:tbl"]
_TR = _N["w:tr"]
_TC = _N["w:tc"]
_SDT = _N["w:sdt"]
_SDT_CONTENT = _N["w:sdtContent"]
_T = _N["w:t"]
_VAL = _N["w:val"]
_TXBX = _N["w:txbxContent"]
_PPR = _N["w:pPr"]
_PSTYLE = _N["w:pStyle"]
_RPR = _N["w:rPr"]
_RSTYLE = _N["w:rStyle"]
_VANISH = _N["w:vanish"]
_MC_FALLBACK = f"{{{_MC_NS}}}Fallback"

# Containers whose children are read as if they were in the parent (block or run level).
_BLOCK_WRAPPERS = {_N["w:customXml"], _N["w:ins"], _N["w:moveTo"], _N["w:smartTag"]}
_RUN_WRAPPERS = {
    _N["w:hyperlink"],
    _N["w:ins"],
    _N["w:moveTo"],
    _N["w:smartTag"],
    _N["w:customXml"],
    _N["w:fldSimple"],
    _N["w:dir"],
    _N["w:bdo"],
}

_OFF = {"0", "false", "off", "none"}

_EMU_PER_PT = 12700
_TWIPS_PER_PT = 20
DEFAULT_CELL_MARGIN = 108
"""Word's default left/right cell margin (0.19 cm) when no table style sets one."""


# --------------------------------------------------------------------------------------
# records


@dataclasses.dataclass(frozen=True, slots=True)
class Run:
    """A run of text with its resolved character formatting.

    ``text`` holds ``\\t`` for tabs and ``\\n`` for line breaks; hidden runs are left out.
    ``fonts`` are the font names that actually draw this text (the ``w:ascii`` slot for
    ASCII characters, ``w:hAnsi`` for other Latin letters such as Vietnamese ones,
    ``w:eastAsia`` when ``w:hint="eastAsia"``); None means no font is set anywhere.
    """

    text: str
    fonts: tuple[str | None, ...]
    size: float | None  # points; None only if nothing sets it (Word then uses 10 pt)
    bold: bool
    italic: bool
    caps: bool
    underline: str | None
    color: str | None  # "auto", "000000", … or None
    vert_align: str | None  # "superscript", "subscript" or None


@dataclasses.dataclass(frozen=True, slots=True)
class Border:
    """One resolved paragraph border edge."""

    style: str  # w:val, e.g. "single"
    size: int  # eighths of a point


@dataclasses.dataclass(frozen=True, slots=True)
class ParaFormat:
    """Resolved paragraph formatting. Lengths are in twips (1/20 pt)."""

    style_id: str | None
    align: str  # "left", "center", "right", "both" (justified)
    ind_left: int
    ind_right: int
    first_line: int  # positive: first-line indent; negative: hanging indent
    space_before: int
    space_after: int
    before_auto: bool
    after_auto: bool
    line: int | None  # w:spacing/@w:line
    line_rule: str  # "auto" (240ths of a line), "exact", "atLeast"
    contextual: bool
    border_top: Border | None
    border_bottom: Border | None


@dataclasses.dataclass(frozen=True, slots=True)
class CellRef:
    """Where a paragraph sits in a table: ``table`` is an index into ``BodyView.tables``."""

    table: int
    row: int
    col: int  # grid column of the cell (gridSpan counted)


@dataclasses.dataclass(frozen=True, slots=True)
class LineShape:
    """A drawn horizontal line (DrawingML or VML shape) found in a paragraph."""

    width_pt: float
    kind: str  # "drawingml" or "vml"


@dataclasses.dataclass(frozen=True, slots=True)
class Para:
    """One paragraph with its text, resolved formatting and position."""

    index: int
    text: str  # visible text; "\\t" for tabs, "\\n" for line breaks
    label: str  # text of an automatic numbering label ("I. ", "a) ") or ""
    runs: tuple[Run, ...]
    fmt: ParaFormat
    cell: CellRef | None  # innermost table cell, None for top-level paragraphs
    width: int | None  # width of the text area of its table cell in twips (None at top level)
    lines: tuple[LineShape, ...]  # line shapes drawn in or anchored to this paragraph
    fields: tuple[str, ...]  # field instructions in this paragraph, e.g. ("PAGE",)

    @property
    def full_text(self) -> str:
        """The numbering label followed by the text, as a reader sees it."""
        return self.label + self.text


@dataclasses.dataclass(frozen=True, slots=True)
class Table:
    """A table: its cells (as lists of paragraph indexes) and whether borders show."""

    index: int
    parent: CellRef | None  # the cell holding a nested table; None at top level
    cells: tuple[tuple[int, int, tuple[int, ...]], ...]  # (row, col, paragraph indexes)
    n_rows: int
    n_cols: int
    visible_borders: tuple[str, ...]  # edges with a visible border, e.g. ("top", "insideH")

    def cell_paras(self, row: int, col: int) -> tuple[int, ...]:
        """Paragraph indexes of the cell at (row, col), or () if there is none."""
        for r, c, paras in self.cells:
            if r == row and c == col:
                return paras
        return ()


@dataclasses.dataclass(frozen=True, slots=True)
class BodyView:
    """Every paragraph and table of the document body, in document order."""

    paragraphs: tuple[Para, ...]
    tables: tuple[Table, ...]


# --------------------------------------------------------------------------------------
# opening


def open_document(source: str | os.PathLike | bytes) -> DocxDocument:
    """Open a .docx from a path or from its bytes with python-docx.

    Raises:
        ValueError: the file is not a readable WordprocessingML package.
        OSError: the path cannot be read.
    """
    stream = io.BytesIO(source) if isinstance(source, (bytes, bytearray)) else os.fspath(source)
    try:
        return docx.Document(stream)
    except (OSError, FileNotFoundError):
        raise
    except Exception as e:  # zipfile.BadZipFile, KeyError, lxml errors, ValueError …
        raise ValueError(f"not a readable .docx file ({type(e).__name__}: {e})") from e


# --------------------------------------------------------------------------------------
# low-level property readers (pPr / rPr → flat dicts)


def _attr(el, name: str) -> str | None:
    return el.get(_N[f"w:{name}"])


def _toggle(el) -> bool:
    v = el.get(_VAL)
    return v is None or v.lower() not in _OFF


def _int(v: str | None) -> int | None:
    if v is None:
        return None
    try:
        return int(float(v))
    except ValueError:
        return None


_FONT_SLOTS = tuple(
    (f"font.{plain}", _N[f"w:{plain}"], _N[f"w:{theme}"])
    for plain, theme in (
        ("ascii", "asciiTheme"),
        ("hAnsi", "hAnsiTheme"),
        ("eastAsia", "eastAsiaTheme"),
        ("cs", "cstheme"),
    )
)
_HINT = _N["w:hint"]
_TOGGLES = frozenset(("b", "i", "caps", "smallCaps", "vanish", "strike"))


def _parse_rpr(rpr) -> dict:
    """Flatten a ``w:rPr`` into {key: value}; only properties that are present."""
    return _parse_rpr_ex(rpr)[0]


def _parse_rpr_ex(rpr) -> tuple[dict, object, object]:
    """:func:`_parse_rpr`, and the first ``w:rStyle`` and ``w:vanish`` children (or None)."""
    out: dict = {}
    rstyle = vanish = None
    if rpr is None:
        return out, rstyle, vanish
    for child in rpr:
        tag = child.tag
        if not isinstance(tag, str):
            continue
        name = tag.rpartition("}")[2]
        if tag == _RSTYLE:
            if rstyle is None:
                rstyle = child
            continue
        if tag == _VANISH and vanish is None:
            vanish = child
        if name == "rFonts":
            for key, plain, theme in _FONT_SLOTS:
                tv = child.get(theme)
                if tv:
                    out[key] = ("theme", tv)
                else:
                    pv = child.get(plain)
                    if pv:
                        out[key] = ("name", pv)
            hint = child.get(_HINT)
            if hint:
                out["hint"] = hint
        elif name == "sz":
            v = _int(child.get(_VAL))
            if v is not None:
                out["sz"] = v
        elif name in _TOGGLES:
            out[name] = _toggle(child)
        elif name == "u":
            out["u"] = child.get(_VAL) or "single"
        elif name == "color":
            # w:val holds the RGB Word computed for a theme colour, so it is enough
            out["color"] = (child.get(_VAL) or "auto").lower()
        elif name == "vertAlign":
            out["vertAlign"] = child.get(_VAL)
    return out, rstyle, vanish


_JC_MAP = {
    "left": "left",
    "start": "left",
    "right": "right",
    "end": "right",
    "center": "center",
    "both": "both",
    "distribute": "both",
    "mediumKashida": "both",
    "highKashida": "both",
    "lowKashida": "both",
    "thaiDistribute": "both",
}


_IND_SIDES = (
    ("ind.left", (_N["w:start"], _N["w:left"])),
    ("ind.right", (_N["w:end"], _N["w:right"])),
)
_HANGING = _N["w:hanging"]
_FIRST_LINE = _N["w:firstLine"]
_SPACING_ATTRS = (("sp.before", _N["w:before"]), ("sp.after", _N["w:after"]), ("sp.line", _N["w:line"]))
_LINE_RULE = _N["w:lineRule"]
_AUTOSPACING = (
    ("sp.beforeAutospacing", _N["w:beforeAutospacing"]),
    ("sp.afterAutospacing", _N["w:afterAutospacing"]),
)
_PBDR_EDGES = (("bdr.top", _N["w:top"]), ("bdr.bottom", _N["w:bottom"]))
_NUM_ID = _N["w:numId"]
_ILVL = _N["w:ilvl"]


def _parse_ppr(ppr) -> dict:
    """Flatten a ``w:pPr`` into {key: value}; only properties that are present."""
    return _parse_ppr_ex(ppr)[0]


def _parse_ppr_ex(ppr) -> tuple[dict, object]:
    """:func:`_parse_ppr`, and the first ``w:pStyle`` child (or None)."""
    out: dict = {}
    pstyle = None
    if ppr is None:
        return out, pstyle
    for child in ppr:
        tag = child.tag
        if not isinstance(tag, str):
            continue
        if tag == _PSTYLE:
            if pstyle is None:
                pstyle = child
            continue
        name = tag.rpartition("}")[2]
        if name == "jc":
            out["jc"] = _JC_MAP.get(child.get(_VAL) or "left", "left")
        elif name == "ind":
            for key, attrs in _IND_SIDES:
                for a in attrs:
                    v = _int(child.get(a))
                    if v is not None:
                        out[key] = v
                        break
            hanging = _int(child.get(_HANGING))
            first = _int(child.get(_FIRST_LINE))
            if hanging is not None:
                out["ind.first"] = -hanging
            elif first is not None:
                out["ind.first"] = first
        elif name == "spacing":
            for key, a in _SPACING_ATTRS:
                v = _int(child.get(a))
                if v is not None:
                    out[key] = v
            rule = child.get(_LINE_RULE)
            if rule:
                out["sp.lineRule"] = rule
            for key, a in _AUTOSPACING:
                v = child.get(a)
                if v is not None:
                    out[key] = v.lower() not in _OFF
        elif name == "contextualSpacing":
            out["contextual"] = _toggle(child)
        elif name == "pBdr":
            for key, edge in _PBDR_EDGES:
                b = child.find(edge)
                if b is not None:
                    out[key] = _border(b)
        elif name == "numPr":
            num = child.find(_NUM_ID)
            lvl = child.find(_ILVL)
            if num is not None:
                out["numId"] = num.get(_VAL)
            if lvl is not None:
                out["ilvl"] = _int(lvl.get(_VAL)) or 0
    return out, pstyle


def _border(b) -> Border | None:
    val = b.get(_VAL) or "none"
    if val in ("nil", "none"):
        return None
    size = _int(_attr(b, "sz"))
    return Border(val, 2 if size is None else size)


def _visible_edges(borders_el) -> dict[str, bool]:
    out: dict[str, bool] = {}
    if borders_el is None:
        return out
    for child in borders_el:
        if isinstance(child.tag, str):
            name = child.tag.rpartition("}")[2]
            out[name] = _border(child) is not None
    return out


def _cell_margins(mar_el) -> dict[str, int]:
    out: dict[str, int] = {}
    if mar_el is None:
        return out
    for side, names in (("left", ("left", "start")), ("right", ("right", "end"))):
        for n in names:
            el = mar_el.find(_N[f"w:{n}"])
            if el is not None:
                v = _int(_attr(el, "w"))
                if v is not None and (_attr(el, "type") in (None, "dxa")):
                    out[side] = v
                    break
    return out


# --------------------------------------------------------------------------------------
# styles, theme, numbering


@dataclasses.dataclass(slots=True)
class _StyleDef:
    type: str
    based_on: str | None
    ppr: dict
    rpr: dict
    borders: dict[str, bool]
    cell_margins: dict[str, int]


class StyleResolver:
    """Resolves paragraph and run formatting through styles, defaults, theme and numbering.

    Built once per document from python-docx's parsed parts (``StyleResolver(document)``),
    or from the parsed parts themselves (:meth:`from_parts`); caches every style chain.
    The automatic-numbering counters (:attr:`counters`) are the only per-document state:
    :meth:`for_document` gives a copy that shares the caches but counts from zero, so one
    resolver can serve every document made from the same styles, numbering and theme.
    """

    _RUN_CACHE_MAX = 20000

    def __init__(self, document: DocxDocument) -> None:
        part = document.part
        self._init_styles(_styles_element(document))
        self._theme = _theme_fonts(part)
        self.numbering = _Numbering(_numbering_element(part))
        self._init_caches()

    @classmethod
    def from_parts(cls, styles_el, theme_fonts: dict[str, str | None], numbering_el) -> "StyleResolver":
        """A resolver over already parsed ``styles.xml`` and ``numbering.xml`` roots (or None)."""
        self = cls.__new__(cls)
        self._init_styles(styles_el)
        self._theme = theme_fonts
        self.numbering = _Numbering(numbering_el)
        self._init_caches()
        return self

    def for_document(self) -> "StyleResolver":
        """A copy sharing the (immutable or cache) state, with fresh numbering counters."""
        clone = copy.copy(self)
        clone.counters = {}
        return clone

    def _init_styles(self, styles_el) -> None:
        self._style_els: dict = {}
        self._styles: dict[str, _StyleDef | None] = {}
        self.default_para_style: str | None = None
        self.default_table_style: str | None = None
        self._default_char_style: str | None = None
        self._doc_rpr: dict = {}
        self._doc_ppr: dict = {}
        if styles_el is not None:
            dd = styles_el.find(_N["w:docDefaults"])
            if dd is not None:
                self._doc_rpr = _parse_rpr(dd.find(f"{_N['w:rPrDefault']}/{_N['w:rPr']}"))
                self._doc_ppr = _parse_ppr(dd.find(f"{_N['w:pPrDefault']}/{_N['w:pPr']}"))
            for st in styles_el.iterchildren(_N["w:style"]):
                sid = st.get(_N["w:styleId"])
                if not sid:
                    continue
                self._style_els[sid] = st
                if (st.get(_N["w:default"]) or "").lower() in ("1", "true", "on"):
                    stype = st.get(_N["w:type"]) or "paragraph"
                    if stype == "paragraph":
                        self.default_para_style = sid
                    elif stype == "table":
                        self.default_table_style = sid
                    elif stype == "character":
                        self._default_char_style = sid

    def _init_caches(self) -> None:
        self.counters: dict[str, list[int]] = {}
        self._lock = threading.Lock()
        self._chain_cache: dict[tuple[str, str | None], tuple[dict, dict]] = {}
        self._base_cache: dict[tuple, tuple[dict, dict]] = {}
        self._fmt_cache: dict[tuple, ParaFormat] = {}
        self._run_cache: dict[tuple, Run] = {}

    # -- styles ------------------------------------------------------------------------

    def has_style(self, style_id: str | None) -> bool:
        return style_id in self._style_els

    def _style(self, style_id: str | None) -> _StyleDef | None:
        """The parsed definition of a style (parsed on first use), None if unknown."""
        if style_id is None:
            return None
        styles = self._styles
        if style_id in styles:
            return styles[style_id]
        with self._lock:  # several threads may share a resolver; parse each style once
            if style_id in styles:
                return styles[style_id]
            st = self._style_els.get(style_id)
            parsed = None
            if st is not None:
                based = st.find(_N["w:basedOn"])
                tblpr = st.find(_N["w:tblPr"])
                parsed = _StyleDef(
                    type=st.get(_N["w:type"]) or "paragraph",
                    based_on=based.get(_VAL) if based is not None else None,
                    ppr=_parse_ppr(st.find(_N["w:pPr"])),
                    rpr=_parse_rpr(st.find(_N["w:rPr"])),
                    borders=_visible_edges(tblpr.find(_N["w:tblBorders"])) if tblpr is not None else {},
                    cell_margins=_cell_margins(tblpr.find(_N["w:tblCellMar"])) if tblpr is not None else {},
                )
            styles[style_id] = parsed
            return parsed

    def _ancestry(self, style_id: str | None) -> list[_StyleDef]:
        """The style and its basedOn ancestors, the style first (cycles cut)."""
        out: list[_StyleDef] = []
        sid = style_id
        while len(out) < 20:
            st = self._style(sid)
            if st is None or any(st is o for o in out):
                break
            out.append(st)
            sid = st.based_on
        return out

    def _chain(self, kind: str, style_id: str | None) -> tuple[dict, dict]:
        """Merged (pPr, rPr) of a style and its basedOn ancestors (base first)."""
        key = (kind, style_id)
        hit = self._chain_cache.get(key)
        if hit is not None:
            return hit
        ppr: dict = {}
        rpr: dict = {}
        for st in reversed(self._ancestry(style_id)):
            ppr.update(st.ppr)
            rpr.update(st.rpr)
        return self._chain_cache.setdefault(key, (ppr, rpr))

    def table_borders(self, style_id: str | None) -> dict[str, bool]:
        """Visible/invisible state of each table edge set by a table style chain."""
        out: dict[str, bool] = {}
        for st in reversed(self._ancestry(style_id or self.default_table_style)):
            out.update(st.borders)
        return out

    def table_cell_margins(self, style_id: str | None) -> dict[str, int]:
        """Left/right cell margins set by a table style chain (or the default table style)."""
        out: dict[str, int] = {}
        for sid in (self.default_table_style, style_id):
            for st in reversed(self._ancestry(sid)):
                out.update(st.cell_margins)
        return out

    def paragraph_base(
        self, table_style: str | None, para_style: str | None, num: tuple[str, int] | None
    ) -> tuple[dict, dict]:
        """(pPr, rPr) before direct formatting: defaults → table style → style → numbering.

        The same key always gives the same dict objects (callers key caches on their id).
        """
        key = (table_style, para_style, num)
        hit = self._base_cache.get(key)
        if hit is not None:
            return hit
        ppr = dict(self._doc_ppr)
        rpr = dict(self._doc_rpr)
        if table_style is not None:
            tp, tr = self._chain("table", table_style)
            ppr.update(tp)
            rpr.update(tr)
        sp, sr = self._chain("paragraph", para_style)
        ppr.update(sp)
        rpr.update(sr)
        if num is not None:
            ppr.update(self.numbering.level_ppr(*num))
        return self._base_cache.setdefault(key, (ppr, rpr))

    def para_format(self, ppr: dict, style_id: str | None) -> ParaFormat:
        """Turn a merged pPr dict into a :class:`ParaFormat`."""
        return ParaFormat(
            style_id=style_id,
            align=ppr.get("jc", "left"),
            ind_left=ppr.get("ind.left", 0),
            ind_right=ppr.get("ind.right", 0),
            first_line=ppr.get("ind.first", 0),
            space_before=ppr.get("sp.before", 0),
            space_after=ppr.get("sp.after", 0),
            before_auto=ppr.get("sp.beforeAutospacing", False),
            after_auto=ppr.get("sp.afterAutospacing", False),
            line=ppr.get("sp.line"),
            line_rule=ppr.get("sp.lineRule", "auto"),
            contextual=ppr.get("contextual", False),
            border_top=ppr.get("bdr.top"),
            border_bottom=ppr.get("bdr.bottom"),
        )

    def merged_format(self, base_ppr: dict, direct: dict, style_id: str | None) -> ParaFormat:
        """``para_format`` of ``base_ppr`` updated with ``direct`` (cached).

        ``base_ppr`` must come from :meth:`paragraph_base` (the cache keys on its id).
        """
        key = (id(base_ppr), style_id, tuple(direct.items()))
        hit = self._fmt_cache.get(key)
        if hit is None:
            ppr = dict(base_ppr)
            ppr.update(direct)
            hit = self.para_format(ppr, style_id)
            if len(self._fmt_cache) >= self._RUN_CACHE_MAX:
                self._fmt_cache.clear()
            self._fmt_cache[key] = hit
        return hit

    def run(self, base_rpr_key: int, base_rpr: dict, r_el, text: str) -> Run:
        """Resolve one ``w:r``: paragraph-level rPr → character style chain → direct rPr."""
        direct, rstyle_el, _ = _parse_rpr_ex(_first_child(r_el, _RPR))
        return self.resolve_run(base_rpr_key, base_rpr, direct, rstyle_el, text)

    def resolve_run(self, base_rpr_key: int, base_rpr: dict, direct: dict, rstyle_el, text: str) -> Run:
        """:meth:`run` from the run's parsed ``w:rPr`` and its ``w:rStyle`` element."""
        rstyle = self._default_char_style if rstyle_el is None else rstyle_el.get(_VAL)
        slots = _slots_used(text, direct.get("hint") or base_rpr.get("hint"))
        key = (base_rpr_key, rstyle, tuple(direct.items()), slots)
        hit = self._run_cache.get(key)
        if hit is not None:
            if hit.text == text:
                return hit
            return Run(
                text,
                hit.fonts,
                hit.size,
                hit.bold,
                hit.italic,
                hit.caps,
                hit.underline,
                hit.color,
                hit.vert_align,
            )
        merged = dict(base_rpr)
        if rstyle is not None:
            merged.update(self._chain("character", rstyle)[1])
        merged.update(direct)
        fonts = tuple(dict.fromkeys(self._font(merged.get(f"font.{s}")) for s in slots))
        sz = merged.get("sz")
        result = Run(
            text=text,
            fonts=fonts,
            size=sz / 2 if sz is not None else None,
            bold=merged.get("b", False),
            italic=merged.get("i", False),
            caps=merged.get("caps", False),
            underline=None if merged.get("u") in (None, "none") else merged.get("u"),
            color=merged.get("color"),
            vert_align=None
            if merged.get("vertAlign") in (None, "baseline")
            else merged.get("vertAlign"),
        )
        if len(self._run_cache) >= self._RUN_CACHE_MAX:
            self._run_cache.clear()
        self._run_cache[key] = result
        return result

    def is_hidden(self, base_rpr: dict, r_el) -> bool:
        """True if the run is hidden text (``w:vanish``) after resolution."""
        _, rstyle_el, vanish_el = _parse_rpr_ex(_first_child(r_el, _RPR))
        return self.hidden(base_rpr, rstyle_el, vanish_el)

    def hidden(self, base_rpr: dict, rstyle_el, vanish_el) -> bool:
        """:meth:`is_hidden` from the first ``w:rStyle`` and ``w:vanish`` of the run's rPr."""
        if vanish_el is not None:
            return _toggle(vanish_el)
        if rstyle_el is not None:
            cr = self._chain("character", rstyle_el.get(_VAL))[1]
            if "vanish" in cr:
                return cr["vanish"]
        return base_rpr.get("vanish", False)

    def _font(self, value: tuple[str, str] | None) -> str | None:
        if value is None:
            return None
        kind, name = value
        if kind == "name":
            return name
        return self._theme.get(name)


def _styles_element(document: DocxDocument):
    try:
        return document.part.styles.element  # python-docx parses styles.xml once
    except (KeyError, AttributeError, NotImplementedError):
        return None


def _numbering_element(part):
    try:
        return part.numbering_part.element
    except (KeyError, NotImplementedError, AttributeError):
        return None


def _related_part(part, reltype: str):
    for rel in part.rels.values():
        if rel.reltype == reltype and not rel.is_external:
            return rel.target_part
    return None


def _theme_fonts(part) -> dict[str, str | None]:
    """Map theme font references (``minorHAnsi`` …) to the typefaces of the theme."""
    theme = _related_part(part, RT.THEME)
    if theme is None:
        return {}
    return _theme_fonts_from_blob(theme.blob)


def _theme_fonts_from_blob(blob: bytes) -> dict[str, str | None]:
    try:
        root = etree.fromstring(blob)
    except etree.XMLSyntaxError:
        return {}
    a = f"{{{_A_NS}}}"
    out: dict[str, str | None] = {}
    for major_minor in ("major", "minor"):
        font = root.find(f".//{a}fontScheme/{a}{major_minor}Font")
        if font is None:
            continue

        def face(tag: str) -> str | None:
            el = font.find(f"{a}{tag}")
            return (el.get("typeface") or None) if el is not None else None

        latin, ea, cs = face("latin"), face("ea"), face("cs")
        out[f"{major_minor}Ascii"] = latin
        out[f"{major_minor}HAnsi"] = latin
        out[f"{major_minor}EastAsia"] = ea
        out[f"{major_minor}Bidi"] = cs
    return out


def _slots_used(text: str, hint: str | None) -> tuple[str, ...]:
    """Which rFonts slots draw ``text``: ascii for ASCII, hAnsi (or eastAsia) for the rest.

    Spaces, tabs, line breaks and no-break spaces draw nothing and count for no slot.
    """
    if text.isascii():
        return ("ascii",) if text.strip(" \t\n") else ()
    ink = text.replace("\u00a0", "")
    slots: tuple[str, ...] = ()
    if ink.encode("ascii", "ignore").strip(b" \t\n"):
        slots = ("ascii",)
    if not ink.isascii():
        slots += ("eastAsia",) if hint == "eastAsia" else ("hAnsi",)
    return slots


_ROMAN = (
    (1000, "M"),
    (900, "CM"),
    (500, "D"),
    (400, "CD"),
    (100, "C"),
    (90, "XC"),
    (50, "L"),
    (40, "XL"),
    (10, "X"),
    (9, "IX"),
    (5, "V"),
    (4, "IV"),
    (1, "I"),
)


def _roman(n: int) -> str:
    out = []
    for value, sym in _ROMAN:
        while n >= value:
            out.append(sym)
            n -= value
    return "".join(out)


def _letters(n: int) -> str:
    # Word's lowerLetter: a … z, then aa … zz
    n = max(n, 1)
    return chr(ord("a") + (n - 1) % 26) * ((n - 1) // 26 + 1)


def _format_number(n: int, fmt: str) -> str:
    if fmt == "upperRoman":
        return _roman(n)
    if fmt == "lowerRoman":
        return _roman(n).lower()
    if fmt == "lowerLetter":
        return _letters(n)
    if fmt == "upperLetter":
        return _letters(n).upper()
    if fmt == "decimalZero":
        return f"{n:02d}"
    if fmt == "none":
        return ""
    return str(n)


@dataclasses.dataclass(slots=True)
class _Level:
    start: int
    fmt: str
    text: str
    suffix: str
    ppr: dict


class _Numbering:
    """Automatic numbering (numbering.xml): level formats; the counters are passed in.

    ``root`` is the ``w:numbering`` element, or None when the document has no numbering.
    """

    def __init__(self, root) -> None:
        self._levels: dict[str, dict[int, _Level]] = {}
        if root is None:
            return
        abstract: dict[str, dict[int, _Level]] = {}
        for an in root.iterchildren(_N["w:abstractNum"]):
            levels: dict[int, _Level] = {}
            for lvl in an.iterchildren(_N["w:lvl"]):
                ilvl = _int(_attr(lvl, "ilvl")) or 0
                start = lvl.find(_N["w:start"])
                fmt = lvl.find(_N["w:numFmt"])
                text = lvl.find(_N["w:lvlText"])
                suff = lvl.find(_N["w:suff"])
                levels[ilvl] = _Level(
                    start=_int(start.get(_VAL)) if start is not None else 1,
                    fmt=(fmt.get(_VAL) if fmt is not None else "decimal") or "decimal",
                    text=(text.get(_VAL) if text is not None else "") or "",
                    suffix={"nothing": "", "space": " "}.get(
                        suff.get(_VAL) if suff is not None else "tab", "\t"
                    ),
                    ppr=_parse_ppr(lvl.find(_N["w:pPr"])),
                )
            abstract[_attr(an, "abstractNumId") or ""] = levels
        for num in root.iterchildren(_N["w:num"]):
            num_id = _attr(num, "numId") or ""
            ref = num.find(_N["w:abstractNumId"])
            levels = dict(abstract.get(ref.get(_VAL) if ref is not None else "", {}))
            for ov in num.iterchildren(_N["w:lvlOverride"]):
                ilvl = _int(_attr(ov, "ilvl")) or 0
                so = ov.find(_N["w:startOverride"])
                if so is not None and ilvl in levels:
                    levels[ilvl] = dataclasses.replace(
                        levels[ilvl], start=_int(so.get(_VAL)) or 0
                    )
            self._levels[num_id] = levels

    def level_ppr(self, num_id: str, ilvl: int) -> dict:
        lvl = self._levels.get(num_id, {}).get(ilvl)
        return lvl.ppr if lvl is not None else {}

    def has(self, num_id: str | None) -> bool:
        return bool(num_id) and num_id != "0" and num_id in self._levels

    def next_label(self, num_id: str, ilvl: int, state: dict[str, list[int]]) -> str:
        """Advance the counter of (num_id, ilvl) in ``state``; return the label and suffix."""
        levels = self._levels.get(num_id, {})
        lvl = levels.get(ilvl)
        if lvl is None:
            return ""
        counters = state.setdefault(num_id, [0] * 9)
        ilvl = min(max(ilvl, 0), 8)
        if counters[ilvl] == 0:
            counters[ilvl] = lvl.start
        else:
            counters[ilvl] += 1
        for deeper in range(ilvl + 1, 9):
            counters[deeper] = 0
        if lvl.fmt == "bullet":
            text = lvl.text
        else:

            def sub(m: re.Match) -> str:
                k = int(m.group(1)) - 1
                other = levels.get(k)
                value = counters[k] or (other.start if other else 1)
                return _format_number(value, other.fmt if other else "decimal")

            text = re.sub(r"%([1-9])", sub, lvl.text)
        return text + lvl.suffix if text else ""


# --------------------------------------------------------------------------------------
# fields and line shapes


_FIELD_NAME = re.compile(r"^\s*([A-Za-z]+)")


def _own(el, p_el) -> bool:
    """False if ``el`` sits in a text box inside ``p_el`` (it belongs to the box's paragraph)."""
    parent = el.getparent()
    while parent is not None and parent is not p_el:
        if parent.tag == _TXBX:
            return False
        parent = parent.getparent()
    return True


def _field_names(p_el) -> tuple[str, ...]:
    names: list[str] = []
    for fs in p_el.iter(_N["w:fldSimple"]):
        if not _own(fs, p_el):
            continue
        m = _FIELD_NAME.match(_attr(fs, "instr") or "")
        if m:
            names.append(m.group(1).upper())
    instr = [t.text or "" for t in p_el.iter(_N["w:instrText"]) if _own(t, p_el)]
    if instr:
        # Complex fields: instructions may be split over several runs; a new field starts
        # at each fldChar "begin", so split the joined text on those boundaries.
        chunks: list[str] = []
        current: list[str] = []
        for el in p_el.iter(_N["w:fldChar"], _N["w:instrText"]):
            if not _own(el, p_el):
                continue
            if el.tag == _N["w:fldChar"]:
                if _attr(el, "fldCharType") == "begin" and current:
                    chunks.append("".join(current))
                    current = []
            else:
                current.append(el.text or "")
        if current:
            chunks.append("".join(current))
        for c in chunks:
            m = _FIELD_NAME.match(c)
            if m:
                names.append(m.group(1).upper())
    return tuple(names)


_VML_LEN = re.compile(r"(-?[\d.]+)\s*(pt|in|cm|mm|px|emu)?", re.I)
_VML_UNITS = {"pt": 1.0, "in": 72.0, "cm": 72 / 2.54, "mm": 72 / 25.4, "px": 0.75, "emu": 1 / 12700}


def _vml_len(text: str | None) -> float | None:
    if not text:
        return None
    m = _VML_LEN.match(text.strip())
    if not m:
        return None
    return float(m.group(1)) * _VML_UNITS[(m.group(2) or "px").lower()]


def _vml_style(style: str | None) -> dict[str, str]:
    out = {}
    for item in (style or "").split(";"):
        k, _, v = item.partition(":")
        if k.strip():
            out[k.strip().lower()] = v.strip()
    return out


def _line_shapes(p_el) -> tuple[LineShape, ...]:
    """Horizontal line shapes (thin DrawingML shapes, VML lines) inside a paragraph."""
    out: list[LineShape] = []
    wp = f"{{{_WP_NS}}}"
    a = f"{{{_A_NS}}}"
    for tag in (f"{wp}inline", f"{wp}anchor"):
        for d in p_el.iter(tag):
            extent = d.find(f"{wp}extent")
            if extent is None:
                continue
            cx = _int(extent.get("cx")) or 0
            cy = _int(extent.get("cy")) or 0
            geom = d.find(f".//{a}prstGeom")
            prst = geom.get("prst") if geom is not None else ""
            is_line = prst in ("line", "straightConnector1") or (cx > 0 and cy <= 2 * _EMU_PER_PT)
            if is_line and cx > cy:
                out.append(LineShape(cx / _EMU_PER_PT, "drawingml"))
    v = f"{{{_V_NS}}}"
    for el in p_el.iter(f"{v}line", f"{v}shape", f"{v}rect"):
        if any(anc.tag == _MC_FALLBACK for anc in el.iterancestors()):
            continue  # the DrawingML in mc:Choice was already counted
        if el.tag == f"{v}line":
            f = (el.get("from") or "0,0").split(",")
            t = (el.get("to") or "0,0").split(",")
            try:
                x1, y1 = (_vml_len(f[0]) or 0.0), (_vml_len(f[1]) if len(f) > 1 else 0.0) or 0.0
                x2, y2 = (_vml_len(t[0]) or 0.0), (_vml_len(t[1]) if len(t) > 1 else 0.0) or 0.0
            except (KeyError, ValueError):
                continue
            if abs(x2 - x1) > abs(y2 - y1):
                out.append(LineShape(abs(x2 - x1), "vml"))
        else:
            st = _vml_style(el.get("style"))
            w, h = _vml_len(st.get("width")), _vml_len(st.get("height"))
            if w and (h is None or h <= 2.0) and w > (h or 0):
                out.append(LineShape(w, "vml"))
    return tuple(out)


# --------------------------------------------------------------------------------------
# walking the body


_TEXT_TAGS = {
    _N["w:t"]: None,
    _N["w:tab"]: "\t",
    _N["w:ptab"]: "\t",
    _N["w:br"]: "\n",
    _N["w:cr"]: "\n",
    _N["w:noBreakHyphen"]: "-",
    _N["w:softHyphen"]: "",
}


def _run_text(r_el) -> str:
    return _run_parts(r_el)[0]


def _run_parts(r_el) -> tuple[str, object]:
    """The text of a run and its ``w:rPr`` (first one, as ``find`` gives), in one pass."""
    parts: list[str] = []
    rpr = None
    for child in r_el:
        tag = child.tag
        if tag == _T:
            parts.append(child.text or "")
        elif tag in _TEXT_TAGS:
            parts.append(_TEXT_TAGS[tag])
        elif tag == _RPR and rpr is None:
            rpr = child
    return "".join(parts), rpr


def _iter_runs(parent) -> Iterator:
    for child in parent:
        tag = child.tag
        if tag == _R:
            yield child
        elif tag in _RUN_WRAPPERS:
            yield from _iter_runs(child)
        elif tag == _SDT:
            content = child.find(_SDT_CONTENT)
            if content is not None:
                yield from _iter_runs(content)


# descendants that _line_shapes or _field_names look at; most paragraphs have none
_SHAPE_OR_FIELD_TAGS = (
    _N["w:fldSimple"],
    _N["w:instrText"],
    f"{{{_WP_NS}}}inline",
    f"{{{_WP_NS}}}anchor",
    f"{{{_V_NS}}}line",
    f"{{{_V_NS}}}shape",
    f"{{{_V_NS}}}rect",
)


_NO_PROPS: dict = {}  # shared, never modified


class _Walker:
    def __init__(self, resolver: StyleResolver) -> None:
        self.res = resolver
        self.paras: list[Para] = []
        self.tables: list[Table] = []
        self.used_numbering = False  # a paragraph advanced the resolver's counters
        self.with_shapes: set | None = None  # see scan(); None: look in every paragraph

    def block(self, parent, cell: CellRef | None, width: int | None, tstyle: str | None) -> None:
        for child in parent:
            tag = child.tag
            if tag == _P:
                self.paragraph(child, cell, width, tstyle)
            elif tag == _TBL:
                self.table(child, cell)
            elif tag == _SDT:
                content = child.find(_SDT_CONTENT)
                if content is not None:
                    self.block(content, cell, width, tstyle)
            elif tag in _BLOCK_WRAPPERS:
                self.block(child, cell, width, tstyle)

    def scan(self, root) -> None:
        """Note the paragraphs under ``root`` that hold a shape or a field (any depth).

        One pass over ``root`` instead of one per paragraph: the others have no lines and
        no fields, so :func:`_line_shapes` and :func:`_field_names` are skipped for them.
        """
        if root is None:
            return  # block() then fails as it always did
        marked = self.with_shapes = set()
        for el in root.iter(*_SHAPE_OR_FIELD_TAGS):
            for anc in el.iterancestors(_P):
                marked.add(anc)

    def paragraph(self, p_el, cell: CellRef | None, width: int | None, tstyle: str | None) -> None:
        res = self.res
        direct, ps = _parse_ppr_ex(_first_child(p_el, _PPR))
        style_id = ps.get(_VAL) if ps is not None else None
        if style_id is None or not res.has_style(style_id):
            style_id = res.default_para_style
        style_ppr = res._chain("paragraph", style_id)[0]
        num_id = direct.get("numId", style_ppr.get("numId"))
        ilvl = direct.get("ilvl", style_ppr.get("ilvl", 0))
        num = (num_id, ilvl) if res.numbering.has(num_id) else None
        base_ppr, base_rpr = res.paragraph_base(tstyle, style_id, num)
        if num is not None:
            self.used_numbering = True
            label = res.numbering.next_label(num_id, ilvl, res.counters)
        else:
            label = ""
        base_key = id(base_rpr)
        runs: list[Run] = []
        for r_el in _iter_runs(p_el):
            text, rpr_el = _run_parts(r_el)
            if not text:
                continue
            if rpr_el is None:  # formatting all from styles, as in vbgen's documents
                if base_rpr.get("vanish", False):
                    continue
                runs.append(res.resolve_run(base_key, base_rpr, _NO_PROPS, None, text))
                continue
            rdirect, rstyle_el, vanish_el = _parse_rpr_ex(rpr_el)
            if res.hidden(base_rpr, rstyle_el, vanish_el):
                continue
            runs.append(res.resolve_run(base_key, base_rpr, rdirect, rstyle_el, text))
        if self.with_shapes is None or p_el in self.with_shapes:
            lines, fields = _line_shapes(p_el), _field_names(p_el)
        else:
            lines, fields = (), ()
        self.paras.append(
            Para(
                index=len(self.paras),
                text="".join([r.text for r in runs]),
                label=label,
                runs=tuple(runs),
                fmt=res.merged_format(base_ppr, direct, style_id),
                cell=cell,
                width=width,
                lines=lines,
                fields=fields,
            )
        )

    def table(self, tbl_el, parent: CellRef | None) -> None:
        res = self.res
        index = len(self.tables)
        self.tables.append(None)  # type: ignore[arg-type]  # reserve the slot (nesting)
        tblpr = _child(tbl_el, _N["w:tblPr"])
        tstyle = None
        direct_borders: dict[str, bool] = {}
        direct_mar: dict[str, int] = {}
        if tblpr is not None:
            ts = _child(tblpr, _N["w:tblStyle"])
            if ts is not None:
                tstyle = ts.get(_VAL)
            direct_borders = _visible_edges(_child(tblpr, _N["w:tblBorders"]))
            direct_mar = _cell_margins(_child(tblpr, _N["w:tblCellMar"]))
        borders = res.table_borders(tstyle)
        borders.update(direct_borders)
        margins = {"left": DEFAULT_CELL_MARGIN, "right": DEFAULT_CELL_MARGIN}
        margins.update(res.table_cell_margins(tstyle))
        margins.update(direct_mar)
        grid = [
            _int(_attr(g, "w")) or 0
            for g in tbl_el.findall(f"{_N['w:tblGrid']}/{_N['w:gridCol']}")
        ]
        visible = {edge for edge, on in borders.items() if on}
        cells: list[tuple[int, int, tuple[int, ...]]] = []
        n_cols = 0
        for row_i, tr in enumerate(_iter_tagged(tbl_el, _TR)):
            col = 0
            for tc in _iter_tagged(tr, _TC):
                tcpr = _child(tc, _N["w:tcPr"])
                span = 1
                width = None
                cell_mar = dict(margins)
                if tcpr is not None:
                    gs = _child(tcpr, _N["w:gridSpan"])
                    if gs is not None:
                        span = _int(gs.get(_VAL)) or 1
                    tcw = _child(tcpr, _N["w:tcW"])
                    if tcw is not None and _attr(tcw, "type") in (None, "dxa"):
                        width = _int(_attr(tcw, "w")) or None
                    cell_mar.update(_cell_margins(_child(tcpr, _N["w:tcMar"])))
                    for edge, on in _visible_edges(_child(tcpr, _N["w:tcBorders"])).items():
                        if on:
                            visible.add(edge)
                if width is None and grid:
                    width = sum(grid[col : col + span]) or None
                text_width = (
                    width - cell_mar.get("left", 0) - cell_mar.get("right", 0)
                    if width is not None
                    else None
                )
                ref = CellRef(index, row_i, col)
                first = len(self.paras)
                self.block(tc, ref, text_width, tstyle or res.default_table_style)
                cells.append((row_i, col, tuple(range(first, len(self.paras)))))
                col += span
            n_cols = max(n_cols, col)
        n_rows = max((r for r, _, _ in cells), default=-1) + 1
        self.tables[index] = Table(
            index=index,
            parent=parent,
            cells=tuple(cells),
            n_rows=n_rows,
            n_cols=n_cols,
            visible_borders=tuple(sorted(visible)),
        )


def _child(parent, tag: str):
    """``parent.find(tag)`` for a plain tag: the first child with that tag, or None."""
    return next(parent.iterchildren(tag), None)


def _first_child(parent, tag: str):
    """``parent.find(tag)`` (first child with that tag), quick when it is the first child."""
    for child in parent:
        if child.tag == tag:
            return child
        break
    return _child(parent, tag)


def _iter_tagged(parent, tag: str) -> Iterator:
    """Children with ``tag``, looking through w:sdt/w:customXml wrappers."""
    for child in parent:
        if child.tag == tag:
            yield child
        elif child.tag == _SDT:
            content = child.find(_SDT_CONTENT)
            if content is not None:
                yield from _iter_tagged(content, tag)
        elif child.tag in _BLOCK_WRAPPERS:
            yield from _iter_tagged(child, tag)


def read_body(document: DocxDocument, resolver: StyleResolver | None = None) -> BodyView:
    """All paragraphs of the body in document order, table paragraphs included.

    Paragraph indexes count every ``w:p`` met when walking the body top-down, entering
    tables row by row and cell by cell (nested tables too) and content controls; text-box
    contents are not counted.
    """
    resolver = resolver or StyleResolver(document)
    return read_block(document.element.body, resolver)


def read_block(body, resolver: StyleResolver) -> BodyView:
    """:func:`read_body` of a ``w:body`` element (or any block container)."""
    walker = _Walker(resolver)
    walker.scan(body)
    walker.block(body, None, None, None)
    return BodyView(tuple(walker.paras), tuple(walker.tables))


def read_story(element, resolver: StyleResolver) -> tuple[Para, ...]:
    """Paragraphs of a header or footer part element (indexes local to that part).

    Unlike :func:`read_body`, text-box paragraphs are included, because page numbers are
    often placed in a text box in the header.
    """
    return _read_story(element, resolver)[0]


def _read_story(element, resolver: StyleResolver) -> tuple[tuple[Para, ...], bool]:
    """:func:`read_story`, and whether it advanced numbering counters."""
    walker = _Walker(resolver)
    walker.scan(element)
    walker.block(element, None, None, None)
    for txbx in element.iter(_TXBX):
        if any(anc.tag == _MC_FALLBACK for anc in txbx.iterancestors()):
            continue
        walker.block(txbx, None, None, None)
    return tuple(walker.paras), walker.used_numbering


# --------------------------------------------------------------------------------------
# fast opening: zipfile + lxml instead of python-docx, with caches for the repeated parts
#
# python-docx (``docx.Document``) unmarshals the whole package on every call: it walks
# the relationships, reads every part, parses every XML part it knows (styles.xml alone
# is ~4 ms for vbgen's templates) and builds proxies. The checker needs the document
# part, styles, numbering, the theme and the headers/footers, so :class:`FastDocument`
# reads those with ``zipfile`` and lxml (same parser options as python-docx, so the same
# trees), and checks every other part the way python-docx would (read it, parse it if
# python-docx parses that content type). What depends only on parts that repeat between
# documents is cached in small LRUs keyed by a hash of the part's stored (compressed)
# bytes: the relationship graph, "this part reads and parses", the StyleResolver, and the
# paragraphs of each header/footer. Anything outside the common case raises
# :class:`Unsupported`, and the caller falls back to python-docx, which decides (same
# findings, same errors).


class Unsupported(Exception):
    """The fast reader does not stand in for python-docx on this package."""


_XML_PART_TYPES = frozenset(PartFactory.part_type_for)
"""Content types python-docx loads as XML parts (parsed when the package is opened)."""

_HDR_FTR_TYPES = (CT.WML_HEADER, CT.WML_FOOTER)
LINKED = "linked"
"""What :meth:`FastDocument.story_part` gives for a section without that header/footer."""
_local = threading.local()


def _parse_part(blob: bytes):
    """Parse a part's XML with python-docx's parser options (no custom element classes)."""
    parser = getattr(_local, "parser", None)
    if parser is None:  # lxml parsers must not be shared between threads
        parser = _local.parser = etree.XMLParser(remove_blank_text=True, resolve_entities=False)
    return etree.fromstring(blob, parser)


class _LRU:
    """A small thread-safe LRU mapping."""

    def __init__(self, maxsize: int) -> None:
        self.maxsize = maxsize
        self._data: OrderedDict = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key):
        with self._lock:
            value = self._data.get(key)
            if value is not None:
                self._data.move_to_end(key)
            return value

    def put(self, key, value) -> None:
        with self._lock:
            self._data[key] = value
            self._data.move_to_end(key)
            while len(self._data) > self.maxsize:
                self._data.popitem(last=False)

    def clear(self) -> None:
        with self._lock:
            self._data.clear()

    def __len__(self) -> int:
        return len(self._data)


_SKELETONS = _LRU(16)  # relationship graph + content types of a package
_VALID = _LRU(1024)  # (part digest, parsed?) → True: the part reads (and parses) fine
_RESOLVERS = _LRU(4)  # (styles, numbering, theme digests) → StyleResolver (holds styles.xml)
_STORIES = _LRU(64)  # (resolver key, header/footer digest) → its paragraphs


def _after_fork_in_child() -> None:
    # a lock held by another thread when the process forked would stay locked in the child
    for cache in (_SKELETONS, _VALID, _RESOLVERS, _STORIES):
        cache._lock = threading.Lock()
    for resolver in list(_RESOLVERS._data.values()):
        resolver._lock = threading.Lock()


if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_after_fork_in_child)


def clear_caches() -> None:
    """Forget every cached part (for tests and benchmarks)."""
    for cache in (_SKELETONS, _VALID, _RESOLVERS, _STORIES):
        cache.clear()


class _Zip:
    """A zip package in memory, with a digest of each member's stored bytes."""

    def __init__(self, data: bytes) -> None:
        self.data = data
        self.view = memoryview(data)
        self.zf = zipfile.ZipFile(io.BytesIO(data))
        self.infos = self.zf.NameToInfo
        self._digests: dict[str, bytes] = {}

    def read(self, member: str) -> bytes:
        return self.zf.read(member)

    def digest(self, member: str) -> bytes:
        """Hash of everything ``ZipFile.read(member)`` depends on (KeyError if missing).

        Equal digests mean equal reads: same local header, same central-directory entry
        (method, CRC, sizes, flags, name) and same compressed bytes. Nothing is inflated.
        """
        d = self._digests.get(member)
        if d is None:
            info = self.infos[member]
            off = info.header_offset
            head = self.data[off : off + 30]
            if len(head) != 30 or head[:4] != b"PK\x03\x04":
                raise Unsupported(f"{member}: bad local header")
            n, m = struct.unpack_from("<HH", head, 26)
            start = off + 30 + n + m
            end = start + info.compress_size
            if end > len(self.data):
                raise Unsupported(f"{member}: truncated")
            h = hashlib.blake2b(head, digest_size=16)
            h.update(self.view[off + 30 : off + 30 + n])
            h.update(
                struct.pack(
                    "<IQQII", info.CRC, info.compress_size, info.file_size, info.compress_type, info.flag_bits
                )
            )
            h.update(info.orig_filename.encode("utf-8", "surrogatepass"))
            h.update(self.view[start:end])
            d = self._digests[member] = h.digest()
        return d


@dataclasses.dataclass(frozen=True)
class _Skeleton:
    """What python-docx's loader makes of a package's relationships and content types."""

    parts: dict[str, tuple[str, str]]  # partname → (content type, reltype first reached by)
    main: str  # partname of the main document part
    doc_targets: dict[str, str]  # rId → partname, internal relationships of the document part
    styles: str
    numbering: str | None
    theme: str | None
    checks: tuple[tuple[str, bool], ...]  # (member, parsed by python-docx?) of the other parts

    def kind(self, partname: str) -> str:
        return _part_kind(self.parts, partname)


def _part_kind(parts: dict[str, tuple[str, str]], partname: str) -> str:
    """python-docx's class for a part: "image", a registered XML content type, or "part"."""
    content_type, reltype = parts[partname]
    if reltype == RT.IMAGE:
        return "image"  # docx.part_class_selector: ImagePart whatever the content type
    return content_type if content_type in _XML_PART_TYPES else "part"


def _load_skeleton(z: _Zip) -> _Skeleton:
    # the walk depends only on [Content_Types].xml, the .rels members and which members exist
    h = hashlib.blake2b(digest_size=16)
    for name in z.infos:
        raw = name.encode("utf-8", "surrogatepass")
        h.update(struct.pack("<I", len(raw)) + raw)
        if name == "[Content_Types].xml" or name.endswith(".rels"):
            h.update(z.digest(name))
    key = h.digest()
    skeleton = _SKELETONS.get(key)
    if skeleton is None:
        skeleton = _build_skeleton(z)
        _SKELETONS.put(key, skeleton)
    return skeleton


def _build_skeleton(z: _Zip) -> _Skeleton:
    """python-docx's package walk (docx.opc.pkgreader.PackageReader), without reading parts."""
    ct_map = _ContentTypeMap.from_xml(z.read(CONTENT_TYPES_URI.membername))

    def srels_for(uri):
        try:
            xml = z.read(uri.rels_uri.membername)
        except KeyError:
            xml = None
        return _SerializedRelationships.load_from_xml(uri.baseURI, xml)

    parts: dict[str, tuple[str, str]] = {}
    srels_of: dict[str, object] = {}
    visited: list[str] = []

    def walk(srels) -> None:
        for srel in srels:
            if srel.is_external:
                continue
            partname = srel.target_partname
            if partname in visited:
                continue
            visited.append(partname)
            part_srels = srels_for(partname)
            if partname.membername not in z.infos:
                raise Unsupported(f"{partname}: missing part")
            parts[partname] = (ct_map[partname], srel.reltype)
            srels_of[partname] = part_srels
            walk(part_srels)

    pkg_srels = srels_for(PACKAGE_URI)
    walk(pkg_srels)

    def relationships(srels) -> tuple[dict, dict]:
        # docx.opc.rel.Relationships: a dict by rId (a repeated rId replaces the first)
        rels: dict[str, tuple[str, str, bool]] = {}
        targets: dict[str, str] = {}
        for srel in srels:
            if srel.is_external:
                rels[srel.rId] = (srel.reltype, srel.target_ref, True)
            else:
                rels[srel.rId] = (srel.reltype, srel.target_partname, False)
                targets[srel.rId] = srel.target_partname
        return rels, targets

    def related(rels: dict, reltype: str) -> str | None:
        # Relationships.part_with_reltype: KeyError if none, ValueError if several
        matching = [r for r in rels.values() if r[0] == reltype]
        if not matching:
            return None
        if len(matching) > 1 or matching[0][2]:
            raise Unsupported(f"several or external relationships of type {reltype}")
        return matching[0][1]

    def kind(partname: str) -> str:
        return _part_kind(parts, partname)

    main = related(relationships(pkg_srels)[0], RT.OFFICE_DOCUMENT)
    if main is None or kind(main) != CT.WML_DOCUMENT_MAIN:
        raise Unsupported("no WordprocessingML main document part")
    doc_rels, doc_targets = relationships(srels_of[main])
    styles = related(doc_rels, RT.STYLES)
    if styles is None or kind(styles) != CT.WML_STYLES:
        raise Unsupported("no styles part (python-docx would add its default styles)")
    numbering = related(doc_rels, RT.NUMBERING)
    if numbering is not None and kind(numbering) != CT.WML_NUMBERING:
        raise Unsupported("numbering relationship to a part that is not numbering")
    theme = next((t for rt, t, ext in doc_rels.values() if rt == RT.THEME and not ext), None)
    if theme is not None and kind(theme) in _XML_PART_TYPES:
        raise Unsupported("theme relationship to an XML part python-docx parses")
    checks = tuple((pn.membername, kind(pn) in _XML_PART_TYPES) for pn in parts if pn != main)
    return _Skeleton(parts, main, doc_targets, styles, numbering, theme, checks)


@dataclasses.dataclass(frozen=True, slots=True)
class SectionProps:
    """Page set-up of one ``w:sectPr``, read as python-docx's ``Section`` reads it.

    Lengths are python-docx ``Length`` values (EMU ints with ``.mm``); ``refs`` maps
    "header", "first_page_header", "footer", "first_page_footer" to the relationship id
    of the part, or None when the section has no such reference (linked to previous).
    """

    page_width: object
    page_height: object
    top_margin: object
    bottom_margin: object
    left_margin: object
    right_margin: object
    gutter: object
    different_first_page_header_footer: bool
    refs: dict[str, str | None]


_SECTPRS = etree.XPath("./w:body/w:p/w:pPr/w:sectPr | ./w:body/w:sectPr", namespaces={"w": W_NS})
_REFS = (
    ("header", _N["w:headerReference"], "default"),
    ("first_page_header", _N["w:headerReference"], "first"),
    ("footer", _N["w:footerReference"], "default"),
    ("first_page_footer", _N["w:footerReference"], "first"),
)
_R_ID = f"{{{nsmap['r']}}}id"
_W_TYPE = _N["w:type"]


def _length(el, name: str, simple_type) -> object:
    if el is None:
        return None
    value = el.get(_N[name])
    return None if value is None else simple_type.from_xml(value)


def _section_props(sect_pr) -> SectionProps:
    pg_sz = sect_pr.find(_N["w:pgSz"])
    pg_mar = sect_pr.find(_N["w:pgMar"])
    title_pg = sect_pr.find(_N["w:titlePg"])
    if title_pg is None:
        first = False
    else:
        val = title_pg.get(_VAL)
        first = True if val is None else ST_OnOff.from_xml(val)
    refs: dict[str, str | None] = {}
    for attr, tag, type_ in _REFS:
        rid = None
        for ref in sect_pr.iterchildren(tag):
            if ref.get(_W_TYPE) == type_:
                rid = ref.get(_R_ID)
                if rid is None:
                    raise Unsupported("header/footer reference without r:id")
                break
        refs[attr] = rid
    return SectionProps(
        page_width=_length(pg_sz, "w:w", ST_TwipsMeasure),
        page_height=_length(pg_sz, "w:h", ST_TwipsMeasure),
        top_margin=_length(pg_mar, "w:top", ST_SignedTwipsMeasure),
        bottom_margin=_length(pg_mar, "w:bottom", ST_SignedTwipsMeasure),
        left_margin=_length(pg_mar, "w:left", ST_TwipsMeasure),
        right_margin=_length(pg_mar, "w:right", ST_TwipsMeasure),
        gutter=_length(pg_mar, "w:gutter", ST_TwipsMeasure),
        different_first_page_header_footer=first,
        refs=refs,
    )


class FastDocument:
    """A .docx opened without python-docx: the body element, a resolver, the sections.

    Raises :class:`Unsupported` (or whatever zipfile/lxml raise) when python-docx should
    open the package instead; see :func:`open_fast`.
    """

    def __init__(self, data: bytes) -> None:
        z = self._zip = _Zip(data)
        sk = self._skeleton = _load_skeleton(z)
        parsed: dict[str, object] = {}  # trees parsed while checking, reused below
        for member, parse in sk.checks:  # what python-docx would read (and parse) anyway
            key = (z.digest(member), parse)
            if _VALID.get(key) is None:
                blob = z.read(member)
                if parse:
                    parsed[member] = _parse_part(blob)
                _VALID.put(key, True)
        self._parsed = parsed
        root = _parse_part(z.read(sk.main[1:]))
        if root.tag != _N["w:document"]:
            raise Unsupported("main part is not a w:document")
        self.body = root.find(_N["w:body"])
        if self.body is None:
            raise Unsupported("no w:body")
        self.resolver_key = (
            z.digest(sk.styles[1:]),
            z.digest(sk.numbering[1:]) if sk.numbering else None,
            z.digest(sk.theme[1:]) if sk.theme else None,
        )
        master = _RESOLVERS.get(self.resolver_key)
        if master is None:
            styles_el = self._tree(sk.styles[1:])
            theme = _theme_fonts_from_blob(z.read(sk.theme[1:])) if sk.theme else {}
            numbering_el = self._tree(sk.numbering[1:]) if sk.numbering else None
            master = StyleResolver.from_parts(styles_el, theme, numbering_el)
            _RESOLVERS.put(self.resolver_key, master)
        self.resolver = master.for_document()
        self.sections = [_section_props(s) for s in _SECTPRS(root)]

    def _tree(self, member: str):
        tree = self._parsed.pop(member, None)
        return tree if tree is not None else _parse_part(self._zip.read(member))

    def story_part(self, index: int, attr: str) -> str | None:
        """The header/footer part ``attr`` of section ``index`` defines.

        Returns "linked" when the section has no such reference, None when the reference
        leads to no XML part (python-docx: KeyError/AttributeError), else the partname.
        """
        rid = self.sections[index].refs[attr]
        if rid is None:
            return LINKED
        target = self._skeleton.doc_targets.get(rid)
        if target is None:
            return None
        kind = self._skeleton.kind(target)
        if kind in _HDR_FTR_TYPES:
            return target
        if kind in _XML_PART_TYPES:
            raise Unsupported(f"header/footer reference to a {kind} part")
        return None  # an image or plain part has no XML element

    def read_story(self, partname: str) -> tuple[Para, ...]:
        """:func:`read_story` of a header/footer part, cached when numbering is not involved."""
        member = partname[1:]
        key = (self.resolver_key, self._zip.digest(member))
        hit = _STORIES.get(key)
        if hit is not None:
            return hit
        paras, used_numbering = _read_story(self._tree(member), self.resolver)
        if not used_numbering:  # otherwise its labels depend on this document's counters
            _STORIES.put(key, paras)
        return paras


def open_fast(source: str | os.PathLike | bytes) -> FastDocument | None:
    """Open a .docx with :class:`FastDocument`; None if python-docx should open it instead.

    None covers every unusual case (a folder, a broken zip, a missing styles part, several
    relationships of one type …): :func:`open_document` then gives python-docx's verdict.
    """
    if _ContentTypeMap is None:
        return None
    try:
        if isinstance(source, (bytes, bytearray)):
            data = bytes(source)
        else:
            path = os.fspath(source)
            if not isinstance(path, str):
                return None
            with open(path, "rb") as f:
                data = f.read()
        return FastDocument(data)
    except Exception:
        return None
