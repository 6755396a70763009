"""Nơi nhận lines matched to the province's agency keys (content/agencies.yaml plus the renames and
new agencies of the province's settings).

A line names an agency when it says the same as the agency's Nơi nhận form or its full name for
this province, compared without case, diacritics, punctuation or the province's own name, and
with the usual abbreviations written out ("UBND" = "Ủy ban nhân dân", "CT" = "Chủ tịch",
"Sở GD&ĐT" = "Sở Giáo dục và Đào tạo" …). A full name is not used when the agency's Nơi nhận form
names more (a department in brackets: "Bộ Công an (Cục …)"): the line would print otherwise.
"""

from __future__ import annotations

import re
import unicodedata

from vbgen import vi

ABBREVIATIONS = {
    "ubnd": "uy ban nhan dan", "hdnd": "hoi dong nhan dan", "ubmttq": "uy ban mat tran to quoc",
    "mttq": "mat tran to quoc", "tt": "thuong truc", "ct": "chu tich", "pct": "pho chu tich",
    "cvp": "chanh van phong", "pcvp": "pho chanh van phong", "pvp": "pho chanh van phong",
    "vp": "van phong", "bql": "ban quan ly", "kcn": "khu cong nghiep", "kkt": "khu kinh te",
    "tu": "tinh uy", "antq": "an ninh to quoc", "bca": "bo cong an", "ldld": "lien doan lao dong",
    "gd dt": "giao duc va dao tao", "gddt": "giao duc va dao tao", "gd": "giao duc", "dt": "dao tao",
    "kh cn": "khoa hoc va cong nghe", "khcn": "khoa hoc va cong nghe",
    "nn mt": "nong nghiep va moi truong", "nnmt": "nong nghiep va moi truong",
    "vh tt dl": "van hoa the thao va du lich", "vhttdl": "van hoa the thao va du lich",
    "chqs": "chi huy quan su", "bch": "bo chi huy", "xd": "xay dung", "tc": "tai chinh", "yt": "y te", "ptth": "phat thanh va truyen hinh",
    "pt th": "phat thanh va truyen hinh", "ct xh": "chinh tri xa hoi", "vn": "viet nam",
}
_WORD = re.compile(r"[a-z0-9]+")


def _plain(text: str) -> str:
    """Lower case, no diacritics (đ → d), "&" as "va", punctuation as spaces."""
    text = unicodedata.normalize("NFD", vi.nfc(text).replace("đ", "d").replace("Đ", "D"))
    text = "".join(c for c in text if not unicodedata.combining(c)).lower().replace("&", " va ")
    return " ".join(_WORD.findall(text))


def normalise(text: str, province_name: str = "") -> str:
    """The words of a body's name, abbreviations written out, "va" and "viet nam" left out, the
    province's own name left out: "Sở GD&ĐT tỉnh Tây Ninh" → "so giao duc dao tao tinh"."""
    words = _plain(text)
    for short in sorted(ABBREVIATIONS, key=len, reverse=True):
        words = re.sub(rf"\b{short}\b", ABBREVIATIONS[short], words)
    if province_name:
        words = re.sub(rf"\b{re.escape(_plain(province_name))}\b", " ", words)
    words = re.sub(r"\bviet nam\b", " ", words)
    return " ".join(w for w in words.split() if w != "va")


def agency_index(registries, slug: str) -> dict[str, str]:
    """Normalised name → agency key, for the province ``slug`` as its own registries see it
    (names rendered for the province); a name two agencies share is left out."""
    from vbgen.compose.expressions import compile_text
    from vbgen.compose.names import province_names

    province = registries.province(slug)
    names = province_names(province, registries)
    agencies = registries.agencies.value.agencies
    rendered: dict[str, list[str]] = {}

    def render(source: str) -> str | None:
        try:
            return vi.one_line(compile_text(source).render({"province": names, "agency": lambda key: ""}))
        except Exception:  # noqa: BLE001 - a name that does not render matches nothing
            return None

    index: dict[str, set[str]] = {}
    for key, agency in agencies.items():
        if agency.when == "special_zones" and not province.special_zones:
            continue
        recipient = render(agency.recipient) if agency.recipient else None
        name = render(agency.name)
        forms = [recipient] if recipient else []
        if name and not (recipient and "(" in recipient):
            forms.append(name)
        rendered[key] = [f for f in forms if f]
        for form in rendered[key]:
            index.setdefault(normalise(form, province.name), set()).add(key)
    return {form: next(iter(keys)) for form, keys in index.items() if len(keys) == 1 and form}


def match(text: str, index: dict[str, str], province_name: str = "") -> str | None:
    """The agency key ``text`` names, or None ("… tỉnh Tây Ninh" also as the name without the unit)."""
    words = normalise(text, province_name)
    found = index.get(words)
    for unit in (" tinh", " thanh pho"):
        if found is None and words.endswith(unit):
            found = index.get(words[: -len(unit)])
    return found
