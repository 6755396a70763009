"""vbgen import reads what vbgen check reads: the checker's typed corpus (tests/typed_corpus.py —
Tab and space indents, Word numbering and bullets, Nơi nhận and the signature split by a tab
stop, recipients as one paragraph with line breaks, TCVN3) imports with its recipients, signer
and body, and builds back to its text."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
import yaml

from vbgen.importer.run import import_file

from conftest import CONTENT, TEMPLATES
from fidelity import printed_paragraphs, similarity
from typed_corpus import CORPUS, load_text

PROVINCE = {"kh-tay-ninh": "tay-ninh", "ct-phu-tho": "phu-tho", "ct-bca": "tay-ninh"}


@pytest.fixture(scope="module")
def content(tmp_path_factory) -> Path:
    dest = tmp_path_factory.mktemp("content") / "content"
    shutil.copytree(CONTENT, dest)
    return dest


def _slug(name: str) -> str:
    return next(v for k, v in PROVINCE.items() if name.startswith(k))


@pytest.mark.parametrize("name", sorted(CORPUS))
def test_the_typed_corpus_imports_as_check_reads_it(typed_corpus, content, tmp_path, name):
    from vbgen.batch.build import build

    stem, habits = CORPUS[name]
    text = load_text(stem)
    r = import_file(typed_corpus[name], content, _slug(name), tmp_path / f"{name}.yaml")
    data = yaml.safe_load(r.yaml)
    # the logical document of vbgen.read is what was recognised
    assert r.source.logical is not None and len(r.source.lines) == len(r.source.logical.paras)
    # every recipient, whether typed "- ", a Word bullet, a line of one paragraph or the left
    # column of a tab-stop block
    got = [x["text"] + (f" ({x['purpose']})" if x.get("purpose") else "") for x in data["recipients"]]
    want = [re.sub(r"^[-•]\s*", "", x).rstrip(" ;.") for x in text.recipients if not x.startswith("- Lưu")]
    assert got == want
    assert data["signature"]["lines" if "lines" in data["signature"] else "preset"]
    if text.name:
        assert data["signature"]["name"] == text.name
    assert data["subject"].split("\n") == text.title
    if habits.tcvn3:
        assert "typed in TCVN3 (.VnTime)" in r.review
    built = build([r.yaml_path], [_slug(name)], tmp_path / "out", content, TEMPLATES)[0].path
    a, b = printed_paragraphs(typed_corpus[name]), printed_paragraphs(built)
    # the tab-stop closing prints its two columns on shared lines: compare the body
    end = next(i for i, p in enumerate(a) if p.startswith("Nơi nhận"))
    end_b = next(i for i, p in enumerate(b) if p.startswith("Nơi nhận"))
    assert similarity(a[:end], b[:end_b]) >= 0.98
