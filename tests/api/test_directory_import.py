"""The directory import and export (XLSX and CSV), as an office adopts the system: the system administrator sets up
Bộ Nội vụ from a workbook; the preview writes nothing and names every error by sheet, row and column; the apply
writes everything or nothing, audited; an export imports back unchanged; hostile files get a 4xx."""
from __future__ import annotations

import io
import zipfile

import sqlalchemy as sa
from openpyxl import Workbook, load_workbook

ORG_HEAD = ["Mã", "Tên", "Viết tắt", "Hệ thống (PARTY/STATE)", "Loại tổ chức", "Cơ quan chủ quản", "Địa danh",
            "Cơ quan cấp trên"]
UNIT_HEAD = ["Cơ quan", "Mã", "Tên"]
PERSON_HEAD = ["Tên đăng nhập", "Họ và tên", "Cơ quan", "Đơn vị", "Chức vụ", "Vai trò"]
BNV_ORGS = [["BNV", "Bộ Nội vụ", "BNV", "STATE", "BO", None, "Hà Nội", None]]
BNV_UNITS = [["BNV", "VP", "Văn phòng Bộ"]]
BNV_PEOPLE = [["hoa.nv", "Nguyễn Văn Hòa", "BNV", "VP", "Chuyên viên Văn phòng", "drafter"],
              ["son.cv", "Cao Văn Sơn", "BNV", "VP", "Chánh Văn phòng Bộ", "unit_head@VP; office"],
              ["anh.tv", "Trần Văn Ánh", "BNV", None, "Thứ trưởng", "Người ký"],
              ["nga.vt", "Vũ Thị Nga", "BNV", "VP", "Văn thư", "clerk"]]


def workbook(orgs=(), units=(), people=(), heads=(ORG_HEAD, UNIT_HEAD, PERSON_HEAD)) -> bytes:
    wb = Workbook()
    wb.remove(wb.active)
    for title, head, rows in zip(("Cơ quan", "Đơn vị", "Cán bộ"), heads, (orgs, units, people), strict=True):
        ws = wb.create_sheet(title)
        ws.append(head)
        for r in rows:
            ws.append(r)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def multipart(data: bytes, name: str, **form) -> tuple[bytes, str]:
    """The body encoded here: werkzeug's test client spools large bodies to a temporary file it never closes."""
    b = "----directory-import-test"
    parts = [f'--{b}\r\nContent-Disposition: form-data; name="{k}"\r\n\r\n{v}\r\n'.encode() for k, v in form.items()]
    parts.append(f'--{b}\r\nContent-Disposition: form-data; name="file"; filename="{name}"\r\n'
                 f"Content-Type: application/octet-stream\r\n\r\n".encode() + data + b"\r\n")
    return b"".join(parts) + f"--{b}--\r\n".encode(), f"multipart/form-data; boundary={b}"


def post(client, headers, what, data: bytes, name="danh-ba.xlsx", **form):
    body, content_type = multipart(data, name, **form)
    return client.post(f"/api/import/{what}", headers=headers, data=body, content_type=content_type)


def counts(app) -> tuple:
    from service.extensions import db
    from service.store.documents import AuditEvent
    from service.store.organizations import Organization, Person, RoleAssignment, Unit

    with app.app_context():
        out = tuple(db.session.scalar(sa.select(sa.func.count()).select_from(t))
                    for t in (Organization, Unit, Person, RoleAssignment, AuditEvent))
        db.session.remove()
    return out


