"""Line breaks of the issuer's name in the header (domain.md §3: "TỈNH ỦY CAO BẰNG / BAN TUYÊN GIÁO VÀ DÂN VẬN /
*"): a long name breaks between word groups, never inside one ("DÂN / VẬN" is wrong).

Vietnamese words are mostly two syllables written apart, so a break between any two syllables may split a word.
A name is first cut into groups: the longest known compound at each place ("TUYÊN GIÁO", "ỦY BAN NHÂN DÂN",
"CAO BẰNG"), else one syllable; a small word that leads the next group ("VÀ", "CÁC", "BAN", "BỘ", "TỈNH" …) is
bound to it. Lines are then chosen to be as few as possible, each at most ``width`` characters, preferring a
break before a place or level ("TỈNH …", "TRUNG ƯƠNG") or before "VÀ", then lines of even length.
"""
from __future__ import annotations

from functools import cache

from .text import normalize_text

__all__ = ["HEADER_WIDTH", "word_groups", "header_lines"]

HEADER_WIDTH = 28
"""Characters of a 14 pt bold capital line in the header's left column (44 % of 165 mm)."""

# Multi-syllable words and set names seen in issuer names (upper case, NFC). Longest match wins.
_COMPOUNDS = tuple(sorted({
    "ỦY BAN NHÂN DÂN", "HỘI ĐỒNG NHÂN DÂN", "BAN CHẤP HÀNH", "BAN THƯỜNG VỤ", "BAN CHỈ ĐẠO", "BAN CÁN SỰ",
    "ĐẢNG ĐOÀN", "ĐẢNG ỦY", "ĐẢNG BỘ", "CHI BỘ", "TỈNH ỦY", "THÀNH ỦY", "HUYỆN ỦY", "QUẬN ỦY", "THỊ ỦY",
    "ĐẢNG CỘNG SẢN", "VIỆT NAM", "TRUNG ƯƠNG", "CHÍNH PHỦ", "QUỐC HỘI", "THỦ TƯỚNG", "MẶT TRẬN", "TỔ QUỐC",
    "TUYÊN GIÁO", "DÂN VẬN", "TỔ CHỨC", "KIỂM TRA", "NỘI CHÍNH", "ĐỐI NGOẠI", "VĂN PHÒNG", "THƯỜNG TRỰC",
    "CƠ QUAN", "DOANH NGHIỆP", "NÔNG NGHIỆP", "PHÁT TRIỂN", "NÔNG THÔN", "MÔI TRƯỜNG", "TÀI NGUYÊN", "NỘI VỤ",
    "NGOẠI GIAO", "QUỐC PHÒNG", "CÔNG AN", "TƯ PHÁP", "TÀI CHÍNH", "KẾ HOẠCH", "ĐẦU TƯ", "CÔNG THƯƠNG",
    "XÂY DỰNG", "GIAO THÔNG", "VẬN TẢI", "GIÁO DỤC", "ĐÀO TẠO", "KHOA HỌC", "CÔNG NGHỆ", "THÔNG TIN",
    "TRUYỀN THÔNG", "VĂN HÓA", "THỂ THAO", "DU LỊCH", "Y TẾ", "LAO ĐỘNG", "THƯƠNG BINH", "XÃ HỘI", "DÂN TỘC",
    "TÔN GIÁO", "NGÂN HÀNG", "NHÀ NƯỚC", "THANH TRA", "KIỂM TOÁN", "TÒA ÁN", "VIỆN KIỂM SÁT", "NHÂN DÂN",
    "TỐI CAO", "THÀNH PHỐ", "THỊ XÃ", "THỊ TRẤN", "ĐẶC KHU", "BÁO CHÍ", "XUẤT BẢN", "TUYÊN TRUYỀN",
    "CHÍNH TRỊ", "QUÂN ĐỘI", "QUÂN SỰ", "BIÊN PHÒNG", "HẢI QUAN", "THUẾ VỤ", "KHO BẠC", "BẢO HIỂM",
    "CAO BẰNG", "HÀ NỘI", "HỒ CHÍ MINH", "HẢI PHÒNG", "ĐÀ NẴNG", "CẦN THƠ", "LẠNG SƠN", "TUYÊN QUANG",
    "LÀO CAI", "THÁI NGUYÊN", "PHÚ THỌ", "BẮC NINH", "HƯNG YÊN", "NINH BÌNH", "QUẢNG NINH", "THANH HÓA",
    "NGHỆ AN", "HÀ TĨNH", "QUẢNG TRỊ", "HUẾ", "QUẢNG NGÃI", "GIA LAI", "ĐẮK LẮK", "KHÁNH HÒA", "LÂM ĐỒNG",
    "ĐỒNG NAI", "TÂY NINH", "VĨNH LONG", "ĐỒNG THÁP", "CÀ MAU", "AN GIANG", "ĐIỆN BIÊN", "LAI CHÂU",
    "SƠN LA", "HẢI DƯƠNG", "THÁI BÌNH", "NAM ĐỊNH", "HÀ NAM", "VĨNH PHÚC", "BẮC GIANG", "YÊN BÁI", "HÀ GIANG",
    "BẮC KẠN", "HÒA BÌNH", "QUẢNG BÌNH", "QUẢNG NAM", "KON TUM", "BÌNH ĐỊNH", "PHÚ YÊN", "NINH THUẬN",
    "BÌNH THUẬN", "ĐẮK NÔNG", "BÌNH PHƯỚC", "BÌNH DƯƠNG", "BÀ RỊA - VŨNG TÀU", "LONG AN", "TIỀN GIANG",
    "BẾN TRE", "TRÀ VINH", "HẬU GIANG", "SÓC TRĂNG", "BẠC LIÊU", "KIÊN GIANG",
}, key=lambda s: -len(s.split())))

