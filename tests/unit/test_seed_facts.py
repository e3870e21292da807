"""Our copy of the seeds' facts (tests/seed_facts.py) agrees with the domain parsers and with the real seeds.

The first tests need no seed. The others compare the facts with the real seed text, so that the copy cannot
drift from its source; they skip when the seeds are missing (and fail with REQUIRE_SEEDS=1), see tests/seeds.py.
"""
from __future__ import annotations

import unicodedata

from service.domain.dates import parse_date_line
from service.domain.numbering import parse_symbol
from service.domain.recipients import ArchiveLine, RecipientLine, parse_recipients_block
from service.domain.reporting import detect_reporting_duties
from service.domain.signature import SignatureBlock, parse_signature_block

from ..seed_docs import normalized_lines
from ..seed_docs import seed000 as seed000_document
from ..seed_facts import Seed000, Seed003
from .conftest import line_starting

HEADINGS = ("I. MỤC ĐÍCH, YÊU CẦU", "II. NỘI DUNG THÔNG TIN ĐỐI NGOẠI", "III. HÌNH THỨC TRIỂN KHAI",
            "IV. TỔ CHỨC THỰC HIỆN")


def in_order(part: list[str], whole: list[str]) -> bool:
    """Every line of ``part`` is a line of ``whole``, in the same order."""
    rest = iter(whole)
    return all(any(line == other for other in rest) for line in part)


def nonblank(text: str) -> list[str]:
    return [line for line in normalized_lines(text) if line]


def recipients_of(text: str) -> tuple[list[RecipientLine], ArchiveLine]:
    recipients, archive = parse_recipients_block(text)
    return list(recipients), archive


# --- the facts on their own -------------------------------------------------------------------------------
def test_fact_lines_are_nfc_with_single_spaces() -> None:
    for line in [*Seed000.lines(), *Seed003.EXCERPT]:
        assert unicodedata.is_normalized("NFC", line) and line == " ".join(line.split()) and line, repr(line)


def test_seed_000_facts_agree_with_the_parsers() -> None:
    p = parse_symbol(Seed000.NUMBER_LINE)
    assert (p.number, p.kind, p.issuer, p.symbol()) == (Seed000.NUMBER, Seed000.KIND, Seed000.ISSUER_CODE,
                                                        Seed000.SYMBOL)
    assert parse_date_line(Seed000.DATE_LINE) == (Seed000.PLACE, Seed000.DATE)
    assert parse_signature_block(list(Seed000.SIGNATURE_LINES)) == SignatureBlock(*Seed000.SIGNATURE)
    recipients, archive = recipients_of("\n".join(Seed000.noi_nhan_lines()))
    assert [(r.text, r.purpose) for r in recipients] == list(Seed000.RECIPIENTS)
    assert archive == ArchiveLine(Seed000.ARCHIVE_UNITS, Seed000.ARCHIVE_COPIES)
    assert recipients_of(Seed000.text()) == (recipients, archive)
    assert Seed000.REFERENCE in Seed000.PREAMBLE[0]
    assert [line for line in Seed000.BODY if line in HEADINGS] == list(HEADINGS)
    assert Seed000.BODY[0] == HEADINGS[0]


def test_seed_000_stamp_facts_read_from_the_stamp_lines() -> None:
    org, label, number, month = Seed000.STAMP_LINES
    assert org == Seed000.STAMP_ORG
    assert label.replace("ĐỀN", "ĐẾN") == Seed000.STAMP_LABEL  # OCR read the "Ế" of "ĐẾN" as "Ề"
    assert number == f"Số {Seed000.STAMP_NUMBER}"
    assert month == "Tháng {} năm {}".format(*Seed000.STAMP_MONTH_YEAR)


def test_seed_000_facts_state_one_reporting_duty() -> None:
    (duty,) = detect_reporting_duties(Seed000.text())
    assert duty.excerpt == Seed000.REPORTING_DUTY.removeprefix("- ")
    assert (duty.frequency, duty.recipient_text, duty.via_text) == (
        Seed000.REPORTING_FREQUENCY, Seed000.REPORTING_RECIPIENT, Seed000.REPORTING_VIA)


def test_seed_003_facts_state_one_monthly_reporting_duty() -> None:
    assert Seed003.EXCERPT[:3] == (Seed003.KIND_TITLE, *Seed003.SUBJECT_LINES)
    assert Seed003.REFERENCE in Seed003.EXCERPT[4]
    assert Seed003.MAILBOX in Seed003.REPORTING_DUTY
    (duty,) = detect_reporting_duties(Seed003.text())
    assert (duty.frequency, duty.via_text) == (Seed003.REPORTING_FREQUENCY, Seed003.REPORTING_VIA)


