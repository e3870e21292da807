"""JSON API of the administration: organizations (the directory), units, people and roles, signing
authorities, committee terms, number series. GET lists, POST creates (201 + Location), PATCH /{id} changes
only the fields given. HTTP only: parse, call one use case, serialise."""
from __future__ import annotations

from flask import Blueprint, jsonify, request, url_for

from service.errors import Forbidden
from service.http.api.common import _actor, _iso, _json_body, _parse
from service.http.api.models import admin as m
from service.http.api.models.base import Ended, render
from service.http.api.openapi_parts import _errors, _op, _resp
from service.http.api.paging import page_request, respond, window
from service.usecases import admin_inputs as ai
from service.usecases import administration as adm
from service.usecases import terms_series

bp = Blueprint("api_admin", __name__, url_prefix="/api")


def organization_json(o) -> dict:
    return {"id": o.id, "code": o.code, "name": o.name, "abbrev": o.abbrev, "system": o.system,
            "org_type": o.org_type, "header_superior": o.header_superior, "header_name": o.header_name,
            "has_seal": o.has_seal, "place_name": o.place_name,
            "parent_id": o.parent_id}


def unit_json(u) -> dict:
    return {"id": u.id, "org": u.org.code, "code": u.code, "name": u.name}


def person_json(p) -> dict:
    units = {u.id: u.code for u in p.org.units}
    return {"id": p.id, "username": p.username, "full_name": p.full_name, "org": p.org.code,
            "unit": p.unit.code if p.unit else None, "position": p.position, "email": p.email, "active": p.active,
            "roles": [{"role": r.role, "org_id": r.org_id, "unit": units.get(r.unit_id)} for r in p.roles]}


def authority_json(a) -> dict:
    return {"id": a.id, "person": a.person.username, "org_id": a.org_id, "prefix": a.prefix,
            "collective_title": a.collective_title, "position_title": a.position_title,
            "kinds": a.kinds.split(",") if a.kinds else None, "valid_from": a.valid_from.isoformat(),
            "valid_to": a.valid_to.isoformat() if a.valid_to else None, "delegator_title": a.delegator_title}


def term_json(t) -> dict:
    return {"id": t.id, "org_id": t.org_id, "name": t.name, "start": t.start.isoformat(),
            "end": t.end.isoformat() if t.end else None, "period_key": f"TERM:{t.id}"}


def series_json(s) -> dict:
    return {"id": s.id, "org_id": s.org_id, "direction": s.direction, "kind": s.kind, "period_key": s.period_key,
            "secret": s.secret, "next_value": s.next_value}


def token_json(t) -> dict:
    return {"id": t.id, "kind": t.kind.lower(), "created_at": _iso(t.created_at), "expires_at": _iso(t.expires_at)}


def _admin():
    p = _actor()
    if adm.administered_org_ids(p) == set():
        raise Forbidden("Chỉ quản trị viên mới được xem hoặc thay đổi phần này.")
    return p


def _created(model, body: dict, endpoint: str, **ids):
    return jsonify(render(model, body)), 201, {"Location": url_for(endpoint, **ids)}


def _list(model, rows, to_json):
    """One page of `rows`, each rendered by `to_json`."""
    rows, cursor = window(rows, page_request())
    return respond(model, {"items": [to_json(r) for r in rows]}, cursor)


@bp.get("/organizations")
def organizations():
    _actor()
    return _list(m.OrganizationList, adm.list_organizations(request.args.get("q")), organization_json)


@bp.post("/organizations")
def create_organization():
    org = adm.create_organization(_admin(), _parse(ai.OrganizationIn, _json_body()))
    return _created(m.Organization, organization_json(org), "api_admin.update_organization", org_id=org.id)


@bp.patch("/organizations/<int:org_id>")
def update_organization(org_id: int):
    return jsonify(render(m.Organization, organization_json(
        adm.update_organization(_admin(), org_id, _parse(ai.OrganizationPatch, _json_body())))))


@bp.get("/units")
def units():
    p = _actor()
    return _list(m.UnitList, adm.list_units(p, request.args.get("org")), unit_json)


@bp.post("/units")
def create_unit():
    unit = adm.create_unit(_admin(), _parse(ai.UnitIn, _json_body()))
    return _created(m.Unit, unit_json(unit), "api_admin.update_unit", unit_id=unit.id)


@bp.patch("/units/<int:unit_id>")
def update_unit(unit_id: int):
    return jsonify(render(m.Unit, unit_json(adm.update_unit(_admin(), unit_id, _parse(ai.UnitPatch, _json_body())))))


@bp.get("/people")
def people():
    p = _admin()
    return _list(m.PersonList, adm.list_people(p, request.args.get("org")), person_json)


@bp.post("/people")
def create_person():
    person = adm.create_person(_admin(), _parse(ai.PersonIn, _json_body()))
    return _created(m.PersonRecord, person_json(person), "api_admin.update_person", person_id=person.id)


@bp.patch("/people/<int:person_id>")
def update_person(person_id: int):
    return jsonify(render(m.PersonRecord, person_json(adm.update_person(_admin(), person_id,
                                                                        _parse(ai.PersonPatch, _json_body())))))


