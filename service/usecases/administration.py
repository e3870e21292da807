"""Setting up an organization (quản trị): organizations, units, people and their roles, signing authorities,
committee terms and number series. Each public function is one administrator's action and one transaction,
written to the audit trail with who and when (action "admin.<verb>", the entity and the changes).

Two administrator roles: `sysadmin` (the whole system: creates organizations, grants any role) and `orgadmin`
(one organization: its units, people, roles, authorities, terms and series). Changing an authority never changes
a document already signed: the signature block was copied onto the document when it was signed.
"""
from __future__ import annotations

from sqlalchemy import func, select

from service.clock import current_clock
from service.domain import kinds as dkinds
from service.domain import signature as dsig
from service.domain.text import search_key
from service.errors import Conflict, Forbidden, NotFound, ValidationFailed
from service.extensions import db
from service.store.documents import AuditEvent
from service.store.organizations import (
    DirectoryGroup,
    Organization,
    Person,
    RoleAssignment,
    SigningAuthority,
    Term,
    Unit,
)
from service.store.series import NumberSeries
from service.store.unit_of_work import unit_of_work
from service.usecases import accounts
from service.usecases import admin_inputs as ai

SYSTEM_ADMIN, ORG_ADMIN = "sysadmin", "orgadmin"


# --------------------------------------------------------------------------- who may administer what


def is_system_admin(actor: Person) -> bool:
    return any(r.role == SYSTEM_ADMIN for r in actor.roles)


def administered_org_ids(actor: Person) -> set[int] | None:
    """The organizations the actor administers; None means every one (system administrator)."""
    if is_system_admin(actor):
        return None
    return {r.org_id for r in actor.roles if r.role == ORG_ADMIN}


def require_admin_of(actor: Person, org: Organization) -> None:
    ids = administered_org_ids(actor)
    if ids is not None and org.id not in ids:
        raise Forbidden(f"Bạn không có quyền quản trị {org.name}.")


def _require_system_admin(actor: Person) -> None:
    if not is_system_admin(actor):
        raise Forbidden("Chỉ quản trị hệ thống mới được làm việc này.")


def audit_admin(actor: Person, verb: str, entity: str, entity_id: int, changes: dict) -> None:
    """An administration event, in the audit chain of the organization it changes (a system administrator setting
    another organization's seal writes into that organization's chain, not their own)."""
    db.session.add(AuditEvent(document_id=None, actor_id=actor.id, action=f"admin.{verb}", task=entity,
                              org_id=_entity_org_id(entity, entity_id),
                              comment=None, version_no=None, at=current_clock().now(),
                              details={"entity": entity, "id": entity_id,
                                       "changes": {k: _plain(v) for k, v in changes.items()}}))


_ORG_OWNED = {"person": Person, "unit": Unit, "term": Term, "authority": SigningAuthority,
              "group": DirectoryGroup, "series": NumberSeries}


def _entity_org_id(entity: str, entity_id: int) -> int | None:
    """The organization an administered row belongs to; None (the actor's organization) when there is none."""
    if entity == "organization":
        return entity_id
    model = _ORG_OWNED.get(entity)
    row = db.session.get(model, entity_id) if model is not None else None
    return row.org_id if row is not None else None


def _plain(v):
    if isinstance(v, list):
        return [_plain(x) for x in v]
    if hasattr(v, "model_dump"):
        return v.model_dump(mode="json")
    return v.isoformat() if hasattr(v, "isoformat") else v


# --------------------------------------------------------------------------- lookups (422 naming the field)


def org_by_code(code: str | None, field: str = "org") -> Organization:
    org = db.session.scalars(select(Organization).where(Organization.code == code)).first()
    if org is None:
        raise ValidationFailed(f"Không có cơ quan mã '{code}'.", details=[{"field": field}])
    return org


def _unit(org: Organization, code: str | None, field: str = "unit") -> Unit | None:
    if not code:
        return None
    unit = db.session.scalars(select(Unit).where(Unit.org_id == org.id, Unit.code == code)).first()
    if unit is None:
        raise ValidationFailed(f"Đơn vị '{code}' không thuộc {org.name}.", details=[{"field": field}])
    return unit


