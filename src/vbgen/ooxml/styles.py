"""Style resolution: document defaults → table style → paragraph style chain → numbering level
→ direct formatting (runs: … → character style chain → direct run formatting), with
``w:asciiTheme`` & co. through the theme's font scheme.

:class:`StyleResolver` does the resolving, with caches, so each style chain is walked once.

Simplification: toggle properties (bold, italic, caps) use "last level that sets it wins",
not the XOR of style levels that the spec describes for the rare case of bold in both a
paragraph and a character style; conditional table-style formatting (first row, banded
rows) is ignored; ``w:firstLineChars``/``w:leftChars`` indents are ignored.
"""

from __future__ import annotations

import copy
import dataclasses
import threading

from docx.document import Document as DocxDocument
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from lxml import etree

from vbgen.ooxml.names import _A_NS, _N, _RPR, _VAL
from vbgen.ooxml.numbering import _Numbering
from vbgen.ooxml.properties import (
    _cell_margins,
    _first_child,
    _parse_ppr,
    _parse_rpr,
    _parse_rpr_ex,
    _toggle,
    _visible_edges,
)
from vbgen.ooxml.records import ParaFormat, Run


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
            border_left=ppr.get("bdr.left"),
            border_right=ppr.get("bdr.right"),
            tabs=tuple(t for t in ppr.get("tabs", ()) if t[1] != "clear"),
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


