"""Fixtures for the web workspace: a private copy of the shipped content, a Flask test client."""

from __future__ import annotations

import shutil
import zlib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def workspace(tmp_path: Path) -> Path:
    """tmp/content and tmp/doctemplates: the shipped content, free to edit."""
    shutil.copytree(ROOT / "content", tmp_path / "content")
    shutil.copytree(ROOT / "doctemplates", tmp_path / "doctemplates")
    return tmp_path


def tiny_pdf(docx: bytes) -> bytes:
    """A real one-page PDF naming the document's hash: a stand-in for LibreOffice in fast tests."""
    import hashlib

    label = hashlib.sha256(docx).hexdigest()[:12].encode()
    stream = b"BT /F1 12 Tf 72 720 Td (" + label + b") Tj ET"
    objs = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>",
            b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
            b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"]
    out, offsets = b"%PDF-1.4\n", []
    for i, body in enumerate(objs, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % i + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objs) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objs) + 1, xref)
    assert zlib  # (kept simple: no compression)
    return out


@pytest.fixture
def app(workspace: Path, tmp_path: Path):
    from vbgen.web.app import create_app

    application = create_app(workspace / "content", workspace / "doctemplates", out_dir=tmp_path / "out",
                             converter=tiny_pdf, cache_dir=tmp_path / "cache")
    application.config["TESTING"] = True
    return application


@pytest.fixture
def client(app):
    c = app.test_client()
    c.get("/draft")  # opens the session (CSRF token)
    return c


def csrf(client) -> str:
    with client.session_transaction() as s:
        return s["csrf"]


def post_json(client, url: str, body: dict):
    return client.post(url, json=body, headers={"X-CSRF-Token": csrf(client)})


def log_in_for_tests(app, hook) -> None:  # noqa: ANN001
    """Run ``hook`` (it sets ``g.user``) just before the access check: after any login layer, so the
    test's user is the one the access rules see, whatever the login puts there on loopback."""
    from vbgen.web import guard

    funcs = app.before_request_funcs.setdefault(None, [])
    funcs.insert(funcs.index(guard.check), hook)
