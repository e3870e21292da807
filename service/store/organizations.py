"""Tables of organizations and people: organizations, units, committee terms, people, roles, signing
authorities, substitutions (ủy quyền xử lý), API tokens."""

from __future__ import annotations

from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from service.extensions import db


class Organization(db.Model):
    __tablename__ = "organizations"
    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(sa.String(40), unique=True)
    name: Mapped[str] = mapped_column(sa.String(300))
    abbrev: Mapped[str] = mapped_column(sa.String(40))
    system: Mapped[str] = mapped_column(sa.String(10))  # PARTY | STATE
    org_type: Mapped[str] = mapped_column(sa.String(40), default="DANG_UY")
    header_superior: Mapped[str | None] = mapped_column(sa.String(300))
    # The issuer line as the header prints it, when it is not the full name: "Ban Tuyên giáo và Dân vận" under
    # "TỈNH ỦY CAO BẰNG" (the superior line already names the province).
    header_name: Mapped[str | None] = mapped_column(sa.String(300))
    has_seal: Mapped[bool] = mapped_column(default=True, server_default=sa.true())
    place_name: Mapped[str] = mapped_column(sa.String(120), default="Hà Nội")
    parent_id: Mapped[int | None] = mapped_column(sa.ForeignKey("organizations.id"))
    units: Mapped[list[Unit]] = relationship(back_populates="org", order_by="Unit.id")


