"""Generated documents (hypothesis): any mix of marks, appendices, drafts and awkward text
renders to a package with zero OOXML errors, and the checker finds nothing wrong with the marks."""

from __future__ import annotations

import json
import shutil
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import MINI, TEMPLATES
from ooxml_valid import assert_valid_docx
from vbgen.batch.build import build

AGENCIES = ["cong-an", "mttq", "so-noi-vu", "so-giao-duc-dao-tao"]
LETTERS = "aăâbcdđeêghiklmnoôơpqrstuưvxyàáảãạềếểễệọộờớởỡợùúủũụừứửữự"
WORDS = st.text(alphabet=LETTERS + LETTERS.upper() + " ,.;:-–()“”'\"&<>%/0123456789", min_size=1, max_size=50)
TEXT = st.builds(lambda first, rest: first + rest, st.sampled_from("ABCDĐHLMNTƯ"), WORDS)


@st.composite
def documents(draw) -> dict:
    with_area = draw(st.booleans())
    tasks = []
    for _ in range(draw(st.integers(1, 4))):
        lead = draw(st.sampled_from(AGENCIES))
        task = {"lead": lead, "text": draw(TEXT)}
        others = [a for a in AGENCIES if a != lead]
        task["cooperate"] = draw(st.lists(st.sampled_from(others), max_size=2, unique=True))
        for key in ("deadline", "product"):
            if draw(st.booleans()):
                task[key] = draw(TEXT)
        if with_area:
            task["area"] = draw(st.sampled_from(["Tuyên truyền", "Kiểm tra, giám sát", draw(TEXT)]))
        tasks.append(task)
    doc = {
        "kind": draw(st.sampled_from(["ke_hoach", "chi_thi"])),
        "year": "2026",
        "subject": draw(TEXT),
        "preamble": draw(TEXT) + " (chi tiết tại Phụ lục kèm theo).",
        "implementation": {"tasks": tasks},
        "recipients": [{"agency": "cong-an"}],
        "appendices": [{"title": draw(TEXT), "landscape": draw(st.booleans())}
                       for _ in range(draw(st.integers(0, 2)))],
    }
    if draw(st.booleans()):
        doc["number"], doc["date"] = str(draw(st.integers(1, 999))), "2026-03-05"
    for key, values in (("draft", [True]), ("urgency", ["KHẨN", "THƯỢNG KHẨN", "HỎA TỐC"]),
                        ("confidentiality", ["MẬT", "TỐI MẬT", "TUYỆT MẬT"]),
                        ("circulation", ["LƯU HÀNH NỘI BỘ", "XEM XONG TRẢ LẠI"])):
        if draw(st.booleans()):
            doc[key] = draw(st.sampled_from(values))
    return doc


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(documents(), st.sampled_from(["tay-ninh", "ho-chi-minh", "ha-noi"]))
def test_generated_documents_are_valid_and_their_marks_check_clean(doc, slug):
    with tempfile.TemporaryDirectory() as tmp:
        content = Path(tmp) / "content"
        shutil.copytree(MINI, content)
        path = content / "documents" / "fuzz.yaml"
        path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")  # JSON is YAML
        [r] = build([path], [slug], Path(tmp) / "out", content, TEMPLATES)
        assert_valid_docx(r.path)
        findings = [w.message for w in r.warnings if "[marks." in w.message or "[font.color]" in w.message]
        assert not findings, findings
