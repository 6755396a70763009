"""Walk ``w:body`` (or a header/footer story) once into :class:`~vbgen.ooxml.records.Para` records.

:func:`read_body` returns every paragraph (tables included, in document order) with its
formatting resolved by :class:`~vbgen.ooxml.styles.StyleResolver`, plus the fields and
line shapes each paragraph holds.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from docx.document import Document as DocxDocument

from vbgen.ooxml.names import (
    DEFAULT_CELL_MARGIN,
    _A_NS,
    _BLOCK_WRAPPERS,
    _EMU_PER_PT,
    _MC_FALLBACK,
    _N,
    _P,
    _PPR,
    _R,
    _RPR,
    _RUN_WRAPPERS,
    _SDT,
    _SDT_CONTENT,
    _T,
    _TBL,
    _TC,
    _TR,
    _TXBX,
    _VAL,
    _V_NS,
    _WP_NS,
)
from vbgen.ooxml.properties import (
    _attr,
    _cell_margins,
    _child,
    _first_child,
    _int,
    _iter_tagged,
    _parse_ppr_ex,
    _parse_rpr_ex,
    _visible_edges,
)
from vbgen.ooxml.records import BodyView, CellRef, LineShape, Para, Run, Table
from vbgen.ooxml.styles import StyleResolver


# --------------------------------------------------------------------------------------
# fields and line shapes


_FIELD_NAME = re.compile(r"^\s*([A-Za-z]+)")
_SECT_PR = _N["w:sectPr"]
_FOOTNOTE_REF = _N["w:footnoteReference"]
_W_ID = _N["w:id"]
_BODY = _N["w:body"]  # a section ends at a paragraph of the body itself, as python-docx reads it


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
        self.section_ends: list[int] = []  # paragraphs whose pPr holds a w:sectPr
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
        ppr_el = _first_child(p_el, _PPR)
        if ppr_el is not None and p_el.getparent().tag == _BODY and ppr_el.find(_SECT_PR) is not None:
            self.section_ends.append(len(self.paras))  # this paragraph, about to be appended
        direct, ps = _parse_ppr_ex(ppr_el)
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
        notes: list[tuple[int, int]] = []
        for r_el in _iter_runs(p_el):
            text, rpr_el = _run_parts(r_el)
            if not text:
                ref = r_el.find(_FOOTNOTE_REF)
                if ref is not None and (ref.get(_W_ID) or "").lstrip("-").isdigit():
                    notes.append((len(runs), int(ref.get(_W_ID))))
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
                notes=tuple(notes),
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
        shapes: list[tuple[int, str | None]] = []
        header_rows = 0
        n_cols = 0
        for row_i, tr in enumerate(_iter_tagged(tbl_el, _TR)):
            if header_rows == row_i and _repeats(tr):
                header_rows += 1
            col = 0
            for tc in _iter_tagged(tr, _TC):
                tcpr = _child(tc, _N["w:tcPr"])
                span = 1
                merge = None
                width = None
                cell_mar = dict(margins)
                if tcpr is not None:
                    gs = _child(tcpr, _N["w:gridSpan"])
                    if gs is not None:
                        span = _int(gs.get(_VAL)) or 1
                    vm = _child(tcpr, _N["w:vMerge"])
                    if vm is not None:
                        merge = "restart" if vm.get(_VAL) == "restart" else "continue"
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
                shapes.append((span, merge))
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
            width=sum(grid) or None,
            grid=tuple(grid),
            shapes=tuple(shapes),
            header_rows=header_rows,
        )
def _repeats(tr) -> bool:
    """A row marked to repeat at the top of each page (``w:trPr/w:tblHeader``, not switched off)."""
    trpr = _child(tr, _N["w:trPr"])
    th = _child(trpr, _N["w:tblHeader"]) if trpr is not None else None
    return th is not None and th.get(_VAL) not in ("0", "false", "off")


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
    return BodyView(tuple(walker.paras), tuple(walker.tables), tuple(walker.section_ends))


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


