"""Vietnamese messages for request validation: the one place that turns pydantic's errors (English, by
`type` + `ctx`) into sentences a person reads, each naming the field by its Vietnamese label
("Trích yếu: không được để trống."). The JSON API, the pages and the directory import all use it."""
from __future__ import annotations

import typing

from pydantic import BaseModel, ValidationError

from service.domain.recipients import PURPOSE_LABELS
from service.domain.validation import SECRECY_LABELS, URGENCY_LABELS
from service.errors import ValidationFailed

# Labels of the request fields, whatever the model; MODEL_LABELS overrides those that mean different things
# in different models ("name" of an organization, of a unit, of a term ...).
LABELS = {
    # the draft (DraftIn) and its lines
    "org": "Cơ quan", "drafting_unit": "Đơn vị soạn thảo", "kind": "Tên loại văn bản", "subject": "Trích yếu",
    "preamble": "Căn cứ", "body": "Nội dung", "place": "Địa danh", "urgency": "Độ khẩn", "secrecy": "Độ mật",
    "recipients": "Nơi nhận", "archive": "Lưu", "copies": "Số lượng bản", "intended_signer": "Người ký dự kiến",
    "text": "Lời văn", "purpose": "Mục đích gửi", "org_code": "Mã cơ quan nhận", "links": "Liên kết danh bạ",
    "outside": "Gửi ngoài hệ thống", "type": "Loại", "ref": "Mã hoặc tên đăng nhập", "units": "Nơi lưu",
    # accounts
    "username": "Tên đăng nhập", "password": "Mật khẩu", "current_password": "Mật khẩu hiện tại",
    "new_password": "Mật khẩu mới", "full_name": "Họ và tên", "unit": "Đơn vị", "position": "Chức vụ",
    "email": "Thư điện tử", "roles": "Vai trò", "role": "Vai trò", "active": "Đang hoạt động",
    # deliveries outside the system
    "channel": "Cách gửi", "note": "Ghi chú",
    # recall (thu hồi) and voided numbers (hủy số)
    "reason": "Lý do",
    # organizations
    "code": "Mã", "name": "Tên", "abbrev": "Tên viết tắt", "system": "Hệ thống văn bản", "org_type": "Loại cơ quan",
    "header_superior": "Dòng cơ quan cấp trên", "header_name": "Dòng tên cơ quan ban hành", "has_seal": "Có con dấu",
    "place_name": "Địa danh", "parent": "Cơ quan cấp trên",
    # signing authorities
    "person": "Người ký", "prefix": "Quyền hạn ký (T/M, K/T, TM., KT. …)", "collective_title": "Tập thể lãnh đạo",
    "position_title": "Chức vụ người ký", "kinds": "Loại văn bản được ký", "valid_from": "Hiệu lực từ ngày",
    "valid_to": "Hiệu lực đến ngày", "delegator_title": "Chức vụ người giao quyền",
    "delegation_from": "Giao quyền từ ngày", "delegation_to": "Giao quyền đến ngày",
    # terms, number series, groups
    "start": "Ngày bắt đầu", "end": "Ngày kết thúc", "direction": "Chiều sổ (đi/đến)",
    "period_key": "Kỳ đánh số (TERM:… hoặc YEAR:…)", "next_value": "Số tiếp theo", "members": "Thành viên",
    # the page of a list (?limit=&cursor=)
    "limit": "Số mục mỗi trang", "cursor": "Vị trí trang",
}
MODEL_LABELS = {
    "DraftIn": {"org": "Cơ quan ban hành"},
    "OrganizationIn": {"code": "Mã cơ quan", "name": "Tên cơ quan"},
    "OrganizationPatch": {"name": "Tên cơ quan"},
    "UnitIn": {"code": "Mã đơn vị", "name": "Tên đơn vị"},
    "UnitPatch": {"name": "Tên đơn vị"},
    "TermIn": {"name": "Tên nhiệm kỳ"},
    "TermPatch": {"name": "Tên nhiệm kỳ"},
    "SeriesIn": {"kind": "Tên loại văn bản của sổ"},
    "GroupIn": {"code": "Mã nhóm", "name": "Tên nhóm"},
    "GroupPatch": {"name": "Tên nhóm"},
    "LinkIn": {"type": "Loại liên kết", "ref": "Mã cơ quan, mã nhóm hoặc tên đăng nhập"},
    "GroupMemberIn": {"type": "Loại thành viên", "ref": "Mã cơ quan hoặc tên đăng nhập"},
    "ArchiveIn": {"copies": "Số bản lưu"},
    "BulkIn": {"task": "Bước xử lý", "data": "Nội dung xử lý", "items": "Danh sách văn bản"},
    "BulkItemIn": {"document_id": "Mã văn bản", "version": "Phiên bản văn bản"},
}
# What a pattern stands for, by field: a regular expression means nothing to a person.
PATTERNS = {
    "username": "chỉ gồm chữ thường không dấu, chữ số và . _ - (bắt đầu bằng chữ hoặc số)",
    "email": "không đúng dạng địa chỉ thư điện tử (ví dụ ten@coquan.gov.vn)",
    "period_key": "phải có dạng TERM:<số nhiệm kỳ> hoặc YEAR:<năm>, ví dụ YEAR:2025",
    "code": "chỉ gồm chữ, chữ số và . _ - (không có khoảng trắng)",
    "org": "chỉ gồm chữ, chữ số và . _ - (không có khoảng trắng)",
}
DATE_HINT = "phải là ngày dạng YYYY-MM-DD (ví dụ 2025-08-07)"


