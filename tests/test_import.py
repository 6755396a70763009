"""vbgen import: Word files typed the way offices type them, and vbgen's own outputs, become
content that builds back to the same text (difflib: ≥ 0.98 over the document, ≥ 0.95 for every
paragraph of the body), with a review of the parts found."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
import yaml

from vbgen.cli import main
from vbgen.importer.run import import_file

from conftest import CONTENT, TEMPLATES
from fidelity import printed_paragraphs, similarity, worst_paragraphs
from import_corpus import corpus, typed_docx, typed_txt
from ooxml_valid import assert_valid_docx

IN_CI = os.environ.get("CI") == "true"
CORPUS = {c.name: c for c in corpus()}


@pytest.fixture
def content(tmp_path: Path) -> Path:
    dest = tmp_path / "content"
    shutil.copytree(CONTENT, dest)
    return dest


def _build(runner, yaml_path: Path, slug: str, content: Path, out: Path) -> Path:
    result = runner.invoke(main, ["build", str(yaml_path), "-p", slug, "--content", str(content),
                                  "--templates", str(TEMPLATES), "--out", str(out)])
    assert result.exit_code == 0, result.output
    return out / slug / f"{yaml_path.stem}.docx"


def _assert_faithful(source: Path, built: Path) -> None:
    a, b = printed_paragraphs(source), printed_paragraphs(built)
    assert similarity(a, b) >= 0.98, (similarity(a, b), a, b)
    body = [i for i, p in enumerate(a) if p.startswith("Nơi nhận")]
    worst = worst_paragraphs(a, b, 0, body[0] if body else len(a))
    assert all(r >= 0.95 for r, _x, _y in worst), worst[:3]


@pytest.mark.parametrize("variant", ["plain", "bullets", "tcvn3", "txt"])
@pytest.mark.parametrize("name", sorted(CORPUS))
def test_typed_documents_import_and_build_back_to_their_text(runner, content, tmp_path, name, variant):
    doc = CORPUS[name]
    plain = typed_docx(doc, tmp_path / f"{name}.docx")
    if variant == "txt":
        source = typed_txt(doc, tmp_path / f"{name}.txt")
    elif variant == "plain":
        source = plain
    else:
        source = typed_docx(doc, tmp_path / f"{name}-{variant}.docx", encoding=variant if variant == "tcvn3" else None,
                            bullets=variant == "bullets")
    result = runner.invoke(main, ["import", str(source), "-p", doc.province, "--content", str(content)])
    assert result.exit_code == 0, result.output
    own = content / "provinces" / doc.province / "own" / f"{source.stem}.yaml"
    assert own.is_file() and own.with_suffix(".review.md").is_file()
    data = yaml.safe_load(own.read_text(encoding="utf-8"))
    assert data["kind"] == ("ke_hoach" if doc.kind == "KẾ HOẠCH" else "chi_thi")
    assert data["subject"].split("\n") == list(doc.subject)
    assert data["signature"]["name"] == doc.signer
    built = _build(runner, own, doc.province, content, tmp_path / "out")
    _assert_faithful(plain, built)
    assert_valid_docx(built)
    review = own.with_suffix(".review.md").read_text(encoding="utf-8")
    assert "Trích yếu: 0.9" in review and "Chữ ký: 0.9" in review
    if variant == "tcvn3":
        assert "typed in TCVN3 (.VnTime)" in review
    if doc.kind == "KẾ HOẠCH":  # "-" directly under "1.", and the known Chỉ thị 07 cited as printed
        assert "dash: true" in own.read_text(encoding="utf-8")
        assert "[[ct-07-2014-bca|như in: Chỉ thị số 07/CT-BCA-V28 ngày 15/8/2014 của Bộ trưởng Bộ Công an]]" in own.read_text(encoding="utf-8")


def test_the_recognised_parts_of_a_typed_plan(content, tmp_path):
    doc = CORPUS["ke-hoach-tay-ninh-2020"]
    r = import_file(typed_docx(doc, tmp_path / "kh.docx"), content, write=False)
    assert r.province == "tay-ninh"  # from "TỈNH TÂY NINH" in the header
    parts = r.recognised.parts
    assert parts["number"].value == "2195" and parts["symbol"].value == "KH-UBND"
    assert str(parts["date"].value) == "2020-08-11" and parts["place"].value == "Tây Ninh"
    assert parts["national_title"].confidence == 1.0 and parts["motto"].confidence == 1.0
    assert r.recognised.signature_lines == ["KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"]
    assert r.recognised.storage == "VP UBND tỉnh"
    top = [s.title for s in r.body.sections]
    assert top == ["MỤC ĐÍCH, YÊU CẦU", "NỘI DUNG THỰC HIỆN", "TỔ CHỨC THỰC HIỆN"]
    assert "historical: true" in r.yaml  # dated before 1/7/2025
    assert "OUTDATED" in r.review  # Chỉ thị 07/CT-BCA-V28 has been replaced


def test_the_review_is_in_vietnamese_when_vietnamese_is_asked_for(content, tmp_path):
    """A clerk reads the review: its headings, counts and statuses in Vietnamese, not only the parts."""
    from vbgen import i18n

    doc = CORPUS["ke-hoach-tay-ninh-2020"]
    with i18n.using("vi"):
        r = import_file(typed_docx(doc, tmp_path / "kh.docx"), content, write=False)
    for english in ("Review of", "Parts found", "## Body", "## Citations", "OUTDATED", "replaced by", "preamble:",
                    "Not recognised", "roman", "arabic"):
        assert english not in r.review, english
    assert r.review.startswith("# Rà soát kết quả nhập kh.docx")
    assert "## Trích dẫn" in r.review and "CẦN XEM LẠI: đã bị thay thế, thay bằng ct-06-2025-bca" in r.review


def test_vbgen_own_output_round_trips(runner, content, tmp_path):
    for stem in ("chi-thi-06",):
        built = _build(runner, content / "documents" / f"{stem}.yaml", "tay-ninh", content, tmp_path / "first")
        result = runner.invoke(main, ["import", str(built), "--content", str(content), "-o", str(tmp_path / "imp" / "lai.yaml")])
        assert result.exit_code == 0, result.output
        again = _build(runner, tmp_path / "imp" / "lai.yaml", "tay-ninh", content, tmp_path / "second")
        assert printed_paragraphs(again) == printed_paragraphs(built)


def test_the_own_outputs_of_a_plan_round_trip_in_its_body(runner, content, tmp_path):
    built = _build(runner, content / "documents" / "ke-hoach-06.yaml", "tay-ninh", content, tmp_path / "first")
    result = runner.invoke(main, ["import", str(built), "--content", str(content), "-o", str(tmp_path / "imp" / "kh.yaml")])
    assert result.exit_code == 0, result.output
    again = _build(runner, tmp_path / "imp" / "kh.yaml", "tay-ninh", content, tmp_path / "second")
    a, b = printed_paragraphs(built), printed_paragraphs(again)
    end = next(i for i, p in enumerate(a) if p.startswith("Phụ lục"))  # the task table appendix is not imported yet
    assert b == a[:end] or similarity(a[:end], b) >= 0.99
    assert "an appendix: not imported" in (tmp_path / "imp" / "kh.review.md").read_text(encoding="utf-8")


def test_a_doc_file_is_read_through_libreoffice(runner, content, tmp_path):
    if shutil.which("soffice") is None and not IN_CI:
        pytest.skip("LibreOffice is not installed")
    import subprocess

    doc = CORPUS["chi-thi-phu-tho-07"]
    source = typed_docx(doc, tmp_path / "ct.docx")
    subprocess.run(["soffice", f"-env:UserInstallation={(tmp_path / 'lo').as_uri()}", "--headless", "--convert-to", "doc",
                    "--outdir", str(tmp_path / "doc"), str(source)], check=True, capture_output=True, timeout=240)
    result = runner.invoke(main, ["import", str(tmp_path / "doc" / "ct.doc"), "-p", "phu-tho", "--content", str(content),
                                  "-o", str(tmp_path / "imp" / "ct.yaml")])
    assert result.exit_code == 0, result.output
    built = _build(runner, tmp_path / "imp" / "ct.yaml", "phu-tho", content, tmp_path / "out")
    _assert_faithful(source, built)


@pytest.mark.parametrize("name, data, message", [
    ("scan.pdf", b"%PDF-1.4\n", "run OCR on it first"),
    ("photo.png", b"\x89PNG\r\n", "run OCR on it first"),
    ("renamed.docx", b"%PDF-1.7\n", "run OCR on it first"),
    ("notes.md", b"# x", "imports .docx, .doc, .odt and .txt"),
    ("broken.docx", b"PK\x03\x04 not a zip", "not a readable Word file"),
])
def test_what_cannot_be_imported_is_refused_with_a_reason(runner, content, tmp_path, name, data, message):
    path = tmp_path / name
    path.write_bytes(data)
    result = runner.invoke(main, ["import", str(path), "--content", str(content)])
    assert result.exit_code == 1 and message in result.output and "Traceback" not in result.output


def test_other_kinds_and_unknown_provinces_are_explained(runner, content, tmp_path):
    doc = CORPUS["chi-thi-phu-tho-07"]
    other = dataclasses_replace(doc, kind="QUYẾT ĐỊNH")
    result = runner.invoke(main, ["import", str(typed_docx(other, tmp_path / "qd.docx")), "--content", str(content)])
    assert result.exit_code == 1 and "Kế hoạch and Chỉ thị only" in result.output
    # a former province (content/provinces.yaml 'former:') is its own only while it existed
    gone = dataclasses_replace(doc, agency=("ỦY BAN NHÂN DÂN", "TỈNH HẢI DƯƠNG"), dateline="Hải Dương, ngày 05 tháng 3 năm 2024")
    result = runner.invoke(main, ["import", str(typed_docx(gone, tmp_path / "hd.docx")), "--content", str(content)])
    assert result.exit_code == 0 and "provinces/hai-duong/own/hd.yaml" in result.output, result.output
    built = runner.invoke(main, ["build", "-p", "hai-duong", "--content", str(content), "--out", str(tmp_path / "out")])
    assert built.exit_code == 0 and (tmp_path / "out" / "hai-duong" / "hd.docx").is_file(), built.output
    later = dataclasses_replace(gone, dateline="Hải Dương, ngày 05 tháng 3 năm 2026")
    result = runner.invoke(main, ["import", str(typed_docx(later, tmp_path / "hd2.docx")), "--content", str(content)])
    assert result.exit_code == 1 and "(Hải Dương) is not one of the 34 current units" in result.output


def dataclasses_replace(doc, **changes):
    import dataclasses

    return dataclasses.replace(doc, **changes)
