"""Reading the registers (sổ đăng ký): filters, diacritic-insensitive search, keyset paging."""
from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from service.documents import roles_of
from service.domain.text import search_key
from service.errors import Forbidden
from service.extensions import db
from service.models import OutgoingRegisterEntry, Person

# NĐ 30/2020/NĐ-CP Phụ lục IV: the columns of the outgoing register, in order.
OUTGOING_COLUMNS = (
    ("symbol", "Số, ký hiệu văn bản"),
    ("issue_date", "Ngày tháng văn bản"),
    ("kind_and_subject", "Tên loại và trích yếu nội dung văn bản"),
    ("signer_name", "Người ký"),
    ("recipients_text", "Nơi nhận văn bản"),
    ("archive_text", "Đơn vị, người nhận bản lưu"),
    ("copies", "Số lượng bản"),
    ("dispatched_at", "Ngày chuyển"),
    ("received_by", "Ký nhận"),
    ("note", "Ghi chú"),
)
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
