"""Currency lint: names in content text that no longer exist after 1 July 2025.

From 1 July 2025 local government has two tiers (tỉnh/thành phố and xã/phường/đặc khu):
the district level (huyện, quận, thị xã, thị trấn, district Party committees and police) is
gone, and several provincial departments were merged (see docs/legal-sources.md §1.4, §2).
Text that still names them reads as out of date. This module finds such names, text that is
not in Unicode NFC, and files that mix the old and new tone-mark styles ("Uỷ" and "Ủy").

The rules are data (:data:`_TABLE`); :data:`RULES` maps each rule id to its message.
Rules other than ``text.nfc`` match the NFC form of the text, case-insensitively unless
the rule says otherwise; offsets and the text reported as found refer to the original string.
"""

from __future__ import annotations

import dataclasses
import re
import unicodedata
from collections.abc import Collection, Iterable
from typing import NamedTuple

from vbgen import vi
from vbgen.errors import Problem


@dataclasses.dataclass(frozen=True)
class LintHit:
    """One out-of-date or malformed piece of one text."""

    rule: str
    """Rule id, a key of :data:`RULES`: "district.huyen", "dept.khdt", "text.nfc" …"""
    offset: int
    """Offset of the hit in the original (not normalised) text."""
    found: str
    """The text as found, with its case and (for text.nfc) its decomposed characters."""
    message: str
    """What is wrong and what to write instead."""
    replacement: str | None
    """Suggested current wording, or None when it depends on the context."""


# --------------------------------------------------------------------------------------
# Unicode helpers


def first_non_nfc(text: str) -> int | None:
    """Offset of the first character that NFC normalisation would change, or None."""
    if unicodedata.is_normalized("NFC", text):
        return None
    nfc = unicodedata.normalize("NFC", text)
    for i, (a, b) in enumerate(zip(text, nfc)):
        if a != b:
            return i
    return min(len(text), len(nfc))


def _cluster_end(text: str, start: int) -> int:
    """End of the base character at ``start`` and the combining marks that follow it."""
    end = start + 1
    while end < len(text) and unicodedata.combining(text[end]):
        end += 1
    return end


class _Normalised(NamedTuple):
    """NFC form of a text, with a map from its offsets back to the original's."""

    text: str
    starts: list[int] | None
    """Original start offset of each NFC character (None: the text was already NFC)."""
    ends: list[int] | None
    """Original end offset of each NFC character."""

    def span(self, start: int, end: int) -> tuple[int, int]:
        """The original span of the non-empty NFC span [start, end)."""
        if self.starts is None or self.ends is None:
            return start, end
        return self.starts[start], self.ends[end - 1]


def _normalise(text: str) -> _Normalised:
    if unicodedata.is_normalized("NFC", text):
        return _Normalised(text, None, None)
    parts: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    i = 0
    while i < len(text):
        j = _cluster_end(text, i)
        part = unicodedata.normalize("NFC", text[i:j])
        parts.append(part)
        starts.extend([i] * len(part))
        ends.extend([j] * len(part))
        i = j
    return _Normalised("".join(parts), starts, ends)


# --------------------------------------------------------------------------------------
# The rule table


class _Rule(NamedTuple):
    id: str
    pattern: str
    """Regular expression over NFC text; wrapped in Vietnamese-aware word boundaries."""
    message: str
    replacement: str | None
    """Suggested wording; may use \\g<name> to copy a named group of the match."""
    ignore_case: bool = True


_UY = r"(?:Ủy|Uỷ)"  # both tone-mark styles of "Ủy"
_DISTRICT = r"(?:huyện|quận|thị\s+xã)"
_DISTRICTS = (
    rf"{_DISTRICT}(?:(?:\s*,\s*|\s+và\s+){_DISTRICT})*"
    r"(?:(?:\s*,\s*|\s+và\s+)(?:thành\s+phố(?:\s+thuộc\s+tỉnh)?|thành\s*,\s*thị))?"
)
"""'huyện', 'quận, huyện', 'huyện, thị xã, thành phố', 'huyện, thành, thị' …: district lists."""

