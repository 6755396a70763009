"""The check page and the import page (issues 20 and 17), through Flask's test client with the
stand-in PDF converter: what is refused and how, the findings and parts shown, corrections,
saving (history, overwrite, names), another province, and that nothing is left on disk."""

from __future__ import annotations

import hashlib
import io
import os
import re
import tempfile
import zipfile
from pathlib import Path

import pytest
from flask import g

from tests.typed_corpus import write_docx
from tests.web.conftest import csrf, log_in_for_tests
from vbgen.office.roles import ADMIN, DRAFTER, LEADER, LEGAL, User

OWN, OTHER = "tay-ninh", "phu-tho"
USERS = {"drafter": User("drafter", "Soạn thảo", DRAFTER, (OWN,)), "legal": User("legal", "Pháp chế", LEGAL, (OWN,)),
         "leader": User("leader", "Lãnh đạo", LEADER, (OWN,)), "admin": User("admin", "Quản trị", ADMIN, ("*",))}


def with_defects(path: Path) -> bytes:
    """A typed file with two seeded defects: a left margin of 20 mm (the decree: 30–35) and one
    body paragraph in 11 pt Arial."""
    from docx import Document
    from docx.shared import Mm, Pt

    doc = Document(str(path))
    doc.sections[0].left_margin = Mm(20)
    body = next(p for p in doc.paragraphs if len(p.text) > 200)
    for run in body.runs:
        run.font.size = Pt(11)
        run.font.name = "Arial"
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()


@pytest.fixture(scope="module")
def typed(tmp_path_factory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("typed")
    return {name: write_docx(name, folder) for name in ("kh-tay-ninh-tab", "ct-bca-tabstop", "kh-tay-ninh-auto", "ct-phu-tho-tcvn3")}


@pytest.fixture
def as_user(app):
    def hook():
        name = __import__("flask").request.headers.get("X-Test-User")
        if name is not None:
            g.user = USERS[name]

    log_in_for_tests(app, hook)
    return app


def _post(client, url: str, data: bytes | None, filename: str = "van-ban.docx", user: str | None = None, fetch: bool = True,
          **fields: str):
    form = {"csrf": csrf(client), **fields}
    if data is not None:
        form["file"] = (io.BytesIO(data), filename)
    headers = {"X-Requested-With": "fetch"} if fetch else {}
    if user:
        headers["X-Test-User"] = user
    return client.post(url, data=form, headers=headers, content_type="multipart/form-data")


def _tree(folder: Path) -> dict[str, str]:
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest() if p.is_file() else "dir"
            for p in sorted(folder.rglob("*")) if not p.name.endswith(".lock")}


def test_check_shows_grouped_findings_beside_marked_pages_and_keeps_nothing(client, workspace: Path, typed, tmp_path: Path,
                                                                            monkeypatch) -> None:
    private_tmp = tmp_path / "tmp"
    private_tmp.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(private_tmp))
    client.get("/check/tay-ninh")
    content_before, tmp_before = _tree(workspace), _tree(private_tmp)
    r = _post(client, "/check/tay-ninh", with_defects(typed["kh-tay-ninh-tab"]), "Kế hoạch Tây Ninh.docx")
    html = r.get_data(as_text=True)
    assert r.status_code == 200, html[:500]
    assert "<html" not in html  # the results alone, for the page script
    items = re.findall(r'<li class="finding sev-(\w+)" id="finding-(\d+)" data-paragraphs="([\d,]*)"', html)
    assert items and items[0][0] == "error"
    margin = next(i for i in re.findall(r'<li class="finding.*?</li>', html, re.S) if "lề trái" in i.lower() or "Lề trái" in i)
    assert "Cách sửa:" in margin and "Bố trí" in margin or "Layout" not in margin
    size_items = [i for i in items if i[2]]
    assert size_items, "a finding about the 11 pt paragraph, marked on its paragraph"
    # the page images are inline PNGs, and the marks are on them: a marked copy differs from the plain document
    pngs = re.findall(r'src="data:image/png;base64,([A-Za-z0-9+/=]+)"', html)
    assert pngs
    # nothing left behind: the content folder and the temporary folder are as they were
    assert _tree(workspace) == content_before
    assert _tree(private_tmp) == tmp_before


