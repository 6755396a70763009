"""One logical document from a Word file: what prints, not how it was typed.

:func:`read_document` reads a .docx (or a .doc/.odt through LibreOffice, :mod:`vbgen.read.convert`)
with the ooxml reader (walker, styles, numbering) and then rewrites each paragraph the way it
prints:

- a Word list label ("1.", "a)", "-" from numbering.xml, with starts and restarts) becomes the
  paragraph's first characters, as typed numbers are;
- leading Tabs become the first-line indent they print (the paragraph's tab stops, else the
  default stop of settings.xml, every 1.27 cm when it sets none); leading spaces become an
  indent at the run's size;
- Nơi nhận and the signature typed on the same lines, split by a tab stop, become the two
  cells of a borderless two-column block, as if typed in a table;
- text in TCVN3 or VNI fonts is decoded to Unicode (:mod:`vbgen.read.encoding`).

Line breaks inside a paragraph stay "\\n": the checker reads them as lines. ``habits`` records
each rewrite (paragraph numbers of the source), for the checker's notes; ``source`` maps every
logical paragraph back to the paragraph number of the file, so findings point at the file.
"""

from __future__ import annotations

import collections
import dataclasses
import os
import re

from vbgen.ooxml.records import CellRef, Para, Run, Table

from vbgen.read import encoding as legacy_encoding

DEFAULT_TAB_TW = 720
"""Word's default tab stop (1.27 cm) when settings.xml sets none (``w:defaultTabStop``)."""
SPACE_EM = 0.25
"""Width of a space in Times New Roman, in ems (500/2048 ≈ 0.244, rounded as Word lays it)."""

_CLOSING_RE = re.compile(r"^\s*N[ơo]i\s+nh[ậa]n\s*:?[^\t]*\t+\s*\S", re.I)


@dataclasses.dataclass
class LogicalDocument:
    """The document as it prints: paragraphs, tables, sections, and what was rewritten."""

    paras: tuple[Para, ...]
    tables: tuple[Table, ...]
    section_ends: tuple[int, ...]
    source: tuple[int, ...]
    """Paragraph number in the file of each logical paragraph."""
    habits: dict[str, list[int]] = dataclasses.field(default_factory=dict)
    """Rewrites, by kind ("tab_indent", "space_indent", "word_list", "tab_columns"): the
    file's paragraph numbers."""
    encoding: str | None = None
    """"TCVN3" or "VNI" when runs were typed in a legacy encoding (decoded here)."""
    encoding_decoded: bool = True
    """False when the legacy decoder is not available (the text is left as typed)."""
    source_format: str = "docx"
    pages: int | None = None
    """Pages of the rendered document (LibreOffice), None when not rendered."""
    labels: tuple[str, ...] = ()
    """For each paragraph: the Word list label put before its text ("1. ", "- ", "\uf0b7 "), "" when
    the text was typed without one; the paragraph's first run holds exactly that label."""
    encodings: tuple[str | None, ...] = ()
    """For each paragraph: "TCVN3" or "VNI" when some of its runs were decoded, else None."""
    footnotes: tuple = ()
    """The footnotes (:class:`vbgen.ooxml.footnotes.Note`), separators left out."""


