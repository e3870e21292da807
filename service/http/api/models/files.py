"""Response models of a document's official file: signature verification, the signing PIN, version diffs."""
from __future__ import annotations

from typing import Any, Literal

from pydantic import Field

from service.http.api.models.base import DateTime, Out


class SignatureCheck(Out):
    field: str
    signer: str
    signed_at: DateTime
    intact: bool
    valid: bool
    trusted: bool
    covers_whole_file: bool
    problem: str | None


class Badge(Out):
    state: Literal["unsigned", "valid", "altered", "invalid"]
    label: str


class Verification(Out):
    """Both signatures, their chain to the trusted authorities, and whether the file is intact."""
    document_id: int
    source: str | None = Field(description="personal, organization, upload, or null when nothing is signed")
    register_sha256: str | None
    sha256: str | None
    matches_register: bool | None
    ok: bool
    altered: bool
    personal: SignatureCheck | None
    organization: SignatureCheck | None
    signatures: list[SignatureCheck]
    badge: Badge


class PinKey(Out):
    key_id: int
    common_name: str
    pin_set: bool
    locked: bool
    failures: int


class PinStatus(Out):
    """My signing key (and, for a clerk, my organization's): null when there is no key."""
    person: PinKey | None
    organization: PinKey | None = None


class FieldChange(Out):
    field: str
    label: str
    diff: list[str] | None = Field(default=None, description="Unified diff lines (text fields)")
    from_: Any = Field(default=None, alias="from", description="Old value (other fields)")
    to: Any = Field(default=None, description="New value (other fields)")


class VersionComment(Out):
    version_no: int | None
    actor: str | None
    action: str
    comment: str | None


class Diff(Out):
    document_id: int
    from_: int = Field(alias="from")
    to: int
    from_sha256: str
    to_sha256: str
    identical: bool
    changed: list[str]
    changes: list[FieldChange]
    comments: list[VersionComment]