def test_check_of_a_clean_typed_file_says_so(client, typed) -> None:
    r = _post(client, "/check/tay-ninh", typed["ct-bca-tabstop"].read_bytes())
    html = r.get_data(as_text=True)
    assert r.status_code == 200
    assert 'finding sev-error' not in html and 'finding sev-warning' not in html
    assert '>0 lỗi<' in html and 'finding sev-note' in html


@pytest.mark.parametrize("data,words", [
    (b"%PDF-1.7\n1 0 obj", "OCR"),
    (b"\x89PNG\r\n\x1a\n" + b"\0" * 30, "OCR"),
    (b"\xff\xd8\xff\xe0" + b"\0" * 30, "OCR"),
    (b"Hello, not a document", "không phải văn bản Word"),
    (b"PK\x03\x04garbage", "hỏng"),
    (b"", "chọn"),
    (b"{\\rtf1\\ansi hello}", "RTF"),
])
def test_what_is_not_a_word_document_is_refused_in_vietnamese(client, data: bytes, words: str) -> None:
    # the name says .docx: the content decides
    for url in ("/check/tay-ninh", "/import/tay-ninh"):
        r = _post(client, url, data, "khong-phai.docx")
        html = r.get_data(as_text=True)
        assert r.status_code == 400, (url, data[:10], html[:300])
        assert words.lower() in html.lower(), html[:400]
        assert 'role="alert"' in html


def test_a_zip_that_is_not_a_word_package_or_unpacks_too_far_is_refused(client) -> None:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("word/document.xml", b"<" + b" " * (90 * 1024 * 1024))
    r = _post(client, "/check/tay-ninh", buf.getvalue())
    assert r.status_code == 400 and "MiB" in r.get_data(as_text=True)
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("xl/workbook.xml", "<x/>")
    r = _post(client, "/check/tay-ninh", buf.getvalue())
    assert r.status_code == 400 and ".odt" in r.get_data(as_text=True)


def test_a_document_of_two_million_paragraphs_is_refused_unread(client, typed) -> None:
    """A small upload whose text part unpacks to millions of paragraphs (it took four minutes and
    3.6 GB to read) is refused from a count of the tags, before any reader sees it."""
    z = zipfile.ZipFile(typed["kh-tay-ninh-tab"])
    for paragraph, times in ((b"<w:p><w:r><w:t>a</w:t></w:r></w:p>", 30000), (b"<x:p/>", 2_000_000)):
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
            for info in z.infolist():
                data = z.read(info.filename)
                if info.filename == "word/document.xml":
                    data = data.replace(b"<w:body>", b"<w:body>" + paragraph * times, 1)
                target.writestr(info.filename, data)
        assert len(out.getvalue()) < 400_000
        for url in ("/check/tay-ninh", "/import/tay-ninh"):
            r = _post(client, url, out.getvalue())
            assert r.status_code == 400 and "đoạn" in r.get_data(as_text=True), (url, times)


def test_a_file_too_large_is_refused_before_it_is_read(client) -> None:
    # (a raw body: the test client would spool a multipart file this large to a temporary file it never closes)
    body = b"--b\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.docx\"\r\n\r\nPK\x03\x04" + b"0" * (5 << 20)
    r = client.post("/check/tay-ninh", data=body, content_type="multipart/form-data; boundary=b",
                    headers={"X-CSRF-Token": csrf(client), "X-Requested-With": "fetch"})
    assert r.status_code == 413 and "MiB" in r.get_data(as_text=True)


