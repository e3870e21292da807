"""Use cases of the outgoing document (văn bản đi): draft, revise, review, sign, number, dispatch.

Each public function is one user action and one transaction (see unit_of_work). HTTP layers call these;
they never commit themselves.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from flask import current_app
from sqlalchemy import and_, func, insert, or_, select, update
from sqlalchemy.orm import joinedload

from workflows import FieldsRejected, StateError

from service import numbers, runtime
from service.clock import to_vn
from service.domain import kinds as dkinds
from service.domain import numbering
from service.domain import recipients as drec
from service.domain import signature as dsig
from service.domain import validation as dval
from service.domain.dates import check_chronology
from service.domain.errors import DomainError, Violation
from service.errors import Conflict, Forbidden, NotFound, ValidationFailed
from service.extensions import db
from service.models import (
    AuditEvent,
    Delivery,
    Document,
    DocumentVersion,
    NumberSeries,
    Organization,
    OutgoingRegisterEntry,
    Person,
    RoleAssignment,
    SigningAuthority,
    Term,
    Unit,
    WorkflowInstance,
)
from service.schemas import DraftIn
from service.task_fields import task_submission
from service.unit_of_work import unit_of_work

PROCESS_ID = "outgoing_document"
REVIEW_TASKS = ("content_review", "format_check", "sign")
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
}
# Roles a person may hold in an organization (lanes of the diagrams, plus readers).
ROLES = ("drafter", "unit_head", "office", "signer", "clerk", "archivist")


def clock():
    return current_app.extensions["clock"]


# --------------------------------------------------------------------------- access


def roles_of(person: Person, org_id: int) -> set[str]:
    return {r.role for r in person.roles if r.org_id == org_id}


def _holds(person: Person, org_id: int, role: str, unit_id: int | None = None) -> bool:
    for r in person.roles:
        if r.org_id == org_id and r.role == role and (r.unit_id is None or unit_id is None or r.unit_id == unit_id):
            return True
    return False


def can_view(person: Person, doc: Document) -> bool:
    """Drafts are seen by their drafter and by the people who handle the workflow in that organization;
    other drafters of the organization see a document once it is issued; other organizations never see
    drafts (they get 404)."""
    if doc.org_id != person.org_id and not _is_recipient(person, doc):
        return False
    if doc.created_by_id == person.id:
        return True
    roles = roles_of(person, doc.org_id)
    if roles & {"unit_head", "office", "signer", "clerk", "archivist"}:
        return True
    return doc.status == "DISPATCHED"


def _is_recipient(person: Person, doc: Document) -> bool:
    if doc.status != "DISPATCHED":
        return False
    return db.session.scalar(select(func.count(Delivery.id)).where(
        Delivery.document_id == doc.id, Delivery.recipient_org_id == person.org_id)) > 0


_DOC_LOADS = (joinedload(Document.org), joinedload(Document.drafting_unit), joinedload(Document.created_by),
              joinedload(Document.intended_signer))


def get_document(person: Person, doc_id: int, *, for_update: bool = False) -> Document:
    """The document if this person may see it (else 404), with what its pages and JSON show loaded at once;
    `for_update` locks its row until the transaction ends (PostgreSQL; SQLite writers are serialized)."""
    q = select(Document).where(Document.id == doc_id).options(*_DOC_LOADS)
    if for_update:
        q = q.with_for_update(of=Document)
    doc = db.session.scalars(q).unique().first()
    if doc is None or not can_view(person, doc):
        raise NotFound("Không tìm thấy văn bản.")
    return doc


# --------------------------------------------------------------------------- content


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
    content = domain_content(org.system, c)
    violations = dval.validate_content(content)
    if violations:
        raise ValidationFailed.from_violations(violations, "Văn bản chưa hợp lệ.")
    signer = None
    if c["intended_signer"]:
        signer = db.session.scalars(select(Person).where(Person.username == c["intended_signer"])).first()
        if signer is None or not _authorities(signer, org.id):
            raise ValidationFailed(
                f"Người ký dự kiến '{c['intended_signer']}' không có thẩm quyền ký văn bản của {org.name}.",
                details=[{"rule": "V8", "field": "intended_signer"}])
        if signer.id == actor.id:
            raise ValidationFailed("Người soạn thảo không thể tự ký văn bản của mình.",
                                   details=[{"rule": "SoD", "field": "intended_signer"}])
    unit = None
    if c["drafting_unit"]:
        unit = db.session.scalars(select(Unit).where(Unit.org_id == org.id, Unit.code == c["drafting_unit"])).first()
        if unit is None:
            raise ValidationFailed(f"Đơn vị soạn thảo '{c['drafting_unit']}' không thuộc {org.name}.",
                                   details=[{"field": "drafting_unit"}])
    elif actor.unit_id and actor.unit and actor.unit.org_id == org.id:
        unit = actor.unit
    for r in c["recipients"]:
        if r.get("org_code") and db.session.scalars(select(Organization.id).where(
                Organization.code == r["org_code"])).first() is None:
            raise ValidationFailed(f"Nơi nhận '{r['text']}': không có cơ quan mã '{r['org_code']}'.",
                                   details=[{"field": "recipients"}])
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
        if not _holds(actor, org.id, "drafter"):
            raise Forbidden("Bạn không có vai trò chuyên viên soạn thảo trong cơ quan này.")
        now = clock().now()
        c = _content_from(data, org)
        doc = Document(org_id=org.id, system=org.system, ruleset=dkinds.ruleset_for(org.system, clock().today()),
                       created_by_id=actor.id, status="DRAFT", created_at=now, updated_at=now, version_no=1)
        _apply_content(doc, c, org, actor)
        s.add(doc)
        s.flush()
        s.add(DocumentVersion(document_id=doc.id, version_no=1, content=c, sha256=doc.content_hash,
                              created_by_id=actor.id, created_at=now))
        row, inst = attach(doc, now) if attach else runtime.start_instance(doc.id, process_id, now)
        _sync_step(doc, inst, now)
        _audit(doc, actor, "create", None, None, now)
        return doc


def revise_document(actor: Person, doc_id: int, data: DraftIn, expected_version: int | None = None) -> Document:
    """A new version of the draft; allowed only to the drafter while the draft is in their hands."""
    with unit_of_work() as s:
        doc = get_document(actor, doc_id, for_update=True)
        _check_expected(doc, expected_version)
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
        now = clock().now()
        if doc.content_hash != old_hash:
            doc.version_no += 1
            s.add(DocumentVersion(document_id=doc.id, version_no=doc.version_no, content=c, sha256=doc.content_hash,
                                  created_by_id=actor.id, created_at=now))
            doc.approved_hash = None
            _audit(doc, actor, "revise", None, None, now)
        doc.updated_at = now
        return doc


def _check_expected(doc: Document, expected_version: int | None) -> None:
    if expected_version is not None and expected_version != doc.lock_version:
        raise Conflict(_last_action_message(doc, "Văn bản đã thay đổi từ lúc bạn mở."), code="stale")


# --------------------------------------------------------------------------- tasks


@dataclass(frozen=True)
class TaskView:
    document: Document
    task_id: str
    name: str
    title: str
    role: str
    waiting_since: datetime | None


def my_tasks(actor: Person) -> list[TaskView]:
    """The person's open tasks across documents: most urgent first, then newest."""
    org_roles = {(r.org_id, r.role) for r in actor.roles}
    if not org_roles:
        return []
    wanted = or_(*(and_(Document.org_id == o, Document.step_role == r) for o, r in org_roles))
    docs = db.session.scalars(select(Document).where(wanted, Document.step.is_not(None))).all()
    out = []
    for doc in docs:
        if doc.step_role and (doc.org_id, doc.step_role) in org_roles and _may_act(actor, doc, doc.step) is None:
            out.append(TaskView(doc, doc.step_task_id or "", doc.step, _task_title(doc.step), doc.step_role,
                                doc.step_since))
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


