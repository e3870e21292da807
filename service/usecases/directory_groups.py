"""Named recipient groups an organization keeps ("Các đ/c Ủy viên BTV Đảng ủy CP", "Các sở, ban, ngành"): an
administrator of that organization lists, creates, changes and removes them; each change is audited. A Nơi nhận
line linked to a group reaches every member at dispatch; documents already dispatched keep their deliveries."""
from __future__ import annotations

from sqlalchemy import select

from service.errors import Conflict, ValidationFailed
from service.extensions import db
from service.store.organizations import DirectoryGroup, DirectoryGroupMember, Organization, Person
from service.store.unit_of_work import unit_of_work
from service.usecases import admin_inputs as ai
from service.usecases.administration import (
    administered_org_ids,
    audit_admin,
    org_by_code,
    require_admin_of,
    row_for_update,
)


def list_groups(actor: Person, org_code: str | None) -> list[DirectoryGroup]:
    """The groups of the organizations the actor administers (all of them for a system administrator)."""
    q = select(DirectoryGroup).order_by(DirectoryGroup.org_id, DirectoryGroup.name)
    if org_code:
        q = q.where(DirectoryGroup.org_id == org_by_code(org_code).id)
    ids = administered_org_ids(actor)
    if ids is not None:
        q = q.where(DirectoryGroup.org_id.in_(ids or {0}))
    return list(db.session.scalars(q).all())


def create_group(actor: Person, data: ai.GroupIn) -> DirectoryGroup:
    with unit_of_work():
        org = org_by_code(data.org)
        require_admin_of(actor, org)
        if db.session.scalars(select(DirectoryGroup.id).where(DirectoryGroup.org_id == org.id,
                                                              DirectoryGroup.code == data.code)).first():
            raise Conflict(f"{org.name} đã có nhóm mã '{data.code}'.", code="duplicate")
        group = DirectoryGroup(org_id=org.id, code=data.code, name=data.name)
        group.members = _members(data.members)
        db.session.add(group)
        db.session.flush()
        audit_admin(actor, "create", "group", group.id, data.model_dump())
        return group


def update_group(actor: Person, group_id: int, data: ai.GroupPatch) -> DirectoryGroup:
    with unit_of_work():
        group = row_for_update(DirectoryGroup, group_id, "nhóm nơi nhận")
        require_admin_of(actor, db.session.get(Organization, group.org_id))
        changes = data.model_dump(exclude_unset=True)
        if data.name:
            group.name = data.name
        if data.members is not None:
            group.members.clear()
            db.session.flush()
            group.members.extend(_members(data.members))
        audit_admin(actor, "update", "group", group.id, changes)
        return group


def delete_group(actor: Person, group_id: int) -> None:
    with unit_of_work():
        group = row_for_update(DirectoryGroup, group_id, "nhóm nơi nhận")
        require_admin_of(actor, db.session.get(Organization, group.org_id))
        audit_admin(actor, "delete", "group", group.id, {"code": group.code, "name": group.name})
        db.session.delete(group)


def _members(members: list[ai.GroupMemberIn]) -> list[DirectoryGroupMember]:
    """Rows for the members, in the order given, each once; an unknown code or username is refused (422)."""
    out: list[DirectoryGroupMember] = []
    seen: set[tuple[str, str]] = set()
    for i, m in enumerate(members):
        if (m.type, m.ref) in seen:
            continue
        seen.add((m.type, m.ref))
        if m.type == "org":
            oid = db.session.scalars(select(Organization.id).where(Organization.code == m.ref)).first()
            if oid is None:
                raise ValidationFailed(f"Không có cơ quan mã '{m.ref}'.", details=[{"field": f"members[{i}].ref"}])
            out.append(DirectoryGroupMember(member_org_id=oid))
        else:
            pid = db.session.scalars(select(Person.id).where(Person.username == m.ref)).first()
            if pid is None:
                raise ValidationFailed(f"Không có cán bộ '{m.ref}'.", details=[{"field": f"members[{i}].ref"}])
            out.append(DirectoryGroupMember(member_person_id=pid))
    return out


def member_refs(group: DirectoryGroup) -> list[dict]:
    """The members as the API gives them back: [{type, ref, name}]."""
    orgs = {o.id: o for o in db.session.scalars(select(Organization).where(Organization.id.in_(
        [m.member_org_id for m in group.members if m.member_org_id])))}
    people = {p.id: p for p in db.session.scalars(select(Person).where(Person.id.in_(
        [m.member_person_id for m in group.members if m.member_person_id])))}
    return [{"type": "org", "ref": orgs[m.member_org_id].code, "name": orgs[m.member_org_id].name}
            if m.member_org_id else
            {"type": "person", "ref": people[m.member_person_id].username,
             "name": people[m.member_person_id].full_name}
            for m in group.members]
