"""Hypothesis strategies for the fuzz suite: content within the schema, with hostile text.

A generated text is a list of :class:`Frag` pieces, each knowing what it renders to and whether
it must fail. So the oracle is exact without re-implementing vbgen: plain pieces (Vietnamese in
NFC and NFD, markup characters, no-break, zero-width and bidi characters, emoji, long runs)
render as written, then the documented rule applies (README, Text: runs of spaces, tabs and
newlines become one space, ends trimmed, NFC); bold/italic/escapes render to their words, a
footnote to nothing in its paragraph; expressions with a known value render to it; a citation
renders to something (unknown text); forbidden characters, failing expressions, broken markup
and broken structure must end in a content error whose message contains ``error``.

A text's ``mode`` says which rules apply where it is used: "rich" (paragraphs, titles, tasks:
markup, footnotes, expressions, citations), "subject" (the same without footnotes), "text"
(recipients, signature: expressions and citations, no markup), "agency" (an agency name:
expressions only) and "place" (a province's place: printed as written).
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
MARKUP = "*^[]\\"
"""Characters that are markup in rich text (README, "Bold, italic, footnotes")."""

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
    stars: tuple[int, int] = (0, 0)  # unmatched italic and bold toggles of a broken markup piece


@dataclasses.dataclass(frozen=True)
class Text:
    frags: tuple[Frag, ...]
    mode: str = "rich"

    @property
    def src(self) -> str:
        return "".join(f.src for f in self.frags)

    @property
    def out(self) -> str | None:
        """What the document shows: None if unpredictable."""
        if any(f.out is None for f in self.frags):
            return None
        joined = re.sub(r"[ \t\r\n]+", " ", "".join(f.out for f in self.frags))
        # rich text trims only spaces at its ends; plain text every kind of white space
        joined = joined.strip(" ") if self.mode in ("rich", "subject") else joined.strip()
        return unicodedata.normalize("NFC", joined)

    @property
    def errors(self) -> list[str]:
        """Fragments of the messages this text must cause; [MAYBE] when it may or may not fail
        (an odd brace or marker can swallow or create an expression around it)."""
        errs = [f.error for f in self.frags if f.error is not None]
        italic = sum(f.stars[0] for f in self.frags)
        bold = sum(f.stars[1] for f in self.frags)
        if italic % 2 or bold % 2:
            errs.append("is not closed")
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
       "---", "...", "? ", "- ", "^", "[", "]"]
FORBIDDEN = [chr(c) for c in range(0x20) if c not in (9, 10)] + ["\ufffe", "\uffff"]


def _nfd(text: str) -> str:
    return unicodedata.normalize("NFD", text)


def _plain(mode: str):
    """Pieces printed as written: nothing in them is markup or an expression in ``mode``."""
    banned = "{}[]\ufffe\uffff" + (MARKUP if mode in ("rich", "subject") else "")
    odd = [c for c in ODD if not any(b in c for b in banned) and not (mode == "subject" and "\n" in c)]
    if mode == "place":  # not a template, not markup: braces and brackets are just characters
        banned, odd = "\ufffe\uffff", ODD + ["{{ 1/0 }}", "{", "}}", "[[ct-06-2025-bca]]", "{%", "{#", "**"]
        odd = [c for c in odd]
    chars = st.characters(codec="utf-8", exclude_categories=("Cs", "Cc"), exclude_characters=banned)
    return st.one_of(
        st.sampled_from(WORDS).map(lambda w: Frag(w, w)),
        st.sampled_from(WORDS).map(lambda w: Frag(_nfd(w), w)),
        st.sampled_from(odd).map(lambda c: Frag(c, c)),
        st.text(chars, max_size=12).map(lambda t: Frag(t, t)),
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
LITERAL_MARKUP_EXPRESSIONS = [("{{ '*' }}", "*"), ("{{ '^[x]' }}", "^[x]")]
"""A writer's own string literal is markup in rich text (only names are escaped), text elsewhere."""
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
literal_markup = st.sampled_from(LITERAL_MARKUP_EXPRESSIONS).map(lambda e: Frag(*e))
rich_markup_expression = {  # the same expressions read as markup: an unclosed italic, a footnote
    "rich": st.sampled_from([Frag("{{ '*' }}", "", stars=(1, 0)), Frag("{{ '^[x]' }}", "")]),
    "subject": st.sampled_from([Frag("{{ '*' }}", "", stars=(1, 0)), Frag("{{ '^[x]' }}", None, "footnote")]),
}
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
GOOD_MARKUP = [("**đậm**", "đậm"), ("*nghiêng*", "nghiêng"), ("***cả hai***", "cả hai"), ("\\*", "*"), ("\\^", "^"),
               ("\\[", "["), ("\\]", "]"), ("\\\\", "\\")]
