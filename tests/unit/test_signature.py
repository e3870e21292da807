"""V8–V10: signature block and signing authority."""
from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from service.domain.errors import DomainError
from service.domain.kinds import PARTY, STATE
from service.domain.signature import (
    Authority,
    Delegation,
    SignatureBlock,
    check_prefix,
    check_signing_authority,
    matching_authority,
    parse_signature_block,
)

from ..seed_facts import Seed000

DU_CP = 1          # org id of Đảng ủy Chính phủ
BNV = 2            # org id of a state ministry
ON = date(2025, 8, 7)

PHONG_AUTHORITY = Authority(DU_CP, PARTY, "T/M", "BAN THƯỜNG VỤ", "PHÓ BÍ THƯ", None, date(2020, 10, 16), None)


def codes(vs: list) -> list[str]:
    return [v.code for v in vs]


@pytest.fixture
def seed_block() -> SignatureBlock:
    tail = [x for x in Seed000.lines() if x.strip()][-3:]
    return parse_signature_block(tail)


def test_the_seed_signature_block_parses_into_prefix_collective_position_and_name(seed_block: SignatureBlock) -> None:
    assert seed_block == SignatureBlock("T/M", "BAN THƯỜNG VỤ", "PHÓ BÍ THƯ", "Nguyễn Đức Phong")


def test_the_seed_signature_block_prints_back_as_the_seed_lines(seed_block: SignatureBlock) -> None:
    assert seed_block.lines() == [x for x in Seed000.lines() if x.strip()][-3:] == list(Seed000.SIGNATURE_LINES)


def test_nguyen_duc_phong_may_sign_for_the_standing_committee(seed_block: SignatureBlock) -> None:
    assert check_signing_authority([PHONG_AUTHORITY], DU_CP, PARTY, "KH", ON, seed_block) == []


def test_v8_a_head_of_department_signing_for_the_standing_committee_is_refused() -> None:
    truong_ban = Authority(DU_CP, PARTY, None, None, "TRƯỞNG BAN", None, date(2020, 1, 1), None)
    block = SignatureBlock("T/M", "BAN THƯỜNG VỤ", "TRƯỞNG BAN", "Nguyễn Văn A")
    vs = check_signing_authority([truong_ban], DU_CP, PARTY, "KH", ON, block)
    assert codes(vs) == ["V8"]
    assert "Nguyễn Văn A" in vs[0].message


def test_v8_k_t_bi_thu_for_the_standing_committee_is_refused_even_if_recorded() -> None:
    wrong = Authority(DU_CP, PARTY, "K/T", "BÍ THƯ", "PHÓ BÍ THƯ", None, date(2020, 1, 1), None)
    block = SignatureBlock("K/T", "BÍ THƯ", "PHÓ BÍ THƯ", "Nguyễn Đức Phong")
    vs = check_signing_authority([wrong, PHONG_AUTHORITY], DU_CP, PARTY, "KH", ON, block)
    assert codes(vs) == ["V8"]
    assert "K/T" in vs[0].message


def test_k_t_is_allowed_for_the_head_of_an_advisory_body() -> None:
    deputy = Authority(5, PARTY, "K/T", "TRƯỞNG BAN", "PHÓ TRƯỞNG BAN", None, date(2020, 1, 1), None)
    block = SignatureBlock("K/T", "TRƯỞNG BAN", "PHÓ TRƯỞNG BAN", "Trần Thị B")
    assert check_signing_authority([deputy], 5, PARTY, "HD", ON, block) == []


def test_v8_authority_of_another_organisation_does_not_count(seed_block: SignatureBlock) -> None:
    assert codes(check_signing_authority([PHONG_AUTHORITY], 99, PARTY, "KH", ON, seed_block)) == ["V8"]


def test_v8_authority_limited_to_other_kinds_does_not_cover_a_plan(seed_block: SignatureBlock) -> None:
    only_reports = Authority(DU_CP, PARTY, "T/M", "BAN THƯỜNG VỤ", "PHÓ BÍ THƯ", frozenset({"BC"}), date(2020, 1, 1), None)
    assert codes(check_signing_authority([only_reports], DU_CP, PARTY, "KH", ON, seed_block)) == ["V8"]


