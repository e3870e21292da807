"""What a request may carry, checked once for every route before any view reads it: JSON bodies (size and depth
before parsing, text after), form fields, route ids and query integers. A request that breaks a limit gets a
4xx with a Vietnamese message naming the field; nothing reaches a use case or the database."""

from __future__ import annotations

import json
import re
from itertools import accumulate

from flask import Flask, Request, request
from werkzeug.exceptions import NotFound
from werkzeug.routing import IntegerConverter

from service.errors import BadRequest, PayloadTooLarge, UnsupportedMediaType, ValidationFailed

# Ids are INTEGER columns (32 bits): a larger number cannot name anything, and PostgreSQL refuses to compare it.
MAX_ID = 2**31 - 1
# A JSON body: far above any real request (seed 000 is ~19 KB and 4 levels deep), far below what hurts.
JSON_MAX_BYTES = 1024 * 1024
JSON_MAX_DEPTH = 32

# Strings inside a JSON body are skipped when counting brackets ("[" in a text is not nesting): escapes are
# dropped first, then every byte but quotes and brackets, then what lies between quotes.
_ESCAPE = re.compile(rb"\\.", re.DOTALL)
_KEEP = b'"[]{}'
_NOT_KEPT = bytes(b for b in range(256) if b not in _KEEP)
_STRING = re.compile(rb'"[^"]*"')
_DELTA = {ord("["): 1, ord("{"): 1, ord("]"): -1, ord("}"): -1}
# NUL, the other C0 controls but tab, line feed and carriage return, and lone surrogates (\ud800 in JSON).
_BAD_TEXT = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff]")
_BAD_NAMES = {0: "ký tự NUL (\\u0000)"}


def json_depth(raw: bytes) -> int:
    """How deeply `raw` nests arrays and objects, counted on the bytes (no parsing, no recursion); when there
    are no more brackets than JSON_MAX_DEPTH, their count (an upper bound, and cheap: the usual case)."""
    opening = raw.count(b"[") + raw.count(b"{")
    if opening <= JSON_MAX_DEPTH:
        return opening
    skeleton = _STRING.sub(b"", _ESCAPE.sub(b"", raw).translate(None, _NOT_KEPT))
    return max(accumulate(map(_DELTA.__getitem__, skeleton.replace(b'"', b""))), default=0)


def bad_character(text: str) -> str | None:
    """What is wrong with `text` as stored text (a NUL, a control character, a lone surrogate), or None."""
    found = _BAD_TEXT.search(text)
    if found is None:
        return None
    code = ord(found.group())
    if code in _BAD_NAMES:
        return _BAD_NAMES[code]
    if 0xD800 <= code <= 0xDFFF:
        return f"ký tự không phải văn bản UTF-8 (\\u{code:04x})"
    return f"ký tự điều khiển (\\u{code:04x})"


def check_text(value, path: str = "") -> None:
    """400 naming the first field (path as sent, "recipients.0.text") whose text, or key, is not valid text."""
    if isinstance(value, str):
        why = bad_character(value)
        if why:
            raise _bad_field(path, why)
    elif isinstance(value, dict):
        for key, item in value.items():
            where = f"{path}.{key}" if path else str(key)
            why = bad_character(str(key))
            if why:
                raise _bad_field(where, why)
            check_text(item, where)
    elif isinstance(value, list):
        for i, item in enumerate(value):
            check_text(item, f"{path}.{i}" if path else str(i))


def _bad_field(path: str, why: str) -> BadRequest:
    from service.usecases.input_messages import LABELS

    name = path.rsplit(".", 1)[-1] if path else ""
    label = LABELS.get(name, f"Trường “{name}”") if name and not name.isdigit() else f"Trường “{path}”"
    where = f"{label} ({path})" if path else "Dữ liệu gửi lên"
    return BadRequest(f"{where} có {why}; hãy bỏ ký tự đó rồi gửi lại.", code="invalid_text",
                      details=[{"field": path, "label": label, "message": f"{label}: có {why}."}])


