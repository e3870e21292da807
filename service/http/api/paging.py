"""One pagination style for every list of the JSON API: `?limit=N&cursor=OPAQUE` answers
`{"items": [...], "next_cursor": "…" | null}` and, when there is a next page, `Link: <url>; rel="next"`
(RFC 8288). The cursor is opaque to clients: urlsafe base64 of a small JSON object, either an offset (`{"o": n}`,
short lists) or a keyset position (`{"b": id}`: entries older than that id, the registers); a cursor that is not
one of ours is a 400 problem."""
from __future__ import annotations

import base64
import binascii
import json
from collections.abc import Sequence
from dataclasses import dataclass
from urllib.parse import urlencode

from flask import Response, jsonify, request

from service.errors import BadRequest
from service.http.api.models.base import Page, render
from service.http.inputs import MAX_ID, query_int

_BAD = "Tham số 'cursor' không hợp lệ: hãy dùng đúng giá trị next_cursor (hoặc liên kết rel=\"next\") đã nhận."


@dataclass(frozen=True)
class PageRequest:
    limit: int
    offset: int = 0
    before_id: int | None = None


def encode(position: dict) -> str:
    raw = json.dumps(position, separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def _decode(token: str, key: str) -> int:
    try:
        data = json.loads(base64.urlsafe_b64decode(token + "=" * (-len(token) % 4)).decode())
    except (binascii.Error, ValueError, UnicodeDecodeError):
        data = None
    value = data.get(key) if isinstance(data, dict) and set(data) == {key} else None
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= MAX_ID:
        raise BadRequest(_BAD, code="invalid_cursor", details=[{"field": "cursor", "message": _BAD}])
    return value


def page_request(*, default: int = 100, maximum: int = 500, keyset: bool = False) -> PageRequest:
    """`limit` (clamped to 1..maximum) and the position the `cursor` names (the start without one)."""
    limit = query_int("limit", default, low=-MAX_ID, message="'limit' phải là số nguyên.")
    limit = min(max(limit, 1), maximum)
    token = (request.args.get("cursor") or "").strip()
    if not token:
        return PageRequest(limit)
    if len(token) > 200:
        raise BadRequest(_BAD, code="invalid_cursor", details=[{"field": "cursor", "message": _BAD}])
    if keyset:
        return PageRequest(limit, before_id=_decode(token, "b") or None)
    return PageRequest(limit, offset=_decode(token, "o"))


def window(items: Sequence, page: PageRequest) -> tuple[list, str | None]:
    """The page of an in-memory list, and the cursor of the next page (None on the last)."""
    chunk = list(items[page.offset:page.offset + page.limit + 1])
    more = len(chunk) > page.limit
    return chunk[:page.limit], encode({"o": page.offset + page.limit}) if more else None


def respond(model: type[Page], body: dict, next_cursor: str | None, status: int = 200) -> Response:
    """The page rendered through its model, with the RFC 8288 next link when there is a next page."""
    resp = jsonify(render(model, {**body, "next_cursor": next_cursor}))
    resp.status_code = status
    if next_cursor is not None:
        args = [(k, v) for k, v in request.args.items(multi=True) if k != "cursor"] + [("cursor", next_cursor)]
        resp.headers["Link"] = f'<{request.path}?{urlencode(args)}>; rel="next"'
    return resp
