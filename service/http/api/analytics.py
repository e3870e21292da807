"""JSON API of where documents wait (issue 13): time in step per step, unit or person, by month. HTTP only."""
from __future__ import annotations

from dataclasses import asdict

from flask import Blueprint, jsonify, request

from service.http.api.common import _actor
from service.http.api.models.accounts import StepReport
from service.http.api.models.base import render
from service.http.api.openapi_parts import _errors, _op, _resp
from service.usecases import analytics

bp = Blueprint("api_analytics", __name__, url_prefix="/api")


def filters_from_args() -> analytics.Filters:
    """The filters of /analytics, /analytics.csv and /api/analytics/steps from the query string."""
    def arg(name: str) -> str | None:
        return (request.args.get(name) or "").strip()[:40] or None
    return analytics.Filters(start=arg("from"), end=arg("to"), step=arg("step"), unit=arg("unit"), by=arg("by"))


@bp.get("/analytics/steps")
def steps():
    report = analytics.step_report(_actor(), filters_from_args())
    out = asdict(report)
    out.pop("by_step")
    out["units"] = [{"code": c, "name": n} for c, n in report.units]
    return jsonify(render(StepReport, out))


_PARAMS = [
    {"name": "from", "in": "query", "required": False, "schema": {"type": "string", "pattern": "^\\d{4}-\\d{2}$"},
     "description": "first month, YYYY-MM (Vietnam time); default: five months before `to`"},
    {"name": "to", "in": "query", "required": False, "schema": {"type": "string", "pattern": "^\\d{4}-\\d{2}$"},
     "description": "last month, YYYY-MM; default: this month; at most 36 months in all"},
    {"name": "step", "in": "query", "required": False,
     "schema": {"type": "string", "enum": ["draft", "content_review", "format_check", "sign", "register",
                                           "dispatch"]}},
    {"name": "unit", "in": "query", "required": False, "schema": {"type": "string"},
     "description": "drafting unit code (a unit head may name only their own units)"},
    {"name": "by", "in": "query", "required": False, "schema": {"type": "string", "enum": ["step", "unit", "person"]},
     "description": "grouping besides step and month (default step)"},
]


def openapi_paths() -> dict:
    """OpenAPI description of the route above (merged by service.http.api.openapi)."""
    return {"/api/analytics/steps": {"get": _op(
        "Time in step (median, 90th percentile) by month and the documents waiting and overdue now, from the "
        "audit trail of the caller's organization (leaders, office; unit heads for their unit)",
        {"200": _resp("Time in step", StepReport), **_errors(401, 403, 422)}, params=_PARAMS)}}
