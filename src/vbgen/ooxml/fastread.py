"""Opening a .docx for the checker: two ways in that give the same XML trees.

:func:`open_document` (python-docx, any package it can open) and :func:`open_fast`
(zipfile + lxml, ~5x faster, caching the parts that repeat between documents made from one
template; it declines anything unusual, and the caller then uses :func:`open_document`).
"""

from __future__ import annotations

import dataclasses
import hashlib
import io
import os
import struct
import threading
import zipfile
from collections import OrderedDict

import docx
from docx.document import Document as DocxDocument
from docx.opc.constants import CONTENT_TYPE as CT, RELATIONSHIP_TYPE as RT
from docx.opc.packuri import CONTENT_TYPES_URI, PACKAGE_URI
from docx.opc.part import PartFactory
from docx.oxml.ns import nsmap
from docx.oxml.simpletypes import ST_OnOff, ST_SignedTwipsMeasure, ST_TwipsMeasure
from lxml import etree

try:  # python-docx's own readers of [Content_Types].xml and .rels (internal API)
    from docx.opc.pkgreader import _ContentTypeMap, _SerializedRelationships
except ImportError:  # pragma: no cover - another python-docx: open_fast() then declines
    _ContentTypeMap = _SerializedRelationships = None

from vbgen.ooxml.names import W_NS, _N, _VAL
from vbgen.ooxml.records import Para
from vbgen.ooxml.styles import StyleResolver, _theme_fonts_from_blob
from vbgen.ooxml.walker import _read_story


# --------------------------------------------------------------------------------------
# opening


def open_document(source: str | os.PathLike | bytes) -> DocxDocument:
    """Open a .docx from a path or from its bytes with python-docx.

    Raises:
        ValueError: the file is not a readable WordprocessingML package.
        OSError: the path cannot be read.
    """
    stream = io.BytesIO(source) if isinstance(source, (bytes, bytearray)) else os.fspath(source)
    try:
        return docx.Document(stream)
    except (OSError, FileNotFoundError):
        raise
    except Exception as e:  # zipfile.BadZipFile, KeyError, lxml errors, ValueError …
        raise ValueError(f"not a readable .docx file ({type(e).__name__}: {e})") from e


# --------------------------------------------------------------------------------------
# fast opening: zipfile + lxml instead of python-docx, with caches for the repeated parts
#
# python-docx (``docx.Document``) unmarshals the whole package on every call: it walks
# the relationships, reads every part, parses every XML part it knows (styles.xml alone
# is ~4 ms for vbgen's templates) and builds proxies. The checker needs the document
# part, styles, numbering, the theme and the headers/footers, so :class:`FastDocument`
# reads those with ``zipfile`` and lxml (same parser options as python-docx, so the same
# trees), and checks every other part the way python-docx would (read it, parse it if
# python-docx parses that content type). What depends only on parts that repeat between
# documents is cached in small LRUs keyed by a hash of the part's stored (compressed)
# bytes: the relationship graph, "this part reads and parses", the StyleResolver, and the
# paragraphs of each header/footer. Anything outside the common case raises
# :class:`Unsupported`, and the caller falls back to python-docx, which decides (same
# findings, same errors).


class Unsupported(Exception):
    """The fast reader does not stand in for python-docx on this package."""


_XML_PART_TYPES = frozenset(PartFactory.part_type_for)
"""Content types python-docx loads as XML parts (parsed when the package is opened)."""

_HDR_FTR_TYPES = (CT.WML_HEADER, CT.WML_FOOTER)
LINKED = "linked"
"""What :meth:`FastDocument.story_part` gives for a section without that header/footer."""
_local = threading.local()


def _parse_part(blob: bytes):
    """Parse a part's XML with python-docx's parser options (no custom element classes)."""
    parser = getattr(_local, "parser", None)
    if parser is None:  # lxml parsers must not be shared between threads
        parser = _local.parser = etree.XMLParser(remove_blank_text=True, resolve_entities=False)
    return etree.fromstring(blob, parser)


class _LRU:
    """A small thread-safe LRU mapping."""

    def __init__(self, maxsize: int) -> None:
        self.maxsize = maxsize
        self._data: OrderedDict = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key):
        with self._lock:
            value = self._data.get(key)
            if value is not None:
                self._data.move_to_end(key)
            return value

    def put(self, key, value) -> None:
        with self._lock:
            self._data[key] = value
            self._data.move_to_end(key)
            while len(self._data) > self.maxsize:
                self._data.popitem(last=False)

    def clear(self) -> None:
        with self._lock:
            self._data.clear()

    def __len__(self) -> int:
        return len(self._data)


