"""Consistency checks of an organization's set-up: what would leave a document stuck, named plainly.

- a unit with drafters but no unit head (its drafts could never pass the content review);
- a step of the flow that nobody holds (office, signer, clerk);
- a kind of the organization's system that nobody may sign today;
- (Party) no committee term open today: no outgoing document could be numbered.
A drafter is offered only the drafting units whose drafts can complete the flow.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select

from service.domain import numbering
from service.domain.kinds import PARTY
from service.extensions import db
from service.store.organizations import Organization, Person, RoleAssignment, SigningAuthority, Term, Unit
from service.usecases import issuing

FLOW_ROLES = {"office": "văn phòng (kiểm tra thể thức)", "signer": "người ký", "clerk": "văn thư (cấp số, phát hành)"}


@dataclass(frozen=True)
class Finding:
    code: str
    message: str


def _roles(org: Organization) -> list[RoleAssignment]:
    return list(db.session.scalars(
        select(RoleAssignment).join(Person, Person.id == RoleAssignment.person_id)
        .where(RoleAssignment.org_id == org.id, Person.active.is_(True))).all())


def units_that_can_complete(org: Organization) -> list[Unit]:
    """The units whose drafts someone can review: a unit head of that unit, or one for every unit."""
    heads = {r.unit_id for r in _roles(org) if r.role == "unit_head"}
    units = list(db.session.scalars(select(Unit).where(Unit.org_id == org.id).order_by(Unit.id)).all())
    return units if None in heads else [u for u in units if u.id in heads]


def findings(org: Organization, today: date) -> list[Finding]:
    roles = _roles(org)
    out: list[Finding] = []
    ok_units = {u.id for u in units_that_can_complete(org)}
    people_units = dict(db.session.execute(select(Person.id, Person.unit_id).where(Person.org_id == org.id)).all())
    for unit in db.session.scalars(select(Unit).where(Unit.org_id == org.id).order_by(Unit.id)).all():
        drafters = [r for r in roles if r.role == "drafter" and (r.unit_id or people_units.get(r.person_id)) == unit.id]
        if drafters and unit.id not in ok_units:
            out.append(Finding("no_unit_head", f"{unit.name} ({unit.code}) có chuyên viên soạn thảo nhưng chưa có "
                                               "lãnh đạo đơn vị thẩm định nội dung."))
    held = {r.role for r in roles}
    for role, label in FLOW_ROLES.items():
        if role not in held:
            out.append(Finding(f"no_{role}", f"Chưa có ai giữ vai trò {label}: văn bản sẽ dừng ở bước đó."))
    out += _unsigned_kinds(org, today)
    if org.system == PARTY:
        terms = [numbering.Term(str(t.id), t.start, t.end, t.name)  # an unrecorded end: the name's last year
                 for t in db.session.scalars(select(Term).where(Term.org_id == org.id).order_by(Term.start)).all()]
        if not any(t.contains(today) for t in terms):
            ended = [t for t in terms if t.last_day() < today]
            why = f" (nhiệm kỳ \"{ended[-1].name}\" đã kết thúc ngày {ended[-1].last_day():%d/%m/%Y})" if ended else ""
            out.append(Finding("no_open_term", "Không có nhiệm kỳ nào đang mở" + why
                               + ": văn bản đi không thể cấp số. Hãy mở nhiệm kỳ mới."))
    return out


def _unsigned_kinds(org: Organization, today: date) -> list[Finding]:
    auths = [a for a in db.session.scalars(select(SigningAuthority).join(Person, Person.id == SigningAuthority.person_id)
                                           .where(SigningAuthority.org_id == org.id, Person.active.is_(True))).all()
             if a.valid_from <= today and (a.valid_to is None or a.valid_to >= today)]
    if any(a.kinds is None for a in auths):
        return []
    covered = {k.strip() for a in auths for k in (a.kinds or "").split(",")}
    missing = [k for k in issuing.allowed_kinds(org) if k.code not in covered]
    if not missing:
        return []
    names = ", ".join(k.name_vi for k in missing[:8]) + (" …" if len(missing) > 8 else "")
    return [Finding("unsigned_kinds", f"Chưa ai có thẩm quyền ký: {names}.")]
