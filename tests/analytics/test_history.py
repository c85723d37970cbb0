"""Generated history read back: the records give the simulator's figures, the rollups the same."""

from __future__ import annotations

import math
from dataclasses import replace
from datetime import UTC, datetime, time, timedelta

import numpy as np
import pytest
from sqlalchemy import func, select

from ridgeline.analytics.contacts import load_contacts
from ridgeline.analytics.dashboard import Settings, dashboard_figures, exact_figures
from ridgeline.analytics.models import metric_rollups
from ridgeline.analytics.reader import Filters
from ridgeline.analytics.store import refresh
from ridgeline.metrics import breakdown, headline
from ridgeline.metrics.repeats import earlier_contacts
from ridgeline.metrics.rollups import BINS_PER_DOUBLING
from ridgeline.metrics.summary import PERCENTILE_KEYS
from ridgeline.metrics.table import ContactTable
from ridgeline.policy import RULE_REQUIRED_REASONS
from tests.analytics.conftest import Generated

RATIO = 2.0 ** (1.0 / BINS_PER_DOUBLING)
ROUNDED = ("cost_per_contact", "cost_per_resolved_contact", "assistant_fte_equivalent")


def as_production(t: ContactTable) -> ContactTable:
    """Return the simulated table under production's rules: no order ids, repeats found by
    customer and intent, rule-required handoffs by reason (see analytics.contacts)."""
    handed = t.path_is("handed_over")
    reasons = np.asarray(t.handoff_reason.levels, dtype=object)[t.handoff_reason.codes]
    rule = handed & np.isin(reasons, list(RULE_REQUIRED_REASONS))
    t = replace(t, order_id=np.full(len(t), -1, dtype=np.int64), rule_required_handoff=rule)
    return replace(t, repeat_of=earlier_contacts(t))


def close(got: float | None, want: float | None, key: str, rel: float) -> None:
    if want is None or (isinstance(want, float) and math.isnan(want)):
        assert got is None or math.isnan(got), key
        return
    assert got is not None, key
    if key in PERCENTILE_KEYS and rel > 1e-3:
        assert want / RATIO - RATIO <= got <= want * RATIO + RATIO, (key, got, want)
    else:
        assert got == pytest.approx(want, rel=rel, abs=1e-9), key


def test_records_read_back_give_the_simulators_figures(generated: Generated) -> None:
    h = generated.history
    f = Filters(h.first_day, h.last_day)
    settings = Settings()
    with generated.db.reader() as session:
        exact = exact_figures(session, f, settings)["headline"]
    fte_hours = settings.productive_hours_per_fte_year * f.days / 365.0
    simulated = headline(as_production(h.table), settings.cost, productive_hours_per_fte=fte_hours)
    assert simulated["contacts"] > 4000
    assert simulated["complaint_rate"] > 0 and 0 < simulated["necessary_handoff_share"] < 1
    for key, want in simulated.items():
        # handle times are stored in whole seconds: costs agree to rounding
        close(exact[key], want, key, 1e-4 if key in ROUNDED else 1e-6)


@pytest.mark.parametrize("which", ["all", "market", "language"])
def test_dashboard_from_rollups_equals_the_exact_figures(generated: Generated, which: str) -> None:
    h = generated.history
    t = h.table
    market = language = None
    if which == "market":
        market = t.market.levels[int(np.bincount(t.market.codes).argmax())]
    if which == "language":
        language = t.language.levels[int(np.bincount(t.language.codes).argmax())]
    f = Filters(h.first_day + timedelta(days=3), h.last_day - timedelta(days=2), market, language)
    with generated.db.reader() as session:
        fast = dashboard_figures(session, f)["headline"]
        exact = exact_figures(session, f)["headline"]
    assert fast["contacts"] and fast["contacts"] < len(t)
    for key, want in exact.items():
        close(fast[key], want, key, 1e-9 if key not in PERCENTILE_KEYS else 1.0)


def test_dashboard_breakdown_by_intent_equals_the_row_level_breakdown(generated: Generated) -> None:
    h = generated.history
    f = Filters(h.first_day, h.last_day)
    settings = Settings()
    with generated.db.reader() as session:
        fast = dashboard_figures(session, f, settings)["breakdowns"]["intent"]
        table = load_contacts(
            session,
            *_bounds(f),
            ai_cost_per_conversation=settings.cost.ai_cost_per_conversation or 0,
        ).table
    exact = breakdown(table, "intent", lambda part: headline(part, settings.cost))
    assert set(fast) == set(exact)
    for intent, figs in exact.items():
        for key in ("contacts", "automation_rate", "handoff_rate", "csat_positive_share"):
            close(fast[intent][key], figs[key], key, 1e-9)
        # percentiles: between the bins of the two order statistics around the rank (with few
        # contacts these can be far apart, and numpy interpolates between them)
        part = table.take(table.intent.codes == table.intent.code(intent))
        for key, values, point in (
            ("time_to_resolution_p50_s", part.time_to_resolution_s[part.resolved], 50.0),
            ("time_to_human_p90_s", part.time_to_human_s, 90.0),
        ):
            xs = np.sort(values[np.isfinite(values)])
            got = fast[intent][key]
            if len(xs) == 0:
                assert got is None
                continue
            rank = point / 100.0 * (len(xs) - 1)
            low, high = xs[int(np.floor(rank))], xs[int(np.ceil(rank))]
            assert low / RATIO - RATIO <= got <= high * RATIO + RATIO, (intent, key, got)


def _bounds(f: Filters) -> tuple[datetime, datetime]:
    start = datetime.combine(f.first, time(0), tzinfo=UTC)
    return start, start + timedelta(days=f.days)


def test_refresh_rebuilds_the_same_rows(generated: Generated) -> None:
    h = generated.history
    f = Filters(h.first_day, h.last_day)
    with generated.db.reader() as session:
        before = dashboard_figures(session, f)
        rows = session.scalar(select(func.count()).select_from(metric_rollups))
    with generated.db.writer() as session:
        refresh(session, h.first_day + timedelta(days=5), h.first_day + timedelta(days=9))
        session.commit()
    with generated.db.reader() as session:
        after = dashboard_figures(session, f)
        assert session.scalar(select(func.count()).select_from(metric_rollups)) == rows
    assert after["headline"] == before["headline"]
    assert after["series"] == before["series"]
