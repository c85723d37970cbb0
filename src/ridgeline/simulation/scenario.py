"""The scenario file: everything the simulator needs to know about one contact centre.

A scenario is YAML validated by these Pydantic models. Its sections follow the model: `arrivals`
(how many customers write, when, about what, in which language), `assistant` (what the AI
resolves and hands over), `people` (queues, skill groups, shifts, shrinkage, handle times,
patience), `customers` (satisfaction, repeat contacts, complaints, churn proxy) and `costs`.
Money is in minor units of `currency`; times in seconds unless a name says otherwise; the
simulated clock starts at `start` (UTC midnight).
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Arrivals(_Strict):
    """New contacts: a Poisson process whose rate follows an hourly and a weekly profile."""

    contacts_per_day: float = Field(gt=0, description="mean new contacts on an average day")
    hourly_profile: list[float] = Field(default_factory=lambda: [1.0] * 24)
    weekly_profile: list[float] = Field(default_factory=lambda: [1.0] * 7)
    customers: int = Field(default=100_000, gt=0, description="customer base contacts come from")
    orders_per_customer: int = Field(default=3, gt=0)
    intent_mix: dict[str, float]
    language_mix: dict[str, float] = Field(default_factory=lambda: {"en": 1.0})
    market_mix: dict[str, float] = Field(default_factory=lambda: {"US": 1.0})
    direct_to_human: float = Field(default=0.0, ge=0, le=1)

    @field_validator("hourly_profile")
    @classmethod
    def _24(cls, v: list[float]) -> list[float]:
        if len(v) != 24 or min(v) < 0 or sum(v) <= 0:
            raise ValueError("hourly_profile needs 24 non-negative weights (UTC hours)")
        return v

    @field_validator("weekly_profile")
    @classmethod
    def _7(cls, v: list[float]) -> list[float]:
        if len(v) != 7 or min(v) < 0 or sum(v) <= 0:
            raise ValueError("weekly_profile needs 7 non-negative weights, Monday first")
        return v


class IntentBehaviour(_Strict):
    """What the assistant does with one intent.

    `resolve` is the share of conversations it resolves; `handoff` the share it hands to a
    person (to `queue`, giving `reason`); the rest it keeps without resolving (the customer leaves
    unhelped). `rule` marks handoffs a policy requires (hardship, fraud...): automation never
    lowers them. `handle_time_mean_s` overrides the queue's mean handle time for this intent.
    """

    resolve: float = Field(ge=0, le=1)
    handoff: float = Field(ge=0, le=1)
    queue: str = "general"
    reason: str = "low_confidence"
    rule: bool = False
    person_acts: float = Field(default=0.6, ge=0, le=1)
    handle_time_mean_s: float | None = Field(
        default=None, gt=0, description="a person's mean handle time; None: the queue's"
    )

    @model_validator(mode="after")
    def _sum(self) -> IntentBehaviour:
        if self.resolve + self.handoff > 1 + 1e-9:
            raise ValueError("resolve + handoff cannot exceed 1")
        return self


class Assistant(_Strict):
    """The AI assistant: outcomes per intent, cost and speed."""

    cost_per_conversation: int = Field(ge=0, description="minor units")
    seconds_per_turn: float = Field(default=12.0, gt=0)
    turns_mean: float = Field(default=6.0, ge=1)
    intents: dict[str, IntentBehaviour] = Field(default_factory=dict)
    default: IntentBehaviour = IntentBehaviour(resolve=0.5, handoff=0.4)
    from_scenarios_run: str | None = Field(
        default=None, description="JSON of `ridgeline scenarios run --json`, relative to the file"
    )
    automation: float | None = Field(
        default=None, ge=0, le=1, description="target share kept by the assistant (no handoff)"
    )


class QueueSpec(_Strict):
    """One queue of human work."""

    handle_time_mean_s: float = Field(default=660.0, gt=0)
    handle_time_sigma: float = Field(default=0.6, ge=0, description="lognormal shape")
    first_contact_resolution: float = Field(default=0.70, ge=0, le=1)


class Shift(_Strict):
    """A block of agents working the same hours (UTC) on the given weekdays (0 = Monday)."""

    start_hour: float = Field(ge=0, lt=24)
    hours: float = Field(gt=0, le=24)
    agents: int = Field(ge=0)
    days: list[int] = Field(default_factory=lambda: list(range(7)))


class Group(_Strict):
    """Agents with the same skills: the queues they serve, chats at once, their shifts."""

    name: str
    skills: list[str]
    concurrency: int = Field(default=1, ge=1)
    shifts: list[Shift]


class People(_Strict):
    """Human side: queues, skill groups, shrinkage, patience of waiting customers."""

    queues: dict[str, QueueSpec]
    groups: list[Group]
    shrinkage: float = Field(default=0.30, ge=0, lt=1)
    patience_mean_s: float | None = Field(default=300.0, gt=0, description="None: never abandon")
    patience: Literal["exponential", "lognormal"] = "exponential"
    service: Literal["lognormal", "exponential"] = "lognormal"
    staffing_scale: float = Field(default=1.0, gt=0)

    @model_validator(mode="after")
    def _skills_known(self) -> People:
        for g in self.groups:
            unknown = set(g.skills) - set(self.queues)
            if unknown:
                raise ValueError(f"group {g.name} serves unknown queues {sorted(unknown)}")
        return self


class Customers(_Strict):
    """How customers feel and behave: satisfaction, repeats, complaints, churn proxy."""

    csat_positive_human: float = Field(default=0.856, ge=0, le=1)
    csat_positive_assistant: float = Field(default=0.80, ge=0, le=1)
    unresolved_factor: float = Field(default=0.35, ge=0, le=1)
    repeat_penalty: float = Field(default=0.15, ge=0, le=1)
    wait_penalty_per_minute: float = Field(default=0.01, ge=0)
    survey_response_rate: float = Field(default=0.2, ge=0, le=1)
    return_probability: float = Field(default=0.6, ge=0, le=1)
    return_days_mean: float = Field(default=1.5, ge=1)
    relapse_probability: float = Field(default=0.03, ge=0, le=1)
    repeat_direct_to_human: float = Field(default=0.3, ge=0, le=1)
    complaint_if_negative: float = Field(default=0.03, ge=0, le=1)
    complaint_upheld: float = Field(default=0.3, ge=0, le=1)
    churn_if_negative: float = Field(default=0.05, ge=0, le=1)
    customer_value: int = Field(default=5000, ge=0, description="minor units lost per churn")


class Costs(_Strict):
    """Prices of people and overhead (the assistant's price is in `assistant`)."""

    agent_cost_per_productive_hour: int = Field(ge=0, description="minor units")
    overhead_share: float = Field(default=0.25, ge=0)
    revenue_per_day: int | None = Field(default=None, ge=0)
    headcount: float | None = Field(default=None, gt=0)


class Scenario(_Strict):
    """One contact centre over a horizon of whole days."""

    name: str
    description: str = ""
    sources: list[str] = Field(default_factory=list)
    start: datetime = datetime(2026, 1, 5, tzinfo=UTC)
    days: int = Field(default=28, gt=0)
    currency: str = "USD"
    service_level_target_s: float = Field(default=60.0, gt=0)
    arrivals: Arrivals
    assistant: Assistant
    people: People
    customers: Customers = Customers()
    costs: Costs

    @field_validator("start")
    @classmethod
    def _midnight_utc(cls, v: datetime) -> datetime:
        if v.tzinfo is None or v.utcoffset() is None:
            raise ValueError("start must carry its zone (e.g. 2026-01-05T00:00:00Z)")
        v = v.astimezone(UTC)
        if (v.hour, v.minute, v.second, v.microsecond) != (0, 0, 0, 0):
            raise ValueError("start must be a UTC midnight")
        return v

    @model_validator(mode="after")
    def _routes_staffed(self) -> Scenario:
        served = {q for g in self.people.groups for q in g.skills}
        routed = {b.queue for b in self.assistant.intents.values()} | {self.assistant.default.queue}
        missing = routed - set(self.people.queues)
        if missing:
            raise ValueError(f"intents hand over to queues not in people.queues: {sorted(missing)}")
        unserved = routed - served
        if unserved:
            raise ValueError(f"no group serves queues {sorted(unserved)}")
        return self

    def behaviour(self, intent: str) -> IntentBehaviour:
        """Return the assistant's behaviour for `intent` (the default when not listed)."""
        return self.assistant.intents.get(intent, self.assistant.default)


def load_scenario(path: str | Path) -> tuple[Scenario, Path]:
    """Read and validate a scenario file; return it with its folder (for relative paths)."""
    p = Path(path)
    data = yaml.safe_load(p.read_text(encoding="utf-8"))
    return Scenario.model_validate(data), p.resolve().parent
