"""Digital signatures of electronic documents (PAdES, NĐ 30 Art. 13 / §6 of the domain notes)."""

from service.output.pades.keys import (
    KeyMaterial,
    create_demo_ca,
    decrypt_private_key,
    encrypt_private_key,
    issue_certificate,
    load_pkcs12,
    pin_password,
)
from service.output.pades.pades import (
    VIETNAM_TZ,
    SignatureReport,
    VerificationReport,
    add_stamp_field,
    image_field_names,
    sha256_hex,
    sign_pdf,
    verify_pdf,
)

__all__ = [
    "VIETNAM_TZ",
    "KeyMaterial",
    "SignatureReport",
    "VerificationReport",
    "add_stamp_field",
    "image_field_names",
    "create_demo_ca",
    "decrypt_private_key",
    "encrypt_private_key",
    "issue_certificate",
    "load_pkcs12",
    "pin_password",
    "sha256_hex",
    "sign_pdf",
    "verify_pdf",
]