def _may_act(actor: Person, doc: Document, task: str) -> str | None:
    """None when the actor may complete `task` on `doc`, else the reason (Vietnamese).

    Lanes name roles; separation of duties: the drafter neither reviews nor signs their own document,
    the signer does not number or dispatch what they signed."""
    role = doc.step_role
    if not _holds(actor, doc.org_id, role, doc.drafting_unit_id if role == "unit_head" else None):
        return f"Bạn không có vai trò '{role}' cho văn bản này."
    if task == "draft" and doc.created_by_id != actor.id:
        return "Chỉ người soạn thảo mới được chỉnh sửa và trình dự thảo."
    if task in REVIEW_TASKS and doc.created_by_id == actor.id:
        return "Người soạn thảo không được tự thẩm định hoặc ký văn bản của mình."
    if task == "sign" and doc.intended_signer_id is not None and doc.intended_signer_id != actor.id:
        return "Văn bản này được trình cho người ký khác."
    if task in ("register", "dispatch") and doc.signed_by_id == actor.id:
        return "Người ký không được tự cấp số hoặc phát hành văn bản mình đã ký."
    return None


def complete_task(actor: Person, doc_id: int, task_id: str, payload: dict,
                  expected_version: int | None = None) -> Document:
    """Complete a user task. Exactly one of two concurrent completions succeeds; the other gets 409
    naming who acted first."""
    with unit_of_work():
        doc = get_document(actor, doc_id, for_update=True)
        _check_expected(doc, expected_version)
        row = runtime.instance_for(doc.id)
        inst = runtime.load_instance(row)
        ready = {t.id: t for t in inst.ready_tasks()}
        task = ready.get(task_id)
        if task is None:
            if doc.step is None or task_id != doc.step_task_id:
                raise Conflict(_last_action_message(doc, "Bước này đã được xử lý."), code="task_not_ready")
            raise Conflict("Bước này không còn mở.", code="task_not_ready")
        reason = _may_act(actor, doc, task.name)
        if reason:
            raise Forbidden(reason)
        data = task_submission(task, payload)
        now = clock().now()
        decision = data.get("decision")
        comment = (data.get("comment") or "").strip() or None
        if task.name in REVIEW_TASKS and decision == "return" and not comment:
            raise ValidationFailed("Trả lại dự thảo phải kèm ý kiến (trường 'comment').",
                                   details=[{"field": "comment", "rule": "comment_required"}])
        handler = _HANDLERS.get(task.name)
        if handler:
            handler(actor, doc, data, now)
        # Other modules (signatures, incoming queues, ...) join the same transaction through hooks.
        for hook in current_app.extensions.get("task_hooks", {}).get(task.name, ()):
            hook(actor, doc, data, now)
        try:
            inst.complete(task.id, {k: v for k, v in data.items() if not isinstance(v, date)} | {
                k: v.isoformat() for k, v in data.items() if isinstance(v, date)})
        except FieldsRejected as exc:
            raise ValidationFailed("Dữ liệu gửi lên không hợp lệ cho bước này.",
                                   details=[{"field": f, "message": m} for f, m in exc.errors.items()]) from exc
        runtime.save_instance(row, inst)
        _sync_step(doc, inst, now)
        action = {"draft": "submit", "register": "register", "dispatch": "dispatch"}.get(task.name)
        if action is None:
            action = "return" if decision != "approve" else ("sign" if task.name == "sign" else "approve")
        if action == "return":
            doc.status = "RETURNED"
        _audit(doc, actor, action, task.name, comment, now,
               details={"decision": decision} if decision else None)
        doc.updated_at = now
        return doc


