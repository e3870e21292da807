"""Which kinds an organization may issue (V11, domain.md §1 "Authority matrix"): the matrix row of its type;
a state body of a type the matrix does not name reads the row of every state body (NĐ 30 Art. 7 gives the 29
administrative kinds to all of them), a Party body of an unknown type issues nothing until its type is set."""
from __future__ import annotations

from service.domain import kinds as dkinds
from service.domain import validation as dval
from service.domain.errors import Violation
from service.errors import ValidationFailed
from service.store.organizations import Organization


def _org_type(org: Organization) -> str:
    if org.system == dkinds.STATE and dval.kinds_allowed(org.org_type) is None:
        return "STATE_BODY"
    return org.org_type


def allowed_kinds(org: Organization) -> list[dkinds.DocumentKind]:
    """The kinds of the organization's system it may issue, in catalogue order (what the draft form offers)."""
    allowed = dval.kinds_allowed(_org_type(org)) or frozenset()
    return [k for k in dkinds.kinds_for(org.system) if k.code in allowed]


def kind_problems(org: Organization, kind: str, collective: str | None = None, *,
                  any_collective: bool = True) -> list[Violation]:
    """V11 for a document of `kind` issued by `org` (through `collective` when it is known: at signing)."""
    return dval.check_kind_allowed(_org_type(org), collective, kind, any_collective=any_collective)


def require_kind_allowed(org: Organization, kind: str) -> None:
    """A draft of a kind its issuer may not issue is refused (422 naming the field `kind`)."""
    problems = kind_problems(org, kind)
    if problems:
        v = problems[0]
        raise ValidationFailed(f"{v.message} ({org.name})",
                               details=[{"rule": v.code, "field": "kind", "message": f"{v.message} ({org.name})"}])
