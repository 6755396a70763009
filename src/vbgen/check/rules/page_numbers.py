"""Page-number rules (format-nd30.md §8; ND30 Phụ lục I, I.7); registered last."""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from vbgen.i18n import N_, _
from vbgen.ooxml.records import Para

from vbgen.check.common import Finding, _body_pieces, _finding, _size_problem, rule
from vbgen.check.view import DocView


# -- page numbers (Phụ lục I, I.7) ----------------------------------------------------


def _page_paras(paras: Sequence[Para] | None) -> list[Para]:
    return [p for p in paras or () if "PAGE" in p.fields]


@rule("page.number", N_("Page numbers: a PAGE field in the header, centred, 13–14 pt"))
def _page_number(doc: DocView) -> Iterator[Finding]:
    if not doc.sections:
        return
    s = doc.sections[0]
    found = _page_paras(s.header)
    if not found:
        if _page_paras(s.footer) or _page_paras(s.first_footer):
            yield _finding("page.number", _("page number is in the footer; ND30 puts it centred in the header"))
        else:
            pages = doc.pages()
            if pages == 1:
                return  # Decree 30 numbers pages from page 2: a one-page document needs none
            if pages is None:
                yield Finding(
                    "page.number",
                    _("no PAGE field in the page header; whether the document has more than one page was not decided (LibreOffice is needed to count its pages)"),
                    None, None, "note",
                )
            else:
                yield _finding("page.number", _("{pages} pages: ").format(pages=pages)
                               + _("no PAGE field in the page header; pages are not numbered"))
        return
    p = found[0]
    if not (p.fmt.align == "center" or p.text.startswith("\t") and not p.text.startswith("\t\t")):
        yield _finding("page.number", _("page number aligned {align}; expected centred").format(align=p.fmt.align), None, "header")
    size = _size_problem(_body_pieces(p), 13, 14)
    if size:
        yield _finding("page.number", _("page number {problem}").format(problem=size), None, "header")


@rule("page.first", N_("Page 1 shows no page number (different first page, w:titlePg)"))
def _page_first(doc: DocView) -> Iterator[Finding]:
    if not doc.sections:
        return
    s = doc.sections[0]
    if not _page_paras(s.header):
        return
    if not s.title_pg:
        yield _finding(
            "page.first", _("page 1 shows the page number; set a different first page (w:titlePg)")
        )
    elif _page_paras(s.first_header):
        yield _finding("page.first", _("the first-page header contains a PAGE field; page 1 must show none"))


