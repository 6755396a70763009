"""The clerk's scenario from issue 14, in a real browser, every action counted.

Lai Châu's Kế hoạch from the start page: number, date, signer, one extra legal basis from the
registry, one task's lead agency and deadline changed, a new task for Sở Giáo dục và Đào tạo, one
recipient removed and one added, the DỰ THẢO mark, the .docx and the PDF downloaded, saved.
Counted as the issue counts: each click, each field typed, each choice (scrolling free). The test
prints the count, fails above 15, and checks the result: the saved file, the downloaded .docx
(what the CLI builds from the saved files, no format finding) and the PDF.
"""

from __future__ import annotations

import io
import zipfile

from tests.web.test_browser import by_id, downloaded, shot, wait, wait_preview, _driver_with_downloads, live  # noqa: F401

import pytest

LC = "content/provinces/lai-chau/documents/ke-hoach-06.yaml"
LIMIT = 15


@pytest.fixture
def clerk_browser(tmp_path_factory):
    driver = _driver_with_downloads(tmp_path_factory, "scenario")
    driver.set_window_size(1366, 768)
    yield driver
    driver.quit()


class Clerk:
    """Performs and counts the clerk's actions."""

    def __init__(self, driver) -> None:
        self.driver, self.actions, self.log = driver, 0, []

    def _find(self, css: str):
        node = self.driver.find_element("css selector", css)
        self.driver.execute_script("arguments[0].scrollIntoView({block: 'center'});", node)  # scrolling is free
        return node

    def _count(self, what: str) -> None:
        self.actions += 1
        self.log.append(what)

    def click(self, css: str, what: str) -> None:
        self._find(css).click()
        self._count(f"bấm: {what}")

    def type(self, css: str, text: str, what: str) -> None:
        node = self._find(css)
        node.clear()
        node.send_keys(text)
        self._count(f"gõ: {what}")

    def choose(self, css: str, value: str, what: str) -> None:
        from selenium.webdriver.support.ui import Select

        Select(self._find(css)).select_by_value(value)
        self._count(f"chọn: {what}")


def test_lai_chau_ke_hoach_in_at_most_15_actions(clerk_browser, live) -> None:
    from vbgen.batch.build import build
    from vbgen.check import check_docx

    b = clerk_browser
    clerk = Clerk(b)
    b.get(f"{live.url}/")
    clerk.click('a[data-open="lai-chau/ke-hoach-06"]', "Lai Châu — Kế hoạch")
    first = wait_preview(b)
    shot(b, "scenario-opened")
    assert by_id(b, "f-draft").get_attribute("value") == "true"  # a new province draft starts as DỰ THẢO
    clerk.type("#f-number", "45", "Số")
    clerk.type("#f-date", "16/03/2026", "Ngày ban hành")
    clerk.type("#f-signer", "Lò Văn Hùng", "Họ và tên người ký")
    clerk.type("#bases-search", "202/2025", "tìm căn cứ")
    clerk.click("#bases-results li button.add-base:not([disabled])", "Thêm làm căn cứ")
    clerk.choose('select[data-field="tasks.4.lead"]', "so-noi-vu", "Nhiệm vụ 5, Cơ quan chủ trì")
    clerk.type('input[data-field="tasks.4.deadline"]', "quý II năm 2026", "Nhiệm vụ 5, Thời gian thực hiện")
    clerk.choose('select[data-field="tasks.add"]', "so-giao-duc-dao-tao", "Thêm nhiệm vụ: Sở Giáo dục và Đào tạo")
    clerk.type('textarea[data-field="tasks.14.text"]', "tổ chức cho học sinh, sinh viên tham gia Ngày hội toàn dân bảo vệ an ninh Tổ quốc",
               "Nhiệm vụ 15, Nội dung")
    clerk.click('input[data-field="recipients.2.keep"]', "bỏ nơi nhận TT HĐND tỉnh")
    clerk.choose('select[data-field="recipients.add"]', "so-y-te", "thêm nơi nhận Sở Y tế")
    sha = wait_preview(b, first)
    assert not b.find_elements("css selector", "#draft-form .field-msg.error"), [
        e.text for e in b.find_elements("css selector", ".field-msg")]
    shot(b, "scenario-ready")
    clerk.click("#dl-zip", "Tải cả .docx và PDF")
    bundle = downloaded(b, ".zip", timeout=180)
    clerk.click("#save", "Lưu")
    wait(b, lambda d: "Đã lưu" in by_id(d, "banner").text, what="the save to finish")
    shot(b, "scenario-saved")
    print(f"\nissue 14 scenario: {clerk.actions} actions\n  " + "\n  ".join(clerk.log))
    assert clerk.actions <= LIMIT, clerk.log

    with zipfile.ZipFile(io.BytesIO(bundle)) as z:
        names = sorted(z.namelist())
        data, pdf = z.read("lai-chau-ke-hoach-06.docx"), z.read("lai-chau-ke-hoach-06.pdf")
    assert names == ["lai-chau-ke-hoach-06.docx", "lai-chau-ke-hoach-06.pdf"] and pdf.startswith(b"%PDF")
    assert sha  # the bundle is the preview shown
    saved = (live.workspace / LC).read_text(encoding="utf-8")
    for fragment in ('number: "45"', "date: 2026-03-16", "draft: true", "Lò Văn Hùng", "extra_bases: [nq-202-2025-qh15]",
                     "lead: so-noi-vu", "quý II năm 2026", "lead: so-giao-duc-dao-tao", "remove: [tt-hdnd]", "agency: so-y-te"):
        assert fragment in saved, (fragment, saved)
    assert saved.startswith("# yaml-language-server: $schema=")
    built = build([live.workspace / "content/documents/ke-hoach-06.yaml"], ["lai-chau"], live.workspace / "o",
                  live.workspace / "content", live.workspace / "doctemplates")[0].data
    assert built == data  # the CLI on the saved files gives the very file downloaded
    assert check_docx(data) == []
    from docx import Document

    d = Document(io.BytesIO(data))
    texts = [p.text for p in d.paragraphs]
    cells = [p.text for t in d.tables for row in t.rows for c in row.cells for p in c.paragraphs]
    allt = "\n".join(texts + cells)
    assert any(t.startswith("Căn cứ Nghị quyết số 202/2025/QH15") for t in texts)
    assert "DỰ THẢO" in allt and "Lò Văn Hùng" in allt and "Sở Y tế" in allt
    assert "Ngày hội toàn dân bảo vệ an ninh Tổ quốc" in allt and "Sở Giáo dục và Đào tạo" in allt
