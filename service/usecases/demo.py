"""Demo organizations and people (seed 000's issuer and recipients, seed 003's issuer).

Loading is idempotent: running it twice changes nothing and duplicates nothing.
"""
from __future__ import annotations

from datetime import date

from sqlalchemy import select

from service.errors import NotFound
from service.extensions import db
from service.store.organizations import (
    DirectoryGroup,
    DirectoryGroupMember,
    Organization,
    Person,
    RoleAssignment,
    SigningAuthority,
    Term,
    Unit,
)
from service.store.series import NumberSeries
from service.store.unit_of_work import unit_of_work
from service.usecases.accounts import hash_password

DEMO_PASSWORD = "Demo@2025"

# code, name, abbrev, system, org_type, header superior, place, parent code
ORGS = [
    ("DUCP", "Đảng ủy Chính phủ", "ĐU", "PARTY", "DANG_UY", None, "Hà Nội", None),
    ("BTGDVTW", "Ban Tuyên giáo và Dân vận Trung ương", "BTGDVTW", "PARTY", "BAN_TW", "BAN CHẤP HÀNH TRUNG ƯƠNG",
     "Hà Nội", None),
    ("BQP", "Bộ Quốc phòng", "BQP", "STATE", "BO", None, "Hà Nội", None),
    ("BCA", "Bộ Công an", "BCA", "STATE", "BO", None, "Hà Nội", None),
    ("BCD35TW", "Ban Chỉ đạo 35 Trung ương", "BCĐ35", "PARTY", "BAN_CHI_DAO", None, "Hà Nội", None),
    ("DUBNNMT", "Đảng ủy Bộ Nông nghiệp và Môi trường", "ĐU", "PARTY", "DANG_UY", "ĐẢNG ỦY CHÍNH PHỦ", "Hà Nội",
     "DUCP"),
    ("DUBNG", "Đảng ủy Bộ Ngoại giao", "ĐU", "PARTY", "DANG_UY", "ĐẢNG ỦY CHÍNH PHỦ", "Hà Nội", "DUCP"),
    ("TUCB", "Tỉnh ủy Cao Bằng", "TU", "PARTY", "TINH_UY", None, "Cao Bằng", None),
    ("BTGDVTUCB", "Ban Tuyên giáo và Dân vận Tỉnh ủy Cao Bằng", "BTGDVTU", "PARTY", "BAN_TINH_UY",
     "TỈNH ỦY CAO BẰNG", "Cao Bằng", "TUCB"),
    # a đảng ủy trực thuộc Tỉnh ủy: owes seed 003's monthly report ("Các đảng uỷ trực thuộc Tỉnh uỷ")
    ("DUCQDCB", "Đảng ủy các cơ quan Đảng tỉnh Cao Bằng", "ĐU", "PARTY", "DANG_UY", "TỈNH ỦY CAO BẰNG", "Cao Bằng",
     "TUCB"),
]

# The issuer line as the header prints it, where it is not the full name (domain.md §3: "TỈNH ỦY CAO BẰNG /
# BAN TUYÊN GIÁO VÀ DÂN VẬN / *": the superior line already names the province).
HEADER_NAMES = {"BTGDVTUCB": "Ban Tuyên giáo và Dân vận"}

UNITS = [
    ("DUCP", "BTGDV", "Ban Tuyên giáo và Dân vận Đảng ủy Chính phủ"),
    ("DUCP", "VP", "Văn phòng Đảng ủy Chính phủ"),
    ("DUCP", "BTC", "Ban Tổ chức Đảng ủy Chính phủ"),
    ("DUBNNMT", "VP", "Văn phòng Đảng ủy Bộ Nông nghiệp và Môi trường"),
    ("DUBNNMT", "BTGDV", "Ban Tuyên giáo và Dân vận Đảng ủy Bộ"),
    ("DUBNG", "VP", "Văn phòng Đảng ủy Bộ Ngoại giao"),
    ("BTGDVTUCB", "TTBCXB", "Phòng Tuyên truyền, Báo chí - Xuất bản"),
    ("BTGDVTUCB", "VP", "Văn phòng Ban"),
]

