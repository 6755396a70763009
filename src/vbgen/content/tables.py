"""The shape of a table in content: in the body (``Node.table``) and in a free appendix.

A row is a list of cells; a cell is a string (inline markup and citations as any other text)
or a mapping ``{text, span, rows, align, bold}``. ``span`` merges cells across grid columns
(Word's ``w:gridSpan``), ``rows`` down the rows below (``w:vMerge``); a cell covered by a
merge from above is not written again. The grid (how many columns, where each cell starts)
is worked out when the document is composed, which reports a row that does not fit.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from vbgen.i18n import _

MAX_COLUMNS = 63
"""Word's limit of columns in a table."""


def _string_or_mapping(schema: dict[str, Any]) -> None:
    """JSON Schema of a cell: a plain string, or the mapping (editors then accept both)."""
    mapping = dict(schema)
    schema.clear()
    schema["anyOf"] = [{"type": "string"}, mapping]
    schema["description"] = mapping.get("description", "")


class Cell(BaseModel):
    """One cell of a table row: a string, or a mapping with its text and how it spans."""

    model_config = ConfigDict(extra="forbid", frozen=True, json_schema_extra=_string_or_mapping)

    text: str = ""
    """The cell's text: inline markup (**bold**, *italic*) and citations ([[key]]) as in any paragraph."""
    span: int = Field(default=1, ge=1, le=MAX_COLUMNS)
    """How many grid columns the cell covers (merged across, Word's gridSpan)."""
    rows: int = Field(default=1, ge=1)
    """How many rows the cell covers (merged down, Word's vMerge); the rows below leave it out."""
    align: Literal["left", "center", "right"] | None = None
    """Horizontal alignment; default: centred in a header row and a short cell, else left."""
    bold: bool = False
    """Print the cell's text bold (a header row is always bold)."""

    @model_validator(mode="before")
    @classmethod
    def _from_string(cls, value: Any) -> Any:
        return {"text": value} if isinstance(value, str) else value


class Table(BaseModel):
    """A simple bordered table: header row(s) repeated on each page, then the rows."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    widths: list[float] | None = None
    """Width of each grid column in cm; default: equal columns over the text width."""
    header: list[list[Cell]] = Field(default_factory=list)
    """Header row(s), bold and centred, repeated at the top of every page; a flat list is one row."""
    rows: list[list[Cell]]
    """The rows of the table, each a list of cells."""

    @field_validator("header", mode="before")
    @classmethod
    def _one_header_row(cls, value: Any) -> Any:
        if isinstance(value, list) and value and not any(isinstance(v, list) for v in value):
            return [value]
        return value

    @field_validator("widths")
    @classmethod
    def _positive(cls, value: list[float] | None) -> list[float] | None:
        if value is not None and any(w <= 0 for w in value):
            raise ValueError(_("every column width is a number of centimetres greater than 0"))
        return value
