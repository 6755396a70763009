"""Ready to sign (issue 16): the sign-ready PDF read back with pikepdf, pdftotext, pdftoppm and
pyHanko's own reader; the PDF checks; font truth; ``vbgen issued``."""

from __future__ import annotations

import io
import shutil
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner
from PIL import Image

from conftest import CONTENT, TEMPLATES
from rendered import require
from vbgen.cli import main
from vbgen.pdf import sigfields
from vbgen.pdf.fonts import pdf_fonts

pikepdf = pytest.importorskip("pikepdf")

DOC = CONTENT / "documents" / "ke-hoach-06.yaml"
POSITION, NAME = "PHÓ CHỦ TỊCH", "Nguyễn Văn A"  # content/provinces/tay-ninh: KT. CHỦ TỊCH / PHÓ CHỦ TỊCH


def _times_installed() -> bool:
    out = subprocess.run(["fc-match", "-f", "%{family}", "Times New Roman"], capture_output=True, text=True)
    return "Times New Roman" in out.stdout


def _build(out: Path, *extra: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, ["build", str(DOC), "-p", "tay-ninh", "--content", str(CONTENT),
                                       "--templates", str(TEMPLATES), "--out", str(out), *extra])
    return result.exit_code, result.output


@pytest.fixture(scope="module")
def sign_ready(tmp_path_factory) -> tuple[Path, str]:
    for tool in ("soffice", "pdftotext", "pdftoppm"):
        require(tool)
    out = tmp_path_factory.mktemp("sign")
    code, output = _build(out, "--sign-ready")
    assert code == 0, output
    return out / "tay-ninh" / "ke-hoach-06.pdf", output


def _page_text(pdf: Path, page: int) -> str:
    return subprocess.run(["pdftotext", "-layout", "-f", str(page), "-l", str(page), str(pdf), "-"],
                          capture_output=True, text=True, check=True).stdout


def test_sign_ready_pdf_claims_pdfa2b_embeds_fonts_and_is_a4(sign_ready):
    pdf, _output = sign_ready
    with pikepdf.open(pdf) as doc:
        xmp = doc.open_metadata()
        assert (xmp.get("pdfaid:part"), xmp.get("pdfaid:conformance")) == ("2", "B")
        assert not doc.is_encrypted
        for page in doc.pages:
            w, h = float(page.mediabox[2]), float(page.mediabox[3])
            assert sorted((round(w), round(h))) == [595, 842]  # A4, landscape for the appendix table
            for font in (page.Resources.get("/Font") or {}).values():
                desc = font.get("/FontDescriptor") or font.DescendantFonts[0].FontDescriptor
                assert any(k in desc for k in ("/FontFile", "/FontFile2", "/FontFile3")), font.BaseFont
        # metadata: the trích yếu, the issuing body, Vietnamese; the information dictionary agrees with the XMP
        assert xmp["dc:title"].startswith("Triển khai thực hiện Chỉ thị số 06/CT-BCA-V05")
        assert xmp["dc:creator"] == ["Ủy ban nhân dân tỉnh Tây Ninh"]
        assert str(doc.docinfo["/Author"]) == "Ủy ban nhân dân tỉnh Tây Ninh"
        assert str(doc.docinfo["/Title"]) == xmp["dc:title"]
        assert str(doc.Root.Lang) == "vi-VN"
        assert str(doc.docinfo["/CreationDate"]) == "D:20260316000000Z"  # the document's date, not the run's
        assert xmp["xmp:CreateDate"] == "2026-03-16T00:00:00Z"


def test_sign_ready_leaves_number_date_and_appendix_reference_blank_without_draft_mark(sign_ready):
    pdf, _output = sign_ready
    first = " ".join(_page_text(pdf, 1).split())
    assert "Số: /KH-UBND" in first and "Tây Ninh, ngày tháng năm 2026" in first
    assert "15/KH-UBND" not in first and "DỰ THẢO" not in first  # the province's number 15 is not printed
    whole = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    appendix = " ".join(whole[whole.index("Phụ lục"):].split())
    assert "(Kèm theo Kế hoạch số /KH-UBND ngày tháng năm 2026 của Ủy ban nhân dân tỉnh Tây Ninh)" in appendix


