"""The pictures the signatures show (domain.md §6): a person's signature image and an organization's seal image,
both transparent PNGs. Each public function is one action and one transaction; every change is audited
("admin.set_signature_image", "admin.delete_seal_image", …: who, when, the file's sha256 and size).

Who may do what: a person's signature image is changed (and read back) by the person themself or by an
administrator of their organization; a seal image by an administrator of the organization; a seal image is read
back by those administrators and by the organization's own people. Anyone else gets 403 (404 when there is no
such person or organization)."""
from __future__ import annotations

from sqlalchemy import select

from service.clock import current_clock
from service.errors import Forbidden, NotFound, PayloadTooLarge, ValidationFailed
from service.extensions import db
from service.output.images import inspect_png
from service.output.pades import sha256_hex
from service.store.organizations import Organization, Person
from service.store.signing import AppearanceImage
from service.store.unit_of_work import unit_of_work
from service.usecases.administration import administered_org_ids, audit_admin

MAX_BYTES = 512 * 1024
MAX_SIDE = 2000
MIN_SIDE = 20
SIGNATURE, SEAL = "PERSON", "ORG"
LABELS = {SIGNATURE: ("signature_image", "Ảnh chữ ký"), SEAL: ("seal_image", "Ảnh con dấu")}


def check_png(data: bytes, owner: str) -> tuple[int, int]:
    """Width and height of `data` if it is an acceptable transparent PNG, else a 413/422 naming the field."""
    field, label = LABELS[owner]

    def refuse(reason: str) -> ValidationFailed:
        return ValidationFailed(f"{label}: {reason}", details=[{"field": field, "message": f"{label}: {reason}"}],
                                code="invalid_image")

    if not data:
        raise refuse("chưa có tệp ảnh (nội dung trống).")
    if len(data) > MAX_BYTES:
        raise PayloadTooLarge(f"{label}: tệp {len(data) // 1024} KB, vượt quá giới hạn {MAX_BYTES // 1024} KB.",
                              details=[{"field": field}])
    facts = inspect_png(data, max_pixels=MAX_SIDE * MAX_SIDE)
    if facts.format is None:
        raise refuse("tệp không phải là ảnh đọc được (hỏng hoặc không đúng định dạng PNG).")
    if facts.format != "PNG":
        raise refuse(f"tệp là ảnh {facts.format}, cần ảnh PNG nền trong suốt.")
    if not (MIN_SIDE <= facts.width <= MAX_SIDE and MIN_SIDE <= facts.height <= MAX_SIDE):
        raise refuse(f"kích thước {facts.width}×{facts.height} điểm ảnh, mỗi chiều phải từ {MIN_SIDE} đến "
                     f"{MAX_SIDE} điểm ảnh.")
    if not facts.has_alpha:
        raise refuse("ảnh PNG không có nền trong suốt (kênh alpha); hãy xuất lại ảnh với nền trong suốt.")
    return facts.width, facts.height


def _person(person_id: int) -> Person:
    person = db.session.get(Person, person_id)
    if person is None:
        raise NotFound("Không tìm thấy người dùng.")
    return person


def _org(org_id: int) -> Organization:
    org = db.session.get(Organization, org_id)
    if org is None:
        raise NotFound("Không tìm thấy cơ quan, tổ chức.")
    return org


def _administers(actor: Person, org_id: int) -> bool:
    ids = administered_org_ids(actor)
    return ids is None or org_id in ids


def _may_change_signature(actor: Person, person: Person) -> None:
    if actor.id != person.id and not _administers(actor, person.org_id):
        raise Forbidden("Chỉ chính người ký hoặc quản trị viên của cơ quan mới được xem hoặc thay đổi ảnh chữ ký.")


def _may_change_seal(actor: Person, org: Organization) -> None:
    if not _administers(actor, org.id):
        raise Forbidden(f"Chỉ quản trị viên của {org.name} mới được thay đổi ảnh con dấu.")


def _row(owner: str, owner_id: int) -> AppearanceImage | None:
    column = AppearanceImage.person_id if owner == SIGNATURE else AppearanceImage.org_id
    return db.session.scalars(select(AppearanceImage).where(column == owner_id)).first()


def _store(actor: Person, owner: str, owner_id: int, data: bytes) -> AppearanceImage:
    width, height = check_png(data, owner)
    row = _row(owner, owner_id)
    if row is None:
        row = AppearanceImage(owner=owner, person_id=owner_id if owner == SIGNATURE else None,
                              org_id=owner_id if owner == SEAL else None)
        db.session.add(row)
    row.png, row.sha256, row.width, row.height = data, sha256_hex(data), width, height
    row.uploaded_by_id, row.uploaded_at = actor.id, current_clock().now()
    db.session.flush()
    entity = "person" if owner == SIGNATURE else "organization"
    audit_admin(actor, f"set_{LABELS[owner][0]}", entity, owner_id,
                {"sha256": row.sha256, "bytes": len(data), "width": width, "height": height})
    return row


