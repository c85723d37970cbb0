"""Cost metrics, FTE equivalents, revenue per employee and breakdowns on hand-built tables."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest

from ridgeline.metrics import CostModel, breakdown, headline
from ridgeline.metrics import definitions as d
from ridgeline.metrics.costs import (
    ai_cost,
    assistant_fte_equivalent,
    cost_per_contact,
    cost_per_resolved_contact,
    productive_hours_from_handle_time,
    revenue_per_employee,
    total_cost,
)
from ridgeline.metrics.table import ContactTable

DAY = 86400.0


def _table() -> ContactTable:
    rows: list[dict[str, Any]] = [
        dict(started_at=0.0, resolved=True, ai_cost=40, language="en", intent="pay_now"),
        dict(started_at=100.0, resolved=True, ai_cost=40, language="sv", intent="pay_now"),
        dict(
            started_at=DAY + 5,
            path="handed_over",
            queue="payments",
            resolved=True,
            human_handle_s=1800.0,
            ai_cost=40,
            language="en",
            intent="late_fee",
        ),
        dict(
            started_at=DAY + 9,
            path="human_only",
            queue="payments",
            resolved=False,
            human_handle_s=1800.0,
            language="en",
            intent="late_fee",
            market="SE",
        ),
    ]
    return ContactTable.from_rows(rows)


def test_costs_from_handle_time_and_from_rostered_hours() -> None:
    t = _table()
    model = CostModel(agent_cost_per_productive_hour=4000, overhead_share=0.25)
    assert productive_hours_from_handle_time(t) == pytest.approx(1.0)
    assert ai_cost(t, model) == 120
    # 120 AI + 1 h x 4000 x 1.25
    assert total_cost(t, model) == 5120
    assert cost_per_contact(t, model) == pytest.approx(1280.0)
    assert cost_per_resolved_contact(t, model) == pytest.approx(5120 / 3)
    # rostered hours replace handle time: idle time is paid for too
    assert total_cost(t, model, productive_hours=3.0) == 120 + 15000
    # chats at once halve the hours handle time needs
    two = CostModel(agent_cost_per_productive_hour=4000, concurrency=2.0)
    assert total_cost(t, two) == 120 + 2000


def test_model_price_overrides_recorded_ai_cost() -> None:
    model = CostModel(agent_cost_per_productive_hour=0, ai_cost_per_conversation=25)
    # three contacts touched the assistant (the human_only one did not)
    assert ai_cost(_table(), model) == 75


def test_assistant_fte_equivalent() -> None:
    t = _table()
    # two assistant resolutions x 1800 s (mean human handle) = 1 h; 0.5 h per FTE -> 2 FTE
    assert assistant_fte_equivalent(t, productive_hours_per_fte=0.5) == pytest.approx(2.0)
    assert assistant_fte_equivalent(t, 1.0, human_handle_s=720.0) == pytest.approx(0.4)
    with pytest.raises(ValueError):
        assistant_fte_equivalent(t, 0.0)


def test_revenue_per_employee() -> None:
    assert revenue_per_employee(390_000_00 * 3000, 3000) == pytest.approx(390_000_00)
    with pytest.raises(ValueError):
        revenue_per_employee(1, 0)


def test_breakdowns_apply_the_same_definition_per_slice() -> None:
    t = _table()
    by_day = breakdown(t, "day", d.contacts)
    assert by_day == {"1970-01-01": 2, "1970-01-02": 2}
    assert breakdown(t, "language", d.contacts) == {"en": 3, "sv": 1}
    assert breakdown(t, "intent", d.automation_rate) == pytest.approx(
        {"pay_now": 1.0, "late_fee": 0.0}
    )
    assert breakdown(t, "queue", d.resolution_rate) == pytest.approx({"": 1.0, "payments": 0.5})
    assert breakdown(t, "market", d.contacts) == {"": 3, "SE": 1}
    with pytest.raises(ValueError):
        breakdown(t, "weather", d.contacts)


def test_headline_matches_the_single_definitions() -> None:
    t = _table()
    model = CostModel(agent_cost_per_productive_hour=4000)
    h = headline(t, model, productive_hours=2.0, productive_hours_per_fte=1.0)
    assert h["contacts"] == 4
    assert h["automation_rate"] == pytest.approx(d.automation_rate(t))
    assert h["cost_per_contact"] == pytest.approx((120 + 8000) / 4)
    assert h["assistant_fte_equivalent"] == pytest.approx(1.0)


def test_take_keeps_columnar_dtypes() -> None:
    # slicing keeps numpy dtypes (no Python objects), which is what keeps metrics vectorised
    t = _table().take(np.array([0, 2]))
    assert t.resolved.dtype == np.bool_
    assert t.intent.codes.dtype == np.int16
    assert t.intent.labels() == ["pay_now", "late_fee"]