def test_a_document_marked_draft_in_its_content_is_no_draft_when_sign_ready():
    from vbgen.content import model
    from vbgen.content.load import load_model

    doc = load_model(DOC, model.Document).value.model_copy(update={"draft": True, "draft_round": 2})
    assert doc.is_draft and doc.blank_number_date
    signed = doc.for_electronic_issue()
    assert not signed.is_draft and signed.blank_number_date  # no DỰ THẢO, number and date still blank


def test_font_truth_is_told_and_strict_fails(sign_ready, tmp_path):
    _pdf, output = sign_ready
    names = {f.family for f in pdf_fonts(sign_ready[0].read_bytes())}
    if _times_installed():
        assert all("TimesNewRoman" in n for n in names)
        return
    assert names == {"LiberationSerif"}  # this machine has no Times New Roman: the truth
    assert "Warning: ke-hoach-06.pdf: the PDF is set in LiberationSerif, not Times New Roman" in output
    assert "ttf-mscorefonts-installer" in output
    code, strict_output = _build(tmp_path, "--pdf", "--strict")
    assert code == 1 and "LiberationSerif" in strict_output and "(an error with --strict)" in strict_output
    assert not (tmp_path / "tay-ninh" / "ke-hoach-06.pdf").exists()  # nobody signs a PDF that failed
    assert (tmp_path / "tay-ninh" / "ke-hoach-06.docx").exists()


def _lines(pdf: bytes):
    return sigfields.text_lines(pdf)


def test_signature_fields_sit_between_position_and_name_and_keep_pdfa(sign_ready, tmp_path):
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.fields import enumerate_sig_fields

    before = sign_ready[0].read_bytes()
    after, block = sigfields.add_fields(before, POSITION, NAME)
    assert after[:len(before)] == before  # an incremental update: the sign-ready bytes are untouched
    with pikepdf.open(io.BytesIO(after)) as doc:
        assert doc.open_metadata().pdfa_status == "2B"
        last_body = block.page
        assert any(ln.text == "Nơi nhận:" for ln in _lines(before)[last_body])
        annots = {str(a.T): [float(v) for v in a.Rect] for a in doc.pages[last_body].Annots}
    fields = list(enumerate_sig_fields(PdfFileReader(io.BytesIO(after))))
    assert [(name, value) for name, value, _ref in fields] == [(sigfields.ORGANISATION_FIELD, None), (sigfields.SIGNER_FIELD, None)]
    pos, name = block.position, block.name
    sx0, sy0, sx1, sy1 = annots[sigfields.SIGNER_FIELD]
    assert name is not None and name.y1 <= sy0 < sy1 <= pos.y0  # between the position line and the name
    assert abs((sx0 + sx1) / 2 - pos.cx) < 1  # centred under the position
    ox0, oy0, ox1, oy1 = annots[sigfields.ORGANISATION_FIELD]
    assert ox0 < sx0 < ox1 and abs(ox1 - (sx0 + (sx1 - sx0) / 3)) < 0.5  # covers the signer's left third
    assert oy0 < (sy0 + sy1) / 2 < oy1
    # pixels: the signer's field is empty paper, the name is printed right below it
    (tmp_path / "f.pdf").write_bytes(after)
    subprocess.run(["pdftoppm", "-png", "-r", "70", "-f", str(last_body + 1), "-l", str(last_body + 1),
                    str(tmp_path / "f.pdf"), str(tmp_path / "sig")], check=True)
    [png] = sorted(tmp_path.glob("sig*.png"))
    img = Image.open(png).convert("L")
    k, height = 70 / 72, img.height

    def dark(x0, y0, x1, y1):
        box = img.crop((round(x0 * k), round(height - y1 * k), round(x1 * k), round(height - y0 * k)))
        return sum(box.histogram()[:128])

    assert dark(sx0 + 2, sy0 + 2, sx1 - 2, sy1 - 2) == 0
    assert dark(name.x0, name.y0, name.x1, name.y1) > 50 and dark(pos.x0, pos.y0, pos.x1, pos.y1) > 50
    subprocess.run(["pdftoppm", "-png", "-r", "70", "-f", "1", "-l", "1", str(tmp_path / "f.pdf"), str(tmp_path / "p1")], check=True)
    first = Image.open(next(tmp_path.glob("p1*.png"))).convert("L")
    assert sum(first.histogram()[:128]) > 2000  # page 1 is drawn (header, title, body)