def _on_draft(actor, doc, data, now) -> None:
    violations = dval.validate_content(domain_content(doc.system, document_content(doc)))
    if violations:
        raise ValidationFailed.from_violations(violations, "Dự thảo chưa thể trình.")


def _on_review(actor, doc, data, now) -> None:
    if data.get("decision") == "approve" and doc.step == "content_review":
        doc.approved_hash = doc.content_hash


def _on_sign(actor: Person, doc: Document, data, now) -> None:
    if data.get("decision") != "approve":
        return
    if doc.approved_hash != doc.content_hash:
        raise Conflict("Nội dung đã thay đổi sau khi được thẩm định; dự thảo phải được thẩm định lại.",
                       code="changed_after_approval")
    violations = dval.validate_for_signing(domain_content(doc.system, document_content(doc)))
    if violations:
        raise ValidationFailed.from_violations(violations, "Văn bản thiếu thành phần bắt buộc, chưa thể ký (V12/V13).")
    today = current_app.extensions["clock"].today()
    block, problems = _signature_block(actor, doc, today)
    if block is None:
        raise Forbidden("Bạn không có thẩm quyền ký văn bản này. " + "; ".join(v.message for v in problems))
    doc.signature_block = {"prefix": block.prefix, "collective_title": block.collective_title,
                           "position_title": block.position_title, "full_name": block.full_name,
                           "lines": block.lines()}
    doc.signed_hash = doc.content_hash
    doc.signed_at = now
    doc.signed_by_id = actor.id


