"""Versions of a draft (bản dự thảo): what changed between two kept versions."""
from __future__ import annotations

import difflib
from dataclasses import dataclass

from sqlalchemy import select

from service.errors import NotFound, ValidationFailed
from service.extensions import db
from service.store.documents import AuditEvent, DocumentVersion
from service.store.organizations import Person
from service.usecases import outgoing
from service.usecases.access import get_document

# Fields shown as a unified diff of their lines (long texts); the others as their old and new values.
TEXT_FIELDS = ("preamble", "body")


def diff_versions(actor: Person, doc_id: int, from_no: int, to_no: int) -> dict:
    """Per-field differences from version `from_no` to `to_no` (same visibility as the document), with a
    unified diff of the body and preamble lines and the comments made on each of the two versions."""
    doc = get_document(actor, doc_id, insider=True)
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


FIELD_LABELS = {
    "kind": "Tên loại",
    "subject": "Trích yếu",
    "preamble": "Căn cứ",
    "body": "Nội dung",
    "place": "Địa danh",
    "urgency": "Độ khẩn",
    "secrecy": "Độ mật",
    "recipients": "Nơi nhận",
    "archive_units": "Lưu (đơn vị)",
    "archive_copies": "Lưu (số bản)",
    "copies": "Số lượng bản",
    "intended_signer": "Người ký dự kiến",
    "drafting_unit": "Đơn vị soạn thảo",
}


@dataclass(frozen=True)
class FieldDiff:
    field: str
    label: str
    lines: list[tuple[str, str]]  # (op, text): op is " " (same), "-" (removed), "+" (added)


@dataclass(frozen=True)
class VersionDiff:
    from_no: int
    to_no: int
    fields: list[FieldDiff]


def _as_lines(field: str, value: object) -> list[str]:
    if value is None:
        return []
    if field == "recipients":
        return [f"{r.get('text', '')} [{r.get('purpose', '')}]" for r in value]  # type: ignore[union-attr]
    if isinstance(value, list):
        return [", ".join(str(v) for v in value)] if value else []
    return str(value).splitlines()


def diff_contents(old: dict, new: dict, context: int = 2) -> list[FieldDiff]:
    """The fields that differ between two version contents, each with its changed lines and a little context."""
    out = []
    for field, label in FIELD_LABELS.items():
        a, b = _as_lines(field, old.get(field)), _as_lines(field, new.get(field))
        if a == b:
            continue
        lines: list[tuple[str, str]] = []
        for group in difflib.SequenceMatcher(a=a, b=b, autojunk=False).get_grouped_opcodes(context):
            if lines:
                lines.append((" ", "…"))
            for tag, i1, i2, j1, j2 in group:
                if tag == "equal":
                    lines += [(" ", x) for x in a[i1:i2]]
                else:
                    lines += [("-", x) for x in a[i1:i2]]
                    lines += [("+", x) for x in b[j1:j2]]
        out.append(FieldDiff(field, label, lines))
    return out


def version_diffs(actor: Person, doc_id: int) -> list[VersionDiff]:
    """Each version compared with the one before it, newest first (NotFound if the actor may not see it)."""
    vs = outgoing.versions(actor, doc_id)
    return [VersionDiff(a.version_no, b.version_no, diff_contents(a.content, b.content))
            for a, b in reversed(list(zip(vs, vs[1:], strict=False)))]
