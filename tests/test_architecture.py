"""The package layout stays a pipeline: imports only go down the layers, and modules stay small.

Layers (README "Architecture"): base (errors, vi, atomic, the vbgen package itself) → content → ooxml
→ pdf → read → legal → compose → importer → docx → check → office → batch → web → cli
(``vbgen serve`` starts the web layer).
A module may import from its own package or from any lower layer, never from a higher one.
Inside the base, ``i18n`` is below ``errors`` and ``atomic`` above it (atomic writes raise OutputError).
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[1] / "src" / "vbgen"
LAYERS = {
    "errors": 0, "vi": 0, "i18n": -1, "__init__": 0, "atomic": 0.5, "__main__": 20,
    "content": 1, "ooxml": 2, "pdf": 3, "read": 4, "legal": 5, "compose": 6, "importer": 7,
    "docx": 8, "check": 9, "office": 10, "batch": 11, "web": 12, "cli": 13,
}
MAX_LINES = 520


def _modules() -> list[Path]:
    return sorted(p for p in SRC.rglob("*.py") if "__pycache__" not in p.parts)


def _package(path: Path) -> str:
    """Top-level unit of a module: 'content' for content/load.py, 'errors' for errors.py."""
    rel = path.relative_to(SRC)
    return rel.parts[0] if len(rel.parts) > 1 else rel.stem


def _is_unit(name: str) -> bool:
    return (SRC / f"{name}.py").is_file() or (SRC / name).is_dir()


def _upward(path: Path, here: str) -> list[str]:
    """Imports in ``path`` (a module of unit ``here``) of a unit on the same or a higher layer."""
    return [f"{path.name}:{line}: {here} (layer {LAYERS[here]}) imports {unit} (layer {LAYERS.get(unit)})"
            for unit, line in sorted(_imported_units(path))
            if unit != here and (unit not in LAYERS or LAYERS[unit] >= LAYERS[here])]


def _imported_units(path: Path) -> set[tuple[str, int]]:
    """(unit, line) for every vbgen import in the module, lazy imports inside functions too."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    found: set[tuple[str, int]] = set()
    for node in ast.walk(tree):
        names: list[str] = []
        if isinstance(node, ast.Import):
            names = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            if node.module == "vbgen":  # from vbgen import errors  /  from vbgen import __version__
                names = [f"vbgen.{a.name}" if _is_unit(a.name) else "vbgen" for a in node.names]
            else:
                names = [node.module]
        elif isinstance(node, ast.ImportFrom) and node.level > 0:
            pytest.fail(f"{path.relative_to(SRC)}:{node.lineno}: use absolute imports (vbgen.…)")
        for name in names:
            parts = name.split(".")
            if parts[0] == "vbgen":
                found.add((parts[1] if len(parts) > 1 else "__init__", node.lineno))
    return found


def test_every_unit_has_a_layer():
    units = {_package(p) for p in _modules()}
    assert units <= set(LAYERS), f"add these to LAYERS (and README Architecture): {units - set(LAYERS)}"


def test_imports_only_go_down():
    upward = [f"{p.relative_to(SRC).parent}/{v}" for p in _modules() for v in _upward(p, _package(p))]
    assert not upward, "imports against the layer order:\n" + "\n".join(upward)


def test_no_cycles_between_packages():
    graph: dict[str, set[str]] = {}
    for path in _modules():
        here = _package(path)
        graph.setdefault(here, set()).update(u for u, _ in _imported_units(path) if u != here)
    state: dict[str, int] = {}

    def visit(node: str, trail: list[str]) -> None:
        state[node] = 1
        for nxt in sorted(graph.get(node, ())):
            if state.get(nxt) == 1:
                pytest.fail("import cycle: " + " → ".join(trail[trail.index(nxt):] + [node, nxt]))
            if nxt not in state:
                visit(nxt, trail + [node])
        state[node] = 2

    for node in sorted(graph):
        if node not in state:
            visit(node, [])


def test_modules_stay_small():
    big = [f"{p.relative_to(SRC)}: {n} lines" for p in _modules()
           if (n := len(p.read_text(encoding="utf-8").splitlines())) > MAX_LINES]
    assert not big, f"split these modules (limit {MAX_LINES} lines):\n" + "\n".join(big)


def test_the_checks_above_can_fail(tmp_path):
    """An upward import, top-level or lazy, is reported; a downward one is not."""
    probe = tmp_path / "probe.py"
    probe.write_text("from vbgen.batch import runner\nfrom vbgen import vi, __version__\n\n"
                     "def f():\n    from vbgen.cli import main\n    import vbgen.content.load\n")
    assert _imported_units(probe) == {("batch", 1), ("vi", 2), ("__init__", 2), ("cli", 5), ("content", 6)}
    assert [v.split(": ", 1)[1] for v in _upward(probe, "compose")] == [
        "compose (layer 6) imports batch (layer 11)", "compose (layer 6) imports cli (layer 13)"]
    assert _upward(probe, "cli") == []
    assert _package(SRC / "content" / "load.py") == "content" and _package(SRC / "vi.py") == "vi"
