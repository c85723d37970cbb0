"""The simulator against queueing theory: Erlang C without abandonment, Erlang A with it.

The shipped `erlang-check` scenario switches off everything the M/M/N model lacks, so over a long
run (500 days, about 1.4 M contacts) the simulated figures must match the formulas closely.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from ridgeline.simulation.engine import SimulationResult, simulate
from ridgeline.simulation.erlang import (
    erlang_a,
    erlang_c,
    erlang_c_mean_wait,
    erlang_c_service_level,
)
from ridgeline.simulation.scenario import Scenario, load_scenario

SCENARIOS = Path(__file__).resolve().parents[2] / "scenarios"
LONG_RUN_DAYS = 500


def _erlang_check() -> Scenario:
    scenario, _ = load_scenario(SCENARIOS / "erlang-check.yaml")
    return scenario


def _waits(result: SimulationResult) -> np.ndarray:
    """Time each queued contact spent waiting, answered or not."""
    det = result.detail
    return np.asarray(
        det["ended_s"] - det["joined_s"], dtype=np.float64
    ) * result.table.abandoned + (
        np.nan_to_num(det["answered_s"] - det["joined_s"]) * ~result.table.abandoned
    )


@pytest.mark.slow
def test_long_run_matches_erlang_c_within_two_percent() -> None:
    scenario = _erlang_check()
    result = simulate(scenario, seed=11, days=LONG_RUN_DAYS)
    wait = _waits(result)
    queue = scenario.people.queues["general"]
    agents = scenario.people.groups[0].shifts[0].agents
    traffic = scenario.arrivals.contacts_per_day / 86400.0 * queue.handle_time_mean_s
    assert traffic == pytest.approx(8.0)
    assert not result.table.abandoned.any()
    assert np.mean(wait > 0) == pytest.approx(erlang_c(agents, traffic), rel=0.02)
    target = scenario.service_level_target_s
    assert np.mean(wait <= target) == pytest.approx(
        erlang_c_service_level(agents, traffic, queue.handle_time_mean_s, target), rel=0.02
    )
    assert np.mean(wait) == pytest.approx(
        erlang_c_mean_wait(agents, traffic, queue.handle_time_mean_s), rel=0.05
    )


@pytest.mark.slow
def test_long_run_with_patience_matches_erlang_a() -> None:
    base = _erlang_check()
    patience = 300.0
    scenario = base.model_copy(
        update={"people": base.people.model_copy(update={"patience_mean_s": patience})}
    )
    result = simulate(scenario, seed=12, days=LONG_RUN_DAYS)
    wait = _waits(result)
    theory = erlang_a(10, 120 / 3600, 240.0, patience)
    assert np.mean(result.table.abandoned) == pytest.approx(theory.p_abandon, rel=0.03)
    assert np.mean(wait > 0) == pytest.approx(theory.p_wait, rel=0.02)
    assert np.mean(wait) == pytest.approx(theory.mean_wait_s, rel=0.03)
    # and abandonment lowers the wait Erlang C predicts for the same staffing
    assert np.mean(wait) < erlang_c_mean_wait(10, 8.0, 240.0)
