"""Every control of the drafting form has a visible effect: changing it changes the .docx.

For each control of the Kế hoạch form (Lai Châu, no override yet) the test changes that one
control, renders through the same code as the page (:func:`drafting.draft`), and asserts the
document is valid and its text differs from the unchanged one."""

from __future__ import annotations

import copy
import io
import zipfile
from pathlib import Path
from typing import Any, Callable

import pytest
from lxml import etree

from vbgen.web import drafting

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _text(docx: bytes) -> str:
    out = []
    with zipfile.ZipFile(io.BytesIO(docx)) as z:
        for part in ("word/document.xml", "word/footnotes.xml", "word/header1.xml", "word/header2.xml"):
            if part in z.namelist():
                root = etree.fromstring(z.read(part))
                out += ["".join(t.text or "" for t in p.iter(f"{W}t")) for p in root.iter(f"{W}p")]
                out.append(str(len(root.findall(f".//{W}footnoteReference"))))
    return "\n".join(out)


def _set(path: str, value: Any) -> Callable[[dict], None]:
    def change(form: dict) -> None:
        node = form
        keys = path.split(".")
        for k in keys[:-1]:
            node = node[int(k)] if k.isdigit() else node[k]
        node[keys[-1]] = value
    return change


def _add_task(form: dict) -> None:
    form["tasks"].append({"origin": "added", "id": "", "action": "keep", "lead": "so-giao-duc-dao-tao", "cooperate": [],
                          "text": "tổ chức tuyên truyền trong trường học", "deadline": "tháng 9 hằng năm",
                          "area": "Tuyên truyền", "product": ""})


def _add_recipient(form: dict) -> None:
    form["recipients"].insert(-1, {"origin": "added", "ref": "", "agency": "so-y-te", "text": "", "purpose": "", "removed": False})


CONTROLS: dict[str, Callable[[dict], None]] = {
    "Số": _set("number", "45"),
    "Ngày ban hành": _set("date", "16/03/2026"),
    "Năm (khi chưa có ngày)": _set("year", "2027"),
    "Ký hiệu": _set("symbol", "KH-UBND.VX"),
    "Trích yếu": _set("subject", "Triển khai Chỉ thị số 06/CT-BCA-V05 trên địa bàn tỉnh"),
    "Nơi lưu": _set("storage", "VX"),
    "Dự thảo": _set("draft", "true"),
    "Độ khẩn": _set("urgency", "KHẨN"),
    "Độ mật": _set("confidentiality", "MẬT"),
    "Phạm vi lưu hành": _set("circulation", "LƯU HÀNH NỘI BỘ"),
    "Căn cứ pháp lý in ở": _set("bases_as", "footnote"),
    "Cách ghi ngày trích dẫn": _set("citation_dates", "long"),
    "Người ký: chức danh": _set("signature.preset", "chu_tich"),
    "Người ký: họ tên": _set("signature.name", "Lê Văn B"),
    "Căn cứ pháp lý bổ sung": _set("extra_bases", ["nq-202-2025-qh15", "luat-30-2023-qh15"]),
    "Phần mở đầu riêng": _set("preamble", {"own": True, "paragraphs": ["Thực hiện [[ct-06-2025-bca]], Ủy ban ban hành Kế hoạch:"]}),
    "Phần kết riêng": _set("closing", {"own": True, "paragraphs": ["Đề nghị các cơ quan thực hiện nghiêm."]}),
    "Nhiệm vụ 1: bỏ": _set("tasks.0.action", "remove"),
    "Nhiệm vụ 1: cơ quan chủ trì": lambda f: (_set("tasks.0.action", "edit")(f), _set("tasks.0.lead", "so-y-te")(f)),
    "Nhiệm vụ 1: cơ quan phối hợp": lambda f: (_set("tasks.0.action", "edit")(f), _set("tasks.0.cooperate", ["so-y-te"])(f)),
    "Nhiệm vụ 1: nội dung": lambda f: (_set("tasks.0.action", "edit")(f), _set("tasks.0.text", "làm việc khác")(f)),
    "Nhiệm vụ 1: thời hạn": lambda f: (_set("tasks.0.action", "edit")(f), _set("tasks.0.deadline", "quý II/2026")(f)),
    "Nhiệm vụ 1: lĩnh vực": lambda f: (_set("tasks.0.action", "edit")(f), _set("tasks.0.area", "Tuyên truyền")(f)),
    "Nhiệm vụ 1: sản phẩm": lambda f: (_set("tasks.0.action", "edit")(f), _set("tasks.0.product", "Báo cáo")(f)),
    "Thêm nhiệm vụ": _add_task,
    "Nơi nhận: bỏ một": _set("recipients.1.removed", True),
    "Nơi nhận mẫu: mục đích": _set("recipients.0.purpose", "để báo cáo và phối hợp"),
    "Nơi nhận mẫu: bỏ mục đích": _set("recipients.1.purpose", ""),
    "Nơi nhận mẫu: thêm mục đích": _set("recipients.4.purpose", "để phối hợp"),
    "Nơi nhận: thêm": _add_recipient,
    "Nơi nhận thêm: mục đích": lambda f: (_add_recipient(f), _set(f"recipients.{len(f['recipients']) - 2}.purpose", "để phối hợp")(f)),
}


