"""What a user may submit to complete a task: exactly the fields its diagram declares, with their types."""
from __future__ import annotations

from datetime import date, datetime

from service.errors import ValidationFailed
from service.usecases.input_messages import engine_reason
from workflows import FieldsRejected

MAX_TEXT = 10_000


def task_submission(task, payload) -> dict:
    """The declared fields of `task` from `payload`, typed (dates parsed, texts stripped); anything undeclared,
    missing when required, of the wrong type or outside its choices is refused with 422 naming each field."""
    if not isinstance(payload, dict):
        raise ValidationFailed("Nội dung gửi lên phải là một đối tượng JSON.")
    specs = {f.name: f for f in task.fields}
    errors = {k: "trường không được khai báo cho bước này" for k in payload if k not in specs}
    out: dict = {}
    for name, spec in specs.items():
        v = payload.get(name)
        if isinstance(v, str):
            v = v.strip() or None
        if v is None:
            if spec.required:
                errors[name] = "bắt buộc"
            continue
        if spec.type == "date":
            try:
                v = date.fromisoformat(v) if isinstance(v, str) else None
            except ValueError:
                v = None
            if v is None:
                errors[name] = "phải là ngày dạng YYYY-MM-DD"
                continue
        elif spec.type == "long":
            if isinstance(v, bool) or not isinstance(v, int) or not 0 < v < 2**31:
                errors[name] = "phải là số nguyên dương"
                continue
        elif not isinstance(v, str) or len(v) > MAX_TEXT:
            errors[name] = "phải là chuỗi (tối đa 10 000 ký tự)"
            continue
        if spec.choices and v not in spec.choices:
            errors[name] = "phải là một trong: " + ", ".join(spec.choices)
            continue
        out[name] = v
    if errors:
        raise ValidationFailed("Dữ liệu gửi lên không hợp lệ cho bước này: "
                               + "; ".join(f"'{k}' {m}" for k, m in errors.items()),
                               details=[{"field": k, "message": m} for k, m in errors.items()])
    return out


def complete_in_engine(inst, task_id: str, data: dict, now: datetime | None = None) -> None:
    """Complete the engine task with the submitted fields (dates as ISO text); the engine's own field check
    failing is a 422 naming each field."""
    values = {k: (v.isoformat() if isinstance(v, date) else v) for k, v in data.items()}
    try:
        inst.complete(task_id, values, now=now) if now is not None else inst.complete(task_id, values)
    except FieldsRejected as exc:
        raise ValidationFailed("Dữ liệu gửi lên không hợp lệ cho bước này.",
                               details=[{"field": f, "message": engine_reason(m)} for f, m in exc.errors.items()]) from exc
