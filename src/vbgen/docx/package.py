"""Deterministic .docx (zip) packaging that reuses the compressed bytes of unchanged parts.

A rendered document differs from its template in one or two parts (word/document.xml,
docProps/core.xml); the fonts, styles, settings and theme are identical for every document.
:class:`TemplatePackage` compresses those once, and :func:`write_zip` copies them into each
output as they are. Every entry gets the same fixed timestamp and the template's member
order, so the same inputs always give byte-identical files.
"""

from __future__ import annotations

import dataclasses
import io
import re
import struct
import zipfile
import zlib
from collections.abc import Iterable, Mapping

DOS_DATE = (0 << 9) | (1 << 5) | 1  # 1980-01-01, the zip epoch: no run-dependent time
DOS_TIME = 0
COMPRESS_LEVEL = 6


@dataclasses.dataclass(frozen=True)
class Member:
    """One zip entry, already compressed (raw deflate) with its CRC and sizes."""

    name: str
    crc: int
    size: int
    data: bytes  # compressed


def compress(name: str, content: bytes) -> Member:
    """Deflate ``content`` as a zip member."""
    c = zlib.compressobj(COMPRESS_LEVEL, zlib.DEFLATED, -15)
    data = c.compress(content) + c.flush()
    return Member(name, zlib.crc32(content) & 0xFFFFFFFF, len(content), data)


def write_zip(members: Iterable[Member]) -> bytes:
    """Assemble a zip archive from compressed members, in the order given."""
    out = bytearray()
    central = bytearray()
    count = 0
    for m in members:
        name = m.name.encode("utf-8")
        flags = 0x800 if not m.name.isascii() else 0
        offset = len(out)
        out += struct.pack("<IHHHHHIIIHH", 0x04034B50, 20, flags, 8, DOS_TIME, DOS_DATE,
                           m.crc, len(m.data), m.size, len(name), 0)
        out += name
        out += m.data
        central += struct.pack("<IHHHHHHIIIHHHHHII", 0x02014B50, 20, 20, flags, 8, DOS_TIME, DOS_DATE,
                               m.crc, len(m.data), m.size, len(name), 0, 0, 0, 0, 0, offset)
        central += name
        count += 1
    cd_offset = len(out)
    out += central
    out += struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, count, count, len(central), cd_offset, 0)
    return bytes(out)


class TemplatePackage:
    """The parts of a .docx template, read once; unchanged parts are compressed once."""

    def __init__(self, data: bytes) -> None:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            self.names = [i.filename for i in zf.infolist() if not i.is_dir()]
            self.parts = {name: zf.read(name) for name in self.names}
        self._compressed: dict[str, Member] = {}
        self._style_ids: set[str] | None = None

    def style_ids(self) -> set[str]:
        """The style ids defined in word/styles.xml (read at first use)."""
        if self._style_ids is None:
            xml = self.parts.get("word/styles.xml", b"").decode("utf-8", "replace")
            self._style_ids = set(re.findall(r'w:styleId="([^"]+)"', xml))
        return self._style_ids

    def member(self, name: str) -> Member:
        """The compressed member of an unchanged part (computed at first use)."""
        m = self._compressed.get(name)
        if m is None:
            m = self._compressed[name] = compress(name, self.parts[name])
        return m

    def put(self, name: str, data: bytes) -> None:
        """Add or replace a part of the template itself (new parts go last)."""
        if name not in self.parts:
            self.names.append(name)
        self.parts[name] = data
        self._compressed.pop(name, None)

    def build(self, replaced: Mapping[str, bytes]) -> bytes:
        """A .docx with ``replaced`` parts swapped in and every other part copied."""
        return write_zip(compress(n, replaced[n]) if n in replaced else self.member(n) for n in self.names)


def repack(data: bytes) -> bytes:
    """Rewrite any .docx deterministically (fixed timestamps, same member order)."""
    return TemplatePackage(data).build({})

