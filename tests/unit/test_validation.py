"""V11, V12, V13, V18, V22 and field checks on document content."""
from __future__ import annotations

import dataclasses
import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from service.domain.errors import DomainError
from service.domain.kinds import KINDS, PARTY, STATE, get_kind
from service.domain.recipients import ArchiveLine, RecipientLine, parse_recipients_block
from service.domain.validation import (
    SECRECY_LABELS,
    URGENCY_LABELS,
    DocumentContent,
    check_kind_allowed,
    check_org_signature_allowed,
    check_unchanged_after_signing,
    content_hash,
    subject_line,
    validate_content,
    validate_for_signing,
)

from ..seed_facts import Seed000

SUBJECT = "Triển khai công tác thông tin đối ngoại về Đại hội đại biểu toàn quốc lần thứ XIV của Đảng"


def codes(vs: list) -> list[str]:
    return [v.code for v in vs]


def seed_content() -> DocumentContent:
    recipients, archive = parse_recipients_block(Seed000.text())
    return DocumentContent(PARTY, "KH", SUBJECT, "Căn cứ Hướng dẫn số 21-HD/BTGDVTW …", "I. MỤC ĐÍCH, YÊU CẦU …",
                           tuple(recipients), archive, 10, None, None)


def test_the_seed_plan_is_complete_for_signing() -> None:
    assert SUBJECT == Seed000.SUBJECT
    assert validate_for_signing(seed_content()) == []


def test_v12_no_subject_no_recipients_and_no_luu_line_are_all_reported() -> None:
    c = dataclasses.replace(seed_content(), subject=" ", recipients=(), archive=None, copies=None)
    vs = validate_for_signing(c)
    assert {(v.code, v.field) for v in vs} == {("V12", "subject"), ("V12", "recipients"), ("V12", "archive")}
    assert all(v.message for v in vs)


def test_v12_an_empty_body_is_reported() -> None:
    assert codes(validate_for_signing(dataclasses.replace(seed_content(), body=""))) == ["V12"]


def test_v12_a_kind_without_subject_needs_none() -> None:
    c = DocumentContent(STATE, "GGT", "", "", "Trân trọng giới thiệu …", (RecipientLine("Sở Nội vụ", "ACTION"),),
                        ArchiveLine(("VT",), None), None, None, None)
    assert validate_for_signing(c) == []


def test_v13_eight_recipients_and_five_copies_is_refused() -> None:
    c = seed_content()
    c = dataclasses.replace(c, recipients=c.recipients + (RecipientLine("Sở Nội vụ", "ACTION"),), copies=5)
    assert len(c.recipients) == 8
    vs = validate_for_signing(c)
    assert [(v.code, v.field) for v in vs] == [("V13", "copies")]
    assert "5" in vs[0].message and "8" in vs[0].message


def test_v13_copies_not_yet_decided_are_not_checked() -> None:
    assert validate_for_signing(dataclasses.replace(seed_content(), copies=None)) == []


def test_subject_longer_than_500_characters_is_refused() -> None:
    vs = validate_content(dataclasses.replace(seed_content(), subject="a" * 501))
    assert [(v.code, v.field) for v in vs] == [("V12", "subject")]


def test_v2_a_state_only_kind_on_a_party_document_is_refused() -> None:
    assert codes(validate_content(dataclasses.replace(seed_content(), kind="CĐ"))) == ["V2"]  # Công điện: state only
    assert codes(validate_content(dataclasses.replace(seed_content(), kind="XX"))) == ["V2"]


def test_unknown_purpose_urgency_and_secrecy_are_refused() -> None:
    c = dataclasses.replace(seed_content(), recipients=(RecipientLine("Bộ Công an", "LUU"),),
                            urgency="GAP", secrecy="BI_MAT")
    assert {v.field for v in validate_content(c)} == {"recipients[0].purpose", "urgency", "secrecy"}


def test_urgency_and_secrecy_have_vietnamese_labels() -> None:
    assert URGENCY_LABELS == {"HOA_TOC": "Hỏa tốc", "THUONG_KHAN": "Thượng khẩn", "KHAN": "Khẩn"}
    assert SECRECY_LABELS == {"MAT": "Mật", "TOI_MAT": "Tối mật", "TUYET_MAT": "Tuyệt mật"}


