"""A legal basis a province adds (``extra_bases``) prints, in both shipped documents, for every
province: a "Căn cứ …;" line before the preamble, or with ``bases_as: footnote`` one note after the
preamble's last citation of a base. Checked by reading the built .docx back."""

from __future__ import annotations

import re
import shutil
import zipfile
from pathlib import Path

from lxml import etree

from conftest import CONTENT, TEMPLATES
from ooxml_valid import assert_valid_docx
from vbgen.batch.build import build

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
EXTRA = "nq-202-2025-qh15"
LINE = "Căn cứ Nghị quyết số 202/2025/QH15"


def _paragraphs(data: bytes, part: str = "word/document.xml") -> list[str]:
    import io

    with zipfile.ZipFile(io.BytesIO(data)) as z:
        root = etree.fromstring(z.read(part))
    return ["".join(t.text or "" for t in p.iter(f"{W}t")) for p in root.iter(f"{W}p")]


def _content_with_extra(tmp_path: Path, bases_as: str | None = None) -> Path:
    content = tmp_path / "content"
    shutil.copytree(CONTENT, content)
    slugs = [p.name for p in (content / "provinces").iterdir()]
    from vbgen.content.load import load_registries

    all_slugs = [p.slug for p in load_registries(content).provinces.value.provinces]
    assert set(slugs) <= set(all_slugs) and len(all_slugs) == 34
    for slug in all_slugs:
        for stem in ("ke-hoach-06", "chi-thi-06"):
            path = content / "provinces" / slug / "documents" / f"{stem}.yaml"
            text = path.read_text(encoding="utf-8") if path.exists() else ""
            if "extra_bases: [" in text:
                text = text.replace("extra_bases: [", f"extra_bases: [{EXTRA}, ", 1)
            else:
                text += f"extra_bases: [{EXTRA}]\n"
            if bases_as:
                text += f"bases_as: {bases_as}\n"
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
    return content


def test_extra_basis_prints_as_a_can_cu_line_for_every_province_in_both_documents(tmp_path):
    content = _content_with_extra(tmp_path)
    docs = [content / "documents" / "ke-hoach-06.yaml", content / "documents" / "chi-thi-06.yaml"]
    from vbgen.content.load import load_registries

    slugs = [p.slug for p in load_registries(content).provinces.value.provinces]
    results = build(docs, slugs, tmp_path / "out", content, TEMPLATES)
    assert len(results) == 68
    assert_valid_docx(results[0].data)
    for r in results:
        paras = _paragraphs(r.data)
        lines = [i for i, p in enumerate(paras) if p.startswith("Căn cứ ")]
        assert lines, r.path
        first = lines[0]
        assert paras[first].startswith(LINE) and paras[first].endswith(";"), (r.path, paras[first])
        # before the preamble: the paragraph after the "Căn cứ" lines is the preamble's first one
        after = paras[lines[-1] + 1]
        assert after.startswith(("Thời gian qua", "Những năm qua")), (r.path, after)
        if "tay-ninh" in str(r.path) and "ke-hoach" in str(r.path):
            assert any(p.startswith("Căn cứ Luật Lực lượng tham gia bảo vệ an ninh, trật tự ở cơ sở;") for p in paras)


def test_extra_basis_goes_into_a_footnote_when_chosen(tmp_path):
    content = _content_with_extra(tmp_path, bases_as="footnote")
    docs = [content / "documents" / "ke-hoach-06.yaml", content / "documents" / "chi-thi-06.yaml"]
    results = build(docs, ["lai-chau", "tay-ninh"], tmp_path / "out", content, TEMPLATES)
    assert len(results) == 4
    for r in results:
        assert_valid_docx(r.data)
        assert not any(p.startswith(LINE) for p in _paragraphs(r.data)), r.path
        notes = [n.strip() for n in _paragraphs(r.data, "word/footnotes.xml") if n.strip()]
        assert any(n.startswith(LINE) and n.endswith(".") for n in notes), (r.path, notes)
        with zipfile.ZipFile(r.path) as z:
            root = etree.fromstring(z.read("word/document.xml"))
        # the mark follows the preamble's last citation of a base, in the preamble's last paragraph
        ref = root.find(f".//{W}footnoteReference")
        para = next(p for p in root.iter(f"{W}p") if ref in p.iter(f"{W}footnoteReference"))
        text = "".join(t.text or "" for t in para.iter(f"{W}t"))
        assert "06/CT-BCA-V05" in text and text.rstrip().endswith(":"), (r.path, text)
