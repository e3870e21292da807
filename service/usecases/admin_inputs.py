"""Request bodies of the administration (pydantic): unknown fields are refused, text is NFC and stripped.
A create model requires what a row needs; its Patch twin makes every field optional (only given fields change)."""
from __future__ import annotations

from datetime import date
from typing import Annotated, Literal

from pydantic import AfterValidator, Field, field_validator

from service.domain.text import nfc
from service.usecases import inputs

Code = Field(min_length=1, max_length=40, pattern=r"^[A-Za-z0-9ĐđÂâĂăÊêÔôƠơƯư_.\-]+$")
# A person's e-mail (the single sign-on may find them by it): one address, kept lower-case.
Email = Annotated[str, Field(min_length=3, max_length=200, pattern=r"^[^@\s]+@[^@\s]+\.[^@\s]+$"),
                  AfterValidator(str.lower)]
Role = Literal["drafter", "unit_head", "office", "signer", "clerk", "archivist", "leader", "handler",
               "orgadmin", "sysadmin"]
ROLE_LABELS = {"drafter": "Chuyên viên soạn thảo", "unit_head": "Lãnh đạo đơn vị", "office": "Văn phòng",
               "signer": "Người ký", "clerk": "Văn thư", "archivist": "Lưu trữ", "leader": "Lãnh đạo (văn bản đến)",
               "handler": "Người xử lý (văn bản đến)", "orgadmin": "Quản trị cơ quan",
               "sysadmin": "Quản trị hệ thống"}


class _Strict(inputs.Strict):
    """Every text field NFC (the draft models name theirs one by one)."""

    @field_validator("*", mode="before")
    @classmethod
    def _nfc(cls, v):
        return nfc(v) if isinstance(v, str) else v


class OrganizationIn(_Strict):
    code: str = Code
    name: str = Field(min_length=1, max_length=300)
    abbrev: str = Field(min_length=1, max_length=40)
    system: Literal["PARTY", "STATE"]
    org_type: str = Field(min_length=1, max_length=40)
    header_superior: str | None = Field(default=None, max_length=300)
    header_name: str | None = Field(default=None, max_length=300,
                                    description="The issuer line as printed, when it is not the full name")
    has_seal: bool = True
    place_name: str = Field(min_length=1, max_length=120)
    parent: str | None = Field(default=None, max_length=40)


class OrganizationPatch(_Strict):
    name: str | None = Field(default=None, min_length=1, max_length=300)
    abbrev: str | None = Field(default=None, min_length=1, max_length=40)
    org_type: str | None = Field(default=None, min_length=1, max_length=40)
    header_superior: str | None = Field(default=None, max_length=300)
    header_name: str | None = Field(default=None, max_length=300)
    has_seal: bool | None = None
    place_name: str | None = Field(default=None, min_length=1, max_length=120)
    parent: str | None = Field(default=None, max_length=40)


class UnitIn(_Strict):
    org: str = Code
    code: str = Code
    name: str = Field(min_length=1, max_length=300)


class UnitPatch(_Strict):
    name: str | None = Field(default=None, min_length=1, max_length=300)


class RoleIn(_Strict):
    role: Role
    unit: str | None = Field(default=None, max_length=40)


class PersonIn(_Strict):
    username: str = Field(min_length=3, max_length=80, pattern=r"^[a-z0-9][a-z0-9._-]*$")
    full_name: str = Field(min_length=1, max_length=200)
    org: str = Code
    unit: str | None = Field(default=None, max_length=40)
    position: str | None = Field(default=None, max_length=200)
    email: Email | None = None
    password: str = Field(min_length=1, max_length=200)
    roles: list[RoleIn] = Field(default_factory=list, max_length=20)


class PersonPatch(_Strict):
    full_name: str | None = Field(default=None, min_length=1, max_length=200)
    unit: str | None = Field(default=None, max_length=40)
    position: str | None = Field(default=None, max_length=200)
    email: Email | None = Field(default=None, description="null removes the e-mail")
    active: bool | None = None
    password: str | None = Field(default=None, min_length=1, max_length=200)
    roles: list[RoleIn] | None = Field(default=None, max_length=20)


class AuthorityIn(_Strict):
    person: str = Field(min_length=1, max_length=80)
    prefix: str | None = Field(default=None, max_length=10)
    collective_title: str | None = Field(default=None, max_length=200)
    position_title: str = Field(min_length=1, max_length=200)
    kinds: list[str] | None = Field(default=None, max_length=40)
    valid_from: date
    valid_to: date | None = None
    delegator_title: str | None = Field(default=None, max_length=200)
    delegation_from: date | None = None
    delegation_to: date | None = None


class AuthorityPatch(_Strict):
    valid_to: date | None = None


class TermIn(_Strict):
    org: str = Code
    name: str = Field(min_length=1, max_length=120)
    start: date
    end: date | None = None


class TermPatch(_Strict):
    name: str | None = Field(default=None, min_length=1, max_length=120)
    end: date | None = None


class SeriesIn(_Strict):
    org: str = Code
    direction: Literal["OUT", "IN"] = "OUT"
    kind: str = Field(min_length=1, max_length=10)
    period_key: str = Field(min_length=1, max_length=40, pattern=r"^(TERM:\d+|YEAR:\d{4})$")
    next_value: int = Field(ge=1, lt=2**31)


class GroupMemberIn(_Strict):
    type: Literal["org", "person"]
    ref: str = Field(min_length=1, max_length=80, description="Organization code or username")


class GroupIn(_Strict):
    """A named list of recipients ("Các đ/c Ủy viên BTV Đảng ủy CP") an organization keeps."""
    org: str = Code
    code: str = Code
    name: str = Field(min_length=1, max_length=300)
    members: list[GroupMemberIn] = Field(default_factory=list, max_length=500)


class GroupPatch(_Strict):
    name: str | None = Field(default=None, min_length=1, max_length=300)
    members: list[GroupMemberIn] | None = Field(default=None, max_length=500)