def row_for_update(model, row_id: int, what: str):
    row = db.session.get(model, row_id, with_for_update=True)
    if row is None:
        raise NotFound(f"Không tìm thấy {what}.")
    return row


# --------------------------------------------------------------------------- organizations and units


def list_organizations(q: str | None = None) -> list[Organization]:
    """The directory: every organization, or those whose name, abbreviation or code matches `q` (diacritics and
    "uỷ/ủy" ignored). Any signed-in person may read it (it is what a Nơi nhận picker shows)."""
    orgs = list(db.session.scalars(select(Organization).order_by(Organization.name)).all())
    if not q:
        return orgs
    key = search_key(q)
    return [o for o in orgs if key in search_key(f"{o.name} {o.abbrev} {o.code}")]


def create_organization(actor: Person, data: ai.OrganizationIn) -> Organization:
    with unit_of_work():
        _require_system_admin(actor)
        if db.session.scalars(select(Organization.id).where(Organization.code == data.code)).first():
            raise Conflict(f"Đã có cơ quan mã '{data.code}'.", code="duplicate")
        parent = org_by_code(data.parent, "parent") if data.parent else None
        org = Organization(code=data.code, name=data.name, abbrev=data.abbrev, system=data.system,
                           org_type=data.org_type, header_superior=data.header_superior,
                           header_name=data.header_name, has_seal=data.has_seal,
                           place_name=data.place_name, parent_id=parent.id if parent else None)
        db.session.add(org)
        db.session.flush()
        audit_admin(actor, "create", "organization", org.id, data.model_dump())
        return org


def update_organization(actor: Person, org_id: int, data: ai.OrganizationPatch) -> Organization:
    with unit_of_work():
        org = row_for_update(Organization, org_id, "cơ quan")
        require_admin_of(actor, org)
        changes = data.model_dump(exclude_unset=True)
        if "parent" in changes:
            parent = org_by_code(changes["parent"], "parent") if changes["parent"] else None
            if parent is not None and _is_within(parent, org):
                raise ValidationFailed("Cơ quan cấp trên không thể là chính nó hoặc cơ quan trực thuộc nó.",
                                       details=[{"field": "parent"}])
            org.parent_id = parent.id if parent else None
        for name in ("name", "abbrev", "org_type", "has_seal", "place_name"):
            if name in changes and changes[name] is None:
                raise ValidationFailed(f"Trường '{name}' không được để trống.", details=[{"field": name}])
        for name in ("name", "abbrev", "org_type", "header_superior", "header_name", "has_seal", "place_name"):
            if name in changes:
                setattr(org, name, changes[name])
        audit_admin(actor, "update", "organization", org.id, changes)
        return org


def _is_within(candidate: Organization, org: Organization) -> bool:
    seen, current = set(), candidate
    while current is not None and current.id not in seen:
        if current.id == org.id:
            return True
        seen.add(current.id)
        current = db.session.get(Organization, current.parent_id) if current.parent_id else None
    return False


def list_units(actor: Person, org_code: str | None) -> list[Unit]:
    q = select(Unit).order_by(Unit.org_id, Unit.code)
    if org_code:
        q = q.where(Unit.org_id == org_by_code(org_code).id)
    return list(db.session.scalars(q).all())


def create_unit(actor: Person, data: ai.UnitIn) -> Unit:
    with unit_of_work():
        org = org_by_code(data.org)
        require_admin_of(actor, org)
        if _unit_exists(org, data.code):
            raise Conflict(f"{org.name} đã có đơn vị mã '{data.code}'.", code="duplicate")
        unit = Unit(org_id=org.id, code=data.code, name=data.name)
        db.session.add(unit)
        db.session.flush()
        audit_admin(actor, "create", "unit", unit.id, data.model_dump())
        return unit


def _unit_exists(org: Organization, code: str) -> bool:
    return db.session.scalars(select(Unit.id).where(Unit.org_id == org.id, Unit.code == code)).first() is not None


