"""Checks of the citation registry and of the [[key]] markers that cite it."""

from __future__ import annotations

import datetime as dt
import unicodedata

import pytest

from vbgen.content.model import Citation, CitationRegistry
from vbgen.legal.registry import (
    CHECKS,
    check_registry,
    find_citation_markers,
    find_usages,
    fits_kind,
    scan_for_outdated,
)

FILE = "content/citations.yaml"


def cit(kind: str = "Nghị định", **fields) -> Citation:
    """A complete, valid citation of ``kind``, with ``fields`` changed."""
    base = {"number": None, "issuer": "Chính phủ", "subject": "về bảo vệ cơ quan, doanh nghiệp"}
    if kind in ("Luật", "Bộ luật", "Pháp lệnh", "Hiến pháp"):
        base = {"name": f"{kind} Lực lượng tham gia bảo vệ an ninh, trật tự ở cơ sở"}
    return Citation(kind=kind, **(base | fields))


def registry(**citations: Citation) -> CitationRegistry:
    return CitationRegistry(citations={k.replace("_", "-"): c for k, c in citations.items()})


def check(**citations: Citation) -> list[str]:
    return [str(p) for p in check_registry(registry(**citations), file=FILE)]


REAL = {
    "tt-23-2012-bca": cit(
        "Thông tư", number="23/2012/TT-BCA", date=dt.date(2012, 4, 27), issuer="Bộ trưởng Bộ Công an",
        status="replaced", replaced_by="tt-124-2021-bca",
    ),
    "tt-124-2021-bca": cit(
        "Thông tư", number="124/2021/TT-BCA", date=dt.date(2021, 12, 28), issuer="Bộ trưởng Bộ Công an",
        status="amended", amended_by=["Thông tư số 48/2025/TT-BCA"],
    ),
    "nd-06-2013-cp": cit(number="06/2013/NĐ-CP", date=dt.date(2013, 1, 9)),
    "ct-09-tw": cit("Chỉ thị", number="09-CT/TW", date=dt.date(2011, 12, 1), issuer="Ban Bí thư (khóa XI)"),
    "ct-06-bca": cit("Chỉ thị", number="06/CT-BCA-V05", date=dt.date(2025, 5, 7), issuer="Bộ trưởng Bộ Công an"),
    "luat-30-2023-qh15": cit("Luật", number="30/2023/QH15", date=dt.date(2023, 11, 28)),
    "hien-phap": cit("Hiến pháp"),
    "tt-67-2012-bca": cit("Thông tư", number="67/2012/TT-BCA", verified=False, note="status unknown"),
    "qd-521-ttg": cit("Quyết định", number="521/QĐ-TTg", date=dt.date(2005, 6, 13)),
}


def test_real_registry_is_clean():
    reg = CitationRegistry(citations=REAL)
    assert check_registry(reg, {k: i + 1 for i, k in enumerate(REAL)}, FILE) == []


# --------------------------------------------------------------------------------------
# number and symbol against kind

GOOD_NUMBERS = [
    ("Nghị định", "06/2013/NĐ-CP"),
    ("Nghị định", "150/2025/NĐ-CP"),
    ("Thông tư", "124/2021/TT-BCA"),
    ("Thông tư", "32/2020/TT-BGDĐT"),
    ("Thông tư", "01/2011/TT-BNV"),
    ("Thông tư", "03/2012/TTLT-BCA-BQP"),
    ("Luật", "30/2023/QH15"),
    ("Bộ luật", "100/2015/QH13"),
    ("Pháp lệnh", "02/2022/UBTVQH15"),
    ("Nghị quyết", "202/2025/QH15"),
    ("Nghị quyết", "76/2025/UBTVQH15"),
    ("Nghị quyết", "1673/NQ-UBTVQH15"),
    ("Nghị quyết", "01/NQ-CP"),
    ("Nghị quyết", "02/2023/NQ-CP"),
    ("Nghị quyết", "60-NQ/TW"),
    ("Quyết định", "521/QĐ-TTg"),
    ("Quyết định", "40/2013/QĐ-UBND"),
    ("Quyết định", "510/QĐ-BCA-V05"),
    ("Chỉ thị", "06/CT-BCA-V05"),
    ("Chỉ thị", "03/CT-TTg"),
    ("Chỉ thị", "09-CT/TW"),
    ("Chỉ thị", "15/2015/CT-UBND"),
    ("Kế hoạch", "612/KH-BCA-V05"),
    ("Kế hoạch", "70/KH-UBND"),
    ("Kế hoạch", "05-KH/TU"),
    ("Kết luận", "44-KL/TW"),
    ("Công văn", "2825/UBND-NC"),
    ("Thông báo", "134-TB/TW"),
]


