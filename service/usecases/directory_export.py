"""Export of the directory in the import's own format (service.output.directory_files), and the empty template.

An administrator exports what they administer: the system administrator everything, an organization's
administrator their organization, its units and people. Importing an export back changes nothing.
"""
from __future__ import annotations

from sqlalchemy import select

from service.errors import Forbidden, ValidationFailed
from service.extensions import db
from service.output import directory_files as files
from service.store.organizations import Organization, Person, Unit
from service.usecases import admin_inputs as ai
from service.usecases import administration as adm
from service.usecases.directory_import import MAX_NEW_PEOPLE, role_text

FORMATS = {"xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
           "csv": "text/csv; charset=utf-8"}


def _scope(actor: Person) -> set[int] | None:
    ids = adm.administered_org_ids(actor)
    if ids == set():
        raise Forbidden("Chỉ quản trị viên mới được xuất hoặc nhập danh bạ.")
    return ids


def directory_rows(actor: Person) -> dict[str, list[dict]]:
    """The organizations, units and people the actor administers, as the file's rows (kind -> field -> value)."""
    ids = _scope(actor)
    orgs = list(db.session.scalars(select(Organization).order_by(Organization.code)).all())
    codes = {o.id: o.code for o in orgs}
    mine = [o for o in orgs if ids is None or o.id in ids]
    mine_ids = {o.id for o in mine}
    units = [u for u in db.session.scalars(select(Unit).order_by(Unit.org_id, Unit.code)).all()
             if u.org_id in mine_ids]
    people = [p for p in db.session.scalars(select(Person).order_by(Person.org_id, Person.username)).all()
              if p.org_id in mine_ids]
    return {
        "org": [{"code": o.code, "name": o.name, "abbrev": o.abbrev, "system": o.system, "org_type": o.org_type,
                 "header_superior": o.header_superior, "place_name": o.place_name,
                 "parent": codes.get(o.parent_id)} for o in mine],
        "unit": [{"org": codes[u.org_id], "code": u.code, "name": u.name} for u in units],
        "person": [{"username": p.username, "full_name": p.full_name, "org": codes[p.org_id],
                    "unit": p.unit.code if p.unit else None, "position": p.position, "roles": role_text(p)}
                   for p in people],
    }


def export(actor: Person, fmt: str) -> tuple[bytes, str, str]:
    """(content, media type, file name) of the directory as XLSX or CSV."""
    if fmt not in FORMATS:
        raise ValidationFailed("Định dạng xuất phải là xlsx hoặc csv.", details=[{"field": "format"}])
    rows = directory_rows(actor)
    content = files.write_xlsx(rows, guide()) if fmt == "xlsx" else files.write_csv(rows)
    return content, FORMATS[fmt], f"danh-ba.{fmt}"


def template(actor: Person) -> bytes:
    """The empty workbook: the three sheets with their headers and a "Hướng dẫn" sheet."""
    _scope(actor)
    return files.write_xlsx({}, guide())


def guide() -> list[list[str]]:
    """The "Hướng dẫn" sheet: what each column holds, the roles and how a file is imported."""
    out = [["Nhập danh bạ: cơ quan, đơn vị, cán bộ và vai trò", ""], ["", ""],
           ["Cách nhập", "Điền các trang “Cơ quan”, “Đơn vị”, “Cán bộ” (giữ nguyên dòng tiêu đề), rồi tải tệp lên "
                         "trang Quản trị › Nhập danh bạ. Bản xem trước cho biết từng dòng sẽ được thêm, sửa hay "
                         "không đổi, và lỗi ở dòng nào, cột nào; chỉ khi không còn lỗi mới ghi được, và ghi tất cả "
                         "hoặc không ghi gì."],
           ["Đối chiếu", "Cơ quan theo Mã; đơn vị theo Cơ quan và Mã; cán bộ theo Tên đăng nhập. Dòng đã có chỉ "
                         "được sửa ở những cột khác đi; không có gì bị xóa. Bỏ hẳn một cột thì cột đó giữ nguyên; "
                         "để trống một ô của cột có mặt là xóa giá trị đó."],
           ["Mật khẩu", "Tệp không chứa mật khẩu. Mỗi cán bộ mới được cấp một mật khẩu dùng một lần, hiện một lần "
                        f"duy nhất sau khi ghi; hãy trao tận tay và đề nghị đổi ngay. Tối đa {MAX_NEW_PEOPLE} cán bộ "
                        "mới mỗi lần nhập."],
           ["", ""]]
    for sheet in files.SHEETS:
        out.append([f"Trang “{sheet.title}”", "Cột (* là bắt buộc)"])
        out += [[c.header + (" *" if c.required else ""), _COLUMN_NOTES.get((sheet.kind, c.field), "")]
                for c in sheet.columns]
        out.append(["", ""])
    out.append(["Vai trò", "Ghi mã hoặc tên tiếng Việt, cách nhau bằng dấu chấm phẩy; thêm @MÃ_ĐƠN_VỊ để giới hạn "
                           "vai trò trong một đơn vị, ví dụ: drafter; unit_head@VP"])
    out += [[code, label] for code, label in ai.ROLE_LABELS.items()]
    out += [["", ""], ["CSV", "Một tệp CSV UTF-8 gồm cột đầu “Loại” (CQ = cơ quan, ĐV = đơn vị, CB = cán bộ) và "
                              "các cột của ba trang; mỗi dòng chỉ điền các cột của loại mình."]]
    return out


_COLUMN_NOTES = {
    ("org", "code"): "Mã cơ quan trong hệ thống, không dấu cách, ví dụ BNV",
    ("org", "name"): "Tên đầy đủ, ví dụ Bộ Nội vụ",
    ("org", "abbrev"): "Chữ viết tắt dùng trong ký hiệu văn bản, ví dụ BNV (Số: 15/QĐ-BNV)",
    ("org", "system"): "PARTY (Đảng, HD 36-HD/VPTW) hoặc STATE (Nhà nước, NĐ 30/2020); không đổi được sau khi tạo",
    ("org", "org_type"): "Loại tổ chức, ví dụ BO, DANG_UY, TINH_UY",
    ("org", "header_superior"): "Dòng cơ quan chủ quản phía trên tên cơ quan (nếu có)",
    ("org", "place_name"): "Địa danh ghi ở dòng ngày tháng, ví dụ Hà Nội",
    ("org", "parent"): "Mã cơ quan cấp trên (đã có hoặc có trong tệp)",
    ("unit", "org"): "Mã cơ quan",
    ("unit", "code"): "Mã đơn vị trong cơ quan, ví dụ VP (dùng ở dòng Lưu)",
    ("unit", "name"): "Tên đơn vị, ví dụ Văn phòng Bộ",
    ("person", "username"): "Chữ thường không dấu, số và . _ -, ví dụ hoa.nv",
    ("person", "full_name"): "Họ và tên có dấu",
    ("person", "org"): "Mã cơ quan; người đã có không chuyển được sang cơ quan khác",
    ("person", "unit"): "Mã đơn vị của cơ quan đó (có thể để trống)",
    ("person", "position"): "Chức vụ, ví dụ Chánh Văn phòng Bộ",
    ("person", "roles"): "Xem mục Vai trò bên dưới",
}
