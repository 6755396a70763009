"""Every WordprocessingML part vbgen writes declares Word's namespaces on its root."""

from __future__ import annotations

import io
import re
import shutil
import zipfile
from pathlib import Path

from lxml import etree

from vbgen.batch.build import build
from vbgen.ooxml.namespaces import URIS, WORD_ROOTS, declare, root_start

from conftest import CONTENT, MINI, TEMPLATES
from ooxml_valid import assert_valid_docx

MC = "{" + URIS["mc"] + "}Ignorable"
W = "{" + URIS["w"] + "}"


def word_roots(data: bytes) -> dict[str, etree._Element]:
    """Part name -> root element, for every part whose root is a w: element Word declares on."""
    out = {}
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        for name in z.namelist():
            if name.endswith(".xml"):
                root = etree.fromstring(z.read(name))
                if root.tag.startswith(W) and root.tag[len(W):] in WORD_ROOTS:
                    out[name] = root
    return out


def assert_word_declarations(data: bytes, parts: set[str]) -> None:
    roots = word_roots(data)
    assert parts <= set(roots), sorted(roots)
    for name, root in roots.items():
        prefixes, ignorable = WORD_ROOTS[root.tag[len(W):]]
        for p in prefixes:
            assert root.nsmap.get(p) == URIS[p], (name, p)
        ignored = root.get(MC, "").split()
        assert set(ignorable) <= set(ignored), (name, ignored)
        assert all(p in root.nsmap for p in ignored), (name, ignored)  # every ignored prefix is declared


STORY_PARTS = {"word/document.xml", "word/footnotes.xml", "word/header1.xml", "word/header2.xml", "word/numbering.xml",
               "word/styles.xml", "word/settings.xml", "word/fontTable.xml", "word/webSettings.xml"}


def test_shipped_templates_and_rendered_documents_declare_words_namespaces(tmp_path) -> None:
    for template in ("ke-hoach.docx", "chi-thi.docx"):
        assert_word_declarations((TEMPLATES / template).read_bytes(), STORY_PARTS)
    [result] = build([CONTENT / "documents" / "ke-hoach-06.yaml"], ["ha-noi"], tmp_path, CONTENT, TEMPLATES)
    assert_word_declarations(result.data, STORY_PARTS)
    with zipfile.ZipFile(result.path) as z:
        footnotes = z.read("word/footnotes.xml").decode("utf-8")
    assert footnotes.count("<w:footnote ") >= 3  # the separators and the document's note
    assert 'mc:Ignorable="w14 w15 wp14"' in footnotes


def _strip_root(data: bytes, keep: str) -> bytes:
    """The part with its root declaring only ``keep`` (as another writer might leave it)."""
    return re.sub(rb"<w:(\w+) [^>]*>", lambda m: f"<w:{m.group(1).decode()} {keep}>".encode(), data, count=1)


def test_a_template_from_another_writer_gets_the_declarations_in_its_output(tmp_path) -> None:
    """A template whose parts declare only w: and r: (and which has no footnotes part at all)."""
    folder = tmp_path / "templates"
    shutil.copytree(TEMPLATES, folder)
    plain = f'xmlns:w="{URIS["w"]}" xmlns:r="{URIS["r"]}"'
    src = folder / "ke-hoach.docx"
    with zipfile.ZipFile(io.BytesIO(src.read_bytes())) as z:
        parts = {i.filename: z.read(i.filename) for i in z.infolist()}
    parts = {n: _strip_root(d, plain) if re.fullmatch(r"word/(document|header\d+)\.xml", n) else d
             for n, d in parts.items() if n != "word/footnotes.xml"}
    parts["word/_rels/document.xml.rels"] = re.sub(rb"<Relationship [^>]*footnotes.xml\"/>", b"",
                                                   parts["word/_rels/document.xml.rels"])
    parts["[Content_Types].xml"] = re.sub(rb"<Override PartName=\"/word/footnotes.xml\"[^>]*/>", b"",
                                          parts["[Content_Types].xml"])
    parts["word/settings.xml"] = re.sub(rb"<w:footnotePr>.*?</w:footnotePr>", b"", parts["word/settings.xml"])
    assert b"mc:Ignorable" not in parts["word/document.xml"][:2000]
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        for n, d in parts.items():
            z.writestr(n, d)
    src.write_bytes(buf.getvalue())

    [result] = build([MINI / "documents" / "ke-hoach-mini.yaml"], ["tay-ninh"], tmp_path / "out", MINI, folder)
    assert_word_declarations(result.data, STORY_PARTS)
    assert_valid_docx(result.path)


def test_declare_is_idempotent_keeps_other_declarations_and_leaves_foreign_roots_alone() -> None:
    part = (b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:hdr xmlns:w="' + URIS["w"].encode()
            + b'" xmlns:x="urn:x" mc:Ignorable="x" xmlns:mc="' + URIS["mc"].encode() + b'"><w:p x:a="1"/></w:hdr>')
    once = declare(part)
    assert declare(once) == once
    root = etree.fromstring(once)
    assert root.nsmap["x"] == "urn:x" and root.get(MC).split() == ["w14", "w15", "wp14", "x"]
    assert once.endswith(b'><w:p x:a="1"/></w:hdr>')  # only the start tag changes
    clash = b'<w:hdr xmlns:w="' + URIS["w"].encode() + b'" xmlns:r="urn:not-relationships"/>'
    assert declare(clash) == clash
    for other in (b'<Relationships xmlns="x"/>', b'<a:theme xmlns:a="x"/>', b"not xml"):
        assert declare(other) == other
    for local in WORD_ROOTS:
        start = root_start(local)
        etree.fromstring((start + f"</w:{local}>").encode())  # well-formed, every prefix bound
        assert declare((start + f"</w:{local}>").encode()) == (start + f"</w:{local}>").encode()
