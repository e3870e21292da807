"""Response models of the outgoing document: the signed-in person, the document (as its sender and as a
recipient sees it), its history, versions, deliveries, the open steps, bulk results and the outgoing register."""
from __future__ import annotations

from typing import Any, Literal

from pydantic import Field

from service.http.api.models.base import Date, DateTime, Out, Page
from service.http.api.models.incoming import Incoming


class Me(Out):
    username: str
    full_name: str
    org: str = Field(description="Organization code")
    unit: str | None = Field(description="Unit code")
    position: str | None
    roles: list[str] = Field(description="role@ORGCODE")


class RecipientLink(Out):
    type: Literal["org", "subordinates", "group", "person"]
    ref: str


class Recipient(Out):
    """One Nơi nhận line as stored: its wording, purpose and what it reaches in the directory."""
    text: str
    purpose: str
    links: list[RecipientLink] = []
    outside: bool = False
    org_code: str | None = None


class Archive(Out):
    units: list[str]
    copies: int | None


class SignatureBlock(Out):
    prefix: str | None
    collective_title: str | None
    position_title: str | None
    full_name: str
    lines: list[str]


class DocumentSummary(Out):
    """A document as lists show it."""
    id: int
    org: str = Field(description="Issuer organization code")
    issuer: str = Field(description="Issuer organization name")
    system: str
    ruleset: str | None
    ruleset_label: str | None
    kind: str
    subject: str
    status: str
    status_label: str
    step: str | None
    step_role: str | None
    task_id: str | None = Field(description="The open step's task id (POST …/tasks/{task_id})")
    version: int = Field(description="Optimistic lock: send it back in If-Match")
    version_no: int = Field(description="Draft version number")
    content_hash: str | None
    urgency: str | None
    secrecy: str | None
    number: int | None
    symbol: str | None
    number_line: str | None
    issue_date: Date | None
    date_line: str | None
    created_at: DateTime | None
    signed_at: DateTime | None
    dispatched_at: DateTime | None
    corrects_id: int | None
    recalled: bool
    recalled_at: DateTime | None
    recall_reason: str | None


class Document(DocumentSummary):
    """A document as its sender's people see it: the whole draft, its Nơi nhận and signature."""
    corrected_by: list[int] = Field(description="Ids of its corrections (đính chính) the caller may see")
    preamble: str | None
    body: str | None
    place: str | None
    drafting_unit: str | None
    intended_signer: str | None
    created_by: str
    recipients: list[Recipient]
    archive: Archive | None
    archive_line: str | None
    recipient_lines: list[str]
    copies: int | None
    signature_block: SignatureBlock | None
    approved_hash: str | None
    signed_hash: str | None


class IssuedDocument(Out):
    """What a person of a recipient organization sees: the issued document only."""
    id: int
    org: str
    issuer: str
    system: str
    kind: str
    subject: str
    status: str
    status_label: str
    urgency: str | None
    secrecy: str | None
    number: int | None
    symbol: str | None
    number_line: str | None
    issue_date: Date | None
    date_line: str | None
    dispatched_at: DateTime | None
    corrects_id: int | None
    corrected_by: list[int]
    recalled: bool
    recalled_at: DateTime | None
    recall_reason: str | None
    recipient_lines: list[str]
    insider: Literal[False]


class DocumentList(Page):
    items: list[DocumentSummary]


class Event(Out):
    at: DateTime | None
    actor: str | None
    actor_name: str | None
    actor_label: str | None
    on_behalf_of: str | None
    action: str
    action_label: str
    task: str | None
    comment: str | None
    version_no: int | None
    details: dict[str, Any] | None = Field(description="What the action recorded (free-form per action)")


class EventList(Page):
    items: list[Event]


class Version(Out):
    version_no: int
    sha256: str
    created_at: DateTime | None
    content: dict[str, Any] = Field(description="The draft content of that version (the fields of DraftIn)")


class VersionList(Page):
    items: list[Version]


class Delivery(Out):
    """One recipient reached by one Nơi nhận line."""
    id: int
    position: int
    line_no: int
    recipient: str = Field(description="The line's wording")
    purpose: str
    organization: str | None = Field(description="Code of the organization reached; null outside the system")
    organization_name: str | None
    person: str | None = Field(description="Username of the person reached")
    person_name: str | None
    outside: bool
    channel: str | None
    note: str | None
    status: str
    sent_at: DateTime | None
    received_at: DateTime | None


class DeliveryList(Page):
    items: list[Delivery]


class Task(Out):
    """One open step: an outgoing step carries its `document`, an incoming one its `incoming` document."""
    flow: str
    flow_label: str
    task_id: str
    task: str
    title: str | None
    role: str | None
    urgency: str | None
    waiting_since: DateTime | None
    on_behalf_of: str | None
    on_behalf_of_name: str | None
    document: DocumentSummary | None = None
    incoming: Incoming | None = None


class TaskList(Page):
    items: list[Task]


class BulkItem(Out):
    document_id: int
    ok: bool
    status: int = Field(description="The HTTP status this item would have had alone")
    error: str | None
    message: str
    document: DocumentSummary | None


class BulkResult(Out):
    task: str
    total: int
    succeeded: int
    failed: int
    items: list[BulkItem]


class RegisterColumn(Out):
    key: str = Field(description="The key of the row field shown in this column")
    label: str


class OutgoingRegisterRow(Out):
    id: int
    document_id: int | None
    symbol: str | None
    number: int | None
    kind: str | None
    issue_date: Date
    kind_and_subject: str
    signer_name: str | None
    recipients: list[str]
    archive: str | None
    copies: int | None
    dispatched_at: DateTime | None
    received_by: str | None
    note: str | None
    signed_pdf_sha256: str | None
    voided: bool
    void_reason: str | None
    recalled: bool
    recall_reason: str | None


class OutgoingRegister(Page):
    columns: list[RegisterColumn] = Field(description="NĐ 30 Phụ lục IV columns; each key is a field of the rows")
    items: list[OutgoingRegisterRow]