# Names of provincial units before and after 1 July 2025 (for "Báo <tỉnh>").
_PROVINCE_NAMES = [
    "An Giang", "Bà Rịa - Vũng Tàu", "Bạc Liêu", "Bắc Giang", "Bắc Kạn", "Bắc Ninh",
    "Bến Tre", "Bình Dương", "Bình Định", "Bình Phước", "Bình Thuận", "Cà Mau", "Cao Bằng",
    "Cần Thơ", "Đà Nẵng", "Đắk Lắk", "Đắk Nông", "Điện Biên", "Đồng Nai", "Đồng Tháp",
    "Gia Lai", "Hà Giang", "Hà Nam", "Hà Nội", "Hà Tĩnh", "Hải Dương", "Hải Phòng",
    "Hậu Giang", "Hòa Bình", "Hưng Yên", "Khánh Hòa", "Kiên Giang", "Kon Tum", "Lai Châu",
    "Lâm Đồng", "Lạng Sơn", "Lào Cai", "Long An", "Nam Định", "Nghệ An", "Ninh Bình",
    "Ninh Thuận", "Phú Thọ", "Phú Yên", "Quảng Bình", "Quảng Nam", "Quảng Ngãi",
    "Quảng Ninh", "Quảng Trị", "Sóc Trăng", "Sơn La", "Tây Ninh", "Thái Bình",
    "Thái Nguyên", "Thanh Hóa", "Thừa Thiên Huế", "Huế", "Tiền Giang", "Trà Vinh",
    "Tuyên Quang", "Vĩnh Long", "Vĩnh Phúc", "Yên Bái",
]


def _name_pattern(name: str) -> str:
    """A province name as a regex that accepts both tone styles and any dash spacing."""
    out = re.escape(name).replace(r"\ \-\ ", r"\s*[-–]\s*").replace(r"\ ", r"\s+")
    for new, old in (("òa", "oà"), ("óa", "oá")):
        out = out.replace(new, f"(?:{new}|{old})")
    return out


_PLACE = (
    r"(?P<place>tỉnh|thành\s+phố|\{\{[^{}]*\}\}|"
    + "|".join(_name_pattern(n) for n in sorted(_PROVINCE_NAMES, key=len, reverse=True))
    + ")"
)

_DISTRICT_ENDED = "the district level ended on 1/7/2025"
_DEPT_MERGED = "this department no longer exists after the 2025 mergers"