def test_import_shows_parts_and_a_correction_survives_a_rerun_and_an_error(client, typed) -> None:
    data = typed["kh-tay-ninh-tab"].read_bytes()
    r = _post(client, "/import/tay-ninh", data, "KH 250 Tây Ninh.docx")
    html = r.get_data(as_text=True)
    assert r.status_code == 200, html[:500]
    rows = dict(re.findall(r'<tr class="[^"]*" data-index="(\d+)" data-part="(\w+)">', html))
    assert rows and {"agency", "number", "date", "kind", "subject", "recipients", "signature", "signer"} <= set(rows.values())
    assert "arabic" in rows.values() and "roman" in rows.values()
    assert 'name="name" value="kh-250-tay-ninh"' in html
    intro = next(n for n, part in rows.items() if part in ("preamble", "basis"))
    # the person says the first paragraph of the body belongs to the trích yếu
    r = _post(client, "/import/tay-ninh", data, "KH 250 Tây Ninh.docx", action="run", **{f"part-{intro}": "subject"})
    html = r.get_data(as_text=True)
    assert f'data-index="{intro}" data-part="subject"' in html
    assert re.search(rf'<select name="part-{intro}"[^>]*>.*?<option value="subject" selected', html, re.S)
    # a bad file name: refused, and the correction is still selected in the answer
    r = _post(client, "/import/tay-ninh", data, "x.docx", action="save", name="Tên có dấu", **{f"part-{intro}": "subject"})
    html = r.get_data(as_text=True)
    assert r.status_code == 400 and "Chưa lưu" in html
    assert re.search(rf'<select name="part-{intro}"[^>]*>.*?<option value="subject" selected', html, re.S)
    assert 'value="Tên có dấu"' in html


def test_import_save_records_who_refuses_to_overwrite_unasked_and_the_document_builds(as_user, workspace: Path, typed) -> None:
    from vbgen.office import history

    client = as_user.test_client()
    client.get("/draft")
    data = typed["kh-tay-ninh-tab"].read_bytes()
    r = _post(client, "/import/tay-ninh", data, user="drafter", action="save", name="ke-hoach-250-nhap")
    html = r.get_data(as_text=True)
    assert r.status_code == 200 and 'id="import-saved"' in html, html[:600]
    path = workspace / "content/provinces/tay-ninh/own/ke-hoach-250-nhap.yaml"
    text = path.read_text(encoding="utf-8")
    assert text.startswith("# yaml-language-server") and "kind: ke_hoach" in text
    entries = history.for_file(workspace / "content", "provinces/tay-ninh/own/ke-hoach-250-nhap.yaml")
    assert entries and entries[0]["who"] == "drafter", history.read(workspace / "content").entries[-1:]
    page = client.get("/history/provinces/tay-ninh/own/ke-hoach-250-nhap.yaml", headers={"X-Test-User": "drafter"})
    assert page.status_code == 200 and "nhập từ tệp Word" in page.get_data(as_text=True)
    # the same name again: not overwritten without the box ticked
    from vbgen.importer.run import import_file

    first_recipient = import_file(typed["kh-tay-ninh-tab"], workspace / "content", write=False).recognised.recipients[0][1]
    left_out = {f"part-{first_recipient}": "ignore"}
    r = _post(client, "/import/tay-ninh", data, user="drafter", action="save", name="ke-hoach-250-nhap", **left_out)
    assert r.status_code == 409 and 'id="import-overwrite"' in r.get_data(as_text=True)
    assert path.read_text(encoding="utf-8") == text
    r = _post(client, "/import/tay-ninh", data, user="drafter", action="save", name="ke-hoach-250-nhap", overwrite="1",
              **left_out)
    assert r.status_code == 200 and path.read_text(encoding="utf-8") != text
    assert "Bộ Công an;" not in path.read_text(encoding="utf-8").split("recipients:")[1].split("\n")[1]
    # a national document's name is refused (it would become that document's province changes)
    r = _post(client, "/import/tay-ninh", data, user="drafter", action="save", name="ke-hoach-06")
    assert r.status_code == 400 and not (workspace / "content/provinces/tay-ninh/own/ke-hoach-06.yaml").exists()
    # the own document opens on the drafting page and builds
    assert client.get("/own/tay-ninh/ke-hoach-250-nhap", headers={"X-Test-User": "drafter"}).status_code == 200
    from vbgen.batch.build import render_one
    from vbgen.web.drafting import ContentState

    state = ContentState(workspace / "content", workspace / "doctemplates")
    ws = state.workspace()
    [doc] = ws.load_documents([path])
    rendered = render_one(ws, doc, state.province("tay-ninh"), Path("."))
    assert rendered.data[:2] == b"PK"


