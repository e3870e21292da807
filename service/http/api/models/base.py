"""The base of every response model, the date formats, the page shape and the one way a route renders through a
model."""
from __future__ import annotations

from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field

Date = Annotated[str, Field(json_schema_extra={"format": "date"}, description="YYYY-MM-DD")]
DateTime = Annotated[str, Field(json_schema_extra={"format": "date-time"},
                                description="ISO 8601 with its offset (Vietnam time, +07:00, unless stated)")]


class Out(BaseModel):
    """A response body: a field the code adds but the model lacks is an error, not a silent drift."""
    model_config = ConfigDict(extra="forbid", populate_by_name=True)


class Page(Out):
    """One page of a list: pass `next_cursor` back as `?cursor=` (with the same filters) for the next page; the
    `Link: <…>; rel="next"` header carries the same URL."""
    next_cursor: str | None = Field(description="Opaque cursor of the next page; null on the last page")


class Ended(Out):
    ended: int = Field(description="How many sessions and tokens ended")


class Marked(Out):
    marked: int = Field(description="How many notifications were marked read")


def render(model: type[Out], data: dict) -> dict:
    """`data` checked against `model` (a missing or unknown field raises) and dumped as JSON values; fields the
    data leaves out stay out (they are optional in the model)."""
    return model.model_validate(data).model_dump(mode="json", by_alias=True, exclude_unset=True)


class ApiDescription(Out):
    """This OpenAPI 3.1 description."""
    openapi: str
    info: dict[str, str]
    paths: dict[str, dict[str, Any]]
    components: dict[str, dict[str, Any]]
    security: list[dict[str, list[str]]]
