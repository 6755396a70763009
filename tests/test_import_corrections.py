"""``import_file(corrections=…)``: a person says what a paragraph is, and the import follows."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.typed_corpus import write_docx
from vbgen.importer.run import import_file

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def plan(tmp_path_factory) -> Path:
    return write_docx("kh-tay-ninh-tab", tmp_path_factory.mktemp("typed"))


def test_a_body_paragraph_moved_to_the_subject_and_a_recipient_left_out(plan: Path) -> None:
    first = import_file(plan, ROOT / "content", write=False)
    rec = first.recognised
    intro = rec.body[0]
    recipient_text, recipient_line = rec.recipients[0]
    again = import_file(plan, ROOT / "content", write=False, corrections={intro.index: "subject", recipient_line: "ignore"})
    subject = again.recognised.parts["subject"]
    assert subject.confidence == 1.0 and intro.index in subject.lines
    assert str(subject.value).startswith(str(rec.parts["subject"].value)) and str(subject.value).endswith(intro.full[-40:])
    assert intro.index not in [line.index for line in again.recognised.body]
    assert recipient_line not in [n for _t, n in again.recognised.recipients]
    assert recipient_text.rstrip(" ;") not in again.yaml.split("recipients:")[1]
    assert intro.full[:30] in again.yaml.split("subject:")[1].split("\n")[0]


def test_a_header_line_moved_into_the_body_and_back(plan: Path) -> None:
    first = import_file(plan, ROOT / "content", write=False)
    number_line = first.recognised.parts["number"].lines[0]
    moved = import_file(plan, ROOT / "content", write=False, corrections={number_line: "body"})
    assert "number" not in moved.recognised.parts and "symbol" not in moved.recognised.parts
    assert number_line in [line.index for line in moved.recognised.body]
    back = import_file(plan, ROOT / "content", write=False, corrections={number_line: "number"})
    assert back.recognised.parts["symbol"].value == first.recognised.parts["symbol"].value
    assert back.recognised.parts["number"].confidence == 1.0


def test_the_signer_named_by_hand(plan: Path) -> None:
    first = import_file(plan, ROOT / "content", write=False)
    signer_line = max(first.recognised.parts["signature"].lines)
    again = import_file(plan, ROOT / "content", write=False, corrections={signer_line: "ignore"})
    assert again.recognised.signer is None and "name:" not in again.yaml.split("signature:")[1]
    named = import_file(plan, ROOT / "content", write=False, corrections={signer_line: "signer"})
    assert named.recognised.signer == first.recognised.signer


def test_an_unknown_part_or_paragraph_is_refused(plan: Path) -> None:
    with pytest.raises(ValueError):
        import_file(plan, ROOT / "content", write=False, corrections={3: "kind"})
    with pytest.raises(ValueError):
        import_file(plan, ROOT / "content", write=False, corrections={99999: "body"})


def test_a_paragraph_of_two_columns_moves_whole(tmp_path: Path) -> None:
    """"- Bộ Công an;<Tab>BỘ TRƯỞNG" is one paragraph (two logical lines): a correction moves both."""
    path = write_docx("ct-bca-tabstop", tmp_path)
    first = import_file(path, ROOT / "content", write=False)
    lines = first.source.lines
    shared = next(n for n in {line.index for line in lines} if sum(1 for line in lines if line.index == n) == 2
                  and n in [m for _t, m in first.recognised.recipients] and n in first.recognised.parts["signature"].lines)
    halves = [line.full for line in lines if line.index == shared]
    again = import_file(path, ROOT / "content", write=False, corrections={shared: "body"})
    rec = again.recognised
    assert shared not in [m for _t, m in rec.recipients]
    right = " ".join(halves[1].split())
    assert right in first.recognised.signature_lines or right == first.recognised.signer
    assert right not in rec.signature_lines and rec.signer != right
    assert [line.full for line in rec.body if line.index == shared] == halves