# username, full name, org, unit, position, roles
PEOPLE = [
    ("lan.tt", "Trần Thị Lan", "DUCP", "BTGDV", "Chuyên viên Ban Tuyên giáo và Dân vận", ["drafter"]),
    ("minh.nv", "Nguyễn Văn Minh", "DUCP", "BTGDV", "Chuyên viên Ban Tuyên giáo và Dân vận", ["drafter"]),
    ("hung.lv", "Lê Văn Hùng", "DUCP", "BTGDV", "Trưởng Ban Tuyên giáo và Dân vận", ["unit_head"]),
    ("tuan.pm", "Phạm Minh Tuấn", "DUCP", "VP", "Chánh Văn phòng Đảng ủy", ["office"]),
    ("thu.bt", "Bùi Thị Thu", "DUCP", "VP", "Phó Chánh Văn phòng Đảng ủy", ["office"]),
    ("phong.nd", "Nguyễn Đức Phong", "DUCP", None, "Phó Bí thư Đảng ủy Chính phủ", ["signer"]),
    ("nam.hv", "Hoàng Văn Nam", "DUCP", "BTC", "Trưởng Ban Tổ chức", ["signer"]),
    ("ha.dt", "Đỗ Thu Hà", "DUCP", "VP", "Văn thư", ["clerk"]),
    ("mai.vt", "Vũ Thị Mai", "DUCP", "VP", "Lưu trữ viên", ["archivist"]),
    ("hoa.nt", "Ngô Thị Hoa", "DUBNNMT", "VP", "Văn thư", ["clerk"]),
    ("thang.dv", "Đặng Văn Thắng", "DUBNNMT", None, "Phó Bí thư Thường trực Đảng ủy Bộ", ["signer", "leader"]),
    ("linh.pt", "Phan Thùy Linh", "DUBNNMT", "BTGDV", "Chuyên viên", ["drafter", "handler"]),
    ("quang.tv", "Trịnh Văn Quang", "DUBNNMT", "BTGDV", "Trưởng Ban Tuyên giáo và Dân vận", ["unit_head"]),
    ("son.lh", "Lý Hồng Sơn", "DUBNNMT", "VP", "Chánh Văn phòng", ["office"]),
    ("tam.nv", "Nguyễn Văn Tâm", "DUBNG", "VP", "Văn thư", ["clerk"]),
    ("yen.lt", "Lục Thị Yến", "BTGDVTUCB", "TTBCXB", "Chuyên viên", ["drafter"]),
    ("duc.nv", "Nông Văn Đức", "BTGDVTUCB", "TTBCXB", "Trưởng phòng", ["unit_head"]),
    ("binh.ht", "Hoàng Thị Bình", "BTGDVTUCB", "VP", "Chánh Văn phòng Ban", ["office"]),
    ("thanh.hv", "Hà Văn Thanh", "BTGDVTUCB", None, "Trưởng Ban Tuyên giáo và Dân vận Tỉnh ủy", ["signer"]),
    ("cuc.lt", "La Thị Cúc", "BTGDVTUCB", "VP", "Văn thư", ["clerk", "archivist"]),
    # administrators: the whole system, and Đảng ủy Chính phủ only
    ("quantri", "Quản trị hệ thống", "DUCP", None, "Quản trị hệ thống", ["sysadmin"]),
    ("quantri.ducp", "Quản trị Đảng ủy Chính phủ", "DUCP", "VP", "Quản trị viên", ["orgadmin"]),
]

# username, org, prefix, collective, position, kinds (None = all), valid from
AUTHORITIES = [
    ("phong.nd", "DUCP", "T/M", "BAN THƯỜNG VỤ", "PHÓ BÍ THƯ", None, date(2025, 1, 1)),
    ("nam.hv", "DUCP", None, None, "TRƯỞNG BAN", "TB", date(2025, 1, 1)),
    ("thang.dv", "DUBNNMT", "T/M", "BAN THƯỜNG VỤ", "PHÓ BÍ THƯ", None, date(2025, 1, 1)),
    ("thanh.hv", "BTGDVTUCB", None, None, "TRƯỞNG BAN", None, date(2025, 1, 1)),
]

