"""Parsing the draft form into DraftIn, and turning validation errors into messages next to each field."""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from pydantic import ValidationError
from werkzeug.datastructures import MultiDict

from service.domain.directory import format_link, parse_link
from service.errors import ValidationFailed
from service.usecases import input_messages
from service.usecases.directory import line_links
from service.usecases.inputs import DraftIn

FIELD_LABELS = {
    "pin": "Mã PIN ký số",
    "org": "Cơ quan ban hành",
    "kind": "Tên loại văn bản",
    "drafting_unit": "Đơn vị soạn thảo",
    "subject": "Trích yếu",
    "preamble": "Căn cứ",
    "body": "Nội dung",
    "place": "Địa danh",
    "urgency": "Độ khẩn",
    "secrecy": "Độ mật",
    "intended_signer": "Người ký dự kiến",
    "recipients": "Nơi nhận",
    "archive": "Lưu",
    "copies": "Số lượng bản",
    "comment": "Ý kiến",
    "issue_date": "Ngày ban hành",
    "decision": "Quyết định",
    "signer": "Người ký",
}
EXTRA_ROWS = 3  # empty Nơi nhận rows offered without JavaScript


@dataclass
class DraftForm:
    """What the form shows: the submitted values (to re-render) and the errors per field."""
    values: dict
    errors: dict[str, list[str]] = field(default_factory=dict)
    general: list[str] = field(default_factory=list)

    def add(self, name: str, message: str) -> None:
        self.errors.setdefault(name, [])
        if message not in self.errors[name]:
            self.errors[name].append(message)

    @property
    def ok(self) -> bool:
        return not self.errors and not self.general


def empty_values(unit_code: str | None, place: str) -> dict:
    return {"kind": "", "drafting_unit": unit_code or "", "subject": "", "preamble": "", "body": "", "place": place,
            "urgency": "", "secrecy": "", "intended_signer": "", "recipients": [],
            "archive_units": ", ".join(x for x in ("VT", unit_code) if x), "archive_copies": "", "copies": ""}


def values_from_content(c: dict) -> dict:
    """Form values from a stored version content (service.documents.document_content)."""
    return {"kind": c["kind"], "drafting_unit": c.get("drafting_unit") or "", "subject": c["subject"],
            "preamble": c["preamble"], "body": c["body"], "place": c.get("place") or "",
            "urgency": c.get("urgency") or "", "secrecy": c.get("secrecy") or "",
            "intended_signer": c.get("intended_signer") or "",
            "recipients": [_row(r) for r in c.get("recipients", [])],
            "archive_units": ", ".join(c.get("archive_units") or []),
            "archive_copies": "" if c.get("archive_copies") is None else str(c["archive_copies"]),
            "copies": "" if c.get("copies") is None else str(c["copies"])}


def _row(r: dict) -> dict:
    """A stored line as a form row: the picker shows its one link, "outside", or "" (matched from the wording,
    with every link it reached listed under the row)."""
    links, outside = line_links(r)
    one = format_link(*links[0]) if len(links) == 1 else ""
    return {"text": r["text"], "purpose": r["purpose"], "link": "outside" if outside else one,
            "links": [format_link(k, ref) for k, ref in links]}


def _recipient(row: dict) -> dict:
    """The DraftIn line of a form row: its picker value becomes a link, "outside", or nothing (match the wording)."""
    out = {"text": row["text"], "purpose": row["purpose"]}
    if row["link"] == "outside":
        out["outside"] = True
    elif (link := parse_link(row["link"])) is not None:
        out["links"] = [{"type": link[0], "ref": link[1]}]
    return out


def _int(form: DraftForm, raw: str, name: str, label: str) -> int | None:
    raw = raw.strip()
    if not raw:
        return None
    if not re.fullmatch(r"\d{1,6}", raw):
        form.add(name, f"{label}: phải là số nguyên dương (ví dụ 3), không phải \"{raw[:20]}\".")
        return None
    return int(raw)


