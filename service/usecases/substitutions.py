"""Ủy quyền xử lý: a person away (the absent) names who holds their tasks (the substitute) from one date-time to
another, for every kind of document or only some. Set by the absent person or by an administrator of their
organization; revocable; audited. What a substitute may then do is decided in access.check_act.

Each public function is one user action and one transaction."""
from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import select

from service.clock import VN_TZ, current_clock
from service.domain import kinds as dkinds
from service.domain.errors import DomainError
from service.errors import Conflict, Forbidden, NotFound, ValidationFailed
from service.extensions import db
from service.store.documents import AuditEvent
from service.store.organizations import Person, Substitution
from service.store.unit_of_work import unit_of_work
from service.usecases.administration import administered_org_ids

MAX_WINDOW = timedelta(days=366)


def list_substitutions(actor: Person) -> dict[str, list[Substitution]]:
    """Mine (as the absent person and as the substitute) and, for an administrator, their organizations'."""
    with unit_of_work():
        base = select(Substitution).where(Substitution.revoked_at.is_(None)).order_by(Substitution.starts_at.desc(),
                                                                                       Substitution.id.desc())
        out = {"absent": list(db.session.scalars(base.where(Substitution.absent_id == actor.id)).all()),
               "substitute": list(db.session.scalars(base.where(Substitution.substitute_id == actor.id)).all()),
               "organization": []}
        ids = administered_org_ids(actor)
        if ids is None or ids:
            q = base if ids is None else base.where(Substitution.org_id.in_(ids))
            out["organization"] = list(db.session.scalars(q.limit(500)).all())
        return out


def org_substitutions(actor: Person, org_id: int) -> list[Substitution]:
    """The substitutions of one organization, for its administrator's page (not revoked, newest first)."""
    with unit_of_work():
        _require_admin(actor, org_id)
        return list(db.session.scalars(select(Substitution).where(
            Substitution.org_id == org_id, Substitution.revoked_at.is_(None))
            .order_by(Substitution.starts_at.desc(), Substitution.id.desc()).limit(500)).all())


def create_substitution(actor: Person, data: dict) -> Substitution:
    """Name a substitute. `data`: substitute (username), starts_at, ends_at (ISO date-times; without an offset
    they are Vietnam time), optional absent (username; default the actor), kinds (list of kind codes; empty or
    missing = every kind) and reason."""
    if not isinstance(data, dict):
        raise ValidationFailed("Dữ liệu gửi lên phải là một đối tượng JSON.")
    with unit_of_work() as s:
        absent = _person(data.get("absent"), "absent") if data.get("absent") else actor
        if absent.id != actor.id:
            _require_admin(actor, absent.org_id)
        substitute = _person(data.get("substitute"), "substitute")
        if substitute.id == absent.id:
            raise ValidationFailed("Người xử lý thay phải là người khác.", details=[{"field": "substitute"}])
        if not substitute.active or substitute.org_id != absent.org_id:
            raise ValidationFailed(f"Người xử lý thay phải là người đang làm việc tại {absent.org.name}.",
                                   details=[{"field": "substitute"}])
        starts, ends = _when(data.get("starts_at"), "starts_at"), _when(data.get("ends_at"), "ends_at")
        now = current_clock().now()
        if ends <= starts:
            raise ValidationFailed("Thời điểm kết thúc phải sau thời điểm bắt đầu.", details=[{"field": "ends_at"}])
        if ends - starts > MAX_WINDOW:
            raise ValidationFailed("Thời gian ủy quyền xử lý không quá 1 năm.", details=[{"field": "ends_at"}])
        if ends <= now:
            raise ValidationFailed("Thời gian ủy quyền xử lý đã qua.", details=[{"field": "ends_at"}])
        kinds = _kinds(data.get("kinds"))
        clash = s.scalars(select(Substitution).where(
            Substitution.absent_id == absent.id, Substitution.revoked_at.is_(None),
            Substitution.starts_at < ends, Substitution.ends_at > starts)).first()
        if clash is not None:
            raise Conflict(f"{absent.full_name} đã có người xử lý thay ({clash.substitute.full_name}) trong thời gian "
                           "trùng với khoảng này; hãy hủy ủy quyền cũ trước.", code="substitution_overlap")
        reason = data.get("reason").strip() or None if isinstance(data.get("reason"), str) else None
        sub = Substitution(org_id=absent.org_id, absent_id=absent.id, substitute_id=substitute.id, starts_at=starts,
                           ends_at=ends, kinds=",".join(kinds) or None, reason=reason, created_by_id=actor.id,
                           created_at=now)
        s.add(sub)
        s.flush()
        _audit(actor, sub, "substitution.create", now)
        return sub


