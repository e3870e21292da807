"""Import of the directory from a file (XLSX or CSV, service.output.directory_files): organizations, units, people
and their roles, with a preview that writes nothing.

Both the preview and the apply run every row through the administration's own actions (create_organization,
update_unit, create_person, ...) inside one transaction, each row in a savepoint: the rules (who may administer
what, a parent that exists, a unit of the person's organization, roles an organization administrator may grant)
are applied exactly as on the pages, and a refused row becomes that row's error. The preview then rolls back;
the apply commits only when no row has an error, else it rolls back too (all or nothing). Rows are matched by
code (units: organization and code; people: username): a row that exists is changed only where the file
differs ("sửa"), else it is "không đổi"; nothing is ever deleted.

A column left out of a sheet is left alone; an empty cell in a column that is there clears that field. A new
person gets a random one-time password, shown once in the result of the apply and stored only as a hash; a
file never carries passwords.
"""
from __future__ import annotations

import re
import secrets
from collections.abc import Callable
from dataclasses import dataclass, field

from pydantic import ValidationError
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from service.domain.text import search_key
from service.errors import Conflict, Forbidden, ServiceError, ValidationFailed
from service.extensions import db
from service.output import directory_files as files
from service.output.directory_files import ORGS, PEOPLE, SHEETS, UNITS, FileRow, Problem
from service.store.organizations import Organization, Person, Unit
from service.store.unit_of_work import unit_of_work
from service.usecases import accounts, input_messages
from service.usecases import admin_inputs as ai
from service.usecases import administration as adm

# Each new person's password is hashed with Argon2 (slow on purpose): this bounds the time of one apply.
MAX_NEW_PEOPLE = 200
ACTION_LABELS = {"create": "thêm", "update": "sửa", "unchanged": "không đổi"}
_ROLE_KEYS = {search_key(r): r for r in ai.ROLE_LABELS} | {search_key(label): r for r, label in ai.ROLE_LABELS.items()}
_SYSTEMS = {"party": "PARTY", "dang": "PARTY", "state": "STATE", "nha nuoc": "STATE"}
_OTP_ALPHABET = "abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789"
_PREVIEW_PASSWORD = "preview-only-password"


@dataclass
class RowResult:
    sheet: str
    row: int
    key: str
    action: str | None = None          # create | update | unchanged; None when the row has an error
    changes: list[str] = field(default_factory=list)  # headers of the columns an update changes
    errors: list[Problem] = field(default_factory=list)


@dataclass
class ImportResult:
    format: str
    sha256: str
    applied: bool
    rows: list[RowResult]
    problems: list[Problem]            # every problem: of the file's headers and cells, and of each row
    passwords: list[tuple[str, str, str]] = field(default_factory=list)  # (username, full name, one-time password)

    @property
    def ok(self) -> bool:
        return not self.problems

    def counts(self) -> dict[str, int]:
        out = {a: 0 for a in ACTION_LABELS} | {"error": 0}
        for r in self.rows:
            out[r.action or "error"] += 1
        return out


_Plan = tuple[str, list[str], Callable[[], object] | None]


class _RollBack(Exception):
    """Ends the transaction of a preview (or of an apply that found errors) without writing anything."""


def preview(actor: Person, data: bytes) -> ImportResult:
    """Every row with what the import would do (thêm, sửa, không đổi) and its errors; nothing is written."""
    _require_administrator(actor)
    return _run(actor, files.read(data), None)


def apply(actor: Person, data: bytes, expected_sha256: str | None = None) -> ImportResult:
    """Write the file when no row has an error (one transaction, audited); else the errors, nothing written.

    `expected_sha256`: the file that was previewed; a different file is refused (409) rather than written unseen.
    """
    _require_administrator(actor)
    parsed = files.read(data)
    if expected_sha256 and expected_sha256.strip().lower() != parsed.sha256:
        raise Conflict("Tệp gửi lên khác tệp đã xem trước; hãy xem trước lại.", code="file_changed")
    if parsed.problems:
        return _run(actor, parsed, None)
    new = _new_usernames(parsed)[:MAX_NEW_PEOPLE]  # more are refused row by row
    passwords = {u: "-".join("".join(secrets.choice(_OTP_ALPHABET) for _ in range(4)) for _ in range(3))
                 for u in new}
    hashes = {u: accounts.hash_password(p) for u, p in passwords.items()}  # before the writer's turn
    return _run(actor, parsed, (passwords, hashes))


