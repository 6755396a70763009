"""Validate a .docx against the Office Open XML schema with openxml-audit (a test dependency).

Shared by every test that writes a .docx: ``assert_valid_docx(path)`` fails with the list of
schema and semantic errors (part, XPath, message) and returns that list (empty) otherwise.
Word for the web opens a package with such errors read-only as damaged, and Word desktop
silently drops out-of-order run properties, so vbgen's output must have none.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from openxml_audit import OpenXmlValidator, ValidationSeverity

_VALIDATOR = OpenXmlValidator(max_errors=0)


def _fresh_cross_part_cache_keys() -> None:
    """openxml-audit caches cross-part lookups (such as the footnote ids of footnotes.xml) by
    ``id(package)``; a later package that reuses a freed one's id then gets the earlier
    document's values ("Attribute 'id' value '1' was not found …"). Key them by a serial
    number given to each package instead."""
    import itertools

    from openxml_audit.semantic.constraints import cross_part

    serial = itertools.count()
    original = cross_part._cache_key

    def _cache_key(context, part_path, part_uris):
        package = context.package
        number = getattr(package, "_vbgen_serial", None)
        if number is None:
            number = next(serial)
            package._vbgen_serial = number
        _, key = original(context, part_path, part_uris)
        return (number, key)

    cross_part._cache_key = _cache_key


_fresh_cross_part_cache_keys()


def docx_errors(source: str | os.PathLike | bytes) -> list[str]:
    """The validator's errors for a .docx (path or bytes), one readable line each."""
    if isinstance(source, (bytes, bytearray)):
        with tempfile.NamedTemporaryFile(suffix=".docx", delete=False) as f:
            f.write(source)
        try:
            return docx_errors(f.name)
        finally:
            os.unlink(f.name)
    result = _VALIDATOR.validate(Path(source))
    return [str(e) for e in result.errors if e.severity == ValidationSeverity.ERROR]


def assert_valid_docx(source: str | os.PathLike | bytes) -> list[str]:
    """Assert that ``source`` has zero OOXML errors; returns the (empty) error list."""
    errors = docx_errors(source)
    name = "<bytes>" if isinstance(source, (bytes, bytearray)) else os.fspath(source)
    assert not errors, f"{name}: {len(errors)} OOXML error(s):\n" + "\n".join(errors[:30])
    return errors