# org, term name, start: the term before the Đảng bộ Chính phủ's first congress [I] (domain.md §2 edge case 1)
TERMS = [
    ("DUCP", "Nhiệm kỳ trước Đại hội Đảng bộ Chính phủ lần thứ I", date(2025, 1, 1)),
    ("DUBNNMT", "Nhiệm kỳ 2025 - 2030", date(2025, 3, 1)),
    ("TUCB", "Nhiệm kỳ 2020 - 2025", date(2020, 10, 1)),
    ("BTGDVTUCB", "Nhiệm kỳ 2020 - 2025", date(2020, 10, 1)),
]

# Named recipient groups (org, code, name, member usernames): seed 000's lines that address comrades personally.
GROUPS = [
    ("DUCP", "PBT", "Các đ/c Phó Bí thư Đảng ủy CP", ["phong.nd"]),
    ("DUCP", "BTV", "Các đ/c Ủy viên BTV Đảng ủy CP", ["phong.nd", "nam.hv"]),
]

_hash_cache: dict[str, str] = {}


def _password_hash() -> str:
    if DEMO_PASSWORD not in _hash_cache:
        _hash_cache[DEMO_PASSWORD] = hash_password(DEMO_PASSWORD)
    return _hash_cache[DEMO_PASSWORD]


# Over 40 lines on purpose: the demo's organizations, people and authorities read as one table of data, top to bottom.
def load_demo() -> dict[str, int]:
    """Insert what is missing; return counts of rows created. The caller commits."""
    created = {"organizations": 0, "units": 0, "people": 0, "roles": 0, "authorities": 0, "terms": 0, "series": 0,
               "groups": 0}
    s = db.session
    orgs: dict[str, Organization] = {o.code: o for o in s.scalars(select(Organization)).all()}
    for code, name, abbrev, system, otype, sup, place, _parent in ORGS:
        if code not in orgs:
            o = Organization(code=code, name=name, abbrev=abbrev, system=system, org_type=otype,
                             header_superior=sup, header_name=HEADER_NAMES.get(code), place_name=place)
            s.add(o)
            orgs[code] = o
            created["organizations"] += 1
    s.flush()
    for code, *_rest, parent in ORGS:
        if parent and orgs[code].parent_id is None:
            orgs[code].parent_id = orgs[parent].id
    units: dict[tuple[str, str], Unit] = {(u.org.code, u.code): u for u in s.scalars(select(Unit)).all()}
    for org_code, code, name in UNITS:
        if (org_code, code) not in units:
            u = Unit(org_id=orgs[org_code].id, code=code, name=name)
            s.add(u)
            units[(org_code, code)] = u
            created["units"] += 1
    s.flush()
    people: dict[str, Person] = {p.username: p for p in s.scalars(select(Person)).all()}
    for username, full_name, org_code, unit_code, position, roles in PEOPLE:
        p = people.get(username)
        if p is None:
            p = Person(username=username, full_name=full_name, password_hash=_password_hash(),
                       org_id=orgs[org_code].id, unit_id=units[(org_code, unit_code)].id if unit_code else None,
                       position=position)
            s.add(p)
            s.flush()
            people[username] = p
            created["people"] += 1
        for role in roles:
            unit_id = units[(org_code, unit_code)].id if role == "unit_head" and unit_code else None
            exists = s.scalars(select(RoleAssignment).filter_by(person_id=p.id, org_id=orgs[org_code].id,
                                                                role=role, unit_id=unit_id)).first()
            if exists is None:
                s.add(RoleAssignment(person_id=p.id, org_id=orgs[org_code].id, role=role, unit_id=unit_id))
                created["roles"] += 1
    for username, org_code, prefix, coll, pos, kinds, valid_from in AUTHORITIES:
        p = people[username]
        exists = s.scalars(select(SigningAuthority).filter_by(person_id=p.id, org_id=orgs[org_code].id,
                                                              prefix=prefix, position_title=pos)).first()
        if exists is None:
            s.add(SigningAuthority(person_id=p.id, org_id=orgs[org_code].id, prefix=prefix, collective_title=coll,
                                   position_title=pos, kinds=kinds, valid_from=valid_from, valid_to=None))
            created["authorities"] += 1
    s.flush()
    for org_code, name, start in TERMS:
        t = s.scalars(select(Term).filter_by(org_id=orgs[org_code].id, name=name)).first()
        if t is None:
            t = Term(org_id=orgs[org_code].id, name=name, start=start, end=None)
            s.add(t)
            s.flush()
            created["terms"] += 1
        if org_code == "DUCP":
            # Adopted mid-term: the KH series continues so that the next plan receives number 23.
            created["series"] += ensure_series(orgs[org_code].id, "OUT", "KH", f"TERM:{t.id}", 23)
    for org_code, code, name, usernames in GROUPS:
        if s.scalars(select(DirectoryGroup).filter_by(org_id=orgs[org_code].id, code=code)).first() is None:
            s.add(DirectoryGroup(org_id=orgs[org_code].id, code=code, name=name,
                                 members=[DirectoryGroupMember(member_person_id=people[u].id) for u in usernames]))
            created["groups"] += 1
    # Seed 000's stamp "CÔNG VĂN ĐẾN, Số 2604": the incoming series of 2025 continues so the next is 2604.
    created["series"] += ensure_series(orgs["DUBNNMT"].id, "IN", "*", "YEAR:2025", 2604)
    return created


