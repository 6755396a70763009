"""Low-level readers: a ``w:pPr``/``w:rPr``/border/cell-margin element → a flat dict or record."""

from __future__ import annotations

from collections.abc import Iterator

from vbgen.ooxml.names import (
    _BLOCK_WRAPPERS,
    _N,
    _OFF,
    _PSTYLE,
    _RSTYLE,
    _SDT,
    _SDT_CONTENT,
    _VAL,
    _VANISH,
)
from vbgen.ooxml.records import Border


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
_POS = _N["w:pos"]
_SPACING_ATTRS = (("sp.before", _N["w:before"]), ("sp.after", _N["w:after"]), ("sp.line", _N["w:line"]))
_LINE_RULE = _N["w:lineRule"]
_AUTOSPACING = (
    ("sp.beforeAutospacing", _N["w:beforeAutospacing"]),
    ("sp.afterAutospacing", _N["w:afterAutospacing"]),
)
_PBDR_EDGES = (("bdr.top", _N["w:top"]), ("bdr.bottom", _N["w:bottom"]), ("bdr.left", _N["w:left"]),
               ("bdr.right", _N["w:right"]))
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
        elif name == "tabs":
            # custom tab stops (position in twips, kind); a "clear" stop removes an inherited one
            out["tabs"] = tuple(
                (_int(t.get(_POS)) or 0, t.get(_VAL) or "left") for t in child if t.get(_POS) is not None
            )
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
    return Border(val, 2 if size is None else size, _int(_attr(b, "space")) or 0)


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