def _new_usernames(parsed: files.ParsedFile) -> list[str]:
    """The file's usernames nobody has yet, in the order of the file."""
    names = list(dict.fromkeys(r.values.get("username") for r in parsed.rows
                               if r.sheet is PEOPLE and r.values.get("username")))
    taken: set[str] = set()
    for i in range(0, len(names), 500):
        taken |= set(db.session.scalars(select(Person.username).where(Person.username.in_(names[i:i + 500]))).all())
    return [n for n in names if n not in taken]


def _require_administrator(actor: Person) -> None:
    if adm.administered_org_ids(actor) == set():
        raise Forbidden("Chỉ quản trị viên mới được nhập danh bạ.")


def _run(actor: Person, parsed: files.ParsedFile, secrets_: tuple[dict, dict] | None) -> ImportResult:
    """All rows in one transaction; committed only for an apply (`secrets_` given) without any error."""
    run = _Run(actor, secrets_)
    try:
        with unit_of_work():
            run.all(parsed.rows)
            if secrets_ is None or parsed.problems or run.has_errors():
                raise _RollBack
            adm.audit_admin(actor, "import", "directory", 0, {"sha256": parsed.sha256, "format": parsed.format}
                            | run.counts())
    except _RollBack:
        pass  # rolled back: the rows created in it are gone from the session too
    problems = sorted(parsed.problems + [p for r in run.results for p in r.errors],
                      key=lambda p: (_sheet_order(p.sheet), p.row or 0))
    applied = secrets_ is not None and not problems
    passwords = [(u, n, secrets_[0][u]) for u, n in run.created_people] if applied else []
    rows = sorted(run.results, key=lambda r: (_sheet_order(r.sheet), r.row))
    return ImportResult(parsed.format, parsed.sha256, applied, rows, problems, passwords)


def _sheet_order(title: str) -> int:
    return next((i for i, s in enumerate(SHEETS) if s.title == title), -1)