def update_unit(actor: Person, unit_id: int, data: ai.UnitPatch) -> Unit:
    with unit_of_work():
        unit = row_for_update(Unit, unit_id, "đơn vị")
        require_admin_of(actor, unit.org)
        changes = data.model_dump(exclude_unset=True)
        if changes.get("name"):
            unit.name = changes["name"]
        audit_admin(actor, "update", "unit", unit.id, changes)
        return unit


# --------------------------------------------------------------------------- people and roles


def list_people(actor: Person, org_code: str | None) -> list[Person]:
    ids = administered_org_ids(actor)
    q = select(Person).order_by(Person.org_id, Person.username)
    if org_code:
        q = q.where(Person.org_id == org_by_code(org_code).id)
    if ids is not None:
        q = q.where(Person.org_id.in_(ids or {0}))
    return list(db.session.scalars(q).all())


def create_person(actor: Person, data: ai.PersonIn, *, password_hash: str | None = None) -> Person:
    """`password_hash`: the hash of `data.password` made beforehand (an import hashes its one-time passwords
    before it takes the writer's turn: Argon2 is slow on purpose)."""
    with unit_of_work():
        org = org_by_code(data.org)
        require_admin_of(actor, org)
        if db.session.scalars(select(Person.id).where(Person.username == data.username)).first():
            raise Conflict(f"Tên đăng nhập '{data.username}' đã có người dùng.", code="duplicate")
        _check_email_free(data.email, None)
        person = Person(username=data.username, full_name=data.full_name, org_id=org.id,
                        unit_id=(u.id if (u := _unit(org, data.unit)) else None), position=data.position,
                        email=data.email, password_hash="", active=True)
        accounts.check_new_password(person, data.password, "password")
        person.password_hash = password_hash or accounts.hash_password(data.password)
        db.session.add(person)
        db.session.flush()
        _set_roles(actor, person, org, data.roles)
        audit_admin(actor, "create", "person", person.id, data.model_dump(exclude={"password"}))
        return person


def update_person(actor: Person, person_id: int, data: ai.PersonPatch) -> Person:
    """Change a person; a new password or deactivation ends every session and token of theirs."""
    with unit_of_work():
        person = row_for_update(Person, person_id, "người dùng")
        org = person.org
        require_admin_of(actor, org)
        changes = data.model_dump(exclude_unset=True)
        if "unit" in changes:
            person.unit_id = u.id if (u := _unit(org, changes["unit"])) else None
        for name in ("full_name", "position"):
            if changes.get(name) is not None:
                setattr(person, name, changes[name])
        if "email" in changes and changes["email"] != person.email:
            _check_email_free(changes["email"], person.id)
            person.email = changes["email"]
        if data.roles is not None:
            _set_roles(actor, person, org, data.roles)
        ends_sessions = False
        if data.password is not None:
            accounts.check_new_password(person, data.password, "password")
            person.password_hash = accounts.hash_password(data.password)
            ends_sessions = True
        if data.active is not None:
            person.active = data.active
            ends_sessions = ends_sessions or not data.active
        if ends_sessions:
            accounts.end_sessions_of(person)
        audit_admin(actor, "update", "person", person.id, {k: v for k, v in changes.items() if k != "password"}
               | ({"password": "changed"} if data.password is not None else {}))
        return person


def _check_email_free(email: str | None, person_id: int | None) -> None:
    """One e-mail, one person (ignoring case): the single sign-on must never have to choose (409)."""
    if not email:
        return
    q = select(Person.username).where(func.lower(Person.email) == email.lower())
    if person_id is not None:
        q = q.where(Person.id != person_id)
    if (holder := db.session.scalars(q).first()) is not None:
        raise Conflict(f"Thư điện tử '{email}' đã là của người dùng '{holder}'.", code="duplicate",
                       details=[{"field": "email"}])


def _set_roles(actor: Person, person: Person, org: Organization, roles: list[ai.RoleIn]) -> None:
    """Replace the person's roles in their organization by `roles` (a unit-bound role names its unit)."""
    if any(r.role == SYSTEM_ADMIN for r in roles):
        _require_system_admin(actor)
    for old in [r for r in person.roles if r.org_id == org.id]:
        if old.role == SYSTEM_ADMIN and not is_system_admin(actor):
            raise Forbidden("Chỉ quản trị hệ thống mới được thu hồi vai trò quản trị hệ thống.")
        person.roles.remove(old)
        db.session.delete(old)
    db.session.flush()
    seen = set()
    for r in roles:
        unit = _unit(org, r.unit, "roles")
        key = (r.role, unit.id if unit else None)
        if key not in seen:
            seen.add(key)
            person.roles.append(RoleAssignment(person_id=person.id, org_id=org.id, role=r.role,
                                               unit_id=unit.id if unit else None))


