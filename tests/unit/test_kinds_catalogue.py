"""Every kind of both systems (domain.md §1): its code, its name, the systems that issue it, the code printed in
the số/ký hiệu, and who may issue it (V11). The table below is written out by hand from the Party list of
QĐ 66 / 399 and the 29 administrative kinds of NĐ 30 Art. 7 / Phụ lục III, not computed from the catalogue."""
from __future__ import annotations

import pytest

from service.domain.kinds import KINDS, PARTY, STATE, kind_for_symbol, kinds_for
from service.domain.numbering import check_symbol, format_number_line, format_symbol, parse_symbol
from service.domain.validation import check_kind_allowed

N = None  # not of that system
X = ""    # of that system, but no kind code in the symbol (state công văn, thư công)
# key, name, printed by the Party, printed by the state, may issue: cấp ủy (DANG_UY), ban tham mưu (BAN_DANG),
# chi bộ (CHI_BO), state body (STATE_BODY), as "1"/"0" in that order.
TABLE = [
    ("CL", "Cương lĩnh", "CL", N, "0000"),
    ("ĐL", "Điều lệ", "ĐL", N, "0000"),
    ("ChL", "Chiến lược", "ChL", N, "0000"),
    ("NQ", "Nghị quyết", "NQ", "NQ", "1011"),
    ("QĐ", "Quyết định", "QĐ", "QĐ", "1111"),
    ("CT", "Chỉ thị", "CT", "CT", "1001"),
    ("KL", "Kết luận", "KL", N, "1000"),
    ("QC", "Quy chế", "QC", "QC", "1101"),
    ("QyĐ", "Quy định", "QĐ", "QyĐ", "1101"),
    ("TT", "Thông tri", "TT", N, "1000"),
    ("HD", "Hướng dẫn", "HD", "HD", "1101"),
    ("TB", "Thông báo", "TB", "TB", "1111"),
    ("TC", "Thông cáo", "TC", "TC", "1001"),
    ("TBo", "Tuyên bố", "TBo", N, "0000"),
    ("LKG", "Lời kêu gọi", "LKG", N, "1000"),
    ("BC", "Báo cáo", "BC", "BC", "1111"),
    ("KH", "Kế hoạch", "KH", "KH", "1111"),
    ("QH", "Quy hoạch", "QH", N, "1000"),
    ("CTr", "Chương trình", "CTr", "CTr", "1111"),
    ("ĐA", "Đề án", "ĐA", "ĐA", "1101"),
    ("PA", "Phương án", "PA", "PA", "1101"),
    ("DA", "Dự án", "DA", "DA", "1101"),
    ("TTr", "Tờ trình", "TTr", "TTr", "1111"),
    ("CV", "Công văn", "CV", X, "1111"),
    ("BB", "Biên bản", "BB", "BB", "1111"),
    ("GGT", "Giấy giới thiệu", "GGT", "GGT", "1111"),
    ("GCN", "Giấy chứng nhận", "GCN", N, "1100"),
    ("GĐĐ", "Giấy đi đường", "GĐĐ", N, "1100"),
    ("GNP", "Giấy nghỉ phép", "GNP", "GNP", "1101"),
    ("GM", "Giấy mời", "GM", "GM", "1111"),
    ("PC", "Phiếu chuyển", "PC", "PC", "1101"),
    ("PG", "Phiếu gửi", "PG", "PG", "1101"),
    ("ThC", "Thư công", "ThC", X, "1101"),
    ("HĐ", "Hợp đồng", N, "HĐ", "0001"),
    ("CĐ", "Công điện", N, "CĐ", "0001"),
    ("GN", "Bản ghi nhớ", N, "GN", "0001"),
    ("TTh", "Bản thỏa thuận", N, "TTh", "0001"),
    ("GUQ", "Giấy ủy quyền", N, "GUQ", "0001"),
    ("PB", "Phiếu báo", N, "PB", "0001"),
]
ISSUERS = ("DANG_UY", "BAN_DANG", "CHI_BO", "STATE_BODY")


def test_the_table_is_the_whole_catalogue_33_party_kinds_and_the_29_of_nd_30():
    assert {row[0] for row in TABLE} | {"NĐ"} == set(KINDS), "every kind has a row (Nghị định is read, not drafted)"
    assert len([r for r in TABLE if r[2] is not None]) == len(kinds_for(PARTY)) == 33
    assert len([r for r in TABLE if r[3] is not None]) == 29 == len(kinds_for(STATE)) - 1  # without Nghị định


@pytest.mark.parametrize("code, name, party, state, may", TABLE, ids=[r[0] for r in TABLE])
def test_kind(code, name, party, state, may):
    k = KINDS[code]
    assert (k.code, k.name_vi, k.title_vi) == (code, name, name.upper())
    assert k.systems == frozenset(s for s, p in ((PARTY, party), (STATE, state)) if p is not None)
    if party is not None:
        assert k.symbol_code(PARTY) == party
        sym = format_symbol(PARTY, 1, code, "ĐU")
        assert sym == f"01-{party}/ĐU"
        assert check_symbol(format_number_line(PARTY, sym), PARTY, code, "ĐU") == []
    if state is not None:
        assert k.symbol_code(STATE) == (state or None)
        sym = format_symbol(STATE, 7, code, "BNV", "VP")
        assert sym == (f"07/{state}-BNV" if state else "07/BNV-VP")
        assert parse_symbol(format_number_line(STATE, sym)).kind == (state or None)
        if state:
            assert kind_for_symbol(STATE, state) is k
    for org_type, flag in zip(ISSUERS, may, strict=True):
        system = STATE if org_type == "STATE_BODY" else PARTY
        if code not in {c.code for c in kinds_for(system)}:
            assert flag == "0"
            continue
        got = check_kind_allowed(org_type, None, code, any_collective=True)
        assert (got == []) == (flag == "1"), (org_type, got)
        if got:
            assert got[0].code == "V11" and got[0].field == "kind" and name in got[0].message


def test_a_party_quy_dinh_prints_qd_like_66_qd_tw_but_stays_a_quy_dinh():
    assert format_symbol(PARTY, 66, "QyĐ", "TW") == "66-QĐ/TW"
    assert format_symbol(STATE, 5, "QyĐ", "UBND") == "05/QyĐ-UBND"
    assert kind_for_symbol(PARTY, "QĐ").code == "QĐ", "the symbol alone reads as a Quyết định"


def test_the_seed_003_issuer_a_provincial_ban_may_not_issue_a_nghi_quyet_or_a_chi_thi():
    for code, name in (("NQ", "Nghị quyết"), ("CT", "Chỉ thị")):
        (v,) = check_kind_allowed("BAN_TINH_UY", None, code)
        assert v.code == "V11" and name in v.message and "ban tham mưu" in v.message
    assert check_kind_allowed("BAN_TINH_UY", None, "HD") == []