def logical_paragraphs(paras, tables, section_ends, *, text_width_tw: int = 9355,
                       default_tab_tw: int = DEFAULT_TAB_TW) -> LogicalDocument:
    """Rewrite the reader's paragraphs (:func:`vbgen.ooxml.walker.read_block` output) as they print;
    a Tab without a stop of its own goes to the next multiple of ``default_tab_tw``."""
    habits: dict[str, list[int]] = collections.defaultdict(list)
    encodings: collections.Counter = collections.Counter()
    decoded_ok = True
    out: list[tuple[Para, int, str, str | None]] = []  # (paragraph, source index, label, encoding)
    new_tables = list(tables)
    k = 0
    paras = list(paras)
    while k < len(paras):
        p = paras[k]
        p, enc, ok = _decode(p)
        if enc:
            encodings[enc] += 1
            decoded_ok = decoded_ok and ok
        if p.cell is None and _CLOSING_RE.match(p.full_text):
            block = [(p, enc)]
            j = k + 1
            while j < len(paras):
                q, q_enc, _ok = _decode(paras[j])
                t = q.full_text
                if q.cell is not None or not ("\t" in t or not t.strip() or t.lstrip().startswith(("-", "+"))):
                    break
                if q_enc:
                    encodings[q_enc] += 1
                block.append((q, q_enc))
                j += 1
            out.extend(_split_columns(block, len(new_tables), text_width_tw, new_tables, habits))
            k = j
            continue
        label = _label_text(p)
        p = _with_label(p, habits)
        p = _leading_indent(p, habits, default_tab_tw)
        out.append((p, p.index, label, enc))
        k += 1
    # renumber, and point the tables at the new numbers
    renum: dict[int, list[int]] = collections.defaultdict(list)
    final: list[Para] = []
    source: list[int] = []
    for n, (p, src, _label, _enc) in enumerate(out):
        if p.index >= 0:
            renum[p.index].append(n)
        final.append(dataclasses.replace(p, index=n))
        source.append(src)
    fixed_tables = []
    for t in new_tables:
        if t.index >= len(tables):  # a block made here already uses the new numbers
            fixed_tables.append(t)
            continue
        cells = tuple((r, c, tuple(m for i in ids for m in renum.get(i, ()))) for r, c, ids in t.cells)
        fixed_tables.append(dataclasses.replace(t, cells=cells))
    # the blocks made here: their cells are filled from the paragraphs' CellRef
    fixed_tables = _fill_made(fixed_tables, final, len(tables))
    ends = tuple(renum[e][-1] for e in section_ends if renum.get(e))
    enc = encodings.most_common(1)[0][0] if encodings else None
    return LogicalDocument(
        tuple(final), tuple(fixed_tables), ends, tuple(source), dict(habits), enc, decoded_ok,
        labels=tuple(x[2] for x in out), encodings=tuple(x[3] for x in out),
    )


# -- encodings ------------------------------------------------------------------------------------


def _decode(p: Para) -> tuple[Para, str | None, bool]:
    found = None
    ok = True
    runs = []
    for r in p.runs:
        text, fonts, enc, decoded = legacy_encoding.decode_run(r.text, r.fonts)
        if enc:
            found = enc
            ok = ok and decoded
            r = dataclasses.replace(r, text=text, fonts=fonts)
        runs.append(r)
    if found is None:
        return p, None, True
    return dataclasses.replace(p, runs=tuple(runs), text="".join(r.text for r in runs)), found, ok


# -- Word list labels -----------------------------------------------------------------------------


def _label_text(p: Para) -> str:
    """The text :func:`_with_label` puts before the paragraph's text ("" without a Word label)."""
    if not p.label:
        return ""
    label = p.label.replace("\t", " ")
    return label if label.endswith(" ") else label + " "


def _with_label(p: Para, habits) -> Para:
    if not p.label:
        return p
    label = _label_text(p)
    first = p.runs[0] if p.runs else Run(label, (None,), None, False, False, False, None, None, None)
    run = dataclasses.replace(first, text=label, underline=None, vert_align=None)
    habits["word_list"].append(p.index)
    notes = tuple((k + 1, n) for k, n in p.notes)  # the label is a run before them
    return dataclasses.replace(p, runs=(run, *p.runs), text=label + p.text, label="", notes=notes)


# -- leading Tabs and spaces ----------------------------------------------------------------------


