"""Any JSON body, to every POST route of the app's URL map, is answered without a 500 (issue 15)."""

from __future__ import annotations

import json
import re

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.web.conftest import csrf

SCALARS = st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=40)
JSON = st.recursive(SCALARS, lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=12), inner, max_size=4),
                    max_leaves=20)


def _post_urls(app) -> list[str]:
    """Every POST route with its arguments filled with known names (so the body is what is tested)."""
    state = app.extensions["vbgen"]["state"]
    slug = state.provinces()[0].slug
    stem = state.document_stems()[0]
    own = next(((p.slug, s) for p in state.provinces() for s in state.own_stems(p.slug)), (slug, "x"))
    values = {"slug": slug, "stem": stem, "sha": "0" * 64, "job_id": "0" * 32, "key": "x", "n": 1, "seq": 1,
              "file": f"provinces/{slug}/documents/{stem}.yaml"}
    urls = []
    for rule in app.url_map.iter_rules():
        if "POST" not in rule.methods or rule.endpoint in ("login", "logout", "admin.users"):
            continue
        args = {a: values.get(a, "x") for a in rule.arguments}
        if rule.endpoint.startswith("draft.own_"):
            args.update(slug=own[0], stem=own[1])
        urls.append(rule.build(args, append_unknown=False)[1])
    assert len(urls) >= 8
    return urls


def _form_keys(app) -> list[str]:
    from vbgen.web.drafting import initial_form

    state = app.extensions["vbgen"]["state"]
    return sorted(initial_form(state, state.provinces()[0].slug, state.document_stems()[0])[0])


def test_arbitrary_json_to_every_post_route_is_never_a_500(app, client) -> None:
    urls, keys = _post_urls(app), _form_keys(app)
    token = csrf(client)
    bodies = (JSON | st.fixed_dictionaries({"form": st.dictionaries(st.sampled_from(keys), JSON, max_size=5)},
                                           optional={"base_sha": JSON, "base_form": JSON, "is_new": JSON})
              | st.fixed_dictionaries({"provinces": JSON, "documents": JSON, "pdf": JSON}))

    @settings(max_examples=int(__import__("os").environ.get("VBGEN_FUZZ_EXAMPLES", "40")), deadline=None,
              suppress_health_check=list(HealthCheck), derandomize=True)
    @given(url=st.sampled_from(urls), body=bodies)
    def run(url: str, body) -> None:
        r = client.post(url, data=json.dumps(body), content_type="application/json", headers={"X-CSRF-Token": token})
        assert r.status_code != 500, (url, body, r.get_data(as_text=True)[:300])
        if r.status_code == 400:
            assert r.get_json()["error"]
            assert not re.search(r"[A-Z][a-z]+(Error|Exception)\b", r.get_json()["error"]), r.get_json()["error"]

    run()


def test_known_bad_bodies_are_400_in_vietnamese(app, client) -> None:
    state = app.extensions["vbgen"]["state"]
    slug, stem = state.provinces()[0].slug, state.document_stems()[0]
    token = csrf(client)
    url = f"/api/draft/{slug}/{stem}/preview"
    deep = "[" * 1000 + "]" * 1000
    for body in ['{"form": {"recipients": "x"}}', '{"form": {"preamble": [1]}}', '{"form": {"sections": 1}}',
                 '{"form": {}, "base_sha": [1]}', deep, "[1]", "not json", '{"form": ' + deep + "}"]:
        for target in (url, url.replace("/preview", "/save"), "/api/batch", "/api/registry/check"):
            r = client.post(target, data=body, content_type="application/json", headers={"X-CSRF-Token": token})
            assert r.status_code in (200, 400, 409, 422), (target, body[:50], r.status_code, r.get_data(as_text=True)[:200])
            if r.status_code == 400:  # a clerk reads it: Vietnamese, no Python class names
                message = r.get_json()["error"]
                assert not re.search(r"[A-Z][a-z]+(Error|Exception)\b", message), (target, body[:50], message)
    r = client.post(url, data=b'{"form": {"subject": "' + b"x" * (9 * 1024 * 1024) + b'"}}', content_type="application/json",
                    headers={"X-CSRF-Token": token})
    assert r.status_code == 413 and "MiB" in r.get_json()["error"]
    r = client.post("/api/batch", data="[1]", content_type="application/json", headers={"X-CSRF-Token": token})
    assert r.status_code == 400 and "không" in r.get_json()["error"].lower() or r.status_code == 400


def test_arbitrary_forms_and_files_to_the_upload_pages_are_never_a_500(app, client, tmp_path) -> None:
    """The check and import pages take a multipart form: any fields, any file (random bytes, a cut
    Word package, a real one) give an answer in Vietnamese, never a 500."""
    import io

    from tests.typed_corpus import write_docx

    real = write_docx("kh-tay-ninh-tab", tmp_path).read_bytes()
    token = csrf(client)
    slug = app.extensions["vbgen"]["state"].provinces()[0].slug
    files = st.one_of(st.binary(max_size=300), st.sampled_from([real[:1000], real[: len(real) // 2], real]),
                      st.builds(lambda head, tail: head + tail, st.sampled_from([b"PK\x03\x04", b"%PDF-", bytes.fromhex("D0CF11E0A1B11AE1")]),
                                st.binary(max_size=200)))
    keys = st.one_of(st.sampled_from(["name", "action", "overwrite", "part-1", "part-12", "part-999999", "part-", "part-x"]),
                     st.text(max_size=12))
    fields = st.dictionaries(keys, st.text(max_size=30), max_size=6)

    @settings(max_examples=int(__import__("os").environ.get("VBGEN_FUZZ_EXAMPLES", "40")) // 2, deadline=None,
              suppress_health_check=list(HealthCheck), derandomize=True)
    @given(url=st.sampled_from([f"/check/{slug}", f"/import/{slug}"]), data=files, form=fields,
           filename=st.text(max_size=40), fetch=st.booleans())
    def run(url: str, data: bytes, form: dict, filename: str, fetch: bool) -> None:
        body = {k: v for k, v in form.items() if k not in ("csrf", "file")}
        body["csrf"] = token
        body["file"] = (io.BytesIO(data), filename)
        r = client.post(url, data=body, content_type="multipart/form-data",
                        headers={"X-Requested-With": "fetch"} if fetch else {})
        text = r.get_data(as_text=True)
        assert r.status_code in (200, 400, 409, 422, 423), (url, data[:20], form, r.status_code, text[:300])
        if r.status_code != 200:
            assert "upload-error" in text and "Traceback" not in text, text[:300]

    run()
