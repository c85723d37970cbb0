"""Rollups give the figures of the row-level definitions (percentiles to one histogram bin)."""

from __future__ import annotations

import math
from datetime import UTC, datetime
from typing import Any

import numpy as np
import pytest

from ridgeline.analytics.centre import centre
from ridgeline.metrics import CostModel, breakdown, headline
from ridgeline.metrics import definitions as d
from ridgeline.metrics.rollups import BINS_PER_DOUBLING, N_BINS, bin_bounds, bin_of, rollup
from ridgeline.metrics.summary import PERCENTILE_KEYS, figures, grouped, percentile, totals
from ridgeline.metrics.table import ContactTable
from ridgeline.simulation import simulate

COST = CostModel(agent_cost_per_productive_hour=4000, overhead_share=0.25)
BIN_RATIO = 2.0 ** (1.0 / BINS_PER_DOUBLING)


@pytest.fixture(scope="module")
def simulated() -> ContactTable:
    scenario = centre(
        contacts_per_day=3000,
        days=21,
        start=datetime(2026, 1, 5, tzinfo=UTC),
        customers=200_000,
        language_mix={"en": 0.7, "es": 0.3},
        market_mix={"US": 0.6, "ES": 0.4},
    )
    return simulate(scenario, seed=5).table


def assert_same_figures(fast: dict[str, float], exact: dict[str, float]) -> None:
    assert fast.keys() == exact.keys()
    for key, want in exact.items():
        got = fast[key]
        if math.isnan(want):
            assert math.isnan(got), key
        elif key in PERCENTILE_KEYS:
            # one bin: at most one bin's ratio apart (or inside bin 0, [0 s, 1.09 s))
            assert want / BIN_RATIO - BIN_RATIO <= got <= want * BIN_RATIO + BIN_RATIO, (
                key,
                got,
                want,
            )
        else:
            assert got == pytest.approx(want, rel=1e-9), key


def test_rollup_figures_equal_the_row_level_definitions(simulated: ContactTable) -> None:
    r = rollup(simulated)
    exact = headline(simulated, COST, productive_hours_per_fte=160.0)
    fast = figures(totals(r, r.dimension == "all"), COST, productive_hours_per_fte=160.0)
    assert_same_figures(fast, exact)
    assert exact["contacts"] > 50_000  # a real run, with every path present
    assert 0 < exact["durable_resolution_rate"] < exact["resolution_rate"]


@pytest.mark.parametrize("by", ["day", "language", "market", "intent", "queue", "path"])
def test_rollup_breakdowns_equal_the_row_level_breakdowns(simulated: ContactTable, by: str) -> None:
    r = rollup(simulated)
    # durable resolution looks across slices (a repeat may come on another day), so compare
    # against the table-wide mask sliced, which is what the rollup stores
    durable = d.durably_resolved(simulated)
    exact_durable = breakdown(
        simulated.take(np.arange(len(simulated))),
        by,
        lambda t: int(t.contact_id.size),
    )
    dim = by if by in ("intent", "queue", "path") else "all"
    group_by = "value" if dim != "all" else by
    fast = grouped(r, dim, group_by)
    exact = breakdown(simulated, by, lambda t: headline(t, COST))
    assert set(fast) == {k for k, v in exact_durable.items() if v}
    for label, t in fast.items():
        want = dict(exact[label])
        rows = _rows_of(simulated, by, label)
        want["durable_resolution_rate"] = float(durable[rows].mean())
        assert_same_figures(figures(t, COST), want)


def _rows_of(table: ContactTable, by: str, label: str) -> Any:
    if by == "day":
        day = np.floor(table.started_at / 86400.0).astype(np.int64)
        when = datetime.fromisoformat(label).replace(tzinfo=UTC).timestamp() // 86400
        return day == int(when)
    cat = getattr(table, by)
    return cat.codes == cat.code(label)


def test_percentile_from_bins_is_within_one_bin_of_numpy() -> None:
    values = np.random.default_rng(3).lognormal(5.0, 1.2, 5000)
    bins = np.bincount(bin_of(values), minlength=N_BINS)
    for point in (10.0, 50.0, 90.0, 99.0):
        exact = float(np.percentile(values, point))
        got = percentile(bins, point)
        assert exact / BIN_RATIO <= got <= exact * BIN_RATIO, (point, got, exact)
    assert math.isnan(percentile(np.zeros_like(bins), 50.0))


def test_bins_cover_their_values() -> None:
    values = np.array([0.0, 0.5, 1.0, 1.5, 59.9, 3600.0, 86400.0 * 3])
    for v, b in zip(values.tolist(), bin_of(values).tolist(), strict=True):
        low, high = bin_bounds(b)
        assert low <= v < high


def test_rollup_of_a_period_keeps_later_contacts_as_follow_ups() -> None:
    day = 86400.0
    rows: list[dict[str, Any]] = [
        dict(customer_id=1, intent="pay_now", started_at=0.0, resolved=True),
        dict(customer_id=1, intent="pay_now", started_at=2 * day, resolved=True),
        dict(customer_id=2, intent="pay_now", started_at=10.0, resolved=True),
    ]
    table = ContactTable.from_rows(rows)
    r = rollup(table, days=(0, 0))
    t = totals(r, r.dimension == "all")
    assert t.counts["contacts"] == 2
    assert t.counts["resolved"] == 2
    # customer 1 came back on the same intent two days later: only customer 2's is durable
    assert t.counts["durable"] == 1
