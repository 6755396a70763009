"""After signing: the number and date a document was issued with, written into the province's content.

Under Nghị định 30/2020 (Điều 15.3) an electronic document gets its number and issue time from
the e-office system when it is signed; the sign-ready PDF leaves both blank. The văn thư then
records them here (``vbgen issued DOC -p SLUG --number 45 --date 2026-12-15``, or the form on
the drafting page), so that the archived .docx and every later build carry the real number and
date. They go into the province's own file for that document — its override
(content/provinces/<slug>/documents/<stem>.yaml, made if missing) for a shared document, or the
document itself for one of the province's own (content/provinces/<slug>/own/<stem>.yaml) — through
the round-trip writer (:mod:`vbgen.content.yamlfile`), so every other byte of the file stays;
a ``draft`` mark in that file is removed, since an issued document is no longer a draft.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path

from vbgen.content import yamlfile
from vbgen.content.load import OWN_DIR
from vbgen.content.paths import find_dir
from vbgen.content.quick import province_rows
from vbgen.content.overrides import province_dir
from vbgen.errors import ContentError, Problem
from vbgen.i18n import _

DOCUMENTS_DIR = "documents"
FIRST_YEAR, LAST_YEAR = 1945, 2100


@dataclasses.dataclass(frozen=True)
class Issued:
    path: Path
    """The file written."""
    created: bool
    """True when the override file did not exist before."""
    text: str
    """Its new text."""


def target_file(content_dir: Path, document: Path | str, slug: str) -> Path:
    """The file that holds province ``slug``'s number and date for ``document`` (a path or a
    document name such as "ke-hoach-06")."""
    content_dir = find_dir(content_dir, "content")
    stem = Path(str(document)).stem
    own = province_dir(content_dir, slug) / OWN_DIR / f"{stem}.yaml"
    if own.is_file():
        return own
    national = content_dir / DOCUMENTS_DIR / f"{stem}.yaml"
    if not national.is_file():
        raise ContentError.from_problems([Problem(Path(str(document)), None, None, _(
            "no such document: neither {national} nor {own} exists; give the name of a file in content/documents "
            "or of the province's own documents").format(national=national, own=own))])
    rows = province_rows(content_dir)
    known = province_dir(content_dir, slug).is_dir() or (rows is not None and slug in {r[0] for r in rows})
    if not known:
        raise ContentError.from_problems([Problem(province_dir(content_dir, slug), None, None, _(
            "unknown province '{slug}' (not in provinces.yaml); see 'vbgen provinces'").format(slug=slug))])
    return province_dir(content_dir, slug) / DOCUMENTS_DIR / f"{stem}.yaml"


def check_values(number: str, date: dt.date, where: Path) -> None:
    problems = []
    if not (number.isascii() and number.isdigit()) or len(number) > 9:
        problems.append(Problem(where, None, "number", _('the number must be digits only, such as "45" or "05" (got "{number}")').format(number=number)))
    if not FIRST_YEAR <= date.year <= LAST_YEAR:
        problems.append(Problem(where, None, "date", _("the year must be between {first} and {last}").format(first=FIRST_YEAR, last=LAST_YEAR)))
    if problems:
        raise ContentError.from_problems(problems)


def issued_text(current: str | None, number: str, date: dt.date, header: str, path: Path | None = None) -> str:
    """``current`` (None: a new file) with ``number`` and ``date`` set and any draft mark removed;
    text YAML cannot read is a ContentError naming ``path`` and the line."""
    doc = yamlfile.load_text(current if current is not None else "", path)
    data = doc.data
    yamlfile.set_key(data, "number", yamlfile.quoted_if_needed(number))
    yamlfile.set_key(data, "date", date)
    for key in ("draft", "draft_round"):
        yamlfile.drop_key(data, key)
    text = doc.dump()
    return text if current is not None else header + text


def record_issued(content_dir: Path, document: Path | str, slug: str, number: str, date: dt.date,
                  expected_sha: str | None | bool = False) -> Issued:
    """Write ``number`` and ``date`` into province ``slug``'s file for ``document``.

    ``expected_sha``: the hash of the file as an editor saw it (the web form), or False to take
    the file as it is now (the command line). Raises :class:`vbgen.content.yamlfile.Conflict`
    when the file changed in between, :class:`ContentError` for a bad number, date or name.
    """
    path = target_file(content_dir, document, slug)
    number = number.strip()
    check_values(number, date, path)
    current = yamlfile.read_text(path)
    header = (f"# Tỉnh {slug}: số và ngày ban hành của {path.stem} (vbgen issued).\n")
    text = issued_text(current, number, date, header, path)
    sha = yamlfile.sha256_text(current) if expected_sha is False else expected_sha
    yamlfile.write_checked(path, text, sha)  # type: ignore[arg-type]
    return Issued(path, current is None, text)
