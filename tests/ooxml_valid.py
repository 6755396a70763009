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
