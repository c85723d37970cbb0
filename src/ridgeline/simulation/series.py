"""Per-interval series of a run (hour by hour, or day by day) and the flat event log.

The series are what a workforce planner reads: contacts offered, how many went to a person,
answered and abandoned, the share answered within the service-level target, waits, open and busy
chat slots, occupancy. The event log is one flat record per event (time, contact, kind, queue),
derived from the contact table and the run detail, so a run's full history can be exported and
replayed without keeping event objects in memory during the run.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from ridgeline.simulation.engine import SimulationResult

F64 = npt.NDArray[np.float64]
EVENT_KINDS = ("arrived", "queued", "answered", "abandoned", "ended")


def _busy_seconds_before(starts: F64, ends: F64, edges: F64) -> F64:
    """Return, for each edge x, the total busy time of intervals [start, end) before x."""

    def clipped_sum(values: F64) -> F64:
        v = np.sort(values)
        csum = np.concatenate([[0.0], np.cumsum(v)])
        k = np.searchsorted(v, edges, side="right")
        return np.asarray(csum[k] + (len(v) - k) * edges, dtype=np.float64)

    return clipped_sum(ends) - clipped_sum(starts)


def series(result: SimulationResult, interval_s: float = 3600.0) -> dict[str, F64]:
    """Return the per-interval series of a run, one array per measure, all of one length.

    `interval_start` is UTC epoch seconds; intervals tile the horizon. Contacts count in the
    interval they started (offered) or joined a queue (queued, answered, abandoned, in target);
    a queue joined after the horizon counts in the last interval.
    """
    table, det = result.table, result.detail
    t0 = result.start_epoch
    started = table.started_at - t0
    n_int = max(int(np.ceil(len(result.slots_by_hour) * 3600.0 / interval_s)), 1)
    edges = np.arange(n_int + 1, dtype=np.float64) * interval_s
    queued = np.isfinite(det["joined_s"])
    answered = np.isfinite(det["answered_s"])
    bins_start = np.minimum((started // interval_s).astype(np.int64), n_int - 1)
    bins_join = np.minimum(
        (np.where(queued, det["joined_s"], 0.0) // interval_s).astype(np.int64), n_int - 1
    )
    wait = np.where(answered, det["answered_s"] - det["joined_s"], 0.0)
    target = result.scenario.service_level_target_s

    def count(mask: npt.NDArray[np.bool_], bins: npt.NDArray[np.int64]) -> F64:
        return np.bincount(bins[mask], minlength=n_int).astype(np.float64)

    answered_n = count(answered, bins_join)
    abandoned_n = count(table.abandoned, bins_join)
    in_target = count(answered & (wait <= target), bins_join)
    wait_sum = np.bincount(bins_join[answered], weights=wait[answered], minlength=n_int)
    busy_start = det["answered_s"][answered]
    busy_end = busy_start + table.human_handle_s[answered]
    busy = np.diff(_busy_seconds_before(busy_start, busy_end, edges)) / interval_s
    # open slots are known per hour; regroup them onto the interval grid
    per_hour = result.slots_by_hour
    hours_edges = np.arange(len(per_hour) + 1) * 3600.0
    cum_open = np.concatenate([[0.0], np.cumsum(per_hour * 3600.0)])
    open_slots = np.diff(np.interp(edges, hours_edges, cum_open)) / interval_s
    with np.errstate(invalid="ignore", divide="ignore"):
        return {
            "interval_start": edges[:-1] + t0,
            "offered": np.bincount(bins_start, minlength=n_int).astype(np.float64),
            "assistant_only": count(table.path_is("assistant_only"), bins_start),
            "queued": count(queued, bins_join),
            "answered": answered_n,
            "abandoned": abandoned_n,
            "answered_in_target": in_target,
            "service_level": in_target / (answered_n + abandoned_n),
            "mean_wait_s": wait_sum / answered_n,
            "open_slots": open_slots,
            "busy_slots": busy,
            "occupancy": busy / open_slots,
        }


def events(result: SimulationResult) -> dict[str, npt.NDArray[np.generic]]:
    """Return the flat event log: columns `time` (UTC epoch s), `contact_id`, `kind`, `queue`.

    `kind` indexes :data:`EVENT_KINDS`; `queue` is the queue's code in the table (0 = none).
    Rows are sorted by time, ties in the order of the kinds.
    """
    table, det = result.table, result.detail
    t0 = result.start_epoch
    queued = np.isfinite(det["joined_s"])
    answered = np.isfinite(det["answered_s"])
    parts = [
        (table.started_at, np.ones(len(table), dtype=np.bool_), 0),
        (det["joined_s"] + t0, queued, 1),
        (det["answered_s"] + t0, answered, 2),
        (det["ended_s"] + t0, table.abandoned, 3),
        (det["ended_s"] + t0, ~table.abandoned, 4),
    ]
    time = np.concatenate([t[m] for t, m, _ in parts])
    cid = np.concatenate([table.contact_id[m] for _, m, _ in parts])
    kind = np.concatenate([np.full(int(m.sum()), k, dtype=np.int8) for _, m, k in parts])
    queue = np.concatenate([table.queue.codes[m] for _, m, _ in parts])
    order = np.lexsort((kind, time))
    return {
        "time": time[order],
        "contact_id": cid[order],
        "kind": kind[order],
        "queue": queue[order],
    }
