"""The directory: search it, link each Nơi nhận line to what it reaches, and expand a line into its targets at
dispatch (one delivery per organization or person; one for a line outside the system).

A stored recipient line is ``{"text", "purpose", "links": [{"type", "ref"}], "outside": bool, "org_code"}``
(``org_code``: the first linked organization, kept for readers of the earlier shape). Lines saved before links
existed carry only ``org_code`` (or nothing) and are read the same way.
"""
from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from service.domain import directory as ddir
from service.errors import ValidationFailed
from service.extensions import db
from service.store.organizations import DirectoryGroup, Organization, Person

LINK_PREFIX_GROUP = "/"


@dataclass(frozen=True)
class Target:
    """Who one delivery goes to: an organization of the system, a person (with their organization), or nobody
    in the system (``org_id`` None: the clerk sends it on paper or by e-mail)."""
    org_id: int | None
    person_id: int | None = None


# --------------------------------------------------------------------------- reading a stored line


def line_links(r: dict) -> tuple[list[tuple[str, str]], bool]:
    """(links, outside) of a stored line, whatever shape it was saved in."""
    if "links" in r or "outside" in r:
        return [(x["type"], x["ref"]) for x in r.get("links") or []], bool(r.get("outside"))
    if r.get("org_code"):
        return [("org", r["org_code"])], False
    return [], True


# --------------------------------------------------------------------------- linking while drafting


def link_recipients(org: Organization, recipients: list[dict]) -> list[dict]:
    """Check the links a client sent, resolve the lines it left unlinked from their wording, and return the lines
    to store. A link to something that does not exist is refused (422 naming the line); wording that matches
    nothing makes the line outside the system, which the page shows to the drafter."""
    index = _Index(org)
    out = []
    for i, r in enumerate(recipients):
        links = [(x["type"], x["ref"]) for x in r.get("links") or []]
        if not links and r.get("org_code"):
            links = [("org", r["org_code"])]
        for kind, ref in links:
            if not index.exists(kind, ref):
                raise ValidationFailed(f"Nơi nhận '{r['text']}': không có {ddir.LINK_LABELS[kind].lower()} "
                                       f"'{ref}' trong danh bạ.", details=[{"field": f"recipients[{i}].links"}])
        outside = bool(r.get("outside")) and not links
        if not links and not outside:
            links = index.resolve(r["text"])
            outside = not links
        out.append({"text": r["text"], "purpose": r["purpose"],
                    "links": [{"type": k, "ref": ref} for k, ref in dict.fromkeys(links)], "outside": outside,
                    "org_code": next((ref for k, ref in links if k == "org"), None)})
    return out


class _Index:
    """The directory as one issuer's drafter sees it, loaded once per draft save."""

    def __init__(self, org: Organization):
        self.org = org
        self.orgs = {o.code: o for o in db.session.scalars(select(Organization)).all()}
        self.by_key: dict[str, list[Organization]] = {}
        for o in self.orgs.values():
            for key in {ddir.match_key(o.name), ddir.match_key(o.code)}:
                self.by_key.setdefault(key, []).append(o)
        code_of = {o.id: o.code for o in self.orgs.values()}
        self.groups = {f"{code_of[g.org_id]}{LINK_PREFIX_GROUP}{g.code}": g
                       for g in db.session.scalars(select(DirectoryGroup)).all()}

    def exists(self, kind: str, ref: str) -> bool:
        if kind in ("org", "subordinates"):
            return ref in self.orgs
        if kind == "group":
            return ref in self.groups
        return db.session.scalars(select(Person.id).where(Person.username == ref, Person.active)).first() is not None

    def _org(self, text: str) -> Organization | None:
        found = self.by_key.get(ddir.match_key(text), [])
        return found[0] if len(found) == 1 else None

    def resolve(self, text: str) -> list[tuple[str, str]]:
        key = ddir.match_key(text)
        own = [ref for ref, g in self.groups.items() if g.org_id == self.org.id and ddir.match_key(g.name) == key]
        if own:
            return [("group", own[0])]
        if ddir.is_subordinates_phrase(text):
            return [("subordinates", self.org.code)]
        named = ddir.subordinates_of_phrase(text)
        parent = next((o for o in self.orgs.values() if o.id == self.org.parent_id), None)
        if named and parent is not None and ddir.match_key(parent.name).startswith(named):
            return [("subordinates", parent.code)]  # "Các đảng ủy trực thuộc Tỉnh ủy" from a Ban of the Tỉnh ủy
        whole = self._org(text)
        if whole is not None:
            return [("org", whole.code)]
        parts = [self._org(p) for p in ddir.split_parts(text)]
        if len(parts) > 1 and all(parts):
            return [("org", o.code) for o in parts]
        return []


# --------------------------------------------------------------------------- expanding at dispatch


