"""Place names (địa danh) of the date line, valid on a date (rule V20; domain.md §3 "Date").

The place is "the official name of the administrative unit where the body has its seat" (NĐ 30/2020/NĐ-CP,
Phụ lục I §II.4; HD 36-HD/VPTW for Party documents). This module knows the provincial level: the 63 provinces and
centrally-run cities before 01/7/2025 and the 34 after. Names below that level (communes, the districts before
their abolition) are not listed: such a name is *unknown* here, not wrong.

Sources (the data below is written out from them by hand):
- Nghị quyết 202/2025/QH15 of 12/6/2025 on the arrangement of provincial-level administrative units: 34
  provinces and cities; the authorities of the merged units work from 01/7/2025.
- Nghị quyết 1314/NQ-UBTVQH15 of 30/11/2024: Thừa Thiên Huế becomes the centrally-run city Huế, from 01/01/2025.
- Nghị quyết 15/2008/QH12 of 29/5/2008: Hà Tây merged into Hà Nội from 01/8/2008.
- Nghị quyết 22/2003/QH11 of 26/11/2003: Đắk Nông, Hậu Giang and Điện Biên created from 01/01/2004.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from .errors import Violation
from .text import normalize_text, search_key

__all__ = ["Place", "PLACES", "MERGED_ON", "find_place", "valid_places", "check_place", "date_words_glued"]

MERGED_ON = date(2025, 7, 1)
_HUE_CITY = date(2025, 1, 1)
_HA_TAY_GONE = date(2008, 8, 1)
_SPLIT_2004 = date(2004, 1, 1)


@dataclass(frozen=True)
class Place:
    """A provincial-level name: valid from ``valid_from`` (None: before our list starts) until the day before
    ``valid_to`` (None: still valid); ``successor`` is the name that replaced it."""
    name: str
    valid_from: date | None = None
    valid_to: date | None = None
    successor: str | None = None

    def valid_on(self, d: date) -> bool:
        return (self.valid_from is None or self.valid_from <= d) and (self.valid_to is None or d < self.valid_to)


# The 34 provinces and cities from 01/7/2025 (NQ 202/2025/QH15). 11 kept their territory; 23 are the merged
# units, named after one of the former ones (so that name stays valid across the date).
_AFTER_MERGER = (
    "Hà Nội", "Huế", "Lai Châu", "Điện Biên", "Sơn La", "Lạng Sơn", "Quảng Ninh", "Thanh Hóa", "Nghệ An",
    "Hà Tĩnh", "Cao Bằng",
    "Tuyên Quang", "Lào Cai", "Thái Nguyên", "Phú Thọ", "Bắc Ninh", "Hưng Yên", "Hải Phòng", "Ninh Bình",
    "Quảng Trị", "Đà Nẵng", "Quảng Ngãi", "Gia Lai", "Khánh Hòa", "Lâm Đồng", "Đắk Lắk",
    "Thành phố Hồ Chí Minh", "Đồng Nai", "Tây Ninh", "Cần Thơ", "Vĩnh Long", "Đồng Tháp", "Cà Mau", "An Giang",
)

# Former provinces merged on 01/7/2025 -> the unit they became part of (NQ 202/2025/QH15).
_MERGED_INTO = {
    "Hà Giang": "Tuyên Quang", "Yên Bái": "Lào Cai", "Bắc Kạn": "Thái Nguyên", "Vĩnh Phúc": "Phú Thọ",
    "Hòa Bình": "Phú Thọ", "Bắc Giang": "Bắc Ninh", "Thái Bình": "Hưng Yên", "Hải Dương": "Hải Phòng",
    "Hà Nam": "Ninh Bình", "Nam Định": "Ninh Bình", "Quảng Bình": "Quảng Trị", "Quảng Nam": "Đà Nẵng",
    "Kon Tum": "Quảng Ngãi", "Bình Định": "Gia Lai", "Ninh Thuận": "Khánh Hòa", "Đắk Nông": "Lâm Đồng",
    "Bình Thuận": "Lâm Đồng", "Phú Yên": "Đắk Lắk", "Bà Rịa - Vũng Tàu": "Thành phố Hồ Chí Minh",
    "Bình Dương": "Thành phố Hồ Chí Minh", "Bình Phước": "Đồng Nai", "Long An": "Tây Ninh", "Sóc Trăng": "Cần Thơ",
    "Hậu Giang": "Cần Thơ", "Bến Tre": "Vĩnh Long", "Trà Vinh": "Vĩnh Long", "Tiền Giang": "Đồng Tháp",
    "Bạc Liêu": "Cà Mau", "Kiên Giang": "An Giang",
}


def _build() -> tuple[Place, ...]:
    out = []
    for name in _AFTER_MERGER:
        if name == "Huế":
            out.append(Place(name, valid_from=_HUE_CITY))
        elif name == "Điện Biên":
            out.append(Place(name, valid_from=_SPLIT_2004))
        else:
            out.append(Place(name))
    for name, into in _MERGED_INTO.items():
        start = _SPLIT_2004 if name in ("Đắk Nông", "Hậu Giang") else None
        out.append(Place(name, valid_from=start, valid_to=MERGED_ON, successor=into))
    out.append(Place("Thừa Thiên Huế", valid_to=_HUE_CITY, successor="Huế"))
    out.append(Place("Hà Tây", valid_to=_HA_TAY_GONE, successor="Hà Nội"))
    return tuple(out)


PLACES: tuple[Place, ...] = _build()

# "Tỉnh Cao Bằng", "Thành phố Hà Nội", "TP. Hồ Chí Minh" name the same unit as "Cao Bằng", "Hà Nội", ...
_PREFIX = re.compile(r"^(?:tinh|thanh pho|tp\.?)\s+")
_GLUED = re.compile(r",|\b(?:ngày|tháng|năm)\b", re.IGNORECASE)


_CASED_PREFIX = re.compile(r"^(?:tỉnh|thành phố|tp\.?)\s+", re.IGNORECASE)


def _core(name: str) -> str:
    """The name without "Tỉnh"/"Thành phố"/"TP." (NFC, case kept): "Tỉnh Cao Bằng" -> "Cao Bằng"."""
    return _CASED_PREFIX.sub("", normalize_text(name))


def _key(name: str) -> str:
    k = " ".join(search_key(name).replace("-", " ").split())
    return _PREFIX.sub("", k)


_BY_KEY = {_key(p.name): p for p in PLACES}


def find_place(name: str) -> Place | None:
    """The listed place ``name`` denotes (diacritics, case, "Tỉnh"/"Thành phố"/"TP." ignored), else None."""
    return _BY_KEY.get(_key(name))


def valid_places(on: date) -> list[str]:
    """Official provincial-level names valid on ``on``, in list order (34 from 01/7/2025, 63 before)."""
    return [p.name for p in PLACES if p.valid_on(on)]


def _vn(d: date) -> str:
    return d.strftime("%d/%m/%Y")


def date_words_glued(name: str, field: str = "place") -> Violation | None:
    """V20: the date line's words or its comma typed into the place ("Hà Nội, ngày"), else None. A typing error,
    never what a document's place is: refused everywhere."""
    shown = normalize_text(name)
    if not _GLUED.search(shown):
        return None
    bare = _GLUED.split(shown)[0].strip(" ,")
    hint = f" (chỉ ghi \"{bare}\")" if bare else ""
    return Violation("V20", field, f"Địa danh \"{shown}\" lẫn chữ của dòng ngày tháng; chỉ ghi tên địa danh{hint}.")


