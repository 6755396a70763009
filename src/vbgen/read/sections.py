"""Page set-up of each section and the text of its headers and footers, as the reader sees them."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Sequence

from vbgen.ooxml.fastread import LINKED, FastDocument, page_number_start
from vbgen.ooxml.records import Para
from vbgen.ooxml.walker import read_story


@dataclasses.dataclass(frozen=True, slots=True)
class SectionView:
    """Page set-up of one section (as python-docx's Section reads it) and its header/footer text."""

    index: int
    width_mm: float | None
    height_mm: float | None
    margins_mm: dict[str, float | None]
    title_pg: bool
    header: tuple[Para, ...] | None  # default header, inherited if linked
    first_header: tuple[Para, ...] | None
    footer: tuple[Para, ...] | None
    first_footer: tuple[Para, ...] | None
    page_start: int | None = None  # the number of its first page (w:pgNumType/@w:start); None: continues


# --------------------------------------------------------------------------------------
# reading the sections


_LINKED = LINKED


def _read_sections(document, resolver) -> tuple[list[SectionView], list[tuple[str, Para]]]:
    """Sections and header/footer paragraphs of a document opened with python-docx."""
    sections = list(document.sections)

    def find_part(j: int, attr: str):
        hf = getattr(sections[j], attr)
        try:
            if hf.is_linked_to_previous:
                return _LINKED
            element = hf.part.element
        except (KeyError, AttributeError, NotImplementedError):
            return None
        return id(element), element

    starts = [page_number_start(s._sectPr) for s in sections]
    return _section_views(sections, find_part, lambda element: read_story(element, resolver), starts)


def _read_sections_fast(fast: FastDocument) -> tuple[list[SectionView], list[tuple[str, Para]]]:
    """:func:`_read_sections` for a document opened with :func:`open_fast`."""

    def find_part(j: int, attr: str):
        part = fast.story_part(j, attr)
        if part is None or part == _LINKED:
            return part
        return part, part

    return _section_views(fast.sections, find_part, fast.read_story, [s.page_number_start for s in fast.sections])


def _section_views(
    sections: Sequence, find_part: Callable, read_part: Callable, page_starts: Sequence[int | None]
) -> tuple[list[SectionView], list[tuple[str, Para]]]:
    """Section views from python-docx-like sections.

    ``find_part(j, attr)`` gives "linked" when section j has no such header/footer, None
    when its part cannot be read, else (key, handle) with ``read_part(handle)`` → paragraphs.
    """
    views: list[SectionView] = []
    stories: list[tuple[str, Para]] = []
    seen_parts: dict = {}

    def story(i: int, attr: str, where: str) -> tuple[Para, ...] | None:
        for j in range(i, -1, -1):
            found = find_part(j, attr)
            if found == _LINKED:
                continue
            if found is None:
                return None
            key, handle = found
            if key not in seen_parts:
                seen_parts[key] = read_part(handle)
                stories.extend((where, p) for p in seen_parts[key])
            return seen_parts[key]
        return None

    for i, s in enumerate(sections):

        def mm(length) -> float | None:
            return None if length is None else length.mm

        left = mm(s.left_margin)
        if left is not None and s.gutter:
            left += s.gutter.mm
        views.append(
            SectionView(
                index=i,
                width_mm=mm(s.page_width),
                height_mm=mm(s.page_height),
                margins_mm={
                    "top": mm(s.top_margin),
                    "bottom": mm(s.bottom_margin),
                    "left": left,
                    "right": mm(s.right_margin),
                },
                title_pg=bool(s.different_first_page_header_footer),
                header=story(i, "header", "header"),
                first_header=story(i, "first_page_header", "first-page header"),
                footer=story(i, "footer", "footer"),
                first_footer=story(i, "first_page_footer", "first-page footer"),
                page_start=page_starts[i],
            )
        )
    return views, stories