def _too_short(ctx: dict) -> str:
    n = ctx.get("min_length")
    return "bắt buộc, không được để trống" if n in (None, 1) else f"cần ít nhất {n} ký tự"


# Codes a client sends, read back with their Vietnamese name: "HOA_TOC (Hỏa tốc)".
CODE_NAMES = {**URGENCY_LABELS, **SECRECY_LABELS, **PURPOSE_LABELS}


def _choices(ctx: dict) -> str:
    """pydantic's "'A', 'B' or 'C'" as "A, B hoặc C", each known code with its Vietnamese name."""
    text = str(ctx.get("expected", ""))
    for code, name in CODE_NAMES.items():
        text = text.replace(f"'{code}'", f"{code} ({name})")
    return text.replace("'", "").replace(" or ", " hoặc ")


_REASONS: dict[str, typing.Callable[[dict], str]] = {
    "missing": lambda ctx: "bắt buộc, chưa có giá trị",
    "extra_forbidden": lambda ctx: "không phải trường được nhận ở đây (hãy bỏ trường này)",
    "string_type": lambda ctx: "phải là chuỗi ký tự",
    "string_too_short": _too_short,
    "string_too_long": lambda ctx: f"dài quá mức cho phép (tối đa {ctx.get('max_length')} ký tự)",
    "string_pattern_mismatch": lambda ctx: "không đúng định dạng",
    "string_unicode": lambda ctx: "có ký tự không hợp lệ (không phải văn bản UTF-8)",
    "literal_error": lambda ctx: f"giá trị không nằm trong danh sách cho phép: {_choices(ctx)}",
    "enum": lambda ctx: f"giá trị không nằm trong danh sách cho phép: {_choices(ctx)}",
    "int_type": lambda ctx: "phải là số nguyên",
    "int_parsing": lambda ctx: "phải là số nguyên",
    "int_from_float": lambda ctx: "phải là số nguyên (không có phần thập phân)",
    "int_parsing_size": lambda ctx: "là số quá lớn",
    "float_type": lambda ctx: "phải là số",
    "float_parsing": lambda ctx: "phải là số",
    "greater_than_equal": lambda ctx: f"phải từ {ctx.get('ge')} trở lên",
    "greater_than": lambda ctx: f"phải lớn hơn {ctx.get('gt')}",
    "less_than_equal": lambda ctx: f"không được lớn hơn {ctx.get('le')}",
    "less_than": lambda ctx: f"phải nhỏ hơn {ctx.get('lt')}",
    "bool_type": lambda ctx: "phải là đúng hoặc sai (true hoặc false)",
    "bool_parsing": lambda ctx: "phải là đúng hoặc sai (true hoặc false)",
    "date_type": lambda ctx: DATE_HINT,
    "date_parsing": lambda ctx: DATE_HINT,
    "date_from_datetime_parsing": lambda ctx: DATE_HINT,
    "date_from_datetime_inexact": lambda ctx: DATE_HINT + ", không kèm giờ",
    "list_type": lambda ctx: "phải là một danh sách",
    "too_short": lambda ctx: f"cần ít nhất {ctx.get('min_length')} mục",
    "too_long": lambda ctx: f"quá nhiều mục (tối đa {ctx.get('max_length')})",
    "dict_type": lambda ctx: "phải là một đối tượng JSON",
    "model_type": lambda ctx: "phải là một đối tượng JSON",
    "model_attributes_type": lambda ctx: "phải là một đối tượng JSON",
    "none_required": lambda ctx: "phải để trống",
    "json_invalid": lambda ctx: "không phải JSON đúng cú pháp",
    "json_type": lambda ctx: "không phải JSON đúng cú pháp",
    "union_tag_invalid": lambda ctx: "loại không nằm trong danh sách cho phép",
    "is_instance_of": lambda ctx: "giá trị không hợp lệ",
}
GENERIC = "giá trị không hợp lệ"


