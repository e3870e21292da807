"""Every message a person can read in a JSON answer is Vietnamese: the field details of request validation
(pydantic answers in English by itself), the use cases' refusals, and werkzeug's HTTP errors (404, 405, 413,
500, ...). Walks the OpenAPI description and sends typical bad bodies to every operation that takes one."""
from __future__ import annotations

import io
import re

import pytest
from werkzeug.exceptions import default_exceptions

from service.usecases import admin_inputs, input_messages, inputs
from service.usecases.input_messages import has_vietnamese

from ..seed_docs import seed000

ENGLISH = re.compile(r"\b(should|must|field|required|invalid|input|or|characters?|valid|value|error)\b", re.I)
ADMIN_PREFIXES = ("/api/authorities", "/api/groups", "/api/organizations", "/api/people", "/api/series",
                  "/api/terms", "/api/units", "/api/import")


def assert_vietnamese(body: dict, where: str) -> list[dict]:
    """The answer's message and every detail's message and label are Vietnamese; returns the details."""
    assert isinstance(body, dict) and body.get("message"), (where, body)
    assert has_vietnamese(body["message"]), (where, body["message"])
    assert not ENGLISH.search(body["message"]), (where, body["message"])
    details = body.get("details") if isinstance(body.get("details"), list) else []
    for d in details:
        if not isinstance(d, dict):
            continue
        for key in ("message", "label"):
            if key in d:
                assert has_vietnamese(str(d[key])) and not ENGLISH.search(str(d[key])), (where, key, d)
    return details


# ----------------------------------------------------------------------------------------- the mapping itself

def test_an_empty_trich_yeu_is_refused_in_vietnamese(client, login):
    body = dict(seed000()["payload"], subject="")
    r = client.post("/api/documents", json=body, headers=login("lan.tt"))
    assert r.status_code == 422
    err = r.get_json()
    assert err["details"] == [{"field": "subject", "label": "Trích yếu", "type": "string_too_short",
                               "message": "Trích yếu: bắt buộc, không được để trống."}]
    assert err["message"] == "Dữ liệu không hợp lệ: Trích yếu (subject) bắt buộc, không được để trống."
    assert "String should" not in r.get_data(as_text=True)


def test_nested_fields_are_named_by_line(client, login):
    body = dict(seed000()["payload"])
    body["recipients"] = [dict(body["recipients"][0]), dict(body["recipients"][1], purpose="HỎI", extra=1)]
    r = client.post("/api/documents", json=body, headers=login("lan.tt"))
    assert r.status_code == 422
    by_field = {d["field"]: d["message"] for d in r.get_json()["details"]}
    assert by_field["recipients.1.purpose"] == (
        "Nơi nhận (dòng 2) – Mục đích gửi: giá trị không nằm trong danh sách cho phép: ACTION (để thực hiện), "
        "REPORT (để báo cáo), COORDINATE (để phối hợp) hoặc INFO (để biết).")
    assert by_field["recipients.1.extra"] == ("Nơi nhận (dòng 2) – Trường “extra”: không phải trường được nhận ở "
                                              "đây (hãy bỏ trường này).")


def _models():
    for module in (inputs, admin_inputs):
        for value in vars(module).values():
            if isinstance(value, type) and issubclass(value, inputs.BaseModel) and value.model_fields:
                yield value


def test_every_field_of_every_request_model_has_a_vietnamese_label():
    unlabeled = [f"{m.__name__}.{name}" for m in _models() for name in m.model_fields
                 if input_messages.label_of(m, (name,)).startswith("Trường “")]
    assert not unlabeled, unlabeled
    assert input_messages.label_of(inputs.DraftIn, ("archive", "copies")) == "Lưu – Số bản lưu"
    assert input_messages.label_of(admin_inputs.UnitIn, ("name",)) == "Tên đơn vị"


def test_the_workflow_engines_english_reasons_are_translated():
    for english in ("is required", "unknown field", "must be one of: a, b", "must be a string",
                    "must be at most 10000 characters", "must be an integer", "is out of range",
                    "must be true or false", "must be a date (YYYY-MM-DD)", "submission must be an object"):
        vietnamese = input_messages.engine_reason(english)
        assert has_vietnamese(vietnamese) and vietnamese != input_messages.GENERIC, english
    assert input_messages.engine_reason("must be one of: a, b").endswith(": a, b")


