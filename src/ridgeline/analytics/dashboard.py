"""The operations dashboard's figures: headline with trend, daily series and breakdowns.

One function, :func:`dashboard_figures`, serves the dashboard page, its JSON and CSV routes and
`ridgeline report`, so the numbers on screen and in the terminal are the same numbers. It reads
the rollups (:mod:`ridgeline.analytics.reader`) and applies the metric dictionary's formulas over
sums (:func:`ridgeline.metrics.summary.figures`). :func:`exact_figures` computes the same headline
from the conversations themselves with the row-level definitions, for checks and `--exact`.
:func:`period_filters` checks a requested period (the API's 422 with a readable message); each
figure's unit and its trend against the previous period come from :mod:`.units`.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

import numpy as np
from sqlalchemy.orm import Session

from ridgeline.analytics.contacts import load_contacts
from ridgeline.analytics.model_calls import model_call_figures
from ridgeline.analytics.reader import BINNED, Filters, add_bins, sums
from ridgeline.analytics.units import FIGURES, trends
from ridgeline.kit.errors import InvalidInputError
from ridgeline.metrics import CostModel, headline
from ridgeline.metrics.costs import revenue_per_employee
from ridgeline.metrics.definitions import durably_resolved
from ridgeline.metrics.summary import Totals, figures
from ridgeline.metrics.table import PATHS


@dataclass(frozen=True)
class Settings:
    """What the figures need beyond the records: prices, a full-time year, revenue, headcount.

    Attributes:
        cost: the cost model (defaults: the baseline scenario's $40 loaded hour, 25% overhead,
            $0.50 per assistant conversation).
        productive_hours_per_fte_year: productive hours of one full-time person in a year
            (1,680 contracted hours less 30% shrinkage).
        revenue: revenue over the period in minor units, for revenue per employee (optional).
        headcount: people employed, for revenue per employee (optional).
        currency: the currency of the cost model's prices and of `revenue` (ISO 4217).
    """

    cost: CostModel = field(default_factory=lambda: CostModel(4000, 0.25, 50))
    productive_hours_per_fte_year: float = 1176.0
    revenue: int | None = None
    headcount: float | None = None
    currency: str = "USD"


#: The longest period the dashboard reads at once, in days.
MAX_DAYS = 3 * 366
#: The days a period may start and end on (as the API's dates: 1900 to 2099).
EARLIEST, LATEST = date(1900, 1, 1), date(2099, 12, 31)


def period_filters(
    first: date | None,
    last: date | None,
    market: str | None,
    language: str | None,
    today: date,
) -> Filters:
    """Return the filters of a request; by default the 30 days up to yesterday.

    Raises:
        InvalidInputError: the period is the wrong way round, longer than `MAX_DAYS`, or
            outside 1900 to 2099; the message says which, in words a supervisor reads.
    """
    last = last or today - timedelta(days=1)
    first = first or last - timedelta(days=29)
    for name, day in (("from", first), ("to", last)):
        if not EARLIEST <= day <= LATEST:
            raise InvalidInputError(f"'{name}' must be a day from {EARLIEST} to {LATEST}")
    if first > last:
        raise InvalidInputError(
            f"the period is the wrong way round: 'from' ({first}) is after 'to' ({last})"
        )
    if (last - first).days >= MAX_DAYS:
        raise InvalidInputError(f"a period is at most {MAX_DAYS} days")
    if first - timedelta(days=(last - first).days + 1) < EARLIEST:
        raise InvalidInputError(f"the previous period would start before {EARLIEST}")
    return Filters(first, last, market or None, language or None)


def _clean(value: float) -> float | None:
    return None if math.isnan(value) or math.isinf(value) else value


def _figures(t: Totals, s: Settings, days: int) -> dict[str, float | None]:
    fte_hours = s.productive_hours_per_fte_year * days / 365.0
    out = figures(t, s.cost, productive_hours_per_fte=fte_hours)
    return {k: _clean(v) for k, v in out.items()}


def dashboard_figures(
    session: Session, f: Filters, s: Settings | None = None, today: date | None = None
) -> dict[str, Any]:
    """Return every figure of the dashboard for the filters (JSON-ready: NaN becomes None).

    `today` (default: the wall clock's, UTC) says from which day the figures are provisional.
    """
    s = s or Settings()
    previous = Filters(
        f.first - timedelta(days=f.days), f.first - timedelta(days=1), f.market, f.language
    )
    # the whole period and the previous one, the days, markets and languages: dimension "all"
    groups: dict[str | None, dict[str, Totals]] = {
        None: sums(session, f, "all", None),
        "day": sums(session, f, "all", "day"),
        "market": sums(session, f, "all", "market"),
        "language": sums(session, f, "all", "language"),
    }
    add_bins(session, f, "all", ["day"], groups)
    add_bins(session, f, "all", [None, "market", "language"], groups)
    before: dict[str | None, dict[str, Totals]] = {None: sums(session, previous, "all", None)}
    add_bins(session, previous, "all", [None], before)
    by_value: dict[str, dict[str, Totals]] = {}
    for dim in ("intent", "queue", "path", "handoff_reason"):
        found: dict[str | None, dict[str, Totals]] = {"value": sums(session, f, dim, "value")}
        if dim in BINNED:
            add_bins(session, f, dim, ["value"], found)
        by_value[dim] = found["value"]

    total = groups[None].get("", Totals())
    head = _figures(total, s, f.days)
    if s.revenue is not None and s.headcount:
        head["revenue_per_employee"] = revenue_per_employee(s.revenue, s.headcount)
    days = sorted(groups["day"])
    series = {"day": days}
    for day in days:
        for k, v in _figures(groups["day"][day], s, 1).items():
            series.setdefault(k, []).append(v)  # type: ignore[arg-type]
    breakdowns: dict[str, dict[str, dict[str, float | None]]] = {
        "language": {k: _figures(v, s, f.days) for k, v in groups["language"].items()},
        "market": {k: _figures(v, s, f.days) for k, v in groups["market"].items()},
    }
    for dim, found_totals in by_value.items():
        breakdowns[dim] = {(k or "(none)"): _figures(v, s, f.days) for k, v in found_totals.items()}
    contacts = total.counts["contacts"]
    handed = {
        dim: {
            k: _clean(t.counts["handed_over"] / contacts if contacts else float("nan"))
            for k, t in by_value[dim].items()
            if k and t.counts["handed_over"]
        }
        for dim in ("handoff_reason", "queue")
    }
    by_path = {
        p: {
            "contacts": t.counts["contacts"],
            "responses": t.counts["csat_responses"],
            "positive_share": breakdowns["path"][p]["csat_positive_share"],
            "mean_score": breakdowns["path"][p]["csat_mean"],
            "response_rate": breakdowns["path"][p]["csat_response_rate"],
        }
        for p, t in by_value["path"].items()
        if p in PATHS
    }
    provisional = (today or datetime.now(UTC).date()) - timedelta(days=7)
    earlier = _figures(before[None].get("", Totals()), s, previous.days)
    return {
        "period": {"from": f.first.isoformat(), "to": f.last.isoformat(), "days": f.days},
        "previous_period": {
            "from": previous.first.isoformat(),
            "to": previous.last.isoformat(),
            "days": previous.days,
        },
        "filters": {"market": f.market, "language": f.language},
        "money": "minor units",
        "currency": s.currency,
        # the unit each figure is shown in (analytics/units.py), and its move from `previous`
        "units": {k: FIGURES[k].unit for k in head if k in FIGURES},
        "trend": trends(head, earlier, s.currency),
        "headline": head,
        "previous": earlier,
        "series": series,
        "breakdowns": breakdowns,
        "handoff_rate_by": handed,
        "necessary_handoffs": {
            "necessary": total.counts["necessary_handoffs"],
            "avoidable": total.counts["handed_over"] - total.counts["necessary_handoffs"],
        },
        "satisfaction_by_path": by_path,
        "complaints": {"count": total.counts["complaints"], "upheld": total.counts["upheld"]},
        "provisional_from": provisional.isoformat(),
        # A hosted model's share of turns and its error, timeout, non-JSON and refusal rates.
        "language_model": model_call_figures(session, f),
    }


def exact_figures(session: Session, f: Filters, s: Settings | None = None) -> dict[str, Any]:
    """Return the headline from the conversations with the row-level definitions (slow, exact)."""
    s = s or Settings()
    start = datetime.combine(f.first, time(0), tzinfo=UTC)
    end = datetime.combine(f.last + timedelta(days=1), time(0), tzinfo=UTC)
    contacts = load_contacts(
        session,
        start - timedelta(days=7),
        end + timedelta(days=7),
        ai_cost_per_conversation=s.cost.ai_cost_per_conversation or 0,
    )
    t = contacts.table
    keep = (t.started_at >= start.timestamp()) & (t.started_at < end.timestamp())
    if f.market:
        keep &= t.market.codes == t.market.code(f.market)
    if f.language:
        keep &= t.language.codes == t.language.code(f.language)
    # durable resolution and repeats look outside the period: compute them on the wide table
    durable = durably_resolved(t)[keep]
    part = t.take(keep)
    fte_hours = s.productive_hours_per_fte_year * f.days / 365.0
    out = headline(part, s.cost, productive_hours_per_fte=fte_hours)
    out["durable_resolution_rate"] = float(np.mean(durable)) if len(durable) else float("nan")
    return {
        "period": {"from": f.first.isoformat(), "to": f.last.isoformat(), "days": f.days},
        "filters": {"market": f.market, "language": f.language},
        "headline": {k: _clean(v) for k, v in out.items()},
    }
