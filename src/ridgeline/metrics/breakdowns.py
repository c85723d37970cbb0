"""Metrics by slice (day, language, intent, queue, market, path) and the headline figures.

A breakdown applies any metric of the dictionary to each slice of the contact table, so the
figures by language are the same definitions as the totals, never a second implementation.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from typing import TypeVar

import numpy as np

from ridgeline.metrics import definitions as d
from ridgeline.metrics.costs import (
    CostModel,
    assistant_fte_equivalent,
    cost_per_contact,
    cost_per_resolved_contact,
)
from ridgeline.metrics.table import ContactTable

T = TypeVar("T")

SLICES = ("day", "language", "intent", "queue", "market", "path")


def _day_labels(days: np.ndarray) -> list[str]:
    return [datetime.fromtimestamp(int(x) * 86400, UTC).date().isoformat() for x in days.tolist()]


def breakdown(table: ContactTable, by: str, metric: Callable[[ContactTable], T]) -> dict[str, T]:
    """Apply `metric` to each slice of the table, keyed by the slice's label.

    Args:
        table: the contacts.
        by: one of :data:`SLICES`; `day` is the UTC calendar day of `started_at`.
        metric: any function of the metric dictionary (or a lambda over one).
    """
    if by == "day":
        keys = np.floor(table.started_at / 86400.0).astype(np.int64)
    elif by in SLICES:
        keys = getattr(table, by).codes.astype(np.int64)
    else:
        raise ValueError(f"break down by one of {SLICES}")
    # one stable sort, then contiguous slices: fast even with hundreds of days
    order = np.argsort(keys, kind="stable")
    uniq, starts = np.unique(keys[order], return_index=True)
    bounds = [*starts.tolist(), len(order)]
    labels = _day_labels(uniq) if by == "day" else [getattr(table, by).levels[k] for k in uniq]
    return {
        label: metric(table.take(order[bounds[i] : bounds[i + 1]]))
        for i, label in enumerate(labels)
    }


def headline(
    table: ContactTable,
    cost: CostModel,
    productive_hours: float | None = None,
    productive_hours_per_fte: float | None = None,
) -> dict[str, float]:
    """Return the headline figures of the dictionary as one flat mapping (name -> value).

    Money figures are in minor units of the table's currency; times in seconds; rates in 0..1.
    """
    ttr = d.time_to_resolution(table)
    tth = d.time_to_human(table)
    sat = d.satisfaction(table)
    split = d.necessary_handoffs(table)
    out = {
        "contacts": float(d.contacts(table)),
        "automation_rate": d.automation_rate(table),
        "resolution_rate": d.resolution_rate(table),
        "durable_resolution_rate": d.durable_resolution_rate(table),
        "repeat_contact_rate": d.repeat_contact_rate(table),
        "handoff_rate": d.handoff_rate(table),
        "necessary_handoff_share": split.necessary_share,
        "abandonment_rate": d.abandonment_rate(table),
        "time_to_resolution_p50_s": ttr["p50"],
        "time_to_resolution_p90_s": ttr["p90"],
        "time_to_human_p50_s": tth["p50"],
        "time_to_human_p90_s": tth["p90"],
        "csat_positive_share": sat.positive_share,
        "csat_mean": sat.mean_score,
        "csat_response_rate": sat.response_rate,
        "complaint_rate": d.complaint_rate(table),
        "complaint_upheld_share": d.complaint_upheld_share(table),
        "cost_per_contact": cost_per_contact(table, cost, productive_hours),
        "cost_per_resolved_contact": cost_per_resolved_contact(table, cost, productive_hours),
    }
    if productive_hours_per_fte is not None:
        out["assistant_fte_equivalent"] = assistant_fte_equivalent(
            table, productive_hours_per_fte, cost.concurrency
        )
    return out
