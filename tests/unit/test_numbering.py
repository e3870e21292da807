"""V1–V5: number, symbol, series and numbering time."""
from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from service.domain.errors import DomainError
from service.domain.kinds import KINDS, PARTY, STATE
from service.domain.numbering import (
    Term,
    check_number,
    check_numbering,
    check_symbol,
    format_number_line,
    format_symbol,
    next_working_day,
    parse_symbol,
    same_symbol,
    series_period,
)

from ..seed_facts import Seed000


def codes(vs: list) -> list[str]:
    return [v.code for v in vs]


# --- format -----------------------------------------------------------------
def test_party_symbol_is_number_dash_kind_slash_issuer() -> None:
    assert format_symbol(PARTY, 23, "KH", "ĐU") == "23-KH/ĐU"


def test_numbers_below_ten_are_zero_padded() -> None:
    assert format_symbol(PARTY, 5, "KH", "ĐU") == "05-KH/ĐU"
    assert format_symbol(STATE, 5, "QĐ", "BNV") == "05/QĐ-BNV"


def test_state_symbol_is_number_slash_kind_dash_issuer() -> None:
    assert format_symbol(STATE, 15, "QĐ", "BNV") == "15/QĐ-BNV"


def test_state_cong_van_carries_issuer_and_unit_instead_of_kind() -> None:
    assert format_symbol(STATE, 5, "CV", "BNV", "VP") == "05/BNV-VP"


def test_state_cong_van_without_unit_is_refused() -> None:
    with pytest.raises(DomainError) as e:
        format_symbol(STATE, 5, "CV", "BNV")
    assert e.value.code == "V3"


def test_party_cong_van_uses_cv_code() -> None:
    assert format_symbol(PARTY, 125, "CV", "TU") == "125-CV/TU"


def test_format_symbol_refuses_a_kind_of_the_other_system() -> None:
    with pytest.raises(DomainError) as e:
        format_symbol(PARTY, 1, "HĐ", "ĐU")  # Hợp đồng: state only
    assert e.value.code == "V2"


def test_format_symbol_refuses_zero_and_bad_issuer() -> None:
    with pytest.raises(DomainError) as e:
        format_symbol(PARTY, 0, "KH", "ĐU")
    assert e.value.code == "V1"
    with pytest.raises(DomainError) as e:
        format_symbol(PARTY, 1, "KH", "Đ U")
    assert e.value.code == "V3"


def test_number_line_has_no_colon_for_party_and_a_colon_for_state() -> None:
    assert format_number_line(PARTY, "23-KH/ĐU") == "Số 23-KH/ĐU"
    assert format_number_line(STATE, "15/QĐ-BNV") == "Số: 15/QĐ-BNV"


# --- parse ------------------------------------------------------------------
def test_parse_symbol_reads_the_raw_seed_number_line() -> None:
    raw = Seed000.NUMBER_LINE
    assert raw == "Số 23 -KH/ĐU"
    p = parse_symbol(raw)
    assert (p.system, p.number, p.kind, p.issuer, p.unit) == (PARTY, 23, "KH", "ĐU", None)
    assert p.symbol() == "23-KH/ĐU"
    assert check_symbol(raw, PARTY, "KH", "ĐU") == []


def test_parse_symbol_normalises_eth_before_parsing() -> None:
    p = parse_symbol("23-KH/\u00d0U")
    assert p.issuer == "ĐU"


def test_parse_symbol_reads_state_symbols() -> None:
    p = parse_symbol("Số: 15/QĐ-BNV")
    assert (p.system, p.number, p.kind, p.issuer, p.unit) == (STATE, 15, "QĐ", "BNV", None)


def test_parse_symbol_reads_state_cong_van_as_issuer_and_unit() -> None:
    p = parse_symbol("Số: 12/UBND-VX")
    assert (p.system, p.kind, p.issuer, p.unit) == (STATE, None, "UBND", "VX")


def test_parse_symbol_reads_the_referenced_guide_in_the_seed() -> None:
    assert "21-HD/BTGDVTW" in Seed000.REFERENCE and Seed000.REFERENCE in Seed000.PREAMBLE[0]
    p = parse_symbol("21-HD/BTGDVTW")
    assert (p.kind, p.issuer) == ("HD", "BTGDVTW")


def test_parse_symbol_reads_legal_documents_with_year() -> None:
    p = parse_symbol("Số: 30/2020/NĐ-CP")
    assert (p.number, p.year, p.kind, p.issuer) == (30, 2020, "NĐ", "CP")


