"""Every route of the URL map × every caller gets the status the rules table allows (access_rules.py).

A route without a rule fails the test, naming the route: new routes must say who may call them.
"""
from __future__ import annotations

import re
from urllib.parse import urlsplit

from ..conftest import DEMO_PASSWORD
from ..seed_docs import seed000
from .access_rules import CALLERS, LOGIN, RECIPIENT, rule_for
from .test_recipient_boundary import dispatch_seed

MUTATING = {"POST", "PUT", "PATCH", "DELETE"}


def routes(app) -> list[tuple[str, str]]:
    out = []
    for r in app.url_map.iter_rules():
        for m in sorted(r.methods - {"HEAD", "OPTIONS"}):
            out.append((m, r.rule))
    # the two sign-outs last: they end the page session and the token the other probes use
    return sorted(set(out), key=lambda x: (x[1] in ("/logout", "/api/auth/logout"), x[1], x[0]))


def concrete(route: str, doc: dict) -> str:
    url = route.replace("<int:doc_id>", str(doc["id"])).replace("<task_id>", doc["task_id"])
    url = url.replace("<path:filename>", "no-such-file.txt")
    url = re.sub(r"<int:\w+>", "999999", url)
    return re.sub(r"<(\w+:)?\w+>", "x", url)


def test_every_route_has_an_access_rule(app):
    missing = [f"{m} {r}" for m, r in routes(app) if rule_for(m, r) is None]
    assert not missing, ("Routes without an access rule (add one to tests/security/access_rules.py):\n  "
                         + "\n  ".join(missing))


def test_every_route_answers_every_caller_as_the_rules_say(app):
    seed = seed000()
    clients = {}
    for caller, username in CALLERS.items():
        c = app.test_client()
        headers = {}
        if username:
            r = c.post("/api/auth/token", json={"username": username, "password": DEMO_PASSWORD})
            assert r.status_code == 201, r.get_json()
            headers = {"Authorization": f"Bearer {r.get_json()['token']}"}
            r = c.post("/login", data={"username": username, "password": DEMO_PASSWORD})
            assert r.status_code == 302, r.status_code
        clients[caller] = (c, headers)

    lan, lan_h = clients["drafter"]
    doc = lan.post("/api/documents", json=seed["payload"], headers=lan_h).get_json()
    doc = lan.post(f"/api/documents/{doc['id']}/tasks/{doc['task_id']}", json={}, headers=lan_h).get_json()
    assert doc["step"] == "content_review"

    missing, wrong = [], []
    for method, route in routes(app):
        rule = rule_for(method, route)
        if rule is None:
            missing.append(f"{method} {route}")
            continue
        url = concrete(route, doc)
        for caller, (c, headers) in clients.items():
            kw: dict = {"headers": headers if url.startswith("/api/") else {}}
            if method in MUTATING:
                kw["json" if url.startswith("/api/") else "data"] = {}
            r = c.open(url, method=method, **kw)
            got = r.status_code
            if got in (302, 303) and urlsplit(r.headers.get("Location", "")).path == "/login":
                got = LOGIN
            allowed = rule.allowed(caller)
            if got not in allowed:
                wrong.append(f"{method} {url} as {caller}: got {got}, rule /{rule.pattern}/ allows {sorted(map(str, allowed))}")
            assert r.status_code != 500, f"{method} {url} as {caller}: 500"

    assert not missing, "Routes without an access rule (add one to tests/security/access_rules.py):\n  " + \
        "\n  ".join(missing)
    assert not wrong, "Access matrix violations:\n  " + "\n  ".join(wrong)
    assert lan.get("/api/me", headers=lan_h).status_code == 401, "the sign-out probe ended the token"
    # (from another address: the probes used up this client's sign-in allowance)
    fresh = lan.post("/api/auth/token", json={"username": "lan.tt", "password": DEMO_PASSWORD},
                     environ_base={"REMOTE_ADDR": "10.0.0.99"}).get_json()["token"]
    after = lan.get(f"/api/documents/{doc['id']}", headers={"Authorization": f"Bearer {fresh}"}).get_json()
    assert after["version"] == doc["version"], "probing every route changed nothing"


def test_every_document_route_answers_a_recipient_as_the_rules_say(app, client, login, clock):
    """The routes of one document, probed on a dispatched plan as a person of a recipient organization."""
    doc = {**dispatch_seed(client, login, clock), "task_id": "x"}
    r = client.post("/login", data={"username": RECIPIENT, "password": DEMO_PASSWORD})
    assert r.status_code == 302
    headers = login(RECIPIENT)
    wrong = []
    for method, route in routes(app):
        if "<int:doc_id>" not in route:
            continue
        url = concrete(route, doc)
        kw: dict = {"headers": headers if url.startswith("/api/") else {}}
        if method in MUTATING:
            kw["json" if url.startswith("/api/") else "data"] = {}
        got = client.open(url, method=method, **kw).status_code
        assert got != 500, f"{method} {url} as recipient: 500"
        allowed = rule_for(method, route).allowed("recipient")
        if got not in allowed:
            wrong.append(f"{method} {url} as recipient: got {got}, allowed {sorted(map(str, allowed))}")
    assert not wrong, "Access matrix violations:\n  " + "\n  ".join(wrong)
