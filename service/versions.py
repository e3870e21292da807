"""Versions of a draft (bản dự thảo): what changed between two kept versions."""
from __future__ import annotations

import difflib

from sqlalchemy import select

from service.documents import get_document
from service.errors import NotFound, ValidationFailed
from service.extensions import db
from service.models import AuditEvent, DocumentVersion, Person
from service.versions_diff import diff_contents

# Fields shown as a unified diff of their lines (long texts); the others as their old and new values.
TEXT_FIELDS = ("preamble", "body")


def diff_versions(actor: Person, doc_id: int, from_no: int, to_no: int) -> dict:
    """Per-field differences from version `from_no` to `to_no` (same visibility as the document), with a
    unified diff of the body and preamble lines and the comments made on each of the two versions."""
    doc = get_document(actor, doc_id)
    if from_no < 1 or to_no < 1:
        raise ValidationFailed("Số phiên bản phải từ 1 trở lên.", code="invalid_query")
    rows = {v.version_no: v for v in db.session.scalars(select(DocumentVersion).where(
        DocumentVersion.document_id == doc.id, DocumentVersion.version_no.in_((from_no, to_no)))).all()}
    missing = [n for n in (from_no, to_no) if n not in rows]
    if missing:
        raise NotFound(f"Văn bản không có phiên bản {', '.join(map(str, missing))} "
                       f"(hiện có 1–{doc.version_no}).")
    a, b = rows[from_no].content, rows[to_no].content
    changes = []
    for fd in diff_contents(a, b):  # the same comparison the document page shows
        name, old, new = fd.field, a.get(fd.field), b.get(fd.field)
        item: dict = {"field": name, "label": fd.label}
        if name in TEXT_FIELDS:
            item["diff"] = list(difflib.unified_diff((old or "").splitlines(), (new or "").splitlines(),
                                                     fromfile=f"v{from_no}", tofile=f"v{to_no}", lineterm=""))
        else:
            item.update({"from": old, "to": new})
        changes.append(item)
    comments = db.session.scalars(select(AuditEvent).where(
        AuditEvent.document_id == doc.id, AuditEvent.version_no.in_((from_no, to_no)),
        AuditEvent.comment.is_not(None)).order_by(AuditEvent.id)).all()
    return {
        "document_id": doc.id, "from": from_no, "to": to_no,
        "from_sha256": rows[from_no].sha256, "to_sha256": rows[to_no].sha256,
        "identical": rows[from_no].sha256 == rows[to_no].sha256,
        "changed": [c["field"] for c in changes], "changes": changes,
        "comments": [{"version_no": e.version_no, "actor": e.actor.username if e.actor else None,
                      "action": e.action, "comment": e.comment} for e in comments],
    }