_TABLE: list[_Rule] = [
    # ---- district level ---------------------------------------------------------------
    _Rule(
        "district.ubnd",
        rf"(?P<ubnd>UBND|{_UY}\s+ban\s+nhân\s+dân)\s+(?:các\s+)?{_DISTRICTS}",
        f"{_DISTRICT_ENDED}; address the commune-level people's committees instead: "
        '"UBND các xã, phường, đặc khu" (or "UBND các xã, phường" where the province has no đặc khu)',
        r"\g<ubnd> các xã, phường, đặc khu",
    ),
    _Rule(
        "district.police",
        rf"Công\s+an\s+(?:các\s+)?(?:cấp\s+)?{_DISTRICTS}",
        "district police ended on 1/3/2025; write \"Công an cấp xã\" "
        '(or "Công an các xã, phường, đặc khu")',
        "Công an cấp xã",
    ),
    _Rule(
        "district.party",
        rf"(?:Huyện|Quận|Thị)\s+{_UY}",
        "district Party committees (Huyện ủy, Quận ủy, Thị ủy) ended with the district level "
        'on 1/7/2025; write "Đảng ủy các xã, phường, đặc khu"',
        "Đảng ủy các xã, phường, đặc khu",
    ),
    _Rule(
        "district.commune_list",
        r"xã\s*,\s*phường\s*,\s*thị\s+trấn|phường\s*,\s*xã\s*,\s*thị\s+trấn",
        '"thị trấn" no longer exists after 1/7/2025; the commune level is "xã, phường, đặc khu"',
        "xã, phường, đặc khu",
    ),
    _Rule(
        "district.cap_huyen",
        r"cấp\s+(?:huyện|quận)",
        f'{_DISTRICT_ENDED}; write "cấp xã" (or "cấp tỉnh" if the task moved up)',
        "cấp xã",
    ),
    _Rule(
        "district.thanh_pho_thuoc_tinh",
        r"thành\s+phố\s+thuộc\s+tỉnh",
        f"{_DISTRICT_ENDED} (a thành phố thuộc tỉnh was a district-level unit); "
        'write "xã, phường, đặc khu"',
        "xã, phường, đặc khu",
    ),
    _Rule(
        "district.huyen",
        r"huyện",
        f'{_DISTRICT_ENDED}; write "xã, phường, đặc khu" or name the commune-level unit',
        "xã, phường, đặc khu",
    ),
    _Rule(
        "district.quan",
        r"quận",
        f'{_DISTRICT_ENDED} (quận included); write "xã, phường, đặc khu" or name the ward',
        "xã, phường, đặc khu",
    ),
    _Rule(
        "district.thi_xa",
        r"thị\s+xã",
        f'{_DISTRICT_ENDED} (thị xã included); write "xã, phường, đặc khu" or name the ward',
        "xã, phường, đặc khu",
    ),
    _Rule(
        "district.thi_tran",
        r"thị\s+trấn",
        '"thị trấn" no longer exists after 1/7/2025; write "xã" or "phường" '
        '(in a list: "xã, phường, đặc khu")',
        "xã, phường, đặc khu",
    ),
    # ---- merged departments (NĐ 150/2025) -----------------------------------------------
    _Rule(
        "dept.tttt",
        r"Sở\s+(?:Thông\s+tin\s+và\s+Truyền\s+thông|TT\s*&\s*TT|TTTT)",
        f"{_DEPT_MERGED}; IT, digital transformation and cyberspace went to Sở Khoa học và "
        "Công nghệ, the press and publishing to Sở Văn hóa, Thể thao và Du lịch",
        "Sở Khoa học và Công nghệ",
    ),
    _Rule(
        "dept.khdt",
        r"Sở\s+(?:Kế\s+hoạch\s+và\s+Đầu\s+tư|KH\s*&\s*ĐT|KHĐT|KH\s*-\s*ĐT)",
        f"{_DEPT_MERGED}; it was merged into Sở Tài chính",
        "Sở Tài chính",
    ),
    _Rule(
        "dept.ldtbxh",
        r"(?:Sở\s+)?(?:Lao\s+động\s*(?:-|–|,)\s*Thương\s+binh\s+và\s+Xã\s+hội"
        r"|LĐ\s*-?\s*TB\s*(?:&|-|và)?\s*XH)",
        f"{_DEPT_MERGED}; labour, wages, social insurance and người có công went to Sở Nội vụ, "
        "children and social protection to Sở Y tế, vocational training to Sở Giáo dục và Đào tạo",
        "Sở Nội vụ",
    ),
    _Rule(
        "dept.gtvt",
        r"Sở\s+(?:Giao\s+thông\s*(?:-|–)?\s*[Vv]ận\s+tải|GTVT|GT\s*-\s*VT)",
        f"{_DEPT_MERGED}; it was merged into Sở Xây dựng",
        "Sở Xây dựng",
    ),
    _Rule(
        "dept.tnmt",
        r"Sở\s+(?:Tài\s+nguyên\s+và\s+Môi\s+trường|TN\s*&\s*MT|TNMT|TN\s*-\s*MT)",
        f"{_DEPT_MERGED}; it was merged into Sở Nông nghiệp và Môi trường",
        "Sở Nông nghiệp và Môi trường",
    ),
    _Rule(
        "dept.nnptnt",
        r"Sở\s+(?:Nông\s+nghiệp\s+và\s+Phát\s+triển\s+nông\s+thôn|NN\s*&\s*PTNT|NNPTNT|NN\s*-\s*PTNT)",
        f"{_DEPT_MERGED}; it was merged into Sở Nông nghiệp và Môi trường",
        "Sở Nông nghiệp và Môi trường",
    ),
    _Rule(
        "dept.ban_dan_toc",
        # the Ban Dân tộc of a HĐND still exists; "Ủy ban Dân tộc" is matched by case
        r"Ban\s+Dân\s+tộc(?!\s+(?:của\s+)?(?:HĐND|Hội\s+đồng\s+nhân\s+dân))",
        "the provincial Ban Dân tộc no longer exists; write \"Sở Dân tộc và Tôn giáo\", "
        "or \"Sở Nội vụ\" in provinces without that department",
        "Sở Dân tộc và Tôn giáo",
        ignore_case=False,
    ),
    _Rule(
        "media.radio_tv",
        r"Đài\s+(?:Phát\s+thanh\s*(?:và|-|–|,)\s*Truyền\s+hình|PT\s*(?:-|&|và)?\s*TH)",
        "the provincial radio-television station was merged with the provincial newspaper; "
        'write "Báo và Phát thanh, Truyền hình" followed by the current province',
        "Báo và Phát thanh, Truyền hình",
    ),
    _Rule(
        "media.newspaper",
        rf"Báo\s+{_PLACE}",
        "the provincial newspaper was merged with the radio-television station; write "
        '"Báo và Phát thanh, Truyền hình" followed by the current province',
        r"Báo và Phát thanh, Truyền hình \g<place>",
        ignore_case=False,
    ),
]