def test_v8_expired_authority_is_refused(seed_block: SignatureBlock) -> None:
    old = Authority(DU_CP, PARTY, "T/M", "BAN THƯỜNG VỤ", "PHÓ BÍ THƯ", None, date(2015, 1, 1), date(2020, 10, 15))
    assert codes(check_signing_authority([old], DU_CP, PARTY, "KH", ON, seed_block)) == ["V8"]


def test_v8_t_m_without_a_collective_is_refused() -> None:
    block = SignatureBlock("T/M", None, "PHÓ BÍ THƯ", "X")
    assert codes(check_signing_authority([PHONG_AUTHORITY], DU_CP, PARTY, "KH", ON, block)) == ["V8"]


def test_v9_kt_on_a_party_document_is_refused() -> None:
    vs = check_prefix(PARTY, "KT.")
    assert codes(vs) == ["V9"]
    assert "K/T" in vs[0].message


def test_v9_t_m_on_a_state_document_is_refused() -> None:
    assert codes(check_prefix(STATE, "T/M")) == ["V9"]


def test_v9_each_system_accepts_its_own_prefixes_and_no_prefix() -> None:
    for p in ("T/M", "K/T", "T/L", None):
        assert check_prefix(PARTY, p) == []
    for p in ("TM.", "KT.", "TL.", "TUQ.", "Q.", None):
        assert check_prefix(STATE, p) == []


def test_v9_is_reported_by_check_signing_authority() -> None:
    block = SignatureBlock("KT.", "BÍ THƯ", "PHÓ BÍ THƯ", "X")
    assert codes(check_signing_authority([PHONG_AUTHORITY], DU_CP, PARTY, "KH", ON, block)) == ["V9"]


TUQ_BLOCK = SignatureBlock("TUQ.", "BỘ TRƯỞNG", "CHÁNH VĂN PHÒNG", "Lê Văn C")


def tuq(valid_to: date | None, redelegated: bool = False) -> Authority:
    return Authority(BNV, STATE, "TUQ.", "BỘ TRƯỞNG", "CHÁNH VĂN PHÒNG", frozenset({"CV"}), date(2025, 1, 1), None,
                     Delegation("Bộ trưởng", date(2025, 1, 1), valid_to, redelegated))


def test_v10_tuq_within_a_valid_delegation_passes() -> None:
    assert check_signing_authority([tuq(date(2025, 12, 31))], BNV, STATE, "CV", ON, TUQ_BLOCK) == []


def test_v10_tuq_signed_after_the_delegation_expired_is_refused() -> None:
    vs = check_signing_authority([tuq(date(2025, 6, 30))], BNV, STATE, "CV", ON, TUQ_BLOCK)
    assert codes(vs) == ["V10"]
    assert "30/06/2025" in vs[0].message


def test_v10_tuq_may_not_be_delegated_again() -> None:
    assert codes(check_signing_authority([tuq(None, redelegated=True)], BNV, STATE, "CV", ON, TUQ_BLOCK)) == ["V10"]


def test_v10_tl_without_any_delegation_is_refused() -> None:
    no_deleg = Authority(BNV, STATE, "TL.", "BỘ TRƯỞNG", "VỤ TRƯỞNG", None, date(2025, 1, 1), None)
    block = SignatureBlock("TL.", "BỘ TRƯỞNG", "VỤ TRƯỞNG", "D")
    assert codes(check_signing_authority([no_deleg], BNV, STATE, "CV", ON, block)) == ["V10"]


def test_v10_party_t_l_needs_a_delegation_too() -> None:
    no_deleg = Authority(DU_CP, PARTY, "T/L", "BAN THƯỜNG VỤ", "CHÁNH VĂN PHÒNG", None, date(2025, 1, 1), None)
    block = SignatureBlock("T/L", "BAN THƯỜNG VỤ", "CHÁNH VĂN PHÒNG", "E")
    assert codes(check_signing_authority([no_deleg], DU_CP, PARTY, "TB", ON, block)) == ["V10"]


def test_tone_placement_differences_in_titles_do_not_break_matching() -> None:
    a = Authority(7, PARTY, "T/M", "ỦY BAN KIỂM TRA", "CHỦ NHIỆM", None, date(2020, 1, 1), None)
    block = SignatureBlock("T/M", "UỶ BAN KIỂM TRA", "CHỦ NHIỆM", "F")
    assert check_signing_authority([a], 7, PARTY, "TB", ON, block) == []


