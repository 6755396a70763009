"""The shape of every content file, as pydantic models.

These models are the single source of truth for the content format: the loader validates
YAML against them, ``vbgen schema`` exports them as JSON Schema, and the README documents
them. Every model forbids unknown keys, so a misspelt key is an error, not a silent blank.

YAML scalars reach these models as strings (the loader turns off YAML's implicit typing, so
``07`` stays "07" and ``no`` stays "no"); pydantic then converts them where a field asks for
an int, a date or a bool.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal, Union

from pydantic import BaseModel, ConfigDict, Field, PrivateAttr, field_validator

from vbgen.content.tables import Cell, Table  # noqa: F401 - part of the content model


class Strict(BaseModel):
    """Base for content models: unknown keys are errors, values are immutable."""

    model_config = ConfigDict(extra="forbid", frozen=True)


# --------------------------------------------------------------------------------------
# content/citations.yaml


CitationKind = Literal[
    "Hiến pháp",
    "Bộ luật",
    "Luật",
    "Pháp lệnh",
    "Nghị quyết",
    "Nghị định",
    "Thông tư",
    "Chỉ thị",
    "Quyết định",
    "Kế hoạch",
    "Kết luận",
    "Chương trình",
    "Hướng dẫn",
    "Thông báo",
    "Công văn",
]
"""Kinds of legal or administrative document that content may cite."""

CitationStatus = Literal["in_force", "amended", "replaced", "expired"]


class Citation(Strict):
    """One registered legal document, cited from content as ``[[key]]``."""

    kind: CitationKind
    """Document kind, printed first in every citation: "Chỉ thị", "Nghị định", "Luật" …"""
    number: str | None = None
    """Number and symbol exactly as printed: "06/CT-BCA-V05", "09-CT/TW", "30/2023/QH15"."""
    date: dt.date | None = None
    """Date of issue (or of adoption, for a Luật), written YYYY-MM-DD."""
    issuer: str | None = None
    """Who issued it, as it follows "của": "Bộ trưởng Bộ Công an", "Ban Bí thư (khóa XI)"."""
    subject: str | None = None
    """Trích yếu with its leading word, as it follows the issuer: "về …", "quy định …"."""
    name: str | None = None
    """For a Luật / Bộ luật / Pháp lệnh / Hiến pháp: its name, which is how it is cited."""
    short: str | None = None
    """Short form for later mentions; default "<kind> số <number>"."""
    status: CitationStatus = "in_force"
    """Validity as of the registry's date: in_force, amended, replaced or expired."""
    replaced_by: str | None = None
    """Key of the document that replaced this one (required when status is replaced)."""
    amended_by: list[str] = Field(default_factory=list)
    """Keys (or plain descriptions) of documents that amended this one."""
    verified: bool = True
    """False when the status could not be confirmed from a source; citing it warns."""
    note: str | None = None
    """Free note for legal staff: source of the status, open questions."""


class CitationRegistry(Strict):
    """content/citations.yaml: the registry of documents that content may cite."""

    as_of: dt.date | None = None
    """Date on which legal staff last checked the statuses."""
    citations: dict[str, Citation]


# --------------------------------------------------------------------------------------
# content/provinces.yaml

ProvinceKind = Literal["tinh", "thanh_pho"]


class ProvinceKindNames(Strict):
    """How a kind of provincial unit is called in running text."""

    unit: str
    """Lower-case word used in running text: "tỉnh", "thành phố"."""
    description: str
    """What the kind is: "Tỉnh", "Thành phố trực thuộc trung ương"."""