@bp.get("/people/<int:person_id>/tokens")
def person_tokens(person_id: int):
    _person, tokens = adm.tokens_of_person(_admin(), person_id)
    return _list(m.TokenList, tokens, token_json)


@bp.delete("/people/<int:person_id>/tokens")
def revoke_person_tokens(person_id: int):
    return jsonify(render(Ended, {"ended": adm.revoke_tokens_of_person(_admin(), person_id)}))


@bp.get("/authorities")
def authorities():
    p = _admin()
    return _list(m.AuthorityList, adm.list_authorities(p, request.args.get("org")), authority_json)


@bp.post("/authorities")
def create_authority():
    row = adm.create_authority(_admin(), _parse(ai.AuthorityIn, _json_body()))
    return _created(m.Authority, authority_json(row), "api_admin.update_authority", authority_id=row.id)


@bp.patch("/authorities/<int:authority_id>")
def update_authority(authority_id: int):
    return jsonify(render(m.Authority, authority_json(adm.update_authority(
        _admin(), authority_id, _parse(ai.AuthorityPatch, _json_body())))))


@bp.get("/terms")
def terms():
    p = _admin()
    return _list(m.TermList, terms_series.list_terms(p, request.args.get("org")), term_json)


@bp.post("/terms")
def open_term():
    term = terms_series.open_term(_admin(), _parse(ai.TermIn, _json_body()))
    return _created(m.Term, term_json(term), "api_admin.update_term", term_id=term.id)


@bp.patch("/terms/<int:term_id>")
def update_term(term_id: int):
    return jsonify(render(m.Term, term_json(terms_series.update_term(_admin(), term_id,
                                                                     _parse(ai.TermPatch, _json_body())))))


@bp.get("/series")
def series():
    p = _admin()
    return _list(m.SeriesList, terms_series.list_series(p, request.args.get("org")), series_json)


@bp.post("/series")
def start_series():
    p = _admin()
    data = _parse(ai.SeriesIn, _json_body())
    s = terms_series.start_series(p, data)
    # No route shows one series: the Location is the list of its organization's series, where it now is.
    return jsonify(render(m.Series, series_json(s))), 201, {"Location": url_for("api_admin.series", org=data.org)}


def openapi_paths() -> dict:
    """OpenAPI description of the routes above (merged by service.http.api.openapi)."""
    org_q = [{"name": "org", "in": "query", "required": False, "schema": {"type": "string"}}]
    out: dict = {}
    for path, model, patch, one, many, id_name, what in (
            ("organizations", ai.OrganizationIn, ai.OrganizationPatch, m.Organization, m.OrganizationList, "org_id",
             "organization"),
            ("units", ai.UnitIn, ai.UnitPatch, m.Unit, m.UnitList, "unit_id", "unit"),
            ("people", ai.PersonIn, ai.PersonPatch, m.PersonRecord, m.PersonList, "person_id",
             "person and their roles"),
            ("authorities", ai.AuthorityIn, ai.AuthorityPatch, m.Authority, m.AuthorityList, "authority_id",
             "signing authority"),
            ("terms", ai.TermIn, ai.TermPatch, m.Term, m.TermList, "term_id", "committee term")):
        params = [{"name": "q", "in": "query", "required": False, "schema": {"type": "string"}}] \
            if path == "organizations" else org_q
        out[f"/api/{path}"] = {
            "get": _op(f"List {path}", {"200": _resp("List", many), **_errors(401, 403, 422)}, params=params,
                       paged=True),
            "post": _op(f"Create a {what} (administrators; audited)", {"201": _resp("Created", one),
                        **_errors(400, 401, 403, 409, 413, 415, 422)}, body=model)}
        out[f"/api/{path}/{{{id_name}}}"] = {"patch": _op(
            f"Change a {what}: only the fields given (administrators; audited)",
            {"200": _resp("Changed", one), **_errors(400, 401, 403, 404, 409, 413, 415, 422)},
            params=[{"name": id_name, "in": "path", "required": True, "schema": {"type": "integer"}}], body=patch)}
    pid = [{"name": "person_id", "in": "path", "required": True, "schema": {"type": "integer"}}]
    out["/api/people/{person_id}/tokens"] = {
        "get": _op("A person's live tokens and page sessions (administrators)",
                   {"200": _resp("List", m.TokenList), **_errors(401, 403, 404)}, params=pid, paged=True),
        "delete": _op("End every session and token of a person (administrators; audited)",
                      {"200": _resp("Ended", Ended), **_errors(401, 403, 404)}, params=pid)}
    out["/api/series"] = {
        "get": _op("Number series and where each stands", {"200": _resp("List", m.SeriesList),
                                                            **_errors(401, 403, 422)}, params=org_q, paged=True),
        "post": _op("Start a series at a given number", {"201": _resp("Created", m.Series),
                    **_errors(400, 401, 403, 409, 413, 415, 422)}, body=ai.SeriesIn)}
    return out
