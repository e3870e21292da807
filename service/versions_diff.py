"""Differences between the versions of a draft (các bản dự thảo), field by field, line by line (difflib)."""
from __future__ import annotations

import difflib
from dataclasses import dataclass

from service import documents as uc
from service.models import Person

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
    vs = uc.versions(actor, doc_id)
    return [VersionDiff(a.version_no, b.version_no, diff_contents(a.content, b.content))
            for a, b in reversed(list(zip(vs, vs[1:], strict=False)))]