_SKELETONS = _LRU(16)  # relationship graph + content types of a package
_VALID = _LRU(1024)  # (part digest, parsed?) → True: the part reads (and parses) fine
_RESOLVERS = _LRU(4)  # (styles, numbering, theme digests) → StyleResolver (holds styles.xml)
_STORIES = _LRU(64)  # (resolver key, header/footer digest) → its paragraphs


def _after_fork_in_child() -> None:
    # a lock held by another thread when the process forked would stay locked in the child
    for cache in (_SKELETONS, _VALID, _RESOLVERS, _STORIES):
        cache._lock = threading.Lock()
    for resolver in list(_RESOLVERS._data.values()):
        resolver._lock = threading.Lock()


if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_after_fork_in_child)


def clear_caches() -> None:
    """Forget every cached part (for tests and benchmarks)."""
    for cache in (_SKELETONS, _VALID, _RESOLVERS, _STORIES):
        cache.clear()


class _Zip:
    """A zip package in memory, with a digest of each member's stored bytes."""

    def __init__(self, data: bytes) -> None:
        self.data = data
        self.view = memoryview(data)
        self.zf = zipfile.ZipFile(io.BytesIO(data))
        self.infos = self.zf.NameToInfo
        self._digests: dict[str, bytes] = {}

    def read(self, member: str) -> bytes:
        return self.zf.read(member)

    def digest(self, member: str) -> bytes:
        """Hash of everything ``ZipFile.read(member)`` depends on (KeyError if missing).

        Equal digests mean equal reads: same local header, same central-directory entry
        (method, CRC, sizes, flags, name) and same compressed bytes. Nothing is inflated.
        """
        d = self._digests.get(member)
        if d is None:
            info = self.infos[member]
            off = info.header_offset
            head = self.data[off : off + 30]
            if len(head) != 30 or head[:4] != b"PK\x03\x04":
                raise Unsupported(f"{member}: bad local header")
            n, m = struct.unpack_from("<HH", head, 26)
            start = off + 30 + n + m
            end = start + info.compress_size
            if end > len(self.data):
                raise Unsupported(f"{member}: truncated")
            h = hashlib.blake2b(head, digest_size=16)
            h.update(self.view[off + 30 : off + 30 + n])
            h.update(
                struct.pack(
                    "<IQQII", info.CRC, info.compress_size, info.file_size, info.compress_type, info.flag_bits
                )
            )
            h.update(info.orig_filename.encode("utf-8", "surrogatepass"))
            h.update(self.view[start:end])
            d = self._digests[member] = h.digest()
        return d


@dataclasses.dataclass(frozen=True)
class _Skeleton:
    """What python-docx's loader makes of a package's relationships and content types."""

    parts: dict[str, tuple[str, str]]  # partname → (content type, reltype first reached by)
    main: str  # partname of the main document part
    doc_targets: dict[str, str]  # rId → partname, internal relationships of the document part
    styles: str
    numbering: str | None
    theme: str | None
    checks: tuple[tuple[str, bool], ...]  # (member, parsed by python-docx?) of the other parts

    def kind(self, partname: str) -> str:
        return _part_kind(self.parts, partname)


def _part_kind(parts: dict[str, tuple[str, str]], partname: str) -> str:
    """python-docx's class for a part: "image", a registered XML content type, or "part"."""
    content_type, reltype = parts[partname]
    if reltype == RT.IMAGE:
        return "image"  # docx.part_class_selector: ImagePart whatever the content type
    return content_type if content_type in _XML_PART_TYPES else "part"


def _load_skeleton(z: _Zip) -> _Skeleton:
    # the walk depends only on [Content_Types].xml, the .rels members and which members exist
    h = hashlib.blake2b(digest_size=16)
    for name in z.infos:
        raw = name.encode("utf-8", "surrogatepass")
        h.update(struct.pack("<I", len(raw)) + raw)
        if name == "[Content_Types].xml" or name.endswith(".rels"):
            h.update(z.digest(name))
    key = h.digest()
    skeleton = _SKELETONS.get(key)
    if skeleton is None:
        skeleton = _build_skeleton(z)
        _SKELETONS.put(key, skeleton)
    return skeleton