class _Run:
    def __init__(self, actor: Person, secrets_: tuple[dict, dict] | None) -> None:
        self.actor = actor
        self.secrets = secrets_
        self.results: list[RowResult] = []
        self.created_people: list[tuple[str, str]] = []
        self.new_people = 0

    def has_errors(self) -> bool:
        return any(r.errors for r in self.results)

    def counts(self) -> dict[str, int]:
        out = {a: 0 for a in ACTION_LABELS}
        for r in self.results:
            if r.action:
                out[r.action] += 1
        return out

    def all(self, rows: list[FileRow]) -> None:
        orgs = [r for r in rows if r.sheet is ORGS]
        for sheet_rows, handler, key_fields in ((_parents_first(orgs), self._org, ("code",)),
                                                ([r for r in rows if r.sheet is UNITS], self._unit, ("org", "code")),
                                                ([r for r in rows if r.sheet is PEOPLE], self._person, ("username",))):
            first: dict[str, int] = {}
            for r in sheet_rows:
                parts = [r.values.get(f) or "" for f in key_fields]
                res = RowResult(r.sheet.title, r.row, "/".join(parts))
                self.results.append(res)
                if all(parts) and res.key in first:
                    column = r.sheet.header_of(key_fields[-1])
                    res.errors.append(Problem(res.sheet, res.row, column,
                                              f"{column} trùng với dòng {first[res.key]} của tệp."))
                    continue
                first.setdefault(res.key, r.row)
                self._one(r, res, handler)

    def _one(self, r: FileRow, res: RowResult, handler: Callable) -> None:
        sheet = r.sheet
        try:
            action, changed, write = handler(r.values)
            if write is not None:  # a row that changes something does it in a savepoint: an error undoes it alone
                with db.session.begin_nested():
                    write()
            res.action, res.changes = action, [sheet.header_of(f) or f for f in changed]
        except ValidationError as exc:
            res.errors += [Problem(sheet.title, r.row, sheet.header_of(f), m) for f, m in _pydantic_messages(exc)]
        except ServiceError as exc:
            fields = [d.get("field") for d in exc.details or [] if isinstance(d, dict)] or [None]
            default = "code" if sheet is ORGS else "org"
            column = sheet.header_of(fields[0]) or (sheet.header_of(default) if exc.status == 403 else None)
            res.errors.append(Problem(sheet.title, r.row, column, exc.message))
        except IntegrityError:
            res.errors.append(Problem(sheet.title, r.row, None, "Dữ liệu trùng lặp hoặc xung đột với bản ghi đã có."))
        if res.errors:
            res.action = None

    # ----------------------------------------------------------------------- one row of each sheet: what it does
    # (create, update, unchanged), the fields it changes, and the administration's action that writes it

    def _org(self, v: dict) -> _Plan:
        v = v | ({"system": _SYSTEMS.get(search_key(v["system"]), v["system"])} if v.get("system") else {})
        org = db.session.scalars(select(Organization).where(Organization.code == v.get("code"))).first() \
            if v.get("code") else None
        if org is None:
            data = ai.OrganizationIn.model_validate(_given(v))
            return "create", [], lambda: adm.create_organization(self.actor, data)
        parent = db.session.get(Organization, org.parent_id) if org.parent_id else None
        current = {"code": org.code, "name": org.name, "abbrev": org.abbrev, "system": org.system,
                   "org_type": org.org_type, "header_superior": org.header_superior, "place_name": org.place_name,
                   "parent": parent.code if parent else None}
        new = ai.OrganizationIn.model_validate(_given(current | v)).model_dump()
        diff = {k: new[k] for k in v if not _same(new[k], current[k])}
        if "system" in diff:
            raise ValidationFailed("Không đổi được hệ thống văn bản của cơ quan đã có.", details=[{"field": "system"}])
        if not diff:
            adm.require_admin_of(self.actor, org)
            return "unchanged", [], None
        patch = ai.OrganizationPatch(**diff)
        return "update", list(diff), lambda: adm.update_organization(self.actor, org.id, patch)

    def _unit(self, v: dict) -> _Plan:
        data = ai.UnitIn.model_validate(_given(v))
        org = adm.org_by_code(data.org, "org")
        unit = db.session.scalars(select(Unit).where(Unit.org_id == org.id, Unit.code == data.code)).first()
        if unit is None:
            return "create", [], lambda: adm.create_unit(self.actor, data)
        if unit.name == data.name:
            adm.require_admin_of(self.actor, org)
            return "unchanged", [], None
        return "update", ["name"], lambda: adm.update_unit(self.actor, unit.id, ai.UnitPatch(name=data.name))

    def _person(self, v: dict) -> _Plan:
        roles = parse_roles(v.get("roles")) if "roles" in v else []
        person = db.session.scalars(select(Person).where(Person.username == v.get("username"))).first() \
            if v.get("username") else None
        if person is None:
            return self._new_person(v, roles)
        ai.PersonIn.model_validate(_given(v) | {"roles": roles, "password": _PREVIEW_PASSWORD})
        if v.get("org") != person.org.code:
            raise ValidationFailed(f"Người dùng '{person.username}' thuộc {person.org.name} ({person.org.code}); "
                                   "tệp nhập không chuyển người dùng sang cơ quan khác.", details=[{"field": "org"}])
        current = {"full_name": person.full_name, "unit": person.unit.code if person.unit else None,
                   "position": person.position, "roles": role_text(person)}
        diff = {k: v[k] for k in ("full_name", "unit", "position") if k in v and not _same(v[k], current[k])}
        if "roles" in v and _role_set(roles) != _role_set(parse_roles(current["roles"])):
            diff["roles"] = roles
        if not diff:
            adm.require_admin_of(self.actor, person.org)
            return "unchanged", [], None
        if "position" in diff and diff["position"] is None:
            diff["position"] = ""  # a patch leaves a None field alone; "" clears it
        patch = ai.PersonPatch(**diff)
        return "update", list(diff), lambda: adm.update_person(self.actor, person.id, patch)

    def _new_person(self, v: dict, roles: list[dict]) -> _Plan:
        self.new_people += 1
        if self.new_people > MAX_NEW_PEOPLE:
            raise ValidationFailed(f"Quá {MAX_NEW_PEOPLE} người dùng mới trong một lần nhập; hãy chia thành nhiều "
                                   "tệp.", details=[{"field": "username"}])
        username = v.get("username") or ""
        password, password_hash = _PREVIEW_PASSWORD, "!preview"  # the preview's transaction is rolled back
        if self.secrets is not None:
            if username not in self.secrets[0]:  # someone took the username meanwhile, or the rows are invalid
                raise Conflict("Danh bạ vừa thay đổi trong lúc nhập; hãy xem trước lại.")
            password, password_hash = self.secrets[0][username], self.secrets[1][username]
        data = ai.PersonIn.model_validate(_given(v) | {"roles": roles, "password": password})

        def write() -> None:
            adm.create_person(self.actor, data, password_hash=password_hash)
            self.created_people.append((data.username, data.full_name))
        return "create", [], write