def _authorities(person: Person, org_id: int) -> list[dsig.Authority]:
    out = []
    for a in person.authorities:
        if a.org_id != org_id:
            continue
        delegation = None
        if a.delegator_title:
            delegation = dsig.Delegation(delegator_title=a.delegator_title, valid_from=a.delegation_from or a.valid_from,
                                         valid_to=a.delegation_to, redelegated=a.redelegated)
        out.append(dsig.Authority(org_id=a.org_id, system=db.session.get(Organization, org_id).system,
                                  prefix=a.prefix, collective_title=a.collective_title,
                                  position_title=a.position_title,
                                  kinds=frozenset(k.strip() for k in a.kinds.split(",")) if a.kinds else None,
                                  valid_from=a.valid_from, valid_to=a.valid_to, delegation=delegation))
    return out


def _signature_block(actor: Person, doc: Document, on: date):
    """The block the actor signs with: the first of their authorities that covers this document."""
    auths = _authorities(actor, doc.org_id)
    problems: list[Violation] = []
    for a in auths:
        block = dsig.SignatureBlock(prefix=a.prefix, collective_title=a.collective_title,
                                    position_title=a.position_title, full_name=actor.full_name)
        v = dsig.check_signing_authority(auths, doc.org_id, doc.system, doc.kind, on, block)
        if not v:
            return block, []
        problems.extend(v)
    if not auths:
        problems.append(Violation("V8", "signer", "Người ký không có thẩm quyền ký văn bản của cơ quan này."))
    return None, problems


def _on_register(actor: Person, doc: Document, data, now) -> None:
    """Cấp số: the next number of the series, only after signature; the outgoing register row."""
    today = current_app.extensions["clock"].today()
    issue_date = data.get("issue_date") or today
    signed_on = to_vn(doc.signed_at).date() if doc.signed_at else None
    problems = [v for v in numbering.check_numbering(doc.signed_hash is not None, signed_on, issue_date)
                if not v.code.endswith("W")]
    created_on = to_vn(doc.created_at).date()
    problems += check_chronology(created=created_on, signed=signed_on, issued=issue_date)
    if issue_date > today:
        problems.append(Violation("V6", "issue_date", "Ngày ban hành không được sau ngày hôm nay."))
    if problems:
        raise ValidationFailed.from_violations(problems, "Không thể cấp số.")
    warnings = [v for v in numbering.check_numbering(True, signed_on, issue_date) if v.code.endswith("W")]
    series = _series_for(doc, issue_date)
    number = numbers.take_next(series)
    org = doc.org
    doc.series_id = series.id
    doc.number = number
    doc.symbol = numbering.format_symbol(doc.system, number, doc.kind, org.abbrev,
                                         doc.drafting_unit.code if doc.drafting_unit else None)
    doc.issue_date = issue_date
    doc.numbered_at = now
    kind = dkinds.get_kind(doc.kind)
    block = doc.signature_block or {}
    db.session.add(OutgoingRegisterEntry(
        document_id=doc.id, org_id=doc.org_id, year=issue_date.year, kind=doc.kind, number=number,
        symbol=doc.symbol, issue_date=issue_date, kind_and_subject=f"{kind.name_vi}: {doc.subject}",
        signer_name=block.get("full_name", ""), recipients_text="\n".join(r["text"] for r in doc.recipients),
        archive_text=", ".join(doc.archive_units) + (f" ({doc.archive_copies})" if doc.archive_copies else ""),
        copies=doc.copies or (len(doc.recipients) + (doc.archive_copies or 0)) or None,
        dispatched_at=None, note="; ".join(w.message for w in warnings) or None,
        search_text=_search_text(doc, block), created_at=now))


def _search_text(doc: Document, block: dict) -> str:
    from service.domain.text import search_key
    parts = [doc.symbol or "", dkinds.get_kind(doc.kind).name_vi, doc.subject, block.get("full_name", ""),
             " ".join(r["text"] for r in doc.recipients)]
    return search_key(" ".join(parts))


def _series_for(doc: Document, issue_date: date) -> NumberSeries:
    """The outgoing series of the document: per kind, per term (Party) or year (state); secret ones apart."""
    terms = [numbering.Term(id=str(t.id), start=t.start, end=t.end)
             for t in db.session.scalars(select(Term).where(Term.org_id == doc.org_id)).all()]
    try:
        period = numbering.series_period(doc.system, issue_date, terms)
    except DomainError as exc:  # no term covers the date
        raise ValidationFailed(exc.message, details=[{"rule": exc.code, "field": "issue_date"}]) from exc
    return numbers.series_for(doc.org_id, "OUT", doc.kind, period, secret=doc.secrecy is not None)