def revoke_substitution(actor: Person, sub_id: int) -> Substitution:
    """Hủy ủy quyền: by the absent person or an administrator of their organization (the row is kept)."""
    with unit_of_work():
        sub = db.session.get(Substitution, sub_id)
        if sub is None or sub.revoked_at is not None or not _may_see(actor, sub):
            raise NotFound("Không tìm thấy ủy quyền xử lý.")
        if sub.absent_id != actor.id:
            _require_admin(actor, sub.org_id)
        now = current_clock().now()
        sub.revoked_at, sub.revoked_by_id = now, actor.id
        _audit(actor, sub, "substitution.revoke", now)
        return sub


def _may_see(actor: Person, sub: Substitution) -> bool:
    ids = administered_org_ids(actor)
    return actor.id in (sub.absent_id, sub.substitute_id) or ids is None or sub.org_id in ids


def _require_admin(actor: Person, org_id: int) -> None:
    ids = administered_org_ids(actor)
    if ids is not None and org_id not in ids:
        raise Forbidden("Chỉ chính người vắng mặt hoặc quản trị viên của cơ quan mới được đặt, hủy ủy quyền xử lý.")


def _person(username, field: str) -> Person:
    if not isinstance(username, str) or not username.strip():
        raise ValidationFailed("Hãy chọn người (tên đăng nhập).", details=[{"field": field}])
    p = db.session.scalars(select(Person).where(Person.username == username.strip())).first()
    if p is None:
        raise ValidationFailed(f"Không có người dùng '{username.strip()}'.", details=[{"field": field}])
    return p


def _when(value, field: str) -> datetime:
    """An ISO date-time; without an offset it is Vietnam time. Stored naive UTC."""
    try:
        at = datetime.fromisoformat(value.strip())
    except (AttributeError, TypeError, ValueError):
        raise ValidationFailed("Thời điểm không hợp lệ (dạng 2026-12-01T08:00).", details=[{"field": field}]) from None
    if at.tzinfo is None:
        at = at.replace(tzinfo=VN_TZ)
    return at.astimezone(UTC).replace(tzinfo=None)


def _kinds(value) -> list[str]:
    if value in (None, "", []):
        return []
    if isinstance(value, str):
        value = [v for v in value.replace(";", ",").split(",")]
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ValidationFailed("Loại văn bản phải là danh sách mã loại.", details=[{"field": "kinds"}])
    out = []
    for v in (v.strip() for v in value):
        if not v:
            continue
        try:
            out.append(dkinds.get_kind(v).code)
        except DomainError as e:
            raise ValidationFailed(e.message, details=[{"field": "kinds"}]) from None
    return sorted(set(out))


def _audit(actor: Person, sub: Substitution, action: str, now: datetime) -> None:
    db.session.add(AuditEvent(org_id=sub.org_id, document_id=None, actor_id=actor.id, action=action,
                              task="substitution", comment=sub.reason, version_no=None, at=now,
                              details={"id": sub.id, "absent": sub.absent.username, "substitute":
                                       sub.substitute.username, "starts_at": sub.starts_at.isoformat(),
                                       "ends_at": sub.ends_at.isoformat(), "kinds": sub.kinds}))


def as_json(sub: Substitution) -> dict:
    return {"id": sub.id, "absent": sub.absent.username, "absent_name": sub.absent.full_name,
            "substitute": sub.substitute.username, "substitute_name": sub.substitute.full_name,
            "starts_at": sub.starts_at.replace(tzinfo=UTC).isoformat(),
            "ends_at": sub.ends_at.replace(tzinfo=UTC).isoformat(),
            "kinds": sub.kinds.split(",") if sub.kinds else None, "reason": sub.reason,
            "created_by": sub.created_by.username}


def form_options(actor: Person, org_id: int | None = None) -> dict:
    """What the forms offer: the active people of the organization (the actor's, or the administered `org_id`)
    and the kinds of document of its system."""
    with unit_of_work():
        if org_id is not None and org_id != actor.org_id:
            _require_admin(actor, org_id)
        org_id = org_id or actor.org_id
        people = list(db.session.scalars(select(Person).where(Person.org_id == org_id, Person.active.is_(True))
                                         .order_by(Person.full_name)).all())
        system = people[0].org.system if people else actor.org.system
        return {"people": people, "kinds": [(k.code, k.name_vi) for k in dkinds.kinds_for(system)]}
