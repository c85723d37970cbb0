"""The engine's building blocks behave as the scenario says."""

from __future__ import annotations

import math

import numpy as np
import pytest

from ridgeline.metrics import breakdown
from ridgeline.metrics import definitions as d
from ridgeline.metrics.table import ContactTable
from ridgeline.simulation.engine import simulate
from ridgeline.simulation.floor import on_floor
from ridgeline.simulation.scenario import Scenario
from tests.simulation.factories import scenario_dict


def test_arrivals_follow_the_hourly_and_weekly_profile() -> None:
    data = scenario_dict(contacts_per_day=2000, days=7)
    hourly = [0.0] * 24
    hourly[9] = 1.0
    hourly[14] = 3.0
    data["arrivals"]["hourly_profile"] = hourly
    data["arrivals"]["weekly_profile"] = [2, 1, 1, 1, 1, 0, 0]
    data["customers"] = {"return_probability": 0.0, "relapse_probability": 0.0}
    scenario = Scenario.model_validate(data)
    table = simulate(scenario, seed=2).table
    seconds = table.started_at - scenario.start.timestamp()
    hours = (seconds % 86400 // 3600).astype(int)
    assert set(hours.tolist()) == {9, 14}
    assert np.mean(hours == 14) == pytest.approx(0.75, abs=0.02)
    per_day = np.bincount((seconds // 86400).astype(int), minlength=7)
    # Monday twice an ordinary weekday (the mean weekday gets contacts_per_day); none at weekends
    assert per_day[5] == per_day[6] == 0
    assert per_day[0] / per_day[1:5].mean() == pytest.approx(2.0, rel=0.1)
    assert per_day.sum() / 7 == pytest.approx(2000, rel=0.05)


def test_handle_time_per_intent_overrides_the_queue() -> None:
    data = scenario_dict(contacts_per_day=600, queues=1, handoff=0.6, days=3)
    data["assistant"]["intents"]["refund_status"]["handle_time_mean_s"] = 1600.0
    data["people"]["groups"][0]["shifts"][0]["agents"] = 40
    scenario = Scenario.model_validate(data)
    table = simulate(scenario, seed=8).table

    def mean_handle(t: ContactTable) -> float:
        handled = t.human_handle_s[t.human_handle_s > 0]
        return float(handled.mean())

    by_intent = breakdown(table, "intent", mean_handle)
    assert by_intent["refund_status"] == pytest.approx(1600, rel=0.15)
    assert by_intent["next_payment"] == pytest.approx(400, rel=0.15)


def test_shrinkage_and_staffing_scale_set_the_people_on_the_floor() -> None:
    assert on_floor(10, 1.0, 0.3) == 7
    assert on_floor(10, 1.5, 0.3) == 10
    assert on_floor(0, 2.0, 0.0) == 0
    data = scenario_dict(days=1)
    data["people"]["shrinkage"] = 0.5
    result = simulate(Scenario.model_validate(data), seed=1)
    # 4 rostered, half on the floor, around the clock
    assert result.agent_hours == pytest.approx(2 * 24)
    assert result.slots_by_hour == pytest.approx(np.full(24, 2 * 2.0))


def test_no_people_means_every_queued_contact_abandons() -> None:
    data = scenario_dict(days=1)
    data["people"]["groups"][0]["shifts"][0]["agents"] = 0
    table = simulate(Scenario.model_validate(data), seed=1).table
    queued = table.queue.codes > 0
    assert queued.any()
    assert np.array_equal(table.abandoned, queued)
    assert math.isnan(d.time_to_human(table)["p50"])  # nobody answered


def test_repeats_lower_satisfaction() -> None:
    data = scenario_dict(contacts_per_day=3000, days=6, handoff=0.1)
    data["customers"] = {"return_probability": 1.0, "survey_response_rate": 1.0}
    table = simulate(Scenario.model_validate(data), seed=4).table
    first = table.take(table.repeat_of < 0)
    repeats = table.take(table.repeat_of >= 0)
    assert len(repeats) > 1000
    assert d.satisfaction(repeats).positive_share < d.satisfaction(first).positive_share - 0.05
