"""JSON API of accounts: sign in for a token, sign out, my tokens, change my password (HTTP only)."""
from __future__ import annotations

from flask import Blueprint, jsonify, url_for

from service.http.api.admin import token_json
from service.http.api.common import _actor, _bearer, _iso, _json_body, _parse
from service.http.api.models import accounts as m
from service.http.api.models.admin import TokenList
from service.http.api.models.base import render
from service.http.api.openapi_parts import _errors, _op, _resp
from service.http.api.paging import page_request, respond, window
from service.http.throttle import sign_in_throttled
from service.usecases import accounts
from service.usecases.inputs import LoginIn, PasswordChangeIn

bp = Blueprint("api_auth", __name__, url_prefix="/api")


@bp.post("/auth/token")
@sign_in_throttled
def login():
    data = _parse(LoginIn, _json_body())
    person, token, row = accounts.sign_in(data.username, data.password)
    return jsonify(render(m.Token, {"token": token, "username": person.username, "full_name": person.full_name,
                                    "token_id": row.id, "expires_at": _iso(row.expires_at)})), 201, \
        {"Location": url_for("api_auth.revoke_token", token_id=row.id)}


@bp.post("/auth/logout")
def logout():
    _actor()
    accounts.revoke(_bearer())
    return "", 204


@bp.get("/auth/tokens")
def my_tokens():
    p = _actor()
    tokens, cursor = window(accounts.tokens_of(p), page_request())
    return respond(TokenList, {"items": [token_json(t) for t in tokens]}, cursor)


@bp.delete("/auth/tokens/<int:token_id>")
def revoke_token(token_id: int):
    p = _actor()
    accounts.revoke_token_id(p, token_id)
    return "", 204


@bp.post("/me/password")
def change_password():
    p = _actor()
    data = _parse(PasswordChangeIn, _json_body())
    ended = accounts.change_password(p, data.current_password, data.new_password, keep_token=_bearer())
    return jsonify(render(m.PasswordChanged, {"changed": True, "ended_sessions": ended}))


def openapi_paths() -> dict:
    """OpenAPI description of the routes above (merged by service.http.api.openapi)."""
    tid = {"name": "token_id", "in": "path", "required": True, "schema": {"type": "integer"}}
    return {
        "/api/auth/token": {"post": _op(
            "Sign in and get a bearer token (expires; throttled by client and by client+username: 429 with "
            "Retry-After)", {"201": _resp("Token", m.Token), **_errors(400, 401, 413, 415, 422, 429)},
            body=LoginIn, auth=False)},
        "/api/auth/logout": {"post": _op("Revoke the token this request carries",
                                         {"204": _resp("Revoked"), **_errors(401)})},
        "/api/auth/tokens": {"get": _op("My live tokens and page sessions",
                                        {"200": _resp("Tokens", TokenList), **_errors(401)}, paged=True)},
        "/api/auth/tokens/{token_id}": {"delete": _op("Revoke one of my tokens or sessions",
                                                      {"204": _resp("Revoked"), **_errors(401, 404)}, params=[tid])},
        "/api/me/password": {"post": _op(
            "Change my password: every other session and token of mine ends",
            {"200": _resp("Changed", m.PasswordChanged), **_errors(400, 401, 413, 415, 422)},
            body=PasswordChangeIn)},
    }