def parse_draft(data: MultiDict) -> tuple[DraftForm, DraftIn | None]:
    """The form's DraftIn, or None with the errors filled in (nothing is saved then)."""
    texts, purposes = data.getlist("recipient_text"), data.getlist("recipient_purpose")
    links = data.getlist("recipient_link")
    rows = [{"text": t.strip(), "purpose": (purposes[i] if i < len(purposes) else "ACTION") or "ACTION",
             "link": (links[i] if i < len(links) else "").strip()} for i, t in enumerate(texts)]
    rows = [r for r in rows if r["text"]]
    values = {k: (data.get(k) or "").strip() if k not in ("body", "preamble") else (data.get(k) or "").rstrip()
              for k in ("kind", "drafting_unit", "subject", "preamble", "body", "place", "urgency", "secrecy",
                        "intended_signer", "archive_units", "archive_copies", "copies")}
    values["body"] = values["body"].replace("\r\n", "\n")
    values["preamble"] = values["preamble"].replace("\r\n", "\n").strip("\n")
    values["recipients"] = rows
    form = DraftForm(values)
    units = [u.strip() for u in values["archive_units"].split(",") if u.strip()]
    archive_copies = _int(form, values["archive_copies"], "archive", "Lưu (số bản lưu)")
    copies = _int(form, values["copies"], "copies", "Số lượng bản")
    if archive_copies is not None and not units:
        form.add("archive", "Lưu: ghi số bản lưu thì phải ghi cả nơi lưu (ví dụ \"VT, BTGDV\").")
    payload = {
        "kind": values["kind"], "drafting_unit": values["drafting_unit"] or None, "subject": values["subject"],
        "preamble": values["preamble"], "body": values["body"], "place": values["place"] or None,
        "urgency": values["urgency"] or None, "secrecy": values["secrecy"] or None,
        "intended_signer": values["intended_signer"] or None, "recipients": [_recipient(r) for r in rows],
        "copies": copies,
        "archive": {"units": units, "copies": archive_copies} if units else None,
    }
    if not values["kind"]:
        form.add("kind", "Tên loại văn bản: bắt buộc, hãy chọn một tên loại.")
    try:
        draft = DraftIn.model_validate(payload)
    except ValidationError as exc:
        add_pydantic_errors(form, exc)
        return form, None
    return form, (draft if form.ok else None)


def add_pydantic_errors(form: DraftForm, exc: ValidationError) -> None:
    """Each pydantic error in Vietnamese next to its field ("Nơi nhận (dòng 2) – Mục đích gửi: …")."""
    already = set(form.errors)  # a field the form check already explained needs no second message
    for d in input_messages.explain(exc, DraftIn):
        name = field_of(d["field"]) or "__root__"
        if name in already:
            continue
        form.add(name, d["message"])


def field_of(detail_field: str | None) -> str | None:
    """'recipients[2].text' -> 'recipients'; 'archive.units' -> 'archive'."""
    if not detail_field:
        return None
    return re.split(r"[\[.]", detail_field, maxsplit=1)[0]


def add_service_errors(form: DraftForm, exc: ValidationFailed, known: set[str]) -> None:
    """Put a use case's ValidationFailed details next to their fields (the rest at the top of the form)."""
    details = exc.details if isinstance(exc.details, list) else []
    placed = False
    for d in details:
        name = field_of(d.get("field"))
        message = d.get("message") or exc.message
        rule = d.get("rule")
        if rule and f"({rule})" not in message:
            message = f"{message} (quy tắc {rule})"
        if name in known:
            label = FIELD_LABELS.get(name, name)
            form.add(name, message if message.startswith(label) else f"{label}: {message}")
            placed = True
        else:
            form.general.append(message)
            placed = True
    if not placed:
        form.general.append(exc.message)


def blank_rows(values: dict) -> list[dict]:
    """Rows to show under Nơi nhận: those filled in, plus a few empty ones (enough without JavaScript)."""
    return list(values.get("recipients") or []) + [{"text": "", "purpose": "ACTION", "link": "", "links": []}] * EXTRA_ROWS