def test_the_payload_built_from_the_facts_carries_the_facts() -> None:
    doc = seed000_document("facts")
    p = doc["payload"]
    assert (p["kind"], p["subject"], p["preamble"], p["body"]) == (
        Seed000.KIND, Seed000.SUBJECT, "\n".join(Seed000.PREAMBLE), "\n".join(Seed000.BODY))
    assert [(r["text"], r["purpose"]) for r in p["recipients"]] == list(Seed000.RECIPIENTS)
    assert p["archive"] == {"units": list(Seed000.ARCHIVE_UNITS), "copies": Seed000.ARCHIVE_COPIES}
    assert doc["symbol"].symbol() == Seed000.SYMBOL and doc["number_line_raw"] == Seed000.NUMBER_LINE
    assert (doc["date"], doc["date_line"]) == ((Seed000.PLACE, Seed000.DATE), Seed000.DATE_LINE)
    assert doc["signature"] == SignatureBlock(*Seed000.SIGNATURE)
    assert doc["recipients_block"] == Seed000.noi_nhan_lines()


# --- the facts against the real seeds ---------------------------------------------------------------------
def test_seed_000_fact_lines_are_the_seed_lines(seed000: str) -> None:
    lines = nonblank(seed000)
    facts = Seed000.lines()
    assert in_order(facts, lines), [line[:60] for line in facts if line not in lines]
    head = facts.index(Seed000.BODY[0])  # header, stamp, title, subject and preamble: all of them, in full
    assert lines[:head] == facts[:head]
    tail = len(Seed000.noi_nhan_lines()) + len(Seed000.SIGNATURE_LINES)  # Nơi nhận to the end: in full
    assert lines[-tail:] == facts[-tail:]
    assert lines[-tail - 1] == Seed000.BODY[-1]
    assert [line for line in lines if line.startswith(("I. ", "II. ", "III. ", "IV. "))] == list(HEADINGS)


def test_seed_000_raw_lines_hold_the_facts(seed000: str) -> None:
    """The lines as stored in the file (not normalised), as the parsers' unit tests used to read them."""
    raw = seed000.splitlines()
    assert line_starting(raw, "Số 23") == Seed000.NUMBER_LINE
    assert line_starting(raw, "Hà Nội, ngày") == Seed000.DATE_LINE
    assert [x for x in raw if x.strip()][-3:] == list(Seed000.SIGNATURE_LINES)
    start = raw.index("Nơi nhận:")
    block = [x for x in raw[start:] if x.strip()]
    assert block[:len(Seed000.noi_nhan_lines())] == Seed000.noi_nhan_lines()
    assert Seed000.SUBJECT in seed000 and "21-HD/BTGDVTW" in seed000


def test_seed_000_parsed_in_full_gives_the_facts(seed000: str) -> None:
    assert recipients_of(seed000) == recipients_of(Seed000.text())
    recipients, archive = recipients_of(seed000)
    assert [(r.text, r.purpose) for r in recipients] == list(Seed000.RECIPIENTS)
    assert archive == ArchiveLine(Seed000.ARCHIVE_UNITS, Seed000.ARCHIVE_COPIES)
    assert detect_reporting_duties("\n".join(normalized_lines(seed000))) == detect_reporting_duties(Seed000.text())


def test_the_payload_from_the_seed_equals_the_payload_from_the_facts_but_for_the_shorter_body(seed000: str) -> None:
    real, ours = seed000_document("seed"), seed000_document("facts")
    real_body, our_body = real["payload"].pop("body"), ours["payload"].pop("body")
    assert real == ours
    assert in_order(our_body.splitlines(), real_body.splitlines())
    assert len(our_body) < len(real_body)


def test_seed_003_excerpt_lines_are_the_seed_lines(seed003: str) -> None:
    lines = nonblank(seed003)
    assert in_order(list(Seed003.EXCERPT), lines), [line[:60] for line in Seed003.EXCERPT if line not in lines]
    assert lines[:5] == list(Seed003.EXCERPT[:5])  # title, subject, rule, introduction
    assert lines[-1] == Seed003.REPORTING_DUTY
    assert detect_reporting_duties("\n".join(normalized_lines(seed003))) == detect_reporting_duties(Seed003.text())
    assert ("Tỉnh uỷ" in seed003, "Tỉnh ủy" in seed003) == ("Tỉnh uỷ" in Seed003.text(), "Tỉnh ủy" in Seed003.text())
