"""The drafting page in Chromium (issue 14): marks where the province's text will differ from the
national one (visible, in Vietnamese, tied to the controls and announced to screen readers), focus
that stays on or next to the control that re-rendered its list, and selects that never act on
arrow keys alone."""

from __future__ import annotations

import pytest

from tests.web.test_browser import browser, by_id, live, shot, wait  # noqa: F401 - fixtures

FOCUSED = """
var a = document.activeElement;
if (!a || a === document.body) return null;
var card = a.closest('[data-field]');
return {tag: a.tagName, field: a.getAttribute('data-field'), id: a.id, card: card ? card.getAttribute('data-field') : null};
"""


def _open(browser, live, slug: str = "tay-ninh") -> None:  # noqa: F811
    browser.set_window_size(1366, 768)
    browser.get(f"{live.url}/draft/{slug}/ke-hoach-06")
    browser.execute_script("localStorage.clear()")
    browser.get(f"{live.url}/draft/{slug}/ke-hoach-06")
    wait(browser, lambda d: d.find_elements("css selector", '[data-field="tasks.0.action"]'), what="the tasks")


def _field(browser, field: str):  # noqa: F811
    return browser.find_element("css selector", f'[data-field="{field}"]')


def _click(browser, element) -> None:  # noqa: F811
    """Click as a person would: the element scrolled to the middle (the save bar sticks at the top)."""
    browser.execute_script("arguments[0].scrollIntoView({block: 'center'})", element)
    element.click()


def _marks(browser) -> dict[str, str]:  # noqa: F811
    """data-field of the card or row -> the mark's text, for every visible mark."""
    return browser.execute_script("""
        var out = {};
        document.querySelectorAll('.diff-mark').forEach(function (m) {
          var holder = m.closest('[data-field]');
          if (m.offsetParent !== null) out[holder ? holder.getAttribute('data-field') : '?'] = m.textContent;
        });
        return out;""")


def _announced(browser) -> str:  # noqa: F811
    return by_id(browser, "sr-announce").get_attribute("textContent")


def test_marks_where_the_province_differs(browser, live) -> None:  # noqa: F811
    from selenium.webdriver.support.ui import Select

    _open(browser, live)
    tasks = browser.execute_script("return JSON.parse(document.getElementById('page-data').textContent).form.tasks")
    edited = next(i for i, t in enumerate(tasks) if t["id"] == "ban-quan-ly-kcn")
    added = next(i for i, t in enumerate(tasks) if t["origin"] == "added")
    recipients = browser.execute_script("return JSON.parse(document.getElementById('page-data').textContent).form.recipients")
    dropped = next(i for i, r in enumerate(recipients) if r["removed"])
    extra = next(i for i, r in enumerate(recipients) if r["origin"] == "added")
    marks = _marks(browser)
    assert marks == {f"tasks.{edited}": "Tỉnh đã sửa", f"tasks.{added}": "Tỉnh thêm",
                     f"recipients.{dropped}": "Tỉnh bỏ", f"recipients.{extra}": "Tỉnh thêm"}, marks
    shot(browser, "marks-1-tay-ninh")
    # for a screen reader: the controls of a marked task are described by its mark, which names the task
    text = _field(browser, f"tasks.{edited}.text")
    described = browser.find_element("id", text.get_attribute("aria-describedby"))
    assert described.get_attribute("aria-label") == f"Nhiệm vụ {edited + 1}: Tỉnh đã sửa"
    assert by_id(browser, "sr-announce").get_attribute("aria-live") == "polite"
    assert _announced(browser) == ""  # nothing is announced on load

    Select(_field(browser, "tasks.0.action")).select_by_value("remove")
    wait(browser, lambda d: _marks(d).get("tasks.0") == "Tỉnh bỏ", what="task 1 marked removed")
    assert "Nhiệm vụ 1: Tỉnh bỏ" in _announced(browser)

    box = _field(browser, "tasks.1.text")  # typing in a national task edits it for the province
    box.send_keys(" và báo cáo kết quả")
    wait(browser, lambda d: _marks(d).get("tasks.1") == "Tỉnh đã sửa", what="task 2 marked edited")
    assert "Nhiệm vụ 2: Tỉnh đã sửa" in _announced(browser)
    assert browser.execute_script(FOCUSED)["field"] == "tasks.1.text"  # the mark came in place; focus stayed

    purpose = _field(browser, "recipients.3.purpose")
    purpose.send_keys("để phối hợp")
    wait(browser, lambda d: _marks(d).get("recipients.3") == "Tỉnh đã sửa", what="recipient 4 marked")
    assert "Nơi nhận 4: Tỉnh đã sửa" in _announced(browser)
    _click(browser, _field(browser, "recipients.0.keep"))
    wait(browser, lambda d: _marks(d).get("recipients.0") == "Tỉnh bỏ", what="recipient 1 marked removed")

    _click(browser, by_id(browser, "preamble-own"))
    wait(browser, lambda d: _marks(d).get("preamble") == "Tỉnh dùng lời văn riêng", what="own preamble marked")
    assert "Phần mở đầu: Tỉnh dùng lời văn riêng" in _announced(browser)
    shot(browser, "marks-2-after-edits")
    # the marks are the page's words, not the developer's
    for word in _marks(browser).values():
        assert word in ("Tỉnh đã sửa", "Tỉnh bỏ", "Tỉnh thêm", "Tỉnh dùng lời văn riêng")


