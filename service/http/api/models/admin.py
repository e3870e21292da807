"""Response models of the administration: organizations, units, people, authorities, terms, series, tokens,
recipient groups, the directory, pictures and the directory file."""
from __future__ import annotations

from typing import Any

from pydantic import Field

from service.http.api.models.base import Date, DateTime, Out, Page


class Organization(Out):
    id: int
    code: str
    name: str
    abbrev: str | None
    system: str
    org_type: str | None
    header_superior: str | None
    header_name: str | None
    has_seal: bool
    place_name: str | None
    parent_id: int | None = Field(description="Internal id of the superior organization")


class OrganizationList(Page):
    items: list[Organization]


class Unit(Out):
    id: int
    org: str = Field(description="Organization code")
    code: str
    name: str


class UnitList(Page):
    items: list[Unit]


class RoleGrant(Out):
    role: str
    org_id: int = Field(description="Internal id of the organization the role is held in")
    unit: str | None = Field(description="Unit code")


class PersonRecord(Out):
    id: int
    username: str
    full_name: str
    org: str
    unit: str | None
    position: str | None
    email: str | None
    active: bool
    roles: list[RoleGrant]


class PersonList(Page):
    items: list[PersonRecord]


class Authority(Out):
    id: int
    person: str = Field(description="Username")
    org_id: int = Field(description="Internal id of the organization")
    prefix: str | None
    collective_title: str | None
    position_title: str | None
    kinds: list[str] | None
    valid_from: Date
    valid_to: Date | None
    delegator_title: str | None


class AuthorityList(Page):
    items: list[Authority]


class Term(Out):
    id: int
    org_id: int = Field(description="Internal id of the organization")
    name: str
    start: Date
    end: Date | None
    period_key: str


class TermList(Page):
    items: list[Term]


class Series(Out):
    id: int
    org_id: int = Field(description="Internal id of the organization")
    direction: str
    kind: str | None
    period_key: str
    secret: bool
    next_value: int


class SeriesList(Page):
    items: list[Series]


class TokenInfo(Out):
    id: int
    kind: str = Field(description="api (a bearer token) or web (a page session)")
    created_at: DateTime | None
    expires_at: DateTime | None


class TokenList(Page):
    items: list[TokenInfo]


class GroupMember(Out):
    type: str
    ref: str
    name: str


class Group(Out):
    id: int
    org_id: int = Field(description="Internal id of the organization")
    code: str
    name: str
    members: list[GroupMember]


class GroupList(Page):
    items: list[Group]


class DirectoryEntry(Out):
    link: str = Field(description="type:ref, the value a Nơi nhận line stores")
    type: str
    ref: str
    name: str
    detail: str | None
    type_label: str


class DirectoryPage(Page):
    items: list[DirectoryEntry]


class Image(Out):
    sha256: str
    width: int
    height: int
    uploaded_at: DateTime | None


class ImportProblem(Out):
    sheet: str | None
    row: int | None
    column: str | None
    message: str


class ImportRow(Out):
    sheet: str
    row: int
    key: str | None
    action: str | None
    action_label: str
    changes: Any = Field(description="What would change (per field), as the preview lists it")
    errors: list[ImportProblem]


class OneTimePassword(Out):
    username: str
    full_name: str
    password: str


class ImportResult(Out):
    format: str
    sha256: str
    applied: bool
    ok: bool
    counts: dict[str, int]
    rows: list[ImportRow]
    errors: list[ImportProblem]
    passwords: list[OneTimePassword]
