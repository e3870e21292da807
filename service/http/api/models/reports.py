"""Response models of reporting obligations, periods, notifications and preferences."""
from __future__ import annotations

from pydantic import Field

from service.http.api.models.base import Date, DateTime, Out, Page


class ReviewNote(Out):
    """Why a recognized obligation needs a person's review."""
    rule: str | None = None
    field: str | None = None
    message: str


class Obligation(Out):
    id: int
    title: str
    status: str
    status_label: str
    needs_review: bool
    review: list[ReviewNote] | None
    frequency: str | None
    frequency_label: str | None
    ad_hoc: bool | None
    first_due_date: Date | None
    reminder_days: int | None
    drafting_unit: str | None
    requester: str
    requester_name: str
    via_unit: str | None
    via_text: str | None
    recipient_text: str | None
    obligor_group: str | None
    obligors: list[str] | None
    source_document_id: int | None
    excerpt: str | None
    assigned_to: str | None


class ObligationList(Page):
    items: list[Obligation]


class Period(Out):
    """One organization's period, with lateness."""
    id: int
    obligation_id: int
    org: str
    org_name: str
    period_key: str
    label: str | None
    due_date: Date
    status: str
    status_label: str
    reported: bool
    late: bool
    days_late: int | None
    fulfilled_on: Date | None
    report_document_id: int | None
    report_symbol: str | None
    report_status: str | None
    incoming_id: int | None
    incoming_number: int | None
    reminded: bool
    escalated: bool
    reminder_count: int


class PeriodList(Page):
    items: list[Period]


class PeriodGroup(Out):
    """One period key: who reported, who is late."""
    period_key: str
    label: str | None
    due_date: Date
    organizations: list[Period]
    reported: int
    late: int
    total: int


class ObligationDetail(Obligation):
    periods: list[PeriodGroup]


class CreatedPeriod(Out):
    id: int
    org: str
    period_key: str
    due_date: Date


class CreatedPeriods(Out):
    created: list[CreatedPeriod]


class Notification(Out):
    id: int
    kind: str
    title: str
    body: str | None
    created_at: DateTime | None
    read_at: DateTime | None
    period_id: int | None
    incoming_id: int | None
    document_id: int | None


class NotificationList(Page):
    unread: int = Field(description="Unread notifications in all")
    items: list[Notification]


class NotificationRead(Out):
    id: int
    read_at: DateTime | None


class Preferences(Out):
    email: str | None
    email_notifications: bool