class Unit(db.Model):
    """A unit inside an organization (ban, văn phòng): drafting units and the Lưu line codes."""
    __tablename__ = "units"
    __table_args__ = (sa.UniqueConstraint("org_id", "code"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    org_id: Mapped[int] = mapped_column(sa.ForeignKey("organizations.id"))
    code: Mapped[str] = mapped_column(sa.String(40))
    name: Mapped[str] = mapped_column(sa.String(300))
    org: Mapped[Organization] = relationship(back_populates="units")


class Term(db.Model):
    """Committee term (nhiệm kỳ cấp ủy): Party numbering runs per kind per term."""
    __tablename__ = "terms"
    id: Mapped[int] = mapped_column(primary_key=True)
    org_id: Mapped[int] = mapped_column(sa.ForeignKey("organizations.id"), index=True)
    name: Mapped[str] = mapped_column(sa.String(120))
    start: Mapped[date]
    end: Mapped[date | None]


class Person(db.Model):
    __tablename__ = "people"
    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(sa.String(80), unique=True)
    email: Mapped[str | None] = mapped_column(sa.String(200), index=True, unique=True)
    full_name: Mapped[str] = mapped_column(sa.String(200))
    password_hash: Mapped[str] = mapped_column(sa.String(300))
    org_id: Mapped[int] = mapped_column(sa.ForeignKey("organizations.id"), index=True)
    unit_id: Mapped[int | None] = mapped_column(sa.ForeignKey("units.id"))
    position: Mapped[str | None] = mapped_column(sa.String(200))
    active: Mapped[bool] = mapped_column(default=True)
    # The person's own choice: notifications also by e-mail (when they have an address).
    email_notifications: Mapped[bool] = mapped_column(default=True, server_default=sa.true())
    org: Mapped[Organization] = relationship()
    unit: Mapped[Unit | None] = relationship()
    roles: Mapped[list[RoleAssignment]] = relationship(back_populates="person")
    authorities: Mapped[list[SigningAuthority]] = relationship(back_populates="person")


class RoleAssignment(db.Model):
    """A person holds a role (a BPMN lane) in an organization, optionally for one unit."""
    __tablename__ = "role_assignments"
    __table_args__ = (sa.UniqueConstraint("person_id", "org_id", "role", "unit_id"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(sa.ForeignKey("people.id"), index=True)
    org_id: Mapped[int] = mapped_column(sa.ForeignKey("organizations.id"), index=True)
    role: Mapped[str] = mapped_column(sa.String(40))
    unit_id: Mapped[int | None] = mapped_column(sa.ForeignKey("units.id"))
    person: Mapped[Person] = relationship(back_populates="roles")


class SigningAuthority(db.Model):
    """Who may sign what: data attached to a person (domain.md §3 Signature, V8–V10)."""
    __tablename__ = "signing_authorities"
    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(sa.ForeignKey("people.id"), index=True)
    org_id: Mapped[int] = mapped_column(sa.ForeignKey("organizations.id"), index=True)
    prefix: Mapped[str | None] = mapped_column(sa.String(10))
    collective_title: Mapped[str | None] = mapped_column(sa.String(200))
    position_title: Mapped[str] = mapped_column(sa.String(200))
    kinds: Mapped[str | None] = mapped_column(sa.String(200))  # comma separated; NULL = every kind
    valid_from: Mapped[date]
    valid_to: Mapped[date | None]
    delegator_title: Mapped[str | None] = mapped_column(sa.String(200))
    delegation_from: Mapped[date | None]
    delegation_to: Mapped[date | None]
    redelegated: Mapped[bool] = mapped_column(default=False)
    person: Mapped[Person] = relationship(back_populates="authorities")


class DirectoryGroup(db.Model):
    """A named list of recipients an organization keeps ("Các đ/c Ủy viên BTV Đảng ủy CP"): organizations or
    people, each reached by one delivery when a Nơi nhận line names the group."""
    __tablename__ = "directory_groups"
    __table_args__ = (sa.UniqueConstraint("org_id", "code"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    org_id: Mapped[int] = mapped_column(sa.ForeignKey("organizations.id"), index=True)
    code: Mapped[str] = mapped_column(sa.String(40))
    name: Mapped[str] = mapped_column(sa.String(300))
    members: Mapped[list[DirectoryGroupMember]] = relationship(order_by="DirectoryGroupMember.id",
                                                               cascade="all, delete-orphan")


class DirectoryGroupMember(db.Model):
    __tablename__ = "directory_group_members"
    __table_args__ = (sa.UniqueConstraint("group_id", "member_org_id", "member_person_id"),
                      sa.CheckConstraint("(member_org_id IS NULL) <> (member_person_id IS NULL)",
                                         name="ck_group_member_one"))
    id: Mapped[int] = mapped_column(primary_key=True)
    group_id: Mapped[int] = mapped_column(sa.ForeignKey("directory_groups.id"), index=True)
    member_org_id: Mapped[int | None] = mapped_column(sa.ForeignKey("organizations.id"))
    member_person_id: Mapped[int | None] = mapped_column(sa.ForeignKey("people.id"))


class ApiToken(db.Model):
    __tablename__ = "api_tokens"
    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(sa.ForeignKey("people.id"), index=True)
    token_hash: Mapped[str] = mapped_column(sa.String(64), unique=True)
    kind: Mapped[str] = mapped_column(sa.String(10), default="API")  # API (bearer) | SESSION (page cookie)
    created_at: Mapped[datetime]
    expires_at: Mapped[datetime]
    revoked: Mapped[bool] = mapped_column(default=False)
    revoked_at: Mapped[datetime | None]
    person: Mapped[Person] = relationship()


class Substitution(db.Model):
    """Ủy quyền xử lý: `substitute` holds the open tasks of `absent` from `starts_at` to `ends_at` (naive UTC),
    for every kind of document (`kinds` NULL) or only the listed kinds (comma separated). Revoked rows are kept
    (revoked_at set) so the history still reads who acted for whom."""
    __tablename__ = "substitutions"
    id: Mapped[int] = mapped_column(primary_key=True)
    org_id: Mapped[int] = mapped_column(sa.ForeignKey("organizations.id"), index=True)
    absent_id: Mapped[int] = mapped_column(sa.ForeignKey("people.id"), index=True)
    substitute_id: Mapped[int] = mapped_column(sa.ForeignKey("people.id"), index=True)
    starts_at: Mapped[datetime]
    ends_at: Mapped[datetime]
    kinds: Mapped[str | None] = mapped_column(sa.String(200))
    reason: Mapped[str | None] = mapped_column(sa.Text)
    created_by_id: Mapped[int] = mapped_column(sa.ForeignKey("people.id"))
    created_at: Mapped[datetime]
    revoked_at: Mapped[datetime | None]
    revoked_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("people.id"))
    absent: Mapped[Person] = relationship(foreign_keys=[absent_id])
    substitute: Mapped[Person] = relationship(foreign_keys=[substitute_id])
    created_by: Mapped[Person] = relationship(foreign_keys=[created_by_id])

    def covers_kind(self, kind: str | None) -> bool:
        return not self.kinds or (kind or "") in {k.strip() for k in self.kinds.split(",")}