@pytest.mark.parametrize(("kind", "number"), GOOD_NUMBERS)
def test_number_fits_kind(kind, number):
    assert fits_kind(number, kind)
    assert not [p for p in check(k=cit(kind, number=number)) if "citation.number" in p]


BAD_NUMBERS = [
    ("Nghị định", "06/2013/QĐ-TTg", "Quyết định"),
    ("Nghị định", "06/2013/ND-CP", 'write Đ, not D: "06/2013/NĐ-CP"'),
    ("Nghị định", "06/NĐ-CP", "n/yyyy/NĐ-CP"),
    ("Nghị định", "06/2013/nđ-cp", "n/yyyy/NĐ-CP"),
    ("Nghị định", "06a/2013/NĐ-CP", "n/yyyy/NĐ-CP"),
    ("Thông tư", "124/2021/NĐ-CP", "Nghị định"),
    ("Thông tư", "124/TT-BCA", "n/yyyy/TT-"),
    ("Luật", "30/2023/NĐ-CP", "n/yyyy/QHk"),
    ("Chỉ thị", "09-CT-TW", "n-CT/TW"),
    ("Chỉ thị", "06/KH-BCA-V05", "Kế hoạch"),
    ("Kết luận", "44-NQ/TW", "Nghị quyết"),
    ("Kế hoạch", "612/CT-BCA", "Chỉ thị"),
    ("Quyết định", "521/QD-TTg", 'write Đ, not D: "521/QĐ-TTg"'),
    ("Công văn", "12/QĐ-UBND", "Quyết định"),
    ("Nghị quyết", "60/NQ/TW", "n-NQ/TW"),
]


@pytest.mark.parametrize(("kind", "number", "fragment"), BAD_NUMBERS)
def test_number_does_not_fit_kind(kind, number, fragment):
    problems = check(k=cit(kind, number=number))
    assert len(problems) == 1
    assert f'citations.k.number: "{number}" is not the number of a {kind}' in problems[0]
    assert fragment in problems[0]
    assert problems[0].endswith("[citation.number]")


# --------------------------------------------------------------------------------------
# date against the year in the symbol


@pytest.mark.parametrize(
    ("number", "date", "bad"),
    [
        ("06/2013/NĐ-CP", dt.date(2013, 1, 9), False),
        ("06/2013/NĐ-CP", dt.date(2014, 1, 9), True),
        ("30/2023/QH15", dt.date(2022, 11, 28), True),
        ("06/CT-BCA-V05", dt.date(1999, 5, 7), False),  # no year in the symbol
        ("09-CT/TW", dt.date(2011, 12, 1), False),
        ("06/2013/NĐ-CP", None, False),
    ],
)
def test_date_year(number, date, bad):
    kind = "Luật" if "QH" in number else "Chỉ thị" if "CT" in number else "Nghị định"
    problems = [p for p in check(k=cit(kind, number=number, date=date)) if "date_year" in p]
    assert bool(problems) == bad
    if bad:
        assert f"citations.k.date: date {date.isoformat()} is in {date.year}" in problems[0]
        assert number[number.index("/") + 1:][:4] in problems[0]


# --------------------------------------------------------------------------------------
# replaced_by, status and amended_by


def test_cycle_reported_once_with_path():
    problems = check(
        a=cit(number="01/2010/NĐ-CP", status="replaced", replaced_by="b"),
        b=cit(number="02/2011/NĐ-CP", status="replaced", replaced_by="a"),
        c=cit(number="03/2012/NĐ-CP", status="replaced", replaced_by="a"),  # leads into it
    )
    cycles = [p for p in problems if "citation.replaced_cycle" in p]
    assert cycles == [
        f"{FILE}: citations.a.replaced_by: replaced_by links form a cycle: a → b → a; "
        "a document cannot (even indirectly) replace itself [citation.replaced_cycle]"
    ]


def test_self_replacement_is_a_cycle():
    problems = check(a=cit(number="01/2010/NĐ-CP", status="replaced", replaced_by="a"))
    assert any("cycle: a → a" in p for p in problems)