def tokens_of_person(actor: Person, person_id: int) -> tuple[Person, list]:
    """An administrator reads the live tokens and page sessions of a person of their organization."""
    person = db.session.get(Person, person_id)
    if person is None:
        raise NotFound("Không tìm thấy người dùng.")
    require_admin_of(actor, person.org)
    return person, accounts.tokens_of(person)


def revoke_tokens_of_person(actor: Person, person_id: int) -> int:
    """An administrator ends every session and token of a person (a lost laptop, a leaked token); audited."""
    with unit_of_work():
        person = row_for_update(Person, person_id, "người dùng")
        require_admin_of(actor, person.org)
        ended = accounts.end_sessions_of(person)
        audit_admin(actor, "revoke_tokens", "person", person.id, {"ended": ended})
        return ended


# --------------------------------------------------------------------------- signing authorities


def list_authorities(actor: Person, org_code: str | None) -> list[SigningAuthority]:
    q = select(SigningAuthority).order_by(SigningAuthority.org_id, SigningAuthority.id)
    if org_code:
        q = q.where(SigningAuthority.org_id == org_by_code(org_code).id)
    return list(db.session.scalars(q).all())


def create_authority(actor: Person, data: ai.AuthorityIn) -> SigningAuthority:
    """Thẩm quyền ký: who signs what for their organization, with which capacity (T/M, K/T, T/L; TM., KT., TL.,
    TUQ., Q.), collective and position lines, kinds and validity window (V8–V10)."""
    with unit_of_work():
        person = db.session.scalars(select(Person).where(Person.username == data.person)).first()
        if person is None:
            raise ValidationFailed(f"Không có người dùng '{data.person}'.", details=[{"field": "person"}])
        org = person.org
        require_admin_of(actor, org)
        problems = dsig.check_authority(org.system, data.prefix, data.collective_title, data.position_title)
        if problems:
            raise ValidationFailed.from_violations(problems, "Thẩm quyền ký chưa hợp lệ.")
        for k in data.kinds or []:
            if not dkinds.is_kind_of_system(k, org.system):
                raise ValidationFailed(f"Loại văn bản '{k}' không thuộc hệ thống văn bản của {org.name}.",
                                       details=[{"field": "kinds"}])
        if data.valid_to and data.valid_to < data.valid_from:
            raise ValidationFailed("Ngày hết hiệu lực phải sau ngày bắt đầu.", details=[{"field": "valid_to"}])
        row = SigningAuthority(person_id=person.id, org_id=org.id, prefix=data.prefix,
                               collective_title=data.collective_title, position_title=data.position_title,
                               kinds=",".join(data.kinds) if data.kinds else None, valid_from=data.valid_from,
                               valid_to=data.valid_to, delegator_title=data.delegator_title,
                               delegation_from=data.delegation_from, delegation_to=data.delegation_to)
        db.session.add(row)
        db.session.flush()
        audit_admin(actor, "create", "authority", row.id, data.model_dump())
        return row


def update_authority(actor: Person, authority_id: int, data: ai.AuthorityPatch) -> SigningAuthority:
    """End (or reopen) an authority. Documents it signed keep the block they were signed with."""
    with unit_of_work():
        row = row_for_update(SigningAuthority, authority_id, "thẩm quyền ký")
        require_admin_of(actor, db.session.get(Organization, row.org_id))
        changes = data.model_dump(exclude_unset=True)
        if "valid_to" in changes:
            if data.valid_to and data.valid_to < row.valid_from:
                raise ValidationFailed("Ngày hết hiệu lực phải sau ngày bắt đầu.", details=[{"field": "valid_to"}])
            row.valid_to = data.valid_to
        audit_admin(actor, "update", "authority", row.id, changes)
        return row