def test_who_may_open_which_page(as_user, workspace: Path, typed) -> None:
    client = as_user.test_client()
    client.get("/draft")
    data = typed["kh-tay-ninh-tab"].read_bytes()
    for who in ("drafter", "legal", "leader", "admin"):
        assert client.get(f"/check/{OWN}", headers={"X-Test-User": who}).status_code == 200, who
    assert client.get(f"/check/{OTHER}", headers={"X-Test-User": "legal"}).status_code == 403
    assert _post(client, f"/check/{OTHER}", data, user="legal").status_code == 403
    for who, may in (("drafter", True), ("legal", False), ("leader", False), ("admin", True)):
        assert (client.get(f"/import/{OWN}", headers={"X-Test-User": who}).status_code == 200) == may, who
    before = sorted((workspace / "content").rglob("*"))
    r = _post(client, f"/import/{OTHER}", data, user="drafter", action="save", name="lan-sang")
    assert r.status_code == 403 and sorted((workspace / "content").rglob("*")) == before
    r = _post(client, f"/import/{OWN}", data, user="legal", action="save", name="lan-sang")
    assert r.status_code == 403 and sorted((workspace / "content").rglob("*")) == before
    # the check page offers the import only to who may import
    assert "check-to-import" not in _post(client, f"/check/{OWN}", data, user="legal").get_data(as_text=True)
    assert "check-to-import" in _post(client, f"/check/{OWN}", data, user="drafter").get_data(as_text=True)
    # the drafting page links to the import for who may import
    page = client.get(f"/draft/{OWN}/ke-hoach-06", headers={"X-Test-User": "drafter"}).get_data(as_text=True)
    assert f'href="/import/{OWN}" id="draft-import"' in page
    assert 'id="draft-import"' not in client.get(f"/draft/{OWN}/ke-hoach-06", headers={"X-Test-User": "legal"}).get_data(as_text=True)
    # the start links go to a province of the user's
    r = client.get("/import", headers={"X-Test-User": "drafter"})
    assert r.status_code == 302 and r.headers["Location"].endswith(f"/import/{OWN}")
    assert client.get("/import", headers={"X-Test-User": "legal"}).status_code == 403


def test_malformed_corrections_are_400_in_vietnamese(client, typed) -> None:
    data = typed["kh-tay-ninh-tab"].read_bytes()
    for fields in ({"part-12": "kind"}, {"part-x": "body"}, {"part-99999": "body"}, {"part-1234567": "body"}):
        r = _post(client, "/import/tay-ninh", data, **fields)
        assert r.status_code == 400, fields
        assert "đoạn" in r.get_data(as_text=True).lower() or "dữ liệu" in r.get_data(as_text=True).lower()


def test_without_the_page_script_the_whole_page_comes_back(client, typed) -> None:
    r = _post(client, "/check/tay-ninh", typed["kh-tay-ninh-tab"].read_bytes(), fetch=False)
    html = r.get_data(as_text=True)
    assert r.status_code == 200 and "<html" in html and 'id="check-summary"' in html
    assert os.path.basename(__file__)


