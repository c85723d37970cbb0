"""The scenario file format of the public contract."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ConfigDict, Field


class Expect(BaseModel):
    """What must hold after one turn of a scenario (each field checked when given)."""

    model_config = ConfigDict(extra="forbid")

    language: str | None = None
    intent: str | None = None
    state: str | None = None
    actions_include: list[str] = Field(default_factory=list)
    actions_exclude: list[str] = Field(default_factory=list)
    handoff_reason: str | None = None
    reply_mentions: list[str] = Field(default_factory=list)
    intents_include: list[str] = Field(default_factory=list)  # among the turn's `intents`
    choices_include: list[str] = Field(default_factory=list)  # among the offered `choices`


class TurnSpec(BaseModel):
    """One turn of a scenario: what the customer says and what must hold after it."""

    model_config = ConfigDict(extra="forbid")

    say: str
    expect: Expect = Field(default_factory=Expect)


class RecordCheck(BaseModel):
    """A record read with GET at the end of a scenario, and what it must hold."""

    model_config = ConfigDict(extra="forbid")

    get: str
    path: str | None = None
    equals: Any = None
    contains: dict[str, Any] | None = None


class End(BaseModel):
    """What must hold at the end of a scenario: the state, the handover and the records."""

    model_config = ConfigDict(extra="forbid")

    state: str | None = None
    handoff: dict[str, Any] | None = None  # checked only when the file names it
    records: list[RecordCheck] = Field(default_factory=list)


class Scenario(BaseModel):
    """One conversation with what must hold at each turn and at the end."""

    model_config = ConfigDict(extra="forbid")

    id: str
    fixture: str
    customer_id: str
    locale: str | None = None
    turns: list[TurnSpec] = Field(min_length=1)
    end: End = Field(default_factory=End)
    tags: list[str] = Field(default_factory=list)

    @classmethod
    def load(cls, path: Path) -> tuple[Scenario, dict[str, Any]]:
        """Read a scenario file and its fixture document."""
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
        scenario = cls.model_validate(raw)
        fixture = yaml.safe_load((path.parent / scenario.fixture).read_text(encoding="utf-8"))
        return scenario, fixture
