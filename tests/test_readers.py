"""Every reader opens vbgen's files: the interop matrix.

The files a user hands on — every document of a ``vbgen batch`` run (34 provinces × 2 national
documents, and Phú Thọ's own Chỉ thị) and a document saved in the web workspace — are opened the
way other systems open them: LibreOffice (one ``soffice --convert-to html`` for all of them; its
plain-text export leaves the footnotes out), pandoc (``-t plain``), docx2python and mammoth. Each
reader must open every file, and the text it extracts must contain the file's trích yếu and the
text of its first footnote. A reader that raises on a file fails the test with its own message.

The readers run once over all files (module fixture); one test per reader asserts on the result,
and the matrix is printed (``pytest -s tests/test_readers.py``).
"""

from __future__ import annotations

import dataclasses
import html
import io
import json
import os
import re
import shutil
import subprocess
import unicodedata
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import docx
import pytest
import yaml

from vbgen.pdf import common as pdf_mod
from vbgen.batch import runner as batch_mod
from vbgen.batch.build import build
from vbgen.errors import ToolMissingError
from vbgen.ooxml.text import docx_paragraphs

from conftest import CONTENT, TEMPLATES

IN_CI = os.environ.get("CI") == "true"
READERS = ("LibreOffice", "pandoc", "docx2python", "mammoth")
WEB_DOCUMENT = "content/provinces/tay-ninh/documents/ke-hoach-06.yaml"
WEB_SUBJECT = "Về phong trào toàn dân bảo vệ an ninh Tổ quốc trên địa bàn tỉnh Tây Ninh năm 2026 (sửa trên trang web)"


def _batch(work: Path) -> dict[str, Path]:
    """Every document of ``vbgen batch`` over the shipped content, all provinces."""
    out = work / "batch"
    result = batch_mod.run(None, "all", out, content_dir=CONTENT, templates_dir=TEMPLATES, jobs=2)
    assert not result.failed, batch_mod.format_summary(result)
    return {f"{p.parent.name}/{p.stem}": p for p in sorted(out.rglob("*.docx"))}


def _web_saved(work: Path) -> dict[str, Path]:
    """Tây Ninh's Kế hoạch with a new trích yếu, saved through the web workspace, then built."""
    from tests.web.conftest import post_json, tiny_pdf
    from vbgen.web.app import create_app

    root = work / "web"
    shutil.copytree(CONTENT, root / "content")
    shutil.copytree(TEMPLATES, root / "doctemplates")
    app = create_app(root / "content", root / "doctemplates", out_dir=root / "out", converter=tiny_pdf,
                     cache_dir=root / "cache")
    app.config["TESTING"] = True
    client = app.test_client()
    client.get("/draft")
    page = client.get("/draft/tay-ninh/ke-hoach-06").get_data(as_text=True)
    data = json.loads(re.search(r'<script type="application/json" id="page-data">(.*?)</script>', page, re.S).group(1))
    form = dict(data["form"], subject=WEB_SUBJECT)
    saved = post_json(client, data["urls"]["save"], {"form": form, "base_sha": data["sha"], "base_form": data["form"]})
    assert saved.status_code == 200 and saved.get_json()["saved"], saved.get_data(as_text=True)
    assert yaml.safe_load((root / WEB_DOCUMENT).read_text(encoding="utf-8"))["subject"] == WEB_SUBJECT
    [result] = build([root / "content/documents/ke-hoach-06.yaml"], ["tay-ninh"], root / "o", root / "content",
                     root / "doctemplates")
    return {"web/tay-ninh/ke-hoach-06": result.path}


def _imported(work: Path) -> dict[str, Path]:
    """Tây Ninh's Chỉ thị as vbgen writes it, brought back by ``vbgen import`` as the province's
    own document, then built again: the round trip an office makes with last year's file."""
    from vbgen.importer.run import import_file

    root = work / "import"
    shutil.copytree(CONTENT, root / "content")
    [first] = build([root / "content/documents/chi-thi-06.yaml"], ["tay-ninh"], root / "o1", root / "content",
                    TEMPLATES)
    imported = import_file(first.path, root / "content", province="tay-ninh")
    [again] = build([imported.yaml_path], ["tay-ninh"], root / "o2", root / "content", TEMPLATES)
    return {"import/tay-ninh/chi-thi-06": again.path}


