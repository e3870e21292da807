"""Signature and seal images through the JSON API (domain.md §6): the signer uploads their own transparent PNG,
an administrator of the organization uploads its seal; both are read back, removed and audited. A file that is
not a transparent PNG within the limits is refused in Vietnamese, naming the field, and nothing is stored."""
from __future__ import annotations

import io

import pytest
import sqlalchemy as sa
from PIL import Image

from service.output.images import draw_seal, draw_signature
from service.usecases.input_messages import has_vietnamese

PNG = {"Content-Type": "image/png"}


def ids(app) -> tuple[dict[str, int], dict[str, int]]:
    from service.extensions import db

    with app.app_context():
        people = dict(db.session.execute(sa.text("select username, id from people")).all())
        orgs = dict(db.session.execute(sa.text("select code, id from organizations")).all())
        db.session.remove()
    return people, orgs


def rows(app, sql: str) -> list:
    from service.extensions import db

    with app.app_context():
        out = db.session.execute(sa.text(sql)).all()
        db.session.remove()
    return out


def image_bytes(mode: str, size: tuple[int, int], fmt: str = "PNG", noise: bool = False) -> bytes:
    if noise:
        import os

        image = Image.frombytes(mode, size, os.urandom(size[0] * size[1] * len(mode)))
    else:
        image = Image.new(mode, size, (20, 40, 160, 255)[:len(mode)])
    out = io.BytesIO()
    image.save(out, fmt)
    return out.getvalue()


def put(client, url: str, data: bytes, headers: dict, content_type: str = "image/png"):
    return client.put(url, data=data, headers={**headers, "Content-Type": content_type})


def test_the_signer_uploads_reads_back_and_removes_their_signature_image(app, client, login):
    people, _ = ids(app)
    phong = login("phong.nd")
    url = f"/api/people/{people['phong.nd']}/signature-image"
    assert client.get(url, headers=phong).status_code == 404
    png = draw_signature("Nguyễn Đức Phong")
    r = put(client, url, png, phong)
    assert r.status_code == 200, r.get_json()
    assert r.get_json()["width"] == 600 and r.get_json()["height"] == 220
    got = client.get(url, headers=phong)
    assert got.status_code == 200 and got.mimetype == "image/png" and got.data == png
    assert client.delete(url, headers=phong).status_code == 204
    assert client.get(url, headers=phong).status_code == 404
    audit = rows(app, "select a.action, a.task, p.username from audit_events a join people p on p.id = a.actor_id "
                      "where a.action like 'admin.%image' order by a.id")
    assert [tuple(a) for a in audit] == [("admin.set_signature_image", "person", "phong.nd"),
                                         ("admin.delete_signature_image", "person", "phong.nd")]


BAD_FILES = {
    "not an image": (b"%PDF-1.7 not a picture", "image/png", 422, "không phải là ảnh"),
    "a JPEG": (image_bytes("RGB", (300, 100), "JPEG"), "image/png", 422, "ảnh JPEG"),
    "a JPEG sent as such": (image_bytes("RGB", (300, 100), "JPEG"), "image/jpeg", 422, "phải là tệp ảnh PNG"),
    "a PNG without alpha": (image_bytes("RGB", (300, 100)), "image/png", 422, "không có nền trong suốt"),
    "a PNG over 512 KB": (image_bytes("RGBA", (600, 600), noise=True), "image/png", 413, "vượt quá giới hạn 512 KB"),
    "a PNG over 2000 pixels": (image_bytes("RGBA", (2400, 40)), "image/png", 422, "2400×40"),
    "a small file of 16 million pixels": (image_bytes("LA", (4000, 4000)), "image/png", 422, "4000×4000"),
    "a truncated PNG": (draw_signature("Nguyễn Đức Phong")[:800], "image/png", 422, "không phải là ảnh"),
    "an empty body": (b"", "image/png", 422, "nội dung trống"),
}


