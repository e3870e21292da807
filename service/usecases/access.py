"""Who may see and do what: roles in an organization, signing authorities, reading a document (404 to
others), who may complete a step (lanes name roles; separation of duties)."""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import func, select
from sqlalchemy.orm import joinedload

from service.clock import current_clock, to_vn
from service.domain import signature as dsig
from service.errors import NotFound
from service.extensions import db
from service.store.documents import Delivery, Document
from service.store.incoming import IncomingDocument
from service.store.organizations import Organization, Person, RoleAssignment, Substitution
from service.store.workflow import WorkflowInstance

REVIEW_TASKS = ("content_review", "format_check", "sign")

# Statuses of an issued document: dispatched, and dispatched then recalled (still shown, marked ĐÃ THU HỒI).
ISSUED = ("DISPATCHED", "RECALLED")


# Roles a person may hold in an organization (lanes of the diagrams, plus readers).
ROLES = ("drafter", "unit_head", "office", "signer", "clerk", "archivist")


def roles_of(person: Person, org_id: int) -> set[str]:
    return {r.role for r in person.roles if r.org_id == org_id}


def holds(person: Person, org_id: int, role: str, unit_id: int | None = None) -> bool:
    for r in person.roles:
        if r.org_id == org_id and r.role == role and (r.unit_id is None or unit_id is None or r.unit_id == unit_id):
            return True
    return False


def can_view(person: Person, doc: Document) -> bool:
    """Drafts are seen by their drafter and by the people who handle the workflow in that organization;
    other drafters of the organization see a document once it is issued; other organizations never see
    drafts (they get 404)."""
    if _can_view_own(person, doc):
        return True
    # A named substitute (not revoked) sees what the absent person sees there: within the window to act, outside
    # it to be told why they may not (403 with the window) and to read back what they did.
    return doc.org_id == person.org_id and any(_can_view_own(s.absent, doc)
                                               for s in substitutions_of(person, doc.org_id))


def _can_view_own(person: Person, doc: Document) -> bool:
    if doc.org_id != person.org_id and not _is_recipient(person, doc):
        return False
    if doc.created_by_id == person.id:
        return True
    roles = roles_of(person, doc.org_id)
    if roles & {"unit_head", "office", "signer", "clerk", "archivist"}:
        return True
    return doc.status in ISSUED


def is_insider(person: Person, doc: Document) -> bool:
    """True for a person of the issuing organization (who may see the document): they see its inside (drafts,
    versions, diffs, comments, history, every delivery, the diagram). A person of a recipient organization sees
    only the issued document and their own organization's deliveries."""
    return person.org_id == doc.org_id


def _is_recipient(person: Person, doc: Document) -> bool:
    if doc.status not in ISSUED:
        return False
    return db.session.scalar(select(func.count(Delivery.id)).where(
        Delivery.document_id == doc.id, Delivery.recipient_org_id == person.org_id)) > 0


_DOC_LOADS = (joinedload(Document.org), joinedload(Document.drafting_unit), joinedload(Document.created_by),
              joinedload(Document.intended_signer))


def get_document(person: Person, doc_id: int, *, for_update: bool = False, insider: bool = False) -> Document:
    """The document if this person may see it (else 404), with what its pages and JSON show loaded at once;
    `for_update` locks its row until the transaction ends (PostgreSQL; SQLite writers are serialized);
    `insider` asks for the sender's inside (history, versions, drafts, steps): 404 to recipients too."""
    q = select(Document).where(Document.id == doc_id).options(*_DOC_LOADS)
    if for_update:
        q = q.with_for_update(of=Document)
    return _visible(person, db.session.scalars(q).unique().first(), insider)


def get_document_and_instance(person: Person, doc_id: int) -> tuple[Document, WorkflowInstance | None]:
    """`get_document(for_update=True, insider=True)` and then the document's workflow row. Two statements on
    purpose: on PostgreSQL a waiter's row lock re-reads only the locked row, so a workflow row joined into the
    locking query would be the one from before the other transaction committed (a lost update)."""
    doc = get_document(person, doc_id, for_update=True, insider=True)
    row = db.session.scalars(select(WorkflowInstance).where(WorkflowInstance.document_id == doc.id)).first()
    return doc, row


