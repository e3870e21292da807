"""Request bodies, validated with pydantic: unknown fields are refused (extra='forbid')."""
from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from service.domain.text import nfc

Purpose = Literal["ACTION", "REPORT", "COORDINATE", "INFO"]
Urgency = Literal["HOA_TOC", "THUONG_KHAN", "KHAN"]
Secrecy = Literal["MAT", "TOI_MAT", "TUYET_MAT"]

# A plan is tens of KB (seed 000 ~ 19 KB); 500 KB of body text is far beyond any real document.
MAX_BODY = 500_000


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class LinkIn(Strict):
    """What a Nơi nhận line reaches in the directory (see GET /api/directory)."""
    type: Literal["org", "subordinates", "group", "person"]
    ref: str = Field(min_length=1, max_length=90, description="Organization code, 'ORG/GROUP' code, or username")


class RecipientIn(Strict):
    text: str = Field(min_length=1, max_length=500, description="The wording printed in Nơi nhận")
    purpose: Purpose = "ACTION"
    org_code: str | None = Field(default=None, max_length=40, description="Shorthand for one link to an organization")
    links: list[LinkIn] = Field(default_factory=list, max_length=50)
    outside: bool = Field(default=False, description="Delivered outside the system (on paper or by e-mail)")

    _nfc = field_validator("text")(lambda cls, v: nfc(v))


class ArchiveIn(Strict):
    units: list[str] = Field(min_length=1, max_length=20)
    copies: int | None = Field(default=None, ge=1, le=1000)


class DraftIn(Strict):
    """A draft's content (dự thảo): what the drafter writes."""
    org: str | None = Field(default=None, max_length=40, description="Issuer organization code; default: the drafter's")
    drafting_unit: str | None = Field(default=None, max_length=40)
    kind: str = Field(min_length=1, max_length=10)
    subject: str = Field(min_length=1, max_length=1000, description="Trích yếu")
    preamble: str = Field(default="", max_length=20_000)
    body: str = Field(default="", max_length=MAX_BODY)
    place: str | None = Field(default=None, max_length=120)
    urgency: Urgency | None = None
    secrecy: Secrecy | None = None
    recipients: list[RecipientIn] = Field(default_factory=list, max_length=2000)
    archive: ArchiveIn | None = None
    copies: int | None = Field(default=None, ge=1, le=100_000)
    intended_signer: str | None = Field(default=None, max_length=80, description="Username of the intended signer")

    @field_validator("kind", "subject", "preamble", "body", "place")
    @classmethod
    def _to_nfc(cls, v: str | None) -> str | None:
        return nfc(v) if isinstance(v, str) else v


class LoginIn(Strict):
    username: str = Field(min_length=1, max_length=80)
    password: str = Field(min_length=1, max_length=200)


class PasswordChangeIn(Strict):
    current_password: str = Field(min_length=1, max_length=200)
    new_password: str = Field(min_length=1, max_length=200)


class DeliveryRecordIn(Strict):
    """How the clerk sent a Nơi nhận line outside the system."""
    channel: Literal["PAPER", "EMAIL"]
    note: str | None = Field(default=None, max_length=300, description="Số phiếu gửi, địa chỉ thư điện tử, …")

    _nfc = field_validator("note")(lambda cls, v: nfc(v) if v else v)


class BulkItemIn(Strict):
    document_id: int = Field(ge=1, lt=2**31)
    version: int | None = Field(default=None, ge=0, lt=2**31, description="If given, the step is refused (409) "
                                "when the document has changed since")


class BulkIn(Strict):
    """POST /api/tasks/bulk: one step, the same fields, many documents (each its own transaction)."""
    task: str = Field(min_length=1, max_length=40, description="content_review, format_check, sign, register "
                      "or dispatch")
    data: dict[str, str | int | None] = Field(default_factory=dict, max_length=10,
                                              description="The step's declared fields, as for one task")
    items: list[Annotated[int, Field(ge=1, lt=2**31)] | BulkItemIn] = Field(min_length=1, max_length=200)
class ReasonIn(Strict):
    """Why a document is recalled (thu hồi) or its number voided (hủy số)."""
    reason: str = Field(min_length=1, max_length=2000, description="Lý do, ghi vào nhật ký và sổ")

    _nfc = field_validator("reason")(lambda cls, v: nfc(v))