def test_an_external_entity_in_the_upload_is_not_read(client, typed, tmp_path: Path) -> None:
    """XXE: a document.xml that declares an entity pointing at a server file gets nothing of it."""
    secret = tmp_path / "secret.txt"
    secret.write_text("BI-MAT-CUA-MAY-CHU", encoding="utf-8")
    z = zipfile.ZipFile(typed["kh-tay-ninh-tab"])
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        for info in z.infolist():
            data = z.read(info.filename)
            if info.filename == "word/document.xml":
                text = data.decode("utf-8").replace("?>", f'?><!DOCTYPE w:document [<!ENTITY xx SYSTEM "{secret.as_uri()}">]>', 1)
                data = text.replace("Tây Ninh, ngày", "&xx;Tây Ninh, ngày", 1).encode("utf-8")
            target.writestr(info, data)
    for url in ("/check/tay-ninh", "/import/tay-ninh"):
        r = _post(client, url, out.getvalue())
        assert r.status_code in (200, 400, 422), url
        assert "BI-MAT" not in r.get_data(as_text=True), url


def test_a_doc_file_named_docx_is_read_as_a_doc(client, tmp_path: Path) -> None:
    """A .doc (an OLE file) is recognised by its content whatever its name, and converted by LibreOffice."""
    import shutil

    from tests.typed_corpus import write_doc

    if shutil.which("soffice") is None:
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail("LibreOffice (soffice) is needed for the .doc upload test")
        pytest.skip("LibreOffice (soffice) is not installed")
    data = write_doc(tmp_path).read_bytes()
    assert data.startswith(bytes.fromhex("D0CF11E0A1B11AE1"))
    r = _post(client, "/check/tay-ninh", data, "nhu-docx.docx")
    html = r.get_data(as_text=True)
    assert r.status_code == 200, html[:400]
    assert "tệp .doc" in html and 'id="check-summary"' in html
    r = _post(client, "/import/tay-ninh", data, "chi-thi.docx")
    html = r.get_data(as_text=True)
    assert r.status_code == 200, html[:400]
    assert 'data-part="subject"' in html and 'data-part="recipients"' in html


def test_a_tab_stop_line_is_one_row_with_both_columns_and_one_select(client, typed) -> None:
    """"- Bộ Công an;<Tab>KT. CHỦ TỊCH": one paragraph of the file, read as two columns: one row,
    both parts named, one select (a duplicate name or id would break the form and the labels)."""
    r = _post(client, "/import/tay-ninh", typed["ct-bca-tabstop"].read_bytes())
    html = r.get_data(as_text=True)
    assert r.status_code == 200, html[:300]
    names = re.findall(r'<select name="(part-\d+)"', html)
    ids = re.findall(r' id="([^"]+)"', html)
    assert len(names) == len(set(names)) and len(ids) == len(set(ids))
    both = re.findall(r'<span class="partchip part-recipients">Nơi nhận \+ Chức vụ người ký</span>', html)
    assert both, "a row naming both columns"


def test_marks_land_on_the_paragraphs_they_name(typed) -> None:
    """The paragraph numbers of the importer's rows and of the checker's findings are the file's
    paragraphs as the marked copy counts them: the text of each row is the text of the paragraph
    the mark goes on, and the Arial paragraph seeded into the check is the one its finding marks."""
    from tests.web.conftest import tiny_pdf
    from vbgen.ooxml.fastread import open_document
    from vbgen.ooxml.walker import read_body
    from vbgen.web.upload import check_upload, import_upload

    data = typed["kh-tay-ninh-tab"].read_bytes()
    paragraphs = read_body(open_document(data)).paragraphs
    view = import_upload(data, "x.docx", Path(__file__).resolve().parents[2] / "content", "tay-ninh", tiny_pdf)
    assert len(view.rows) > 40
    for row in view.rows:
        p = paragraphs[row.index - 1]
        printed = " ".join(((p.label + " ") if p.label else "") .split() + p.text.split())
        text = " ".join(" ".join(row.texts).split())
        assert text == printed or text in printed, (row.index, text[:60], printed[:60])
    seeded = with_defects(typed["kh-tay-ninh-tab"])
    arial = next(p for p in read_body(open_document(seeded)).paragraphs if any("Arial" in r.fonts for r in p.runs if r.text.strip()))
    result = check_upload(seeded, tiny_pdf)
    font = next(g for g in result.groups if "Arial" in g.message)
    assert font.paragraphs == [arial.index + 1]