PRODUCERS: list[Callable[[Path], dict[str, Path]]] = [_batch, _web_saved, _imported]
"""What makes the files under test: each returns label -> .docx path.

EXTRA_PRODUCERS is the hook for producers still to come (a document from a later capability)."""
EXTRA_PRODUCERS: list[Callable[[Path], dict[str, Path]]] = []


def _norm(text: str) -> str:
    """NFC, every run of whitespace (line breaks, tabs, no-break spaces) as one space."""
    return " ".join(unicodedata.normalize("NFC", text).split())


def _html_text(markup: str) -> str:
    """The text of HTML: block boundaries and <br> are spaces, inline tags vanish, entities decoded."""
    markup = re.sub(r"(?is)<(script|style|head)\b.*?</\1>", " ", markup)
    markup = re.sub(r"(?i)</?(p|br|li|ol|ul|div|td|th|tr|table|h\d|body|section|aside)\b[^>]*>", " ", markup)
    return html.unescape(re.sub(r"<[^>]*>", "", markup))


@dataclasses.dataclass(frozen=True)
class Expected:
    subject: str
    footnote: str | None  # None: the document has no footnote


def expected_text(path: Path) -> Expected:
    """The trích yếu (paragraphs of style VBTrichYeu) and the first footnote, read from the file."""
    subject = " ".join(p.text for p in docx.Document(str(path)).paragraphs if p.style.style_id == "VBTrichYeu")
    notes = [p for p in docx_paragraphs(path) if p.part == "footnote"]
    first = " ".join(p.text for p in notes if p.note == notes[0].note) if notes else None
    return Expected(_norm(subject), _norm(first) if first is not None else None)


# --- the readers: label -> extracted text, or the reader's error message ---------------------------

Extracted = dict[str, "str | Exception"]


def _each(paths: dict[str, Path], read: Callable[[Path], str]) -> Extracted:
    out: Extracted = {}
    for label, path in paths.items():
        try:
            out[label] = read(path)
        except Exception as e:  # noqa: BLE001 - any failure of the reader is the finding
            out[label] = e
    return out


def _pandoc(path: Path) -> str:
    run = subprocess.run(["pandoc", "-f", "docx", "-t", "plain", "--wrap=none", str(path)], capture_output=True,
                         timeout=120)
    if run.returncode:
        raise RuntimeError(f"pandoc exit {run.returncode}: {run.stderr.decode('utf-8', 'replace').strip()}")
    return run.stdout.decode("utf-8")


def _docx2python(path: Path) -> str:
    from docx2python import docx2python

    with docx2python(str(path)) as result:
        return result.text


def _mammoth(path: Path) -> str:
    import mammoth

    with path.open("rb") as f:
        return _html_text(mammoth.convert_to_html(f).value)


def _start_libreoffice(flat: Path, work: Path) -> subprocess.Popen | None:
    """One soffice process converting every file to XHTML (footnotes included), in the background."""
    try:
        exe = pdf_mod.find_soffice()
    except ToolMissingError:
        return None
    (work / "lo").mkdir()
    files = sorted(str(p) for p in flat.glob("*.docx"))
    return subprocess.Popen([exe, "--headless", "--norestore", f"-env:UserInstallation={(work / 'profile').as_uri()}",
                             "--convert-to", "html:XHTML Writer File:UTF8", "--outdir", str(work / "lo"), *files],
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT)


def _finish_libreoffice(proc: subprocess.Popen, flat_names: dict[str, str], work: Path) -> Extracted:
    try:
        log, _ = proc.communicate(timeout=900)
    except subprocess.TimeoutExpired:
        proc.kill()
        log, _ = proc.communicate()
    message = log.decode("utf-8", "replace").strip()[-500:]
    out: Extracted = {}
    for label, name in flat_names.items():
        page = work / "lo" / (Path(name).stem + ".html")
        out[label] = (_html_text(page.read_text(encoding="utf-8")) if page.is_file()
                      else RuntimeError(f"soffice wrote no HTML for {name} (exit {proc.returncode}): {message}"))
    return out


@pytest.fixture(scope="module")
def files(tmp_path_factory) -> dict[str, Path]:
    work = tmp_path_factory.mktemp("readers")
    paths: dict[str, Path] = {}
    for producer in [*PRODUCERS, *EXTRA_PRODUCERS]:
        paths.update(producer(work))
    return paths


@pytest.fixture(scope="module")
def expected(files) -> dict[str, Expected]:
    return {label: expected_text(path) for label, path in files.items()}