def test_matching_authority_finds_the_power_used_to_build_the_block() -> None:
    a = matching_authority([tuq(date(2025, 6, 30)), PHONG_AUTHORITY], DU_CP, PARTY, "KH", ON)
    assert a == PHONG_AUTHORITY
    assert a.block("Nguyễn Đức Phong").lines() == ["T/M BAN THƯỜNG VỤ", "PHÓ BÍ THƯ", "Nguyễn Đức Phong"]
    assert matching_authority([tuq(date(2025, 6, 30))], BNV, STATE, "CV", ON) is None


def test_state_blocks_print_prefix_and_head_title_on_one_line() -> None:
    assert SignatureBlock("KT.", "BỘ TRƯỞNG", "THỨ TRƯỞNG", "G").lines() == ["KT. BỘ TRƯỞNG", "THỨ TRƯỞNG", "G"]
    assert SignatureBlock("Q.", None, "BỘ TRƯỞNG", "H").lines() == ["Q. BỘ TRƯỞNG", "H"]
    assert SignatureBlock(None, None, "BỘ TRƯỞNG", "I").lines() == ["BỘ TRƯỞNG", "I"]


def test_a_signature_block_without_a_name_is_refused() -> None:
    with pytest.raises(DomainError) as e:
        parse_signature_block(["PHÓ BÍ THƯ", ""])
    assert e.value.code == "V12"


TITLES = st.sampled_from(["BAN THƯỜNG VỤ", "BỘ TRƯỞNG", "ỦY BAN NHÂN DÂN", "CHÍNH PHỦ"])
POSITIONS = st.sampled_from(["PHÓ BÍ THƯ", "THỨ TRƯỞNG", "CHỦ TỊCH", "CHÁNH VĂN PHÒNG"])
NAMES = st.sampled_from(["Nguyễn Đức Phong", "Trần Thị B", "Lê Văn C"])


@given(st.sampled_from(["T/M", "K/T", "T/L", "TM.", "KT.", "TL.", "TUQ."]), TITLES, POSITIONS, NAMES)
def test_signature_blocks_round_trip_through_their_lines(prefix: str, coll: str, pos: str, name: str) -> None:
    b = SignatureBlock(prefix, coll, pos, name)
    assert parse_signature_block(b.lines()) == b


def test_state_blocks_print_each_authority_on_its_own_line() -> None:
    """NĐ 30 Phụ lục I: "TM. ỦY BAN NHÂN DÂN / KT. CHỦ TỊCH / PHÓ CHỦ TỊCH" (issue 12: collapsed to one line)."""
    from service.domain.signature import SignatureBlock, position_lines

    for position in ("KT. CHỦ TỊCH PHÓ CHỦ TỊCH", "KT. CHỦ TỊCH / PHÓ CHỦ TỊCH", "KT. CHỦ TỊCH\nPHÓ CHỦ TỊCH"):
        block = SignatureBlock("TM.", "ỦY BAN NHÂN DÂN", position, "Nguyễn Văn An")
        assert block.lines() == ["TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH", "Nguyễn Văn An"]
    assert SignatureBlock("KT.", "BỘ TRƯỞNG", "THỨ TRƯỞNG", "Trần Văn Ánh").lines() == [
        "KT. BỘ TRƯỞNG", "THỨ TRƯỞNG", "Trần Văn Ánh"]
    assert SignatureBlock("T/M", "BAN THƯỜNG VỤ", "PHÓ BÍ THƯ", "Nguyễn Đức Phong").lines() == [
        "T/M BAN THƯỜNG VỤ", "PHÓ BÍ THƯ", "Nguyễn Đức Phong"]
    assert SignatureBlock("Q.", None, "BỘ TRƯỞNG", "Lê Văn B").lines() == ["Q. BỘ TRƯỞNG", "Lê Văn B"]
    assert position_lines("TL. BỘ TRƯỞNG CHÁNH VĂN PHÒNG") == ["TL. BỘ TRƯỞNG", "CHÁNH VĂN PHÒNG"]