def test_bo_noi_vu_from_a_workbook_preview_writes_nothing_then_apply_creates_and_audits(app, client, login):
    admin = login("quantri")
    data = workbook(BNV_ORGS, BNV_UNITS, BNV_PEOPLE)
    before = counts(app)
    r = post(client, admin, "preview", data)
    assert r.status_code == 200, r.get_json()
    body = r.get_json()
    assert body["ok"] and body["format"] == "xlsx" and not body["applied"]
    assert [(x["sheet"], x["row"], x["key"], x["action_label"]) for x in body["rows"]] == [
        ("Cơ quan", 2, "BNV", "thêm"), ("Đơn vị", 2, "BNV/VP", "thêm"), ("Cán bộ", 2, "hoa.nv", "thêm"),
        ("Cán bộ", 3, "son.cv", "thêm"), ("Cán bộ", 4, "anh.tv", "thêm"), ("Cán bộ", 5, "nga.vt", "thêm")]
    assert body["passwords"] == []
    assert counts(app) == before, "the preview wrote nothing"

    r = post(client, admin, "apply", data, sha256=body["sha256"])
    assert r.status_code == 200, r.get_json()
    done = r.get_json()
    assert done["applied"] and done["counts"] == {"create": 6, "update": 0, "unchanged": 0, "error": 0}
    assert r.headers["Cache-Control"] == "no-store"
    passwords = {p["username"]: p["password"] for p in done["passwords"]}
    assert set(passwords) == {"hoa.nv", "son.cv", "anh.tv", "nga.vt"}
    # a new person signs in with the one-time password shown once
    t = client.post("/api/auth/token", json={"username": "son.cv", "password": passwords["son.cv"]})
    assert t.status_code == 201
    people = {p["username"]: p for p in client.get("/api/people?org=BNV", headers=admin).get_json()["items"]}
    assert {(x["role"], x["unit"]) for x in people["son.cv"]["roles"]} == {("unit_head", "VP"), ("office", None)}
    assert people["anh.tv"]["roles"][0]["role"] == "signer" and people["anh.tv"]["unit"] is None

    from service.extensions import db
    from service.store.documents import AuditEvent
    with app.app_context():
        events = db.session.scalars(sa.select(AuditEvent).where(AuditEvent.action.like("admin.%"))
                                    .order_by(AuditEvent.id)).all()
        made = [(e.action, e.task) for e in events]
        assert made.count(("admin.create", "person")) == 4
        assert ("admin.create", "organization") in made and ("admin.create", "unit") in made
        assert made[-1] == ("admin.import", "directory")
        assert events[-1].details["changes"]["create"] == 6 and events[-1].actor_id is not None
        assert all("password" not in str(e.details) or "one-time" not in str(e.details) for e in events)
        db.session.remove()

    again = post(client, admin, "preview", data).get_json()
    assert {x["action_label"] for x in again["rows"]} == {"không đổi"}


def test_per_row_errors_name_sheet_row_and_column_and_nothing_is_written(app, client, login):
    admin = login("quantri")
    data = workbook(
        [["BNV", "Bộ Nội vụ", "BNV", "STATE", "BO", None, "Hà Nội", "KHONGCO"],           # unknown parent
         ["BTC", "Bộ Tài chính", "BTC", "NHA_NUOC_X", "BO", None, "Hà Nội", None],         # bad system
         ["BNV", "Bộ Nội vụ (lặp)", "BNV", "STATE", "BO", None, "Hà Nội", None]],         # duplicate code
        [["DUCP", "VP2", "Văn phòng 2"]],
        [["hoa.nv", "Nguyễn Văn Hòa", "DUCP", "VP", None, "drafter; thu_ky"],             # unknown role
         ["nga.vt", "Vũ Thị Nga", "DUCP", "TTBCXB", None, "clerk"]])                      # unit of another org
    before = counts(app)
    r = post(client, admin, "preview", data)
    assert r.status_code == 200
    errors = {(e["sheet"], e["row"], e["column"]): e["message"] for e in r.get_json()["errors"]}
    assert errors[("Cơ quan", 2, "Cơ quan cấp trên")] == "Không có cơ quan mã 'KHONGCO'."
    assert "PARTY" in errors[("Cơ quan", 3, "Hệ thống (PARTY/STATE)")]
    assert errors[("Cơ quan", 4, "Mã")] == "Mã trùng với dòng 2 của tệp."
    assert "thu_ky" in errors[("Cán bộ", 2, "Vai trò")]
    assert "TTBCXB" in errors[("Cán bộ", 3, "Đơn vị")]
    assert [x["action_label"] for x in r.get_json()["rows"] if x["sheet"] == "Đơn vị"] == ["thêm"]
    r = post(client, admin, "apply", data)
    assert r.status_code == 422 and "không có gì được ghi" in r.get_json()["message"]
    assert counts(app) == before