# --------------------------------------------------------------------------- helpers


def _given(v: dict) -> dict:
    """Empty cells left out: a required field then reads "missing", an optional one takes its default."""
    return {k: x for k, x in v.items() if x is not None}


def _same(a, b) -> bool:
    return (a or None) == (b or None)


def _parents_first(rows: list[FileRow]) -> list[FileRow]:
    """Organizations ordered so that a parent created by the same file comes before its children."""
    by_code = {r.values.get("code"): r for r in rows if r.values.get("code")}
    out, seen = [], set()

    def visit(r: FileRow, path: tuple) -> None:
        if id(r) in seen or id(r) in path:
            return
        parent = by_code.get(r.values.get("parent"))
        if parent is not None and parent is not r:
            visit(parent, path + (id(r),))
        if id(r) not in seen:
            seen.add(id(r))
            out.append(r)

    for r in rows:
        visit(r, ())
    return out


def parse_roles(cell: str | None) -> list[dict]:
    """"drafter; unit_head@VP" (or the Vietnamese names, "Văn thư; Lãnh đạo đơn vị@VP") as role dicts.
    Separated by ";" or ","; "@UNIT" binds a role to one unit of the person's organization."""
    out = []
    for part in re.split(r"[;,\n]", cell or ""):
        name, _, unit = part.partition("@")
        if not name.strip() and not unit.strip():
            continue
        role = _ROLE_KEYS.get(search_key(name))
        if role is None:
            raise ValidationFailed(f"Không có vai trò “{name.strip()}”. Các vai trò: " + ", ".join(ai.ROLE_LABELS)
                                   + ".", details=[{"field": "roles"}])
        out.append({"role": role, "unit": unit.strip() or None})
    return out


def role_text(person: Person) -> str:
    """The person's roles in their organization, as the file writes them ("drafter; unit_head@VP")."""
    units = {u.id: u.code for u in person.org.units}
    return "; ".join(sorted(f"{r.role}@{units[r.unit_id]}" if r.unit_id in units else r.role
                            for r in person.roles if r.org_id == person.org_id))


def _role_set(roles: list[dict]) -> set[tuple[str, str | None]]:
    return {(r["role"], r["unit"]) for r in roles}


def _pydantic_messages(exc: ValidationError) -> list[tuple[str | None, str]]:
    """(field, Vietnamese message) per error; the problem row names the column, so the message is the reason."""
    out = []
    for e in exc.errors(include_url=False, include_input=False):
        name = str(e["loc"][0]) if e["loc"] else None
        why = input_messages.reason(e)
        out.append((name, why[:1].upper() + why[1:] + "."))
    return out
