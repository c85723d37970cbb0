"""Typed builders of small scenarios for the simulator tests."""

from __future__ import annotations

from typing import Any

from hypothesis import strategies as st

from ridgeline.simulation.scenario import Scenario

QUEUE_NAMES = ("general", "payments", "fraud")
INTENTS = ("next_payment", "refund_status", "unrecognised_charge")


def scenario_dict(
    *,
    contacts_per_day: float = 400.0,
    queues: int = 2,
    groups: list[dict[str, Any]] | None = None,
    patience_mean_s: float | None = 300.0,
    handoff: float = 0.3,
    direct_to_human: float = 0.1,
    days: int = 2,
) -> dict[str, Any]:
    """Return the plain data of a small valid scenario."""
    names = QUEUE_NAMES[:queues]
    return {
        "name": "test",
        "days": days,
        "arrivals": {
            "contacts_per_day": contacts_per_day,
            "customers": 500,
            "intent_mix": dict.fromkeys(INTENTS, 1.0),
            "direct_to_human": direct_to_human,
        },
        "assistant": {
            "cost_per_conversation": 30,
            "default": {"resolve": 0.4, "handoff": handoff, "queue": names[0]},
            "intents": {
                intent: {"resolve": 0.4, "handoff": handoff, "queue": names[i % queues]}
                for i, intent in enumerate(INTENTS)
            },
        },
        "people": {
            "patience_mean_s": patience_mean_s,
            "queues": {q: {"handle_time_mean_s": 400.0} for q in names},
            "groups": groups
            or [
                {
                    "name": "all",
                    "skills": list(names),
                    "concurrency": 2,
                    "shifts": [{"start_hour": 0, "hours": 24, "agents": 4}],
                }
            ],
        },
        "costs": {"agent_cost_per_productive_hour": 3000},
    }


@st.composite
def scenarios(draw: st.DrawFn) -> Scenario:
    """Draw a small random scenario: skills, shifts, concurrency, patience, load."""
    queues = draw(st.integers(1, 3))
    names = list(QUEUE_NAMES[:queues])
    n_groups = draw(st.integers(1, 3))
    groups = []
    for g in range(n_groups):
        skills = draw(st.lists(st.sampled_from(names), min_size=1, max_size=queues, unique=True))
        if g == 0:
            skills = names  # someone serves every queue
        shifts = [
            {
                "start_hour": draw(st.integers(0, 23)),
                "hours": draw(st.sampled_from([4, 8, 12, 24])),
                "agents": draw(st.integers(0, 6)),
                "days": draw(st.lists(st.integers(0, 6), min_size=1, max_size=7, unique=True)),
            }
            for _ in range(draw(st.integers(1, 3)))
        ]
        groups.append(
            {
                "name": f"g{g}",
                "skills": skills,
                "concurrency": draw(st.integers(1, 3)),
                "shifts": shifts,
            }
        )
    data = scenario_dict(
        contacts_per_day=draw(st.floats(20.0, 1500.0)),
        queues=queues,
        groups=groups,
        patience_mean_s=draw(st.one_of(st.none(), st.floats(30.0, 900.0))),
        handoff=draw(st.floats(0.0, 0.6)),
        direct_to_human=draw(st.floats(0.0, 0.5)),
        days=draw(st.integers(1, 3)),
    )
    return Scenario.model_validate(data)
