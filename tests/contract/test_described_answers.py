"""The OpenAPI description is generated from the response models, and real answers prove it: every JSON answer
of the seed-000 journey (drafted, returned, revised, reviewed twice, signed with the PIN, numbered, dispatched,
received, registered, routed, handled, verified) and of the administration validates against it, on both
databases; no success response is described as a bare object."""
from __future__ import annotations

from datetime import datetime

from ..conftest import DEMO_PASSWORD
from ..reports.helpers import complete, incoming_task
from ..seed_docs import seed000
from .checked import CheckedClient

JSON_TYPES = ("application/json", "application/problem+json")


def _bare(schema: dict, components: dict, seen: frozenset = frozenset()) -> list[str]:
    """Where a schema (followed through $ref, unions and arrays) is an object that says nothing of its fields."""
    if "$ref" in schema:
        name = schema["$ref"].rsplit("/", 1)[-1]
        return [] if name in seen else _bare(components[name], components, seen | {name})
    out = []
    for key in ("anyOf", "oneOf", "allOf"):
        for sub in schema.get(key, []):
            out += _bare(sub, components, seen)
    if schema.get("type") == "array" or "items" in schema:
        items = schema.get("items")
        if not items:
            out.append("an array without items")
        else:
            out += _bare(items, components, seen)
    if schema.get("type") == "object" and not schema.get("properties") and "additionalProperties" not in schema:
        out.append(f"a bare object ({schema.get('title') or schema.get('description') or 'untitled'})")
    for prop in schema.get("properties", {}).values():
        out += _bare(prop, components, seen)
    return out


def test_no_success_response_is_a_bare_object_or_an_array_of_them(client):
    spec = client.get("/api/openapi.json").get_json()
    components = spec["components"]["schemas"]
    found = []
    for path, ops in spec["paths"].items():
        for method, op in ops.items():
            for status, response in op["responses"].items():
                if not status.startswith("2"):
                    continue
                for mimetype, content in response.get("content", {}).items():
                    if mimetype in JSON_TYPES:
                        assert "schema" in content, (method, path, status)
                        found += [f"{method.upper()} {path} {status}: {b}" for b in _bare(content["schema"],
                                                                                           components)]
    assert found == []


def test_every_component_comes_from_a_model_and_is_fully_typed(client):
    schemas = client.get("/api/openapi.json").get_json()["components"]["schemas"]
    for name in ("Document", "IssuedDocument", "Delivery", "OutgoingRegister", "Verification", "Incoming"):
        assert schemas[name]["additionalProperties"] is False, name  # a model with extra="forbid"
    document = schemas["Document"]
    assert {"archive_line", "recipient_lines", "signature_block", "corrected_by", "recalled", "number_line",
            "date_line", "content_hash", "ruleset_label"} <= document["properties"].keys()
    assert len(document["properties"]) >= 45


def _ok(r, status=200):
    assert r.status_code == status, r.get_json()
    return r.get_json()