class CheckedRequest(Request):
    """Flask's request whose JSON is read within limits: 415 unless the body says it is JSON, 413 over
    JSON_MAX_BYTES, 400 deeper than JSON_MAX_DEPTH (before parsing: Python's parser recurses), 400 for text
    that is not text (NUL, control characters, lone surrogates) naming its field."""

    def get_json(self, force: bool = False, silent: bool = False, cache: bool = True):
        if not (force or self.is_json):
            if silent:
                return None
            raise UnsupportedMediaType("Nội dung phải là JSON (Content-Type: application/json).")
        try:
            return self._checked_json(cache)
        except (BadRequest, PayloadTooLarge):
            if silent:
                return None
            raise

    def _checked_json(self, cache: bool):
        marker = "_checked_json_value"
        if cache and marker in self.__dict__:
            return self.__dict__[marker]
        if (self.content_length or 0) > JSON_MAX_BYTES:
            raise PayloadTooLarge(f"Nội dung JSON quá lớn (tối đa {JSON_MAX_BYTES // 1024} KB).")
        raw = self.get_data(cache=cache)
        if len(raw) > JSON_MAX_BYTES:
            raise PayloadTooLarge(f"Nội dung JSON quá lớn (tối đa {JSON_MAX_BYTES // 1024} KB).")
        if json_depth(raw) > JSON_MAX_DEPTH:
            raise BadRequest(f"Nội dung JSON lồng nhau quá sâu (tối đa {JSON_MAX_DEPTH} cấp).",
                             code="json_too_deep")
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError:
            raise BadRequest("Nội dung có ký tự không hợp lệ (không phải văn bản UTF-8).") from None
        try:
            value = json.loads(text)
        except (ValueError, RecursionError):
            raise BadRequest("JSON không đúng cú pháp.") from None
        check_text(value)
        if cache:
            self.__dict__[marker] = value
        return value

    def _load_form_data(self) -> None:
        """Form fields are checked as text the moment they are parsed, whoever reads them first (a view, the
        CSRF check) and under whatever body limit the view set; uploaded files are bytes and not checked."""
        super()._load_form_data()
        try:
            for key, value in self.form.items(multi=True):
                check_text({key: value})
        except BadRequest:
            from werkzeug.datastructures import ImmutableMultiDict

            self.__dict__["form"] = ImmutableMultiDict()
            raise


def check_query() -> None:
    """400 naming the first query parameter that carries a NUL or a control character."""
    for key, value in request.args.items(multi=True):
        check_text({key: value})


class IdConverter(IntegerConverter):
    """`<int:…>` in a route: an id, 1 to 2³¹−1; any other number is 404 (raised here, not left unmatched:
    werkzeug would then answer 405 naming the methods of the same path), so an id too large for the
    database never reaches it."""

    def to_python(self, value: str) -> int:
        number = super().to_python(value)
        if not 1 <= number <= MAX_ID:
            raise NotFound()
        return number


def query_int(name: str, default: int | None = None, *, low: int = 0, high: int = MAX_ID,
              required: bool = False, message: str | None = None) -> int | None:
    """The integer query parameter `name`: 422 when it is not a whole number (or missing and required), 400
    when it lies outside low..high (a number the database cannot hold is never sent to it)."""
    raw = (request.args.get(name) or "").strip()
    if not raw:
        if required:
            raise ValidationFailed(message or f"Cần tham số '{name}' là số nguyên.", code="invalid_query",
                                   details=[{"field": name}])
        return default
    if not re.fullmatch(r"[+-]?\d{1,30}", raw):
        raise ValidationFailed(message or f"Tham số '{name}' phải là số nguyên.", code="invalid_query",
                               details=[{"field": name}])
    value = int(raw)
    if not low <= value <= high:
        why = f"quá lớn (tối đa {high})" if value > high else f"phải từ {low} trở lên"
        raise BadRequest(f"Tham số '{name}' {why}.", code="invalid_query",
                         details=[{"field": name, "message": f"'{name}' {why}."}])
    return value


def init_app(app: Flask) -> None:
    """Checked JSON and form text for every request, bounded ids in every route (query text: ops). Call before
    any blueprint is registered (the converter is looked up when a rule is added)."""
    app.request_class = CheckedRequest
    app.url_map.converters["int"] = IdConverter