class Province(Strict):
    """One of the 34 provincial-level units in force from 1 July 2025."""

    slug: str = Field(pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$")
    """Official name without diacritics, lower case, hyphenated: "tay-ninh", "ho-chi-minh"."""
    name: str
    """Proper name without the kind word: "Tây Ninh", "Hồ Chí Minh"."""
    kind: ProvinceKind
    """tinh or thanh_pho (thành phố trực thuộc trung ương)."""
    unit: str | None = None
    """Overrides the kind's word where it is part of the proper name ("Thành phố")."""
    place: str
    """Địa danh for the date line: "Tây Ninh", "Hà Nội", "Thành phố Hồ Chí Minh"."""
    merged_from: list[str] = Field(default_factory=list)
    """Former provincial units merged into this one on 1 July 2025 (empty if not merged)."""
    centre: str | None = None
    """Political-administrative centre, as Nghị quyết 60-NQ/TW states it."""
    special_zones: list[str] = Field(default_factory=list)
    """Đặc khu of the unit (only 9 units have any)."""
    storage_unit: str = "NC"
    """Code of the drafting unit in "- Lưu: VT, <code>." (the internal-affairs office)."""
    press: str | None = None
    """Name of the provincial press and broadcasting body, when it differs from the default."""


class FormerProvince(Province):
    """A provincial unit that no longer exists (merged on 1 July 2025), for historical texts only."""

    until: dt.date
    """Last day the unit existed (2025-06-30 for the units merged by Nghị quyết 202/2025/QH15)."""
    merged_into: str | None = None
    """The unit it is part of now, with its kind word: "thành phố Hải Phòng"."""


class ProvinceRegistry(Strict):
    """content/provinces.yaml: the provincial units and how their names are derived."""

    kinds: dict[ProvinceKind, ProvinceKindNames]
    provinces: list[Province]
    """The units in force (34 from 1 July 2025): batch, lists and the web show these."""
    former: list[FormerProvince] = Field(default_factory=list)
    """Units that no longer exist, for a historical own document (``vbgen build -p <slug>``) only."""


# --------------------------------------------------------------------------------------
# content/agencies.yaml


class Agency(Strict):
    """A provincial body that receives tasks or copies; names are templates over the province."""

    name: str
    """Name in running text and as a task heading: "Công an {{ province.unit }}"."""
    recipient: str | None = None
    """Name in "Nơi nhận" when it differs from ``name`` (abbreviations are usual there)."""
    group: str | None = None
    """Key of a group recipient that covers this agency ("cac-so-nganh" covers each sở)."""
    requested: bool = False
    """True for bodies the UBND asks rather than instructs (MTTQ, unions): "Đề nghị …"."""
    when: Literal["always", "special_zones"] = "always"
    """Exists only in provinces with đặc khu (special_zones) or everywhere (always)."""


class AgencyRegistry(Strict):
    """content/agencies.yaml: the bodies that tasks and recipients refer to by key."""

    agencies: dict[str, Agency]


# --------------------------------------------------------------------------------------
# content/documents/*.yaml

DocumentKind = Literal["ke_hoach", "chi_thi"]

FIRST_YEAR, LAST_YEAR = 1945, 2100
"""Years a new document can carry (the state's documents start in 1945)."""

SignaturePreset = Literal[
    "chu_tich",
    "kt_chu_tich",
    "q_chu_tich",
    "tm_chu_tich",
    "tm_kt_chu_tich",
    "tm_q_chu_tich",
]

Paragraphs = Union[str, list[str]]


class Node(Strict):
    """A numbered part of the body: a heading with paragraphs and sub-items.

    vbgen computes the numbers (I., 1., a), -) from the node's depth and the document kind.
    """

    title: str | None = None
    """Heading text, printed after its number ("NỘI DUNG THỰC HIỆN", "Công tác tuyên truyền")."""
    text: Paragraphs | None = None
    """Paragraph(s) under the heading; without a title the first one carries the number."""
    items: list["Node"] = Field(default_factory=list)
    """Sub-items, numbered one level down (at most 23 lettered ones: a … y)."""
    closing: Paragraphs | None = None
    """Unnumbered paragraph(s) after the sub-items, still part of this item."""
    dash: bool = False
    """Print this item with "-" instead of its level's number: "-" points directly under "1." or
    "I." as offices write them; its sub-items are numbered one level down as usual."""
    table: Table | None = None
    """A table printed after ``text`` and before ``items``; a node with only a table takes no number."""

    @property
    def table_only(self) -> bool:
        """A table alone (no title, text, items or closing): an unnumbered block among its siblings."""
        return self.table is not None and self.title is None and self.text is None and not self.items and self.closing is None


class Task(Strict):
    """A task given to one lead agency, with cooperating agencies and a deadline."""

    id: str | None = None
    """Name by which a province override replaces or removes this task."""
    lead: str
    """Agency key (content/agencies.yaml) of the agency in charge."""
    cooperate: list[str] = Field(default_factory=list)
    """Agency keys of the cooperating agencies."""
    text: str
    """What to do, starting with a lower-case verb when ``cooperate`` is given."""
    deadline: str | None = None
    """When: "trước ngày 15/11 hằng năm", "Quý II/2026", "thường xuyên"."""
    area: str | None = None
    """Task area that groups the rows of the appendix table: "Công tác tuyên truyền"."""
    product: str | None = None
    """What the task delivers, for the appendix table: "Kế hoạch", "Báo cáo kết quả"."""


class Implementation(Strict):
    """The "Tổ chức thực hiện" part: tasks grouped by lead agency."""

    title: str = "Tổ chức thực hiện"
    intro: Paragraphs | None = None
    """Paragraph(s) before the per-agency tasks."""
    tasks: list[Task] = Field(default_factory=list)
    closing: Paragraphs | None = None
    """Paragraph(s) after the tasks (reporting, requests to report difficulties)."""


class Appendix(Strict):
    """A "Phụ lục" after the signature (Nghị định 30/2020, Phụ lục I, Phần I, Mục III.1)."""

    title: str
    """Title, printed in capitals: "Phân công nhiệm vụ triển khai thực hiện Kế hoạch"."""
    table: Literal["tasks"] | None = None
    """A generated table: "tasks", from implementation.tasks (the default when there is no ``content``)."""
    content: list[Node] | None = None
    """Free content instead of a generated table: paragraphs, numbered items and tables, numbered like the body."""
    landscape: bool = False
    """Print the appendix on landscape A4 (wide tables)."""


Urgency = Literal["KHẨN", "THƯỢNG KHẨN", "HỎA TỐC"]
Confidentiality = Literal["MẬT", "TỐI MẬT", "TUYỆT MẬT"]
Circulation = Literal["LƯU HÀNH NỘI BỘ", "XEM XONG TRẢ LẠI"]


class Recipient(Strict):
    """One line of "Nơi nhận": an agency by key, or free text."""

    agency: str | None = None
    text: str | None = None
    purpose: str | None = None
    """Printed in brackets after the name: "để báo cáo", "để thực hiện"."""


class Signature(Strict):
    """Signature block: a preset or explicit lines, and the signer's name."""

    preset: SignaturePreset | None = None
    lines: list[str] | None = None
    """Explicit authority/position lines (capitals), instead of a preset."""
    name: str | None = None
    """Signer's full name; leave empty for a draft (the space stays for the signature)."""


class Document(Strict):
    """A document: national (content/documents/<stem>.yaml, for every province) or a province's own (content/provinces/<slug>/own/<stem>.yaml)."""

    kind: DocumentKind
    """ke_hoach (Kế hoạch) or chi_thi (Chỉ thị)."""
    number: str | None = None
    """Number without the symbol ("07"); empty renders the draft form "Số:      /KH-UBND"."""
    symbol: str | None = None
    """Ký hiệu after the number; default KH-UBND or CT-UBND from the kind."""
    date: dt.date | None = None
    """Date of issue; empty renders "ngày      tháng      năm <year>"."""
    year: int | None = Field(default=None, ge=FIRST_YEAR, le=LAST_YEAR)
    """Year of the blank date line of a draft (1945–2100); required when ``date`` is empty."""
    subject: str
    """Trích yếu, sentence case: "Triển khai thực hiện Chỉ thị số 06/CT-BCA-V05 …"; in a |- block each line is a line of the trích yếu."""
    historical: bool = False
    """True for a historical text kept for reference: lint and cite check skip currency findings."""
    bases: list[str] = Field(default_factory=list)
    """Citation keys of the legal bases, available to the preamble as {{ bases }}."""
    bases_as: Literal["text", "footnote"] = "text"
    """How {{ bases }} prints: the citations in the text ("A; B"), or a footnote mark whose note lists them."""
    citation_dates: Literal["short", "long"] = "short"
    """Dates in citations: short "ngày 21/01/2014" or long "ngày 21 tháng 01 năm 2014" (a marker's ngày dài / ngày ngắn wins)."""
    preamble: Paragraphs | None = None
    """Opening paragraph(s) before the first numbered part."""
    sections: list[Node] = Field(default_factory=list)
    """Numbered parts of the body."""
    implementation: Implementation | None = None
    """The last numbered part, "Tổ chức thực hiện", with tasks per agency."""
    closing: Paragraphs | None = None
    """Unnumbered closing paragraph(s); the last one ends with "./."."""
    recipients: list[Recipient] = Field(default_factory=list)
    storage: str | None = None
    """Drafting-unit code for "- Lưu: VT, <code>."; default the province's storage_unit."""
    signature: Signature = Signature()
    appendices: list[Appendix] = Field(default_factory=list)
    """Appendices after the signature, each in its own section (numbered I, II … when 2+)."""
    draft: bool = False
    """Mark the document "DỰ THẢO" (boxed, under the number); also ``vbgen build --draft``."""
    draft_round: int | None = Field(default=None, ge=1, le=99)
    """Which draft this is: the mark reads "DỰ THẢO LẦN 2" (implies ``draft``)."""
    urgency: Urgency | None = None
    """Urgency mark under the number, in a red box: KHẨN, THƯỢNG KHẨN or HỎA TỐC."""
    confidentiality: Confidentiality | None = None
    """Secrecy mark under the number, in a red box: MẬT, TỐI MẬT or TUYỆT MẬT."""
    circulation: Circulation | None = None
    """Circulation note, boxed, above the national title: LƯU HÀNH NỘI BỘ or XEM XONG TRẢ LẠI."""

    model_config = ConfigDict(json_schema_extra={"anyOf": [
        {"required": ["date"], "properties": {"date": {"type": "string"}}},
        {"required": ["year"], "properties": {"year": {"type": "integer"}}},
    ]})
    """Editors flag a document with neither date nor year, as vbgen does when it composes it."""

    @field_validator("number")
    @classmethod
    def _number_digits(cls, v: str | None) -> str | None:
        # ASCII digits only: "²" and "٣" pass str.isdigit() but are not a document number
        if v is not None and not (v.isascii() and v.isdigit()):
            raise ValueError("number must be the digits 0-9 only, such as \"07\"; the symbol comes from 'symbol'")
        return v

    @field_validator("date")
    @classmethod
    def _date_in_range(cls, v: dt.date | None) -> dt.date | None:
        if v is not None and not FIRST_YEAR <= v.year <= LAST_YEAR:
            raise ValueError(f"the year of a new document must be between {FIRST_YEAR} and {LAST_YEAR}")
        return v

    @property
    def is_draft(self) -> bool:
        """ "DỰ THẢO": ``draft: true``, a ``draft_round`` or ``vbgen build --draft``."""
        return self.draft or self.draft_round is not None

    _electronic: bool = PrivateAttr(default=False)

    def for_electronic_issue(self) -> "Document":
        """A copy for electronic issue (``vbgen build --sign-ready``): number and date print blank,
        as in a draft but without the "DỰ THẢO" mark, since the e-office system gives them when
        the document is signed (Nghị định 30/2020, Điều 15.3). Not a content key. A document
        marked ``draft``/``draft_round`` in its content loses the mark here: what goes to the
        signer is not a draft."""
        copy = self.model_copy(update={"draft": False, "draft_round": None})
        copy._electronic = True
        return copy

    @property
    def blank_number_date(self) -> bool:
        """Number and date print blank: a draft, or a copy for electronic issue."""
        return self.is_draft or self._electronic

    @property
    def printed_number(self) -> str | None:
        """The number the document prints: none in a draft, whatever ``number`` says, since
        number and issue date are assigned after signing (Nghị định 30/2020, Điều 15.2), nor in
        a copy for electronic issue (Điều 15.3)."""
        return None if self.blank_number_date else self.number

    @property
    def printed_date(self) -> dt.date | None:
        """The issue date the document prints: none in a draft ("ngày      tháng      năm 2026",
        the year from ``date`` or ``year``) or a copy for electronic issue."""
        return None if self.blank_number_date else self.date


# --------------------------------------------------------------------------------------
# content/provinces/<slug>/: per-province overrides


class AgencyRename(Strict):
    """A province's own name for a national agency key (local press, economic-zone board …)."""

    name: str | None = None
    recipient: str | None = None


class ProvinceSettings(Strict):
    """content/provinces/<slug>/province.yaml: names and documents of one province."""

    agencies: dict[str, AgencyRename] = Field(default_factory=dict)
    """Renames of agencies of content/agencies.yaml (the key must exist there)."""
    new_agencies: dict[str, Agency] = Field(default_factory=dict)
    """Bodies that exist only in this province (keys must not exist nationally)."""
    citations: dict[str, Citation] = Field(default_factory=dict)
    """The province's own documents (decisions, plans), citable as [[key]] in its overrides."""


class TaskEdits(Strict):
    """Changes to the tasks of "Tổ chức thực hiện"; tasks are named by their ``id``."""

    add: list[Task] = Field(default_factory=list)
    replace: dict[str, Task] = Field(default_factory=dict)
    remove: list[str] = Field(default_factory=list)


class RecipientEdits(Strict):
    """Changes to "Nơi nhận"; a recipient is named by its agency key or its exact text."""

    add: list[Recipient] = Field(default_factory=list)
    remove: list[str] = Field(default_factory=list)
    purpose: dict[str, str] = Field(default_factory=dict)
    """A national recipient's purpose for this province, by agency key or exact text, in place
    (``{bo-cong-an: để báo cáo và phối hợp}``; an empty text prints none)."""


class DocumentOverride(Strict):
    """content/provinces/<slug>/documents/<stem>.yaml: one province's changes to a document."""

    number: str | None = None
    symbol: str | None = None
    date: dt.date | None = None
    year: int | None = Field(default=None, ge=FIRST_YEAR, le=LAST_YEAR)
    subject: str | None = None
    storage: str | None = None
    bases_as: Literal["text", "footnote"] | None = None
    """The province's choice of how {{ bases }} prints (text or footnote)."""
    citation_dates: Literal["short", "long"] | None = None
    """The province's choice of date form in citations (short or long)."""
    signature: Signature | None = None
    """Replaces the given fields of the signature (preset, lines, name)."""
    draft: bool | None = None
    draft_round: int | None = Field(default=None, ge=1, le=99)
    urgency: Urgency | None = None
    confidentiality: Confidentiality | None = None
    circulation: Circulation | None = None
    extra_bases: list[str] = Field(default_factory=list)
    """Citation keys appended to ``bases`` (e.g. the province's own decisions)."""
    preamble: Paragraphs | None = None
    closing: Paragraphs | None = None
    tasks: TaskEdits | None = None
    recipients: RecipientEdits | None = None

    @field_validator("number")
    @classmethod
    def _number_digits(cls, v: str | None) -> str | None:
        return Document._number_digits(v)

    @field_validator("date")
    @classmethod
    def _date_in_range(cls, v: dt.date | None) -> dt.date | None:
        return Document._date_in_range(v)

# --------------------------------------------------------------------------------------
# vbgen.yaml: the workspace file beside content/


class WorkspaceSettings(Strict):
    """vbgen.yaml beside content/: the defaults of a province office's own copy.

    vbgen looks for it in the current folder and its parents; relative paths in it are
    relative to the folder that holds it. Command-line options win over it.
    """

    province: str | None = Field(default=None, pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$")
    """Slug of the province this copy is for (default of -p for build, batch, cite and lint)."""
    out: str = "out"
    """Output folder; files go to <out>/<slug>/<document>.docx (default "out")."""
    content: str = "content"
    """Content folder (default "content" beside vbgen.yaml)."""
    templates: str | None = None
    """Templates folder (default "doctemplates" beside vbgen.yaml when present, else the shipped ones)."""
    allow_hosts: list[Annotated[str, Field(pattern=r"^[A-Za-z0-9]([A-Za-z0-9.-]{0,252})$")]] = []
    """Host names 'vbgen serve' answers besides localhost (the office's LAN name, such as vbgen.stp.local)."""