@pytest.fixture(scope="module")
def base(tmp_path_factory):
    import shutil

    from tests.web.conftest import ROOT

    root = tmp_path_factory.mktemp("controls")
    shutil.copytree(ROOT / "content", root / "content")
    state = drafting.ContentState(root / "content", ROOT / "doctemplates")
    form, _ = drafting.initial_form(state, "lai-chau", "ke-hoach-06")
    d = drafting.draft(state, "lai-chau", "ke-hoach-06", form)
    assert d.docx is not None and not d.errors, d.messages
    return state, form, _text(d.docx)


@pytest.mark.parametrize("label", list(CONTROLS))
def test_each_control_changes_the_document(base, label: str) -> None:
    state, form, before = base
    form = copy.deepcopy(form)
    if label == "Căn cứ pháp lý in ở":  # the choice moves the bases a province adds: give it one
        form["extra_bases"] = ["nq-202-2025-qh15"]
        before = _text(drafting.draft(state, "lai-chau", "ke-hoach-06", form).docx)
    if label == "Nơi nhận thêm: mục đích":  # compared with the same recipient added without one
        _add_recipient(form)
        before = _text(drafting.draft(state, "lai-chau", "ke-hoach-06", form).docx)
        form["recipients"].pop(-2)
    if label == "Năm (khi chưa có ngày)":
        assert not form["date"]
    CONTROLS[label](form)
    d = drafting.draft(state, "lai-chau", "ke-hoach-06", form)
    assert d.docx is not None and not d.errors, (label, [m.text for m in d.messages])
    assert _text(d.docx) != before, f"{label}: the .docx did not change"


def test_a_national_recipients_purpose_is_kept_in_the_override_and_read_back(base) -> None:
    """The purpose typed for a national recipient is saved as ``recipients.purpose`` (in place:
    the line keeps its position) and the form read back from the saved file shows it."""
    from vbgen.content.yamlfile import load_text
    from vbgen.web import formmap

    state, form, _ = base
    form = copy.deepcopy(form)
    first = form["recipients"][0]
    first["purpose"] = "để báo cáo và phối hợp"
    d = drafting.draft(state, "lai-chau", "ke-hoach-06", form)
    assert d.docx is not None and not d.errors, [m.text for m in d.messages]
    assert "purpose:" in d.text and f"{first['ref']}: để báo cáo và phối hợp" in d.text, d.text
    lines = _text(d.docx).splitlines()
    at = [i for i, line in enumerate(lines) if "để báo cáo và phối hợp" in line]
    assert len(at) == 1 and "Bộ Công an" in lines[at[0]]
    assert lines[at[0] - 1].startswith("Nơi nhận")  # still the first line under "Nơi nhận:"
    again = formmap.form_from(state.national("ke-hoach-06").value, load_text(d.text).data)
    assert again["recipients"][0]["purpose"] == "để báo cáo và phối hợp"
    first["purpose"] = "để báo cáo"  # back to the national text: nothing left in the override
    assert "purpose" not in drafting.draft(state, "lai-chau", "ke-hoach-06", form).text


def test_a_deadline_change_changes_one_line(workspace: Path) -> None:
    """Round trip touches only the edit: Tây Ninh's replaced task keeps its wrapped text."""
    state = drafting.ContentState(workspace / "content", workspace / "doctemplates")
    path = workspace / "content/provinces/tay-ninh/documents/ke-hoach-06.yaml"
    before = path.read_text(encoding="utf-8")
    form, _ = drafting.initial_form(state, "tay-ninh", "ke-hoach-06")
    row = next(t for t in form["tasks"] if t["id"] == "ban-quan-ly-kcn")
    row["deadline"] = "quý III năm 2026"
    added = next(t for t in form["tasks"] if t["origin"] == "added")
    added["deadline"] = "hằng quý"
    d = drafting.draft(state, "tay-ninh", "ke-hoach-06", form)
    assert d.docx is not None and not d.errors, [m.text for m in d.messages]
    old, new = before.splitlines(), d.text.splitlines()
    changed = [(a, b) for a, b in zip(old, new) if a != b]
    assert len(old) == len(new) and len(changed) == 2, changed
    assert "quý III năm 2026" in changed[0][1] and "hằng quý" in changed[1][1]
