"""Nơi nhận block and Lưu line (inputs of V12, V13)."""
from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from service.domain.errors import DomainError
from service.domain.kinds import PARTY, STATE
from service.domain.recipients import (
    PURPOSES,
    ArchiveLine,
    RecipientLine,
    format_archive_line,
    format_recipient_line,
    implied_purpose,
    noi_nhan_block,
    nơi_nhận_block,
    parse_archive_line,
    parse_recipient_line,
    parse_recipients_block,
)

from ..seed_docs import FACTS_AND_SEED, seed_text
from ..seed_facts import Seed000
from ..seeds import SEED_000

SEED000 = Seed000.text()  # our abridged copy of seed 000; test_seed_facts.py checks it against the real seed
SEED000_LINES = SEED000.splitlines()


def seed_block_lines(seed000_lines: list[str]) -> list[str]:
    start = seed000_lines.index("Nơi nhận:")
    lines = [x for x in seed000_lines[start:] if x.strip()]
    end = next(i for i, x in enumerate(lines) if x.startswith("- Lưu"))
    return lines[: end + 1]


def test_the_seed_block_has_seven_recipients_with_their_purposes() -> None:
    recipients, archive = parse_recipients_block(SEED000)
    assert len(recipients) == 7
    assert [r.purpose for r in recipients] == ["REPORT", "REPORT", "REPORT", "INFO", "COORDINATE", "INFO", "ACTION"]
    assert recipients[0].text == "Ban Tuyên giáo và Dân vận TW"
    assert recipients[4].text == "Bộ Quốc phòng, Bộ Công an, Ban Chỉ đạo 35 Trung ương"
    assert archive == ArchiveLine(("VT", "BTGDV"), 3)


def test_the_seed_block_formats_back_to_the_seed_lines() -> None:
    recipients, archive = parse_recipients_block(SEED000)
    assert noi_nhan_block(PARTY, recipients, archive) == seed_block_lines(SEED000_LINES) == Seed000.noi_nhan_lines()


@FACTS_AND_SEED
def test_parsing_only_the_block_text_gives_the_same_result(source: str) -> None:
    seed000 = seed_text(SEED_000, source)
    block_text = "\n".join(seed_block_lines(seed000.splitlines()))
    assert parse_recipients_block(block_text) == parse_recipients_block(seed000)


def test_the_seed_archive_line_round_trips() -> None:
    raw = seed_block_lines(SEED000_LINES)[-1]
    assert raw == "- Lưu VT, BTGDV (3)."
    assert format_archive_line(PARTY, parse_archive_line(raw)) == raw


def test_recipient_line_strips_dash_comma_and_annotation() -> None:
    assert parse_recipient_line("- Ban Tuyên giáo và Dân vận TW (để b/c),") == RecipientLine("Ban Tuyên giáo và Dân vận TW", "REPORT")
    assert parse_recipient_line("- Bộ Công an (để p/hợp),").purpose == "COORDINATE"
    assert parse_recipient_line("- Văn phòng (để biết);").purpose == "INFO"
    assert parse_recipient_line("- Các sở, ngành (thực hiện);").purpose == "ACTION"


def test_lines_without_annotation_are_info_for_comrades_and_action_for_bodies() -> None:
    assert implied_purpose("Các đ/c Phó Bí thư Đảng ủy CP") == "INFO"
    assert implied_purpose("Đồng chí Bí thư") == "INFO"
    assert implied_purpose("Các đảng ủy trực thuộc") == "ACTION"


def test_an_unknown_parenthesis_stays_in_the_recipient_text() -> None:
    r = parse_recipient_line("- Ban Chỉ đạo 35 (Trung ương),")
    assert r.text == "Ban Chỉ đạo 35 (Trung ương)" and r.purpose == "ACTION"


def test_state_lines_end_with_semicolons_and_the_last_line_without_luu_with_a_full_stop() -> None:
    r = RecipientLine("Bộ trưởng", "REPORT")
    assert format_recipient_line(STATE, r) == "- Bộ trưởng (để b/c);"
    assert format_recipient_line(PARTY, r) == "- Bộ trưởng (để b/c),"
    assert format_recipient_line(STATE, r, last=True) == "- Bộ trưởng (để b/c)."