def _on_dispatch(actor: Person, doc: Document, data, now) -> None:
    """Phát hành: one delivery record per Nơi nhận line, in one bulk insert."""
    codes = {r["org_code"] for r in doc.recipients if r.get("org_code")}
    org_ids = dict(db.session.execute(select(Organization.code, Organization.id).where(Organization.code.in_(codes))).all()) if codes else {}
    rows = [dict(document_id=doc.id, position=i, recipient_text=r["text"], purpose=r["purpose"],
                 recipient_org_id=org_ids.get(r.get("org_code")), status="SENT", sent_at=now)
            for i, r in enumerate(doc.recipients, start=1)]
    if rows:
        db.session.execute(insert(Delivery), rows)
    doc.dispatched_at = now
    db.session.execute(update(OutgoingRegisterEntry).where(OutgoingRegisterEntry.document_id == doc.id)
                       .values(dispatched_at=now))
    for hook in current_app.extensions.get("dispatch_hooks", []):
        hook(doc, rows, now)


_HANDLERS = {
    "draft": _on_draft,
    "content_review": _on_review,
    "format_check": _on_review,
    "sign": _on_sign,
    "register": _on_register,
    "dispatch": _on_dispatch,
}


def _sync_step(doc: Document, inst, now: datetime) -> None:
    """Denormalise the open user task onto the document (for task lists and conflict messages)."""
    ready = inst.ready_tasks()
    t = ready[0] if ready else None
    doc.step = t.name if t else None
    doc.step_role = t.role if t else None
    doc.step_task_id = t.id if t else None
    doc.step_since = now
    doc.status = STATUS_BY_STEP.get(doc.step, doc.status)


def _audit(doc: Document, actor: Person, action: str, task: str | None, comment: str | None, now: datetime,
           details: dict | None = None) -> None:
    db.session.add(AuditEvent(document_id=doc.id, actor_id=actor.id, action=action, task=task, comment=comment,
                              version_no=doc.version_no, at=now, details=details))


def _last_action_message(doc: Document, prefix: str) -> str:
    ev = db.session.scalars(select(AuditEvent).where(AuditEvent.document_id == doc.id)
                            .order_by(AuditEvent.id.desc())).first()
    if ev is None or ev.actor is None:
        return prefix
    at = to_vn(ev.at).strftime("%H:%M:%S ngày %d/%m/%Y")
    return f"{prefix} Văn bản đã được {ACTION_LABELS.get(ev.action, ev.action)} bởi {ev.actor.full_name} lúc {at}."


# --------------------------------------------------------------------------- reading


def list_documents(actor: Person, *, status: str | None = None, limit: int = 50, offset: int = 0) -> list[Document]:
    q = select(Document).where(Document.org_id == actor.org_id)
    roles = roles_of(actor, actor.org_id)
    if not roles & {"unit_head", "office", "signer", "clerk", "archivist"}:
        q = q.where((Document.created_by_id == actor.id) | (Document.status == "DISPATCHED"))
    if status:
        q = q.where(Document.status == status)
    return list(db.session.scalars(q.order_by(Document.id.desc()).limit(limit).offset(offset)).all())


def history(actor: Person, doc_id: int) -> list[AuditEvent]:
    doc = get_document(actor, doc_id)
    return list(db.session.scalars(select(AuditEvent).where(AuditEvent.document_id == doc.id)
                                   .order_by(AuditEvent.id)).all())


def versions(actor: Person, doc_id: int) -> list[DocumentVersion]:
    doc = get_document(actor, doc_id)
    return list(db.session.scalars(select(DocumentVersion).where(DocumentVersion.document_id == doc.id)
                                   .order_by(DocumentVersion.version_no)).all())


def deliveries(actor: Person, doc_id: int) -> list[Delivery]:
    doc = get_document(actor, doc_id)
    return list(db.session.scalars(select(Delivery).where(Delivery.document_id == doc.id)
                                   .order_by(Delivery.position)).all())


def completed_steps(doc: Document) -> list[str]:
    row = runtime.instance_for(doc.id)
    if row is None:
        return []
    try:
        return runtime.load_instance(row).completed_task_names()
    except StateError:
        return []


__all__ = ["create_document", "revise_document", "complete_task", "my_tasks", "get_document", "list_documents",
           "history", "versions", "deliveries", "RoleAssignment", "SigningAuthority", "WorkflowInstance"]