def test_an_organization_administrator_imports_only_into_their_own(app, client, login):
    ducp = login("quantri.ducp")
    data = workbook(units=[["DUCP", "UBKT", "Ủy ban Kiểm tra"], ["DUBNNMT", "UBKT", "Ủy ban Kiểm tra"]],
                    people=[["moi.nv", "Nguyễn Văn Mới", "DUBNNMT", None, None, "drafter"]])
    before = counts(app)
    body = post(client, ducp, "preview", data).get_json()
    errors = {(e["sheet"], e["row"], e["column"]) for e in body["errors"]}
    assert errors == {("Đơn vị", 3, "Cơ quan"), ("Cán bộ", 2, "Cơ quan")}
    assert post(client, ducp, "apply", data).status_code == 422
    assert counts(app) == before
    ok = workbook(units=[["DUCP", "UBKT", "Ủy ban Kiểm tra"]])
    assert post(client, ducp, "apply", ok).get_json()["counts"]["create"] == 1
    # an organization's administrator exports only their organization
    wb = load_workbook(io.BytesIO(client.get("/api/export?format=xlsx", headers=ducp).data), read_only=True)
    orgs = [r[0] for r in wb["Cơ quan"].iter_rows(min_row=2, values_only=True)]
    assert orgs == ["DUCP"]


def test_an_export_imports_back_unchanged_xlsx_and_csv(app, client, login):
    admin = login("quantri")
    for fmt in ("xlsx", "csv"):
        r = client.get(f"/api/export?format={fmt}", headers=admin)
        assert r.status_code == 200 and f"danh-ba.{fmt}" in r.headers["Content-Disposition"]
        body = post(client, admin, "preview", r.data, name=f"danh-ba.{fmt}").get_json()
        assert body["ok"] and body["format"] == fmt, body["errors"][:5]
        assert {x["action_label"] for x in body["rows"]} == {"không đổi"}, fmt
        assert len([x for x in body["rows"] if x["sheet"] == "Cán bộ"]) >= 20
    applied = post(client, admin, "apply", client.get("/api/export?format=csv", headers=admin).data).get_json()
    assert applied["applied"] and applied["counts"]["unchanged"] == len(applied["rows"])


def test_the_csv_variant_creates_updates_and_says_what_changes(app, client, login):
    admin = login("quantri")
    csv = ("\ufeffLoại;Mã;Tên;Viết tắt;Hệ thống;Loại tổ chức;Cơ quan chủ quản;Địa danh;Cơ quan cấp trên;"
           "Cơ quan;Tên đăng nhập;Họ và tên;Đơn vị;Chức vụ;Vai trò\n"
           "CQ;BNV;Bộ Nội vụ;BNV;Nhà nước;BO;;Hà Nội;;;;;;;\n"
           "ĐV;VP;Văn phòng Bộ;;;;;;;BNV;;;;;\n"
           "CB;;;;;;;;;BNV;hoa.nv;Nguyễn Văn Hòa;VP;Chuyên viên;\"drafter, unit_head@VP\"\n"
           "CB;;;;;;;;;DUCP;lan.tt;Trần Thị Lan (sửa);BTGDV;;drafter\n").encode()
    r = post(client, admin, "apply", csv, name="danh-ba.csv")
    assert r.status_code == 200, r.get_json()
    rows = {x["key"]: x for x in r.get_json()["rows"]}
    assert rows["BNV"]["action"] == "create" and rows["BNV/VP"]["action"] == "create"
    assert rows["lan.tt"]["action"] == "update" and "Họ và tên" in rows["lan.tt"]["changes"]
    people = {p["username"]: p for p in client.get("/api/people?org=DUCP", headers=admin).get_json()["items"]}
    assert people["lan.tt"]["full_name"] == "Trần Thị Lan (sửa)" and not people["lan.tt"]["position"]
    assert [x["action_label"] for x in post(client, admin, "preview", csv, name="x.csv").get_json()["rows"]] \
        == ["không đổi"] * 4


