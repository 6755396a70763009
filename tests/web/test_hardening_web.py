"""Defects of the web workspace found from outside, each fixed (issue 15)."""

from __future__ import annotations

import os
import threading
from pathlib import Path

import pytest

from tests.web.conftest import post_json


def _first(app) -> tuple[str, str]:
    state = app.extensions["vbgen"]["state"]
    return state.provinces()[0].slug, state.document_stems()[0]


def test_new_files_get_the_umask_mode_not_0600(client, app, workspace: Path) -> None:
    slug, stem = _first(app)
    old = os.umask(0o022)
    try:
        page = client.get(f"/draft/{slug}/{stem}")
        assert page.status_code == 200
        from vbgen.web.drafting import initial_form

        form = initial_form(app.extensions["vbgen"]["state"], slug, stem)[0]
        form["symbol"] = "KH-UBND-TEST"
        state = app.extensions["vbgen"]["state"]
        path = state.override_path(slug, stem)
        path.unlink(missing_ok=True)
        r = post_json(client, f"/api/draft/{slug}/{stem}/save", {"form": form, "base_sha": None})
        assert r.status_code == 200 and r.get_json()["saved"], r.get_data(as_text=True)[:300]
        assert path.stat().st_mode & 0o777 == 0o644
    finally:
        os.umask(old)


def test_broken_yaml_override_and_own_document_are_the_422_page(client, app, workspace: Path) -> None:
    slug, stem = _first(app)
    state = app.extensions["vbgen"]["state"]
    path = state.override_path(slug, stem)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("symbol: [unclosed\n  - : :\n", encoding="utf-8")
    r = client.get(f"/draft/{slug}/{stem}")
    assert r.status_code == 422
    text = r.get_data(as_text=True)
    assert "Traceback" not in text and stem in text
    own_dir = path.parent.parent / "own"
    own_dir.mkdir(exist_ok=True)
    (own_dir / "rieng.yaml").write_text("kind: ke_hoach\nsubject: \"unterminated\n", encoding="utf-8")
    r = client.get(f"/own/{slug}/rieng")
    assert r.status_code in (404, 422) and "Traceback" not in r.get_data(as_text=True)


def test_symlinks_leaving_the_content_folder_are_neither_read_nor_written(client, app, workspace: Path, tmp_path: Path) -> None:
    slug, stem = _first(app)
    content = workspace / "content"
    secret = tmp_path / "secret.yaml"
    secret.write_text("kind: ke_hoach\nsubject: BÍ-MẬT-NGOÀI-THƯ-MỤC\n", encoding="utf-8")
    link = content / "documents" / "passwd.yaml"
    link.symlink_to(secret)
    r = client.get("/draft")
    assert r.status_code == 422 and "BÍ-MẬT" not in r.get_data(as_text=True)
    assert "passwd.yaml" in r.get_data(as_text=True)
    link.unlink()
    # a province's documents folder pointing outside: a save must not write there
    outside = tmp_path / "outside-docs"
    outside.mkdir()
    docs = content / "provinces" / slug / "documents"
    if docs.exists():
        import shutil

        shutil.rmtree(docs)
    docs.parent.mkdir(parents=True, exist_ok=True)
    docs.symlink_to(outside, target_is_directory=True)
    r = post_json(client, f"/api/draft/{slug}/{stem}/save", {"form": {"symbol": "X"}, "base_sha": None})
    assert r.status_code == 422
    assert list(outside.iterdir()) == []


def test_batch_queue_is_bounded_and_keeps_every_queued_status(app, client, monkeypatch) -> None:
    from vbgen.web import batchjob

    gate = threading.Event()
    monkeypatch.setattr(batchjob.BatchRunner, "_run", lambda self, job: (gate.wait(30), setattr(job, "finished", True)))
    slug, stem = _first(app)
    ids, statuses = [], []
    before = threading.active_count()
    for i in range(batchjob.MAX_WAITING + 1):
        r = post_json(client, "/api/batch", {"provinces": [slug], "documents": [stem]})
        assert r.status_code == 200
        ids.append(r.get_json()["id"])
        while i == 0 and app.extensions["vbgen"]["batch"]._queue.qsize():
            gate.wait(0.01)  # the worker has taken the first job
    assert threading.active_count() <= before + 1  # one worker, not a thread per start
    r = post_json(client, "/api/batch", {"provinces": [slug], "documents": [stem]})
    assert r.status_code == 503 and "bận" in r.get_json()["error"]
    for job_id in ids:  # job #1 still answers while the others wait
        statuses.append(post_json(client, f"/api/batch/{job_id}", {}).status_code)
    assert statuses == [200] * len(ids)
    gate.set()


def test_preview_is_retried_when_libreoffice_dies_and_never_shows_uno_text(tmp_path: Path) -> None:
    from tests.web.conftest import tiny_pdf
    from vbgen.web.preview import ATTEMPTS, PreviewError, PreviewStore

    calls = []

    def flaky(docx: bytes) -> bytes:
        calls.append(1)
        if len(calls) < ATTEMPTS:
            raise RuntimeError("com.sun.star.lang.DisposedException: Binary URP bridge already disposed")
        return tiny_pdf(docx)

    store = PreviewStore(tmp_path / "p", flaky)
    store.put("a" * 64, b"docx")
    assert store.pdf("a" * 64).startswith(b"%PDF")
    assert len(calls) == ATTEMPTS

    def dead(docx: bytes) -> bytes:
        raise RuntimeError("com.sun.star.lang.DisposedException")

    store = PreviewStore(tmp_path / "q", dead)
    store.put("b" * 64, b"docx")
    with pytest.raises(PreviewError) as e:
        store.pdf("b" * 64)
    assert "com.sun.star" not in e.value.format_message()


def test_preview_cache_is_bounded_and_removed(tmp_path: Path, monkeypatch) -> None:
    from tests.web.conftest import tiny_pdf
    from vbgen.web import preview

    monkeypatch.setattr(preview, "KEEP", 5)
    store = preview.PreviewStore(tmp_path / "p", tiny_pdf)
    for i in range(12):
        store.put(f"{i:064x}", b"docx")
    assert len(list((tmp_path / "p").iterdir())) == 5
    store.close()
    assert not (tmp_path / "p").exists()
    stale = tmp_path / "vbgen-serve-dead"
    stale.mkdir()
    (stale / "pid").write_text("999999999")
    live = tmp_path / "vbgen-serve-live"
    live.mkdir()
    (live / "pid").write_text(str(os.getpid()))
    assert preview.remove_stale_caches(tmp_path) == [stale]
    assert live.exists()