def test_chain_without_cycle_passes():
    assert check(
        a=cit(number="01/2010/NĐ-CP", status="replaced", replaced_by="b"),
        b=cit(number="02/2011/NĐ-CP", status="replaced", replaced_by="c"),
        c=cit(number="03/2012/NĐ-CP"),
    ) == []


@pytest.mark.parametrize(
    ("fields", "where", "fragment"),
    [
        ({"status": "replaced", "replaced_by": "nd-06-2014-cp"}, "k.replaced_by", "did you mean nd-06-2013-cp"),
        ({"status": "replaced", "replaced_by": "zzz"}, "k.replaced_by", '"zzz" is not a key'),
        ({"status": "replaced"}, "k.replaced_by", "status is replaced but replaced_by is empty"),
        ({"replaced_by": "nd-06-2013-cp"}, "k.status", "but status is in_force"),
        ({"status": "expired", "replaced_by": "nd-06-2013-cp"}, "k.status", "but status is expired"),
        ({"amended_by": ["tt-48-2025-bca"]}, "k.amended_by[0]", "looks like a key"),
        ({"number": None}, "k.number", "number is missing"),
        ({"issuer": None}, "k.issuer", "issuer is missing"),
        ({"subject": ""}, "k.subject", "subject is missing"),
        ({"issuer": unicodedata.normalize("NFD", "Chính phủ")}, "k.issuer", "not in Unicode NFC"),
        ({"amended_by": [unicodedata.normalize("NFD", "Thông tư số 48")]}, "k.amended_by[0]", "NFC"),
    ],
)
def test_registry_problem(fields, where, fragment):
    good = cit(number="06/2013/NĐ-CP")
    problems = check(nd_06_2013_cp=good, k=cit(**({"number": "07/2013/NĐ-CP"} | fields)))
    assert len(problems) == 1, problems
    assert f"citations.{where}: " in problems[0]
    assert fragment in problems[0]


@pytest.mark.parametrize(
    "fields",
    [
        {"status": "replaced", "replaced_by": "nd-06-2013-cp"},
        {"status": "expired"},
        {"status": "amended", "amended_by": ["nd-06-2013-cp", "Luật số 51/2024/QH15"]},
    ],
)
def test_registry_passes(fields):
    good = cit(number="06/2013/NĐ-CP")
    assert check(nd_06_2013_cp=good, k=cit(**({"number": "07/2013/NĐ-CP"} | fields))) == []


@pytest.mark.parametrize(
    ("kind", "fields", "fragment"),
    [
        ("Luật", {"name": None}, "citations.k.name: a Luật is cited by its name"),
        ("Bộ luật", {"name": None}, "a Bộ luật is cited by its name"),
        ("Pháp lệnh", {"name": None}, "a Pháp lệnh is cited by its name"),
        ("Chỉ thị", {"issuer": None, "number": "06/CT-BCA-V05"}, "citations.k.issuer: issuer is missing"),
    ],
)
def test_required_fields(kind, fields, fragment):
    problems = check(k=cit(kind, **fields))
    assert len(problems) == 1 and fragment in problems[0]


def test_plenum_resolution_needs_no_subject():
    issuer = "Hội nghị lần thứ 11 Ban Chấp hành Trung ương Đảng (khóa XIII)"
    assert check(k=cit("Nghị quyết", number="60-NQ/TW", issuer=issuer, subject=None)) == []
    problems = check(k=cit("Nghị quyết", number="51-NQ/TW", issuer="Bộ Chính trị", subject=None))
    assert len(problems) == 1 and "citations.k.subject: subject is missing" in problems[0]


def test_law_needs_no_number_or_issuer():
    assert check(k=cit("Luật", number=None, issuer=None, subject=None)) == []


def test_uncitable_key():
    problems = check_registry(CitationRegistry(citations={"ND_06": cit(number="06/2013/NĐ-CP")}))
    assert [p.key for p in problems] == ["citations.ND_06"]


def test_problems_carry_file_and_line_in_line_order():
    reg = registry(
        a=cit(number="06/2013/QĐ-TTg"),
        b=cit(number="07/2013/NĐ-CP", issuer=None),
    )
    problems = check_registry(reg, {"a": 9, "b": 4}, FILE)
    assert [(p.file, p.line, p.key) for p in problems] == [(FILE, 4, "citations.b.issuer"), (FILE, 9, "citations.a.number")]


