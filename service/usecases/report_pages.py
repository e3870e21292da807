"""What the reporting pages show (read only): the periods an organization owes, the obligations it requests,
and for one obligation the matrix of organizations × periods with lateness and reminders (domain.md §4.3)."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import select

from service.clock import current_clock
from service.domain import reporting as drep
from service.extensions import db
from service.store.documents import Document
from service.store.organizations import Organization, Person
from service.store.reporting import ReportingObligation, ReportingPeriod
from service.usecases import reporting
from service.usecases.access import roles_of

# Who gets the menu link: the roles that write, approve, sign, register or manage reports.
REPORT_ROLES = {"drafter", "unit_head", "leader", "office", "signer", "clerk", "handler"}


def sees_reports(person: Person) -> bool:
    return bool(roles_of(person, person.org_id) & REPORT_ROLES)


@dataclass
class OwedDuty:
    obligation: ReportingObligation
    periods: list[dict] = field(default_factory=list)


def overview(actor: Person) -> dict:
    """Section 1: the duties the actor's organization owes, with each period's state; section 2: the
    obligations it requests from others, with how many periods were reported, late or missing."""
    today = current_clock().today()
    owed: dict[int, OwedDuty] = {}
    docs = _report_docs([p.report_document_id for p in _my_periods(actor)])
    for p in _my_periods(actor):
        duty = owed.setdefault(p.obligation_id, OwedDuty(p.obligation))
        code, label = drep.owed_state(p.status, p.due_date, today, p.obligation.reminder_days, p.days_late,
                                      p.dispatched_at.date() if p.dispatched_at else None)
        duty.periods.append({"id": p.id, "label": p.label, "due_date": p.due_date, "state": code,
                             "state_label": label, "report": docs.get(p.report_document_id),
                             "startable": p.report_document_id is None and p.status == "OPEN"})
    requested = []
    for ob in reporting.list_obligations(actor):
        cells = [drep.matrix_cell(p.status, p.due_date, today, p.days_late)[0] for p in ob.periods]
        requested.append({"obligation": ob, "periods": len(cells),
                          "reported": sum(c in ("ontime", "late") for c in cells),
                          "late": cells.count("late"), "missing": cells.count("missing")})
    return {"owed": list(owed.values()), "requested": requested,
            "can_start": "drafter" in roles_of(actor, actor.org_id)}


def _my_periods(actor: Person) -> list[ReportingPeriod]:
    return list(db.session.scalars(select(ReportingPeriod).where(ReportingPeriod.org_id == actor.org_id)
                                   .order_by(ReportingPeriod.obligation_id, ReportingPeriod.due_date,
                                             ReportingPeriod.id)).all())


def _report_docs(ids: list[int | None]) -> dict[int, Document]:
    wanted = [i for i in ids if i]
    if not wanted:
        return {}
    return {d.id: d for d in db.session.scalars(select(Document).where(Document.id.in_(wanted))).all()}


def obligation_page(actor: Person, ob_id: int) -> dict:
    """The matrix of one obligation: rows = obligated organizations (only the actor's own for an obligor),
    columns = periods; each cell on time / late N days / missing / not yet due; reminders per organization.
    404 for anyone else. For a NEEDS_REVIEW obligation, what the completion form offers to those who may."""
    ob = reporting.get_obligation(actor, ob_id)
    today = current_clock().today()
    is_requester = ob.requester_org_id == actor.org_id
    periods = ob.periods if is_requester else [p for p in ob.periods if p.org_id == actor.org_id]
    columns: dict[str, dict] = {}
    rows: dict[int, dict] = {}
    for p in periods:
        columns.setdefault(p.period_key, {"key": p.period_key, "label": p.label, "due_date": p.due_date})
        row = rows.setdefault(p.org_id, {"org": p.org, "cells": {}, "reminders": 0, "escalations": 0})
        code, label = drep.matrix_cell(p.status, p.due_date, today, p.days_late)
        row["cells"][p.period_key] = {"state": code, "label": label, "report_document_id": p.report_document_id}
        row["reminders"] += p.reminder_count or 0
        row["escalations"] += p.escalated_at is not None
    cols = sorted(columns.values(), key=lambda c: (c["due_date"], c["key"]))
    return {"obligation": ob, "is_requester": is_requester, "columns": cols,
            "rows": sorted(rows.values(), key=lambda r: r["org"].name), "form": _form(actor, ob),
            "obligors": _names(reporting.obligor_ids(ob)) if is_requester else [],
            "source": db.session.get(Document, ob.source_document_id) if ob.source_document_id else None}


def _form(actor: Person, ob: ReportingObligation) -> dict | None:
    """The completion form ("Hoàn thiện chế độ báo cáo") for people who may manage a NEEDS_REVIEW obligation:
    the organizations it may bind (the plan's recipients; without a plan, the requester's subordinates)."""
    if ob.status != "NEEDS_REVIEW":
        return None
    if not reporting.may_manage(actor, ob):
        return None
    current = set(reporting.obligor_ids(ob))
    choices = [{"code": o.code, "name": o.name, "checked": o.id in current}
               for o in _orgs(reporting.allowed_obligor_ids(ob))]
    return {"frequencies": drep.FREQUENCY_LABELS, "choices": choices}


def _orgs(ids) -> list[Organization]:
    ids = list(ids)
    if not ids:
        return []
    return list(db.session.scalars(select(Organization).where(Organization.id.in_(ids))
                                   .order_by(Organization.name)).all())


def _names(ids) -> list[str]:
    return [o.name for o in _orgs(ids)]