@pytest.fixture(scope="module")
def extracted(files, expected, tmp_path_factory) -> dict[str, Extracted | None]:
    """reader -> label -> text or error; None for a reader that is not installed."""
    work = tmp_path_factory.mktemp("extract")
    flat = work / "in"
    flat.mkdir()
    flat_names = {label: label.replace("/", "--") + ".docx" for label in files}  # soffice names outputs by stem
    for label, path in files.items():
        shutil.copyfile(path, flat / flat_names[label])
    office = _start_libreoffice(flat, work)  # these two run while the Python readers work
    with ThreadPoolExecutor(1) as pool:
        pandoc = pool.submit(_each, files, _pandoc) if shutil.which("pandoc") else None
        results: dict[str, Extracted | None] = {
            "docx2python": _each(files, _docx2python),
            "mammoth": _each(files, _mammoth),
            "pandoc": pandoc.result() if pandoc else None,
        }
    results["LibreOffice"] = _finish_libreoffice(office, flat_names, work) if office else None
    print("\n" + matrix(results, expected))
    return results


def findings(texts: Extracted, expected: dict[str, Expected]) -> tuple[list[str], list[str], list[str]]:
    """(files not opened with the message, files missing the trích yếu, files missing the footnote)."""
    crashed, no_subject, no_note = [], [], []
    for label, text in texts.items():
        if isinstance(text, Exception):
            crashed.append(f"{label}: {type(text).__name__}: {text}")
            continue
        found = _norm(text)
        if expected[label].subject not in found:
            no_subject.append(label)
        if expected[label].footnote is not None and expected[label].footnote not in found:
            no_note.append(label)
    return crashed, no_subject, no_note


def matrix(results: dict[str, Extracted | None], expected: dict[str, Expected]) -> str:
    total = len(expected)
    notes = sum(e.footnote is not None for e in expected.values())
    rows = [f"reader matrix: {total} files ({notes} with footnotes)",
            f"| {'reader':<12} | {'opens':>7} | {'trích yếu found':>15} | {'1st footnote found':>18} |",
            f"|{'-' * 14}|{'-' * 9}|{'-' * 17}|{'-' * 20}|"]
    for reader in READERS:
        texts = results.get(reader)
        if texts is None:
            rows.append(f"| {reader:<12} | {'not installed':>7} |")
            continue
        opened = [label for label, text in texts.items() if not isinstance(text, Exception)]
        _, no_subject, no_note = findings(texts, expected)
        with_note = [label for label in opened if expected[label].footnote is not None]
        rows.append(f"| {reader:<12} | {f'{len(opened)}/{total}':>7} | {f'{len(opened) - len(no_subject)}/{total}':>15} | "
                    f"{f'{len(with_note) - len(no_note)}/{notes}':>18} |")
    return "\n".join(rows)


def _require(reader: str, results: dict[str, Extracted | None]) -> Extracted:
    texts = results[reader]
    if texts is None:
        tool = {"LibreOffice": "soffice (apt-get install libreoffice-writer-nogui)", "pandoc": "pandoc (apt-get install pandoc)"}[reader]
        if IN_CI:
            pytest.fail(f"{tool} is required in CI")
        pytest.skip(f"{tool} is not installed")
    return texts


def test_the_files_cover_every_province_both_documents_the_own_document_the_web_and_import(files, expected) -> None:
    provinces = {label.split("/")[0] for label in files if not label.startswith(("web/", "import/"))}
    assert len(provinces) == 34
    assert "import/tay-ninh/chi-thi-06" in files
    assert sum(label.endswith("/ke-hoach-06") for label in files) == 35  # 34 + the web save
    assert "phu-tho/chi-thi-antq-co-quan" in files
    assert expected["web/tay-ninh/ke-hoach-06"].subject == _norm(WEB_SUBJECT)
    assert all(e.subject for e in expected.values())
    assert all(expected[label].footnote for label in files if label.endswith("ke-hoach-06"))  # what readers must find


@pytest.mark.parametrize("reader", READERS)
def test_reader_opens_every_file_and_finds_the_subject_and_first_footnote(reader, extracted, expected) -> None:
    texts = _require(reader, extracted)
    crashed, no_subject, no_note = findings(texts, expected)
    assert not crashed, f"{reader} failed on {len(crashed)} of {len(texts)} files:\n" + "\n".join(crashed[:10])
    assert not no_subject, f"{reader}: the trích yếu is missing from the text of {no_subject}"
    assert not no_note, f"{reader}: the first footnote is missing from the text of {no_note}"
