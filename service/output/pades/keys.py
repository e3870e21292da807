"""Keys and certificates: a demo CA, issued signing certificates, key encryption, PKCS#12 import."""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
from dataclasses import dataclass

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import NameOID

CA_VALIDITY = dt.timedelta(days=3652)  # 10 years
PERSONAL_VALIDITY = dt.timedelta(days=3 * 365)
ORGANIZATION_VALIDITY = dt.timedelta(days=5 * 365)


@dataclass(frozen=True)
class KeyMaterial:
    """A private key with its certificate and the chain up to (and including) the root.

    ``key_pem`` is the PLAIN private key (PKCS#8 PEM); callers store it encrypted
    (see :func:`encrypt_private_key`). ``chain_pem`` is empty for a self-signed root.
    """

    key_pem: bytes
    cert_pem: bytes
    chain_pem: tuple[bytes, ...]


def _key_pem(key: rsa.RSAPrivateKey | ec.EllipticCurvePrivateKey) -> bytes:
    return key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )


def _cert_pem(cert: x509.Certificate) -> bytes:
    return cert.public_bytes(serialization.Encoding.PEM)


def _name(common_name: str, organization: str | None = None) -> x509.Name:
    attributes = [x509.NameAttribute(NameOID.COUNTRY_NAME, "VN")]
    if organization:
        attributes.append(x509.NameAttribute(NameOID.ORGANIZATION_NAME, organization))
    attributes.append(x509.NameAttribute(NameOID.COMMON_NAME, common_name))
    return x509.Name(attributes)


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(microsecond=0)


def create_demo_ca(common_name: str = "Demo CA - Văn bản điện tử") -> KeyMaterial:
    """A self-signed root CA (RSA 2048, 10 years) for demonstrations and tests.

    It publishes no CRL or OCSP: signatures under it can only be checked without revocation.
    """
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    name = _name(common_name)
    now = _now()
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(minutes=5))
        .not_valid_after(now + CA_VALIDITY)
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=False, content_commitment=False, key_encipherment=False,
                data_encipherment=False, key_agreement=False, key_cert_sign=True, crl_sign=True,
                encipher_only=False, decipher_only=False,
            ),
            critical=True,
        )
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
        .sign(key, hashes.SHA256())
    )
    return KeyMaterial(key_pem=_key_pem(key), cert_pem=_cert_pem(cert), chain_pem=())


# Over 40 lines on purpose: one X.509 certificate, extension by extension.
def issue_certificate(
    ca: KeyMaterial, common_name: str, organization: str, *, is_organization: bool
) -> KeyMaterial:
    """A signing certificate (RSA 2048) issued by ``ca``, for digital signature and non-repudiation.

    A personal certificate (chữ ký số cá nhân) names the person in CN and the body in O and is
    valid 3 years; an organization certificate (chữ ký số cơ quan, replaces the seal) names the
    body in CN and O and is valid 5 years.
    """
    ca_key = serialization.load_pem_private_key(ca.key_pem, password=None)
    ca_cert = x509.load_pem_x509_certificate(ca.cert_pem)
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    now = _now()
    validity = ORGANIZATION_VALIDITY if is_organization else PERSONAL_VALIDITY
    not_after = min(now + validity, ca_cert.not_valid_after_utc)
    cert = (
        x509.CertificateBuilder()
        .subject_name(_name(common_name, organization))
        .issuer_name(ca_cert.subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(minutes=5))
        .not_valid_after(not_after)
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=True, content_commitment=True, key_encipherment=False,
                data_encipherment=False, key_agreement=False, key_cert_sign=False, crl_sign=False,
                encipher_only=False, decipher_only=False,
            ),
            critical=True,
        )
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
        .add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(ca_cert.public_key()),  # type: ignore[arg-type]
            critical=False,
        )
        .sign(ca_key, hashes.SHA256())  # type: ignore[arg-type]
    )
    return KeyMaterial(
        key_pem=_key_pem(key), cert_pem=_cert_pem(cert), chain_pem=(ca.cert_pem, *ca.chain_pem)
    )


def encrypt_private_key(key_pem: bytes, passphrase: bytes) -> bytes:
    """The key as encrypted PKCS#8 PEM (best available encryption of the cryptography library)."""
    if not passphrase:
        raise ValueError("an empty passphrase cannot protect a private key")
    key = serialization.load_pem_private_key(key_pem, password=None)
    return key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.BestAvailableEncryption(passphrase),
    )


PIN_SCRYPT = {"n": 2**14, "r": 8, "p": 1}  # ~16 MiB and tens of ms a try: a stolen table is slow to guess


def pin_password(pin: str, salt: bytes, pepper: bytes) -> bytes:
    """The password a PIN-protected key is encrypted under: scrypt(PIN, per-key salt), keyed with the server's
    pepper (KEY_PASSPHRASE). Neither the PIN alone nor the pepper alone opens the key."""
    stretched = hashlib.scrypt(pin.encode(), salt=salt, dklen=32, **PIN_SCRYPT)
    return hmac.new(pepper, b"signing-pin:" + stretched, hashlib.sha256).hexdigest().encode()


def decrypt_private_key(enc_pem: bytes, passphrase: bytes) -> bytes:
    """The plain PKCS#8 PEM key; raises ``ValueError`` on a wrong passphrase or damaged data."""
    try:
        key = serialization.load_pem_private_key(enc_pem, password=passphrase)
    except (TypeError, ValueError) as exc:
        raise ValueError("wrong passphrase or damaged private key") from exc
    return _key_pem(key)  # type: ignore[arg-type]


def load_pkcs12(data: bytes, password: bytes | None) -> KeyMaterial:
    """Key, certificate and chain from a CA-issued PKCS#12 (.p12/.pfx) file.

    Raises ``ValueError`` on a wrong password or when the file lacks a key or a certificate.
    """
    try:
        key, cert, extra = pkcs12.load_key_and_certificates(data, password)
    except (TypeError, ValueError) as exc:
        raise ValueError("wrong password or damaged PKCS#12 file") from exc
    if key is None or cert is None:
        raise ValueError("the PKCS#12 file has no private key or no certificate")
    return KeyMaterial(
        key_pem=_key_pem(key),  # type: ignore[arg-type]
        cert_pem=_cert_pem(cert),
        chain_pem=tuple(_cert_pem(c) for c in extra),
    )
