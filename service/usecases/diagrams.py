"""Deploying a new diagram version (`flask diagrams deploy`): validated, kept by sha256; running documents
keep the version they started with."""

from __future__ import annotations

import os
import re
from datetime import UTC, datetime
from pathlib import Path

from flask import Flask

from service.errors import OperationFailed
from service.extensions import db


def deploy_diagram(app: Flask, xml: bytes, filename: str, *, replace: bool = False) -> str:
    """Validate a diagram (no DOCTYPE, no entities, no scripts, allow-listed conditions), keep it by
    sha256 in the database and in BPMN_DIR. Raises OperationFailed with the reason when refused."""
    from service.store.workflow import DiagramVersion
    from workflows import DiagramError

    if not re.fullmatch(r"[A-Za-z0-9_.-]+\.bpmn", filename):
        raise OperationFailed("Tên tệp quy trình chỉ gồm chữ, số, '_', '-', '.' và kết thúc bằng .bpmn.")
    reg = app.extensions["diagrams"]
    try:
        sha = reg.add_xml(xml, filename)
    except DiagramError as exc:
        raise OperationFailed(f"Quy trình không hợp lệ: {exc}") from None
    target = Path(app.config["BPMN_DIR"]) / filename
    if target.exists() and target.read_bytes() != xml and not replace:
        raise OperationFailed(f"{target} đã có nội dung khác; dùng --replace để thay.")
    if db.session.get(DiagramVersion, sha) is None:
        db.session.add(DiagramVersion(sha256=sha, process_id=reg.process_ids(sha)[0], filename=filename, xml=xml,
                                      created_at=datetime.now(UTC).replace(tzinfo=None)))
        db.session.commit()
    tmp = target.with_suffix(".bpmn.tmp")
    tmp.write_bytes(xml)
    os.replace(tmp, target)
    return sha
