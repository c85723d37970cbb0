"""The metric dictionary over sums: the same figures as `definitions` and `costs`, from rollups.

Each figure below restates, over counts, the definition whose docstring is in
:mod:`ridgeline.metrics.definitions` or :mod:`ridgeline.metrics.costs` (automation rate =
resolved with no person / contacts, and so on). Tests compute both on the same contacts and
require equal figures; the two time percentiles come from histogram bins and are exact to one bin
(about 9%, :data:`~ridgeline.metrics.rollups.BINS_PER_DOUBLING`).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import UTC, datetime

import numpy as np

from ridgeline.metrics.costs import CostModel
from ridgeline.metrics.rollups import COUNTS, FLOAT_SUMS, MEASURES, N_BINS, Rollup, bin_bounds
from ridgeline.metrics.table import BoolArray, IntArray


def _zeros() -> dict[str, IntArray]:
    return {m: np.zeros(N_BINS, dtype=np.int64) for m in MEASURES}


@dataclass
class Totals:
    """Summed counts, float sums and histogram bins of a set of contacts."""

    counts: dict[str, int] = field(default_factory=lambda: dict.fromkeys(COUNTS, 0))
    sums: dict[str, float] = field(default_factory=lambda: dict.fromkeys(FLOAT_SUMS, 0.0))
    bins: dict[str, IntArray] = field(default_factory=_zeros)

    def add(self, other: Totals) -> None:
        """Add another set's sums to this one."""
        for k, v in other.counts.items():
            self.counts[k] = self.counts.get(k, 0) + v
        for k, f in other.sums.items():
            self.sums[k] = self.sums.get(k, 0.0) + f
        for k, b in other.bins.items():
            self.bins[k] = self.bins[k] + b


def totals(r: Rollup, rows: BoolArray | IntArray | None = None) -> Totals:
    """Sum the selected rollup rows (a mask or row indices; all rows when None)."""
    sel = np.ones(len(r), dtype=np.bool_) if rows is None else rows
    return Totals(
        counts={k: int(v[sel].sum()) for k, v in r.counts.items()},
        sums={k: float(v[sel].sum()) for k, v in r.sums.items()},
        bins={k: v[sel].sum(axis=0).astype(np.int64) for k, v in r.bins.items()},
    )


def grouped(r: Rollup, dimension: str, by: str, rows: BoolArray | None = None) -> dict[str, Totals]:
    """Sum the rows of one dimension per label of `by` (`value`, `day`, `market`, `language`).

    Day labels are ISO dates.
    """
    sel = r.dimension == dimension
    if rows is not None:
        sel &= rows
    idx = np.flatnonzero(sel)
    if by == "day":
        keys = [datetime.fromtimestamp(int(d) * 86400, UTC).date().isoformat() for d in r.day[idx]]
    else:
        keys = [str(x) for x in getattr(r, by)[idx]]
    members: dict[str, list[int]] = defaultdict(list)
    for i, key in zip(idx.tolist(), keys, strict=True):
        members[key].append(i)
    return {key: totals(r, np.asarray(members[key])) for key in sorted(members)}


def percentile(bins: IntArray, point: float) -> float:
    """Estimate a percentile (numpy's linear definition) from histogram bins.

    The rank is located in its bin and interpolated geometrically inside it, so the estimate lies
    within the bins of the two values numpy interpolates between: within one bin (about 9%) of
    the exact percentile whenever those values are close, as they are over many contacts.
    """
    n = int(bins.sum())
    if n == 0:
        return float("nan")
    rank = point / 100.0 * (n - 1)
    cum = np.cumsum(bins)
    b = int(np.searchsorted(cum, rank, side="right"))
    b = min(b, N_BINS - 1)
    before = int(cum[b - 1]) if b else 0
    inside = max(int(bins[b]), 1)
    frac = min(max((rank - before + 0.5) / inside, 0.0), 1.0)
    low, high = bin_bounds(b)
    if low <= 0:
        return float(high * frac)
    return float(low * (high / low) ** frac)


def _rate(num: float, den: float) -> float:
    return num / den if den else float("nan")


def total_cost(t: Totals, cost: CostModel, productive_hours: float | None = None) -> int:
    """Total cost, as :func:`ridgeline.metrics.costs.total_cost`, from sums."""
    c = t.counts
    hours = (
        t.sums["handle_s"] / 3600.0 / cost.concurrency
        if productive_hours is None
        else productive_hours
    )
    ai = (
        c["ai_cost"]
        if cost.ai_cost_per_conversation is None
        else c["assistant_touched"] * cost.ai_cost_per_conversation
    )
    return ai + round(hours * cost.agent_cost_per_productive_hour * (1.0 + cost.overhead_share))


def figures(
    t: Totals,
    cost: CostModel,
    productive_hours: float | None = None,
    productive_hours_per_fte: float | None = None,
) -> dict[str, float]:
    """Return the headline figures (the keys of :func:`ridgeline.metrics.headline`) from sums."""
    c = t.counts
    n = c["contacts"]
    spent = total_cost(t, cost, productive_hours)
    out = {
        "contacts": float(n),
        "automation_rate": _rate(c["automated"], n),
        "resolution_rate": _rate(c["resolved"], n),
        "durable_resolution_rate": _rate(c["durable"], n),
        "repeat_contact_rate": _rate(c["repeats"], n),
        "handoff_rate": _rate(c["handed_over"], n),
        "necessary_handoff_share": _rate(c["necessary_handoffs"], c["handed_over"]),
        "abandonment_rate": _rate(c["abandoned"], n),
        "time_to_resolution_p50_s": percentile(t.bins["ttr"], 50.0),
        "time_to_resolution_p90_s": percentile(t.bins["ttr"], 90.0),
        "time_to_human_p50_s": percentile(t.bins["tth"], 50.0),
        "time_to_human_p90_s": percentile(t.bins["tth"], 90.0),
        "csat_positive_share": _rate(c["csat_positive"], c["csat_responses"]),
        "csat_mean": _rate(c["csat_sum"], c["csat_responses"]),
        "csat_response_rate": _rate(c["csat_responses"], n),
        "complaint_rate": _rate(c["complaints"], n),
        "complaint_upheld_share": _rate(c["upheld"], c["complaints"]),
        "cost_per_contact": _rate(spent, n),
        "cost_per_resolved_contact": _rate(spent, c["resolved"]),
    }
    if productive_hours_per_fte is not None:
        mean_handle = _rate(t.sums["handle_s"], c["handled"])
        out["assistant_fte_equivalent"] = (
            c["automated"] * mean_handle / cost.concurrency / 3600.0 / productive_hours_per_fte
        )
    return out


PERCENTILE_KEYS = (
    "time_to_resolution_p50_s",
    "time_to_resolution_p90_s",
    "time_to_human_p50_s",
    "time_to_human_p90_s",
)
