"""V19 normalisation and search keys."""
from __future__ import annotations

import unicodedata

from hypothesis import given
from hypothesis import strategies as st

from service.domain.text import fold_tone_placement, nfc, normalize_text, search_key

from ..seed_docs import FACTS_AND_SEED, seed_text
from ..seeds import SEED_003


def test_nfc_composes_decomposed_vietnamese() -> None:
    decomposed = unicodedata.normalize("NFD", "Kế hoạch")
    assert decomposed != "Kế hoạch"
    assert nfc(decomposed) == "Kế hoạch"


def test_normalize_text_turns_eth_into_vietnamese_d_and_closes_symbol_spaces() -> None:
    assert normalize_text("Số 23 -KH/\u00d0U") == "Số 23-KH/\u0110U"
    assert normalize_text("\u00f0ảng") == "\u0111ảng"


def test_v19_raw_and_clean_symbols_compare_equal_after_normalisation() -> None:
    assert "23 -KH/ÐU" != "23-KH/ĐU"
    assert normalize_text("23 -KH/ÐU") == normalize_text("23-KH/ĐU")


def test_normalize_text_collapses_whitespace_and_strips() -> None:
    assert normalize_text("  Hà\u00a0 Nội,\tngày  07 \n") == "Hà Nội, ngày 07"


def test_normalize_text_leaves_ranges_and_prose_dashes_alone() -> None:
    assert normalize_text("nhiệm kỳ 2025 - 2030") == "nhiệm kỳ 2025 - 2030"
    assert normalize_text("kỷ nguyên mới - kỷ nguyên vươn mình") == "kỷ nguyên mới - kỷ nguyên vươn mình"
    assert normalize_text("ngày 23/7/2025") == "ngày 23/7/2025"


def test_normalize_text_closes_spaces_in_state_symbols_inside_sentences() -> None:
    assert normalize_text("theo Quyết định số 15 / QĐ - BNV ngày") == "theo Quyết định số 15/QĐ-BNV ngày"


def test_normalize_text_removes_zero_width_characters() -> None:
    assert normalize_text("Đảng\u200b ủy") == "Đảng ủy"


def test_search_key_strips_accents_case_and_d() -> None:
    assert search_key("Đảng ủy Chính phủ") == "dang uy chinh phu"


def test_search_key_finds_plain_ascii_query_in_accented_title() -> None:
    assert search_key("ke hoach thong tin doi ngoai") in search_key("Kế hoạch thông tin đối ngoại")


@FACTS_AND_SEED
def test_search_key_treats_old_and_new_tone_placement_alike(source: str) -> None:
    seed003 = seed_text(SEED_003, source)
    assert "Tỉnh uỷ" in seed003 and "Tỉnh ủy" in seed003
    assert search_key("Tỉnh uỷ") == search_key("Tỉnh ủy")
    assert search_key("Ban Tuyên giáo và Dân vận Tỉnh ủy") in search_key(seed003)
    for old, new in [("hoà", "hòa"), ("thuý", "thúy"), ("khoẻ", "khỏe"), ("oà", "òa"), ("oá", "óa"), ("uý", "úy")]:
        assert search_key(old) == search_key(new)


def test_fold_tone_placement_rewrites_only_open_syllables() -> None:
    assert fold_tone_placement("Tỉnh uỷ") == "Tỉnh ủy"
    assert fold_tone_placement("hoà bình") == "hòa bình"
    assert fold_tone_placement("hoàng") == "hoàng"
    assert fold_tone_placement("quý") == "quý"


@given(st.text())
def test_normalize_text_is_idempotent(s: str) -> None:
    once = normalize_text(s)
    assert normalize_text(once) == once


@given(st.text())
def test_normalize_text_output_is_nfc_without_eth(s: str) -> None:
    out = normalize_text(s)
    assert unicodedata.is_normalized("NFC", out)
    assert "\u00d0" not in out and "\u00f0" not in out


@given(st.text())
def test_search_key_is_idempotent_and_lowercase(s: str) -> None:
    k = search_key(s)
    assert search_key(k) == k
    assert k == k.lower()


@FACTS_AND_SEED
def test_strip_markup_removes_bookmarks_from_seed_003(source: str) -> None:
    from service.domain.text import strip_markup

    seed003 = seed_text(SEED_003, source)
    assert "[bookmark:" in seed003
    cleaned = strip_markup(seed003)
    assert "[bookmark:" not in cleaned
    assert "- Tăng cường công tác thông tin, tuyên truyền đối ngoại" in cleaned
