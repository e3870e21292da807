"""Incoming rules: urgency order, the ĐẾN stamp, V6 arrival, V16 contiguity, accepted scans."""
from __future__ import annotations

from datetime import date

from service.domain import incoming as i


def test_urgent_documents_sort_first_in_order_of_urgency_then_arrival():
    items = [(None, 1), ("KHAN", 2), ("HOA_TOC", 3), (None, 4), ("THUONG_KHAN", 5), ("KHAN", 6)]
    ordered = sorted(items, key=lambda x: i.queue_key(*x))
    assert ordered == [("HOA_TOC", 3), ("THUONG_KHAN", 5), ("KHAN", 2), ("KHAN", 6), (None, 1), (None, 4)]
    assert i.is_urgent("KHAN") and not i.is_urgent(None) and not i.is_urgent("MAT")


def test_party_stamps_say_cong_van_den_and_state_stamps_say_den():
    assert i.stamp_label("PARTY") == "CÔNG VĂN ĐẾN"
    assert i.stamp_label("STATE") == "ĐẾN"


def test_stamp_text_matches_seed_000_lines():
    text = i.stamp_text("Đảng ủy Bộ Nông nghiệp và Môi trường", "CÔNG VĂN ĐẾN", 2604, date(2025, 8, 8),
                        chuyen="Đ/c Thắng")
    assert text.splitlines() == ["ĐẢNG ỦY BỘ NÔNG NGHIỆP VÀ MÔI TRƯỜNG", "CÔNG VĂN ĐẾN", "Số 2604",
                                 "Ngày 08 tháng 8 năm 2025", "Chuyển: Đ/c Thắng"]


def test_arrival_is_on_or_after_the_issue_date_and_not_in_the_future():
    today = date(2025, 8, 10)
    assert i.check_arrival(date(2025, 8, 7), date(2025, 8, 7), today) == []
    assert [v.code for v in i.check_arrival(date(2025, 8, 7), date(2025, 8, 6), today)] == ["V6"]
    assert [v.code for v in i.check_arrival(None, date(2025, 8, 11), today)] == ["V6"]


def test_contiguity_finds_repeats_and_gaps():
    assert i.check_contiguity([2604, 2605, 2606]) == []
    assert i.check_contiguity([]) == []
    found = i.check_contiguity([2604, 2604, 2607])
    assert [v.code for v in found] == ["V16", "V16"]
    assert "2604" in found[0].message and "2605, 2606" in found[1].message
    assert "1, 2" in i.check_contiguity([3], first=1)[0].message


def test_only_complete_pdfs_of_version_1_4_or_later_within_the_limit_are_accepted():
    ok = b"%PDF-1.4\n...\n%%EOF\n"
    assert i.pdf_problem(ok) is None
    assert i.pdf_problem(b"%PDF-2.0\n%%EOF") is None
    assert i.pdf_problem(b"%PDF-1.3\n%%EOF") is not None
    assert i.pdf_problem(b"PK\x03\x04 zip") is not None
    assert i.pdf_problem(b"%PDF-1.7 truncated") is not None
    assert i.pdf_problem(b"") is not None
    assert "KB" in i.pdf_problem(ok, max_bytes=8)
