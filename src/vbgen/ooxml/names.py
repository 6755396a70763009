"""WordprocessingML namespaces and the Clark-notation tag names the reader compares against."""

from __future__ import annotations

from docx.oxml.ns import qn


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

