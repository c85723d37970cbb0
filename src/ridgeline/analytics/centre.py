"""The simulated centre behind generated histories: the baseline scenario, resized.

The history generator and the metric tests need a realistic contact centre of a chosen size. The
baseline scenario (a mid-size lender; sources in the YAML) is scaled to the requested arrival
rate: the rosters shrink in proportion, so waits stay like those of the full-size centre.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from ridgeline.simulation.scenario import Scenario, load_scenario

SCENARIO = Path(__file__).resolve().parent / "history_scenario.yaml"
BASE_CONTACTS_PER_DAY = 6000.0


def centre(
    *,
    contacts_per_day: float,
    days: int,
    start: datetime,
    customers: int,
    language_mix: dict[str, float] | None = None,
    market_mix: dict[str, float] | None = None,
) -> Scenario:
    """Return the baseline centre resized to `contacts_per_day` over `days` days from `start`.

    `start` must be a UTC midnight; the mixes default to the scenario's.
    """
    scenario, _ = load_scenario(SCENARIO)
    arrivals = scenario.arrivals.model_copy(
        update={
            "contacts_per_day": contacts_per_day,
            "customers": max(customers, 1),
            **({"language_mix": language_mix} if language_mix else {}),
            **({"market_mix": market_mix} if market_mix else {}),
        }
    )
    # at least a third of the full roster: tiny centres otherwise round their night shift to nobody
    scale = max(contacts_per_day / BASE_CONTACTS_PER_DAY, 1.0 / 3.0)
    people = scenario.people.model_copy(update={"staffing_scale": scale})
    return scenario.model_copy(
        update={"arrivals": arrivals, "people": people, "days": days, "start": start}
    )