def test_a_foreign_host_is_refused(client, typed) -> None:
    r = client.post("/check/tay-ninh", data={"csrf": csrf(client), "file": (io.BytesIO(typed["kh-tay-ninh-tab"].read_bytes()), "a.docx")},
                    content_type="multipart/form-data", headers={"Host": "evil.example"})
    assert r.status_code in (400, 403, 421) and "evil" not in r.get_data(as_text=True).split("<title>")[0]


def test_the_page_rules_count_pages_with_the_pages_converter(client, tmp_path: Path, monkeypatch) -> None:
    """A one-page plan without page numbers passes (Decree 30 numbers pages from page 2), and the
    page count comes from the page's own converter (here the one-page stand-in), not from a
    LibreOffice the checker would start on its own."""
    from vbgen.read import convert

    def no_cold_libreoffice(*args, **kwargs):  # noqa: ANN002, ANN003, ANN202
        raise AssertionError("the checker started its own LibreOffice")

    monkeypatch.setattr(convert, "page_count", no_cold_libreoffice)
    one_page = write_docx("kh-tay-ninh-mot-trang", tmp_path).read_bytes()
    html = _post(client, "/check/tay-ninh", one_page).get_data(as_text=True)
    assert ": 1 trang." in html
    assert "trường PAGE" not in html
    # the same file printing on two pages (a converter that says so) needs page numbers
    from pypdf import PdfWriter

    from vbgen.web.upload import check_upload

    def two_pages(docx: bytes) -> bytes:
        writer = PdfWriter()
        writer.add_blank_page(595, 842)
        writer.add_blank_page(595, 842)
        buf = io.BytesIO()
        writer.write(buf)
        return buf.getvalue()

    result = check_upload(one_page, two_pages)
    assert result.total_pages == 2
    assert [g for g in result.groups if g.severity == "error" and "PAGE" in g.message]


def _linked_picture_docx(url: str) -> bytes:
    """A .docx with a picture linked (not embedded) to ``url``, an INCLUDEPICTURE field to it, and a hyperlink."""
    from docx import Document
    from docx.oxml import parse_xml

    doc = Document()
    run = doc.add_paragraph("Ảnh liên kết: ").add_run()
    rid = doc.part.relate_to(url, "http://schemas.openxmlformats.org/officeDocument/2006/relationships/image", is_external=True)
    doc.part.relate_to("https://example.org/", "http://schemas.openxmlformats.org/officeDocument/2006/relationships/hyperlink",
                       is_external=True)
    ns = ('xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" '
          'xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" '
          'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
          'xmlns:pic="http://schemas.openxmlformats.org/drawingml/2006/picture" '
          'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"')
    run._r.append(parse_xml(
        f'<w:drawing {ns}><wp:inline><wp:extent cx="914400" cy="914400"/><wp:docPr id="1" name="p"/><a:graphic>'
        '<a:graphicData uri="http://schemas.openxmlformats.org/drawingml/2006/picture"><pic:pic><pic:nvPicPr>'
        '<pic:cNvPr id="1" name="p"/><pic:cNvPicPr/></pic:nvPicPr><pic:blipFill>'
        f'<a:blip r:link="{rid}"/><a:stretch><a:fillRect/></a:stretch></pic:blipFill><pic:spPr><a:xfrm>'
        '<a:off x="0" y="0"/><a:ext cx="914400" cy="914400"/></a:xfrm><a:prstGeom prst="rect"/></pic:spPr></pic:pic>'
        '</a:graphicData></a:graphic></wp:inline></w:drawing>'))
    field = doc.add_paragraph()
    for xml in ('<w:r {ns}><w:fldChar w:fldCharType="begin"/></w:r>',
                '<w:r {ns}><w:instrText xml:space="preserve"> INCLUDEPICTURE "URL" \\d </w:instrText></w:r>',
                '<w:r {ns}><w:fldChar w:fldCharType="end"/></w:r>'):
        field._p.append(parse_xml(xml.replace("{ns}", ns).replace("URL", url + "?field")))
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()