def next_tab_stop(pos: int, stops: tuple[tuple[int, str], ...], default: int = DEFAULT_TAB_TW) -> int:
    """Where a Tab typed at ``pos`` (twips from the left margin) takes the text."""
    for at, _kind in sorted(stops):
        if at > pos:
            return at
    return (pos // default + 1) * default


def _leading_indent(p: Para, habits, default_tab_tw: int = DEFAULT_TAB_TW) -> Para:
    text = p.text
    if not text or text[0] not in "\t \u00a0" or not text.strip():
        return p
    pos = p.fmt.ind_left + p.fmt.first_line
    runs = list(p.runs)
    tabs = spaces = 0
    space_tw = 0.0
    while runs:
        r = runs[0]
        t = r.text
        n = 0
        while n < len(t) and t[n] in "\t \u00a0":
            if t[n] == "\t":
                pos = next_tab_stop(pos, p.fmt.tabs, default_tab_tw)
                tabs += 1
            else:
                size = r.size if r.size is not None else 10.0
                w = size * SPACE_EM * 20
                space_tw += w
                pos += round(w)
                spaces += 1
            n += 1
        if n < len(t):
            runs[0] = dataclasses.replace(r, text=t[n:])
            break
        runs.pop(0)
    if tabs:
        habits["tab_indent"].append(p.index)
    elif spaces:
        habits["space_indent"].append(p.index)
    fmt = dataclasses.replace(p.fmt, first_line=pos - p.fmt.ind_left)
    gone = len(p.runs) - len(runs)  # runs of blanks only, taken away
    notes = tuple((max(0, k - gone), n) for k, n in p.notes)
    return dataclasses.replace(p, runs=tuple(runs), text="".join(r.text for r in runs), fmt=fmt, notes=notes)


# -- two columns split by a tab stop ----------------------------------------------------------------


def _split_runs(p: Para) -> tuple[list[Run], list[Run]]:
    left: list[Run] = []
    right: list[Run] = []
    side = left
    for r in p.runs:
        t = r.text
        if side is left and "\t" in t:
            before, _, after = t.partition("\t")
            if before:
                left.append(dataclasses.replace(r, text=before))
            side = right
            after = after.lstrip("\t")
            if after:
                right.append(dataclasses.replace(r, text=after))
            continue
        if side is right and not right:
            t = t.lstrip("\t")
            if not t:
                continue
            r = dataclasses.replace(r, text=t)
        side.append(r)
    return left, right


def _split_columns(block: list[tuple[Para, str | None]], table_index: int, text_width_tw: int, tables: list, habits):
    """Nơi nhận | signature typed on the same lines, split by tab stops → a two-cell block."""
    stops = [at for p, _enc in block for at, _k in p.fmt.tabs]
    centre = max(stops) if stops else text_width_tw * 2 // 3
    right_width = max(1440, 2 * (text_width_tw - centre))
    left_cell = CellRef(table_index, 0, 0)
    right_cell = CellRef(table_index, 0, 1)
    lefts, rights = [], []
    for p, enc in block:
        habits["tab_columns"].append(p.index)
        label = _label_text(p)
        p = _with_label(p, collections.defaultdict(list))
        left, right = _split_runs(p)
        fmt_l = dataclasses.replace(p.fmt, align="left", first_line=0, ind_left=0, tabs=())
        fmt_r = dataclasses.replace(p.fmt, align="center", first_line=0, ind_left=0, tabs=())
        p = dataclasses.replace(p, notes=())  # a mark in the closing block is not placed
        if left:
            lefts.append((dataclasses.replace(p, index=-1, runs=tuple(left), text="".join(r.text for r in left),
                                              fmt=fmt_l, cell=left_cell, width=centre), p.index, label, enc))
        rights.append((dataclasses.replace(p, index=-1, runs=tuple(right), text="".join(r.text for r in right),
                                           fmt=fmt_r, cell=right_cell, width=right_width), p.index, "", enc))
    tables.append(Table(table_index, None, ((0, 0, ()), (0, 1, ())), 1, 2, ()))
    return lefts + rights


def _fill_made(tables: list[Table], paras: list[Para], first_made: int) -> list[Table]:
    out = []
    for t in tables:
        if t.index < first_made:
            out.append(t)
            continue
        cells = []
        for r, c, _ids in t.cells:
            ids = tuple(p.index for p in paras if p.cell == CellRef(t.index, r, c))
            cells.append((r, c, ids))
        out.append(dataclasses.replace(t, cells=tuple(cells)))
    return out


def source_format(source: str | os.PathLike | bytes) -> str:
    """"doc", "odt", "rtf" or "docx", by the file's first bytes (a path's name when it cannot be read)."""
    if isinstance(source, (bytes, bytearray)):
        head = bytes(source[:8])
    else:
        try:
            with open(source, "rb") as f:
                head = f.read(8)
        except OSError:
            return "docx"
    if head.startswith(bytes.fromhex("D0CF11E0A1B11AE1")):
        return "doc"
    if head.startswith(b"{\\rtf"):
        return "rtf"
    if head.startswith(b"PK") and not isinstance(source, (bytes, bytearray)):
        if os.fspath(source).lower().endswith(".odt"):
            return "odt"
    return "docx"