def test_state_archive_lines_use_a_colon() -> None:
    assert parse_archive_line("- Lưu: VT, TCCB.") == ArchiveLine(("VT", "TCCB"), None)
    assert format_archive_line(STATE, ArchiveLine(("VT", "TCCB"), None)) == "- Lưu: VT, TCCB."
    assert parse_archive_line("- Lưu: VT, TCCB, 02b.") == ArchiveLine(("VT", "TCCB"), 2)


def test_a_line_that_is_not_a_luu_line_is_refused_as_archive() -> None:
    with pytest.raises(DomainError) as e:
        parse_archive_line("- Lưu trữ quốc gia,")
    assert e.value.code == "V12"


def test_an_empty_recipient_line_is_refused() -> None:
    with pytest.raises(DomainError):
        parse_recipient_line("- ,")


def test_a_wrapped_recipient_line_is_joined_to_the_previous_one() -> None:
    text = "Nơi nhận:\n- Ban Tuyên giáo và Dân vận\nTrung ương (để b/c),\n- Lưu VT.\n"
    recipients, archive = parse_recipients_block(text)
    assert recipients == [RecipientLine("Ban Tuyên giáo và Dân vận Trung ương", "REPORT")]
    assert archive == ArchiveLine(("VT",), None)


def test_the_vietnamese_named_helper_is_the_same_function() -> None:
    assert nơi_nhận_block is noi_nhan_block


RECIPIENT_TEXT = st.sampled_from(["Ban Tuyên giáo và Dân vận TW", "Các đ/c Ủy viên BTV", "Bộ Công an",
                                  "Đ/c Bí thư Đảng ủy", "Các đảng ủy trực thuộc", "Sở Nội vụ"])


@given(st.sampled_from([PARTY, STATE]), st.lists(st.builds(RecipientLine, RECIPIENT_TEXT, st.sampled_from(PURPOSES)), min_size=1, max_size=8),
       st.one_of(st.none(), st.builds(ArchiveLine, st.sampled_from([("VT",), ("VT", "BTGDV"), ("VT", "TCCB")]),
                                      st.one_of(st.none(), st.integers(1, 20)))))
def test_nơi_nhận_blocks_round_trip(system: str, recipients: list[RecipientLine], archive: ArchiveLine | None) -> None:
    lines = noi_nhan_block(system, recipients, archive)
    assert parse_recipients_block("\n".join(lines)) == (recipients, archive)


def test_kinh_gui_names_the_addressees_and_noi_nhan_opens_with_nhu_tren() -> None:
    """Công văn and upward state tờ trình/báo cáo carry "Kính gửi:"; Nơi nhận starts "- Như trên;" (domain.md §3)."""
    from service.domain.recipients import (
        ArchiveLine,
        RecipientLine,
        addressed_to,
        kinh_gui_lines,
        noi_nhan_with_kinh_gui,
    )

    lines = [RecipientLine("Sở Nội vụ", "ACTION"), RecipientLine("Sở Tài chính", "ACTION"),
             RecipientLine("Chủ tịch UBND tỉnh", "REPORT")]
    to = addressed_to("STATE", "CV", lines)
    assert kinh_gui_lines(to) == ["- Sở Nội vụ;", "- Sở Tài chính."]
    assert noi_nhan_with_kinh_gui("STATE", lines, ArchiveLine(("VT", "VP"), None), to) == [
        "Nơi nhận:", "- Như trên;", "- Chủ tịch UBND tỉnh (để b/c);", "- Lưu: VT, VP."]
    assert kinh_gui_lines(addressed_to("STATE", "TTr", lines)) == ["Chủ tịch UBND tỉnh."]
    assert addressed_to("STATE", "QĐ", lines) == [] and addressed_to("PARTY", "KH", lines) == []
    assert kinh_gui_lines(addressed_to("PARTY", "CV", lines[:1])) == ["Sở Nội vụ."]