# ----------------------------------------------------------------------- every JSON operation that takes a body

def _resolve(spec: dict, schema: dict) -> dict:
    while "$ref" in schema:
        schema = spec["components"]["schemas"][schema["$ref"].rsplit("/", 1)[-1]]
    return schema


def _plain(spec: dict, prop: dict) -> dict:
    """A property without its 'or null' (anyOf [X, null])."""
    prop = _resolve(spec, prop)
    for option in prop.get("anyOf", []):
        option = _resolve(spec, option)
        if option.get("type") != "null":
            return option | {k: v for k, v in prop.items() if k != "anyOf"}
    return prop


def _wrong_type(spec: dict, prop: dict):
    kind = _plain(spec, prop).get("type")
    return {"string": 12345, "integer": "không phải số", "number": "không phải số", "boolean": "có lẽ",
            "array": "không phải danh sách", "object": [1, 2]}.get(kind, {"x": 1})


def _edge(spec: dict, prop: dict):
    """A value of the right type that breaks the field's constraint."""
    p = _plain(spec, prop)
    if "enum" in p or "const" in p:
        return "KHÔNG_CÓ"
    if p.get("type") == "string":
        if p.get("format") == "date":
            return "31/02/2025"
        if "pattern" in p:
            return "có dấu cách !"
        if p.get("minLength"):
            return ""
        return "x" * (p.get("maxLength", 100_000) + 1)
    if p.get("type") == "integer":
        return p["minimum"] - 1 if "minimum" in p else 2**40
    if p.get("type") == "array":
        items = _resolve(spec, p.get("items", {}))
        return [{"lạ": 1}] if items.get("type") == "object" or "properties" in items else [12345]
    if p.get("type") == "boolean":
        return "có lẽ"
    return None


def bad_bodies(spec: dict, schema: dict) -> list[dict]:
    props = _resolve(spec, schema).get("properties", {})
    out = [{}, {"trường_lạ": 1, "unknown": True}]
    if props:
        out.append({k: _wrong_type(spec, p) for k, p in props.items()})
        out.append({k: _edge(spec, p) for k, p in props.items()})
    return out


@pytest.fixture
def document(client, login) -> dict:
    return client.post("/api/documents", json=seed000()["payload"], headers=login("lan.tt")).get_json()


def _call(client, method: str, path: str, headers: dict, **kw):
    return client.open(path, method=method, headers=headers, **kw)


def test_every_operation_with_a_body_answers_bad_input_in_vietnamese(client, login, document):
    spec = client.get("/api/openapi.json").get_json()
    ids = {"doc_id": document["id"], "task_id": document["task_id"]}
    explained, seen_types, operations = 0, set(), 0
    for path, ops in spec["paths"].items():
        for method, op in ops.items():
            content = (op.get("requestBody") or {}).get("content", {})
            if not content:
                continue
            operations += 1
            url = path
            for name in [s.strip("{}") for s in path.split("/") if s.startswith("{")]:
                url = url.replace("{" + name + "}", str(ids.get(name, 1)))
            user = "quantri" if path.startswith(ADMIN_PREFIXES) else "lan.tt"
            headers = {} if path == "/api/auth/token" else login(user)
            where = f"{method.upper()} {path}"
            if "application/json" in content:
                schema = content["application/json"].get("schema", {})
                answers = [_call(client, method.upper(), url, headers, json=b) for b in bad_bodies(spec, schema)]
                answers.append(_call(client, method.upper(), url, headers, data=b"{", content_type="application/json"))
            elif "multipart/form-data" in content:
                answers = [_call(client, method.upper(), url, headers, data={}, content_type="multipart/form-data"),
                           _call(client, method.upper(), url, headers, content_type="multipart/form-data",
                                 data={"file": (io.BytesIO(b"\x00 khong phai tep"), "x.pdf")})]
            else:  # application/pdf
                answers = [_call(client, method.upper(), url, headers, data=b"", content_type="application/pdf")]
            assert any(r.status_code >= 400 for r in answers), (where, [r.status_code for r in answers])
            for r in answers:
                if r.status_code < 400:
                    continue
                assert r.status_code < 500, (where, r.status_code, r.get_data(as_text=True)[:300])
                details = assert_vietnamese(r.get_json(), where)
                labelled = [d for d in details if isinstance(d, dict) and "label" in d]
                explained += bool(labelled)
                for d in labelled:
                    seen_types.add(d["type"])
                    assert not d["message"].endswith(input_messages.GENERIC + "."), (where, d)
    assert operations >= 25, operations
    assert explained >= 50, "bad bodies should reach request validation with field details"
    assert {"missing", "extra_forbidden", "string_type", "string_too_short", "string_too_long", "model_type",
            "string_pattern_mismatch", "literal_error", "int_parsing", "bool_parsing", "list_type",
            "greater_than_equal", "date_from_datetime_parsing"} <= seen_types, seen_types


