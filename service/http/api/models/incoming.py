"""Response models of incoming documents and their registers."""
from __future__ import annotations

from pydantic import Field

from service.http.api.models.base import Date, DateTime, Out, Page


class Finding(Out):
    """What a check of a received document flagged (V1-V3, V17, V20)."""
    rule: str
    field: str | None
    message: str
    severity: str


class PossibleDuplicate(Out):
    """A registered document that may be the same one (V16)."""
    id: int
    number: int | None
    year: int | None
    arrival_date: Date | None
    symbol: str | None
    author: str | None
    reason: str


class Stamp(Out):
    """The "ĐẾN" stamp."""
    org: str
    label: str
    number: int
    date: Date
    chuyen: str | None
    file_notation: str | None
    raw_text: str | None


class Incoming(Out):
    id: int
    org: str
    status: str
    status_label: str | None
    step: str | None
    step_role: str | None
    task_id: str | None
    urgent: bool
    urgency: str | None
    urgency_label: str | None
    author: str | None
    symbol: str | None
    symbol_raw: str | None
    kind: str | None
    subject: str | None
    place: str | None
    electronic: bool
    findings: list[Finding]
    issue_date: Date | None
    source_document_id: int | None
    received_at: DateTime | None
    number: int | None
    year: int | None
    arrival_date: Date | None
    stamp: Stamp | None
    note: str | None
    lead_unit: str | None
    coordinating_units: list[str]
    handler: str | None
    deadline: Date | None
    direction: str | None
    routed_at: DateTime | None
    outcome: str | None
    reply_document_id: int | None
    handled_at: DateTime | None
    has_pdf: bool
    pdf_sha256: str | None
    possible_duplicates: list[PossibleDuplicate]
    withdrawn_at: DateTime | None
    withdrawal_reason: str | None


class IncomingList(Page):
    items: list[Incoming]


class IncomingColumn(Out):
    key: str = Field(description="The key of the row field shown in this column")
    label: str


class IncomingRegisterRow(Out):
    id: int
    arrival_date: Date | None
    number: int | None
    author: str | None
    symbol: str | None
    issue_date: Date | None
    kind_and_subject: str | None
    recipient: str | None
    routed_at: Date | None
    received_by: str | None
    note: str | None
    urgent: bool
    status: str


class RegisterFinding(Out):
    rule: str
    message: str


class IncomingRegister(Page):
    columns: list[IncomingColumn]
    items: list[IncomingRegisterRow]
    findings: list[RegisterFinding] = Field(description="V16: gaps and repeats of the numbers of each year shown")


class FollowUpRow(Out):
    id: int
    number: int | None
    document: str
    unit: str | None
    deadline: Date | None
    progress: str | None
    reply: str | None
    note: str | None
    status: str
    overdue: bool


class FollowUpRegister(Page):
    columns: list[IncomingColumn]
    items: list[FollowUpRow]
