"""PAdES signing and verification: personal then organization signature (NĐ 30 Art. 13.7)."""

from __future__ import annotations

import datetime as dt
import io
import re

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.serialization import pkcs12
from pyhanko.pdf_utils.reader import PdfFileReader
from weasyprint import HTML

from service.output.pades import (
    VIETNAM_TZ,
    KeyMaterial,
    create_demo_ca,
    decrypt_private_key,
    encrypt_private_key,
    issue_certificate,
    load_pkcs12,
    sha256_hex,
    sign_pdf,
    verify_pdf,
)


@pytest.fixture(scope="module")
def ca() -> KeyMaterial:
    return create_demo_ca()


@pytest.fixture(scope="module")
def personal(ca: KeyMaterial) -> KeyMaterial:
    return issue_certificate(ca, "Nguyễn Đức Phong", "Đảng ủy Chính phủ", is_organization=False)


@pytest.fixture(scope="module")
def organization(ca: KeyMaterial) -> KeyMaterial:
    return issue_certificate(ca, "Đảng ủy Chính phủ", "Đảng ủy Chính phủ", is_organization=True)


@pytest.fixture(scope="module")
def unsigned_pdf() -> bytes:
    return HTML(string="<html lang='vi'><body><p>KẾ HOẠCH số 23-KH/ĐU</p></body></html>").write_pdf()


@pytest.fixture(scope="module")
def signed_twice(unsigned_pdf: bytes, personal: KeyMaterial, organization: KeyMaterial) -> bytes:
    once = sign_pdf(unsigned_pdf, personal, field_name="personal", reason="Ký ban hành",
                    signer_name="Nguyễn Đức Phong")
    return sign_pdf(once, organization, field_name="organization", reason="Ký số cơ quan")


def test_issued_certificates_chain_to_the_ca_and_allow_signing(
    ca: KeyMaterial, personal: KeyMaterial
) -> None:
    root = x509.load_pem_x509_certificate(ca.cert_pem)
    cert = x509.load_pem_x509_certificate(personal.cert_pem)
    assert root.issuer == root.subject
    assert root.not_valid_after_utc - root.not_valid_before_utc >= dt.timedelta(days=3650)
    assert cert.issuer == root.subject
    assert personal.chain_pem == (ca.cert_pem,)
    usage = cert.extensions.get_extension_for_class(x509.KeyUsage).value
    assert usage.digital_signature and usage.content_commitment
    assert b"BEGIN PRIVATE KEY" in personal.key_pem  # plain PKCS#8


def test_signing_twice_keeps_the_first_signature_and_appends_incrementally(
    unsigned_pdf: bytes, signed_twice: bytes
) -> None:
    assert signed_twice.startswith(unsigned_pdf)
    assert signed_twice.count(b"%%EOF") >= 3


def test_two_signatures_verify_ok_against_the_demo_ca(ca: KeyMaterial, signed_twice: bytes) -> None:
    report = verify_pdf(signed_twice, [ca.cert_pem])
    assert report.ok and not report.altered
    assert [s.field_name for s in report.signatures] == ["personal", "organization"]
    assert [s.signer_common_name for s in report.signatures] == ["Nguyễn Đức Phong", "Đảng ủy Chính phủ"]
    assert all(s.intact and s.valid and s.trusted and s.problem is None for s in report.signatures)
    assert [s.covers_whole_file for s in report.signatures] == [False, True]
    now = dt.datetime.now(VIETNAM_TZ)
    for s in report.signatures:
        assert s.signed_at.utcoffset() == dt.timedelta(hours=7)
        assert abs(now - s.signed_at) < dt.timedelta(minutes=5)


def test_signature_dictionary_has_vietnam_time_reason_and_location(signed_twice: bytes) -> None:
    reader = PdfFileReader(io.BytesIO(signed_twice), strict=False)
    personal_sig, organization_sig = reader.embedded_signatures
    for sig in (personal_sig, organization_sig):
        assert re.fullmatch(r"D:\d{14}\+07'00'", str(sig.sig_object["/M"]))
        assert str(sig.sig_object["/Location"]) == "Việt Nam"
    assert str(personal_sig.sig_object["/Reason"]) == "Ký ban hành"
    assert str(personal_sig.sig_object["/Name"]) == "Nguyễn Đức Phong"


