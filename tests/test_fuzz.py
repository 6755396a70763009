"""Fuzz suite (issue 8): generated content, within the schema and with hostile text, ends either
in a valid .docx whose text survives exactly, or in a clean content error (exit 1, "Error:",
no traceback, no "internal error", no output file). Never anything else.

The generator and its oracle are in ``fuzzgen.py``. Profiles (README, Testing):

* ``ci`` (default): a small, derandomized run, the same examples every time;
* ``long``: ``VBGEN_FUZZ=long python3 -m pytest tests/test_fuzz.py`` — 3,000 random examples
  (``VBGEN_FUZZ_EXAMPLES=N`` for another number); prints its figures at the end.
"""

from __future__ import annotations

import os
import shutil
import tempfile
import time
from pathlib import Path

import docx
import yaml
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import MINI, TEMPLATES
from fuzzgen import PROVINCE, Case, cases
from ooxml_valid import assert_valid_docx
from vbgen.cli import main

settings.register_profile("ci", max_examples=40, derandomize=True, deadline=None, print_blob=True,
                          suppress_health_check=list(HealthCheck))
settings.register_profile("long", max_examples=int(os.environ.get("VBGEN_FUZZ_EXAMPLES", "3000")), deadline=None,
                          print_blob=True, suppress_health_check=list(HealthCheck))
PROFILE = settings.get_profile(os.environ.get("VBGEN_FUZZ", "ci"))

STATS = {"examples": 0, "documents": 0, "errors": 0, "seconds": 0.0}


def write_content(case: Case, root: Path) -> Path:
    """The mini fixture with the generated document (and agency name, place) in it."""
    content = root / "content"
    shutil.copytree(MINI, content)
    width = 4096 if len(case.document.get("subject", "")) % 2 else 60  # both folded and long YAML lines
    dumped = yaml.safe_dump(case.document, allow_unicode=True, sort_keys=False, width=width)
    (content / "documents" / "fuzz.yaml").write_text(dumped, encoding="utf-8", errors="surrogatepass")
    if case.agency_name is not None:
        data = yaml.safe_load((content / "agencies.yaml").read_text(encoding="utf-8"))
        data["agencies"]["so-noi-vu"]["name"] = case.agency_name.src
        _dump(data, content / "agencies.yaml")
    if case.place is not None:
        data = yaml.safe_load((content / "provinces.yaml").read_text(encoding="utf-8"))
        next(p for p in data["provinces"] if p["slug"] == PROVINCE)["place"] = case.place.src
        _dump(data, content / "provinces.yaml")
    return content


def _dump(data: object, path: Path) -> None:
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8", errors="surrogatepass")


def document_text(path: Path) -> str:
    """Every paragraph of the body, its tables (header, signature) and the page headers."""
    d = docx.Document(str(path))
    parts = [p.text for p in d.paragraphs]
    for table in d.tables:
        for row in table.rows:
            for cell in row.cells:
                parts += [p.text for p in cell.paragraphs]
    for section in d.sections:
        parts += [p.text for p in section.header.paragraphs]
    return "\n".join(parts)


def check_case(case: Case) -> None:
    """Build the generated content through the CLI and hold the outcome to the oracle."""
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="vbgen-fuzz-") as tmp:
        root = Path(tmp)
        content = write_content(case, root)
        out = root / "out"
        result = CliRunner().invoke(main, ["build", str(content / "documents" / "fuzz.yaml"), "--content", str(content),
                                           "--templates", str(TEMPLATES), "--out", str(out), "-p", PROVINCE])
        output = result.output
        assert "Traceback" not in output and "internal error" not in output, output
        assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
        if result.exit_code == 1:
            STATS["errors"] += 1
            assert output.startswith("Error:"), output
            assert not out.exists() or not any(out.rglob("*")), "output left behind after an error"
            if case.errors:
                assert any(e in output for e in case.errors), f"expected one of {case.errors!r} in:\n{output}"
            else:
                assert case.maybe, f"valid content was rejected:\n{output}"
        else:
            assert result.exit_code == 0, output
            assert not case.errors, f"accepted although it must fail with one of {case.errors!r}"
            STATS["documents"] += 1
            (written,) = out.rglob("*.docx")
            assert_valid_docx(written)
            text = document_text(written)
            for expected in case.expected:
                assert expected in text, f"{expected!r} did not survive into the document"
    STATS["examples"] += 1
    STATS["seconds"] += time.perf_counter() - started


@PROFILE
@given(cases())
def test_generated_content_ends_in_a_valid_document_or_a_clean_error(case):
    check_case(case)