def _build_skeleton(z: _Zip) -> _Skeleton:
    """python-docx's package walk (docx.opc.pkgreader.PackageReader), without reading parts."""
    ct_map = _ContentTypeMap.from_xml(z.read(CONTENT_TYPES_URI.membername))

    def srels_for(uri):
        try:
            xml = z.read(uri.rels_uri.membername)
        except KeyError:
            xml = None
        return _SerializedRelationships.load_from_xml(uri.baseURI, xml)

    parts: dict[str, tuple[str, str]] = {}
    srels_of: dict[str, object] = {}
    visited: list[str] = []

    def walk(srels) -> None:
        for srel in srels:
            if srel.is_external:
                continue
            partname = srel.target_partname
            if partname in visited:
                continue
            visited.append(partname)
            part_srels = srels_for(partname)
            if partname.membername not in z.infos:
                raise Unsupported(f"{partname}: missing part")
            parts[partname] = (ct_map[partname], srel.reltype)
            srels_of[partname] = part_srels
            walk(part_srels)

    pkg_srels = srels_for(PACKAGE_URI)
    walk(pkg_srels)

    def relationships(srels) -> tuple[dict, dict]:
        # docx.opc.rel.Relationships: a dict by rId (a repeated rId replaces the first)
        rels: dict[str, tuple[str, str, bool]] = {}
        targets: dict[str, str] = {}
        for srel in srels:
            if srel.is_external:
                rels[srel.rId] = (srel.reltype, srel.target_ref, True)
            else:
                rels[srel.rId] = (srel.reltype, srel.target_partname, False)
                targets[srel.rId] = srel.target_partname
        return rels, targets

    def related(rels: dict, reltype: str) -> str | None:
        # Relationships.part_with_reltype: KeyError if none, ValueError if several
        matching = [r for r in rels.values() if r[0] == reltype]
        if not matching:
            return None
        if len(matching) > 1 or matching[0][2]:
            raise Unsupported(f"several or external relationships of type {reltype}")
        return matching[0][1]

    def kind(partname: str) -> str:
        return _part_kind(parts, partname)

    main = related(relationships(pkg_srels)[0], RT.OFFICE_DOCUMENT)
    if main is None or kind(main) != CT.WML_DOCUMENT_MAIN:
        raise Unsupported("no WordprocessingML main document part")
    doc_rels, doc_targets = relationships(srels_of[main])
    styles = related(doc_rels, RT.STYLES)
    if styles is None or kind(styles) != CT.WML_STYLES:
        raise Unsupported("no styles part (python-docx would add its default styles)")
    numbering = related(doc_rels, RT.NUMBERING)
    if numbering is not None and kind(numbering) != CT.WML_NUMBERING:
        raise Unsupported("numbering relationship to a part that is not numbering")
    theme = next((t for rt, t, ext in doc_rels.values() if rt == RT.THEME and not ext), None)
    if theme is not None and kind(theme) in _XML_PART_TYPES:
        raise Unsupported("theme relationship to an XML part python-docx parses")
    checks = tuple((pn.membername, kind(pn) in _XML_PART_TYPES) for pn in parts if pn != main)
    return _Skeleton(parts, main, doc_targets, styles, numbering, theme, checks)


@dataclasses.dataclass(frozen=True, slots=True)
class SectionProps:
    """Page set-up of one ``w:sectPr``, read as python-docx's ``Section`` reads it.

    Lengths are python-docx ``Length`` values (EMU ints with ``.mm``); ``refs`` maps
    "header", "first_page_header", "footer", "first_page_footer" to the relationship id
    of the part, or None when the section has no such reference (linked to previous).
    """

    page_width: object
    page_height: object
    top_margin: object
    bottom_margin: object
    left_margin: object
    right_margin: object
    gutter: object
    different_first_page_header_footer: bool
    refs: dict[str, str | None]
    page_number_start: int | None = None  # see page_number_start()


_SECTPRS = etree.XPath("./w:body/w:p/w:pPr/w:sectPr | ./w:body/w:sectPr", namespaces={"w": W_NS})
_REFS = (
    ("header", _N["w:headerReference"], "default"),
    ("first_page_header", _N["w:headerReference"], "first"),
    ("footer", _N["w:footerReference"], "default"),
    ("first_page_footer", _N["w:footerReference"], "first"),
)
_R_ID = f"{{{nsmap['r']}}}id"
_W_TYPE = _N["w:type"]


def _length(el, name: str, simple_type) -> object:
    if el is None:
        return None
    value = el.get(_N[name])
    return None if value is None else simple_type.from_xml(value)


def page_number_start(sect_pr) -> int | None:
    """The number a section's first page shows (``w:pgNumType/@w:start``); None when the
    section continues the numbering of the one before (or the attribute is not a number)."""
    if sect_pr is None:
        return None
    pg_num = sect_pr.find(_N["w:pgNumType"])
    value = None if pg_num is None else pg_num.get(_N["w:start"])
    try:
        return None if value is None else int(value)
    except ValueError:
        return None


