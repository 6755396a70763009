"""The render budget of content expressions: loops, length and time are bounded, and a content
string that exceeds them is a content error naming file, line and key (issue 15)."""

from __future__ import annotations

import pytest

from test_hardening import DOC, INTRO, assert_clean_error, build, edit
from vbgen.compose.expressions import MAX_OUTPUT, MAX_STEPS, BudgetExceeded, compile_text

NESTED = "{% for a in 'x'*10000 %}{% for b in 'x'*10000 %}{% endfor %}{% endfor %}"


@pytest.mark.parametrize("src, fragment", [
    (NESTED, f"loops ran more than {MAX_STEPS} times"),
    ("{% for a in 'x'*10000 %}{% for b in 'x'*10000 %}{% for c in 'x'*10000 %}y{% endfor %}{% endfor %}{% endfor %}",
     "loops ran more than"),
    ("{% set a = 'x'*100000 %}{% set a = a ~ a %}{% set a = a ~ a %}{{ a }}", "characters long"),
    ("{% set a = 'x'*100000 %}{{ a + a + a }}", "characters long"),
    ("{{ ('x'*100000)|join('y'*100000) }}", "10000000000 characters long"),
    ("{{ ('x'*100000)|replace('x', 'y'*100000) }}", "10000000000 characters long"),
    ("{{ ('x'*100000).replace('x', 'y'*100000) }}", "10000000000 characters long"),
    ("{{ ('y'*1000).join('x'*100000) }}", "characters long"),
    ("{% for a in 'x'*99 %}{{ 'z'*10000 }}{% endfor %}", f"(at most {MAX_OUTPUT})"),
])
def test_budget_stops_unbounded_content(src: str, fragment: str) -> None:
    with pytest.raises(BudgetExceeded) as e:
        compile_text(src).render({})
    assert fragment in str(e.value)


def test_ordinary_expressions_are_untouched() -> None:
    src = ("{{ ['a', 'b']|join(', ') }}|{{ 'a-b'|replace('-', ' ') }}|{% for x in ['1', '2'] %}{{ loop.index }}{{ x }}"
           "{% endfor %}|{{ 'a' ~ 'b' }}|{{ 'x' + 'y' }}|{{ 2 + 3 }}|{{ 'a,b'.replace(',', ';') }}|{{ ', '.join(['p', 'q']) }}")
    assert compile_text(src).render({}) == "a, b|a b|1122|ab|xy|5|a;b|p, q"
    many = "{% for a in 'x'*300 %}{% for b in 'x'*300 %}{% endfor %}{% endfor %}ok"  # 90,300 steps: within
    assert compile_text(many).render({}) == "ok"


def test_budget_exceeded_in_content_is_a_content_error_with_file_and_line(runner, mini, tmp_path):
    edit(mini / DOC, INTRO, f'  intro: "Các cơ quan {NESTED}."')
    assert_clean_error(build(runner, mini, tmp_path / "out"), tmp_path / "out",
                       "ke-hoach-mini.yaml:16: implementation.intro: ", "loops ran more than")
