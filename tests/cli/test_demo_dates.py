"""The demo's showcase fixtures are moved to today, so what was ahead of their "now" still is."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from importlib import resources
from typing import Any

import pytest

from ridgeline.cli.demo import DEMO_FIXTURES, _moved_to_today
from ridgeline.sandbox.schemas import FixtureDocument


def _dates(value: Any) -> list[date]:
    if isinstance(value, datetime):
        return [value.date()]
    if isinstance(value, date):
        return [value]
    if isinstance(value, dict):
        return [d for v in value.values() for d in _dates(v)]
    if isinstance(value, list):
        return [d for v in value for d in _dates(v)]
    return []


@pytest.mark.parametrize("name", DEMO_FIXTURES)
def test_every_date_moves_by_the_same_whole_days(name: str) -> None:
    text = resources.files("ridgeline.sandbox").joinpath("fixtures", name).read_text("utf-8")
    doc = FixtureDocument.model_validate(json.loads(text))
    assert doc.now is not None
    moved = _moved_to_today(doc)
    assert moved.now is None
    before = _dates(doc.model_dump(exclude={"now"}))
    after = _dates(moved.model_dump(exclude={"now"}))
    assert len(before) == len(after) > 0
    shift = datetime.now(UTC).date() - doc.now.date()
    assert all(b + shift == a for b, a in zip(before, after, strict=True))
    ahead_before = sum(d > doc.now.date() for d in before)
    ahead_after = sum(d > datetime.now(UTC).date() for d in after)
    assert ahead_before == ahead_after > 0
