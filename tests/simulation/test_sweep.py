"""Sweep levers, the frontier and the named point, on hand-built points."""

from __future__ import annotations

import math
from pathlib import Path

import pytest

from ridgeline.simulation.scenario import Scenario, load_scenario
from ridgeline.simulation.sweep import (
    SweepPoint,
    frontier,
    human_workload,
    knee,
    parse_vary,
    with_levers,
)

ROOT = Path(__file__).resolve().parents[2]


def test_parse_vary_ranges_include_the_end_and_lists() -> None:
    assert parse_vary("automation=0.3:0.5:0.1") == ("automation", [0.3, 0.4, 0.5])
    assert parse_vary("agents=0.8,1.2") == ("agents", [0.8, 1.2])
    for bad in ("automation", "speed=1:2:1", "agents=2:1:0.5", "agents=1:2:0"):
        with pytest.raises(ValueError):
            parse_vary(bad)


def _point(automation: float, cost: float, sat: float, churn_cost: float) -> SweepPoint:
    return SweepPoint(
        {"automation": automation},
        {
            "cost_per_resolved_contact": cost,
            "csat_positive_share": sat,
            "net_cost_per_resolved_contact": cost + churn_cost,
        },
    )


def test_frontier_drops_dominated_points() -> None:
    a = _point(0.5, 600, 0.80, 50)
    b = _point(0.6, 500, 0.78, 60)
    dominated = _point(0.7, 550, 0.70, 90)
    c = _point(0.8, 400, 0.65, 150)
    assert frontier([a, b, dominated, c]) == [c, b, a]


def test_knee_is_where_churn_outweighs_savings() -> None:
    points = [
        _point(0.5, 600, 0.80, 50),  # net 650
        _point(0.6, 500, 0.78, 60),  # net 560
        _point(0.7, 450, 0.72, 100),  # net 550 <- lowest
        _point(0.8, 400, 0.65, 180),  # net 580: saves 50, loses 80
    ]
    named = knee(points)
    assert named is not None
    assert named.point.levers["automation"] == 0.7
    assert named.next_point is not None
    assert named.next_point.levers["automation"] == 0.8
    text = named.explain("USD")
    assert "saves 0.50 USD" in text and "costs 0.80 USD in churn" in text


def test_no_knee_without_automation() -> None:
    assert knee([SweepPoint({"agents": 1.0}, {"net_cost_per_resolved_contact": 1.0})]) is None


def test_levers_scale_the_roster_with_the_workload() -> None:
    scenario: Scenario
    scenario, base = load_scenario(ROOT / "scenarios" / "baseline.yaml")
    more = with_levers(scenario, {"automation": 0.9}, base=base)
    less = with_levers(scenario, {"automation": 0.6}, base=base)
    assert human_workload(more, base) < human_workload(scenario, base) < human_workload(less, base)
    assert more.people.staffing_scale < 1.0 < less.people.staffing_scale
    fixed = with_levers(scenario, {"automation": 0.9, "agents": 1.1}, staff_to_workload=False)
    assert fixed.people.staffing_scale == pytest.approx(1.1)
    assert with_levers(scenario, {"shrinkage": 0.2}).people.shrinkage == 0.2


def test_parallel_sweep_equals_the_serial_one() -> None:
    from ridgeline.simulation.sweep import run_sweep

    scenario, base = load_scenario(ROOT / "scenarios" / "baseline.yaml")
    varies = [("automation", [0.6, 0.85])]
    serial = run_sweep(scenario, varies, seed=4, days=1, base=base, workers=1)
    parallel = run_sweep(scenario, varies, seed=4, days=1, base=base, workers=2)
    for a, b in zip(serial, parallel, strict=True):
        assert a.levers == b.levers
        assert a.figures.keys() == b.figures.keys()
        assert all(
            a.figures[k] == b.figures[k] or (math.isnan(a.figures[k]) and math.isnan(b.figures[k]))
            for k in a.figures
        )
    # more automation, fewer people rostered: cheaper per resolved contact
    assert serial[1].cost < serial[0].cost
