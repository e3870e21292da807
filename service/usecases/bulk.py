"""Bulk actions: one step (approve, return with one comment, sign, number, dispatch) taken on many outgoing
documents at once. Each document is its own user action and its own transaction (`outgoing_tasks.complete_task`,
with every check of a single action: who may act, separation of duties, the step's declared fields, the
document's version); one item failing leaves the others done. The answer lists every item with its result."""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from service.errors import ServiceError, ValidationFailed
from service.store.documents import Document
from service.store.organizations import Person
from service.usecases import outgoing_tasks
from service.usecases.access import get_document
from service.usecases.outgoing import TASK_TITLES

# The steps a bulk action may take, and what the page offers for each (step, decision) pair.
BULK_STEPS = ("content_review", "format_check", "sign", "register", "dispatch")
MAX_ITEMS = 200
PAGE_CHOICES = {
    "content_review:approve": ("content_review", {"decision": "approve"}, "Thẩm định nội dung: Đồng ý"),
    "content_review:return": ("content_review", {"decision": "return"}, "Thẩm định nội dung: Trả lại"),
    "format_check:approve": ("format_check", {"decision": "approve"}, "Kiểm tra thể thức: Đồng ý"),
    "format_check:return": ("format_check", {"decision": "return"}, "Kiểm tra thể thức: Trả lại"),
    "sign:approve": ("sign", {"decision": "approve"}, "Ký ban hành"),
    "sign:return": ("sign", {"decision": "return"}, "Ký ban hành: Trả lại"),
    "register": ("register", {}, "Cấp số, đăng ký văn bản đi"),
    "dispatch": ("dispatch", {}, "Phát hành văn bản"),
}


@dataclass(frozen=True)
class BulkItem:
    document_id: int
    version: int | None = None


@dataclass(frozen=True)
class BulkResult:
    """What happened to one document: `ok`, the HTTP status it would have had alone, the error code and the
    Vietnamese message; `document` is the document after the step when it succeeded."""
    document_id: int
    ok: bool
    status: int
    message: str
    code: str | None = None
    subject: str | None = None
    document: Document | None = None


def complete_many(actor: Person, task: str, data: dict, items: list[BulkItem]) -> list[BulkResult]:
    """Take step `task` with the same submitted fields `data` on every document of `items`, one transaction
    each, in the order given; never raises for one item's failure."""
    _check_request(task, items)
    return [_one(actor, task, data, item) for item in items]


def _check_request(task: str, items: list[BulkItem]) -> None:
    if task not in BULK_STEPS:
        raise ValidationFailed(
            f"Bước '{task}' không xử lý hàng loạt được; chỉ các bước: "
            + ", ".join(f"{s} ({TASK_TITLES[s]})" for s in BULK_STEPS) + ".",
            details=[{"field": "task", "message": "không xử lý hàng loạt được"}])
    if not items:
        raise ValidationFailed("Chưa chọn văn bản nào.", details=[{"field": "items", "message": "trống"}])
    if len(items) > MAX_ITEMS:
        raise ValidationFailed(f"Mỗi lần xử lý tối đa {MAX_ITEMS} văn bản (đã chọn {len(items)}).",
                               details=[{"field": "items", "message": f"tối đa {MAX_ITEMS}"}])
    repeated = sorted(i for i, n in Counter(item.document_id for item in items).items() if n > 1)
    if repeated:
        raise ValidationFailed("Một văn bản được chọn nhiều lần: " + ", ".join(map(str, repeated)) + ".",
                               details=[{"field": "items", "message": "trùng văn bản"}])


def _one(actor: Person, task: str, data: dict, item: BulkItem) -> BulkResult:
    subject = None
    try:
        doc = get_document(actor, item.document_id, insider=True)
        subject = doc.subject
        if doc.step != task or not doc.step_task_id:
            now_at = TASK_TITLES.get(doc.step or "", "đã hoàn thành") if doc.step else "đã kết thúc luồng"
            return BulkResult(item.document_id, False, 409,
                              f"Văn bản không ở bước \"{TASK_TITLES[task]}\" (hiện tại: {now_at}).",
                              "wrong_step", subject)
        done = outgoing_tasks.complete_task(actor, item.document_id, doc.step_task_id, dict(data), item.version)
        return BulkResult(item.document_id, True, 200, _done_message(task, data, done), None, done.subject, done)
    except ServiceError as exc:
        return BulkResult(item.document_id, False, exc.status, exc.message, exc.code, subject)


def _done_message(task: str, data: dict, doc: Document) -> str:
    if task == "register":
        return f"Đã cấp số {doc.symbol}."
    if task == "dispatch":
        return f"Đã phát hành {doc.symbol or ''}".rstrip() + "."
    if data.get("decision") == "return":
        return "Đã trả lại người soạn thảo."
    return "Đã ký ban hành." if task == "sign" else "Đã đồng ý, chuyển bước tiếp theo."


def page_choices(work_items) -> list[tuple[str, str]]:
    """The bulk choices the tasks page offers: those whose step the person has at least one task at."""
    steps = {w.name for w in work_items if w.flow == "outgoing"}
    return [(value, label) for value, (step, _, label) in PAGE_CHOICES.items() if step in steps]
