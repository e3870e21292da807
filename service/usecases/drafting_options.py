"""Choices offered on the draft form: kinds of the issuer's system, its units, and the people who may sign."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select

from service.domain import kinds as dkinds
from service.domain.recipients import PURPOSE_LABELS
from service.domain.validation import SECRECY_LABELS, URGENCY_LABELS
from service.extensions import db
from service.store.organizations import Organization, Person, SigningAuthority, Unit
from service.usecases import directory, issuing
from service.usecases.org_checks import units_that_can_complete


@dataclass(frozen=True)
class SignerChoice:
    username: str
    full_name: str
    title: str
    kinds: frozenset[str] | None  # None: every kind


@dataclass(frozen=True)
class DraftOptions:
    org: Organization
    kinds: list[dkinds.DocumentKind]
    units: list[Unit]
    signers: list[SignerChoice]
    urgencies: dict[str, str]
    secrecies: dict[str, str]
    purposes: dict[str, str]
    directory: list[dict]  # entries a Nơi nhận line may link to (usecases.directory.search)

    @property
    def directory_names(self) -> dict[str, str]:
        return {e["link"]: e["name"] for e in self.directory}

    def directory_groups(self) -> list[tuple[str, list[dict]]]:
        """The entries under their type's label, for the picker's option groups."""
        out: dict[str, list[dict]] = {}
        for e in self.directory:
            out.setdefault(e["type_label"], []).append(e)
        return list(out.items())


def signers_for(org: Organization, on: date, kind: str | None = None) -> list[SignerChoice]:
    """People holding a signing authority for `org` valid on `on` (and covering `kind`, when given)."""
    rows = db.session.execute(
        select(SigningAuthority, Person).join(Person, Person.id == SigningAuthority.person_id)
        .where(SigningAuthority.org_id == org.id, Person.active.is_(True))
        .order_by(Person.full_name)).all()
    out: dict[str, SignerChoice] = {}
    for auth, person in rows:
        if auth.valid_from > on or (auth.valid_to is not None and auth.valid_to < on):
            continue
        kinds = frozenset(k.strip() for k in auth.kinds.split(",")) if auth.kinds else None
        if kind and kinds is not None and kind not in kinds:
            continue
        title = " ".join(x for x in (auth.prefix, auth.collective_title, auth.position_title) if x)
        prev = out.get(person.username)
        if prev is not None:  # several authorities: the union of their kinds
            kinds = None if prev.kinds is None or kinds is None else prev.kinds | kinds
            title = prev.title
        out[person.username] = SignerChoice(person.username, person.full_name, title, kinds)
    return list(out.values())


def draft_options(person: Person, on: date, kind: str | None = None) -> DraftOptions:
    """Everything the draft form offers to `person` (drafting for their own organization)."""
    org = person.org
    units = units_that_can_complete(org)  # a unit nobody reviews would leave the draft stuck
    return DraftOptions(org=org, kinds=issuing.allowed_kinds(org), units=units,
                        signers=signers_for(org, on, kind), urgencies=dict(URGENCY_LABELS),
                        secrecies=dict(SECRECY_LABELS), purposes=dict(PURPOSE_LABELS),
                        directory=directory.search(person, "", limit=5000))