def targets(lines: list[dict], issuer_org_id: int | None = None) -> list[list[Target]]:
    """For each line, the deliveries it makes: every organization or person its links reach, each once; a line
    outside the system, or whose links reach nobody (a group emptied since), makes one delivery the clerk records.
    "Các … trực thuộc" never reaches the issuer itself (a ban of a Tỉnh ủy writing to the Tỉnh ủy's subordinates)."""
    out = []
    for r in lines:
        links, outside = line_links(r)
        found: list[Target] = []
        for kind, ref in ([] if outside else links):
            for t in _reach(kind, ref):
                if kind == "subordinates" and t.org_id == issuer_org_id:
                    continue
                if t not in found:
                    found.append(t)
        out.append(found or [Target(None)])
    return out


def _reach(kind: str, ref: str) -> list[Target]:
    if kind == "org":
        return [Target(oid) for oid in db.session.scalars(select(Organization.id).where(Organization.code == ref))]
    if kind == "subordinates":
        parent = select(Organization.id).where(Organization.code == ref).scalar_subquery()
        return [Target(oid) for oid in db.session.scalars(
            select(Organization.id).where(Organization.parent_id == parent).order_by(Organization.name))]
    if kind == "person":
        return [Target(p.org_id, p.id) for p in db.session.scalars(
            select(Person).where(Person.username == ref, Person.active))]
    group = _group(ref)
    if group is None:
        return []
    people = {p.id: p for p in db.session.scalars(select(Person).where(Person.id.in_(
        [m.member_person_id for m in group.members if m.member_person_id]), Person.active))}
    return [Target(m.member_org_id) if m.member_org_id else Target(people[m.member_person_id].org_id,
                                                                      m.member_person_id)
            for m in group.members if m.member_org_id or m.member_person_id in people]


def _group(ref: str) -> DirectoryGroup | None:
    org_code, _, code = ref.partition(LINK_PREFIX_GROUP)
    return db.session.scalars(select(DirectoryGroup).join(Organization, Organization.id == DirectoryGroup.org_id)
                              .where(Organization.code == org_code, DirectoryGroup.code == code)).first()


def obligor_codes(lines: list[dict], issuer_code: str | None = None) -> tuple[str, list[str]]:
    """Who owes reports on a plan: "SUBORDINATES" when an ACTION line reaches the issuer's own subordinates, else
    the organizations its ACTION lines reach (the subordinates of another organization, e.g. "Các đảng ủy trực
    thuộc Tỉnh ủy" in a Ban of the Tỉnh ủy, are listed one by one), never the issuer itself."""
    org_ids: set[int] = set()
    for r in lines:
        if r["purpose"] != "ACTION":
            continue
        links, _outside = line_links(r)
        if any(k == "subordinates" and (issuer_code is None or ref == issuer_code) for k, ref in links):
            return "SUBORDINATES", []
        org_ids |= {t.org_id for k, ref in links for t in _reach(k, ref) if t.org_id and t.person_id is None}
    codes = db.session.scalars(select(Organization.code).where(Organization.id.in_(org_ids)))
    return "LIST", sorted(c for c in codes if c != issuer_code)


# --------------------------------------------------------------------------- searching


def search(actor: Person, q: str | None, limit: int = 50) -> list[dict]:
    """Entries of the directory matching `q` (name, abbreviation, code or username; diacritics ignored): every
    organization and the subordinates of those that have any, the groups of the actor's organization, and the
    people of the actor's organization. Each entry carries the `link` value a Nơi nhận line stores."""
    key = ddir.match_key(q or "")
    orgs = list(db.session.scalars(select(Organization).order_by(Organization.name)))
    parents = {o.parent_id for o in orgs if o.parent_id}
    entries = []
    for o in orgs:
        entries.append(_entry("org", o.code, o.name, o.abbrev, f"{o.name} {o.abbrev} {o.code}"))
        if o.id in parents:
            entries.append(_entry("subordinates", o.code, f"Các tổ chức trực thuộc {o.name}", o.code,
                                  f"cac truc thuoc {o.name} {o.code}"))
    own_code = next((o.code for o in orgs if o.id == actor.org_id), "")
    for g in db.session.scalars(select(DirectoryGroup).where(DirectoryGroup.org_id == actor.org_id)
                                .order_by(DirectoryGroup.name)):
        entries.append(_entry("group", f"{own_code}/{g.code}", g.name, f"{len(g.members)} thành viên",
                              f"{g.name} {g.code}"))
    for p in db.session.scalars(select(Person).where(Person.org_id == actor.org_id, Person.active)
                                .order_by(Person.full_name)):
        entries.append(_entry("person", p.username, p.full_name, p.position or "", f"{p.full_name} {p.username}"))
    found = [e for e in entries if key in e.pop("_key")]
    return found[:limit]


def _entry(kind: str, ref: str, name: str, detail: str, haystack: str) -> dict:
    return {"link": ddir.format_link(kind, ref), "type": kind, "ref": ref, "name": name, "detail": detail,
            "type_label": ddir.LINK_LABELS[kind], "_key": ddir.match_key(haystack)}