def _free_agency(browser) -> int:  # noqa: F811
    """Index of the first option of task 1's "+ thêm cơ quan phối hợp" that is neither its lead nor
    already cooperating (those are not added again)."""
    return browser.execute_script("""
        var s = document.querySelector('[data-field="tasks.0.cooperate.add"]'), taken = [];
        document.querySelectorAll('[data-field="tasks.0.cooperate"] .chip').forEach(function (c) { taken.push(c.firstChild.textContent); });
        taken.push(document.querySelector('[data-field="tasks.0.lead"]').selectedOptions[0].textContent);
        for (var i = 1; i < s.options.length; i++) if (taken.indexOf(s.options[i].textContent) < 0) return i;
        return -1;""")


def _is_near(focus: dict | None, *fields: str) -> bool:
    """Focus is on one of ``fields`` (data-field) or inside the card / row of one of them."""
    if not focus:
        return False
    return any(focus["field"] == f or (focus["card"] or "") == f or (focus["field"] or "").startswith(f + ".") for f in fields)


def test_focus_stays_with_the_control_and_selects_ignore_arrow_keys(browser, live) -> None:  # noqa: F811
    from selenium.webdriver.common.keys import Keys
    from selenium.webdriver.support.ui import Select

    _open(browser, live, "lai-chau")
    count = lambda: len(browser.execute_script("return document.querySelectorAll('#tasks > .task')"))  # noqa: E731
    n0 = count()

    # task action (a select that re-renders the list)
    Select(_field(browser, "tasks.2.action")).select_by_value("remove")
    wait(browser, lambda d: "removed" in _field(d, "tasks.2").get_attribute("class"), what="task 3 removed")
    assert _is_near(browser.execute_script(FOCUSED), "tasks.2.action"), browser.execute_script(FOCUSED)

    # add a task: arrow keys alone on the "+ Thêm nhiệm vụ" select add nothing; Enter adds one
    adder = _field(browser, "tasks.add")
    adder.send_keys(Keys.ARROW_DOWN)
    adder.send_keys(Keys.ARROW_DOWN)
    assert count() == n0 and adder.get_attribute("value")
    adder.send_keys(Keys.ENTER)
    wait(browser, lambda d: count() == n0 + 1, what="a task added by Enter")
    assert _is_near(browser.execute_script(FOCUSED), f"tasks.{n0}", "tasks.add"), browser.execute_script(FOCUSED)

    # add a task with the button
    _click(browser, by_id(browser, "task-add"))
    wait(browser, lambda d: count() == n0 + 2, what="an empty task added")
    assert _is_near(browser.execute_script(FOCUSED), f"tasks.{n0 + 1}", "task-add"), browser.execute_script(FOCUSED)

    # add a cooperating agency: arrows alone add none (the report: one per key press); Enter adds one
    coop = lambda: len(browser.find_elements("css selector", '[data-field="tasks.0.cooperate"] .chip'))  # noqa: E731
    c0 = coop()
    select = _field(browser, "tasks.0.cooperate.add")
    free = _free_agency(browser)
    assert free >= 1
    for _ in range(free + 2):  # past a free agency and beyond: each press would have added one before
        select.send_keys(Keys.ARROW_DOWN)
    for _ in range(2):
        select.send_keys(Keys.ARROW_UP)
    assert coop() == c0
    select.send_keys(Keys.ENTER)
    wait(browser, lambda d: coop() == c0 + 1, what="one cooperating agency added by Enter")
    assert _is_near(browser.execute_script(FOCUSED), "tasks.0.cooperate.add", "tasks.0"), browser.execute_script(FOCUSED)
    # and with the mouse: one choice, one agency
    Select(_field(browser, "tasks.0.cooperate.add")).select_by_index(_free_agency(browser))
    wait(browser, lambda d: coop() == c0 + 2, what="a cooperating agency added by a click")
    assert _is_near(browser.execute_script(FOCUSED), "tasks.0.cooperate.add", "tasks.0"), browser.execute_script(FOCUSED)

    # recipient checkbox (re-renders the recipients)
    box = _field(browser, "recipients.1.keep")
    _click(browser, box)
    wait(browser, lambda d: "removed" in _field(d, "recipients.1").get_attribute("class"), what="recipient 2 removed")
    assert _is_near(browser.execute_script(FOCUSED), "recipients.1.keep", "recipients.1"), browser.execute_script(FOCUSED)

    # add a recipient: arrows alone on the quick select add none; a click adds one and focus stays there
    rows = lambda: len(browser.find_elements("css selector", "#recipients .recipient"))  # noqa: E731
    r0 = rows()
    quick = _field(browser, "recipients.add")
    quick.send_keys(Keys.ARROW_DOWN)
    assert rows() == r0
    quick.send_keys(Keys.ENTER)
    wait(browser, lambda d: rows() == r0 + 1, what="a recipient added by Enter")
    assert _is_near(browser.execute_script(FOCUSED), "recipients.add", f"recipients.{r0}"), browser.execute_script(FOCUSED)
    _click(browser, by_id(browser, "recipient-add"))
    wait(browser, lambda d: rows() == r0 + 2, what="a recipient row added")
    assert _is_near(browser.execute_script(FOCUSED), f"recipients.{r0 + 1}", "recipient-add"), browser.execute_script(FOCUSED)
    shot(browser, "focus-after-adding")
