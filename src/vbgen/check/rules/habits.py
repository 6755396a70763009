"""Typing habits that print right but are fragile: one note per paragraph (grouped in the text
output into one line with a count)."""

from __future__ import annotations

from collections.abc import Iterator

from vbgen.i18n import N_, _

from vbgen.check.common import Finding, _clip, rule
from vbgen.check.view import DocView
from vbgen.check.rules.printed import HABITS


@rule("typing.habit", N_("Typing habits that print right but are fragile (notes)"))
def _typing_habit(doc: DocView) -> Iterator[Finding]:
    lg = doc.logical
    if lg is None:
        return
    for kind, indexes in lg.habits.items():
        template = HABITS.get(kind)
        if template is None:
            continue
        for n in indexes:
            # the logical paragraph of file paragraph n (numbers are mapped back afterwards)
            logical = next((p for p in doc.paras if lg.source[p.index] == n), None)
            if logical is None:
                continue
            cm = f"{logical.fmt.first_line * 2.54 / 1440:.2f}".replace(".", ",")
            yield Finding("typing.habit", _(template).format(cm=cm), logical.index, _clip(logical.full_text), "note")
