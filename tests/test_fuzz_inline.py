"""Generated inline markup (hypothesis): any text with bold, italic, footnotes and escaped markup
characters reads back as the pieces it was written from, and a document full of it renders to
a package with zero OOXML errors whose runs and footnotes say the same thing."""

from __future__ import annotations

import json
import shutil
import tempfile
import zipfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree

from conftest import MINI, TEMPLATES
from ooxml_valid import assert_valid_docx
from vbgen.batch.build import build
from vbgen.content import inline as il
from vbgen.content.inline import Note, Span

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
LETTERS = "aăâbcdđeêghiklmnoôơpqrstuưvxyàáảãạềếểễệọộờớởỡợùúủũụừứửữự"
# no spaces: whitespace is normalised, which would make the round trip a different test
CHARS = LETTERS + LETTERS.upper() + "0123456789,.;:-()“”'\"&<>%/*[]^\\_|#"  # braces are Jinja's: another test
WORD = st.text(alphabet=CHARS, min_size=1, max_size=12)
STYLE = st.sampled_from([(False, False), (True, False), (False, True), (True, True)])
SEGMENTS = st.lists(st.tuples(WORD, STYLE), min_size=1, max_size=6)


def serialise(segments: list[tuple[str, tuple[bool, bool]]]) -> str:
    """Markup for ``segments``: escaped text, with ** / * / *** only where the style changes."""
    out, bold, italic = [], False, False
    for text, (b, i) in [*segments, ("", (False, False))]:
        mark = ("**" if b != bold else "") + ("*" if i != italic else "")
        out.append(mark + il.escape(text))
        bold, italic = b, i
    return "".join(out)


def expected(segments) -> tuple:
    return il.concat(*[(Span(t, b, i),) for t, (b, i) in segments])


@settings(max_examples=300, deadline=None)
@given(SEGMENTS, st.lists(st.tuples(SEGMENTS, SEGMENTS), max_size=2))
def test_markup_round_trip(head, notes):
    """Any text and style, written as markup, parses back to exactly those spans and notes."""
    source = serialise(head) + "".join("^[" + serialise(note) + "]" + serialise(after) for note, after in notes)
    pieces, issues = il.parse(source)
    assert not issues, (source, issues)
    want = [*expected(head)]
    for note, after in notes:
        want += [Note(expected(note)), *expected(after)]
    assert pieces == il.concat(tuple(want)), source


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="ab *^[]\\\n", max_size=40), st.booleans(), st.booleans())
def test_any_text_parses_or_says_where_it_is_wrong(text, notes, breaks):
    """Stray asterisks, brackets and backslashes never raise: pieces, or issues inside the text."""
    pieces, issues = il.parse(text, lambda m, o: m, notes=notes, breaks=breaks)
    assert all(0 <= i.offset <= len(text) and '(at "' in i.message for i in issues)
    assert all(p.text for p in pieces if isinstance(p, Span))
    if not issues and not notes:
        assert not any(isinstance(p, Note) for p in pieces)


def _text(el) -> str:
    return "".join(t.text or "" for t in el.iter(f"{W}t"))


@st.composite
def documents(draw) -> tuple[dict, list[list], list[list]]:
    paragraphs = [draw(SEGMENTS) for _ in range(draw(st.integers(1, 3)))]
    notes = [draw(SEGMENTS) for _ in paragraphs]
    subject_lines = [draw(st.lists(st.tuples(WORD, STYLE), min_size=1, max_size=3)) for _ in range(draw(st.integers(1, 3)))]
    doc = {
        "kind": draw(st.sampled_from(["ke_hoach", "chi_thi"])),
        "year": "2026",
        "subject": "\n".join("Về " + serialise(line) for line in subject_lines),
        "preamble": ["Căn cứ " + serialise(p) + "^[" + serialise(n) + "]" for p, n in zip(paragraphs, notes)],
        "sections": [{"title": "Mục " + serialise(p)} for p in paragraphs],
        "recipients": [{"agency": "cong-an"}],
    }
    return doc, paragraphs, notes


@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(documents())
def test_generated_markup_renders_valid_runs_and_footnotes(generated):
    doc, paragraphs, notes = generated
    with tempfile.TemporaryDirectory() as tmp:
        content = Path(tmp) / "content"
        shutil.copytree(MINI, content)
        path = content / "documents" / "fuzz.yaml"
        path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")  # JSON is YAML
        [r] = build([path], ["tay-ninh"], Path(tmp) / "out", content, TEMPLATES)
        assert_valid_docx(r.path)
        with zipfile.ZipFile(r.path) as z:
            document = etree.fromstring(z.read("word/document.xml"))
            footnotes = etree.fromstring(z.read("word/footnotes.xml"))
    refs = [int(e.get(f"{W}id")) for e in document.iter(f"{W}footnoteReference")]
    assert refs == list(range(1, len(notes) + 1))
    real = [f for f in footnotes.findall(f"{W}footnote") if f.get(f"{W}type") is None]
    assert [_text(f).strip() for f in real] == [il.plain(expected(n)) for n in notes]
    body = [p for p in document.iter(f"{W}p") if _text(p).startswith("Căn cứ ")]
    for p, segments in zip(body, paragraphs):
        runs = [(_text(r), r.find(f"{W}rPr/{W}b") is not None, r.find(f"{W}rPr/{W}i") is not None)
                for r in p.findall(f"{W}r") if _text(r)]
        want = [(s.text, s.bold, s.italic) for s in il.concat("Căn cứ ", expected(segments))]
        assert runs == want
    trich_yeu = next(p for p in document.iter(f"{W}p") if p.find(f"{W}pPr/{W}pStyle[@{W}val='VBTrichYeu']") is not None)
    assert len(trich_yeu.findall(f".//{W}br")) == doc["subject"].count("\n")
