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

import dataclasses
import io
import os
import re
from collections.abc import Iterator

import docx
from docx.document import Document as DocxDocument
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml.ns import qn
from lxml import etree

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
    "open_document",
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


_FONT_SLOTS = (
    ("ascii", "asciiTheme"),
    ("hAnsi", "hAnsiTheme"),
    ("eastAsia", "eastAsiaTheme"),
    ("cs", "cstheme"),
)


def _parse_rpr(rpr) -> dict:
    """Flatten a ``w:rPr`` into {key: value}; only properties that are present."""
    out: dict = {}
    if rpr is None:
        return out
    for child in rpr:
        tag = child.tag
        if not isinstance(tag, str):
            continue
        name = tag.rpartition("}")[2]
        if name == "rFonts":
            for plain, theme in _FONT_SLOTS:
                tv = _attr(child, theme)
                if tv:
                    out[f"font.{plain}"] = ("theme", tv)
                else:
                    pv = _attr(child, plain)
                    if pv:
                        out[f"font.{plain}"] = ("name", pv)
            hint = _attr(child, "hint")
            if hint:
                out["hint"] = hint
        elif name == "sz":
            v = _int(child.get(_VAL))
            if v is not None:
                out["sz"] = v
        elif name in ("b", "i", "caps", "smallCaps", "vanish", "strike"):
            out[name] = _toggle(child)
        elif name == "u":
            out["u"] = child.get(_VAL) or "single"
        elif name == "color":
            # w:val holds the RGB Word computed for a theme colour, so it is enough
            out["color"] = (child.get(_VAL) or "auto").lower()
        elif name == "vertAlign":
            out["vertAlign"] = child.get(_VAL)
    return out


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


