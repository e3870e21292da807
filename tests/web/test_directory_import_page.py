"""The import page, as an administrator uses it: upload a workbook, read the preview table in Vietnamese (every row
with thêm / sửa / không đổi, errors by sheet, row and column), then "Ghi vào hệ thống" writes it and shows each new
person's one-time password once. Nothing is kept in the server between the two requests."""
from __future__ import annotations

import io
import re
import unicodedata

from ..api.test_directory_import import BNV_ORGS, BNV_PEOPLE, BNV_UNITS, counts, workbook
from .conftest import web_login


def _upload(client, url, data: bytes, name="danh-ba.xlsx"):
    return client.post(url, data={"file": (io.BytesIO(data), name)}, content_type="multipart/form-data")


def test_the_preview_table_then_apply_through_the_page(app, client):
    web_login(client, "quantri")
    home = client.get("/admin").get_data(as_text=True)
    assert 'href="/admin/import"' in home and 'href="/admin/export.xlsx"' in home
    page = client.get("/admin/import").get_data(as_text=True)
    assert "Tải tệp mẫu (XLSX)" in page and 'enctype="multipart/form-data"' in page
    before = counts(app)
    r = _upload(client, "/admin/import/preview", workbook(BNV_ORGS, BNV_UNITS, BNV_PEOPLE))
    assert r.status_code == 200
    html = r.get_data(as_text=True)
    assert unicodedata.is_normalized("NFC", html)
    assert html.count('class="preview-row action-create"') == 6
    assert "Xem trước" in html and re.search(r"thêm 6, sửa 0,\s+không đổi 0", html) and "Ghi vào hệ thống</button>" in html
    assert counts(app) == before, "the preview wrote nothing"
    sha = re.search(r'name="sha256" value="([0-9a-f]{64})"', html).group(1)
    content = re.search(r'name="content" value="([^"]+)"', html).group(1)

    r = client.post("/admin/import/apply", data={"sha256": sha, "content": content})
    assert r.status_code == 200, r.get_data(as_text=True)[-800:]
    done = r.get_data(as_text=True)
    assert "Đã ghi vào hệ thống" in done and "Mật khẩu dùng một lần" in done
    password = re.search(r"<td>son\.cv</td><td>Cao Văn Sơn</td><td><code>([^<]+)</code>", done).group(1)
    assert client.post("/api/auth/token", json={"username": "son.cv", "password": password}).status_code == 201
    again = _upload(client, "/admin/import/preview", workbook(BNV_ORGS, BNV_UNITS, BNV_PEOPLE)).get_data(as_text=True)
    assert again.count("không đổi</span>") == 6


def test_errors_are_listed_in_vietnamese_and_there_is_no_apply_button(app, client):
    web_login(client, "quantri")
    data = workbook([["BNV", "Bộ Nội vụ", "BNV", "STATE", "BO", None, "Hà Nội", "KHONGCO"]],
                    people=[["hoa.nv", "Nguyễn Văn Hòa", "BNV", None, None, "thu_ky"]])
    r = _upload(client, "/admin/import/preview", data)
    html = r.get_data(as_text=True)
    assert r.status_code == 200
    assert "<td>Cơ quan</td><td>2</td><td>Cơ quan cấp trên</td><td>Không có cơ quan mã &#39;KHONGCO&#39;.</td>" in html
    assert re.search(r"Có 2 lỗi; chưa có gì được ghi", html) and "Ghi vào hệ thống</button>" not in html
    r = client.post("/admin/import/apply", data={"content": __import__("base64").b64encode(data).decode()})
    assert r.status_code == 422 and "chưa có gì được ghi" in r.get_data(as_text=True)


def test_a_garbage_file_or_none_is_refused_with_a_message(app, client):
    web_login(client, "quantri")
    r = _upload(client, "/admin/import/preview", b"\x00\x01garbage" * 50)
    assert r.status_code == 422 and "không phải" in r.get_data(as_text=True)
    r = client.post("/admin/import/preview", data={}, content_type="multipart/form-data")
    assert r.status_code == 400 and "Chưa chọn tệp." in r.get_data(as_text=True)
    r = client.post("/admin/import/apply", data={"content": "%%%not-base64"})
    assert r.status_code == 400


def test_the_template_and_the_export_download(app, client):
    web_login(client, "quantri.ducp")
    r = client.get("/admin/import/template.xlsx")
    assert r.status_code == 200 and "mau-nhap-danh-ba.xlsx" in r.headers["Content-Disposition"]
    r = client.get("/admin/export.csv")
    assert r.status_code == 200 and r.data.startswith("\ufeffLoại,Mã,Tên".encode())
    assert b"quantri.ducp" in r.data and b"DUBNNMT" not in r.data
    assert client.get("/admin/export.pdf").status_code == 422


def test_a_large_file_is_chosen_again_and_must_be_the_one_previewed(app, client, monkeypatch):
    from service.http.web import directory

    monkeypatch.setattr(directory, "CARRY_MAX", 1000)  # "large" made small: the rows are not the point here
    web_login(client, "quantri")
    big = workbook(units=[["DUCP", f"U{i}", f"Đơn vị thử số {i}"] for i in range(30)])
    assert len(big) > directory.CARRY_MAX
    html = _upload(client, "/admin/import/preview", big).get_data(as_text=True)
    assert html.count('class="preview-row action-create"') == 30
    assert 'name="content"' not in html and "hãy chọn lại đúng tệp vừa xem trước" in html
    sha = re.search(r'name="sha256" value="([0-9a-f]{64})"', html).group(1)
    before = counts(app)
    r = client.post("/admin/import/apply", data={"sha256": sha, "file": (io.BytesIO(workbook(BNV_ORGS)), "x.xlsx")},
                    content_type="multipart/form-data")
    assert r.status_code == 409 and "khác tệp đã xem trước" in r.get_data(as_text=True)
    assert counts(app) == before
    r = client.post("/admin/import/apply", data={"sha256": sha, "file": (io.BytesIO(big), "danh-ba.xlsx")},
                    content_type="multipart/form-data")
    assert r.status_code == 200 and "Đã thêm 30, sửa 0" in r.get_data(as_text=True)
