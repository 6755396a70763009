"""Hypothesis strategies for the fuzz suite: content within the schema, with hostile text.

A generated text is a list of :class:`Frag` pieces, each knowing what it renders to and whether
it must fail. So the oracle is exact without re-implementing vbgen: plain pieces (Vietnamese in
NFC and NFD, markup characters, no-break, zero-width and bidi characters, emoji, long runs)
render as written, then the documented rule applies (runs of spaces, tabs and newlines become
one space, ends trimmed, NFC); expressions with a known value render to it; a citation renders to
something (unknown text); forbidden characters, failing expressions and broken structure must
end in a content error whose message contains ``error``.
"""

from __future__ import annotations

import dataclasses
import re
import unicodedata

from hypothesis import strategies as st


PROVINCE = "tay-ninh"  # Tây Ninh, tỉnh (tests/fixtures/mini/provinces.yaml)
AGENCIES = ["cong-an", "so-noi-vu", "so-giao-duc-dao-tao", "mttq"]
CITATIONS = ["ct-06-2025-bca", "tt-124-2021-bca", "luat-30-2023-qh15"]
MAYBE = ""
"""``error`` of a piece that may or may not fail (lone braces, odd markers)."""


INVISIBLE = "\u200b\u200c\u200d\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2060\u2061\u2062\u2063\u2064" \
            "\u2066\u2067\u2068\u2069\u061c\ufeff\u180e"


def is_blank(text: str) -> bool:
    """The README's rule, written independently of vbgen: spaces, no-break and zero-width only."""
    return all(ch.isspace() or ch in INVISIBLE for ch in text)


def upper(text: str) -> str:
    return unicodedata.normalize("NFC", text.upper())


@dataclasses.dataclass(frozen=True)
class Frag:
    src: str
    out: str | None  # None: renders to text the oracle cannot predict (a citation)
    error: str | None = None  # must fail with this in the message; MAYBE: may fail


@dataclasses.dataclass(frozen=True)
class Text:
    frags: tuple[Frag, ...]

    @property
    def src(self) -> str:
        return "".join(f.src for f in self.frags)

    @property
    def out(self) -> str | None:
        """What the document shows: None if unpredictable."""
        if any(f.out is None for f in self.frags):
            return None
        return unicodedata.normalize("NFC", re.sub(r"[ \t\r\n]+", " ", "".join(f.out for f in self.frags)).strip())

    @property
    def errors(self) -> list[str]:
        """Fragments of the messages this text must cause; [MAYBE] when it may or may not fail
        (an odd brace or marker can swallow or create an expression around it)."""
        errs = [f.error for f in self.frags if f.error is not None]
        if MAYBE not in errs:
            return errs
        # characters are refused when the file is read, whatever the braces around them do
        return [MAYBE] + [e for e in errs if e.startswith("U+") or e == ".yaml:"]

    @property
    def blank(self) -> bool:
        out = self.out
        return out is not None and is_blank(out) and not self.errors


WORDS = ["Ủy ban nhân dân", "phường", "đặc khu", "bảo vệ an ninh, trật tự", "cơ sở", "Quý II/2026", "tuyên truyền",
         "Nhân dân", "ĐỀ NGHỊ", "hòa", "Uỷ", "nghiêm túc", "31.057", "1.217", "07/5/2025", "xã", "hằng năm"]
ODD = ["\u00a0", "\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u202e", "\u2066", "\u2069", "\u200f", "<", ">", "&",
       '"', "'", "&amp;", "<w:t>", "]]>", "#", ": ", " - ", "*", "!", "%", "@", "\\", "|", "`", "😀", "漢字", "عربي",
       "\u0085", "\u2028", "\u00ad", "x\u0301", "\U0001d400", "\t", "\n", "  ", " \n\n ", "~", "null", "yes", "07",
       "---", "...", "? ", "- "]
FORBIDDEN = [chr(c) for c in range(0x20) if c not in (9, 10)] + ["\ufffe", "\uffff"]


def _nfd(text: str) -> str:
    return unicodedata.normalize("NFD", text)