def test_find_block_without_a_name_and_when_missing():
    line = sigfields.Line
    page = [line(0, "Nơi nhận:", 80, 700, 130, 712), line(0, "CHỦ TỊCH", 380, 700, 460, 718)]
    block = sigfields.find_block([page], "CHỦ TỊCH")
    assert block.name is None and block.signer[3] < 700 and block.signer[3] - block.signer[1] > 50
    with pytest.raises(sigfields.LayoutError, match="PHÓ CHỦ TỊCH"):
        sigfields.find_block([page], "PHÓ CHỦ TỊCH", "Nguyễn Văn A")
    left = [line(0, "CHỦ TỊCH", 80, 700, 160, 718), line(0, "x" * 10, 300, 500, 520, 510)]
    with pytest.raises(sigfields.LayoutError):  # a position line in the left column is not the signer block
        sigfields.find_block([left], "CHỦ TỊCH")


def test_check_pdf_rules(sign_ready, tmp_path):
    from vbgen.check.pdfrules import check_pdf

    findings, note = check_pdf(sign_ready[0])
    rules = {f.rule for f in findings}
    assert rules == (set() if _times_installed() else {"pdf.times"})
    assert note and "PDF/A-2b claimed" in note and "not a validation" in note and "veraPDF" in note
    # a doctored copy: encrypted, Letter-sized page, the PDF/A claim removed
    with pikepdf.open(sign_ready[0]) as doc:
        doc.pages[0].MediaBox = [0, 0, 612, 792]
        with doc.open_metadata(set_pikepdf_as_editor=False) as xmp:
            del xmp["pdfaid:part"]
            del xmp["pdfaid:conformance"]
        doc.save(tmp_path / "bad.pdf", encryption=pikepdf.Encryption(owner="o", user=""))
    findings, note = check_pdf(tmp_path / "bad.pdf")
    rules = {f.rule for f in findings}
    assert {"pdf.encryption", "pdf.page", "pdf.pdfa"} <= rules and note is None
    assert next(f for f in findings if f.rule == "pdf.page").text == "page 1"


def test_check_cli_prints_pdf_findings_in_text_json_and_vietnamese(sign_ready):
    runner = CliRunner()
    text = runner.invoke(main, ["check", str(sign_ready[0])])
    assert "note: PDF/A-2b claimed; a claim is not a validation" in text.output
    data = runner.invoke(main, ["check", "--format", "json", str(sign_ready[0])])
    import json

    rows = json.loads(data.output[:data.output.rindex("]") + 1])
    assert all(set(r) == {"file", "rule", "message", "paragraph", "text", "severity", "fix"} for r in rows)
    assert {r["severity"] for r in rows} <= {"error", "warning", "note"}
    vi = runner.invoke(main, ["--lang", "vi", "check", str(sign_ready[0])])
    assert "tuyên bố không phải là kiểm định" in vi.output
    if not _times_installed():
        assert text.exit_code == 1 and "[pdf.times]" in text.output and "ttf-mscorefonts-installer" in text.output
        assert "không phải Times New Roman" in vi.output


def test_sign_options_contradictions(tmp_path):
    runner = CliRunner()
    r = runner.invoke(main, ["build", str(DOC), "--sig-fields", "--out", str(tmp_path)])
    assert r.exit_code == 2 and "--sig-fields needs --sign-ready" in r.output
    r = runner.invoke(main, ["batch", "--sign-ready", "--draft", "--out", str(tmp_path)])
    assert r.exit_code == 2 and "exclude each other" in r.output
    assert not any(tmp_path.iterdir())


def test_batch_sign_ready_with_fields(tmp_path):
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.fields import enumerate_sig_fields

    for tool in ("soffice", "pdftotext"):
        require(tool)
    r = CliRunner().invoke(main, ["batch", str(DOC), "-p", "tay-ninh", "--content", str(CONTENT), "--templates", str(TEMPLATES),
                                  "--out", str(tmp_path), "--sign-ready", "--sig-fields"])
    assert r.exit_code == 0, r.output
    pdf = tmp_path / "tay-ninh" / "ke-hoach-06.pdf"
    with pikepdf.open(pdf) as doc:
        assert doc.open_metadata().pdfa_status == "2B"
    with pdf.open("rb") as f:
        assert len(list(enumerate_sig_fields(PdfFileReader(f)))) == 2
    if not _times_installed():
        assert r.output.count("LiberationSerif") == 1  # said once for the run, with the count