def has_vietnamese(text: str) -> bool:
    """Whether `text` carries a Vietnamese letter with a diacritic (or đ): what tells a Vietnamese sentence from
    an English one, since both use the Latin alphabet."""
    return any(ord(ch) > 127 and ch.isalpha() for ch in text)


def reason(error: dict) -> str:
    """The Vietnamese clause of one pydantic error ("không được để trống"), without the field's name."""
    kind, ctx = error.get("type", ""), error.get("ctx") or {}
    if kind == "string_pattern_mismatch":
        names = [p for p in error.get("loc", ()) if isinstance(p, str)]
        return PATTERNS.get(names[-1] if names else "", "không đúng định dạng")
    if kind in ("value_error", "assertion_error"):
        own = str(ctx.get("error", ""))  # our validators raise Vietnamese messages; anything else stays generic
        return own if has_vietnamese(own) else GENERIC
    rule = _REASONS.get(kind)
    return rule(ctx) if rule else GENERIC


def _model_of(annotation) -> type[BaseModel] | None:
    """The model inside a field's annotation (list[RecipientIn] -> RecipientIn; ArchiveIn | None -> ArchiveIn)."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in typing.get_args(annotation):
        found = _model_of(arg)
        if found is not None:
            return found
    return None


def label_of(model: type[BaseModel] | None, loc: tuple) -> str:
    """The Vietnamese name of a field path: ('recipients', 0, 'text') -> 'Nơi nhận (dòng 1) – Lời văn'."""
    parts: list[str] = []
    for step in loc:
        if isinstance(step, int):
            if parts:
                parts[-1] += f" (dòng {step + 1})"
            continue
        name = str(step)
        own = MODEL_LABELS.get(model.__name__, {}) if model is not None else {}
        parts.append(own.get(name) or LABELS.get(name) or f"Trường “{name}”")
        field = model.model_fields.get(name) if model is not None else None
        model = _model_of(field.annotation) if field is not None else None
    return " – ".join(parts) or "Dữ liệu gửi lên"


def field_path(loc: tuple) -> str:
    return ".".join(str(p) for p in loc)


def explain(exc: ValidationError, model: type[BaseModel] | None = None) -> list[dict]:
    """One entry per error: the field path (as sent), its Vietnamese label, the Vietnamese message, the type."""
    return [d for d, _ in _entries(exc, model)]


def _entries(exc: ValidationError, model: type[BaseModel] | None) -> list[tuple[dict, str]]:
    out = []
    for e in exc.errors(include_url=False, include_input=False):
        loc = tuple(e["loc"])
        label, why = label_of(model, loc), reason(e)
        out.append(({"field": field_path(loc), "label": label, "message": f"{label}: {why}.", "type": e["type"]},
                    why))
    return out


def validation_failed(exc: ValidationError, model: type[BaseModel] | None = None,
                      lead: str = "Dữ liệu không hợp lệ", limit: int = 5) -> ValidationFailed:
    """The 422 of a refused request body, every message Vietnamese; the summary names each field by its label
    and as sent: 'Dữ liệu không hợp lệ: Trích yếu (subject) không được để trống.'"""
    entries = _entries(exc, model)
    parts = [f"{d['label']} ({d['field']}) {why}" if d["field"] else f"{d['label']}: {why}"
             for d, why in entries[:limit]]
    more = f"; và {len(entries) - limit} lỗi khác" if len(entries) > limit else ""
    return ValidationFailed(f"{lead}: " + "; ".join(parts) + more + ".", details=[d for d, _ in entries])


def parse(model: type[BaseModel], data, lead: str = "Dữ liệu không hợp lệ"):
    """`model` from `data`, or ValidationFailed with Vietnamese messages."""
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        raise validation_failed(exc, model, lead) from None


# The workflow engine checks a task's fields again and answers in English (workflows/engine.py _check_value).
_ENGINE_REASONS = (
    ("is required", "bắt buộc"),
    ("unknown field", "trường không được khai báo cho bước này"),
    ("must be one of: ", "phải là một trong: "),
    ("must be a string", "phải là chuỗi ký tự"),
    ("must be at most ", "dài quá mức cho phép"),
    ("must be an integer", "phải là số nguyên"),
    ("is out of range", "là số quá lớn"),
    ("must be true or false", "phải là đúng hoặc sai (true hoặc false)"),
    ("must be a date", "phải là ngày dạng YYYY-MM-DD"),
    ("submission must be an object", "nội dung gửi lên phải là một đối tượng JSON"),
)


def engine_reason(text: str) -> str:
    """The Vietnamese of a workflow engine's field reason ('must be one of: a, b' -> 'phải là một trong: a, b')."""
    for english, vietnamese in _ENGINE_REASONS:
        if text.startswith(english):
            rest = text[len(english):] if english.endswith(": ") else ""
            return vietnamese + rest
    return GENERIC
