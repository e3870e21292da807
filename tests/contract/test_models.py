"""The response models are the contract: a field the code adds but the model lacks is an error, every model
refuses unknown fields, and a page's cursor is opaque but round-trips."""
from __future__ import annotations

import pytest
from pydantic import ValidationError

from service.errors import BadRequest
from service.http.api.models.base import Out, render
from service.http.api.models.documents import Delivery
from service.http.api.openapi import openapi_spec
from service.http.api.openapi_parts import MODELS
from service.http.cursor import decode, encode

DELIVERY = {"id": 1, "position": 1, "line_no": 1, "recipient": "Ban Tuyên giáo và Dân vận TW", "purpose": "REPORT",
            "organization": "BTGDVTW", "organization_name": "Ban Tuyên giáo và Dân vận Trung ương", "person": None,
            "person_name": None, "outside": False, "channel": "ELECTRONIC", "note": None, "status": "SENT",
            "sent_at": "2025-08-07T08:30:00+07:00", "received_at": None}


def test_a_field_the_model_lacks_fails_instead_of_drifting():
    assert render(Delivery, DELIVERY) == DELIVERY
    with pytest.raises(ValidationError, match="extra_forbidden"):
        render(Delivery, DELIVERY | {"organization_id": 12})
    with pytest.raises(ValidationError):
        render(Delivery, DELIVERY | {"organization": 12})  # the code, never the internal id


def test_every_response_model_forbids_unknown_fields():
    openapi_spec()
    outs = [m for m in MODELS.values() if issubclass(m, Out)]
    assert len(outs) >= 50
    for model in outs:
        assert model.model_config.get("extra") == "forbid", model.__name__


def test_the_cursor_round_trips_and_names_its_kind():
    assert decode(encode({"o": 150}), "o") == 150
    assert decode(encode({"b": 7}), "b") == 7
    for token, key in ((encode({"b": 7}), "o"), (encode({"o": -1}), "o"), (encode({"o": True}), "o"),
                       (encode({"o": 2**31}), "o"), ("%%%", "o"), ("", "b")):
        with pytest.raises(BadRequest, match="cursor"):
            decode(token, key)
