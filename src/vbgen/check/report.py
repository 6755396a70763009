"""The checker's findings as text lines: one cause, one line, with a count.

Findings of the same rule, severity and message are folded into one line that counts them
and lists the paragraphs ("18 × … (đoạn 3, 5, 9 …)"); each line ends with what to do in Word.
Paragraphs are counted from 1 here, as a person counts them and as the web's check page shows
them (``Finding.paragraph`` and the JSON keep the 0-based index in body order).
"""

from __future__ import annotations

from collections.abc import Iterable

from vbgen.i18n import _

from vbgen.check.common import Finding

_LISTED = 8


def severity_word(severity: str) -> str:
    return {"error": _("error"), "warning": _("warning"), "note": _("note")}.get(severity, severity)


def grouped_lines(findings: Iterable[Finding]) -> list[str]:
    """One line per cause, in the order the first finding of each came."""
    groups: dict[tuple, list[Finding]] = {}
    for f in findings:
        groups.setdefault((f.rule, f.severity, f.message), []).append(f)
    lines = []
    for (rule_id, severity, message), fs in groups.items():
        fix = f" → {fs[0].fix}" if fs[0].fix else ""
        tag = f"[{rule_id}]" if severity == "error" else f"[{rule_id}] {severity_word(severity)}:"
        if len(fs) == 1:
            f = fs[0]
            where = (
                _('paragraph {index} "{text}"').format(index=f.paragraph + 1, text=f.text) + ": "
                if f.paragraph is not None else ""
            )
            lines.append(f"{where}{tag} {message}{fix}")
            continue
        paras = [str(f.paragraph + 1) for f in fs if f.paragraph is not None]
        listed = ", ".join(paras[:_LISTED]) + (" …" if len(paras) > _LISTED else "")
        where = " " + _("(paragraphs {list})").format(list=listed) if paras else ""
        lines.append(f"{len(fs)} × {tag} {message}{where}{fix}")
    return lines
