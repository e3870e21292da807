"""The signature image on one's account page and the seal and signature images on the administration page:
upload, see, remove; a file that is not a transparent PNG is shown again with the reason and changes nothing."""
from __future__ import annotations

import io
import re

from PIL import Image

from service.output.images import draw_seal, draw_signature

from .conftest import person, web_login


def _png_rgb() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (300, 100), "white").save(out, "PNG")
    return out.getvalue()


def test_a_signer_uploads_sees_and_removes_their_signature_image(app, client):
    web_login(client, "phong.nd")
    page = client.get("/account/signature").get_data(as_text=True)
    assert "Chưa có ảnh chữ ký." in page and 'type="file"' in page
    r = client.post("/account/signature", data={"image": (io.BytesIO(_png_rgb()), "chu-ky.png")})
    assert r.status_code == 422
    assert "Ảnh chữ ký: ảnh PNG không có nền trong suốt" in r.get_data(as_text=True)
    assert "Chưa có ảnh chữ ký." in r.get_data(as_text=True)
    r = client.post("/account/signature", data={"image": (io.BytesIO(draw_signature("Nguyễn Đức Phong")),
                                                          "chu-ky.png")})
    assert r.status_code == 303
    page = client.get(r.headers["Location"]).get_data(as_text=True)
    assert "Đã lưu ảnh chữ ký." in page and 'src="data:image/png;base64,' in page
    r = client.post("/account/signature", data={"remove": "1"})
    assert r.status_code == 303
    assert "Chưa có ảnh chữ ký." in client.get("/account/signature").get_data(as_text=True)


def test_an_administrator_uploads_the_seal_and_a_signers_image_on_the_organization_page(app, client):
    with app.app_context():
        phong_id, thanh_id = person("phong.nd").id, person("thanh.hv").id
    web_login(client, "quantri.ducp")
    page = client.get("/admin/orgs/1").get_data(as_text=True)
    assert "Ảnh con dấu và ảnh chữ ký" in page and "Con dấu của Đảng ủy Chính phủ" in page
    r = client.post("/admin/orgs/1/images", data={"target": "seal",
                                                  "image": (io.BytesIO(draw_seal("Đảng ủy Chính phủ")), "dau.png")})
    assert r.status_code == 302
    r = client.post("/admin/orgs/1/images", data={"target": str(phong_id), "image": (
        io.BytesIO(draw_signature("Nguyễn Đức Phong")), "phong.png")})
    assert r.status_code == 302
    page = client.get(r.headers["Location"]).get_data(as_text=True)
    assert "Đã lưu ảnh chữ ký của Nguyễn Đức Phong." in page
    assert len(re.findall(r'<img class="image-preview" src="data:image/png;base64,', page)) == 2
    r = client.post("/admin/orgs/1/images", data={"target": "seal", "image": (io.BytesIO(_png_rgb()), "dau.png")})
    assert r.status_code == 422 and "Ảnh con dấu: ảnh PNG không có nền trong suốt" in r.get_data(as_text=True)
    # a person of another organization is not on this page
    r = client.post("/admin/orgs/1/images", data={"target": str(thanh_id), "image": (
        io.BytesIO(draw_signature("Hà Văn Thanh")), "thanh.png")})
    assert r.status_code == 404
    r = client.post("/admin/orgs/1/images", data={"target": "seal", "remove": "1"})
    assert r.status_code == 302
    page = client.get("/admin/orgs/1").get_data(as_text=True)
    assert "Đã xóa ảnh con dấu." in page
    assert len(re.findall(r'<img class="image-preview" src="data:image/png;base64,', page)) == 1


def test_someone_who_administers_nothing_is_refused(app, client):
    web_login(client, "phong.nd")
    r = client.post("/admin/orgs/1/images", data={"target": "seal", "image": (io.BytesIO(draw_seal("X")), "d.png")})
    assert r.status_code == 403
