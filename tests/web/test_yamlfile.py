"""Round-trip saving keeps every untouched byte; writes are hash-checked and atomic."""

from __future__ import annotations

import difflib
from pathlib import Path

import pytest

from vbgen.content.yamlfile import Conflict, folded, load_file, load_text, sha256_text, write_checked
from vbgen.content.yamlload import load_yaml

ROOT = Path(__file__).resolve().parents[2]


def changed_lines(before: str, after: str) -> list[str]:
    return [line for line in difflib.ndiff(before.splitlines(), after.splitlines()) if line[:1] in "+-"]


@pytest.mark.parametrize("path", sorted((ROOT / "content").rglob("*.yaml")), ids=lambda p: str(p.relative_to(ROOT)))
def test_every_shipped_file_round_trips_byte_for_byte(path: Path) -> None:
    yt = load_file(path)
    assert yt.dump() == path.read_text(encoding="utf-8")


def test_changing_one_value_changes_one_line_and_keeps_comments() -> None:
    path = ROOT / "content/provinces/tay-ninh/documents/ke-hoach-06.yaml"
    yt = load_file(path)
    yt.data["signature"]["name"] = "Trần Thị Bình"
    after = yt.dump()
    diff = changed_lines(yt.text, after)
    assert len(diff) == 2 and diff[0].startswith("-   name: Nguyễn Văn A") and diff[1].startswith("+   name: Trần Thị Bình")
    assert "# placeholder name" in diff[1]  # the comment on the changed line stays too


def test_long_new_paragraph_is_folded_and_reads_back_identical(tmp_path: Path) -> None:
    text = " ".join(["Ủy ban nhân dân tỉnh đề nghị các sở, ban, ngành phối hợp thực hiện"] * 4)
    yt = load_text("a: 1\n")
    yt.data["preamble"] = [folded(text, 4)]
    out = yt.dump()
    assert ">-" in out and max(len(line) for line in out.splitlines()) <= 100
    (tmp_path / "x.yaml").write_text(out, encoding="utf-8")
    assert load_yaml(tmp_path / "x.yaml").data["preamble"] == [text]


def test_write_checked_refuses_a_file_changed_since_it_was_read(tmp_path: Path) -> None:
    path = tmp_path / "f.yaml"
    path.write_text("number: \"1\"\n", encoding="utf-8")
    seen = sha256_text(path.read_text(encoding="utf-8"))
    path.write_text("number: \"2\"\n", encoding="utf-8")  # someone else saves
    with pytest.raises(Conflict) as info:
        write_checked(path, "number: \"3\"\n", seen)
    assert info.value.current == "number: \"2\"\n"
    assert path.read_text(encoding="utf-8") == "number: \"2\"\n"  # nothing lost
    new = write_checked(path, "number: \"3\"\n", info.value.current_sha)
    assert new == sha256_text("number: \"3\"\n") and path.read_text(encoding="utf-8") == "number: \"3\"\n"
    assert [p.name for p in tmp_path.iterdir()] == ["f.yaml"]  # no temporary file left behind


def test_write_checked_creates_a_new_file_only_if_still_absent(tmp_path: Path) -> None:
    path = tmp_path / "p" / "new.yaml"
    write_checked(path, "a: b\n", None)
    with pytest.raises(Conflict):
        write_checked(path, "a: c\n", None)
    assert path.read_text(encoding="utf-8") == "a: b\n"


def test_ppm_pages_become_real_pngs() -> None:
    import struct
    import zlib

    from vbgen.web.preview import ppm_to_png

    png = ppm_to_png(b"P6\n2 1\n255\n" + bytes([255, 0, 0, 0, 0, 255]))
    assert png.startswith(b"\x89PNG\r\n\x1a\n")
    width, height = struct.unpack(">II", png[16:24])
    idat = png[png.index(b"IDAT") + 4:png.index(b"IEND") - 8]
    assert (width, height) == (2, 1) and zlib.decompress(idat) == b"\x00" + bytes([255, 0, 0, 0, 0, 255])
