"""A test client that checks every JSON answer of /api against the served OpenAPI description: the operation is
found by path and method, the status must be documented, and the body must validate against its schema."""
from __future__ import annotations

import re

from jsonschema import Draft202012Validator, FormatChecker


class CheckedClient:
    """Wraps a Flask test client; every /api call's JSON answer is validated; `seen` lists what was checked."""

    def __init__(self, client):
        self.client = client
        self.spec = client.get("/api/openapi.json").get_json()
        self.seen: set[tuple[str, str, int]] = set()
        self._routes = [(re.compile("^" + re.sub(r"\{[^}]+\}", r"[^/]+", path) + "$"), path)
                        for path in self.spec["paths"]]

    def operation(self, method: str, url: str) -> tuple[str, dict]:
        path = url.split("?", 1)[0]
        # a literal path (/api/incoming/manual) wins over a template (/api/incoming/{incoming_id})
        found = sorted((p.count("{"), p) for rx, p in self._routes if rx.match(path))
        assert found, f"{method} {path} is not described"
        template = found[0][1]
        op = self.spec["paths"][template].get(method.lower())
        assert op is not None, f"{method} {template} is not described"
        return template, op

    def check(self, method: str, url: str, response) -> None:
        if not url.startswith("/api/"):
            return
        template, op = self.operation(method, url)
        status = str(response.status_code)
        assert status in op["responses"], f"{method} {template} answered undocumented {status}"
        if response.mimetype not in ("application/json", "application/problem+json"):
            return
        documented = op["responses"][status].get("content", {})
        assert response.mimetype in documented, f"{method} {template} {status}: {response.mimetype} not documented"
        schema = {**documented[response.mimetype]["schema"], "components": self.spec["components"]}
        errors = sorted(Draft202012Validator(schema, format_checker=FormatChecker()).iter_errors(
            response.get_json()), key=lambda e: list(e.absolute_path))
        assert not errors, f"{method} {template} {status}: " + "; ".join(
            f"{list(e.absolute_path)}: {e.message[:300]}" for e in errors[:5])
        self.seen.add((method.upper(), template, response.status_code))

    def open(self, method: str, url: str, **kwargs):
        response = getattr(self.client, method)(url, **kwargs)
        self.check(method, url, response)
        return response

    def get(self, url, **kw):
        return self.open("get", url, **kw)

    def post(self, url, **kw):
        return self.open("post", url, **kw)

    def put(self, url, **kw):
        return self.open("put", url, **kw)

    def patch(self, url, **kw):
        return self.open("patch", url, **kw)

    def delete(self, url, **kw):
        return self.open("delete", url, **kw)