# Over 40 lines on purpose: one journey, step by step, each answer checked by CheckedClient.
def test_seed000_journey_with_signing_keys_answers_as_described(app, client, login, clock, keys):
    api = CheckedClient(client)
    lan, hung, tuan, phong, ha, mai = (login(u) for u in ("lan.tt", "hung.lv", "tuan.pm", "phong.nd", "ha.dt",
                                                          "mai.vt"))
    seed = seed000()
    _ok(api.get("/api/me", headers=lan))
    first = dict(seed["payload"], body=seed["payload"]["body"].split("II. ")[0])
    doc = _ok(api.post("/api/documents", json=first, headers=lan), 201)
    _ok(api.get("/api/tasks", headers=lan))
    doc = complete(api, lan, doc)
    doc = complete(api, hung, doc, {"decision": "return", "comment": "Bổ sung nội dung phần II, III, IV."})
    doc = _ok(api.put(f"/api/documents/{doc['id']}", json=seed["payload"], headers=lan))
    doc = complete(api, lan, doc)
    _ok(api.post("/api/tasks/bulk", json={"task": "format_check", "data": {"decision": "approve"},
                                          "items": [doc["id"]]}, headers=tuan))  # not at that step: ok false
    doc = complete(api, hung, doc, {"decision": "approve"})
    doc = complete(api, tuan, doc, {"decision": "approve", "comment": "Đúng thể thức."})
    assert _ok(api.get("/api/me/signing-pin", headers=phong))["person"]["pin_set"] is True
    clock.set(datetime(2025, 8, 7, 1, 30))
    doc = complete(api, phong, doc, {"decision": "approve"})
    doc = complete(api, ha, doc)
    _ok(api.get("/api/me/signing-pin", headers=ha))
    doc = complete(api, ha, doc)
    assert doc["status"] == "DISPATCHED" and doc["symbol"] == "23-KH/ĐU"

    assert _ok(api.get(f"/api/documents/{doc['id']}/verify", headers=mai))["ok"] is True
    diff = _ok(api.get(f"/api/documents/{doc['id']}/diff?from=1&to=2", headers=lan))
    assert "body" in diff["changed"]
    assert len(_ok(api.get(f"/api/documents/{doc['id']}/versions", headers=lan))["items"]) == 2
    history = _ok(api.get(f"/api/documents/{doc['id']}/history", headers=mai))["items"]
    assert [e["action"] for e in history][-3:] == ["sign", "register", "dispatch"]
    deliveries = _ok(api.get(f"/api/documents/{doc['id']}/deliveries", headers=mai))["items"]
    paper = next(d for d in deliveries if d["status"] == "PENDING")
    _ok(api.post(f"/api/documents/{doc['id']}/deliveries/{paper['id']}/record", json={"channel": "PAPER"},
                 headers=ha))
    _ok(api.get("/api/documents?limit=5", headers=lan))
    reg = _ok(api.get("/api/registers/outgoing?year=2025", headers=mai))
    (row,) = reg["items"]
    assert [c["key"] for c in reg["columns"] if c["key"] not in row] == [], "every declared column is in the rows"

    # The recipient side: DUBNNMT sees the issued document only, registers, routes and handles it.
    hoa, thang, linh = login("hoa.nt"), login("thang.dv"), login("linh.pt")
    issued = _ok(api.get(f"/api/documents/{doc['id']}", headers=hoa))
    assert issued["insider"] is False and "body" not in issued
    (task,) = [t for t in _ok(api.get("/api/tasks", headers=hoa))["items"] if t["flow"] == "incoming"]
    (item,) = _ok(api.get("/api/incoming", headers=hoa))["items"]
    _ok(api.get(f"/api/incoming/{item['id']}", headers=hoa))
    clock.set(datetime(2025, 8, 8, 2, 0))
    item = incoming_task(api, hoa, item, {"arrival_date": "2025-08-08"})
    item = incoming_task(api, thang, item, {"lead_unit": "BTGDV", "handler": "linh.pt", "deadline": "2025-08-20"})
    item = incoming_task(api, linh, item, {"outcome": "done", "comment": "Đã tham mưu triển khai."})
    assert item["status"] == "DONE" and task["incoming"]["id"] == item["id"]
    assert len(_ok(api.get("/api/registers/incoming?year=2025", headers=hoa))["items"]) == 1
    assert len(_ok(api.get("/api/registers/incoming-follow-up?year=2025", headers=hoa))["items"]) == 1
    for who in (lan, hoa):
        for n in _ok(api.get("/api/notifications", headers=who))["items"][:1]:
            _ok(api.post(f"/api/notifications/{n['id']}/read", headers=who))
        _ok(api.post("/api/notifications/read-all", headers=who))
    _ok(api.get("/api/obligations", headers=lan))
    _ok(api.get("/api/periods", headers=linh))
    _ok(api.get("/api/analytics/steps?from=2025-08&to=2025-08", headers=tuan))
    assert len(api.seen) >= 25, sorted(api.seen)


# Over 40 lines on purpose: every administration and account answer, one call each.
def test_administration_and_account_answers_are_as_described(client, login):
    api = CheckedClient(client)
    admin, lan = login("quantri.ducp"), login("lan.tt")
    for path in ("organizations", "units", "people", "authorities", "terms", "series", "groups"):
        assert _ok(api.get(f"/api/{path}", headers=admin))["items"], path
    orgs = _ok(api.get("/api/organizations?q=DUCP", headers=admin))["items"]
    ducp = next(o for o in orgs if o["code"] == "DUCP")
    _ok(api.get("/api/directory?q=dang uy", headers=lan))
    unit = _ok(api.post("/api/units", json={"org": "DUCP", "code": "VPT", "name": "Văn phòng thử"}, headers=admin),
               201)
    _ok(api.patch(f"/api/units/{unit['id']}", json={"name": "Văn phòng thử nghiệm"}, headers=admin))
    group = _ok(api.post("/api/groups", json={"org": "DUCP", "code": "THU", "name": "Nhóm thử",
                                              "members": [{"type": "org", "ref": "DUBNG"}]}, headers=admin), 201)
    _ok(api.patch(f"/api/groups/{group['id']}", json={"name": "Nhóm thử nghiệm"}, headers=admin))
    _ok(api.patch(f"/api/organizations/{ducp['id']}", json={"place_name": "Hà Nội"}, headers=admin))
    people = _ok(api.get("/api/people?org=DUCP", headers=admin))["items"]
    lan_id = next(p["id"] for p in people if p["username"] == "lan.tt")
    _ok(api.get(f"/api/people/{lan_id}/tokens", headers=admin))
    _ok(api.get("/api/auth/tokens", headers=lan))
    _ok(api.get("/api/me/preferences", headers=lan))
    _ok(api.patch("/api/me/preferences", json={"email_notifications": False}, headers=lan))
    sub = _ok(api.post("/api/substitutions", json={"substitute": "minh.nv", "starts_at": "2025-08-02T08:00",
                                                   "ends_at": "2025-08-09T17:00"}, headers=lan), 201)
    listed = _ok(api.get("/api/substitutions", headers=lan))["items"]
    assert [(s["id"], s["relations"]) for s in listed] == [(sub["id"], ["absent"])]
    token = _ok(api.post("/api/auth/token", json={"username": "minh.nv", "password": DEMO_PASSWORD}), 201)
    _ok(api.post("/api/me/password", json={"current_password": DEMO_PASSWORD, "new_password": "Mật-khẩu-mới-2025"},
                 headers={"Authorization": f"Bearer {token['token']}"}))
    _ok(api.delete(f"/api/people/{lan_id}/tokens", headers=admin))
    _ok(api.get("/api/openapi.json"))
    api.get("/api/documents?cursor=not-a-cursor", headers=admin)  # problems are checked too
    assert len(api.seen) >= 20