# Small words that start a group with the word after them ("VÀ DÂN VẬN", "BAN TUYÊN GIÁO", "TỈNH CAO BẰNG").
_LEADERS = frozenset({"VÀ", "CÁC", "CỦA", "BAN", "BỘ", "SỞ", "CỤC", "VỤ", "VIỆN", "TỔNG", "PHÒNG", "TRƯỜNG",
                      "TỈNH", "HUYỆN", "QUẬN", "XÃ", "PHƯỜNG", "KHỐI", "ỦY", "HỘI", "LIÊN", "TẬP", "TỔ"})
# Groups a line may best start with: a place or a level ("TỈNH CAO BẰNG", "TRUNG ƯƠNG", "CHÍNH PHỦ").
_PLACE_STARTS = ("TỈNH ", "THÀNH PHỐ ", "HUYỆN ", "QUẬN ", "THỊ XÃ ", "XÃ ", "PHƯỜNG ", "ĐẶC KHU ")
_LEVELS = frozenset({"TRUNG ƯƠNG", "CHÍNH PHỦ", "QUỐC HỘI"})


def word_groups(name: str) -> list[str]:
    """The name (upper-cased, NFC) cut into groups that must stay on one line."""
    syllables = normalize_text(name).upper().split()
    bare = [s.rstrip(",;:") for s in syllables]  # "HÓA," still ends the compound "VĂN HÓA"
    words: list[str] = []
    i = 0
    while i < len(syllables):
        for compound in _COMPOUNDS:
            parts = compound.split()
            n = len(parts)
            if bare[i:i + n] == parts and all(s == b for s, b in zip(syllables[i:i + n - 1], bare[i:i + n - 1], strict=True)):
                words.append(" ".join(syllables[i:i + n]))
                i += n
                break
        else:
            words.append(syllables[i])
            i += 1
    groups: list[str] = []
    pending = ""
    for word in words:
        if word in _LEADERS and " " not in word:
            pending = f"{pending} {word}".strip()
            continue
        groups.append(f"{pending} {word}".strip())
        pending = ""
    if pending:
        if groups:
            groups[-1] = f"{groups[-1]} {pending}"
        else:
            groups.append(pending)
    return groups


def _break_cost(group: str) -> int:
    """How bad a line break before ``group`` reads: 0 before a place or a level, 1 before "VÀ …", else 2."""
    if group.startswith(_PLACE_STARTS) or group in _LEVELS:
        return 0
    if group.startswith("VÀ "):
        return 1
    return 2


def header_lines(name: str, width: int = HEADER_WIDTH) -> list[str]:
    """The issuer's name as header lines: fewest lines of at most ``width`` characters (a group longer than
    ``width`` gets a line of its own), breaks only between groups, the best-reading breaks, then even lengths.

    >>> header_lines("Ban Tuyên giáo và Dân vận")
    ['BAN TUYÊN GIÁO VÀ DÂN VẬN']
    """
    groups = word_groups(name)
    if not groups:
        return []

    @cache
    def best(start: int) -> tuple[int, int, int, tuple[str, ...]]:
        # (lines, break cost, longest line, lines) for groups[start:]
        if start == len(groups):
            return 0, 0, 0, ()
        options = []
        for end in range(start + 1, len(groups) + 1):
            line = " ".join(groups[start:end])
            if len(line) > width and end > start + 1:
                break
            n, cost, longest, rest = best(end)
            cost += _break_cost(groups[end]) if end < len(groups) else 0
            options.append((n + 1, cost, max(longest, len(line)), (line, *rest)))
        return min(options)

    return list(best(0)[3])