def test_every_check_has_an_id_and_a_docstring():
    assert all(fn.__doc__ for fn in CHECKS.values())


# --------------------------------------------------------------------------------------
# markers in content


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("[[nd-06-2013-cp]]", [(0, "nd-06-2013-cp", None)]),
        ("theo [[ nd-06-2013-cp ]].", [(5, "nd-06-2013-cp", None)]),
        ("[[a|gọi tắt]] [[b | alias]]", [(0, "a", "alias"), (14, "b", "alias")]),
        ("[[a|ngắn]][[b|short]]", [(0, "a", "short"), (10, "b", "short")]),
        ("[[a| đầy đủ ]] [[b|FULL]]", [(0, "a", "full"), (15, "b", "full")]),
        (unicodedata.normalize("NFD", "[[a|gọi tắt]]"), [(0, "a", "alias")]),
        ("[[A-b]] [[-a]] [a] [[a b]]", []),
        ("[[a|other]]", [(0, "a", None)]),  # still a marker: the build reports the unknown option
        ("[[ct-09-tw]]-[[1]]", [(0, "ct-09-tw", None), (13, "1", None)]),
    ],
)
def test_find_citation_markers(text, expected):
    assert find_citation_markers(text) == expected


def texts(*strings: str, line: int | None = 10):
    return [("content/documents/kh.yaml", line, f"sections[{i}].text", s) for i, s in enumerate(strings)]


def scan(*strings: str, line: int | None = 10) -> list[str]:
    return [str(p) for p in scan_for_outdated(texts(*strings, line=line), CitationRegistry(citations=REAL))]


def test_scan_replaced():
    (problem,) = scan("Căn cứ [[tt-23-2012-bca]];")
    assert problem == (
        "content/documents/kh.yaml:10: sections[0].text: cites 'tt-23-2012-bca' (Thông tư số "
        "23/2012/TT-BCA), which is replaced; cite 'tt-124-2021-bca' (Thông tư số 124/2021/TT-BCA "
        "ngày 28/12/2021 của Bộ trưởng Bộ Công an về bảo vệ cơ quan, doanh nghiệp) instead [cite.outdated]"
    )


@pytest.mark.parametrize(
    ("text", "count", "fragments"),
    [
        ("[[tt-124-2021-bca]] [[ct-09-tw|ngắn]] [[luat-30-2023-qh15]]", 0, []),
        ("[[tt-67-2012-bca]]", 1, ["verified: false", "note: status unknown", "[cite.unverified]"]),
        ("[[nd-06-2031-cp]]", 1, ['unknown citation key "nd-06-2031-cp"', "did you mean nd-06-2013-cp"]),
        ("[[xyz]]", 1, ['unknown citation key "xyz"', "no similar key", "[cite.unknown]"]),
        ("[[tt-23-2012-bca|gọi tắt]] [[tt-23-2012-bca]]", 2, ["which is replaced; cite 'tt-124-2021-bca'"]),
    ],
)
def test_scan(text, count, fragments):
    problems = scan(text)
    assert len(problems) == count, problems
    for fragment in fragments:
        assert all(fragment in p for p in problems), (fragment, problems)


def test_scan_expired_without_replacement():
    reg = registry(old=cit(number="01/2001/NĐ-CP", status="expired"))
    (problem,) = scan_for_outdated(texts("[[old]]"), reg)
    assert problem.message == "cites 'old' (Nghị định số 01/2001/NĐ-CP), which is expired [cite.outdated]"


def test_scan_line_of_marker_in_multiline_string():
    problems = scan_for_outdated(texts("một\nhai [[xyz]]\nba\n[[tt-23-2012-bca]]"), CitationRegistry(citations=REAL))
    assert [p.line for p in problems] == [11, 13]
    assert [p.line for p in scan_for_outdated(texts("\n[[xyz]]", line=None), CitationRegistry(citations=REAL))] == [None]


def test_find_usages():
    found = find_usages(texts("[[ct-09-tw]] và [[ct-09-tw|ngắn]]", "x", "a\n[[ct-09-tw]]"), "ct-09-tw")
    assert found == [
        ("content/documents/kh.yaml", 10, "sections[0].text"),
        ("content/documents/kh.yaml", 11, "sections[2].text"),
    ]
    assert find_usages(texts("[[ct-09-tw]]"), "ct-06-bca") == []