_NFC_MESSAGE = (
    "text is not in Unicode NFC (composed) form: a letter and its diacritics are stored "
    "as separate characters, which breaks search and sorting; re-save the file as NFC"
)
_TONE_MESSAGE = (
    'the file mixes old-style tone marks ("Uỷ", "hoà": tone on the second vowel) with '
    'new-style ones ("Ủy", "hòa"); use one style throughout'
)

_INVISIBLE_MESSAGE = (
    "an invisible zero-width or bidirectional control character: it can hide or reorder text "
    "and breaks search; delete it unless it is meant to be there"
)

RULES: dict[str, str] = {r.id: r.message for r in _TABLE} | {
    "text.nfc": _NFC_MESSAGE,
    "text.tone_style": _TONE_MESSAGE,
    "text.invisible": _INVISIBLE_MESSAGE,
}
"""Every rule id and what it reports."""

_WORD = r"(?<!\w)(?:{})(?!\w)"  # \w covers Vietnamese letters, so "huyện" ≠ "chuyện"
_COMPILED = [
    (r, re.compile(_WORD.format(r.pattern), re.IGNORECASE if r.ignore_case else 0)) for r in _TABLE
]

# Tone on the second vowel of an open oa/oe/uy (old style) vs on the first (new style).
# "qu" is a consonant, so "quý" is the same in both styles.
_OLD_TONE = re.compile(r"(?<!\w)\w*?(?<![qQ])(?:[oO][àáảãạÀÁẢÃẠèéẻẽẹÈÉẺẼẸ]|[uU][ỳýỷỹỵỲÝỶỸỴ])(?!\w)")
_NEW_TONE = re.compile(r"(?<!\w)\w*?(?<![qQ])(?:[òóỏõọÒÓỎÕỌ][aAeE]|[ùúủũụÙÚỦŨỤ][yY])(?!\w)")


# --------------------------------------------------------------------------------------
# Linting one text


class _ToneWord(NamedTuple):
    old: bool
    offset: int
    word: str


def _tone_words(norm: _Normalised, original: str) -> list[_ToneWord]:
    """Words whose tone mark shows a style, with their offsets in the original text."""
    out = []
    for old, rx in ((True, _OLD_TONE), (False, _NEW_TONE)):
        for m in rx.finditer(norm.text):
            a, b = norm.span(m.start(), m.end())
            out.append(_ToneWord(old, a, original[a:b]))
    return sorted(out, key=lambda w: w.offset)


