"""The PDF options of ``build``/``batch`` (``--pdf``, ``--sign-ready``, ``--sig-fields``) and
``vbgen issued`` (record the number and date given at signing)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import click

from vbgen.cli.options import content_option, workspace
from vbgen.errors import VbgenError
from vbgen.i18n import _


def sign_options(fn, with_pdf: bool = True):
    fn = click.option("--sig-fields", is_flag=True,
                      help="With --sign-ready: add two empty signature fields (signer between the position line "
                           "and the name, organisation over its left third).")(fn)
    fn = click.option("--sign-ready", is_flag=True,
                      help="Write <name>.pdf ready for signing: PDF/A-2b, fonts embedded, number and date blank "
                           "(given by the e-office at signing), title/author/language set.")(fn)
    if with_pdf:
        fn = click.option("--pdf", is_flag=True, help="Also write <name>.pdf through LibreOffice.")(fn)
    return fn


def batch_sign_options(fn):
    return sign_options(fn, with_pdf=False)


def pdf_options(draft: bool, pdf: bool, sign_ready: bool, sig_fields: bool, strict: bool):
    """The PDF step's options, or None without a PDF; usage errors for contradictions."""
    from vbgen.batch.pdfstep import PdfOptions

    if sig_fields and not sign_ready:
        raise click.UsageError(_("--sig-fields needs --sign-ready"))
    if sign_ready and draft:
        raise click.UsageError(_("--sign-ready and --draft exclude each other: a sign-ready file has no DỰ THẢO mark"))
    if not (pdf or sign_ready):
        return None
    return PdfOptions(sign_ready=sign_ready, sig_fields=sig_fields, strict=strict)


def build_pdfs(results, opts) -> dict[Path, Path]:
    """PDFs of the written documents; warnings printed; an error naming every failed one."""
    from vbgen.batch.pdfstep import make_pdfs

    made = make_pdfs([(r.path, r.meta) for r in results], opts)
    failed = []
    for m in made:
        for w in m.warnings:
            click.echo(_("Warning: {message}").format(message=w), err=True)
        if m.error:
            failed.append(f"{m.docx}: {m.error}")
    if failed:
        raise VbgenError(_("PDF not made for {count} document(s):").format(count=len(failed)) + "\n  " + "\n  ".join(failed))
    return {m.docx: m.pdf for m in made if m.pdf is not None}


@click.command()
@click.argument("document", type=click.Path(path_type=Path, dir_okay=False))
@click.option("--province", "-p", "province", required=True, metavar="SLUG", help="The province that issued it.")
@click.option("--number", required=True, metavar="N", help='The number given at signing ("45", or "05").')
@click.option("--date", "date", required=True, metavar="YYYY-MM-DD", help="The issue date.")
@content_option
def issued(document: Path, province: str, number: str, date: str, content_dir: Path | None) -> None:
    """Record the number and date DOCUMENT was issued with in PROVINCE's content (the province's
    override file, or its own document), so the archived .docx and the next batch carry them."""
    from vbgen.content.issued import record_issued

    try:
        when = dt.date.fromisoformat(date)
    except ValueError:
        raise click.BadParameter(_("give the date as YYYY-MM-DD, e.g. 2026-12-15"), param_hint="--date") from None
    ws = workspace()
    from vbgen.content.paths import find_dir
    from vbgen.office import history, review

    folder = find_dir(ws.content_dir(content_dir), "content")
    stem = Path(document).stem
    before = history.read_bytes(review.document_file(folder, province, stem)[0])
    done = record_issued(folder, document, province, number, when)
    history.record_cli(folder, done.path, None if done.created else before, history.read_bytes(done.path), "vbgen issued")
    note = review.issued_from_cli(folder, province, stem, number, when.isoformat())
    if note:
        click.echo(_("Warning: {message}").format(message=note), err=True)
    click.echo(str(done.path))