@pytest.mark.parametrize("case", sorted(BAD_FILES))
def test_a_file_that_is_not_a_transparent_png_is_refused_in_vietnamese_and_nothing_is_stored(app, client, login,
                                                                                              case):
    data, content_type, status, words = BAD_FILES[case]
    people, orgs = ids(app)
    for url, who, label in ((f"/api/people/{people['phong.nd']}/signature-image", "phong.nd", "Ảnh chữ ký"),
                            (f"/api/organizations/{orgs['DUCP']}/seal-image", "quantri.ducp", "Ảnh con dấu")):
        r = put(client, url, data, login(who), content_type)
        assert r.status_code == status, (case, r.get_json())
        body = r.get_json()
        assert body["message"].startswith(label + ":") and words in body["message"], body
        assert has_vietnamese(body["message"])
        assert body["details"][0]["field"] in ("signature_image", "seal_image")
    assert rows(app, "select count(*) from appearance_images")[0][0] == 0
    assert rows(app, "select count(*) from audit_events where action like 'admin.%image'")[0][0] == 0


def test_only_the_person_or_an_administrator_of_their_organization_changes_a_signature_image(app, client, login):
    people, _ = ids(app)
    png = draw_signature("Nguyễn Đức Phong")
    phong_url = f"/api/people/{people['phong.nd']}/signature-image"
    for who in ("lan.tt", "ha.dt", "linh.pt"):  # a colleague, the clerk, someone of another organization
        h = login(who)
        assert put(client, phong_url, png, h).status_code == 403
        assert client.get(phong_url, headers=h).status_code == 403
        assert client.delete(phong_url, headers=h).status_code == 403
    assert put(client, phong_url, png, login("quantri.ducp")).status_code == 200  # the organization's administrator
    assert client.get(phong_url, headers=login("phong.nd")).data == png
    # an administrator of Đảng ủy Chính phủ does not administer Ban Tuyên giáo và Dân vận Tỉnh ủy Cao Bằng
    thanh_url = f"/api/people/{people['thanh.hv']}/signature-image"
    assert put(client, thanh_url, png, login("quantri.ducp")).status_code == 403
    assert put(client, thanh_url, png, login("quantri")).status_code == 200  # the system administrator
    assert put(client, "/api/people/999999/signature-image", png, login("quantri")).status_code == 404
    assert client.put(phong_url, data=png, headers={"Content-Type": "image/png"}).status_code == 401
    who = rows(app, "select p.username from audit_events a join people p on p.id = a.actor_id "
                    "where a.action = 'admin.set_signature_image' order by a.id")
    assert [w[0] for w in who] == ["quantri.ducp", "quantri"]


def test_only_an_administrator_of_the_organization_changes_its_seal_and_its_people_read_it(app, client, login):
    _, orgs = ids(app)
    seal = draw_seal("Đảng ủy Chính phủ", "Hà Nội")
    url = f"/api/organizations/{orgs['DUCP']}/seal-image"
    for who in ("lan.tt", "phong.nd", "ha.dt", "linh.pt"):
        assert put(client, url, seal, login(who)).status_code == 403
    assert client.get(url, headers=login("lan.tt")).status_code == 404  # none yet
    r = put(client, url, seal, login("quantri.ducp"))
    assert r.status_code == 200 and len(r.get_json()["sha256"]) == 64
    assert client.get(url, headers=login("ha.dt")).data == seal  # the clerk of the organization sees it
    assert client.get(url, headers=login("linh.pt")).status_code == 403  # another organization does not
    assert client.delete(url, headers=login("lan.tt")).status_code == 403
    other = f"/api/organizations/{orgs['BTGDVTUCB']}/seal-image"
    assert put(client, other, seal, login("quantri.ducp")).status_code == 403
    assert client.delete(url, headers=login("quantri.ducp")).status_code == 204
    assert client.get(url, headers=login("ha.dt")).status_code == 404