def _parse_ppr(ppr) -> dict:
    """Flatten a ``w:pPr`` into {key: value}; only properties that are present."""
    out: dict = {}
    if ppr is None:
        return out
    for child in ppr:
        tag = child.tag
        if not isinstance(tag, str):
            continue
        name = tag.rpartition("}")[2]
        if name == "jc":
            out["jc"] = _JC_MAP.get(child.get(_VAL) or "left", "left")
        elif name == "ind":
            for key, attrs in (("left", ("start", "left")), ("right", ("end", "right"))):
                for a in attrs:
                    v = _int(_attr(child, a))
                    if v is not None:
                        out[f"ind.{key}"] = v
                        break
            hanging = _int(_attr(child, "hanging"))
            first = _int(_attr(child, "firstLine"))
            if hanging is not None:
                out["ind.first"] = -hanging
            elif first is not None:
                out["ind.first"] = first
        elif name == "spacing":
            for a in ("before", "after", "line"):
                v = _int(_attr(child, a))
                if v is not None:
                    out[f"sp.{a}"] = v
            rule = _attr(child, "lineRule")
            if rule:
                out["sp.lineRule"] = rule
            for a in ("beforeAutospacing", "afterAutospacing"):
                v = _attr(child, a)
                if v is not None:
                    out[f"sp.{a}"] = v.lower() not in _OFF
        elif name == "contextualSpacing":
            out["contextual"] = _toggle(child)
        elif name == "pBdr":
            for edge in ("top", "bottom"):
                b = child.find(_N[f"w:{edge}"])
                if b is not None:
                    out[f"bdr.{edge}"] = _border(b)
        elif name == "numPr":
            num = child.find(_N["w:numId"])
            lvl = child.find(_N["w:ilvl"])
            if num is not None:
                out["numId"] = num.get(_VAL)
            if lvl is not None:
                out["ilvl"] = _int(lvl.get(_VAL)) or 0
    return out


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

    Built once per document from python-docx's parsed parts; caches every style chain.
    """

    def __init__(self, document: DocxDocument) -> None:
        part = document.part
        styles_el = _styles_element(document)
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
        self._theme = _theme_fonts(part)
        self.numbering = _Numbering(part)
        self._chain_cache: dict[tuple[str, str | None], tuple[dict, dict]] = {}
        self._base_cache: dict[tuple, tuple[dict, dict]] = {}
        self._run_cache: dict[tuple, Run] = {}

    # -- styles ------------------------------------------------------------------------

    def has_style(self, style_id: str | None) -> bool:
        return style_id in self._style_els

    def _style(self, style_id: str | None) -> _StyleDef | None:
        """The parsed definition of a style (parsed on first use), None if unknown."""
        if style_id is None:
            return None
        if style_id in self._styles:
            return self._styles[style_id]
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
        self._styles[style_id] = parsed
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
        self._chain_cache[key] = (ppr, rpr)
        return ppr, rpr

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
        """(pPr, rPr) before direct formatting: defaults → table style → style → numbering."""
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
        self._base_cache[key] = (ppr, rpr)
        return ppr, rpr

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

    def run(self, base_rpr_key: int, base_rpr: dict, r_el, text: str) -> Run:
        """Resolve one ``w:r``: paragraph-level rPr → character style chain → direct rPr."""
        rpr_el = r_el.find(_N["w:rPr"])
        direct: dict = {}
        rstyle = self._default_char_style
        if rpr_el is not None:
            rs = rpr_el.find(_N["w:rStyle"])
            if rs is not None:
                rstyle = rs.get(_VAL)
            direct = _parse_rpr(rpr_el)
        slots = _slots_used(text, direct.get("hint") or base_rpr.get("hint"))
        key = (base_rpr_key, rstyle, tuple(sorted(direct.items())), slots)
        hit = self._run_cache.get(key)
        if hit is not None:
            return dataclasses.replace(hit, text=text) if hit.text != text else hit
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
        self._run_cache[key] = result
        return result

    def is_hidden(self, base_rpr: dict, r_el) -> bool:
        """True if the run is hidden text (``w:vanish``) after resolution."""
        rpr_el = r_el.find(_N["w:rPr"])
        if rpr_el is not None:
            v = rpr_el.find(_N["w:vanish"])
            if v is not None:
                return _toggle(v)
            rs = rpr_el.find(_N["w:rStyle"])
            if rs is not None:
                cr = self._chain("character", rs.get(_VAL))[1]
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
    try:
        root = etree.fromstring(theme.blob)
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
    """Which rFonts slots draw ``text``: ascii for ASCII, hAnsi (or eastAsia) for the rest."""
    ascii_, other = False, False
    for ch in text:
        if ch in " \t\n\u00a0":
            continue
        if ord(ch) < 128:
            ascii_ = True
        else:
            other = True
        if ascii_ and other:
            break
    slots: tuple[str, ...] = ()
    if ascii_:
        slots += ("ascii",)
    if other:
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
    """Automatic numbering (numbering.xml): level formats and a per-list counter."""

    def __init__(self, part) -> None:
        self._levels: dict[str, dict[int, _Level]] = {}
        self._counters: dict[str, list[int]] = {}
        try:
            root = part.numbering_part.element
        except (KeyError, NotImplementedError, AttributeError):
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

    def next_label(self, num_id: str, ilvl: int) -> str:
        """Advance the counter of (num_id, ilvl) and return the label text with its suffix."""
        levels = self._levels.get(num_id, {})
        lvl = levels.get(ilvl)
        if lvl is None:
            return ""
        counters = self._counters.setdefault(num_id, [0] * 9)
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
    parts: list[str] = []
    for child in r_el:
        tag = child.tag
        if tag == _T:
            parts.append(child.text or "")
        elif tag in _TEXT_TAGS:
            parts.append(_TEXT_TAGS[tag])
    return "".join(parts)


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


class _Walker:
    def __init__(self, resolver: StyleResolver) -> None:
        self.res = resolver
        self.paras: list[Para] = []
        self.tables: list[Table] = []

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

    def paragraph(self, p_el, cell: CellRef | None, width: int | None, tstyle: str | None) -> None:
        res = self.res
        ppr_el = p_el.find(_N["w:pPr"])
        direct = _parse_ppr(ppr_el)
        style_id = None
        if ppr_el is not None:
            ps = ppr_el.find(_N["w:pStyle"])
            if ps is not None:
                style_id = ps.get(_VAL)
        if style_id is None or not res.has_style(style_id):
            style_id = res.default_para_style
        style_ppr = res._chain("paragraph", style_id)[0]
        num_id = direct.get("numId", style_ppr.get("numId"))
        ilvl = direct.get("ilvl", style_ppr.get("ilvl", 0))
        num = (num_id, ilvl) if res.numbering.has(num_id) else None
        base_ppr, base_rpr = res.paragraph_base(tstyle, style_id, num)
        ppr = dict(base_ppr)
        ppr.update(direct)
        label = res.numbering.next_label(*num) if num is not None else ""
        base_key = id(base_rpr)
        runs: list[Run] = []
        for r_el in _iter_runs(p_el):
            text = _run_text(r_el)
            if not text or res.is_hidden(base_rpr, r_el):
                continue
            runs.append(res.run(base_key, base_rpr, r_el, text))
        self.paras.append(
            Para(
                index=len(self.paras),
                text="".join(r.text for r in runs),
                label=label,
                runs=tuple(runs),
                fmt=res.para_format(ppr, style_id),
                cell=cell,
                width=width,
                lines=_line_shapes(p_el),
                fields=_field_names(p_el),
            )
        )

    def table(self, tbl_el, parent: CellRef | None) -> None:
        res = self.res
        index = len(self.tables)
        self.tables.append(None)  # type: ignore[arg-type]  # reserve the slot (nesting)
        tblpr = tbl_el.find(_N["w:tblPr"])
        tstyle = None
        direct_borders: dict[str, bool] = {}
        direct_mar: dict[str, int] = {}
        if tblpr is not None:
            ts = tblpr.find(_N["w:tblStyle"])
            if ts is not None:
                tstyle = ts.get(_VAL)
            direct_borders = _visible_edges(tblpr.find(_N["w:tblBorders"]))
            direct_mar = _cell_margins(tblpr.find(_N["w:tblCellMar"]))
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
                tcpr = tc.find(_N["w:tcPr"])
                span = 1
                width = None
                cell_mar = dict(margins)
                if tcpr is not None:
                    gs = tcpr.find(_N["w:gridSpan"])
                    if gs is not None:
                        span = _int(gs.get(_VAL)) or 1
                    tcw = tcpr.find(_N["w:tcW"])
                    if tcw is not None and _attr(tcw, "type") in (None, "dxa"):
                        width = _int(_attr(tcw, "w")) or None
                    cell_mar.update(_cell_margins(tcpr.find(_N["w:tcMar"])))
                    for edge, on in _visible_edges(tcpr.find(_N["w:tcBorders"])).items():
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
    walker = _Walker(resolver)
    walker.block(document.element.body, None, None, None)
    return BodyView(tuple(walker.paras), tuple(walker.tables))


def read_story(element, resolver: StyleResolver) -> tuple[Para, ...]:
    """Paragraphs of a header or footer part element (indexes local to that part).

    Unlike :func:`read_body`, text-box paragraphs are included, because page numbers are
    often placed in a text box in the header.
    """
    walker = _Walker(resolver)
    walker.block(element, None, None, None)
    for txbx in element.iter(_TXBX):
        if any(anc.tag == _MC_FALLBACK for anc in txbx.iterancestors()):
            continue
        walker.block(txbx, None, None, None)
    return tuple(walker.paras)
