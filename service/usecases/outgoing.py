"""Use cases of the outgoing document (văn bản đi): start a draft, revise it, my tasks, lists and history.
Completing a step is in outgoing_tasks. Each public function is one user action and one transaction
(store.unit_of_work); HTTP layers call these and never commit themselves."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import and_, or_, select
from sqlalchemy.orm import joinedload

from service.clock import current_clock, to_vn
from service.domain import kinds as dkinds
from service.domain import places as dplaces
from service.domain import recipients as drec
from service.domain import validation as dval
from service.domain.errors import Violation
from service.errors import Conflict, Forbidden, StaleVersion, ValidationFailed
from service.extensions import db
from service.store import instances
from service.store.documents import AuditEvent, Delivery, Document, DocumentVersion
from service.store.organizations import Organization, Person, Unit
from service.store.unit_of_work import unit_of_work
from service.usecases import directory, issuing
from service.usecases.access import (ISSUED, authorities_of, check_act, get_document, holds, is_insider, roles_of,
                                     substitutions_of)
from service.usecases.inputs import DraftIn
from service.usecases.org_checks import units_that_can_complete
from workflows import StateError

PROCESS_ID = "outgoing_document"


STATUS_BY_STEP = {
    "draft": "DRAFT",
    "content_review": "CONTENT_REVIEW",
    "format_check": "FORMAT_CHECK",
    "sign": "AWAITING_SIGNATURE",
    "register": "SIGNED",
    "dispatch": "NUMBERED",
    None: "DISPATCHED",
}


STATUS_LABELS = {
    "DRAFT": "Dự thảo",
    "RETURNED": "Bị trả lại",
    "CONTENT_REVIEW": "Chờ thẩm định nội dung",
    "FORMAT_CHECK": "Chờ kiểm tra thể thức",
    "AWAITING_SIGNATURE": "Chờ ký",
    "SIGNED": "Đã ký, chờ cấp số",
    "NUMBERED": "Đã cấp số, chờ phát hành",
    "DISPATCHED": "Đã phát hành",
    "RECALLED": "Đã thu hồi",
}


ACTION_LABELS = {
    "create": "tạo dự thảo",
    "revise": "chỉnh sửa dự thảo",
    "submit": "trình duyệt",
    "approve": "đồng ý",
    "return": "trả lại",
    "sign": "ký",
    "register": "cấp số, đăng ký",
    "dispatch": "phát hành",
    "delivery_recorded": "ghi nhận gửi ngoài hệ thống",
    "recall": "thu hồi văn bản",
    "incoming_withdrawn": "rút văn bản đến của nơi nhận",
    "void_number": "hủy số",
    "correction_started": "lập văn bản đính chính",
    "corrects": "đính chính văn bản",
    "reassign": "giao lại việc",
    # administration and accounts (the audit page shows every event of an organization's chain)
    "admin.create": "tạo", "admin.update": "sửa", "admin.delete": "xóa", "admin.import": "nhập danh bạ",
    "admin.revoke_tokens": "thu hồi mã truy cập",
    "admin.set_signature_image": "tải ảnh chữ ký", "admin.delete_signature_image": "xóa ảnh chữ ký",
    "admin.set_seal_image": "tải ảnh con dấu", "admin.delete_seal_image": "xóa ảnh con dấu",
    "substitution.create": "giao xử lý thay", "substitution.revoke": "hủy ủy quyền xử lý",
}

# What an administration event is about (its `task`), as the audit page names it.
ENTITY_LABELS = {
    "organization": "cơ quan", "unit": "đơn vị", "person": "người dùng", "term": "nhiệm kỳ", "series": "sổ đăng ký",
    "authority": "thẩm quyền ký", "group": "nhóm nơi nhận", "directory": "danh bạ", "substitution": "ủy quyền",
}


def _content_from(data: DraftIn, org: Organization) -> dict:
    """The version content stored for a draft (a plain JSON dict)."""
    archive = data.archive
    return {
        "kind": data.kind,
        "subject": data.subject,
        "preamble": data.preamble,
        "body": data.body,
        "place": data.place or org.place_name,
        "urgency": data.urgency,
        "secrecy": data.secrecy,
        "recipients": [r.model_dump() for r in data.recipients],
        "archive_units": list(archive.units) if archive else [],
        "archive_copies": archive.copies if archive else None,
        "copies": data.copies,
        "intended_signer": data.intended_signer,
        "drafting_unit": data.drafting_unit,
    }


def domain_content(system: str, c: dict) -> dval.DocumentContent:
    return dval.DocumentContent(
        system=system, kind=c["kind"], subject=c["subject"], preamble=c["preamble"], body=c["body"],
        recipients=tuple(drec.RecipientLine(text=r["text"], purpose=r["purpose"], org_code=r.get("org_code"))
                         for r in c["recipients"]),
        archive=drec.ArchiveLine(units=tuple(c["archive_units"]), copies=c["archive_copies"])
        if c["archive_units"] else None,
        copies=c["copies"], urgency=c["urgency"], secrecy=c["secrecy"])


def document_content(doc: Document) -> dict:
    return {
        "kind": doc.kind, "subject": doc.subject, "preamble": doc.preamble, "body": doc.body,
        "place": doc.place, "urgency": doc.urgency, "secrecy": doc.secrecy, "recipients": doc.recipients,
        "archive_units": doc.archive_units, "archive_copies": doc.archive_copies, "copies": doc.copies,
        "intended_signer": doc.intended_signer.username if doc.intended_signer else None,
        "drafting_unit": doc.drafting_unit.code if doc.drafting_unit else None,
    }


def _apply_content(doc: Document, c: dict, org: Organization, actor: Person) -> None:
    """Check the draft content `c` (V1–V13 that apply to a draft, the intended signer, the drafting unit,
    the recipients' links to the directory, resolving unlinked lines from their wording) and write it onto the
    document."""
    content = domain_content(org.system, c)
    violations = dval.validate_content(content) + _place_problems(c["place"], org)
    if violations:
        raise ValidationFailed.from_violations(violations, "Văn bản chưa hợp lệ.")
    issuing.require_kind_allowed(org, c["kind"])  # V11: e.g. a ban tham mưu issues no Nghị quyết
    signer = _intended_signer(c, org, actor)
    unit = _drafting_unit(c, org, actor)
    c["recipients"] = directory.link_recipients(org, c["recipients"])
    doc.kind = c["kind"]
    doc.subject = c["subject"]
    doc.preamble = c["preamble"]
    doc.body = c["body"]
    doc.place = c["place"]
    doc.urgency = c["urgency"]
    doc.secrecy = c["secrecy"]
    doc.recipients = c["recipients"]
    doc.archive_units = c["archive_units"]
    doc.archive_copies = c["archive_copies"]
    doc.copies = c["copies"]
    doc.intended_signer = signer
    doc.drafting_unit = unit
    doc.content_hash = dval.content_hash(content)


def _place_problems(place: str | None, org: Organization) -> list:
    """V20 on the draft's place, on today's date: a name no longer valid, date words glued to it, or a name
    outside the provincial list spelled otherwise than the organization's configured place (a commune's body
    keeps its own place_name)."""
    if not place:
        return []
    found = dplaces.check_place(place, current_clock().today())
    if place == org.place_name:
        found = [v for v in found if not v.is_warning]
    return [Violation(v.code.rstrip("W"), v.field, v.message) for v in found]


def _intended_signer(c: dict, org: Organization, actor: Person) -> Person | None:
    """The person the draft is meant for: one with signing authority in `org` (V8), never the drafter."""
    if not c["intended_signer"]:
        return None
    signer = db.session.scalars(select(Person).where(Person.username == c["intended_signer"])).first()
    if signer is None or not authorities_of(signer, org.id):
        raise ValidationFailed(
            f"Người ký dự kiến '{c['intended_signer']}' không có thẩm quyền ký văn bản của {org.name}.",
            details=[{"rule": "V8", "field": "intended_signer"}])
    if not any(a.covers_kind(c["kind"]) for a in authorities_of(signer, org.id)):
        raise ValidationFailed(
            f"Thẩm quyền ký của {signer.full_name} không bao gồm loại văn bản này ({c['kind']}).",
            details=[{"rule": "V8", "field": "intended_signer"}])
    if signer.id == actor.id:
        raise ValidationFailed("Người soạn thảo không thể tự ký văn bản của mình.",
                               details=[{"rule": "SoD", "field": "intended_signer"}])
    return signer


def _drafting_unit(c: dict, org: Organization, actor: Person) -> Unit | None:
    """The drafting unit named by code (it must belong to `org`), else the drafter's own unit in `org`; either
    way a unit whose drafts someone can review (else the draft would be stuck at the content review)."""
    if c["drafting_unit"]:
        unit = db.session.scalars(select(Unit).where(Unit.org_id == org.id, Unit.code == c["drafting_unit"])).first()
        if unit is None:
            raise ValidationFailed(f"Đơn vị soạn thảo '{c['drafting_unit']}' không thuộc {org.name}.",
                                   details=[{"field": "drafting_unit"}])
    elif actor.unit_id and actor.unit and actor.unit.org_id == org.id:
        unit = actor.unit
    else:
        return None
    if unit.id not in {u.id for u in units_that_can_complete(org)}:
        raise ValidationFailed(f"{unit.name} chưa có lãnh đạo đơn vị thẩm định nội dung, nên dự thảo của đơn vị "
                               "không trình được. Hãy chọn đơn vị khác hoặc đề nghị quản trị viên phân công.",
                               details=[{"field": "drafting_unit", "rule": "no_unit_head"}])
    return unit


def _resolve_org(actor: Person, code: str | None) -> Organization:
    if code is None:
        return actor.org
    org = db.session.scalars(select(Organization).where(Organization.code == code)).first()
    if org is None or org.id != actor.org_id:
        raise ValidationFailed(f"Không thể soạn văn bản cho cơ quan '{code}'.", details=[{"field": "org"}])
    return org


def create_document(actor: Person, data: DraftIn, *, process_id: str = PROCESS_ID, attach=None) -> Document:
    """Start a draft (dự thảo) and its workflow; the drafter's 'draft' task is then open.

    ``process_id`` names the diagram to start (e.g. 'report', which calls outgoing_document); ``attach``,
    if given, is ``attach(doc, now) -> (WorkflowInstance, Instance)`` and binds an instance that already
    runs (a reporting period's) instead of starting one, in the same transaction."""
    with unit_of_work() as s:
        org = _resolve_org(actor, data.org)
        if not holds(actor, org.id, "drafter"):
            raise Forbidden("Bạn không có vai trò chuyên viên soạn thảo trong cơ quan này.")
        now = current_clock().now()
        c = _content_from(data, org)
        doc = Document(org_id=org.id, system=org.system, ruleset=dkinds.ruleset_for(org.system, current_clock().today()),
                       created_by_id=actor.id, status="DRAFT", created_at=now, updated_at=now, version_no=1)
        _apply_content(doc, c, org, actor)
        s.add(doc)
        s.flush()
        s.add(DocumentVersion(document_id=doc.id, version_no=1, content=c, sha256=doc.content_hash,
                              created_by_id=actor.id, created_at=now))
        row, inst = attach(doc, now) if attach else instances.start_instance(doc.id, process_id, now)
        sync_step(doc, inst, now)
        audit(doc, actor, "create", None, None, now)
        return doc


def revise_document(actor: Person, doc_id: int, data: DraftIn, expected_version: int | None = None) -> Document:
    """A new version of the draft; allowed only to the drafter while the draft is in their hands."""
    with unit_of_work() as s:
        doc = get_document(actor, doc_id, for_update=True, insider=True)
        check_expected(doc, expected_version)
        if doc.signed_hash:
            raise Conflict("Văn bản đã ký không thể sửa (V22); nội dung mới phải là văn bản mới "
                           "hoặc văn bản đính chính.", code="signed_immutable")
        if doc.created_by_id != actor.id:
            raise Forbidden("Chỉ người soạn thảo mới được chỉnh sửa dự thảo.")
        if doc.step != "draft":
            raise Conflict(f"Dự thảo đang ở bước '{STATUS_LABELS.get(doc.status, doc.status)}'; "
                           "chỉ sửa được khi dự thảo đang ở người soạn thảo.", code="not_editable")
        org = doc.org
        if data.org and data.org != org.code:
            raise ValidationFailed("Không thể đổi cơ quan ban hành của dự thảo.", details=[{"field": "org"}])
        c = _content_from(data, org)
        old_hash = doc.content_hash
        _apply_content(doc, c, org, actor)
        now = current_clock().now()
        if doc.content_hash != old_hash:
            doc.version_no += 1
            s.add(DocumentVersion(document_id=doc.id, version_no=doc.version_no, content=c, sha256=doc.content_hash,
                                  created_by_id=actor.id, created_at=now))
            doc.approved_hash = None
            audit(doc, actor, "revise", None, None, now)
        doc.updated_at = now
        return doc


def check_expected(doc: Document, expected_version: int | None) -> None:
    if expected_version is not None and expected_version != doc.lock_version:
        raise StaleVersion(last_action_message(doc, "Văn bản đã thay đổi từ lúc bạn mở."))


@dataclass(frozen=True)
class TaskView:
    document: Document
    task_id: str
    name: str
    title: str
    role: str
    waiting_since: datetime | None
    on_behalf: Person | None = None  # the absent person whose task this is, when the actor stands in for them


def my_tasks(actor: Person) -> list[TaskView]:
    """The person's open tasks across documents (their own, and those of the people they stand in for now):
    most urgent first, then newest."""
    org_roles = {(r.org_id, r.role) for r in actor.roles}
    for sub in substitutions_of(actor, active=True):
        org_roles |= {(r.org_id, r.role) for r in sub.absent.roles if r.org_id == sub.org_id}
    if not org_roles:
        return []
    wanted = or_(*(and_(Document.org_id == o, Document.step_role == r) for o, r in org_roles))
    docs = db.session.scalars(select(Document).where(wanted, Document.step.is_not(None))).all()
    out = []
    for doc in docs:
        if not doc.step_role or (doc.org_id, doc.step_role) not in org_roles:
            continue
        reason, absent = check_act(actor, doc, doc.step)
        if reason is None:
            out.append(TaskView(doc, doc.step_task_id or "", doc.step, _task_title(doc.step), doc.step_role,
                                doc.step_since, absent))
    rank = {"HOA_TOC": 0, "THUONG_KHAN": 1, "KHAN": 2}
    out.sort(key=lambda t: (rank.get(t.document.urgency or "", 9), -(t.waiting_since or datetime.min).timestamp()))
    return out


TASK_TITLES = {
    "draft": "Soạn thảo / chỉnh sửa dự thảo",
    "content_review": "Thẩm định nội dung",
    "format_check": "Kiểm tra thể thức",
    "sign": "Ký ban hành",
    "register": "Cấp số, đăng ký văn bản đi",
    "dispatch": "Phát hành văn bản",
}


def _task_title(name: str | None) -> str:
    return TASK_TITLES.get(name or "", name or "")


def sync_step(doc: Document, inst, now: datetime) -> None:
    """Denormalise the open user task onto the document (for task lists and conflict messages)."""
    ready = inst.ready_tasks()
    t = ready[0] if ready else None
    doc.step = t.name if t else None
    doc.step_role = t.role if t else None
    if doc.step_task_id != (t.id if t else None):
        doc.step_assignee_id = None  # a reassignment holds for one open step only
    doc.step_task_id = t.id if t else None
    doc.step_since = now
    doc.status = STATUS_BY_STEP.get(doc.step, doc.status)


def audit(doc: Document, actor: Person, action: str, task: str | None, comment: str | None, now: datetime,
          details: dict | None = None, on_behalf: Person | None = None) -> None:
    """One history event; `on_behalf`: the absent person a substitute acted for (kept in the hashed details)."""
    if on_behalf is not None:
        details = {**(details or {}), "on_behalf_of_id": on_behalf.id, "on_behalf_of": on_behalf.full_name}
    db.session.add(AuditEvent(document_id=doc.id, actor_id=actor.id, action=action, task=task, comment=comment,
                              version_no=doc.version_no, at=now, details=details))


def list_documents(actor: Person, *, status: str | None = None, limit: int = 50, offset: int = 0) -> list[Document]:
    q = select(Document).where(Document.org_id == actor.org_id)
    roles = roles_of(actor, actor.org_id)
    if not roles & {"unit_head", "office", "signer", "clerk", "archivist"}:
        q = q.where((Document.created_by_id == actor.id) | (Document.status.in_(ISSUED)))
    if status:
        q = q.where(Document.status == status)
    return list(db.session.scalars(q.order_by(Document.id.desc()).limit(limit).offset(offset)).all())


def history(actor: Person, doc_id: int) -> list[AuditEvent]:
    """Every audit event of the document: the sender's inside (404 to recipients)."""
    doc = get_document(actor, doc_id, insider=True)
    return list(db.session.scalars(select(AuditEvent).where(AuditEvent.document_id == doc.id)
                                   .order_by(AuditEvent.id)).all())


def versions(actor: Person, doc_id: int) -> list[DocumentVersion]:
    """Every draft version: the sender's inside (404 to recipients)."""
    doc = get_document(actor, doc_id, insider=True)
    return list(db.session.scalars(select(DocumentVersion).where(DocumentVersion.document_id == doc.id)
                                   .order_by(DocumentVersion.version_no)).all())


def deliveries(actor: Person, doc_id: int) -> list[Delivery]:
    """The delivery records: all of them for the sender, only their own organization's for a recipient."""
    doc = get_document(actor, doc_id)
    q = select(Delivery).where(Delivery.document_id == doc.id)
    if not is_insider(actor, doc):
        q = q.where(Delivery.recipient_org_id == actor.org_id)
    return list(db.session.scalars(q
                                   .options(joinedload(Delivery.recipient_org), joinedload(Delivery.recipient_person))
                                   .order_by(Delivery.position)).all())


def completed_steps(doc: Document) -> list[str]:
    row = instances.instance_for(doc.id)
    if row is None:
        return []
    try:
        return instances.load_instance(row).completed_task_names()
    except StateError:
        return []


def last_action_message(doc: Document, prefix: str) -> str:
    ev = db.session.scalars(select(AuditEvent).where(AuditEvent.document_id == doc.id)
                            .order_by(AuditEvent.id.desc())).first()
    if ev is None or ev.actor is None:
        return prefix
    at = to_vn(ev.at).strftime("%H:%M:%S ngày %d/%m/%Y")
    return f"{prefix} Văn bản đã được {ACTION_LABELS.get(ev.action, ev.action)} bởi {ev.actor.full_name} lúc {at}."
