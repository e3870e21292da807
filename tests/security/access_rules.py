"""Who may call what: the one table the authorization matrix test checks every route against.

Each rule is (methods, route pattern, expectations). The pattern is a regular expression matched against
the Flask rule string (`/api/documents/<int:doc_id>`); the first matching rule wins. Expectations map a
caller to the allowed statuses; "login" means a redirect to /login. Callers: the six roles of Đảng ủy
Chính phủ (DUCP), `other_org` (a drafter of another organization) and `anonymous`. `member` is the
default for the six DUCP roles, `signed_in` the default for every signed-in caller (members and other_org).
`recipient` (RECIPIENT, the clerk of an organization the document was dispatched to) is probed on a
dispatched document, on the routes of a document only: they see the issued document, never the inside.

When you add a route, add a rule here (the test names the routes without one). Keep the strongest
statement that holds: "other_org never sees a DUCP document" is worth more than "not 500".
"""
from __future__ import annotations

import re
from dataclasses import dataclass

CALLERS = {
    "drafter": "lan.tt",      # drafted the probe document
    "unit_head": "hung.lv",   # holds its open task (content review)
    "office": "tuan.pm",
    "signer": "phong.nd",
    "clerk": "ha.dt",
    "archivist": "mai.vt",
    "other_org": "linh.pt",   # Đảng ủy Bộ Nông nghiệp và Môi trường
    "anonymous": None,
}
RECIPIENT = "hoa.nt"          # clerk of Đảng ủy Bộ Nông nghiệp và Môi trường, reached by "Các đảng ủy trực thuộc"
MEMBERS = ("drafter", "unit_head", "office", "signer", "clerk", "archivist")

LOGIN = "login"
OK = {200}
MISSING = {404}          # other organizations get 404: a document of another organization does not exist for them
API_ANON = {"anonymous": {401}}
PAGE_ANON = {"anonymous": {LOGIN}}
# A signed-in person calling with an id that does not exist, or an action their role lacks.
REFUSED = {403, 404, 409, 422}
REGISTER_READERS = ("unit_head", "office", "signer", "clerk", "archivist")


@dataclass(frozen=True)
class Rule:
    methods: frozenset[str]
    pattern: str
    expect: dict

    def matches(self, method: str, rule: str) -> bool:
        return method in self.methods and re.fullmatch(self.pattern, rule) is not None

    def allowed(self, caller: str) -> set:
        if caller in self.expect:
            return set(self.expect[caller])
        if caller in MEMBERS and "member" in self.expect:
            return set(self.expect["member"])
        if caller != "anonymous" and "signed_in" in self.expect:
            return set(self.expect["signed_in"])
        if "everyone" in self.expect:
            return set(self.expect["everyone"])
        raise KeyError(f"rule {self.pattern} says nothing about {caller}")


def rule(methods: str, pattern: str, **expect) -> Rule:
    return Rule(frozenset(methods.split()), pattern, expect)


def readers(allowed: set, others: set) -> dict:
    return {c: (allowed if c in REGISTER_READERS else others) for c in MEMBERS}