def test_an_upload_makes_the_server_fetch_nothing(client, tmp_path: Path) -> None:
    """SSRF: LibreOffice fetches a linked picture while it draws a page (it did, before). A .docx
    and an .odt linking to a server the test runs are checked and imported with the real
    converter: the server is never asked for anything."""
    import http.server
    import shutil
    import subprocess
    import threading

    from vbgen.web.preview import default_converter

    if shutil.which("soffice") is None:
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail("LibreOffice (soffice) is needed for the linked-picture test")
        pytest.skip("LibreOffice (soffice) is not installed")
    asked: list[str] = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802
            asked.append(self.path)
            self.send_response(404)
            self.end_headers()

        def log_message(self, *args) -> None:  # noqa: ANN002
            pass

    server = http.server.HTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        url = f"http://127.0.0.1:{server.server_port}/anh.png"
        docx = _linked_picture_docx(url)
        (tmp_path / "lien-ket.docx").write_bytes(docx)
        for fmt in ("odt", "doc"):
            subprocess.run(["soffice", f"-env:UserInstallation={(tmp_path / 'profile').as_uri()}", "--headless",
                            "--convert-to", fmt, "--outdir", str(tmp_path), str(tmp_path / "lien-ket.docx")],
                           capture_output=True, timeout=180, check=True)
        odt = (tmp_path / "lien-ket.odt").read_bytes()
        doc = (tmp_path / "lien-ket.doc").read_bytes()
        assert url.encode() in zipfile.ZipFile(io.BytesIO(odt)).read("content.xml")
        assert url.encode("utf-16-le") in doc or url.encode() in doc
        asked.clear()  # (LibreOffice's own conversions above may have asked)
        from vbgen.web.upload import check_upload

        converter, _name = default_converter()
        for data in (docx, odt, doc):  # a .doc is converted before vbgen can look inside: LibreOffice itself is offline
            assert check_upload(data, converter).total_pages >= 1
        assert asked == [], f"LibreOffice fetched {asked}"
    finally:
        server.shutdown()
        server.server_close()


