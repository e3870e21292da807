"""The directory behind every Nơi nhận picker: how a line's wording is matched to organizations and groups.

Pure rules over ``str``.  A Nơi nhận line keeps the drafter's wording ("- Các đảng ủy trực thuộc,"); what it
reaches is a list of *links*:

- ``org``           one organization, by code;
- ``subordinates``  the organizations directly under one organization (computed from the hierarchy);
- ``group``         a named list an organization keeps, ``"<org code>/<group code>"`` ("Các đ/c Ủy viên BTV");
- ``person``        one person, by username;

or the line is *outside* the system (delivered on paper or by e-mail and recorded by the clerk).
"""
from __future__ import annotations

import re

from .text import search_key

__all__ = ["LINK_TYPES", "LINK_LABELS", "match_key", "is_subordinates_phrase", "split_parts", "parse_link",
           "format_link"]

LINK_TYPES = ("org", "subordinates", "group", "person")
LINK_LABELS = {"org": "Cơ quan", "subordinates": "Các tổ chức trực thuộc", "group": "Nhóm nơi nhận",
               "person": "Cá nhân", "outside": "Ngoài hệ thống"}

# Abbreviations that Nơi nhận lines use for words of registered names (domain.md §3: "TW", "CP", "TT").
_ABBREVIATIONS = {"tw": "trung uong", "cp": "chinh phu", "ttcp": "thu tuong chinh phu",
                  "btv": "ban thuong vu", "ubnd": "uy ban nhan dan", "hdnd": "hoi dong nhan dan"}
_WORD = re.compile(r"[^\W_]+(?:/[^\W_]+)?")
# "Các đảng ủy trực thuộc", "Các đảng bộ, chi bộ trực thuộc", "Các tổ chức đảng trực thuộc", "Các cơ quan trực thuộc".
_SUBORDINATES = re.compile(r"^cac\b.*\btruc thuoc$")


def match_key(text: str) -> str:
    """Key for matching a line or a name: no diacritics, lower case, words only, abbreviations spelled out.
    "Ban Tuyên giáo và Dân vận TW" and "Ban Tuyên giáo và Dân vận Trung ương" give the same key."""
    words = _WORD.findall(search_key(text))
    return " ".join(_ABBREVIATIONS.get(w, w) for w in words)


def is_subordinates_phrase(text: str) -> bool:
    """True for the wording that means every organization under the issuer ("Các đảng ủy trực thuộc")."""
    return bool(_SUBORDINATES.match(match_key(text)))


_SUBORDINATES_OF = re.compile(r"^cac\b.*\btruc thuoc (.+)$")


def subordinates_of_phrase(text: str) -> str | None:
    """The match key of the organization named after "trực thuộc" ("Các đảng ủy trực thuộc Tỉnh ủy" -> "tinh uy"),
    or None when the line names none."""
    m = _SUBORDINATES_OF.match(match_key(text))
    return m.group(1) if m else None


def split_parts(text: str) -> list[str]:
    """"Bộ Quốc phòng, Bộ Công an, Ban Chỉ đạo 35 Trung ương" -> its three names (a line may list several)."""
    return [p.strip() for p in re.split(r"[,;]", text) if p.strip()]


def parse_link(value: str) -> tuple[str, str] | None:
    """A picker's value "org:DUBNG" -> ("org", "DUBNG"); "outside" and "" -> None (no link)."""
    kind, sep, ref = value.partition(":")
    if not sep or kind not in LINK_TYPES or not ref.strip():
        return None
    return kind, ref.strip()


def format_link(kind: str, ref: str) -> str:
    """("org", "DUBNG") -> "org:DUBNG", the picker's value."""
    return f"{kind}:{ref}"
