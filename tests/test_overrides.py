"""Per-province overrides under content/provinces/<slug>/."""

from __future__ import annotations

from pathlib import Path

import docx

from conftest import TEMPLATES, render_mini
from vbgen.cli import main


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def texts(path: Path) -> list[str]:
    d = docx.Document(str(path))
    out = [p.text for p in d.paragraphs]
    for t in d.tables:
        for row in t.rows:
            for cell in row.cells:
                out.extend(p.text for p in cell.paragraphs)
    return out


OVERRIDE = """\
number: "15"
date: 2026-03-09
signature:
  preset: kt_chu_tich
  name: Nguyễn Văn An
extra_bases: [qd-40-2013-tn]
tasks:
  replace:
    huong-dan:
      lead: cong-an
      text: hướng dẫn các xã, phường thực hiện theo [[qd-40-2013-tn]]
  remove: [van-dong]
  add:
    - lead: so-noi-vu
      text: tổng hợp kết quả thi đua
      deadline: Quý IV/2026
recipients:
  remove: [ubnd-cap-xa]
  add:
    - text: Báo Tây Ninh Online
"""

SETTINGS = """\
agencies:
  cong-an:
    name: Công an tỉnh Tây Ninh
citations:
  qd-40-2013-tn:
    kind: Quyết định
    number: 40/2013/QĐ-UBND
    date: 2013-09-04
    issuer: Ủy ban nhân dân tỉnh Tây Ninh
    subject: ban hành Quy định xét duyệt, công nhận đạt tiêu chuẩn “An toàn về an ninh, trật tự”
"""


def test_override_changes_number_date_signer_tasks_and_recipients(mini, tmp_path):
    write(mini / "provinces" / "tay-ninh" / "documents" / "ke-hoach-mini.yaml", OVERRIDE)
    write(mini / "provinces" / "tay-ninh" / "province.yaml", SETTINGS)
    out = render_mini(mini, tmp_path / "out")
    t = texts(out)
    assert "Số: 15/KH-UBND" in t
    assert "Tây Ninh, ngày 09 tháng 3 năm 2026" in t
    assert ["TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"][1:] == [x for x in t if x in ("KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH")]
    assert "TM. ỦY BAN NHÂN DÂN" not in t
    assert "Nguyễn Văn An" in t
    body = "\n".join(t)
    assert "1. Công an tỉnh Tây Ninh" in body
    # the extra basis is cited in full in the preamble, so the task gets the short form
    assert "; Quyết định số 40/2013/QĐ-UBND ngày 04/9/2013 của Ủy ban nhân dân tỉnh Tây Ninh ban hành" in body
    assert "b) Hướng dẫn các xã, phường thực hiện theo Quyết định số 40/2013/QĐ-UBND." in body
    assert "Vận động Nhân dân" not in body
    assert "Tổng hợp kết quả thi đua. Thời gian thực hiện: Quý IV/2026." in body
    assert "- UBND các xã, phường;" not in t
    assert "- Báo Tây Ninh Online;" in t
    # other provinces are untouched
    other = render_mini(mini, tmp_path / "out2", province="ha-noi")
    assert "Vận động Nhân dân tham gia phong trào." in "\n".join(texts(other))


def test_override_naming_unknown_task_is_an_error_with_line(runner, mini, tmp_path):
    path = write(mini / "provinces" / "tay-ninh" / "documents" / "ke-hoach-mini.yaml",
                 "tasks:\n  remove: [van-dongg]\n  replace:\n    tham-mu:\n      lead: cong-an\n      text: x\n")
    result = runner.invoke(main, ["build", str(mini / "documents" / "ke-hoach-mini.yaml"), "--content", str(mini),
                                  "--templates", str(TEMPLATES), "--out", str(tmp_path / "out")])
    assert result.exit_code == 1
    assert f"{path}:2: tasks.remove[0]: the national document has no task with id 'van-dongg' — did you mean 'van-dong'?" in result.output
    assert f"{path}:4: tasks.replace.tham-mu: the national document has no task with id 'tham-mu' — did you mean 'tham-muu'?" in result.output
    assert not (tmp_path / "out").exists()


def test_error_inside_an_added_task_points_at_the_override_file(runner, mini, tmp_path):
    path = write(mini / "provinces" / "tay-ninh" / "documents" / "ke-hoach-mini.yaml",
                 "tasks:\n  add:\n    - lead: so-noi-vu\n      text: theo [[khong-co]]\n")
    result = runner.invoke(main, ["build", str(mini / "documents" / "ke-hoach-mini.yaml"), "--content", str(mini),
                                  "--templates", str(TEMPLATES), "--out", str(tmp_path / "out")])
    assert result.exit_code == 1
    assert f"{path}:4: implementation.tasks[4].text: unknown citation 'khong-co'" in result.output


def test_unknown_agency_rename_and_unknown_recipient(runner, mini, tmp_path):
    settings = write(mini / "provinces" / "tay-ninh" / "province.yaml", "agencies:\n  cong-ann:\n    name: X\n")
    result = runner.invoke(main, ["build", str(mini / "documents" / "ke-hoach-mini.yaml"), "--content", str(mini),
                                  "--templates", str(TEMPLATES), "--out", str(tmp_path / "out")])
    assert result.exit_code == 1
    assert f"{settings}:2: agencies.cong-ann: no agency 'cong-ann' in content/agencies.yaml — did you mean 'cong-an'?" in result.output


def test_override_folder_for_unknown_province_or_document(runner, mini, tmp_path):
    write(mini / "provinces" / "tay-nin" / "province.yaml", "agencies: {}\n")
    write(mini / "provinces" / "ha-noi" / "documents" / "ke-hoach-mimi.yaml", "number: '01'\n")
    result = runner.invoke(main, ["build", str(mini / "documents" / "ke-hoach-mini.yaml"), "--content", str(mini),
                                  "--templates", str(TEMPLATES), "--out", str(tmp_path / "out")])
    assert result.exit_code == 1
    assert "no province has the slug 'tay-nin' — did you mean 'tay-ninh'?" in result.output
    assert "overrides a document that does not exist: content/documents/ke-hoach-mimi.yaml — did you mean 'ke-hoach-mini'?" in result.output
