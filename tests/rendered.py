"""Look at a rendered .docx the way a reader does: LibreOffice → PDF → text and pixels per page.

Tools missing on a developer's machine skip the test; with CI=true they fail it.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import unicodedata
from pathlib import Path

import pytest

from vbgen.pdf import common as pdf_common
from vbgen.pdf import export as pdf_mod
from vbgen.errors import ToolMissingError


def require(tool: str) -> None:
    """Skip without ``tool`` ("soffice", "pdftotext" …); in CI (CI=true) fail instead."""
    try:
        found = pdf_common.find_soffice() if tool == "soffice" else shutil.which(tool)
    except ToolMissingError:
        found = None
    if found:
        return
    if os.environ.get("CI") == "true":
        pytest.fail(f"{tool} is required in CI (apt-get install libreoffice-writer-nogui fonts-liberation2 poppler-utils)")
    pytest.skip(f"{tool} is not installed")


def to_pdf(docx_path: Path) -> Path:
    for tool in ("soffice", "pdftotext", "pdftoppm", "pdfinfo"):
        require(tool)
    [pdf] = pdf_mod.convert_to_pdf([docx_path])
    return pdf


def page_texts(pdf: Path) -> list[str]:
    """The text of every page (pdftotext -layout), NFC."""
    out = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    return [unicodedata.normalize("NFC", page) for page in out.split("\f")[:-1]]


def page_size_pt(pdf: Path, page: int) -> tuple[float, float]:
    """Width and height of page ``page`` (1-based) in points."""
    info = subprocess.run(["pdfinfo", "-f", str(page), "-l", str(page), str(pdf)],
                          capture_output=True, text=True, check=True).stdout
    for m in re.finditer(r"^Page\s+(\d+) size:\s+([\d.]+) x ([\d.]+)", info, re.M):
        if int(m.group(1)) == page:
            return float(m.group(2)), float(m.group(3))
    raise AssertionError(f"pdfinfo shows no size for page {page}:\n{info}")


def page_pixels(pdf: Path, page: int, dpi: int = 40) -> tuple[int, int, bytes]:
    """Page ``page`` rasterised (pdftoppm, binary PPM): width, height, RGB bytes."""
    data = subprocess.run(["pdftoppm", "-r", str(dpi), "-f", str(page), "-l", str(page), str(pdf)],
                          capture_output=True, check=True).stdout
    fields, pos = [], 0
    while len(fields) < 4:  # "P6", width, height, maxval, separated by whitespace
        while data[pos:pos + 1].isspace():
            pos += 1
        start = pos
        while not data[pos:pos + 1].isspace():
            pos += 1
        fields.append(data[start:pos])
    assert fields[0] == b"P6", fields[0]
    width, height = int(fields[1]), int(fields[2])
    return width, height, data[pos + 1:pos + 1 + width * height * 3]


def red_pixels(pdf: Path, page: int, box: tuple[float, float, float, float]) -> int:
    """How many clearly red pixels page ``page`` has inside ``box`` (fractions x0, y0, x1, y1)."""
    width, height, rgb = page_pixels(pdf, page)
    x0, y0, x1, y1 = int(box[0] * width), int(box[1] * height), int(box[2] * width), int(box[3] * height)
    count = 0
    for y in range(y0, y1):
        row = y * width * 3
        for x in range(x0, x1):
            r, g, b = rgb[row + 3 * x: row + 3 * x + 3]
            if r > 180 and g < 110 and b < 110:
                count += 1
    return count