def _section_props(sect_pr) -> SectionProps:
    pg_sz = sect_pr.find(_N["w:pgSz"])
    pg_mar = sect_pr.find(_N["w:pgMar"])
    title_pg = sect_pr.find(_N["w:titlePg"])
    if title_pg is None:
        first = False
    else:
        val = title_pg.get(_VAL)
        first = True if val is None else ST_OnOff.from_xml(val)
    refs: dict[str, str | None] = {}
    for attr, tag, type_ in _REFS:
        rid = None
        for ref in sect_pr.iterchildren(tag):
            if ref.get(_W_TYPE) == type_:
                rid = ref.get(_R_ID)
                if rid is None:
                    raise Unsupported("header/footer reference without r:id")
                break
        refs[attr] = rid
    return SectionProps(
        page_width=_length(pg_sz, "w:w", ST_TwipsMeasure),
        page_height=_length(pg_sz, "w:h", ST_TwipsMeasure),
        top_margin=_length(pg_mar, "w:top", ST_SignedTwipsMeasure),
        bottom_margin=_length(pg_mar, "w:bottom", ST_SignedTwipsMeasure),
        left_margin=_length(pg_mar, "w:left", ST_TwipsMeasure),
        right_margin=_length(pg_mar, "w:right", ST_TwipsMeasure),
        gutter=_length(pg_mar, "w:gutter", ST_TwipsMeasure),
        different_first_page_header_footer=first,
        refs=refs,
        page_number_start=page_number_start(sect_pr),
    )


class FastDocument:
    """A .docx opened without python-docx: the body element, a resolver, the sections.

    Raises :class:`Unsupported` (or whatever zipfile/lxml raise) when python-docx should
    open the package instead; see :func:`open_fast`.
    """

    def __init__(self, data: bytes) -> None:
        z = self._zip = _Zip(data)
        sk = self._skeleton = _load_skeleton(z)
        parsed: dict[str, object] = {}  # trees parsed while checking, reused below
        for member, parse in sk.checks:  # what python-docx would read (and parse) anyway
            key = (z.digest(member), parse)
            if _VALID.get(key) is None:
                blob = z.read(member)
                if parse:
                    parsed[member] = _parse_part(blob)
                _VALID.put(key, True)
        self._parsed = parsed
        root = _parse_part(z.read(sk.main[1:]))
        if root.tag != _N["w:document"]:
            raise Unsupported("main part is not a w:document")
        self.body = root.find(_N["w:body"])
        if self.body is None:
            raise Unsupported("no w:body")
        self.resolver_key = (
            z.digest(sk.styles[1:]),
            z.digest(sk.numbering[1:]) if sk.numbering else None,
            z.digest(sk.theme[1:]) if sk.theme else None,
        )
        master = _RESOLVERS.get(self.resolver_key)
        if master is None:
            styles_el = self._tree(sk.styles[1:])
            theme = _theme_fonts_from_blob(z.read(sk.theme[1:])) if sk.theme else {}
            numbering_el = self._tree(sk.numbering[1:]) if sk.numbering else None
            master = StyleResolver.from_parts(styles_el, theme, numbering_el)
            _RESOLVERS.put(self.resolver_key, master)
        self.resolver = master.for_document()
        self.sections = [_section_props(s) for s in _SECTPRS(root)]

    def _tree(self, member: str):
        tree = self._parsed.pop(member, None)
        return tree if tree is not None else _parse_part(self._zip.read(member))

    def story_part(self, index: int, attr: str) -> str | None:
        """The header/footer part ``attr`` of section ``index`` defines.

        Returns "linked" when the section has no such reference, None when the reference
        leads to no XML part (python-docx: KeyError/AttributeError), else the partname.
        """
        rid = self.sections[index].refs[attr]
        if rid is None:
            return LINKED
        target = self._skeleton.doc_targets.get(rid)
        if target is None:
            return None
        kind = self._skeleton.kind(target)
        if kind in _HDR_FTR_TYPES:
            return target
        if kind in _XML_PART_TYPES:
            raise Unsupported(f"header/footer reference to a {kind} part")
        return None  # an image or plain part has no XML element

    def read_story(self, partname: str) -> tuple[Para, ...]:
        """:func:`read_story` of a header/footer part, cached when numbering is not involved."""
        member = partname[1:]
        key = (self.resolver_key, self._zip.digest(member))
        hit = _STORIES.get(key)
        if hit is not None:
            return hit
        paras, used_numbering = _read_story(self._tree(member), self.resolver)
        if not used_numbering:  # otherwise its labels depend on this document's counters
            _STORIES.put(key, paras)
        return paras


def open_fast(source: str | os.PathLike | bytes) -> FastDocument | None:
    """Open a .docx with :class:`FastDocument`; None if python-docx should open it instead.

    None covers every unusual case (a folder, a broken zip, a missing styles part, several
    relationships of one type …): :func:`open_document` then gives python-docx's verdict.
    """
    if _ContentTypeMap is None:
        return None
    try:
        if isinstance(source, (bytes, bytearray)):
            data = bytes(source)
        else:
            path = os.fspath(source)
            if not isinstance(path, str):
                return None
            with open(path, "rb") as f:
                data = f.read()
        return FastDocument(data)
    except Exception:
        return None