def test_the_template_downloads_and_imports_after_filling(app, client, login):
    admin = login("quantri")
    r = client.get("/api/import/template", headers=admin)
    assert r.status_code == 200 and r.mimetype.endswith("spreadsheetml.sheet")
    wb = load_workbook(io.BytesIO(r.data))
    assert wb.sheetnames[:3] == ["Cơ quan", "Đơn vị", "Cán bộ"] and "Hướng dẫn" in wb.sheetnames
    assert [c.value for c in wb["Cán bộ"][1]] == PERSON_HEAD
    wb["Cơ quan"].append(BNV_ORGS[0])
    wb["Đơn vị"].append(BNV_UNITS[0])
    for p in BNV_PEOPLE:
        wb["Cán bộ"].append(p)
    out = io.BytesIO()
    wb.save(out)
    body = post(client, admin, "apply", out.getvalue()).get_json()
    assert body["applied"] and body["counts"]["create"] == 6


def test_hostile_files_get_a_4xx_in_vietnamese_and_change_nothing(app, client, login):
    admin = login("quantri")
    before = counts(app)
    macro = io.BytesIO()
    with zipfile.ZipFile(macro, "w") as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("xl/workbook.xml", "<workbook/>")
        z.writestr("xl/vbaProject.bin", b"\x00" * 10)
    bomb = io.BytesIO()
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("xl/workbook.xml", "<workbook/>")
        z.writestr("xl/sharedStrings.xml", b"\x20" * (60 * 1024 * 1024))
    cases = {
        "garbage": (b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 10, 422),
        "broken zip": (b"PK\x03\x04" + b"x" * 500, 422),
        "macro": (macro.getvalue(), 422),
        "zip bomb": (bomb.getvalue(), 422),
        "old xls": (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600, 422),
        "latin-1 csv": ("Loai,Mã\nCQ,BNV\n".encode("latin-1"), 422),
        "empty": (b"", 422),
        "too large": (b"a," * 1_100_000, 413),
    }
    for name, (data, status) in cases.items():
        for what in ("preview", "apply"):
            r = post(client, admin, what, data)
            assert r.status_code == status, (name, what, r.status_code, r.get_data(as_text=True)[:300])
            assert r.get_json()["message"], name
    assert client.post("/api/import/preview", headers=admin, json={}).status_code == 400
    many = workbook(units=[["DUCP", f"U{i}", f"Đơn vị {i}"] for i in range(5001)])
    assert post(client, admin, "preview", many).status_code == 422
    assert counts(app) == before


def test_a_changed_file_is_not_applied_unseen(app, client, login):
    admin = login("quantri")
    r = post(client, admin, "apply", workbook(BNV_ORGS), sha256="0" * 64)
    assert r.status_code == 409
    assert post(client, login("lan.tt"), "preview", workbook(BNV_ORGS)).status_code == 403


def test_a_child_before_its_parent_and_an_edited_export(app, client, login):
    admin = login("quantri")
    wb = load_workbook(io.BytesIO(client.get("/api/export?format=xlsx", headers=admin).data))
    ws = wb["Cơ quan"]
    ws.cell(row=2, column=2).value = "Tên mới"          # an existing organization renamed
    system = ws.cell(row=3, column=4)
    system.value = "PARTY" if system.value == "STATE" else "STATE"
    ws.append(["VPBNV", "Văn phòng Bộ Nội vụ (thử)", "VPBNV", "STATE", "BO", None, "Hà Nội", "BNV"])
    ws.append(BNV_ORGS[0])
    out = io.BytesIO()
    wb.save(out)
    body = post(client, admin, "preview", out.getvalue()).get_json()
    rows = {x["row"]: x for x in body["rows"] if x["sheet"] == "Cơ quan"}
    assert rows[2]["action"] == "update" and rows[2]["changes"] == ["Tên"]
    assert rows[3]["errors"][0]["column"] == "Hệ thống (PARTY/STATE)"
    last = max(rows)
    assert rows[last - 1]["action"] == "create" and rows[last]["action"] == "create", "the parent comes first"
    assert {x["action"] for x in body["rows"] if x["sheet"] != "Cơ quan"} == {"unchanged"}
    system.value = "PARTY" if system.value == "STATE" else "STATE"
    wb.save(out := io.BytesIO())
    done = post(client, admin, "apply", out.getvalue()).get_json()
    assert done["applied"] and done["counts"]["create"] == 2 and done["counts"]["update"] == 1
    orgs = {o["code"]: o for o in client.get("/api/organizations", headers=admin).get_json()["items"]}
    assert orgs["VPBNV"]["parent_id"] == orgs["BNV"]["id"]
