"""The check and import pages in Chromium at 1366×768, with the real LibreOffice converter: a typed
file with seeded defects checked (findings beside the marked page images, a finding scrolls to its
page), a typed file imported, one part corrected, saved, and the saved document previewed (it
builds). Both pages: every control labelled, no serious or critical axe-core finding."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.typed_corpus import write_docx
from tests.web.test_browser import _driver_with_downloads, by_id, shot, wait, wait_preview, live  # noqa: F401
from tests.web.test_pages_a11y import UNLABELLED
from tests.web.test_upload import with_defects


@pytest.fixture(scope="module")
def wide(tmp_path_factory):
    driver = _driver_with_downloads(tmp_path_factory, "upload")
    driver.set_window_size(1366, 768)
    yield driver
    driver.quit()


def _accessibility(driver) -> list[str]:
    from axe_selenium_python import Axe

    problems = [f"unlabelled: {h}" for h in driver.execute_script(UNLABELLED)]
    axe = Axe(driver)
    axe.inject()
    for v in axe.run(options={"resultTypes": ["violations"]})["violations"]:
        if v["impact"] in ("serious", "critical"):
            problems.append(f"axe {v['impact']} {v['id']}: {v['help']} — {v['nodes'][0]['html'][:160]}")
    return problems


def test_check_page_findings_beside_marked_pages(wide, live, tmp_path: Path) -> None:
    from selenium.webdriver.common.by import By

    b = wide
    path = tmp_path / "ke-hoach-co-loi.docx"
    path.write_bytes(with_defects(write_docx("kh-tay-ninh-tab", tmp_path)))
    b.get(live.url + "/check/tay-ninh")
    assert b.find_element(By.CSS_SELECTOR, "html").get_attribute("lang") == "vi"
    # a scan (a PDF, named .docx) is refused with what to do; the page stays usable
    scan = tmp_path / "ban-quet.docx"
    scan.write_bytes(b"%PDF-1.4\n% a scanned page\n")
    by_id(b, "upload-file").send_keys(str(scan))
    by_id(b, "check-run").click()
    wait(b, lambda d: d.find_elements(By.ID, "upload-error"), what="the refusal")
    assert "OCR" in by_id(b, "upload-error").text and "Chưa xong" in by_id(b, "upload-status").text
    shot(b, "upload-check-pdf-refused")
    by_id(b, "upload-file").clear()
    by_id(b, "upload-file").send_keys(str(path))
    by_id(b, "check-run").click()
    wait(b, lambda d: d.find_elements(By.ID, "check-summary"), what="the findings")
    assert by_id(b, "upload-status").text.startswith("Xong")
    findings = b.find_elements(By.CSS_SELECTOR, "#check-findings li.finding")
    assert findings and "sev-error" in findings[0].get_attribute("class")
    assert "Cách sửa" in findings[0].text
    pages = b.find_elements(By.CSS_SELECTOR, "#check-pages img")
    assert len(pages) >= 2 and all(img.get_attribute("src").startswith("data:image/png;base64,") for img in pages)
    assert all(b.execute_script("return arguments[0].naturalWidth", img) > 500 for img in pages)
    shot(b, "upload-check")
    # a finding on a paragraph names its page; clicking it brings that page into view
    placed = [f for f in findings if "trang " in f.find_element(By.CSS_SELECTOR, ".where").text]
    assert placed, "no finding knows its page"
    target = placed[-1]
    href = target.find_element(By.CSS_SELECTOR, "a.finding-link").get_attribute("href")
    page_id = href.rsplit("#", 1)[1]
    target.find_element(By.CSS_SELECTOR, "a.finding-link").click()
    wait(b, lambda d: d.execute_script(
        "var p = document.getElementById(arguments[0]).getBoundingClientRect();"
        "var box = document.getElementById('check-pages').getBoundingClientRect();"
        "return p.top < box.bottom && p.bottom > box.top;", page_id), timeout=10, what="the page scrolled into view")
    shot(b, "upload-check-scrolled")
    problems = _accessibility(b)
    assert not problems, "\n".join(problems)
    # nothing of the upload stays in the content folder
    assert not list((live.workspace / "content").rglob("*ke-hoach-co-loi*"))
    # "Lưu thành bản nháp nhập": the same file goes to the import, on this page (the file is still chosen)
    by_id(b, "check-to-import").click()
    wait(b, lambda d: d.find_elements(By.ID, "import-summary"), what="the import of the checked file")
    assert b.find_elements(By.CSS_SELECTOR, "#import-parts select") and by_id(b, "import-name").get_attribute("value") == "ke-hoach-co-loi"


def test_import_correct_save_and_the_document_builds(wide, live, tmp_path: Path) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import Select

    b = wide
    path = write_docx("kh-tay-ninh-tab", tmp_path)
    b.get(live.url + "/import/tay-ninh")
    by_id(b, "upload-file").send_keys(str(path))
    by_id(b, "import-run").click()
    wait(b, lambda d: d.find_elements(By.ID, "import-summary"), what="the recognised parts")
    rows = b.find_elements(By.CSS_SELECTOR, "#import-parts tbody tr")
    parts = {r.get_attribute("data-index"): r.get_attribute("data-part") for r in rows}
    assert {"agency", "number", "date", "kind", "subject", "recipients", "signature"} <= set(parts.values())
    assert b.find_elements(By.CSS_SELECTOR, "#import-pages img")
    shot(b, "upload-import")
    problems = _accessibility(b)
    assert not problems, "\n".join(problems)
    # the first paragraph of the body belongs to the trích yếu: say so and run again
    intro = next(n for n, p in parts.items() if p in ("preamble", "basis"))
    Select(by_id(b, f"part-{intro}")).select_by_value("subject")
    by_id(b, "import-rerun").click()
    wait(b, lambda d: d.find_element(By.CSS_SELECTOR, f'#import-parts tr[data-index="{intro}"]').get_attribute("data-part") == "subject",
         what="the corrected part")
    assert Select(by_id(b, f"part-{intro}")).first_selected_option.get_attribute("value") == "subject"
    shot(b, "upload-import-corrected")
    name = by_id(b, "import-name")
    name.clear()
    name.send_keys("ke-hoach-250-tay-ninh")
    by_id(b, "import-save").click()
    wait(b, lambda d: d.find_elements(By.ID, "import-saved"), what="saved")
    saved = live.workspace / "content/provinces/tay-ninh/own/ke-hoach-250-tay-ninh.yaml"
    text = saved.read_text(encoding="utf-8")
    assert "subject:" in text and "Thực hiện Kế hoạch số 250" in text.split("subject:")[1].split("\n")[0]
    # the same name again asks before overwriting, and the correction is still chosen
    by_id(b, "import-save").click()
    wait(b, lambda d: d.find_elements(By.ID, "import-overwrite"), what="the overwrite question")
    assert Select(by_id(b, f"part-{intro}")).first_selected_option.get_attribute("value") == "subject"
    assert saved.read_text(encoding="utf-8") == text
    # the saved document opens on the drafting page and its preview is made (it builds)
    b.get(live.url + "/own/tay-ninh/ke-hoach-250-tay-ninh")
    wait_preview(b)
    assert not b.find_elements(By.CSS_SELECTOR, "#messages .msg.error")
    shot(b, "upload-import-saved-document")
