"""Text normalisation (rule V19) and search keys.

Pure functions over ``str``; nothing here depends on other modules.
"""
from __future__ import annotations

import re
import unicodedata

__all__ = ["nfc", "normalize_text", "search_key", "normalize_symbol_spacing", "fold_tone_placement",
           "strip_markup"]

# U+00D0 (Icelandic eth) is a frequent look-alike of U+0110 (Vietnamese Đ).
_ETH = str.maketrans({"\u00d0": "\u0110", "\u00f0": "\u0111"})
# Invisible characters that OCR and word processors leave behind.
_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"), None)
_WS = re.compile(r"\s+")
# A number followed by at least two "-" or "/" separated parts:
# "23 -KH/ĐU", "15/QĐ - BNV", "12/2020/NĐ-CP".
_SYMBOL_LIKE = re.compile(r"(?<![\w/\-])\d+(?:\s*[-/]\s*[^\W_]+)+")
_SEP_SPACES = re.compile(r"\s*([-/])\s*")


def nfc(s: str) -> str:
    """Return ``s`` in Unicode NFC (composed) form; nothing else changes."""
    return unicodedata.normalize("NFC", s)


def _fix_symbol(m: re.Match[str]) -> str:
    token = m.group(0)
    parts = re.split(r"\s*[-/]\s*", token)
    has_code = any(p[:1].isalpha() and p[:1].isupper() for p in parts[1:])
    if len(parts) >= 3 and has_code:
        return _SEP_SPACES.sub(r"\1", token)
    return token


def normalize_symbol_spacing(s: str) -> str:
    """Remove spaces around "-" and "/" inside number–symbol tokens only.

    A token is treated as a symbol when it starts with a number, has at
    least two separators and one part starting with an uppercase letter
    ("23 -KH/ĐU" -> "23-KH/ĐU"); ranges such as "2025 - 2030" and
    ordinary dashes in prose are left alone.
    """
    return _SYMBOL_LIKE.sub(_fix_symbol, s)


def normalize_text(s: str) -> str:
    """Canonical form for storing and comparing text (rule V19).

    Promises: NFC; 'Ð'/'ð' (U+00D0/U+00F0) replaced by 'Đ'/'đ'; invisible
    characters removed; every run of whitespace collapsed to one space;
    leading/trailing whitespace removed; spaces around '-' and '/' inside
    a number–symbol removed ("Số 23 -KH/ÐU" -> "Số 23-KH/ĐU").
    Idempotent: ``normalize_text(normalize_text(s)) == normalize_text(s)``.
    """
    s = nfc(s).translate(_ETH).translate(_INVISIBLE)
    s = _WS.sub(" ", s).strip()
    return nfc(normalize_symbol_spacing(s))


def search_key(s: str) -> str:
    """Accent- and case-insensitive key for searching.

    Promises: normalised as ``normalize_text``; lowercase; all diacritics
    removed and 'đ' -> 'd'.  Because every tone mark is removed, old and
    new tone placement fold together ("Tỉnh uỷ" and "Tỉnh ủy",
    "hoà"/"hòa", "thuý"/"thúy" give the same key).  Substring search on
    keys is therefore insensitive to accents and tone placement.
    """
    s = normalize_text(s).lower().replace("đ", "d")
    decomposed = unicodedata.normalize("NFD", s)
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    return nfc(stripped)


# Old ("hoà", "uỷ") -> new ("hòa", "ủy") tone placement in open syllables.
_TONES = "\u0300\u0301\u0309\u0303\u0323"  # huyền, sắc, hỏi, ngã, nặng
_OLD_TONE = re.compile(r"(?<![qQ])([oOuU])([aAeEyY])([\u0300\u0301\u0309\u0303\u0323])(?![^\W\d_])")


def fold_tone_placement(s: str) -> str:
    """Rewrite old-style tone placement to the new style, keeping diacritics.

    Only open syllables ending in "oa", "oe", "uy" differ between the
    styles: "hoà" -> "hòa", "xoè" -> "xòe", "Tỉnh uỷ" -> "Tỉnh ủy".
    Closed syllables ("hoàng") and "qu" + vowel ("quý") are unchanged.
    Returns NFC text.
    """
    d = unicodedata.normalize("NFD", s)
    return nfc(_OLD_TONE.sub(lambda m: m.group(1) + m.group(3) + m.group(2), d))


_BOOKMARK = re.compile(r"\[bookmark:[^\]]*\]")


def strip_markup(s: str) -> str:
    """Remove conversion debris such as "[bookmark: bookmark12]" (seed 003);
    the rest of the text is returned unchanged."""
    return _BOOKMARK.sub("", s)