@settings(PROFILE, max_examples=max(10, PROFILE.max_examples // 4))
@given(st.binary(max_size=300) | st.text(max_size=300))
def test_arbitrary_bytes_as_a_document_file_end_in_a_clean_error(raw):
    """Not even YAML: whatever the bytes, a message or a document, never a traceback."""
    with tempfile.TemporaryDirectory(prefix="vbgen-fuzz-") as tmp:
        content = Path(tmp) / "content"
        shutil.copytree(MINI, content)
        doc = content / "documents" / "raw.yaml"
        doc.write_bytes(raw if isinstance(raw, bytes) else raw.encode("utf-8", "surrogatepass"))
        result = CliRunner().invoke(main, ["build", str(doc), "--content", str(content), "--templates", str(TEMPLATES),
                                           "--out", str(Path(tmp) / "out")])
        assert result.exit_code == 1, result.output  # no generated bytes make a complete document
        assert result.output.startswith("Error:") and "internal error" not in result.output, result.output
        assert "Traceback" not in result.output and not (Path(tmp) / "out").exists()


KEYS = ["kind", "number", "symbol", "date", "year", "subject", "bases", "preamble", "sections", "implementation",
        "closing", "recipients", "storage", "signature", "title", "text", "items", "tasks", "intro", "lead", "cooperate",
        "deadline", "id", "agency", "purpose", "preset", "lines", "name", "extra_bases", "add", "replace", "remove",
        "agencies", "new_agencies", "citations", "recipient", "group", "requested", "when", "historical", "bases_as",
        "citation_dates", "cong-an", "so-noi-vu", "tham-muu", "ct-06-2025-bca", "status", "replaced_by", "short", "0"]
SCALARS = st.one_of(st.sampled_from(["ke_hoach", "chi_thi", "2026", "2025-05-07", "cong-an", "so-noi-vu", "tham-muu", "",
                                     "07", "tm_chu_tich", "true", "footnote", "replaced", "[[ct-06-2025-bca]]",
                                     "{{ 1/0 }}", "*", "\x0b"]),
                    st.text(max_size=5), st.none(), st.integers(-3, 3), st.booleans())
VALUES = st.recursive(SCALARS, lambda c: st.lists(c, max_size=3) | st.dictionaries(st.sampled_from(KEYS), c, max_size=4),
                      max_leaves=12)
MAPPINGS = st.none() | st.dictionaries(st.sampled_from(KEYS), VALUES, max_size=5)


@settings(PROFILE, max_examples=max(10, PROFILE.max_examples // 4))
@given(st.fixed_dictionaries({"kind": st.sampled_from(["ke_hoach", "chi_thi"]), "subject": st.just("Kế hoạch")},
                             optional={k: VALUES for k in KEYS[:14] if k not in ("kind", "subject")}),
       MAPPINGS, MAPPINGS, st.booleans())
def test_odd_structures_in_documents_overrides_and_settings_never_crash(document, override, province_settings, mini_doc):
    """Schema keys with values of any shape, in a document, a province's override of it and
    its province.yaml: build, lint and cite check end in a message or a document, never a bug."""
    with tempfile.TemporaryDirectory(prefix="vbgen-fuzz-") as tmp:
        content = Path(tmp) / "content"
        shutil.copytree(MINI, content)
        (content / "documents" / "x.yaml").write_text(yaml.safe_dump(document, allow_unicode=True), encoding="utf-8")
        target = content / "documents" / ("ke-hoach-mini.yaml" if mini_doc else "x.yaml")
        province = content / "provinces" / PROVINCE
        if override is not None:
            (province / "documents").mkdir(parents=True, exist_ok=True)
            _dump(override, province / "documents" / target.name)
        if province_settings is not None:
            province.mkdir(parents=True, exist_ok=True)
            _dump(province_settings, province / "province.yaml")
        out = Path(tmp) / "out"
        for args in (["build", str(target), "--templates", str(TEMPLATES), "--out", str(out)], ["lint"], ["cite", "check"]):
            result = CliRunner().invoke(main, [*args, "--content", str(content)])
            assert result.exit_code in (0, 1), (args, result.output)
            assert "internal error" not in result.output and "Traceback" not in result.output, (args, result.output)
            assert result.exception is None or isinstance(result.exception, SystemExit), (args, repr(result.exception))
            if result.exit_code == 0 and args[0] == "build":
                assert_valid_docx(next(out.rglob("*.docx")))


def teardown_module() -> None:
    if STATS["examples"] and os.environ.get("VBGEN_FUZZ"):
        print(f"\nfuzz: {STATS['examples']} examples, {STATS['documents']} documents written and validated, "
              f"{STATS['errors']} content errors, {STATS['seconds']:.0f} s")