def test_a_picture_linked_to_a_server_file_is_never_drawn(tmp_path: Path) -> None:
    """Disclosure: a .doc or .docx whose picture is linked to a file of the server (file://) must
    not show that file on the page images. LibreOffice alone draws it (checked here first, so the
    test cannot pass by a picture that never loads); the check page's pages do not."""
    import base64
    import shutil
    import subprocess

    from PIL import Image

    from vbgen.web.preview import default_converter
    from vbgen.web.upload import check_upload

    if shutil.which("soffice") is None or shutil.which("pdftoppm") is None:
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail("LibreOffice and poppler are needed for the linked-picture test")
        pytest.skip("LibreOffice or poppler is not installed")
    Image.new("RGB", (200, 200), (255, 0, 0)).save(tmp_path / "bi-mat.png")

    def red(png: bytes) -> int:
        im = Image.open(io.BytesIO(png)).convert("RGB")
        return sum(n for n, (r, g, b) in im.getcolors(maxcolors=1 << 24) if r > 200 and g < 60 and b < 60)

    docx = _linked_picture_docx((tmp_path / "bi-mat.png").as_uri())
    (tmp_path / "lien-ket.docx").write_bytes(docx)
    profile = f"-env:UserInstallation={(tmp_path / 'profile').as_uri()}"
    subprocess.run(["soffice", profile, "--headless", "--convert-to", "doc", "--outdir", str(tmp_path),
                    str(tmp_path / "lien-ket.docx")], capture_output=True, timeout=180, check=True)
    subprocess.run(["soffice", profile, "--headless", "--convert-to", "pdf", "--outdir", str(tmp_path / "raw"),
                    str(tmp_path / "lien-ket.doc")], capture_output=True, timeout=180, check=True)
    subprocess.run(["pdftoppm", "-png", "-r", "70", "-f", "1", "-l", "1", str(tmp_path / "raw" / "lien-ket.pdf"),
                    str(tmp_path / "raw" / "p")], check=True)
    assert red((tmp_path / "raw" / "p-1.png").read_bytes()) > 3000  # LibreOffice alone shows the server's file
    converter, _name = default_converter()
    for data in (docx, (tmp_path / "lien-ket.doc").read_bytes()):
        page = check_upload(data, converter).pages[0]
        assert red(base64.b64decode(page.src.split(",", 1)[1])) < 100  # at most a mark's few pixels


def test_a_tcvn3_file_is_checked_decoded_and_sent_to_the_import(client, typed) -> None:
    r = _post(client, "/check/phu-tho", typed["ct-phu-tho-tcvn3"].read_bytes())
    html = r.get_data(as_text=True)
    assert r.status_code == 200 and 'id="check-encoding"' in html and "TCVN3" in html
    assert "Lưu thành bản nháp nhập" in html
    r = _post(client, "/import/phu-tho", typed["ct-phu-tho-tcvn3"].read_bytes())
    html = r.get_data(as_text=True)
    assert r.status_code == 200 and "ỦY BAN NHÂN DÂN" in html and 'data-part="subject"' in html


def test_both_pages_offer_the_provinces_by_name_and_go_to_their_own_start(client) -> None:
    """On loopback the owner has every province: a select of names (not slugs), each page's own."""
    import re

    for page, start in (("check", "/check"), ("import", "/import")):
        html = client.get(f"/{page}/tay-ninh").get_data(as_text=True)
        form = re.search(r'<form method="get" action="([^"]+)" class="province-pick".*?</form>', html, re.S)
        assert form and form.group(1) == start, page
        assert '<option value="lai-chau" >Lai Châu</option>' in form.group(0)
        assert 'value="tay-ninh" selected>Tây Ninh<' in form.group(0)


def test_uploads_in_work_are_bounded_per_person_and_in_all(as_user, typed) -> None:
    """One person's script cannot hold every server thread with uploads: past their two (or the
    server's four) the page answers 429 in Vietnamese at once, and the next try works."""
    from vbgen.web.routes_upload import SLOTS

    client = as_user.test_client()
    client.get("/draft")
    data = typed["kh-tay-ninh-auto"].read_bytes()
    with SLOTS.taken("drafter"), SLOTS.taken("drafter"):
        for url in (f"/check/{OWN}", f"/import/{OWN}"):
            r = _post(client, url, data, user="drafter")
            assert r.status_code == 429 and "đang có 2 tệp đang được xử lý" in r.get_data(as_text=True), url
        assert _post(client, f"/check/{OWN}", data, user="legal").status_code == 200  # another person is not held
        with SLOTS.taken("leader"), SLOTS.taken("admin"):
            r = _post(client, f"/check/{OWN}", data, user="legal")
            assert r.status_code == 429 and "nhiều tệp của mọi người" in r.get_data(as_text=True)
    assert _post(client, f"/check/{OWN}", data, user="drafter").status_code == 200
    assert not SLOTS._working  # every slot given back, also after the refusals
