"""The tamper-evident history for inspectors (kiểm tra nhật ký): verify each organization's audit chain, show
its status and head, export it as JSON lines with the chain fields, and the daily digest printed on registers.

Who may inspect an organization's chain: its archivists (Lưu trữ), its administrators, system administrators.
"""
from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import select

from service.clock import current_clock, to_vn
from service.domain import audit_chain as chain
from service.errors import Forbidden, NotFound
from service.extensions import db
from service.store.audit import AuditChainHead
from service.store.documents import AuditEvent
from service.store.organizations import Organization, Person
from service.usecases.access import roles_of
from service.usecases.administration import administered_org_ids

INSPECTOR_ROLES = {"archivist", "orgadmin"}


def may_inspect(actor: Person, org_id: int) -> bool:
    """An archivist or administrator of the organization, or a system administrator."""
    admin_orgs = administered_org_ids(actor)
    return admin_orgs is None or org_id in admin_orgs or bool(roles_of(actor, org_id) & INSPECTOR_ROLES)


def sees_audit(actor: Person) -> bool:
    """Whether the menu shows the history page: the person inspects at least one organization's chain."""
    return any(r.role in INSPECTOR_ROLES | {"sysadmin"} for r in actor.roles)


def inspectable_orgs(actor: Person) -> list[Organization]:
    orgs = db.session.scalars(select(Organization).order_by(Organization.code)).all()
    return [o for o in orgs if may_inspect(actor, o.id)]


def _org(code: str) -> Organization:
    org = db.session.scalar(select(Organization).where(Organization.code == code))
    if org is None:
        raise NotFound(f"Không có cơ quan mã {code}.")
    return org


def _inspected_org(actor: Person, code: str | None) -> Organization:
    org = _org(code) if code else db.session.get(Organization, actor.org_id)
    if not may_inspect(actor, org.id):
        raise Forbidden("Chỉ lưu trữ hoặc quản trị của cơ quan mới được xem nhật ký kiểm tra.")
    return org


_COLUMNS = [AuditEvent.__table__.c[k] for k in ("id", *chain.HASHED_FIELDS, "prev_hash", "hash")]


def _chain_rows(org_id: int) -> Iterator:
    """The chain's rows in id order, as plain rows (no ORM objects: a chain may be long)."""
    return db.session.execute(select(*_COLUMNS).where(AuditEvent.org_id == org_id).order_by(AuditEvent.id)
                              .execution_options(yield_per=5000)).mappings()


def _read(org_id: int) -> tuple[list[chain.ChainEvent], chain.Head | None]:
    """The chain and its head as of one moment: the head row is share-locked first, so no append of this
    organization commits while the events are read (PostgreSQL); SQLite reads within one snapshot."""
    row = db.session.execute(select(AuditChainHead.length, AuditChainHead.hash)
                             .where(AuditChainHead.org_id == org_id).with_for_update(read=True)).first()
    events = [chain.ChainEvent(r["id"], {k: r[k] for k in chain.HASHED_FIELDS}, r["prev_hash"], r["hash"])
              for r in _chain_rows(org_id)]
    return events, (chain.Head(row.length, row.hash) if row else None)


@dataclass(frozen=True)
class ChainStatus:
    org: Organization
    report: chain.ChainReport | None  # None: not walked (the page walks the chosen chain only)
    head_hash: str  # what the head row says (GENESIS for an empty chain)
    head_length: int  # how many events the head row says the chain has
    head_at: datetime | None
    message: str  # Vietnamese: intact, or the first break
    anchored: bool | None = None  # whether a printed digest was found in the chain (None: none given)


def _head_only(org: Organization) -> ChainStatus:
    head = db.session.get(AuditChainHead, org.id)
    return ChainStatus(org, None, head.hash if head else chain.GENESIS, head.length if head else 0,
                       head.at if head else None, "Chưa kiểm tra: mở chuỗi này để kiểm tra.")


def _status(org: Organization, digest: str | None = None) -> ChainStatus:
    events, head = _read(org.id)
    report = chain.verify(events, head)
    head_row = db.session.get(AuditChainHead, org.id)
    anchored = None if not digest else chain.contains(events, digest.strip().lower())
    if report.broken:
        message = chain.describe(report.broken, org.code)
    elif anchored is False:
        message = f"Mã kiểm tra {digest} không có trong chuỗi nhật ký của {org.code}: chuỗi đã bị viết lại."
    else:
        message = f"Chuỗi nhật ký của {org.code} nguyên vẹn: {report.length} sự kiện."
    return ChainStatus(org, report, head.hash if head else chain.GENESIS, head.length if head else 0,
                       head_row.at if head_row else None, message, anchored)


def verify_chains(org_code: str | None = None, digest: str | None = None) -> list[ChainStatus]:
    """For `flask audit verify` (the server's operator): every organization's chain, or one's; each with its
    first break. A printed digest, if given, must be the hash of an event of that one chain."""
    orgs = [_org(org_code)] if org_code else list(db.session.scalars(select(Organization).order_by(Organization.code)))
    try:
        return [_status(o, digest if org_code else None) for o in orgs]
    finally:
        db.session.rollback()  # release the share locks


def chain_page(actor: Person, org_code: str | None) -> dict:
    """What /audit shows: the status of each chain the actor may inspect, and the chosen one's last events."""
    orgs = inspectable_orgs(actor)
    if not orgs:
        raise Forbidden("Chỉ lưu trữ hoặc quản trị của cơ quan mới được xem nhật ký kiểm tra.")
    chosen = _inspected_org(actor, org_code) if org_code else orgs[0]
    statuses = [_status(o) if o.id == chosen.id else _head_only(o) for o in orgs]
    recent = db.session.scalars(select(AuditEvent).where(AuditEvent.org_id == chosen.id)
                                .order_by(AuditEvent.id.desc()).limit(20)).all()
    broken = next((st.report.broken for st in statuses if st.report and st.report.broken), None)
    return {"statuses": statuses, "chosen": chosen, "recent": recent,
            "bad_event_id": broken.event_id if broken else None}


def export_lines(actor: Person, org_code: str | None) -> Iterator[str]:
    """The chosen organization's chain as JSON lines, oldest first: every hashed field in its canonical form
    plus id, prev_hash and hash, so an inspector can recompute each hash without this software."""
    org = _inspected_org(actor, org_code)
    for position, r in enumerate(_chain_rows(org.id), start=1):
        line = json.loads(chain.canonical(r, r["prev_hash"]))
        line.update({"id": r["id"], "position": position, "org": org.code, "hash": r["hash"]})
        yield json.dumps(line, ensure_ascii=False, sort_keys=True) + "\n"


def digest_line(org_id: int, today: date | None = None) -> str:
    """The line printed at the end of a register export, anchoring the organization's chain on paper:
    "Mã kiểm tra nhật ký ngày dd/mm/yyyy: <head hash> (sự kiện thứ N)"."""
    head = db.session.get(AuditChainHead, org_id)
    day = today or current_clock().today()
    length, digest = (head.length, head.hash) if head else (0, chain.GENESIS)
    return f"Mã kiểm tra nhật ký ngày {day.strftime('%d/%m/%Y')}: {digest} (sự kiện thứ {length})"


def head_time(status: ChainStatus) -> str:
    return to_vn(status.head_at).strftime("%d/%m/%Y %H:%M") if status.head_at else ""
