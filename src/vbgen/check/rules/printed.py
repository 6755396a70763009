"""A legacy encoding (TCVN3, VNI) read by :mod:`vbgen.read`: one error for the whole file, and
the messages of the typing habits the reader rewrote (notes: :mod:`vbgen.check.rules.habits`)."""

from __future__ import annotations

from collections.abc import Iterator

from vbgen.i18n import N_, _

from vbgen.check.common import Finding, rule
from vbgen.check.view import DocView

HABITS = {
    "tab_indent": N_("paragraph indented with the Tab key: prints at the tab stop, {cm} cm"),
    "space_indent": N_("paragraph indented with spaces: prints at about {cm} cm, but moves with the font size"),
    "tab_columns": N_("Nơi nhận and the signature on the same lines, split by a tab stop: read as two columns"),
}


@rule("text.encoding", N_("Text in Unicode, not in a legacy encoding (TCVN3 .VnTime, VNI)"))
def _text_encoding(doc: DocView) -> Iterator[Finding]:
    lg = doc.logical
    if lg is None or not lg.encoding:
        return
    if lg.encoding_decoded:
        msg = _("the text is typed in {encoding} ({fonts}), not Unicode; convert it with: vbgen import FILE; checked here on its decoded text")
    else:
        msg = _("the text is typed in {encoding} ({fonts}), not Unicode; convert it with: vbgen import FILE")
    fonts = ".VnTime" if lg.encoding == "TCVN3" else "VNI-Times"
    yield Finding("text.encoding", msg.format(encoding=lg.encoding, fonts=fonts), None, None)