def _visible(person: Person, doc: Document | None, insider: bool) -> Document:
    if doc is None or not can_view(person, doc) or (insider and not is_insider(person, doc)):
        raise NotFound("Không tìm thấy văn bản.")
    return doc


def may_act(actor: Person, doc: Document, task: str) -> str | None:
    """None when the actor may complete `task` on `doc` (themself, or as a substitute), else the reason."""
    return check_act(actor, doc, task)[0]


def check_act(actor: Person, doc: Document, task: str) -> tuple[str | None, Person | None]:
    """(None, None) when the actor may complete `task` in their own right; (None, absent) when they may as the
    substitute of `absent` (an active substitution covering the document's kind); else (reason, None).

    Lanes name roles; separation of duties: the drafter neither reviews nor signs their own document,
    the signer does not number or dispatch what they signed; both rules bind the substitute AND the absent."""
    if task == "draft":  # a draft is its drafter's own work: nobody drafts for someone else
        return _check(actor, actor, doc, task), None
    return act_as(actor, doc.org_id, doc.kind,
                  lambda person, role_only: _check(person, actor, doc, task, role_only))


def act_as(actor: Person, org_id: int, kind: str | None,
           check: Callable[[Person, bool], str | None]) -> tuple[str | None, Person | None]:
    """Whether `actor` may take a step of the organization's document of `kind`, in their own right or for an
    absent person: `check(person, role_only)` gives the reason `actor` may not act as `person` (None when they
    may; with `role_only`, only whether the step is that person's at all). (None, None): in their own right;
    (None, absent): as the substitute of `absent`, in the window of a substitution covering the kind; else
    (reason, None), naming the window when the actor acts outside it. Outgoing and incoming steps share it."""
    own = check(actor, False)
    if own is None:
        return None, None
    now = current_clock().now()
    refusals, outside = [], []
    for sub in substitutions_of(actor, org_id):
        if not sub.covers_kind(kind) or check(sub.absent, True):
            continue
        if not sub.starts_at <= now < sub.ends_at:
            outside.append(sub)
            continue
        reason = check(sub.absent, False)
        if reason is None:
            return None, sub.absent
        refusals.append(reason)
    if refusals:
        return refusals[0], None
    if outside:
        s = outside[0]
        return (f"Đồng chí chỉ xử lý thay {s.absent.full_name} từ {to_vn(s.starts_at):%H:%M %d/%m/%Y} đến "
                f"{to_vn(s.ends_at):%H:%M %d/%m/%Y}; ngoài thời gian đó không được xử lý bước này."), None
    return own, None


def check_incoming_act(actor: Person, inc: IncomingDocument, task: str, role: str) -> tuple[str | None, Person | None]:
    """As `check_act`, for the open step `task` (lane `role`) of an incoming document: the role, and for handling
    the assigned handler; a substitute takes the absent person's step in the window (for all work or the kind)."""
    def check(person: Person, role_only: bool) -> str | None:
        if not holds(person, inc.org_id, role):
            return f"Bạn không có vai trò '{role}' cho văn bản đến này."
        if task == "handle_incoming" and inc.handler_id is not None and inc.handler_id != person.id:
            return "Văn bản này được giao cho người xử lý khác."
        return None
    return act_as(actor, inc.org_id, inc.kind, check)


def _check(person: Person, actor: Person, doc: Document, task: str, role_only: bool = False) -> str | None:
    """Whether `actor` may complete `task` as `person` (themself, or the absent one they stand in for)."""
    role = doc.step_role
    if not holds(person, doc.org_id, role, doc.drafting_unit_id if role == "unit_head" else None):
        return f"Bạn không có vai trò '{role}' cho văn bản này."
    if doc.step_assignee_id is not None and doc.step_assignee_id != person.id:
        name = doc.step_assignee.full_name if doc.step_assignee else ""
        return f"Bước này đã được giao cho đồng chí {name}; chỉ người được giao mới xử lý."
    if role_only:
        return None
    if task == "draft" and doc.created_by_id != actor.id:
        return "Chỉ người soạn thảo mới được chỉnh sửa và trình dự thảo."
    if task in REVIEW_TASKS and doc.created_by_id in (actor.id, person.id):
        return "Người soạn thảo không được tự thẩm định hoặc ký văn bản của mình."
    if (task == "sign" and doc.step_assignee_id is None and doc.intended_signer_id is not None
            and doc.intended_signer_id != person.id):
        return "Văn bản này được trình cho người ký khác."
    if task == "sign" and not may_sign_kind(actor, doc):  # the one who signs signs under their OWN authority
        if person.id != actor.id:
            return (f"Đồng chí không có thẩm quyền ký loại văn bản này ({doc.kind}) nên không ký thay "
                    f"{person.full_name} được; người thay chỉ ký theo thẩm quyền của chính mình (K/T, Q., TUQ.).")
        return (f"Thẩm quyền ký của bạn không bao gồm loại văn bản này ({doc.kind}); chỉ người có thẩm quyền ký "
                "loại văn bản này mới được đồng ý ký hoặc trả lại.")
    if task in ("register", "dispatch") and doc.signed_by_id in (actor.id, person.id):
        return "Người ký không được tự cấp số hoặc phát hành văn bản mình đã ký."
    return None


