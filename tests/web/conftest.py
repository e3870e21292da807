"""Page tests with the Flask test client against the real database (SQLite, and PostgreSQL when reachable)."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import pytest
from sqlalchemy import select

from ..conftest import DEMO_PASSWORD
from ..seed_docs import seed000
from ..signatures.keys import DEMO_PIN

# One person per role of Đảng ủy Chính phủ, another drafter, and a person of another organization who holds
# reading roles there (so that what they see is limited by organization, not by role).
ROLE_PEOPLE = {
    "drafter": "lan.tt",
    "other_drafter": "minh.nv",
    "unit_head": "hung.lv",
    "office": "tuan.pm",
    "signer": "phong.nd",
    "clerk": "ha.dt",
    "archivist": "mai.vt",
    "other_org": "thang.dv",
    "anonymous": None,
}


def web_login(client, username: str | None) -> None:
    """Sign in through the sign-in form (or stay anonymous)."""
    if username is None:
        return
    r = client.post("/login", data={"username": username, "password": DEMO_PASSWORD})
    assert r.status_code == 302, r.get_data(as_text=True)[:500]


@dataclass
class World:
    draft: int       # lan.tt's draft, still in her hands
    review: int      # submitted, waiting for the unit head (content_review)
    dispatched: int  # 23-KH/ĐU, signed, numbered and dispatched


def person(username: str):
    from service.extensions import db
    from service.store.organizations import Person

    return db.session.scalars(select(Person).where(Person.username == username)).one()


def run_to_dispatch(payload: dict, clock) -> int:
    """A document through every step with the use cases (the pages are tested elsewhere)."""
    from service.usecases import outgoing, outgoing_tasks
    from service.usecases.inputs import DraftIn

    doc = outgoing.create_document(person("lan.tt"), DraftIn.model_validate(payload))
    steps = [("lan.tt", {}), ("hung.lv", {"decision": "approve"}), ("tuan.pm", {"decision": "approve"}),
             ("phong.nd", {"decision": "approve"}), ("ha.dt", {}), ("ha.dt", {})]
    for username, data in steps:
        if username == "phong.nd":
            clock.set(datetime(2025, 8, 7, 1, 30))
        doc = outgoing_tasks.complete_task(person(username), doc.id, doc.step_task_id, data | {"pin": DEMO_PIN})
    return doc.id


@pytest.fixture
def world(app, clock) -> World:
    from service.extensions import db
    from service.usecases import outgoing, outgoing_tasks
    from service.usecases.inputs import DraftIn

    payload = seed000()["payload"]
    with app.app_context():
        dispatched = run_to_dispatch(payload, clock)
        draft = outgoing.create_document(person("lan.tt"), DraftIn.model_validate(payload)).id
        review = outgoing.create_document(person("lan.tt"), DraftIn.model_validate(payload))
        outgoing_tasks.complete_task(person("lan.tt"), review.id, review.step_task_id, {})
        w = World(draft=draft, review=review.id, dispatched=dispatched)
        db.session.remove()
    return w


def doc_state(app, doc_id: int) -> tuple:
    from service.extensions import db
    from service.store.documents import Document

    with app.app_context():
        d = db.session.get(Document, doc_id)
        out = (d.lock_version, d.status, d.step, d.version_no)
        db.session.remove()
    return out
