"""The project stands on its own: no tracked file points at a development machine's paths.

Facts and rules carried in from outside are in docs/ (format-nd30.md, legal-sources.md) with
their public sources; code, content, docs and tests cite those, never a sibling folder of the
checkout or a home directory.
"""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

# built from pieces so that this file does not match itself
MACHINE_PATHS = re.compile("|".join([
    r"\.\./" + "shared",                 # a sibling folder of the checkout
    r"(?<![\w.])/" + r"work/",           # the development machine's work tree
    r"(?<![\w.])/" + r"home/[a-z_][\w.-]*/",
    r"(?<![\w.])/" + r"Users/[\w.-]+/",
    r"(?<![\w.])/" + r"root/",
    r"[A-Za-z]:\\" + r"Users\\",
    r"(?<![\w/.-])" + "shared/" + r"(reference|legal-facts|format-nd30|house-next|style-examples)",
]))


def tracked_files() -> list[Path]:
    """The files git tracks (every file outside .git when this is not a git checkout)."""
    try:
        out = subprocess.run(["git", "ls-files", "-z"], cwd=ROOT, capture_output=True, check=True).stdout
        return [ROOT / name for name in out.decode("utf-8").split("\0") if name]
    except (OSError, subprocess.CalledProcessError):
        return [p for p in ROOT.rglob("*") if p.is_file() and ".git" not in p.relative_to(ROOT).parts]


def test_no_tracked_file_names_a_machine_path() -> None:
    files = tracked_files()
    assert len(files) > 100 and any(p.suffix == ".yaml" for p in files)
    found = []
    for path in files:
        if not path.is_file():  # deleted in the work tree, not yet committed
            continue
        try:
            text = path.read_text(encoding="utf-8")
        except UnicodeDecodeError:  # .docx templates, images
            continue
        for number, line in enumerate(text.splitlines(), 1):
            if MACHINE_PATHS.search(line):
                found.append(f"{path.relative_to(ROOT)}:{number}: {line.strip()[:120]}")
    assert not found, "paths outside the repository (carry the facts into docs/ instead):\n" + "\n".join(found)


def test_the_pattern_catches_what_it_is_for() -> None:
    for bad in ["see ../" + "shared" + "/legal-facts.md", "Specification: /" + "work/shared/format-nd30.md",
                "text in shar" + "ed/reference/x.txt", "/" + "home/dev/vbgen", "C:\\" + "Users\\dev"]:
        assert MACHINE_PATHS.search(bad), bad
    for good in ["docs/legal-sources.md §3", "from docx.shared import Pt", "shared_office()", "tests/fixtures/scan/",
                 "https://example.org/work/x", "the shared machine"]:
        assert not MACHINE_PATHS.search(good), good


def test_the_docs_the_code_cites_exist() -> None:
    for name in ("format-nd30.md", "legal-sources.md"):
        text = (ROOT / "docs" / name).read_text(encoding="utf-8")
        assert "Nghị định số 30/2020/NĐ-CP" in text
    assert "Nghị quyết số 202/2025/QH15" in (ROOT / "docs" / "legal-sources.md").read_text(encoding="utf-8")
    assert "docs/format-nd30.md" in (ROOT / "src/vbgen/check/__init__.py").read_text(encoding="utf-8")
    assert "docs/legal-sources.md" in (ROOT / "content/citations.yaml").read_text(encoding="utf-8")