def substitutions_of(substitute: Person, org_id: int | None = None, *, active: bool = False) -> list[Substitution]:
    """The substitutions (not revoked) in which `substitute` stands in for someone; `active`: in force now."""
    q = select(Substitution).where(Substitution.substitute_id == substitute.id, Substitution.revoked_at.is_(None))
    if org_id is not None:
        q = q.where(Substitution.org_id == org_id)
    if active:
        now = current_clock().now()
        q = q.where(Substitution.starts_at <= now, Substitution.ends_at > now)
    return list(db.session.scalars(q.order_by(Substitution.starts_at, Substitution.id)).all())


def substitutes_for(people: list[Person], doc: Document) -> list[Person]:
    """Those who stand in now for one of `people` and may take the document's open step: to tell them too."""
    ids = [p.id for p in people]
    if not ids or doc.step is None:
        return []
    now = current_clock().now()
    subs = db.session.scalars(select(Substitution).where(
        Substitution.absent_id.in_(ids), Substitution.revoked_at.is_(None), Substitution.starts_at <= now,
        Substitution.ends_at > now).order_by(Substitution.id)).all()
    out: dict[int, Person] = {}
    for s in subs:
        if s.substitute_id not in ids and s.substitute.active and check_act(s.substitute, doc, doc.step)[1]:
            out.setdefault(s.substitute_id, s.substitute)
    return list(out.values())


def people_with(org_id: int, role: str, unit_id: int | None = None) -> list[Person]:
    """Active people holding `role` in the organization (in `unit_id`, when given: by role or membership)."""
    q = select(Person).join(RoleAssignment, RoleAssignment.person_id == Person.id).where(
        RoleAssignment.org_id == org_id, RoleAssignment.role == role, Person.active.is_(True))
    if unit_id is not None:
        q = q.where((RoleAssignment.unit_id == unit_id) | (Person.unit_id == unit_id))
    return list(db.session.scalars(q.order_by(Person.id)).unique().all())


def people_for_step(doc: Document) -> list[Person]:
    """Who may take the document's open step (the lane's role; the unit head of the drafting unit; the intended
    signer; neither the drafter for a review nor the signer for numbering and dispatch): those to tell."""
    if doc.step is None or doc.step_role is None:
        return []
    if doc.step == "draft":
        return [doc.created_by]
    if doc.step_assignee is not None:
        people = [doc.step_assignee]
    elif doc.step == "sign" and doc.intended_signer is not None:
        people = [doc.intended_signer]
    else:
        people = people_with(doc.org_id, doc.step_role,
                             doc.drafting_unit_id if doc.step_role == "unit_head" else None)
        barred = doc.created_by_id if doc.step in REVIEW_TASKS else doc.signed_by_id
        people = [p for p in people if p.id != barred and (doc.step != "sign" or may_sign_kind(p, doc))]
    return people + substitutes_for(people, doc)


def may_sign_kind(person: Person, doc: Document) -> bool:
    """V8: the person holds an authority of the issuing organization, in force today, that covers the kind (a
    signer who may sign only Thông báo neither signs nor returns a Kế hoạch)."""
    today = current_clock().today()
    return any(a.valid_on(today) and a.covers_kind(doc.kind) for a in authorities_of(person, doc.org_id))


def authorities_of(person: Person, org_id: int) -> list[dsig.Authority]:
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
