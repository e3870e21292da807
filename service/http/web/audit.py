"""The inspectors' page of the tamper-evident history (/audit): each organization's chain, intact or where it
breaks, its head, the last events, and a download of the chain as JSON lines. HTTP only."""
from __future__ import annotations

from flask import Response, g, render_template, request

from service.http.web.views import bp, login_required
from service.usecases import audit


@bp.app_context_processor
def _audit_menu():
    p = g.get("person")
    return {"can_inspect_audit": bool(p is not None and audit.sees_audit(p))}


def _org_arg() -> str | None:
    return (request.args.get("org") or "").strip()[:40] or None


@bp.get("/audit")
@login_required
def audit_page():
    return render_template("audit.html", head_time=audit.head_time, **audit.chain_page(g.person, _org_arg()))


@bp.get("/audit/export.jsonl")
@login_required
def audit_export():
    code = _org_arg()
    body = "".join(audit.export_lines(g.person, code))
    return Response(body, mimetype="application/x-ndjson",
                    headers={"Content-Disposition": f'attachment; filename="nhat-ky-{code or "co-quan"}.jsonl"'})
