"""Reading the registers (sổ đăng ký): filters, diacritic-insensitive search, keyset paging."""
from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, replace
from itertools import chain, islice

from sqlalchemy import select

from service.domain.text import search_key
from service.errors import Forbidden
from service.extensions import db
from service.output.exports import outgoing_csv, outgoing_xlsx
from service.store.documents import OutgoingRegisterEntry
from service.store.organizations import Person
from service.usecases.access import roles_of
from service.usecases.audit import digest_line

REGISTER_READERS = {"clerk", "archivist", "office", "signer", "unit_head"}


@dataclass(frozen=True)
class RegisterFilter:
    year: int | None = None
    kind: str | None = None
    signer: str | None = None
    recipient: str | None = None
    q: str | None = None
    before_id: int | None = None  # keyset cursor: entries older than this one
    limit: int = 50


def outgoing_register(actor: Person, f: RegisterFilter) -> list[OutgoingRegisterEntry]:
    """Entries of the actor's organization, newest first (registration order), filtered."""
    if not roles_of(actor, actor.org_id) & REGISTER_READERS:
        raise Forbidden("Bạn không có quyền xem sổ đăng ký văn bản đi.")
    q = select(OutgoingRegisterEntry).where(OutgoingRegisterEntry.org_id == actor.org_id)
    if f.year:
        q = q.where(OutgoingRegisterEntry.year == f.year)
    if f.kind:
        q = q.where(OutgoingRegisterEntry.kind == f.kind)
    for text in (f.signer, f.recipient, f.q):
        if text:
            for word in search_key(text).split():
                q = q.where(OutgoingRegisterEntry.search_text.contains(word, autoescape=True))
    if f.before_id:
        q = q.where(OutgoingRegisterEntry.id < f.before_id)
    q = q.order_by(OutgoingRegisterEntry.id.desc()).limit(max(1, min(f.limit, 500)))
    return list(db.session.scalars(q).all())


MAX_EXPORT_ROWS = 200_000


def entries(actor: Person, f: RegisterFilter) -> Iterator[OutgoingRegisterEntry]:
    """Every entry matching `f` (ignoring its cursor), newest first; Forbidden as outgoing_register."""
    cursor = replace(f, before_id=None, limit=500)
    seen = 0
    while seen < MAX_EXPORT_ROWS:
        rows = outgoing_register(actor, cursor)
        yield from rows
        seen += len(rows)
        if len(rows) < cursor.limit:
            return
        cursor = replace(cursor, before_id=rows[-1].id)


def _checked_entries(actor: Person, f: RegisterFilter) -> Iterator[OutgoingRegisterEntry]:
    """entries(), with the access check done before any output is started."""
    it = entries(actor, f)
    first = list(islice(it, 1))  # raises Forbidden here, before a file is begun
    return chain(first, it)


def register_csv(actor: Person, f: RegisterFilter) -> bytes:
    """Every entry matching the filter (not only one page) as CSV with the Phụ lục IV headers, ending with the
    day's digest of the organization's audit chain (a paper copy anchors the history)."""
    rows = _checked_entries(actor, f)
    return outgoing_csv(rows, footer=digest_line(actor.org_id))


def register_xlsx(actor: Person, f: RegisterFilter) -> bytes:
    """Every entry matching the filter as an XLSX workbook (sheet 'Sổ văn bản đi'), with the day's digest of
    the organization's audit chain on a last sheet 'Mã kiểm tra'."""
    rows = _checked_entries(actor, f)
    return outgoing_xlsx(rows, footer=digest_line(actor.org_id))
