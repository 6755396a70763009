"""The drafting page's "Tải PDF trình ký" and "Ghi số, ngày ban hành" (issue 16)."""

from __future__ import annotations

import io

import pytest

from tests.web.conftest import csrf

PAGE = "/draft/tay-ninh/ke-hoach-06"


def test_page_offers_the_sign_ready_pdf_and_the_issued_form(client):
    html = client.get(PAGE).get_data(as_text=True)
    assert "Tải PDF trình ký" in html and 'href="/draft/tay-ninh/ke-hoach-06/trinh-ky.pdf"' in html
    assert "Ghi số, ngày ban hành" in html and 'action="/draft/tay-ninh/ke-hoach-06/issued"' in html


def test_issued_form_writes_the_override_and_comes_back(client, workspace):
    override = workspace / "content" / "provinces" / "tay-ninh" / "documents" / "ke-hoach-06.yaml"
    r = client.post(f"{PAGE}/issued", data={"number": "45", "date": "2026-12-15", "csrf": csrf(client)})
    assert r.status_code == 302 and r.headers["Location"].endswith(f"{PAGE}?issued=1")
    text = override.read_text(encoding="utf-8")
    assert 'number: "45"' in text and "date: 2026-12-15" in text and "# Tỉnh Tây Ninh's changes" in text
    assert "Đã ghi số và ngày ban hành" in client.get(f"{PAGE}?issued=1").get_data(as_text=True)


def test_issued_form_refuses_without_csrf_bad_values_and_unknown_documents(client, workspace):
    override = workspace / "content" / "provinces" / "tay-ninh" / "documents" / "ke-hoach-06.yaml"
    before = override.read_text(encoding="utf-8")
    assert client.post(f"{PAGE}/issued", data={"number": "45", "date": "2026-12-15"}).status_code == 400
    r = client.post(f"{PAGE}/issued", data={"number": "4a", "date": "2026-12-15", "csrf": csrf(client)})
    assert r.status_code == 422 and "chỉ gồm chữ số" in r.get_data(as_text=True)  # the web speaks Vietnamese
    r = client.post(f"{PAGE}/issued", data={"number": "45", "date": "15/12/2026", "csrf": csrf(client)})
    assert r.status_code == 422 and "YYYY-MM-DD" in r.get_data(as_text=True)
    assert client.post("/draft/tay-ninh/khong-co/issued", data={"number": "4", "date": "2026-12-15", "csrf": csrf(client)}).status_code == 404
    assert client.get("/draft/xx/ke-hoach-06/trinh-ky.pdf").status_code == 404
    assert override.read_text(encoding="utf-8") == before


def test_sign_ready_pdf_download(client):
    from tests.rendered import require

    require("soffice")
    pikepdf = pytest.importorskip("pikepdf")
    r = client.get(f"{PAGE}/trinh-ky.pdf")
    assert r.status_code == 200 and r.mimetype == "application/pdf"
    assert "tay-ninh-ke-hoach-06-trinh-ky.pdf" in r.headers["Content-Disposition"]
    with pikepdf.open(io.BytesIO(r.data)) as doc:
        assert doc.open_metadata().pdfa_status == "2B"
        assert str(doc.docinfo["/Author"]) == "Ủy ban nhân dân tỉnh Tây Ninh"
