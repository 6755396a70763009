"""The drafting form's fields named as the page names them ("Nhiệm vụ 15, Lĩnh vực").

A message the page shows names the field by its label and the page's own numbering, never a
YAML key, a list index or a server path: :func:`field_label` turns a form field ("tasks.14.area")
into that name, and :func:`page_message` puts it in front of the message.
"""

from __future__ import annotations

import re

from vbgen.errors import Problem

LABELS = {
    "number": "Số", "date": "Ngày ban hành", "year": "Năm (khi chưa có ngày)", "symbol": "Ký hiệu",
    "storage": "Đơn vị lưu", "subject": "Trích yếu", "draft": "Dấu “DỰ THẢO”", "urgency": "Độ khẩn",
    "confidentiality": "Độ mật", "circulation": "Phạm vi lưu hành", "bases_as": "Căn cứ pháp lý in ở",
    "citation_dates": "Ngày trong trích dẫn", "signature": "Người ký", "extra_bases": "Căn cứ pháp lý bổ sung",
    "preamble": "Phần mở đầu", "closing": "Phần kết", "tasks": "Nhiệm vụ", "recipients": "Nơi nhận",
    "sections": "Nội dung",
}
SUB = {
    "signature": {"preset": "Hình thức ký", "name": "Họ và tên người ký", "lines": "Hình thức ký"},
    "tasks": {"lead": "Cơ quan chủ trì", "cooperate": "Cơ quan phối hợp", "text": "Nội dung", "deadline": "Thời gian thực hiện",
              "area": "Lĩnh vực", "product": "Sản phẩm", "action": "Giữ, sửa hay bỏ", "id": "Nội dung"},
    "recipients": {"agency": "Cơ quan", "text": "Tên nơi nhận", "purpose": "Mục đích"},
    "sections": {"title": "Tiêu đề", "text": "Đoạn văn", "closing": "Đoạn kết của mục", "items": "Mục con"},
}
NUMBERED = {"tasks": "Nhiệm vụ", "recipients": "Nơi nhận", "extra_bases": "Căn cứ", "preamble": "Phần mở đầu, đoạn",
            "closing": "Phần kết, đoạn"}


def field_label(field: str) -> str:
    """"tasks.14.area" -> "Nhiệm vụ 15, Lĩnh vực"; "sections.0.items.1.title" -> "Mục 1.2, Tiêu đề"."""
    parts = field.split(".")
    head = parts[0]
    if head == "sections":
        numbers = [str(int(p) + 1) for p in parts[1:] if p.isdigit()]
        names = [p for p in parts[1:] if not p.isdigit() and p != "items"]
        out = "Mục " + ".".join(numbers) if numbers else LABELS["sections"]
        return out + (f", {SUB['sections'].get(names[-1], names[-1])}" if names else "")
    if len(parts) > 1 and parts[1].isdigit() and head in NUMBERED:
        out = f"{NUMBERED[head]} {int(parts[1]) + 1}"
        rest = parts[2:]
    else:
        out = LABELS.get(head, head)
        rest = parts[1:]
    names = [SUB.get(head, {}).get(p, p) for p in rest if not p.isdigit() and p != "add"]
    return ", ".join([out, *names[:1]])


_LEAD = re.compile(r"^(?:[^\s:]+\.yaml(?::\d+)*: )?")


def page_message(p: Problem, field: str | None, file_shown: str | None) -> str:
    """The message as the page shows it: the field's label, else the file (relative) and line."""
    if field:
        return f"{field_label(field)}: {p.message}"
    if p.file is None:
        return p.message
    where = f"{file_shown or p.file}" + (f", dòng {p.line}" if p.line is not None else "")
    return f"{where}: {p.message}"


_KP_PART = re.compile(r"([A-Za-z_]+)|\[(\d+)\]")


def key_path_label(key_path: str) -> str:
    """A content file's key path as a place in the document: "sections[0].items[1].text" ->
    "Mục 1.2"; "implementation.tasks[3].text" -> "Nhiệm vụ 4"; "preamble[2]" -> "Phần mở đầu, đoạn 3"."""
    parts = [m.group(1) or int(m.group(2)) for m in _KP_PART.finditer(key_path or "")]
    if not parts:
        return ""
    if parts[0] == "sections":
        return "Mục " + ".".join(str(p + 1) for p in parts if isinstance(p, int))
    names = {"preamble": "Phần mở đầu", "closing": "Phần kết", "subject": "Trích yếu", "bases": "Căn cứ",
             "extra_bases": "Căn cứ pháp lý bổ sung", "recipients": "Nơi nhận", "citations": "Sổ trích dẫn của tỉnh",
             "agencies": "Cơ quan của tỉnh", "signature": "Người ký"}
    if "tasks" in parts:
        i = parts.index("tasks")
        nums = [p for p in parts[i + 1:] if isinstance(p, int)]
        return f"Nhiệm vụ {nums[0] + 1}" if nums else "Nhiệm vụ"
    if parts[0] == "implementation":
        return "Tổ chức thực hiện"
    head = names.get(parts[0], "") if isinstance(parts[0], str) else ""
    nums = [p for p in parts[1:] if isinstance(p, int)]
    if not head:
        return ""
    if nums and parts[0] in ("preamble", "closing"):
        return f"{head}, đoạn {nums[0] + 1}"
    if nums:
        return f"{head} {nums[0] + 1}"
    return head