DOC = r"/api/documents/<int:doc_id>"
PAGE_DOC = r"/documents/<int:doc_id>"
RULES: list[Rule] = [
    # ---- public
    rule("GET", r"/healthz|/readyz|/api/openapi\.json", everyone=OK),
    rule("GET", r"/static/<path:filename>", everyone={404}),          # probed with a file that does not exist
    rule("POST", r"/api/auth/token", everyone={422}),                 # probed with an empty JSON object
    rule("GET", r"/login", anonymous=OK, signed_in={302}),
    rule("POST", r"/login", everyone={422}),
    rule("POST", r"/logout", everyone={LOGIN}),                     # probed last: it ends the session
    # single sign-on is off in this app (tests/web/test_oidc.py drives it against a real provider)
    rule("GET", r"/login/sso(/callback)?", everyone={404}),
    # ---- accounts
    rule("POST", r"/api/auth/logout", signed_in={204}, **API_ANON),  # probed last: it ends the token
    rule("GET", r"/api/auth/tokens", signed_in=OK, **API_ANON),
    rule("DELETE", r"/api/auth/tokens/<int:token_id>", signed_in=MISSING, **API_ANON),  # nobody's token
    rule("POST", r"/api/me/password", signed_in={422}, **API_ANON),  # probed without the passwords
    rule("GET", r"/account/password", signed_in=OK, **PAGE_ANON),
    rule("POST", r"/account/password", signed_in={422}, **PAGE_ANON),
    # ủy quyền xử lý: one's own page; posted empty: refused (422); a substitution of no one's: 404
    rule("GET", r"/account/substitutions", signed_in=OK, **PAGE_ANON),
    rule("POST", r"/account/substitutions", signed_in={422}, **PAGE_ANON),
    rule("POST", r"/account/substitutions/<int:sub_id>/revoke", signed_in=MISSING, **PAGE_ANON),
    rule("GET", r"/api/substitutions", signed_in=OK, **API_ANON),
    rule("POST", r"/api/substitutions", signed_in={422}, **API_ANON),
    rule("DELETE", r"/api/substitutions/<int:sub_id>", signed_in=MISSING, **API_ANON),
    rule("GET", r"/account/signature", signed_in=OK, **PAGE_ANON),
    rule("POST", r"/account/signature", signed_in={422}, **PAGE_ANON),  # posted without a file
    rule("GET", r"/account/signing-pin", signed_in=OK, **PAGE_ANON),
    rule("POST", r"/account/signing-pin", signed_in={422}, **PAGE_ANON),  # posted without a PIN: nothing changes
    # ---- JSON API, outgoing documents
    rule("GET", r"/api/me|/api/tasks|/api/documents", signed_in=OK, **API_ANON),
    rule("POST", r"/api/documents", signed_in={422}, **API_ANON),
    rule("POST", r"/api/tasks/bulk", signed_in={422}, **API_ANON),  # probed with no step and no items
    # a recipient sees the issued document and its own deliveries; the sender's inside is 404 to them
    rule("GET", DOC + r"(/deliveries)?", member=OK, other_org=MISSING, recipient=OK, **API_ANON),
    rule("GET", DOC + r"/(history|versions)", member=OK, other_org=MISSING, recipient=MISSING, **API_ANON),
    rule("PUT", DOC, signed_in={422}, **API_ANON),                   # body checked before anything is looked up
    # giao lại việc (posted without a reason): the leaders (the drafting unit's head, the signer) 422, others 403
    rule("POST", DOC + r"/tasks/<task_id>/assign", member={403}, unit_head={422}, signer={422}, other_org=MISSING,
         recipient=MISSING, **API_ANON),
    rule("POST", DOC + r"/tasks/<task_id>", unit_head={422}, drafter={403}, office={403}, signer={403},
         clerk={403}, archivist={403}, other_org=MISSING, recipient=MISSING, **API_ANON),
    rule("GET", DOC + r"/(pdf|verify)", member={200, 409, 422}, other_org=MISSING, recipient=OK, **API_ANON),
    # the PDF a signing step will sign: for whoever may take that step (probed on the document in review: 409)
    rule("GET", DOC + r"/signing-preview\.pdf", member={403}, unit_head={409}, other_org=MISSING,
         recipient=MISSING, **API_ANON),
    # one's own signing PIN: the status; set or change it (probed without a body: refused, nothing changes)
    rule("GET", r"/api/me/signing-pin", signed_in=OK, **API_ANON),
    rule("POST", r"/api/me/signing-pin", signed_in={400, 422}, **API_ANON),
    rule("GET", DOC + r"/preview\.html", member={200, 409, 422}, other_org=MISSING, recipient=MISSING, **API_ANON),
    # the diff checks its query (which versions) before it looks the document up: 422 for everyone signed in
    rule("GET", DOC + r"/diff", member={200, 409, 422}, other_org={404, 422}, recipient={404, 422}, **API_ANON),
    rule("POST", DOC + r"/verify", member={400, 409, 413, 415, 422}, other_org={400, 404, 415, 422},
         recipient={400, 415, 422}, **API_ANON),
    # correction, recall, void, probed on the document in review: a correction (no body) is 409 to the drafter (not
    # issued) and 403 to the other roles; recall and void check their body (the reason) first: 422 to everyone
    rule("POST", DOC + r"/corrections", member={403}, drafter={409}, other_org=MISSING, recipient=MISSING, **API_ANON),
    rule("POST", DOC + r"/(recall|void-number)", signed_in={422}, recipient={422}, **API_ANON),
    rule("GET", r"/api/registers/outgoing", **readers(OK, {403}), other_org={403}, **API_ANON),
    # where documents wait: leaders and the office of the organization, unit heads for their unit
    rule("GET", r"/api/analytics/steps", signed_in={403}, unit_head=OK, office=OK, signer=OK, **API_ANON),
    # the audit chain's export: the organization's archivists (and administrators) only
    rule("GET", r"/api/audit/export", signed_in={403}, archivist=OK, **API_ANON),
    # ---- JSON API, incoming documents and reports (probed with ids that do not exist)
    rule("GET", r"/api/incoming|/api/registers/incoming|/api/registers/incoming-follow-up|/api/notifications"
                r"|/api/obligations|/api/periods", signed_in={200, 403}, **API_ANON),
    rule("GET POST PATCH", r"/api/(incoming|obligations|periods|notifications)/<int:\w+>(/.*)?",
         signed_in=REFUSED, **API_ANON),
    rule("POST", r"/api/incoming/manual|/api/obligations", signed_in=REFUSED, **API_ANON),
    # ---- notifications: one's own (marking all read changes only the caller's; the preference is checked first)
    rule("POST", r"/api/notifications/read-all", signed_in=OK, **API_ANON),
    rule("GET", r"/api/me/preferences", signed_in=OK, **API_ANON),
    rule("PATCH", r"/api/me/preferences", signed_in={400, 422}, **API_ANON),  # probed without the field
    # ---- administration (none of the callers administers anything)
    rule("GET", r"/api/organizations|/api/units", signed_in=OK, **API_ANON),
    rule("GET", r"/api/(people|authorities|terms|series)", signed_in={403}, **API_ANON),
    rule("POST", r"/api/(organizations|units|people|authorities|terms|series)", signed_in={403}, **API_ANON),
    rule("PATCH", r"/api/(organizations|units|people|authorities|terms)/<int:\w+>", signed_in={403}, **API_ANON),
    rule("GET DELETE", r"/api/people/<int:person_id>/tokens", signed_in={403}, **API_ANON),
    # signature and seal images: probed with a person / organization that does not exist (404); a PUT of JSON is
    # refused before that (422: the body must be image/png). Who may change whose: tests/api/test_appearance_images.py
    rule("GET DELETE", r"/api/(people/<int:person_id>/signature|organizations/<int:org_id>/seal)-image",
         signed_in=MISSING, **API_ANON),
    rule("PUT", r"/api/(people/<int:person_id>/signature|organizations/<int:org_id>/seal)-image",
         signed_in={422}, **API_ANON),
    # ---- the directory: anyone signed in searches it; groups are the administrators'
    rule("GET", r"/api/directory", signed_in=OK, **API_ANON),
    rule("GET POST", r"/api/groups", signed_in={403}, **API_ANON),
    rule("PATCH DELETE", r"/api/groups/<int:group_id>", signed_in={403}, **API_ANON),
    # recording a delivery outside the system: the body is checked before anything is looked up
    rule("POST", DOC + r"/deliveries/<int:delivery_id>/record", signed_in={422}, **API_ANON),
    # the directory file: administrators only (checked before the upload is read)
    rule("POST", r"/api/import/(preview|apply)", signed_in={403}, **API_ANON),
    rule("GET", r"/api/import/template|/api/export", signed_in={403}, **API_ANON),
    # ---- pages
    rule("GET", r"/|/documents|/notifications", signed_in=OK, **PAGE_ANON),
    rule("POST", r"/notifications/<int:notification_id>/read", signed_in=MISSING, **PAGE_ANON),  # nobody's
    rule("POST", r"/notifications/read-all", signed_in={302, 303}, **PAGE_ANON),
    rule("POST", r"/account/email-notifications", signed_in={422}, **PAGE_ANON),  # probed without a choice
    # reporting pages: everyone's own lists; an obligation or a period of no one (999999) does not exist
    rule("GET", r"/reports", signed_in=OK, **PAGE_ANON),
    rule("GET POST", r"/reports/obligations/<int:ob_id>|/reports/periods/<int:period_id>/start", signed_in=MISSING,
         **PAGE_ANON),
    rule("GET", r"/documents/new", member={200, 403}, other_org={200, 403}, drafter=OK, **PAGE_ANON),
    rule("POST", r"/tasks/bulk", signed_in={422}, **PAGE_ANON),  # probed without a choice: nothing done
    rule("POST", r"/documents/new", member={403, 422}, other_org={403, 422}, **PAGE_ANON),
    rule("GET", PAGE_DOC + r"(/pdf)?", member=OK, other_org=MISSING, recipient=OK, **PAGE_ANON),
    # the PDF a signing step will sign: whoever may take that step (on the probe document in review: 409)
    rule("GET", PAGE_DOC + r"/signing-preview\.pdf", member={403}, unit_head={409}, other_org=MISSING,
         recipient=MISSING, **PAGE_ANON),
    rule("GET POST", PAGE_DOC + r"/edit", member={403, 409, 422}, other_org=MISSING, recipient=MISSING, **PAGE_ANON),
    rule("POST", PAGE_DOC + r"/actions", member={302, 403, 409, 422}, other_org=MISSING, recipient=MISSING,
         **PAGE_ANON),
    rule("GET", r"/register/outgoing(\.csv|\.xlsx)?", **readers(OK, {403}), other_org={403}, **PAGE_ANON),
    rule("GET", r"/analytics(\.csv)?", signed_in={403}, unit_head=OK, office=OK, signer=OK, **PAGE_ANON),
    rule("GET", r"/audit(/export\.jsonl)?", signed_in={403}, archivist=OK, **PAGE_ANON),
    # incoming documents: the queue for clerk, leader, handler, office, signer, archivist (linh.pt handles at
    # DUBNNMT); an incoming id that does not exist is 404 to all; by hand only the clerk (posted empty: 422)
    rule("GET", r"/incoming", member=OK, drafter={403}, unit_head={403}, other_org=OK, **PAGE_ANON),
    rule("GET POST", r"/incoming/<int:incoming_id>(/actions|/pdf)?", signed_in=MISSING, **PAGE_ANON),
    rule("GET", r"/incoming/new", signed_in={403}, clerk=OK, **PAGE_ANON),
    rule("POST", r"/incoming/new", signed_in={403}, clerk={422}, **PAGE_ANON),
    rule("GET", r"/register/incoming(\.csv|\.xlsx)?", **readers(OK, {403}), other_org={403}, **PAGE_ANON),
    rule("POST", PAGE_DOC + r"/tasks/<task_id>/assign", member={403}, unit_head={303}, signer={303},
         other_org=MISSING, recipient=MISSING, **PAGE_ANON),  # the leaders: refused with a message on the page
    rule("POST", PAGE_DOC + r"/corrections", member={403}, drafter={409}, other_org=MISSING, recipient=MISSING,
         **PAGE_ANON),
    rule("POST", PAGE_DOC + r"/recall", member={403}, signer={409}, other_org=MISSING, recipient=MISSING, **PAGE_ANON),
    rule("POST", PAGE_DOC + r"/void-number", member={403}, clerk={409}, other_org=MISSING, recipient=MISSING,
         **PAGE_ANON),
    rule("POST", PAGE_DOC + r"/deliveries/<int:delivery_id>/record", member={422}, other_org=MISSING,
         recipient=MISSING, **PAGE_ANON),
    rule("GET POST", r"/admin(/orgs/<int:org_id>(/<what>|/images|/terms/<int:term_id>/close|/people/<int:person_id>/(active|email)"
                     r"|/groups/<int:group_id>/delete)?)?",
         signed_in={403}, **PAGE_ANON),
    rule("GET POST", r"/admin/import(/preview|/apply|/template\.xlsx)?|/admin/export\.<fmt>", signed_in={403},
         **PAGE_ANON),
]


def rule_for(method: str, route: str) -> Rule | None:
    return next((r for r in RULES if r.matches(method, route)), None)