def ensure_series(org_id: int, direction: str, kind: str, period_key: str, next_value: int,
                  secret: bool = False) -> int:
    """Start a number series at a given next value (an organization adopting the system mid-term).
    An existing series is left alone: numbers are never reused. Returns 1 if created."""
    s = db.session
    key = dict(org_id=org_id, direction=direction, kind=kind, period_key=period_key, secret=secret)
    if s.scalars(select(NumberSeries).filter_by(**key)).first() is not None:
        return 0
    s.add(NumberSeries(next_value=next_value, **key))
    return 1


def start_series(org_code: str, direction: str, kind: str, period_key: str, next_value: int) -> bool:
    """Start a number series at `next_value` (an organization adopting the system mid-term); False when the
    series exists already (its numbers are never reused, so it is left as it is)."""
    with unit_of_work():
        org = db.session.scalars(select(Organization).where(Organization.code == org_code)).first()
        if org is None:
            raise NotFound(f"Không có cơ quan mã {org_code}.")
        return ensure_series(org.id, direction, kind, period_key, next_value)


def add_demo_images() -> dict[str, int]:
    """Drawn pictures (service.output.images), where none was uploaded: a blue signature for every demo person
    with signing authority, a red round seal for every demo organization that has a seal. The caller commits."""
    from service.output.images import draw_seal, draw_signature
    from service.usecases.appearance_images import SEAL, SIGNATURE, store_demo_image

    s = db.session
    admin = s.scalars(select(Person).where(Person.username == "quantri")).first()
    created = {"signature_images": 0, "seal_images": 0}
    if admin is None:
        return created
    signer_names = {username for username, *_ in AUTHORITIES}
    for person in s.scalars(select(Person).where(Person.username.in_(signer_names)).order_by(Person.id)).all():
        created["signature_images"] += store_demo_image(admin, SIGNATURE, person.id, draw_signature(person.full_name))
    codes = [code for code, *_ in ORGS]
    for org in s.scalars(select(Organization).where(Organization.code.in_(codes)).order_by(Organization.id)).all():
        if org.has_seal:
            created["seal_images"] += store_demo_image(admin, SEAL, org.id,
                                                       draw_seal(org.name, org.place_name or ""))
    return created


def load_demo_data() -> dict[str, int]:
    """`flask demo load`: the demo organizations, people, roles and signing authority, and drawn signature and
    seal images, in one transaction."""
    with unit_of_work():
        return load_demo() | add_demo_images()
