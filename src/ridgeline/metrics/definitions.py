"""The metric dictionary: each metric of service quality defined once, as a function.

Every function takes a :class:`~ridgeline.metrics.table.ContactTable` and returns a number (or a
small mapping); its docstring is the definition. The same functions measure the simulator's
contacts and production's, so an "automation rate" in a simulated plan and in last month's report
mean exactly the same thing. Rates over no contacts are NaN, never zero, so an empty slice cannot
pass for a perfect one.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ridgeline.metrics.table import PATHS, BoolArray, ContactTable, FloatArray

SEVEN_DAYS_S = 7 * 86400.0


def _share(mask: BoolArray, of: int | None = None) -> float:
    total = len(mask) if of is None else of
    return float(np.count_nonzero(mask)) / total if total else float("nan")


def contacts(table: ContactTable) -> int:
    """Count contacts: every conversation a customer started, repeats included."""
    return len(table)


def resolution_rate(table: ContactTable) -> float:
    """Share of contacts resolved within the contact, by the assistant or a person."""
    return _share(table.resolved)


def automation_rate(table: ContactTable) -> float:
    """Share of contacts resolved with no person involved (path `assistant_only` and resolved).

    A contact the assistant kept but did not resolve is not automation: it is a failure that the
    customer pays for with a repeat contact.
    """
    return _share(table.resolved & table.path_is("assistant_only"))


def handoff_rate(table: ContactTable) -> float:
    """Share of contacts the assistant handed over to a person (path `handed_over`)."""
    return _share(table.path_is("handed_over"))


def abandonment_rate(table: ContactTable) -> float:
    """Share of contacts that left a queue for a person before a person answered."""
    return _share(table.abandoned)


def repeat_contact_rate(table: ContactTable) -> float:
    """Share of contacts that repeat an earlier contact about the same issue (`repeat_of` set)."""
    return _share(table.repeat_of >= 0)


_MAX_HASH_BITS = 25  # 32 M buckets: few false candidates at ten million rows, 256 MB of counts


def _followed_within(table: ContactTable, window_s: float) -> BoolArray:
    """Mark contacts followed within `window_s` by another of the customer on the intent or order.

    The later contact is of the same customer, on the same intent or the same order.

    Vectorised in three steps: a hash count keeps only customers seen at least twice; one sort
    groups those by customer (time order kept within each); then row i is compared with row
    i + k of the same customer for k = 1, 2, ... while any pair is still inside the window.
    """
    n = len(table)
    t = table.started_at
    time_order: np.ndarray | None = None
    if n > 1 and np.any(t[1:] < t[:-1]):
        time_order = np.argsort(t, kind="stable")

    def col(a: np.ndarray) -> np.ndarray:
        return a if time_order is None else a[time_order]

    cust, ts = col(table.customer_id), col(t)
    intent, order = col(table.intent.codes), col(table.order_id)
    # about four buckets per row, so small tables do not pay for a large count array
    bits = min(_MAX_HASH_BITS, max(10, n.bit_length() + 2))
    h = (cust.astype(np.uint64) * np.uint64(0x9E3779B97F4A7C15)) >> np.uint64(64 - bits)
    h = h.astype(np.intp)
    seen_twice = np.bincount(h, minlength=1 << bits) >= 2  # bool: 8x less to gather
    cand = np.flatnonzero(seen_twice[h])
    if cust.size and (int(cust.max()) + 1) * n < 2**62 and int(cust.min()) >= 0:
        packed = np.sort(cust[cand] * n + cand)  # one int64 sort: customer, then time
        rows, owner = packed % n, packed // n
    else:  # ids too large to pack: sort by customer, keeping time order
        by = np.lexsort((cand, cust[cand]))
        rows = cand[by]
        owner = cust[rows]
    # columns in customer order, so the pair comparisons below read memory in sequence
    s_t, s_intent, s_order = ts[rows], intent[rows], order[rows]
    hit = np.zeros(len(rows), dtype=np.bool_)
    active = np.flatnonzero(owner[:-1] == owner[1:])
    k = 1
    while len(active):
        j = active + k
        inside = s_t[j] - s_t[active] <= window_s
        same = (s_intent[active] == s_intent[j]) | (
            (s_order[active] == s_order[j]) & (s_order[active] >= 0)
        )
        hit[active[inside & same]] = True
        # later rows of the same customer are later still: keep pairs inside the window
        active = active[inside]
        k += 1
        active = active[active + k < len(rows)]
        active = active[owner[active] == owner[active + k]]
    followed = np.zeros(n, dtype=np.bool_)
    followed[rows[hit]] = True
    if time_order is None:
        return followed
    out = np.zeros(n, dtype=np.bool_)
    out[time_order] = followed
    return out


def durably_resolved(table: ContactTable, window_s: float = SEVEN_DAYS_S) -> BoolArray:
    """Return the mask of contacts resolved durably (see :func:`durable_resolution_rate`)."""
    if len(table) == 0:
        return np.zeros(0, dtype=np.bool_)
    return np.asarray(table.resolved & ~_followed_within(table, window_s))


def durable_resolution_rate(table: ContactTable, window_s: float = SEVEN_DAYS_S) -> float:
    """Share of contacts resolved and not followed by a new contact on the same matter.

    A new contact is on the same matter when it comes from the same customer on the same intent,
    or on the same order, within seven days (`window_s`) of the contact's start.

    This is the one-contact resolution across channels that SQM recommends measuring instead of
    assistant containment.
    """
    return _share(durably_resolved(table, window_s))


def _percentiles(values: FloatArray, points: tuple[float, ...]) -> dict[str, float]:
    finite = values[np.isfinite(values)]
    if len(finite) == 0:
        return {f"p{p:g}": float("nan") for p in points}
    got = np.percentile(finite, points)
    return {f"p{p:g}": float(v) for p, v in zip(points, got, strict=True)}


def time_to_resolution(
    table: ContactTable, points: tuple[float, ...] = (50.0, 90.0)
) -> dict[str, float]:
    """Percentiles (p50, p90) of seconds from a contact's start to its resolution.

    Only resolved contacts count: unresolved contacts have no time to resolution.
    """
    return _percentiles(table.time_to_resolution_s[table.resolved], points)


def time_to_human(
    table: ContactTable, points: tuple[float, ...] = (50.0, 90.0)
) -> dict[str, float]:
    """Percentiles (p50, p90) of seconds from a contact's start until a person answered.

    Only contacts a person answered count; the time is the assistant's time plus the queue wait.
    """
    return _percentiles(table.time_to_human_s, points)


def handoff_rate_by(table: ContactTable, column: str = "handoff_reason") -> dict[str, float]:
    """Share of all contacts handed over, split by `handoff_reason` or by `queue`.

    The shares sum to :func:`handoff_rate`.
    """
    if column not in ("handoff_reason", "queue"):
        raise ValueError("split handoffs by 'handoff_reason' or 'queue'")
    cat = getattr(table, column)
    handed = table.path_is("handed_over")
    counts = np.bincount(cat.codes[handed], minlength=len(cat.levels))
    n = len(table)
    return {
        level: (float(c) / n if n else float("nan"))
        for level, c in zip(cat.levels, counts.tolist(), strict=True)
        if c
    }


@dataclass(frozen=True)
class HandoffSplit:
    """Handoffs split into necessary and avoidable ones."""

    necessary: int
    avoidable: int

    @property
    def necessary_share(self) -> float:
        """Return the necessary handoffs as a share of all handoffs."""
        total = self.necessary + self.avoidable
        return self.necessary / total if total else float("nan")


def necessary_handoffs(table: ContactTable) -> HandoffSplit:
    """Split handed-over contacts into necessary and avoidable handoffs.

    A handoff is necessary when the person performed an action or a rule required a person, and
    avoidable when the person only talked (the assistant could have).
    """
    handed = table.path_is("handed_over")
    needed = handed & (table.person_acted | table.rule_required_handoff)
    n_needed = int(np.count_nonzero(needed))
    return HandoffSplit(n_needed, int(np.count_nonzero(handed)) - n_needed)


@dataclass(frozen=True)
class Satisfaction:
    """Survey figures of a set of contacts."""

    contacts: int
    responses: int
    positive_share: float
    mean_score: float

    @property
    def response_rate(self) -> float:
        """Return the share of contacts with a survey answer."""
        return self.responses / self.contacts if self.contacts else float("nan")


def satisfaction(table: ContactTable) -> Satisfaction:
    """Survey satisfaction: the share of positive answers, the mean score and the response rate.

    An answer scoring 4 or 5 is positive; the share and the mean are over contacts with an answer
    (`csat` not NaN).
    """
    answered = table.csat[np.isfinite(table.csat)]
    n = len(answered)
    return Satisfaction(
        contacts=len(table),
        responses=n,
        positive_share=float(np.count_nonzero(answered >= 4)) / n if n else float("nan"),
        mean_score=float(answered.mean()) if n else float("nan"),
    )


def satisfaction_by_path(table: ContactTable) -> dict[str, Satisfaction]:
    """Survey satisfaction (see :func:`satisfaction`) for each path of :data:`PATHS`."""
    return {name: satisfaction(table.take(table.path_is(name))) for name in PATHS}


def complaint_rate(table: ContactTable) -> float:
    """Share of contacts that led to a complaint."""
    return _share(table.complaint)


def complaint_upheld_share(table: ContactTable) -> float:
    """Share of complaints that were upheld (found justified)."""
    return _share(table.complaint_upheld & table.complaint, int(np.count_nonzero(table.complaint)))
