"""Rollups: the contact table summed per day, market, language and one slice, for fast figures.

A dashboard over ten million contacts cannot read ten million rows per page view. A rollup keeps,
for each (UTC day, market, language, slice) the counts and sums every metric of the dictionary
needs, plus fixed histogram bins of the two waiting times, so the figures of any period, market
or language are sums of a few thousand small rows. A slice is the whole (`dimension` "all"), or
one value of `intent`, `queue`, `path` or `handoff_reason`.

The metric formulas over those sums live in :mod:`ridgeline.metrics.summary`; they are checked
against the row-level definitions (:mod:`ridgeline.metrics.definitions`) on the same contacts: all
figures are equal except the percentiles, which are exact to one histogram bin (see
:data:`BINS_PER_DOUBLING`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt

from ridgeline.metrics.definitions import durably_resolved
from ridgeline.metrics.table import BoolArray, ContactTable, FloatArray, IntArray

LabelArray = npt.NDArray[np.object_]

DIMENSIONS = ("all", "intent", "queue", "path", "handoff_reason")

# Geometric bins: 8 per doubling (each about 9% wide) from 1 s up to 2^22 s (48 days); a value
# below 1 s falls in bin 0, one above the top in the last bin.
BINS_PER_DOUBLING = 8
N_BINS = BINS_PER_DOUBLING * 22 + 1

COUNTS = (
    "contacts",
    "resolved",
    "automated",
    "handed_over",
    "necessary_handoffs",
    "abandoned",
    "repeats",
    "durable",
    "complaints",
    "upheld",
    "csat_responses",
    "csat_positive",
    "csat_sum",
    "handled",
    "assistant_touched",
    "ai_cost",
)
"""Integer sums kept per rollup row (`csat_sum` is the sum of scores, `ai_cost` minor units)."""

FLOAT_SUMS = ("handle_s",)
"""Float sums kept per rollup row (seconds people held the contacts)."""

MEASURES = ("ttr", "tth")
"""Histogram measures: time to resolution (resolved contacts) and time to a person."""


def bin_of(seconds: FloatArray) -> npt.NDArray[np.int64]:
    """Return the histogram bin of each duration (see :data:`BINS_PER_DOUBLING`)."""
    with np.errstate(divide="ignore", invalid="ignore"):
        raw = np.floor(np.log2(np.maximum(seconds, 1.0)) * BINS_PER_DOUBLING)
    out: npt.NDArray[np.int64] = np.clip(raw, 0, N_BINS - 1).astype(np.int64)
    return out


def bin_bounds(index: int) -> tuple[float, float]:
    """Return the lower and upper edge in seconds of bin `index` (bin 0 starts at 0)."""
    low = 0.0 if index == 0 else 2.0 ** (index / BINS_PER_DOUBLING)
    return low, 2.0 ** ((index + 1) / BINS_PER_DOUBLING)


@dataclass(frozen=True)
class Rollup:
    """Rollup rows, column by column; `bins[measure]` is a (rows x N_BINS) count matrix."""

    day: IntArray
    market: LabelArray
    language: LabelArray
    dimension: LabelArray
    value: LabelArray
    counts: dict[str, IntArray]
    sums: dict[str, FloatArray]
    bins: dict[str, IntArray]

    def __len__(self) -> int:
        """Return the number of rollup rows."""
        return len(self.day)


def _columns(table: ContactTable, durable: BoolArray) -> dict[str, IntArray]:
    answered = np.isfinite(table.csat)
    assistant_only = table.path_is("assistant_only")
    handed = table.path_is("handed_over")
    return {
        "contacts": np.ones(len(table), dtype=np.int64),
        "resolved": table.resolved.astype(np.int64),
        "automated": (table.resolved & assistant_only).astype(np.int64),
        "handed_over": handed.astype(np.int64),
        "necessary_handoffs": (handed & (table.person_acted | table.rule_required_handoff)).astype(
            np.int64
        ),
        "abandoned": table.abandoned.astype(np.int64),
        "repeats": (table.repeat_of >= 0).astype(np.int64),
        "durable": durable.astype(np.int64),
        "complaints": table.complaint.astype(np.int64),
        "upheld": (table.complaint & table.complaint_upheld).astype(np.int64),
        "csat_responses": answered.astype(np.int64),
        "csat_positive": (answered & (np.nan_to_num(table.csat) >= 4)).astype(np.int64),
        "csat_sum": np.where(answered, np.nan_to_num(table.csat), 0).astype(np.int64),
        "handled": (table.human_handle_s > 0).astype(np.int64),
        "assistant_touched": (~table.path_is("human_only")).astype(np.int64),
        "ai_cost": table.ai_cost.astype(np.int64),
    }


def _labels(levels: tuple[str, ...], codes: npt.NDArray[np.integer[Any]]) -> LabelArray:
    return np.asarray(levels, dtype=object)[codes] if len(codes) else np.zeros(0, dtype=object)


def _group(keys: list[npt.NDArray[np.int64]]) -> tuple[npt.NDArray[np.int64], IntArray, int]:
    """Return (first row of each group, group of each row, number of groups) for integer keys."""
    packed = np.zeros(len(keys[0]), dtype=np.int64)
    for k in keys:
        width = int(k.max()) + 1 if len(k) else 1
        packed = packed * width + k
    uniq, first, inverse = np.unique(packed, return_index=True, return_inverse=True)
    return first, inverse.astype(np.int64).reshape(-1), len(uniq)


def rollup(
    table: ContactTable,
    durable: BoolArray | None = None,
    days: tuple[int, int] | None = None,
) -> Rollup:
    """Sum the contact table into rollup rows.

    Args:
        table: the contacts; for durable resolution it must hold the seven days after the period.
        durable: the durably-resolved mask, computed from `table` when None.
        days: keep only contacts whose UTC epoch day is in [first, last] (inclusive); the rows
            after the period still count as follow-ups for durable resolution.
    """
    mask = durably_resolved(table) if durable is None else durable
    day = np.floor(table.started_at / 86400.0).astype(np.int64)
    if days is not None:
        keep = (day >= days[0]) & (day <= days[1])
        table, mask, day = table.take(keep), mask[keep], day[keep]
    cols = _columns(table, mask)
    handle = table.human_handle_s.astype(np.float64)
    ttr = np.where(table.resolved, table.time_to_resolution_s, np.nan)
    measures = {"ttr": ttr, "tth": table.time_to_human_s}
    base = day - (int(day.min()) if len(day) else 0)
    parts: list[Rollup] = []
    for dim in DIMENSIONS:
        if dim == "all":
            vcodes = np.zeros(len(table), dtype=np.int64)
            vlevels: tuple[str, ...] = ("",)
        else:
            cat = getattr(table, dim)
            vcodes, vlevels = cat.codes.astype(np.int64), cat.levels
        first, inv, n = _group(
            [
                base,
                table.market.codes.astype(np.int64),
                table.language.codes.astype(np.int64),
                vcodes,
            ]
        )
        counts = {
            k: np.bincount(inv, weights=v, minlength=n).astype(np.int64) for k, v in cols.items()
        }
        sums: dict[str, FloatArray] = {
            "handle_s": np.bincount(inv, weights=handle, minlength=n).astype(np.float64)
        }
        bins: dict[str, IntArray] = {}
        for name, values in measures.items():
            has = np.isfinite(values)
            flat = inv[has] * N_BINS + bin_of(values[has])
            bins[name] = np.bincount(flat, minlength=n * N_BINS).reshape(n, N_BINS).astype(np.int64)
        parts.append(
            Rollup(
                day=day[first],
                market=_labels(table.market.levels, table.market.codes[first]),
                language=_labels(table.language.levels, table.language.codes[first]),
                dimension=np.full(n, dim, dtype=object),
                value=_labels(vlevels, vcodes[first]),
                counts=counts,
                sums=sums,
                bins=bins,
            )
        )
    return concat(parts)


def concat(parts: list[Rollup]) -> Rollup:
    """Join rollups row-wise."""

    def cat(arrays: list[LabelArray]) -> LabelArray:
        return np.concatenate(arrays) if arrays else np.zeros(0, dtype=object)

    return Rollup(
        day=np.concatenate([p.day for p in parts]),
        market=cat([p.market for p in parts]),
        language=cat([p.language for p in parts]),
        dimension=cat([p.dimension for p in parts]),
        value=cat([p.value for p in parts]),
        counts={k: np.concatenate([p.counts[k] for p in parts]) for k in COUNTS},
        sums={k: np.concatenate([p.sums[k] for p in parts]) for k in FLOAT_SUMS},
        bins={k: np.concatenate([p.bins[k] for p in parts]) for k in MEASURES},
    )