# -- vbgen issued -----------------------------------------------------------------------------------


@pytest.fixture
def content(tmp_path) -> Path:
    dest = tmp_path / "content"
    shutil.copytree(CONTENT, dest)
    return dest


def test_issued_writes_number_and_date_into_the_override_and_the_next_build_prints_them(content, tmp_path):
    override = content / "provinces" / "tay-ninh" / "documents" / "ke-hoach-06.yaml"
    before = override.read_text(encoding="utf-8")
    r = CliRunner().invoke(main, ["issued", "ke-hoach-06", "-p", "tay-ninh", "--number", "45", "--date", "2026-12-15",
                                  "--content", str(content)])
    assert r.exit_code == 0, r.output
    assert r.output.strip() == str(override)
    after = override.read_text(encoding="utf-8")
    changed = [(a, b) for a, b in zip(before.splitlines(), after.splitlines()) if a != b]
    assert changed == [('number: "15"', 'number: "45"'), ("date: 2026-03-16", "date: 2026-12-15")]
    assert len(before.splitlines()) == len(after.splitlines())  # comments and everything else kept
    r = CliRunner().invoke(main, ["build", str(content / "documents" / "ke-hoach-06.yaml"), "-p", "tay-ninh",
                                  "--content", str(content), "--templates", str(TEMPLATES), "--out", str(tmp_path / "o")])
    assert r.exit_code == 0, r.output
    from docx import Document

    text = "\n".join(p.text for t in Document(tmp_path / "o" / "tay-ninh" / "ke-hoach-06.docx").tables
                     for row in t.rows for c in row.cells for p in c.paragraphs)
    assert "Số: 45/KH-UBND" in text and "ngày 15 tháng 12 năm 2026" in text


def test_issued_makes_an_override_when_the_province_has_none_and_rejects_bad_values(content):
    runner = CliRunner()
    made = content / "provinces" / "ha-noi" / "documents" / "chi-thi-06.yaml"
    assert not made.exists()
    r = runner.invoke(main, ["issued", "content/documents/chi-thi-06.yaml", "-p", "ha-noi", "--number", "05",
                             "--date", "2026-01-09", "--content", str(content)])
    assert r.exit_code == 0, r.output
    assert made.read_text(encoding="utf-8").splitlines()[1:] == ['number: "05"', "date: 2026-01-09"]
    r = runner.invoke(main, ["build", str(content / "documents" / "chi-thi-06.yaml"), "-p", "ha-noi", "--content", str(content),
                             "--templates", str(TEMPLATES), "--out", str(content.parent / "o")])
    assert r.exit_code == 0, r.output  # the new override validates
    r = runner.invoke(main, ["issued", "chi-thi-06", "-p", "ha-noi", "--number", "4a", "--date", "2026-01-09", "--content", str(content)])
    assert r.exit_code == 1 and 'digits only, such as "45"' in r.output
    r = runner.invoke(main, ["issued", "chi-thi-06", "-p", "ha-noi", "--number", "4", "--date", "15/12/2026", "--content", str(content)])
    assert r.exit_code == 2 and "YYYY-MM-DD" in r.output
    r = runner.invoke(main, ["issued", "khong-co", "-p", "ha-noi", "--number", "4", "--date", "2026-01-09", "--content", str(content)])
    assert r.exit_code == 1 and "no such document" in r.output


def test_the_command_line_engine_makes_pdfa_too(tmp_path, monkeypatch):
    from vbgen.pdf import export
    from vbgen.pdf.signready import PDFA_FILTER

    for tool in ("soffice",):
        require(tool)
    code, output = _build(tmp_path)
    assert code == 0, output
    monkeypatch.setenv(export.ENV_ENGINE, "cli")
    [result] = export.convert([tmp_path / "tay-ninh" / "ke-hoach-06.docx"], filter_data=PDFA_FILTER)
    with pikepdf.open(result.pdf) as doc:
        assert doc.open_metadata().pdfa_status == "2B"