def test_signature_uses_the_pades_subfilter(signed_twice: bytes) -> None:
    assert signed_twice.count(b"/ETSI.CAdES.detached") == 2


def test_another_ca_is_not_trusted(signed_twice: bytes) -> None:
    stranger = create_demo_ca()  # same name, different key
    report = verify_pdf(signed_twice, [stranger.cert_pem])
    assert not report.ok
    assert not report.altered
    assert len(report.signatures) == 2
    assert all(s.intact and s.valid and not s.trusted for s in report.signatures)


def test_no_trust_roots_means_not_trusted(signed_twice: bytes) -> None:
    report = verify_pdf(signed_twice, [])
    assert not report.ok and not any(s.trusted for s in report.signatures)


def test_one_changed_byte_inside_the_signed_range_is_reported_as_altered(
    ca: KeyMaterial, signed_twice: bytes
) -> None:
    first_range = re.search(rb"/ByteRange\s*\[\s*(\d+)\s+(\d+)", signed_twice)
    assert first_range is not None
    start, length = int(first_range.group(1)), int(first_range.group(2))
    stream = signed_twice.index(b"stream", start) + len(b"stream\n") + 10
    assert start <= stream < start + length
    tampered = bytearray(signed_twice)
    tampered[stream] ^= 0x01
    report = verify_pdf(bytes(tampered), [ca.cert_pem])
    assert report.altered and not report.ok
    assert report.signatures and not report.signatures[0].intact


@pytest.mark.parametrize("position", [0.05, 0.3, 0.5, 0.7, 0.95])
def test_a_changed_byte_anywhere_never_raises(
    ca: KeyMaterial, signed_twice: bytes, position: float
) -> None:
    tampered = bytearray(signed_twice)
    index = int(len(tampered) * position)
    tampered[index] = (tampered[index] + 0x41) % 256
    report = verify_pdf(bytes(tampered), [ca.cert_pem])
    assert not report.ok


@pytest.mark.parametrize("data", [b"", b"not a pdf", b"%PDF-1.7\n%%EOF\n"])
def test_garbage_is_reported_not_raised(ca: KeyMaterial, data: bytes) -> None:
    report = verify_pdf(data, [ca.cert_pem])
    assert not report.ok


def test_unsigned_file_is_not_ok(ca: KeyMaterial, unsigned_pdf: bytes) -> None:
    report = verify_pdf(unsigned_pdf, [ca.cert_pem])
    assert report.signatures == () and not report.ok


def test_bytes_appended_after_the_last_signature_are_detected(
    ca: KeyMaterial, signed_twice: bytes
) -> None:
    report = verify_pdf(signed_twice + b"\n% appended\n", [ca.cert_pem])
    assert not report.ok and report.altered


def test_encrypted_key_round_trips_and_wrong_passphrase_raises(personal: KeyMaterial) -> None:
    encrypted = encrypt_private_key(personal.key_pem, b"mat-khau-dung")
    assert b"ENCRYPTED PRIVATE KEY" in encrypted
    assert personal.key_pem not in encrypted
    assert decrypt_private_key(encrypted, b"mat-khau-dung") == personal.key_pem
    with pytest.raises(ValueError):
        decrypt_private_key(encrypted, b"mat-khau-sai")


def test_pkcs12_round_trip_signs_and_verifies(
    ca: KeyMaterial, personal: KeyMaterial, unsigned_pdf: bytes
) -> None:
    key = serialization.load_pem_private_key(personal.key_pem, password=None)
    p12 = pkcs12.serialize_key_and_certificates(
        name=b"personal",
        key=key,  # type: ignore[arg-type]
        cert=x509.load_pem_x509_certificate(personal.cert_pem),
        cas=[x509.load_pem_x509_certificate(ca.cert_pem)],
        encryption_algorithm=serialization.BestAvailableEncryption(b"p12-pass"),
    )
    loaded = load_pkcs12(p12, b"p12-pass")
    assert loaded == personal
    with pytest.raises(ValueError):
        load_pkcs12(p12, b"wrong")
    signed = sign_pdf(unsigned_pdf, loaded, field_name="personal", reason="Ký ban hành")
    assert verify_pdf(signed, [ca.cert_pem]).ok


def test_sha256_hex_is_the_lowercase_digest() -> None:
    assert sha256_hex(b"abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