def test_cong_van_subject_is_printed_with_v_v() -> None:
    assert subject_line("CV", "tăng cường công tác văn thư") == "V/v tăng cường công tác văn thư"
    assert subject_line("KH", SUBJECT) == SUBJECT


# --- V11 ------------------------------------------------------------------------
def test_v11_a_chi_bo_may_not_issue_a_quy_che() -> None:
    vs = check_kind_allowed("CHI_BO", "CHI BỘ", "QC")
    assert codes(vs) == ["V11"]
    assert "chi bộ" in vs[0].message


def test_v11_a_grassroots_dang_uy_issues_a_guide_only_through_its_standing_committee() -> None:
    assert codes(check_kind_allowed("DANG_UY_CO_SO", "BAN CHẤP HÀNH", "HD")) == ["V11"]
    assert codes(check_kind_allowed("DANG_UY_CO_SO", None, "HD")) == ["V11"]
    assert check_kind_allowed("DANG_UY_CO_SO", "BAN THƯỜNG VỤ", "HD") == []


def test_v11_the_seed_plan_of_dang_uy_chinh_phu_is_allowed() -> None:
    assert check_kind_allowed("DANG_UY", "BAN THƯỜNG VỤ", "KH") == []


def test_v11_the_seed_guide_of_a_party_department_is_allowed() -> None:
    assert check_kind_allowed("BAN_DANG", None, "HD") == []


def test_v11_an_unconfigured_organisation_type_is_reported() -> None:
    assert codes(check_kind_allowed("HOP_TAC_XA", None, "KH")) == ["V11"]


# --- V18, V22 -------------------------------------------------------------------
def test_v18_the_organisation_may_not_sign_before_the_person() -> None:
    assert codes(check_org_signature_allowed(False)) == ["V18"]
    assert check_org_signature_allowed(True) == []


def test_v22_editing_the_subject_after_signing_is_refused() -> None:
    c = seed_content()
    signed = content_hash(c)
    edited = dataclasses.replace(c, subject=SUBJECT + " (sửa)")
    assert codes(check_unchanged_after_signing(signed, content_hash(edited))) == ["V22"]
    assert check_unchanged_after_signing(signed, content_hash(c)) == []
    assert check_unchanged_after_signing(None, content_hash(edited)) == []


def test_content_hash_is_a_stable_sha256_that_ignores_unicode_composition() -> None:
    c = seed_content()
    h = content_hash(c)
    assert len(h) == 64 and int(h, 16) >= 0
    nfd = dataclasses.replace(c, subject=unicodedata.normalize("NFD", c.subject))
    assert content_hash(nfd) == h


@given(st.text(min_size=1), st.text(min_size=1))
def test_content_hash_differs_when_the_body_differs(a: str, b: str) -> None:
    base = DocumentContent(PARTY, "KH", "x", "", a, (), None, None, None, None)
    other = dataclasses.replace(base, body=b)
    assert (content_hash(base) == content_hash(other)) == (unicodedata.normalize("NFC", a) == unicodedata.normalize("NFC", b))


# --- kinds -------------------------------------------------------------------
def test_kinds_catalogue_has_the_required_codes_with_uppercase_titles() -> None:
    for code in ("KH", "HD", "BC", "TB", "CV", "NQ", "QĐ", "CT", "KL", "QC", "TTr", "CTr", "ĐA", "BB", "QyĐ"):
        k = get_kind(code)
        assert k.code == code and k.title_vi == k.name_vi.upper()
    assert get_kind("KH").title_vi == "KẾ HOẠCH"
    assert KINDS["CĐ"].systems == frozenset({STATE})
    assert KINDS["QyĐ"].systems == frozenset({PARTY, STATE}), "Quy định: the kind of 66-QĐ/TW itself"


def test_get_kind_normalises_eth_but_refuses_ascii_qd() -> None:
    assert get_kind("Q\u00d0").code == "QĐ"
    with pytest.raises(DomainError) as e:
        get_kind("QD")
    assert e.value.code == "V2"