plain = st.one_of(
    st.sampled_from(WORDS).map(lambda w: Frag(w, w)),
    st.sampled_from(WORDS).map(lambda w: Frag(_nfd(w), w)),
    st.sampled_from(ODD).map(lambda c: Frag(c, c)),
    st.text(st.characters(codec="utf-8", exclude_categories=("Cs", "Cc"), exclude_characters="{}[]\ufffe\uffff"), max_size=12)
      .map(lambda t: Frag(t, t)),
)
forbidden = st.sampled_from(FORBIDDEN).map(lambda c: Frag(c, None, f"U+{ord(c):04X}"))
surrogate = st.sampled_from(["\ud800", "\udfff"]).map(lambda c: Frag(c, None, ".yaml:"))  # YAML refuses the escape
long_run = st.integers(2_000, 20_000).map(lambda n: Frag(("an ninh " * (n // 8 + 1))[:n], ("an ninh " * (n // 8 + 1))[:n]))

GOOD_EXPRESSIONS = [
    ("{{ province.name }}", "Tây Ninh"), ("{{ province.unit }}", "tỉnh"), ("{{ province.full_name }}", "tỉnh Tây Ninh"),
    ("{{ province.committee }}", "Ủy ban nhân dân tỉnh"), ("{{ agency('cong-an') }}", "Công an tỉnh"),
    ("{{ 1217|decimal }}", "1.217"), ("{{ '<&>\"' }}", '<&>"'), ("{{ 2 * 3 }}", "6"), ("{{ province.name|upper }}", "TÂY NINH"),
    ("{{ 'Tỉnh ủy' if province.unit == 'tỉnh' else 'Thành ủy' }}", "Tỉnh ủy"), ("{# ghi chú #}", ""),
    ("{% if province.has_special_zones %}đặc khu{% endif %}", ""), ("{{ province.merged_from|join(', ') }}", "Tây Ninh, Long An"),
]
BAD_EXPRESSIONS = [
    ("{{ 1/0 }}", "ZeroDivisionError"), ("{{ 'a' + 1 }}", "TypeError"), ("{{ range(10**9) }}", "'range' is undefined"),
    ("{{ agency() }}", "agency() takes one agency key"), ("{{ agency(1) }}", "agency() takes one agency key"),
    ("{{ province }}", "prints a group of names"), ("{{ lipsum() }}", "'lipsum' is undefined"),
    ("{{ nope }}", "'nope' is undefined"), ("{{ 'x' * 10**9 }}", "refused by the sandbox"),
    ("{{ province.__class__ }}", "sandbox"), ("{{ unclosed", "template syntax error"), ("{% if %}", "template syntax error"),
    ("{{ '\\x0b' }}", "U+000B"), ("{{ '\\ud800' }}", "U+D800"), ("{{ agency('khong-co') }}", "unknown agency 'khong-co'"),
    ("{{ province.special_zones }}", "prints a list"), ("{{ 10 ** 5000 }}", "refused by the sandbox"),
    ("{{ '{:>99}'.format(1) }}", "sandbox"), ("{{ 'a'|decimal }}", "decimal needs a number"),
]
good_expression = st.sampled_from(GOOD_EXPRESSIONS).map(lambda e: Frag(*e))
expression = st.one_of(good_expression, st.sampled_from(BAD_EXPRESSIONS).map(lambda e: Frag(*e)))
good_marker = st.one_of(
    st.sampled_from(CITATIONS).map(lambda k: Frag(f"[[{k}]]", None)),
    st.sampled_from(CITATIONS).map(lambda k: Frag(f"[[{k}|gọi tắt]]", None)),
)
marker = st.one_of(
    good_marker,
    st.just(Frag("[[khong-co-2020]]", None, "unknown citation 'khong-co-2020'")),
    st.just(Frag("[[ct-06-2025-bca|sai]]", None, "unknown citation option")),
    st.sampled_from(["[[ ]]", "[[", "]]", "[[Ab]]", "{", "}", "{{", "}}", "{%", "{#", "[", "]"]).map(lambda t: Frag(t, None, MAYBE)),
)


literal_braces = st.sampled_from(["{{ 1/0 }}", "{", "}}", "[[ct-06-2025-bca]]", "{%", "{#"]).map(lambda t: Frag(t, t))


@st.composite
def texts(draw, where: str = "body", bad: bool = True) -> Text:
    """A text value: mostly plain words, with hostile pieces mixed in. ``where``: "body" (any
    content text), "agency" (an agency name: expressions but no citations), "place" (a
    province's place: neither, so braces are literal text). Without ``bad``: only pieces that
    must render (hostile but legal characters, working expressions, known citations)."""
    word = st.sampled_from(WORDS).map(lambda w: Frag(w, w))
    pieces = [word, word, plain, plain]
    if bad:
        pieces += [forbidden, surrogate]
    if where in ("body", "agency"):
        pieces.append(expression if bad else good_expression)
    if where == "body":
        pieces.append(marker if bad else good_marker)
    if where == "place":
        pieces.append(literal_braces)
    frags = draw(st.lists(st.one_of(pieces), min_size=0 if bad else 1, max_size=6))
    if draw(st.integers(0, 40)) == 0:
        frags.append(draw(long_run))
    spaced: list[Frag] = []
    for f in frags:
        if spaced:
            spaced.append(Frag(" ", " "))
        spaced.append(f)
    return Text(tuple(spaced))


# -- documents -------------------------------------------------------------------------------


def _same(s: str) -> str:
    return s


def _unchecked(s: str) -> str:
    return ""


@dataclasses.dataclass
class Case:
    """One generated content folder: the YAML data, what must appear, what must fail."""

    document: dict
    bad: bool = True
    """False: every piece must render and the structure is sound, so the build must succeed."""
    agency_name: Text | None = None
    place: Text | None = None
    expected: list[str] = dataclasses.field(default_factory=list)
    errors: list[str] = dataclasses.field(default_factory=list)
    maybe: bool = False

    def text(self, value: Text, shown=_same, required: bool = False, what: str = "") -> str:
        """Record what ``value`` must produce (``shown``: how it appears in the document;
        ``required``: a blank one is the error ``what``); return its source for the YAML."""
        errs = value.errors
        self.errors += [e for e in errs if e != MAYBE]
        self.maybe |= MAYBE in errs
        if not errs:
            out = value.out
            if out is not None and is_blank(out):
                if required:
                    self.errors.append(what)
            elif out is not None:
                self.expected.append(shown(out))
        return value.src


@st.composite
def cases(draw) -> Case:
    kind = draw(st.sampled_from(["ke_hoach", "chi_thi"]))
    levels = 4 if kind == "ke_hoach" else 3
    case = Case({}, bad=draw(st.booleans()))
    doc = case.document
    doc["kind"] = kind
    year = draw(st.sampled_from([2026, 2026, 2026, 2026, 0, 1944, 2101] if case.bad else [1945, 2026, 2100]))
    doc["year"] = str(year)
    if year in (0, 1944, 2101):
        case.errors.append("year: Input should be")
    number = draw(st.sampled_from([None, None, None, "7", "12", "0²", "٣"] if case.bad else [None, "7", "12"]))
    if number is not None:
        doc["number"] = number
        if not number.isascii():
            case.errors.append("number must be the digits 0-9 only")
    doc["subject"] = case.text(draw(texts(bad=case.bad)), required=True, what="the trích yếu is empty")
    doc["bases"] = draw(st.lists(st.sampled_from(CITATIONS), max_size=2, unique=True))
    if draw(st.booleans()):
        doc["preamble"] = case.text(draw(texts(bad=case.bad)), required=True, what="empty paragraph")
    doc["sections"] = [draw(_node(case, 0, levels, kind)) for _ in range(draw(st.integers(1, 3)))]
    if draw(st.booleans()):
        doc["implementation"] = draw(_implementation(case, kind))
    doc["closing"] = [case.text(draw(texts(bad=case.bad)), required=True, what="empty paragraph") for _ in range(draw(st.integers(0, 2)))]
    doc["closing"].append("Các cơ quan tổ chức thực hiện nghiêm túc")  # the last block gets "./."
    case.expected.append("Các cơ quan tổ chức thực hiện nghiêm túc./.")
    doc["recipients"] = draw(_recipients(case))
    doc["signature"] = draw(_signature(case))
    if draw(st.integers(0, 3)) == 0:
        case.agency_name = draw(texts("agency", bad=case.bad))
        case.text(case.agency_name, _unchecked, required=True, what="the agency's name is empty")
        doc["recipients"].append({"agency": "so-noi-vu"})  # so that its name is rendered
    if draw(st.integers(0, 3)) == 0:
        case.place = draw(texts("place", bad=case.bad))
        case.text(case.place, lambda s: f"{s}, ngày", required=True, what="the province's place is empty")
    return case


@st.composite
def _node(draw, case: Case, depth: int, levels: int, kind: str) -> dict:
    """One numbered item; below the last level only rarely (that must be an error)."""
    node: dict = {}
    too_deep = depth >= levels
    if too_deep:
        case.errors.append("levels deep")
        case.maybe = True  # its own texts are never rendered, so their expression errors may not show
    title = draw(st.none() | texts(bad=case.bad))
    text = draw(st.none() | texts(bad=case.bad) | st.lists(texts(bad=case.bad), min_size=0 if case.bad else 1, max_size=2))
    if not case.bad and title is None and text is None:
        title = draw(texts(bad=False))
    paragraphs = [text] if isinstance(text, Text) else (text or [])
    visible = any(not t.blank for t in paragraphs)
    target = Case({}) if too_deep else case
    if title is not None:
        shown = upper if kind == "ke_hoach" and depth == 0 else _same
        node["title"] = target.text(title, shown, required=True, what="empty title")
    required = title is not None or visible
    if isinstance(text, Text):
        node["text"] = target.text(text, required=required, what="empty paragraph")
    elif text is not None:
        node["text"] = [target.text(t, required=required, what="empty paragraph") for t in text]
    if too_deep:
        case.errors += target.errors
        return node
    if depth == levels - 1:
        n_items = 1 if case.bad and draw(st.integers(0, 15)) == 0 else 0
    elif depth == levels - 3 and draw(st.integers(0, 30)) == 0:
        n_items = draw(st.integers(20, 26))  # past "y" the letter sequence ends (issue 9)
        case.maybe = True
    else:
        n_items = draw(st.integers(0, 3)) if draw(st.booleans()) else 0
    if n_items:
        node["items"] = [draw(_node(case, depth + 1, levels, kind)) for _ in range(n_items)]
    if title is None and not visible and not any(t.errors for t in paragraphs):
        case.errors.append("sub-items need" if n_items else "neither 'title' nor 'text'")
    return node


@st.composite
def _implementation(draw, case: Case, kind: str) -> dict:
    impl: dict = {}
    if draw(st.booleans()):
        shown = upper if kind == "ke_hoach" else _same
        impl["title"] = case.text(draw(texts(bad=case.bad)), shown, required=True, what="empty title")
    if draw(st.booleans()):
        impl["intro"] = case.text(draw(texts(bad=case.bad)), required=True, what="empty paragraph")
    tasks = []
    for _ in range(draw(st.integers(0, 3))):
        lead = draw(st.sampled_from(AGENCIES))
        task = {"lead": lead, "text": case.text(draw(texts(bad=case.bad)), _unchecked, required=True, what="the task has no text")}
        cooperate = draw(st.lists(st.sampled_from([a for a in AGENCIES if a != lead]), max_size=2, unique=True))
        if cooperate:
            task["cooperate"] = cooperate
        if draw(st.booleans()):
            task["deadline"] = case.text(draw(texts(bad=case.bad)), _unchecked)
        tasks.append(task)
    if not case.bad and not tasks and "intro" not in impl:
        impl["intro"] = case.text(draw(texts(bad=False)))
    impl["tasks"] = tasks
    if not tasks and "intro" not in impl:
        case.errors.append("'implementation' has no tasks, intro or closing")
    return impl


def _recipient_line(s: str) -> str:
    return f"- {s.rstrip(';.')};"


@st.composite
def _recipients(draw, case: Case) -> list:
    out = []
    for _ in range(draw(st.integers(0, 3))):
        if draw(st.booleans()):
            out.append({"agency": draw(st.sampled_from(AGENCIES))})
        else:
            out.append({"text": case.text(draw(texts(bad=case.bad)), _recipient_line, required=True, what="empty recipient")})
    return out


@st.composite
def _signature(draw, case: Case) -> dict:
    if draw(st.booleans()):
        return {"preset": draw(st.sampled_from(["chu_tich", "tm_chu_tich", "tm_kt_chu_tich"]))}
    lines = draw(st.lists(texts(bad=case.bad), min_size=0 if case.bad else 1, max_size=2))
    if not lines:
        case.errors.append("no signature lines")
    sig = {"lines": [case.text(t, upper, required=True, what="empty signature line") for t in lines]}
    if draw(st.booleans()):
        sig["name"] = case.text(draw(texts(bad=case.bad)))
    return sig
