"""Each metric on simulator records, against a plain recount over the rows and the event log.

The dictionary's functions are vectorised; here every figure is counted again the slow, obvious
way (Python loops over the simulated contacts and the flat event log) on a small simulated
centre, so a vectorisation slip shows up as a difference.
"""

from __future__ import annotations

import math
from collections import Counter
from datetime import UTC, datetime
from typing import Any

import pytest

from ridgeline.analytics.centre import centre
from ridgeline.metrics import CostModel
from ridgeline.metrics import definitions as d
from ridgeline.metrics.costs import assistant_fte_equivalent, cost_per_contact
from ridgeline.simulation import SimulationResult, simulate
from ridgeline.simulation.series import EVENT_KINDS, events

WEEK = 7 * 86400.0


@pytest.fixture(scope="module")
def run() -> SimulationResult:
    scenario = centre(
        contacts_per_day=500,
        days=12,
        start=datetime(2026, 2, 2, tzinfo=UTC),
        customers=800,  # a small base: customers come back, so durable resolution bites
    )
    return simulate(scenario, seed=11)


@pytest.fixture(scope="module")
def rows(run: SimulationResult) -> list[dict[str, Any]]:
    cols = run.table.to_columns()
    return [{k: cols[k][i] for k in cols} for i in range(len(run.table))]


def pct(values: list[float], p: float) -> float:
    """Numpy's linear percentile, by hand."""
    xs = sorted(values)
    rank = p / 100 * (len(xs) - 1)
    lo = math.floor(rank)
    hi = min(lo + 1, len(xs) - 1)
    return xs[lo] + (xs[hi] - xs[lo]) * (rank - lo)


def test_counts_and_rates(run: SimulationResult, rows: list[dict[str, Any]]) -> None:
    t, n = run.table, len(rows)
    assert n > 4000
    kinds = Counter(EVENT_KINDS[k] for k in events(run)["kind"].tolist())
    assert d.contacts(t) == n == kinds[EVENT_KINDS[0]]
    assert d.abandonment_rate(t) == pytest.approx(kinds[EVENT_KINDS[3]] / n)
    automated = sum(1 for r in rows if r["resolved"] and r["path"] == "assistant_only")
    assert d.automation_rate(t) == pytest.approx(automated / n)
    assert d.resolution_rate(t) == pytest.approx(sum(r["resolved"] for r in rows) / n)
    assert d.repeat_contact_rate(t) == pytest.approx(sum(r["repeat_of"] >= 0 for r in rows) / n)
    by_id = {r["contact_id"]: r for r in rows}
    for r in rows:  # a repeat comes back to an earlier contact of the same customer
        if r["repeat_of"] >= 0:
            first = by_id[r["repeat_of"]]
            assert first["customer_id"] == r["customer_id"]
            assert first["started_at"] < r["started_at"]
    assert d.complaint_rate(t) == pytest.approx(sum(r["complaint"] for r in rows) / n)
    complaints = [r for r in rows if r["complaint"]]
    upheld = sum(r["complaint_upheld"] for r in complaints)
    assert d.complaint_upheld_share(t) == pytest.approx(upheld / len(complaints))


def test_durable_resolution(run: SimulationResult, rows: list[dict[str, Any]]) -> None:
    by_customer: dict[int, list[dict[str, Any]]] = {}
    for r in rows:
        by_customer.setdefault(int(r["customer_id"]), []).append(r)
    durable = 0
    for r in rows:
        if not r["resolved"]:
            continue
        followed = any(
            o is not r
            and r["started_at"] < o["started_at"] <= r["started_at"] + WEEK
            and (o["intent"] == r["intent"] or (o["order_id"] == r["order_id"] >= 0))
            for o in by_customer[int(r["customer_id"])]
        )
        durable += not followed
    rate = d.durable_resolution_rate(run.table)
    assert rate == pytest.approx(durable / len(rows))
    assert rate < d.resolution_rate(run.table)  # the small base makes customers come back


def test_times(run: SimulationResult, rows: list[dict[str, Any]]) -> None:
    ttr = [r["time_to_resolution_s"] for r in rows if r["resolved"]]
    got = d.time_to_resolution(run.table)
    assert got["p50"] == pytest.approx(pct(ttr, 50)) and got["p90"] == pytest.approx(pct(ttr, 90))
    log = events(run)
    arrived: dict[int, float] = {}
    waits: list[float] = []
    for time, cid, kind in zip(
        log["time"].tolist(), log["contact_id"].tolist(), log["kind"].tolist(), strict=True
    ):
        if kind == 0:
            arrived[cid] = time
        elif kind == 2:
            waits.append(time - arrived[cid])
    tth = d.time_to_human(run.table)
    assert tth["p50"] == pytest.approx(pct(waits, 50)) and tth["p90"] == pytest.approx(
        pct(waits, 90)
    )


def test_handoffs_and_satisfaction(run: SimulationResult, rows: list[dict[str, Any]]) -> None:
    t, n = run.table, len(rows)
    handed = [r for r in rows if r["path"] == "handed_over"]
    reasons = Counter(r["handoff_reason"] for r in handed)
    assert d.handoff_rate_by(t, "handoff_reason") == pytest.approx(
        {k: v / n for k, v in reasons.items()}
    )
    queues = Counter(r["queue"] for r in handed)
    assert d.handoff_rate_by(t, "queue") == pytest.approx({k: v / n for k, v in queues.items()})
    needed = sum(1 for r in handed if r["person_acted"] or r["rule_required_handoff"])
    split = d.necessary_handoffs(t)
    assert (split.necessary, split.avoidable) == (needed, len(handed) - needed)
    for path, s in d.satisfaction_by_path(t).items():
        mine = [r for r in rows if r["path"] == path]
        answers = [r["csat"] for r in mine if not math.isnan(r["csat"])]
        assert s.contacts == len(mine) and s.responses == len(answers)
        assert s.positive_share == pytest.approx(sum(a >= 4 for a in answers) / len(answers))
        assert s.mean_score == pytest.approx(sum(answers) / len(answers))


def test_costs(run: SimulationResult, rows: list[dict[str, Any]]) -> None:
    model = CostModel(agent_cost_per_productive_hour=4000, overhead_share=0.25)
    hours = sum(r["human_handle_s"] for r in rows) / 3600
    total = sum(int(r["ai_cost"]) for r in rows) + round(hours * 4000 * 1.25)
    assert cost_per_contact(run.table, model) == pytest.approx(total / len(rows))
    handled = [r["human_handle_s"] for r in rows if r["human_handle_s"] > 0]
    automated = sum(1 for r in rows if r["resolved"] and r["path"] == "assistant_only")
    want = automated * (sum(handled) / len(handled)) / 3600 / 160.0
    assert assistant_fte_equivalent(run.table, 160.0) == pytest.approx(want)
