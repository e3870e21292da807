"""The page of where documents wait (/analytics) and its CSV export: filters, a table and two charts drawn on
the server as inline SVG (no script). HTTP only."""
from __future__ import annotations

from flask import Response, g, render_template, request
from markupsafe import Markup

from service.clock import current_clock
from service.domain import analytics as dan
from service.http.web.views import bp, login_required
from service.output import charts
from service.usecases import analytics


@bp.app_context_processor
def _analytics_menu():
    p = g.get("person")
    return {"can_see_analytics": bool(p is not None and analytics.sees_analytics(p))}


def _filters() -> analytics.Filters:
    def arg(name: str) -> str | None:
        return (request.args.get(name) or "").strip()[:40] or None
    return analytics.Filters(start=arg("from"), end=arg("to"), step=arg("step"), unit=arg("unit"), by=arg("by"))


@bp.get("/analytics")
@login_required
def analytics_page():
    report = analytics.step_report(g.person, _filters(), chart=True)
    series, waiting = analytics.chart_data(report)
    months_chart = charts.grouped_bars("Trung vị thời gian xử lý theo tháng (giờ)", report.months, series, "giờ")
    waiting_chart = charts.waiting_bars("Văn bản đang chờ và quá hạn theo bước", waiting)
    return render_template("analytics.html", r=report, steps=dan.STEPS, step_labels=dan.STEP_LABELS,
                           dimensions=dan.DIMENSION_LABELS, hours=dan.hours_label,
                           limits=dan.WORKING_DAY_LIMITS, months_chart=Markup(months_chart),
                           waiting_chart=Markup(waiting_chart), query=request.query_string.decode("ascii", "replace"))


@bp.get("/analytics.csv")
@login_required
def analytics_csv():
    data = analytics.step_report_csv(g.person, _filters())
    name = f"thoi-gian-xu-ly-{current_clock().today():%Y%m%d}.csv"
    return Response(data, mimetype="text/csv; charset=utf-8",
                    headers={"Content-Disposition": f'attachment; filename="{name}"'})