def check_place(name: str, on: date, field: str = "place") -> list[Violation]:
    """V20: ``name`` is the bare place of a date line, valid on ``on``.

    Errors "V20": date words or a comma glued to the place ("Hà Nội, ngày"); a provincial name no longer valid on
    ``on`` ("Hà Tây" from 01/8/2008, "Hà Giang" from 01/7/2025). Warnings "V20W": a listed name spelled otherwise
    than its official form ("ha noi"; "TP. Hồ Chí Minh" for "Thành phố Hồ Chí Minh"; a "Tỉnh"/"Thành phố" prefix
    alone is fine), a name listed only from a later date ("Huế" before 01/01/2025), or a name not in the
    provincial list (it may be a commune: check it)."""
    shown = normalize_text(name)
    if not shown:
        return [Violation("V20", field, "Địa danh: không được để trống.")]
    glued = date_words_glued(shown, field)
    if glued:
        return [glued]
    p = find_place(shown)
    if p is None:
        return [Violation("V20W", field, f"Địa danh \"{shown}\" không có trong danh mục tỉnh, thành phố trực thuộc "
                                         f"trung ương ngày {_vn(on)}; hãy kiểm tra tên chính thức.")]
    if not p.valid_on(on):
        if p.valid_to is not None and on >= p.valid_to:
            then = f", nay là \"{p.successor}\"" if p.successor else ""
            return [Violation("V20", field, f"Địa danh \"{p.name}\" không còn từ ngày {_vn(p.valid_to)}{then} "
                                            f"(văn bản ngày {_vn(on)}).")]
        # "Huế" before 01/01/2025 was a city inside Thừa Thiên Huế: a place of its own bodies, not an error.
        return [Violation("V20W", field, f"Địa danh \"{p.name}\" là tên tỉnh, thành phố trực thuộc trung ương từ ngày "
                                         f"{_vn(p.valid_from)}; văn bản ngày {_vn(on)}: hãy kiểm tra.")]
    full_form_missing = p.name.startswith("Thành phố ") and not shown.startswith("Thành phố ")
    if _core(shown) != _core(p.name) or full_form_missing:
        return [Violation("V20W", field, f"Địa danh \"{shown}\": tên chính thức là \"{p.name}\".")]
    return []
