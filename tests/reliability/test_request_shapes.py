"""Every request body of the API is a strict shape: unknown fields refused, nothing coerced.

A route added later with a lax body fails here, naming the shape and the route: derive it from
`ridgeline.http.shapes.RequestShape` (or give it `ConfigDict(extra="forbid", strict=True)`).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from fastapi import FastAPI
from fastapi.routing import APIRoute
from pydantic import BaseModel

from ridgeline.sandbox.schemas import FixtureDocument


def _routes(routes: list[Any]) -> Iterator[APIRoute]:
    for route in routes:
        if isinstance(route, APIRoute):
            yield route
        included = getattr(route, "original_router", None)  # an included router
        if included is not None:
            yield from _routes(included.routes)


def _models(annotation: Any) -> Iterator[type[BaseModel]]:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        yield annotation
        for field in annotation.model_fields.values():
            yield from _models(field.annotation)
    for argument in getattr(annotation, "__args__", ()):
        yield from _models(argument)


def test_every_request_body_is_strict(app: FastAPI) -> None:
    lax: list[str] = []
    bodies = 0
    for route in _routes(app.routes):
        for param in route.dependant.body_params:
            for model in _models(param.field_info.annotation):
                bodies += 1
                config = model.model_config
                if config.get("strict") is not True or config.get("extra") != "forbid":
                    lax.append(f"{model.__name__} of {sorted(route.methods or ())} {route.path}")
    assert bodies >= 15  # the walk found the routers' bodies
    assert lax == [], "request shapes that are not strict: " + "; ".join(sorted(set(lax)))


def test_the_fixture_document_is_strict_all_the_way_down() -> None:
    for model in _models(FixtureDocument):
        assert model.model_config.get("strict") is True, model.__name__
        assert model.model_config.get("extra") == "forbid", model.__name__
