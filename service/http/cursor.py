"""The opaque cursor of every paged list (the JSON API and the register page): urlsafe base64 of a small JSON
object, either an offset (`{"o": n}`) or a keyset position (`{"b": id}`: entries older than that id). A cursor
that is not one of ours is a 400 with a Vietnamese message."""
from __future__ import annotations

import base64
import binascii
import json

from service.errors import BadRequest
from service.http.inputs import MAX_ID

MESSAGE = "Tham số 'cursor' không hợp lệ: hãy dùng đúng giá trị next_cursor (hoặc liên kết trang sau) đã nhận."


def encode(position: dict) -> str:
    """The cursor of `position` ({"o": offset} or {"b": before_id})."""
    raw = json.dumps(position, separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode(token: str, key: str) -> int:
    """The position a cursor names under `key` ("o" or "b"); 400 for anything else."""
    data = None
    if len(token) <= 200:
        try:
            data = json.loads(base64.urlsafe_b64decode(token + "=" * (-len(token) % 4)).decode())
        except (binascii.Error, ValueError, UnicodeDecodeError):
            data = None
    value = data.get(key) if isinstance(data, dict) and set(data) == {key} else None
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= MAX_ID:
        raise BadRequest(MESSAGE, code="invalid_cursor", details=[{"field": "cursor", "message": MESSAGE}])
    return value
