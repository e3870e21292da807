"""Presentation helpers for templates: Vietnamese dates, waiting times, labels."""
from __future__ import annotations

from datetime import date, datetime

from flask import Flask, current_app

from service.clock import to_vn
from service.domain import kinds as dkinds
from service.domain.recipients import PURPOSE_LABELS
from service.domain.validation import SECRECY_LABELS, URGENCY_LABELS
from service.usecases.outgoing import ACTION_LABELS, ENTITY_LABELS, STATUS_LABELS, TASK_TITLES

ROLE_LABELS = {
    "drafter": "Chuyên viên soạn thảo",
    "unit_head": "Lãnh đạo đơn vị soạn thảo",
    "office": "Văn phòng",
    "signer": "Người ký",
    "clerk": "Văn thư",
    "archivist": "Lưu trữ",
    "leader": "Lãnh đạo",
    "handler": "Chuyên viên xử lý",
}
DELIVERY_LABELS = {"SENT": "Đã gửi", "RECEIVED": "Đã nhận", "FAILED": "Gửi lỗi", "PENDING": "Chờ văn thư gửi ngoài hệ thống"}


def vn_datetime(dt: datetime | None) -> str:
    return to_vn(dt).strftime("%H:%M ngày %d/%m/%Y") if dt else ""


def vn_date(d: date | None) -> str:
    return d.strftime("%d/%m/%Y") if d else ""


def waiting(since: datetime | None) -> str:
    """'chờ 2 giờ': how long a step has waited, by the service clock."""
    if since is None:
        return ""
    minutes = max(0, int((current_app.extensions["clock"].now() - since).total_seconds() // 60))
    if minutes < 60:
        return f"chờ {minutes} phút"
    if minutes < 24 * 60:
        return f"chờ {minutes // 60} giờ"
    return f"chờ {minutes // (24 * 60)} ngày"


def kind_name(code: str | None) -> str:
    k = dkinds.KINDS.get(code or "")
    return k.name_vi if k else (code or "")


def register_filters(app: Flask) -> None:
    app.jinja_env.filters.update(vn_datetime=vn_datetime, vn_date=vn_date, waiting=waiting, kind_name=kind_name)
    app.jinja_env.globals.update(STATUS_LABELS=STATUS_LABELS, ACTION_LABELS=ACTION_LABELS, TASK_TITLES=TASK_TITLES,
                                 ENTITY_LABELS=ENTITY_LABELS,
                                 URGENCY_LABELS=URGENCY_LABELS, SECRECY_LABELS=SECRECY_LABELS,
                                 PURPOSE_LABELS=PURPOSE_LABELS, ROLE_LABELS=ROLE_LABELS,
                                 DELIVERY_LABELS=DELIVERY_LABELS)
