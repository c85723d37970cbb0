"""Invariants that hold for any scenario (Hypothesis draws the scenarios)."""

from __future__ import annotations

import numpy as np
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ridgeline.simulation.engine import simulate
from ridgeline.simulation.floor import DAY, ShiftWindow, next_open, on_floor
from ridgeline.simulation.scenario import Scenario
from ridgeline.simulation.series import events, series
from tests.simulation.factories import scenario_dict, scenarios

PROPERTY_SETTINGS = settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)


@PROPERTY_SETTINGS
@given(scenarios(), st.integers(0, 2**16))
def test_littles_law_holds_for_the_queue_and_for_service(scenario: Scenario, seed: int) -> None:
    result = simulate(scenario, seed=seed)
    log = events(result)
    t = log["time"]
    assert np.all(np.diff(t) >= 0)
    # number waiting: +1 when queued, -1 when answered or abandoned
    kind = log["kind"]
    step = np.select([kind == 1, (kind == 2) | (kind == 3)], [1.0, -1.0], 0.0)
    in_queue = np.cumsum(step)
    assert in_queue.min() >= 0
    span = t[-1] - t[0] if len(t) else 0.0
    if span <= 0:
        return
    area = float(np.sum(in_queue[:-1] * np.diff(t)))
    det = result.detail
    queued = np.isfinite(det["joined_s"])
    leave = np.where(np.isfinite(det["answered_s"]), det["answered_s"], det["ended_s"])
    waits = (leave - det["joined_s"])[queued]
    arrival_rate = queued.sum() / span
    mean_wait = float(waits.mean()) if len(waits) else 0.0
    # L = lambda x W over the whole run
    assert np.isclose(area / span, arrival_rate * mean_wait, rtol=1e-6, atol=1e-9)


@PROPERTY_SETTINGS
@given(scenarios(), st.integers(0, 2**16))
def test_records_are_consistent(scenario: Scenario, seed: int) -> None:
    result = simulate(scenario, seed=seed)
    table, det = result.table, result.detail
    assistant_only = table.path_is("assistant_only")
    queued = np.isfinite(det["joined_s"])
    answered = np.isfinite(det["answered_s"])
    # every queued contact is answered or abandons, never both
    assert np.array_equal(queued, table.queue.codes > 0)
    assert np.array_equal(queued & ~answered, table.abandoned)
    assert not np.any(assistant_only & queued)
    assert np.all(det["answered_s"][answered] >= det["joined_s"][answered])
    assert np.array_equal(table.human_handle_s > 0, answered)
    assert np.array_equal(np.isfinite(table.time_to_human_s), answered)
    assert np.array_equal(np.isfinite(table.time_to_resolution_s), table.resolved)
    assert not np.any(table.abandoned & table.resolved)
    # repeats point back to an earlier day's contact of the same customer and intent
    rep = np.flatnonzero(table.repeat_of >= 0)
    idx = np.searchsorted(table.contact_id, table.repeat_of[rep])
    assert np.all(table.customer_id[idx] == table.customer_id[rep])
    assert np.all(table.intent.codes[idx] == table.intent.codes[rep])
    assert np.all(np.floor(table.started_at[idx] / DAY) < np.floor(table.started_at[rep] / DAY))


@PROPERTY_SETTINGS
@given(scenarios(), st.integers(0, 2**16))
def test_people_start_chats_only_on_shift_and_within_capacity(
    scenario: Scenario, seed: int
) -> None:
    result = simulate(scenario, seed=seed)
    det, table = result.detail, result.table
    answered = np.isfinite(det["answered_s"])
    first = scenario.start.weekday()
    ppl = scenario.people
    queue_names = list(ppl.queues)
    for at, q in zip(
        det["answered_s"][answered].tolist(), table.queue.codes[answered].tolist(), strict=True
    ):
        name = queue_names[q - 1]
        windows = [
            ShiftWindow(s.start_hour * 3600, s.hours * 3600, frozenset(s.days), 1, 1)
            for g in ppl.groups
            if name in g.skills
            for s in g.shifts
            if on_floor(s.agents, ppl.staffing_scale, ppl.shrinkage) > 0
        ]
        assert any(next_open(at, w, first) == at for w in windows)
    # never more chats in hand than slots exist
    total_slots = sum(
        on_floor(s.agents, ppl.staffing_scale, ppl.shrinkage) * g.concurrency
        for g in ppl.groups
        for s in g.shifts
    )
    starts = det["answered_s"][answered]
    ends = starts + table.human_handle_s[answered]
    times = np.concatenate([starts, ends])
    steps = np.concatenate([np.ones(len(starts)), -np.ones(len(ends))])
    order = np.lexsort((steps, times))  # an end at the same instant frees its slot first
    assert (np.cumsum(steps[order]).max(initial=0)) <= total_slots


@PROPERTY_SETTINGS
@given(scenarios(), st.integers(0, 2**16))
def test_one_seed_reproduces_a_run_exactly(scenario: Scenario, seed: int) -> None:
    a = simulate(scenario, seed=seed).table.to_columns()
    b = simulate(scenario, seed=seed).table.to_columns()
    for name, column in a.items():
        assert np.array_equal(column, b[name], equal_nan=column.dtype.kind == "f"), name


@settings(max_examples=30, deadline=None)
@given(scenarios(), st.integers(0, 2**16))
def test_series_add_up_to_the_contact_table(scenario: Scenario, seed: int) -> None:
    result = simulate(scenario, seed=seed)
    s = series(result)
    assert s["offered"].sum() == len(result.table)
    assert s["answered"].sum() + s["abandoned"].sum() == s["queued"].sum()
    assert s["abandoned"].sum() == result.table.abandoned.sum()
    assert np.all(s["answered_in_target"] <= s["answered"])
    assert np.all(s["service_level"][np.isfinite(s["service_level"])] <= 1.0)
    busy = float(s["busy_slots"].sum()) * 3600.0
    handled_inside = result.table.human_handle_s.sum()
    assert busy <= handled_inside + 1e-6


def test_first_come_first_served_with_one_group() -> None:
    scenario = Scenario.model_validate(scenario_dict(contacts_per_day=3000, days=2))
    det = simulate(scenario, seed=5).detail
    answered = np.isfinite(det["answered_s"])
    order = np.argsort(det["joined_s"][answered], kind="stable")
    assert np.all(np.diff(det["answered_s"][answered][order]) >= 0)