def _delete(actor: Person, owner: str, owner_id: int) -> None:
    row = _row(owner, owner_id)
    if row is None:
        raise NotFound(f"{LABELS[owner][1]} chưa được tải lên.")
    sha = row.sha256
    db.session.delete(row)
    audit_admin(actor, f"delete_{LABELS[owner][0]}", "person" if owner == SIGNATURE else "organization", owner_id,
                {"sha256": sha})


def set_signature_image(actor: Person, person_id: int, data: bytes) -> AppearanceImage:
    """The person (or an administrator of their organization) uploads their signature image; audited."""
    with unit_of_work():
        person = _person(person_id)
        _may_change_signature(actor, person)
        return _store(actor, SIGNATURE, person.id, data)


def delete_signature_image(actor: Person, person_id: int) -> None:
    """Remove a person's signature image (the space is left empty again); audited."""
    with unit_of_work():
        person = _person(person_id)
        _may_change_signature(actor, person)
        _delete(actor, SIGNATURE, person.id)


def signature_image(actor: Person, person_id: int) -> AppearanceImage:
    """A person's signature image as stored (the person and their organization's administrators)."""
    person = _person(person_id)
    _may_change_signature(actor, person)
    row = _row(SIGNATURE, person.id)
    if row is None:
        raise NotFound("Ảnh chữ ký chưa được tải lên.")
    return row


def set_seal_image(actor: Person, org_id: int, data: bytes) -> AppearanceImage:
    """An administrator of the organization uploads its seal image; audited."""
    with unit_of_work():
        org = _org(org_id)
        _may_change_seal(actor, org)
        return _store(actor, SEAL, org.id, data)


def delete_seal_image(actor: Person, org_id: int) -> None:
    """Remove an organization's seal image; audited."""
    with unit_of_work():
        org = _org(org_id)
        _may_change_seal(actor, org)
        _delete(actor, SEAL, org.id)


def seal_image(actor: Person, org_id: int) -> AppearanceImage:
    """An organization's seal image (its administrators and its own people)."""
    org = _org(org_id)
    if actor.org_id != org.id:
        _may_change_seal(actor, org)
    row = _row(SEAL, org.id)
    if row is None:
        raise NotFound("Ảnh con dấu chưa được tải lên.")
    return row


def png_of_person(person_id: int) -> bytes | None:
    """The signature image a signing use case prints, or None."""
    row = _row(SIGNATURE, person_id)
    return row.png if row is not None else None


def png_of_org(org_id: int) -> bytes | None:
    """The seal image the organization's signature prints, or None."""
    row = _row(SEAL, org_id)
    return row.png if row is not None else None


def store_demo_image(actor: Person, owner: str, owner_id: int, data: bytes) -> int:
    """Inside the caller's unit of work: keep a drawn demo image unless one was already uploaded (1 if kept)."""
    if _row(owner, owner_id) is not None:
        return 0
    _store(actor, owner, owner_id, data)
    return 1


def data_uri(row: AppearanceImage | None) -> str | None:
    """The image as a data: URI a page can show (img-src allows data:), or None."""
    import base64

    return None if row is None else "data:image/png;base64," + base64.b64encode(row.png).decode("ascii")


def own_signature(actor: Person) -> str | None:
    """The signed-in person's signature image for their account page (data: URI), or None."""
    return data_uri(_row(SIGNATURE, actor.id))


def images_of_org(actor: Person, org_id: int) -> tuple[str | None, dict[int, str]]:
    """For an administrator's organization page: the seal image and each person's signature image (data: URIs)."""
    org = _org(org_id)
    _may_change_seal(actor, org)
    rows = db.session.scalars(select(AppearanceImage).join(Person, Person.id == AppearanceImage.person_id)
                              .where(Person.org_id == org.id)).all()
    return data_uri(_row(SEAL, org.id)), {r.person_id: data_uri(r) for r in rows}


def change_from_form(actor: Person, org_id: int, target: str, data: bytes | None, remove: bool) -> str:
    """An administrator's form on the organization page: `target` "seal" or a person's id; upload `data` or
    `remove`. Returns what was done, in Vietnamese."""
    if target == "seal":
        if remove:
            delete_seal_image(actor, org_id)
            return "Đã xóa ảnh con dấu."
        set_seal_image(actor, org_id, data or b"")
        return "Đã lưu ảnh con dấu."
    if not target.isdigit():
        raise NotFound("Không tìm thấy người dùng.")
    person = _person(int(target))
    if person.org_id != org_id:
        raise NotFound("Không tìm thấy người dùng.")
    if remove:
        delete_signature_image(actor, person.id)
        return f"Đã xóa ảnh chữ ký của {person.full_name}."
    set_signature_image(actor, person.id, data or b"")
    return f"Đã lưu ảnh chữ ký của {person.full_name}."