good_markup = st.sampled_from(GOOD_MARKUP).map(lambda m: Frag(*m))
footnote = st.just(Frag("^[ghi chú cuối trang]", ""))
bad_markup = st.one_of(
    st.just(Frag("*mở", "mở", stars=(1, 0))), st.just(Frag("**mở", "mở", stars=(0, 1))),
    st.just(Frag("^[mở", None, "footnote")), st.just(Frag("****", None, "asterisks in a row")),
)


@st.composite
def texts(draw, mode: str = "rich", bad: bool = True) -> Text:
    """A text value for a field of ``mode``: mostly plain words, with hostile pieces mixed in.
    Without ``bad``: only pieces that must render (hostile but legal characters, working
    expressions, known citations, sound markup)."""
    word = st.sampled_from(WORDS).map(lambda w: Frag(w, w))
    plain = _plain(mode)
    pieces = [word, word, plain, plain]
    if bad:
        pieces += [forbidden, surrogate]
    if mode != "place":
        pieces.append(expression if bad else good_expression)
        if mode in rich_markup_expression:
            if bad:
                pieces.append(rich_markup_expression[mode])
        else:
            pieces.append(literal_markup)
    if mode in ("rich", "subject", "text"):
        pieces.append(marker if bad else good_marker)
    if mode in ("rich", "subject"):
        pieces.append(good_markup)
        if bad:
            pieces.append(bad_markup)
        if mode == "rich":
            pieces.append(footnote)
        elif bad:
            pieces.append(footnote.map(lambda f: Frag(f.src, None, "footnote")))
    frags = draw(st.lists(st.one_of(pieces), min_size=0 if bad else 1, max_size=6))
    if draw(st.integers(0, 150)) == 0:  # a pasted page: rare, every document holding one is slow to validate
        frags.append(draw(long_run))
    spaced: list[Frag] = []
    for f in frags:
        if spaced:
            spaced.append(Frag(" ", " "))
        spaced.append(f)
    return Text(tuple(spaced), mode)


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
    doc["subject"] = case.text(draw(texts("subject", bad=case.bad)), required=True, what="the trích yếu is empty")
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
        impl["intro"] = case.text(draw(texts(bad=False)), required=True, what="empty paragraph")
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
            out.append({"text": case.text(draw(texts("text", bad=case.bad)), _recipient_line, required=True, what="empty recipient")})
    return out


@st.composite
def _signature(draw, case: Case) -> dict:
    if draw(st.booleans()):
        return {"preset": draw(st.sampled_from(["chu_tich", "tm_chu_tich", "tm_kt_chu_tich"]))}
    lines = draw(st.lists(texts("text", bad=case.bad), min_size=0 if case.bad else 1, max_size=2))
    if not lines:
        case.errors.append("no signature lines")
    sig = {"lines": [case.text(t, upper, required=True, what="empty signature line") for t in lines]}
    if draw(st.booleans()):
        sig["name"] = case.text(draw(texts("text", bad=case.bad)))
    return sig
