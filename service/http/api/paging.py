"""One pagination style for every list of the JSON API: `?limit=N&cursor=OPAQUE` answers
`{"items": [...], "next_cursor": "…" | null}` and, when there is a next page, `Link: <url>; rel="next"`
(RFC 8288). The cursor (service.http.cursor) is opaque to clients: an offset for short lists, a keyset position
for the outgoing register; a cursor that is not one of ours is a 400 problem."""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from urllib.parse import urlencode

from flask import Response, jsonify, request

from service.http.api.models.base import Page, render
from service.http.cursor import decode, encode
from service.http.inputs import MAX_ID, query_int

__all__ = ["PageRequest", "encode", "page_request", "respond", "window"]


@dataclass(frozen=True)
class PageRequest:
    limit: int
    offset: int = 0
    before_id: int | None = None


def page_request(*, default: int = 100, maximum: int = 500, keyset: bool = False) -> PageRequest:
    """`limit` (clamped to 1..maximum) and the position the `cursor` names (the start without one)."""
    limit = query_int("limit", default, low=-MAX_ID, message="'limit' phải là số nguyên.")
    limit = min(max(limit, 1), maximum)
    token = (request.args.get("cursor") or "").strip()
    if not token:
        return PageRequest(limit)
    if keyset:
        return PageRequest(limit, before_id=decode(token, "b") or None)
    return PageRequest(limit, offset=decode(token, "o"))


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