@pytest.mark.parametrize("bad", ["", "Số", "KH/ĐU", "23/ĐU", "23-KH", "Số 23 KH ĐU", "abc-KH/ĐU"])
def test_parse_symbol_raises_v1_on_text_fitting_no_grammar(bad: str) -> None:
    with pytest.raises(DomainError) as e:
        parse_symbol(bad)
    assert e.value.code == "V1"


def test_same_symbol_ignores_spacing_eth_prefix_and_padding() -> None:
    assert same_symbol("Số 23 -KH/ÐU", "23-KH/ĐU")
    assert same_symbol("5-KH/ĐU", "05-KH/ĐU")
    assert not same_symbol("23-KH/ĐU", "24-KH/ĐU")


# --- check_symbol: V1, V2, V3 -------------------------------------------------
def test_v1_a_party_document_with_a_state_style_number_is_refused() -> None:
    assert codes(check_symbol("Số: 23/KH-ĐU", PARTY, "KH", "ĐU")) == ["V1"]


def test_v1_a_state_document_with_a_party_style_number_is_refused() -> None:
    assert codes(check_symbol("Số 15-QĐ/BNV", STATE, "QĐ", "BNV")) == ["V1"]


def test_v1_party_number_line_must_not_have_a_colon() -> None:
    assert codes(check_symbol("Số: 23-KH/ĐU", PARTY, "KH", "ĐU")) == ["V1"]


def test_v1_state_number_line_must_have_a_colon() -> None:
    assert codes(check_symbol("Số 15/QĐ-BNV", STATE, "QĐ", "BNV")) == ["V1"]


def test_v1_unpadded_small_number_is_refused() -> None:
    assert codes(check_symbol("Số: 5/QĐ-BNV", STATE, "QĐ", "BNV")) == ["V1"]


def test_v1_garbage_is_refused_without_raising() -> None:
    vs = check_symbol("không có số", PARTY, "KH", "ĐU")
    assert codes(vs) == ["V1"] and vs[0].field == "symbol"


def test_v2_a_plan_numbered_as_a_guide_is_refused() -> None:
    vs = check_symbol("23-HD/ĐU", PARTY, "KH", "ĐU")
    assert codes(vs) == ["V2"]
    assert "Kế hoạch" in vs[0].message


def test_v2_a_state_decision_numbered_like_a_cong_van_is_refused() -> None:
    assert codes(check_symbol("Số: 05/BNV-VP", STATE, "QĐ", "BNV")) == ["V2"]


def test_v2_state_cong_van_in_issuer_unit_form_passes() -> None:
    assert check_symbol("Số: 05/BNV-VP", STATE, "CV", "BNV") == []


def test_v3_a_dang_uy_chinh_phu_document_with_tu_issuer_is_refused() -> None:
    vs = check_symbol("23-KH/TU", PARTY, "KH", "ĐU")
    assert codes(vs) == ["V3"]
    assert "ĐU" in vs[0].message


def test_check_symbol_compares_issuer_after_v19_normalisation() -> None:
    assert check_symbol("23 -KH/ÐU", PARTY, "KH", "\u00d0U") == []


# --- V4 ------------------------------------------------------------------------
def test_v4_number_must_equal_the_register_entry() -> None:
    assert codes(check_number(23, 24)) == ["V4"]
    assert check_number(23, 23) == []


def test_v4_number_must_not_repeat_within_a_series_period() -> None:
    assert codes(check_number(23, 23, taken_numbers={21, 22, 23})) == ["V4"]
    assert check_number(24, None, taken_numbers={21, 22, 23}) == []


TERMS = [Term("2020-2025", date(2020, 10, 16), date(2025, 10, 15)),
         Term("2025-2030", date(2025, 10, 16), None)]


def test_party_series_runs_per_committee_term_not_per_year() -> None:
    assert series_period(PARTY, date(2024, 12, 31), TERMS) == series_period(PARTY, date(2025, 1, 2), TERMS)
    assert series_period(PARTY, date(2025, 8, 7), TERMS) == "TERM:2020-2025"


def test_party_series_restarts_with_a_new_term_so_a_symbol_may_recur() -> None:
    assert series_period(PARTY, date(2025, 10, 16), TERMS) == "TERM:2025-2030"
    assert series_period(PARTY, date(2025, 10, 15), TERMS) != series_period(PARTY, date(2025, 10, 16), TERMS)


