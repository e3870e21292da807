"""Committee terms (nhiệm kỳ) and number series (sổ) as an administrator sets them up: open and close a term,
start a series at a given number, see where each stands. Audited like the rest of the administration."""
from __future__ import annotations

from sqlalchemy import select

from service.domain import kinds as dkinds
from service.errors import Conflict, ValidationFailed
from service.extensions import db
from service.store.organizations import Organization, Person, Term
from service.store.series import NumberSeries
from service.store.unit_of_work import unit_of_work
from service.usecases import admin_inputs as ai
from service.usecases.administration import (
    administered_org_ids,
    audit_admin,
    org_by_code,
    require_admin_of,
    row_for_update,
)


def list_terms(actor: Person, org_code: str | None) -> list[Term]:
    q = select(Term).order_by(Term.org_id, Term.start)
    if org_code:
        q = q.where(Term.org_id == org_by_code(org_code).id)
    return list(db.session.scalars(q).all())


def open_term(actor: Person, data: ai.TermIn) -> Term:
    """Nhiệm kỳ: Party numbering runs per kind per term; a term that has ended numbers nothing after its end."""
    with unit_of_work():
        org = org_by_code(data.org)
        require_admin_of(actor, org)
        if data.end and data.end < data.start:
            raise ValidationFailed("Ngày kết thúc nhiệm kỳ phải sau ngày bắt đầu.", details=[{"field": "end"}])
        term = Term(org_id=org.id, name=data.name, start=data.start, end=data.end)
        db.session.add(term)
        db.session.flush()
        audit_admin(actor, "create", "term", term.id, data.model_dump())
        return term


def update_term(actor: Person, term_id: int, data: ai.TermPatch) -> Term:
    """Rename or close a term (its `end`): from the next day its series give no number."""
    with unit_of_work():
        term = row_for_update(Term, term_id, "nhiệm kỳ")
        require_admin_of(actor, db.session.get(Organization, term.org_id))
        changes = data.model_dump(exclude_unset=True)
        if changes.get("name"):
            term.name = changes["name"]
        if "end" in changes:
            if data.end and data.end < term.start:
                raise ValidationFailed("Ngày kết thúc nhiệm kỳ phải sau ngày bắt đầu.", details=[{"field": "end"}])
            term.end = data.end
        audit_admin(actor, "update", "term", term.id, changes)
        return term


def list_series(actor: Person, org_code: str | None) -> list[NumberSeries]:
    """Where each series stands (its next number)."""
    q = select(NumberSeries).order_by(NumberSeries.org_id, NumberSeries.direction, NumberSeries.kind,
                                      NumberSeries.period_key)
    if org_code:
        q = q.where(NumberSeries.org_id == org_by_code(org_code).id)
    ids = administered_org_ids(actor)
    if ids is not None:
        q = q.where(NumberSeries.org_id.in_(ids or {0}))
    return list(db.session.scalars(q).all())


def start_series(actor: Person, data: ai.SeriesIn) -> NumberSeries:
    """Start a series at a given number (an organization adopting the system mid-term or mid-year). A series
    that exists is never changed: its numbers are never reused."""
    with unit_of_work():
        org = org_by_code(data.org)
        require_admin_of(actor, org)
        if data.direction == "OUT" and data.kind != "*" and not dkinds.is_kind_of_system(data.kind, org.system):
            raise ValidationFailed(f"Loại văn bản '{data.kind}' không thuộc hệ thống văn bản của {org.name}.",
                                   details=[{"field": "kind"}])
        if data.period_key.startswith("TERM:"):
            term = db.session.get(Term, int(data.period_key[5:]))
            if term is None or term.org_id != org.id:
                raise ValidationFailed("Nhiệm kỳ không thuộc cơ quan.", details=[{"field": "period_key"}])
        key = dict(org_id=org.id, direction=data.direction, kind=data.kind, period_key=data.period_key, secret=False)
        if db.session.scalars(select(NumberSeries.id).filter_by(**key)).first():
            raise Conflict("Sổ này đã có; số không bao giờ được dùng lại nên không đổi.", code="duplicate")
        series = NumberSeries(next_value=data.next_value, **key)
        db.session.add(series)
        db.session.flush()
        audit_admin(actor, "create", "series", series.id, data.model_dump())
        return series
