"""The served OpenAPI description is valid and matches the app's routes, both ways."""
from __future__ import annotations

import re

from openapi_spec_validator import validate


def _api_routes(app) -> set[tuple[str, str]]:
    out = set()
    for rule in app.url_map.iter_rules():
        if not rule.rule.startswith("/api/"):
            continue
        path = re.sub(r"<(?:[^:<>]+:)?([^<>]+)>", r"{\1}", rule.rule)
        for method in rule.methods - {"HEAD", "OPTIONS"}:
            out.add((path, method.lower()))
    return out


def test_the_openapi_description_is_valid_openapi_3(client):
    spec = client.get("/api/openapi.json").get_json()
    validate(spec)
    assert spec["openapi"].startswith("3.")


def test_every_api_route_is_described_and_every_description_is_a_route(app, client):
    spec = client.get("/api/openapi.json").get_json()
    described = {(path, method) for path, ops in spec["paths"].items() for method in ops
                 if method in {"get", "post", "put", "patch", "delete"}}
    routes = _api_routes(app)
    assert routes - described == set(), "routes missing from the OpenAPI description"
    assert described - routes == set(), "described operations that the app does not serve"


def test_described_path_parameters_match_the_route_variables(client):
    spec = client.get("/api/openapi.json").get_json()
    for path, ops in spec["paths"].items():
        names = set(re.findall(r"{([^}]+)}", path))
        for method, op in ops.items():
            declared = {p["name"] for p in op.get("parameters", []) if p["in"] == "path"}
            assert declared == names, (method, path)