# --------------------------------------------------------------------------------- HTTP errors of werkzeug

def test_json_404_405_and_413_are_vietnamese(client, login):
    r = client.get("/api/khong-co-dia-chi-nay", headers=login("lan.tt"))
    assert r.status_code == 404 and assert_vietnamese(r.get_json(), "404") == []
    r = client.delete("/api/documents", headers=login("lan.tt"))
    assert r.status_code == 405
    assert_vietnamese(r.get_json(), "405")
    r = client.post("/api/documents", data=b"x" * (3 * 1024 * 1024), headers=login("lan.tt"),
                    content_type="application/json")
    assert r.status_code == 413
    assert_vietnamese(r.get_json(), "413")


CODES = sorted(c for c in default_exceptions if c >= 400)


@pytest.fixture
def raising_app(make_app):
    """An app with a route that raises each werkzeug HTTP error, and one that fails outright (500)."""
    from flask import abort

    app = make_app()

    def _raise(code: int):
        abort(code)

    def _boom():
        raise RuntimeError("boom: an English message that must not reach anyone")

    for prefix in ("/api/test", "/test"):
        app.add_url_rule(f"{prefix}/raise/<int:code>", f"raise{prefix}", _raise)
        app.add_url_rule(f"{prefix}/boom", f"boom{prefix}", _boom)
    return app


def test_every_werkzeug_http_error_answers_in_vietnamese(raising_app):
    client = raising_app.test_client()
    for code in CODES:
        english = default_exceptions[code].description
        r = client.get(f"/api/test/raise/{code}")
        assert r.status_code == code
        body = r.get_json()
        assert_vietnamese(body, str(code))
        assert english not in body["message"], code
        page = client.get(f"/test/raise/{code}")
        assert page.status_code == code
        html = page.get_data(as_text=True)
        assert english not in html, code
        assert "Lỗi" in html
    r = client.get("/api/test/boom")
    assert r.status_code == 500 and "boom" not in r.get_data(as_text=True)
    assert_vietnamese(r.get_json(), "500")
    page = client.get("/test/boom")
    assert page.status_code == 500 and "boom" not in page.get_data(as_text=True)
    assert "Lỗi hệ thống" in page.get_data(as_text=True)


def test_a_report_draft_refused_by_the_draft_model_says_why_in_vietnamese(client, login, clock):
    """The report of a period is a draft too: its refusal used to carry pydantic's English text."""
    from ..reports.helpers import dispatch_plan_23

    dispatch_plan_23(client, login, clock)
    lan = login("lan.tt")
    (ob,) = client.get("/api/obligations", headers=lan).get_json()["items"]
    r = client.patch(f"/api/obligations/{ob['id']}", headers=lan, json={
        "frequency": "MONTHLY", "first_due_date": "2025-08-25", "reminder_days": 3, "drafting_unit": "BTGDV"})
    assert r.status_code == 200, r.get_json()
    linh = login("linh.pt")
    (mine,) = client.get("/api/periods", headers=linh).get_json()["items"]
    r = client.post(f"/api/periods/{mine['id']}/report", headers=linh, json={"urgency": "RAT_GAP"})
    assert r.status_code == 422
    err = r.get_json()
    assert err["message"].startswith("Dữ liệu báo cáo không hợp lệ: Độ khẩn (urgency) giá trị không nằm trong")
    assert "Input should" not in r.get_data(as_text=True)
    assert_vietnamese(err, "report")