def _rule_hits(norm: _Normalised, original: str) -> list[LintHit]:
    found: list[tuple[int, int, LintHit]] = []
    for rule, rx in _COMPILED:
        for m in rx.finditer(norm.text):
            a, b = norm.span(m.start(), m.end())
            repl = m.expand(rule.replacement) if rule.replacement else None
            found.append((a, b, LintHit(rule.id, a, original[a:b], rule.message, repl)))
    # A hit inside a longer one ("huyện" in "UBND các huyện, thị xã") says nothing new.
    found.sort(key=lambda h: (h[0], -h[1]))
    kept: list[tuple[int, int, LintHit]] = []
    for a, b, hit in found:
        if kept and kept[-1][0] <= a and b <= kept[-1][1]:
            continue
        kept.append((a, b, hit))
    return [hit for _, _, hit in kept]


def _lint(text: str) -> tuple[list[LintHit], list[_ToneWord]]:
    norm = _normalise(text)
    hits = _rule_hits(norm, text)
    bad = first_non_nfc(text)
    if bad is not None:
        cluster = text[bad:_cluster_end(text, bad)]
        nfc = unicodedata.normalize("NFC", cluster)
        hits.append(LintHit("text.nfc", bad, cluster, f'{_NFC_MESSAGE} (first at "{nfc}")', nfc))
    for m in vi.INVISIBLE.finditer(text):
        hits.append(LintHit("text.invisible", m.start(), m.group(),
                            f"{vi.char_name(m.group())} at character {m.start() + 1}: {_INVISIBLE_MESSAGE}", None))
    hits.sort(key=lambda h: h.offset)
    return hits, _tone_words(norm, text)


def lint_text(text: str) -> list[LintHit]:
    """Out-of-date names and non-NFC text in one string, in order of offset.

    The tone-mark style check needs a whole file; :func:`lint_texts` does it.
    """
    return _lint(text)[0]


# --------------------------------------------------------------------------------------
# Linting content files


def _line_at(line: int | None, text: str, offset: int) -> int | None:
    return None if line is None else line + text.count("\n", 0, offset)


def _describe(hit: LintHit) -> str:
    msg = f'found "{hit.found}": {hit.message}'
    if hit.replacement and hit.rule != "text.nfc":
        msg += f' (suggested: "{hit.replacement}")'
    return f"{msg} [{hit.rule}]"


class _Seen(NamedTuple):
    word: _ToneWord
    line: int | None
    key: str


def _tone_problem(file: str, seen: list[_Seen]) -> Problem | None:
    old = [s for s in seen if s.word.old]
    new = [s for s in seen if not s.word.old]
    if not old or not new:
        return None

    def forms(group: list[_Seen]) -> str:
        by_form: dict[str, list[str]] = {}
        for s in group:
            by_form.setdefault(s.word.word, []).append(f"line {s.line}" if s.line is not None else s.key)
        parts = []
        for form, where in by_form.items():
            where = list(dict.fromkeys(where))
            parts.append(f'"{form}" ({", ".join(where[:5])}{", …" if len(where) > 5 else ""})')
        return ", ".join(parts)

    stray = (old if len(old) <= len(new) else new)[0]  # point at the rarer style
    message = f"{_TONE_MESSAGE}: old style {forms(old)}; new style {forms(new)} [text.tone_style]"
    return Problem(file, stray.line, stray.key, message)


def lint_texts(texts: Iterable[tuple[str, int | None, str, str]], historical: Collection[str] = ()) -> list[Problem]:
    """Lint every string of the content: (file, line, key path, text) tuples.

    ``line`` is where the string starts; a hit on a later line of a multi-line string gets
    that line. One ``text.tone_style`` problem is added per file that mixes both styles.
    Files in ``historical`` hold texts kept as they were written (``historical: true``): only
    ``text.nfc`` applies to them, not the currency and tone-style findings.
    """
    problems: list[Problem] = []
    tones: dict[str, list[_Seen]] = {}
    for file, line, key, text in texts:
        hits, words = _lint(text)
        if file in historical:
            hits, words = [h for h in hits if h.rule == "text.nfc"], []
        for hit in hits:
            problems.append(Problem(file, _line_at(line, text, hit.offset), key, _describe(hit)))
        tones.setdefault(file, []).extend(_Seen(w, _line_at(line, text, w.offset), key) for w in words)
    for file, seen in tones.items():
        problem = _tone_problem(file, seen)
        if problem is not None:
            problems.append(problem)
    return problems