def test_state_series_runs_per_calendar_year() -> None:
    assert series_period(STATE, date(2025, 8, 7), TERMS) == "YEAR:2025"
    assert series_period(STATE, date(2026, 1, 1), []) == "YEAR:2026"


def test_party_numbering_outside_any_term_is_an_error() -> None:
    with pytest.raises(DomainError) as e:
        series_period(PARTY, date(2019, 1, 1), TERMS)
    assert e.value.code == "V4"


# --- V5 ------------------------------------------------------------------------
def test_next_working_day_skips_the_weekend() -> None:
    assert next_working_day(date(2025, 8, 7)) == date(2025, 8, 8)      # Thu -> Fri
    assert next_working_day(date(2025, 8, 8)) == date(2025, 8, 11)     # Fri -> Mon
    assert next_working_day(date(2025, 8, 9)) == date(2025, 8, 11)     # Sat -> Mon


def test_next_working_day_skips_given_holidays() -> None:
    assert next_working_day(date(2025, 9, 1), holidays={date(2025, 9, 2)}) == date(2025, 9, 3)


def test_v5_a_draft_may_not_receive_a_number() -> None:
    assert codes(check_numbering(False, None, date(2025, 8, 7))) == ["V5"]


def test_v5_numbering_before_the_signing_date_is_an_error() -> None:
    assert codes(check_numbering(True, date(2025, 8, 7), date(2025, 8, 6))) == ["V5"]


def test_v5_numbering_on_the_signing_day_or_next_working_day_is_fine() -> None:
    assert check_numbering(True, date(2025, 8, 7), date(2025, 8, 7)) == []
    assert check_numbering(True, date(2025, 8, 7), date(2025, 8, 8)) == []
    assert check_numbering(True, date(2025, 8, 8), date(2025, 8, 11)) == []


def test_v5_signed_on_7_august_numbered_on_12_august_is_a_warning() -> None:
    vs = check_numbering(True, date(2025, 8, 7), date(2025, 8, 12))
    assert codes(vs) == ["V5W"]
    assert vs[0].is_warning


# --- properties ----------------------------------------------------------------
PARTY_KINDS = sorted(k for k, v in KINDS.items() if PARTY in v.systems)
STATE_KINDS = sorted(k for k, v in KINDS.items() if STATE in v.systems)
ISSUERS = st.sampled_from(["ĐU", "TU", "TW", "BTGDVTW", "UBKTTU", "BNV", "UBND", "ĐUK", "BTGDV"])


@given(st.integers(1, 99_999), st.sampled_from(PARTY_KINDS), ISSUERS)
def test_party_symbols_round_trip_through_parse(n: int, kind: str, issuer: str) -> None:
    sym = format_symbol(PARTY, n, kind, issuer)
    p = parse_symbol(format_number_line(PARTY, sym))
    # the code as printed: a Party Quy định (QyĐ) prints "QĐ", as "66-QĐ/TW" does
    assert (p.system, p.number, p.kind, p.issuer) == (PARTY, n, KINDS[kind].symbol_code(PARTY), issuer)
    assert p.symbol() == sym
    assert check_symbol(format_number_line(PARTY, sym), PARTY, kind, issuer) == []


@given(st.integers(1, 99_999), st.sampled_from(STATE_KINDS), ISSUERS, st.sampled_from(["VP", "TCCB", "VX", "KT"]))
def test_state_symbols_round_trip_through_parse(n: int, kind: str, issuer: str, unit: str) -> None:
    sym = format_symbol(STATE, n, kind, issuer, unit)
    line = format_number_line(STATE, sym)
    p = parse_symbol(line)
    assert p.symbol() == sym
    assert p.number == n
    if KINDS[kind].symbol_code(STATE) is None:  # công văn, thư công: issuer and drafting unit
        assert (p.kind, p.issuer, p.unit) == (None, issuer, unit)
    else:
        assert (p.kind, p.issuer) == (kind, issuer)
    assert check_symbol(line, STATE, kind, issuer) == []


@given(st.integers(1, 999), st.sampled_from(PARTY_KINDS), ISSUERS, st.sampled_from([" ", "  ", "\u00a0"]))
def test_spaces_inside_party_symbols_do_not_change_the_parse(n: int, kind: str, issuer: str, sp: str) -> None:
    sym = format_symbol(PARTY, n, kind, issuer)
    spaced = sym.replace("-", f"{sp}-{sp}").replace("Đ", "\u00d0")
    assert parse_symbol(spaced).symbol() == sym
