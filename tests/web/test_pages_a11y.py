"""Every page of the workspace, in Chromium at 1366×768: every control labelled, no serious or
critical finding of axe-core (the accessibility engine, shipped by axe-selenium-python), and no
English, template syntax or slug in what a clerk reads."""

from __future__ import annotations

import re

import pytest

from tests.web.test_browser import _driver_with_downloads, by_id, shot, wait, wait_preview, live  # noqa: F401

PAGES = [
    ("start", "/draft", None),
    ("draft-ke-hoach", "/draft/lai-chau/ke-hoach-06", "preview"),
    ("draft-chi-thi", "/draft/tay-ninh/chi-thi-06", "preview"),
    ("draft-ke-hoach-override", "/draft/tay-ninh/ke-hoach-06", "preview"),
    ("own-document", "/own/phu-tho/chi-thi-antq-co-quan", "preview"),
    ("registry", "/registry", None),
    ("registry-entry", "/registry/ct-06-2025-bca", None),
    ("registry-new", "/registry/new", None),
    ("batch", "/batch", None),
    ("check", "/check/tay-ninh", None),
    ("import", "/import/tay-ninh", None),
    ("not-found", "/khong-co-trang-nay", None),
]

ALLOWED = {"vbgen", "docx", "pdf", "zip", "yaml", "png", "a4", "nd", "cp", "ubnd", "kh", "ct", "bca", "qh", "tw", "ttg",
           "id", "ok", "nc", "vt", "email"}
ENGLISH = re.compile(r"\b(the|and|of|to|is|are|not|must|should|error|warning|file|line|key|unknown|missing|replaced|"
                     r"expected|invalid|required|empty|save|download|loading|please|click|none|null|undefined|true|false|"
                     r"status|replaced_by|amended_by|tasks|recipients|preamble|signature|extra_bases|preset|lead|cooperate)\b", re.I)
SLUGS = re.compile(r"\b(ha-noi|ho-chi-minh|tay-ninh|lai-chau|phu-tho|ke-hoach-06|chi-thi-06|cong-an|so-[a-z-]+|ct-06-2025-bca|"
                   r"kh-612-2025-bca|tt-124-2021-bca)\b")

UNLABELLED = """
return Array.from(document.querySelectorAll('input, select, textarea')).filter(function (n) {
  if (n.type === 'hidden' || !n.offsetParent) return false;
  if (n.getAttribute('aria-label') || n.getAttribute('aria-labelledby') || n.title) return false;
  if (n.closest('label')) return false;
  if (n.id && document.querySelector('label[for="' + n.id + '"]')) return false;
  return true;
}).map(function (n) { return n.outerHTML.slice(0, 160); });
"""
VISIBLE_TEXT = """
var out = [];
document.querySelectorAll('body *').forEach(function (n) {
  if (!n.offsetParent && n.tagName !== 'BODY') return;
  if (n.closest('[lang="en"]')) return;
  // the registry editor's key fields hold the citation key itself, the name content writes
  if (['key', 'replaced_by'].indexOf(n.getAttribute('data-field')) >= 0) return;  // text marked English for readers (the registry keepers' notes)
  if (['SCRIPT', 'STYLE', 'CODE', 'PRE'].indexOf(n.tagName) >= 0) return;
  n.childNodes.forEach(function (c) { if (c.nodeType === 3 && c.textContent.trim()) out.push(c.textContent.trim()); });
  if ((n.tagName === 'TEXTAREA' || (n.tagName === 'INPUT' && ['checkbox', 'radio', 'hidden'].indexOf(n.type) < 0)) && n.value) out.push(n.value);
  ['placeholder', 'title', 'aria-label', 'alt'].forEach(function (a) { if (n.getAttribute(a)) out.push(n.getAttribute(a)); });
  if (n.tagName === 'OPTION') out.push(n.textContent);
});
return out;
"""


@pytest.fixture(scope="module")
def page_browser(tmp_path_factory):
    driver = _driver_with_downloads(tmp_path_factory, "pages")
    driver.set_window_size(1366, 768)
    yield driver
    driver.quit()


def _problems_in_text(texts: list[str]) -> list[str]:
    bad = []
    for t in texts:
        if "{{" in t or "[[" in t or "{%" in t:
            bad.append(f"template syntax: {t[:120]}")
        for m in ENGLISH.finditer(t):
            if m.group(0).lower() not in ALLOWED:
                bad.append(f"English '{m.group(0)}': {t[:120]}")
                break
        m = SLUGS.search(t)
        if m:
            bad.append(f"slug '{m.group(0)}': {t[:120]}")
    return bad


def test_every_page_labelled_accessible_and_in_vietnamese(page_browser, live) -> None:
    from axe_selenium_python import Axe

    b = page_browser
    report = {}
    for name, path, ready in PAGES:
        b.get(live.url + path)
        if ready == "preview":
            wait_preview(b)
        assert b.find_element("css selector", "html").get_attribute("lang") == "vi", path
        shot(b, f"page-{name}")
        problems = [f"unlabelled: {h}" for h in b.execute_script(UNLABELLED)]
        problems += _problems_in_text(b.execute_script(VISIBLE_TEXT))
        axe = Axe(b)
        axe.inject()
        results = axe.run(options={"resultTypes": ["violations"]})
        for v in results["violations"]:
            if v["impact"] in ("serious", "critical"):
                problems.append(f"axe {v['impact']} {v['id']}: {v['help']} — {v['nodes'][0]['html'][:120]} (+{len(v['nodes']) - 1}) "
                                f"{v['nodes'][0].get('failureSummary', '')[:300]}")
        if problems:
            report[path] = problems
    assert not report, "\n".join(f"{p}:\n  " + "\n  ".join(ps[:25]) for p, ps in report.items())
