"""Each metric of the dictionary on a hand-built table with a known answer."""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import pytest

from ridgeline.metrics import definitions as d
from ridgeline.metrics.table import ContactTable

DAY = 86400.0


def _table() -> ContactTable:
    """Eight contacts whose figures are worked out by hand in each test."""
    rows: list[dict[str, Any]] = [
        # 0: assistant resolved, customer 1 asks again about the same intent 2 days later (row 1)
        dict(
            customer_id=1,
            intent="refund_status",
            started_at=0.0,
            resolved=True,
            time_to_resolution_s=100.0,
            csat=5,
            ai_cost=50,
            order_id=10,
        ),
        # 1: the repeat, handed over, resolved by a person who acted
        dict(
            customer_id=1,
            intent="refund_status",
            started_at=2 * DAY,
            path="handed_over",
            queue="disputes",
            handoff_reason="low_confidence",
            resolved=True,
            time_to_resolution_s=900.0,
            time_to_human_s=200.0,
            human_handle_s=600.0,
            person_acted=True,
            repeat_of=0,
            csat=4,
            ai_cost=50,
            order_id=10,
        ),
        # 2: assistant kept it, not resolved, no survey
        dict(customer_id=2, intent="late_fee", started_at=10.0, ai_cost=50, order_id=20),
        # 3: hardship handed over by rule; the person only talked; complaint upheld
        dict(
            customer_id=3,
            intent="financial_difficulty",
            started_at=20.0,
            path="handed_over",
            queue="financial_support",
            handoff_reason="financial_difficulty",
            rule_required_handoff=True,
            resolved=True,
            time_to_resolution_s=1500.0,
            time_to_human_s=400.0,
            human_handle_s=1000.0,
            csat=2,
            complaint=True,
            complaint_upheld=True,
            ai_cost=50,
        ),
        # 4: avoidable handoff (customer asked, person did nothing), abandoned the queue
        dict(
            customer_id=4,
            intent="next_payment",
            started_at=30.0,
            path="handed_over",
            queue="payments",
            handoff_reason="customer_request",
            abandoned=True,
            ai_cost=50,
        ),
        # 5: straight to a person, resolved
        dict(
            customer_id=5,
            intent="next_payment",
            started_at=40.0,
            path="human_only",
            queue="payments",
            resolved=True,
            time_to_resolution_s=700.0,
            time_to_human_s=100.0,
            human_handle_s=600.0,
            csat=3,
            complaint=True,
        ),
        # 6: customer 6, same order as nothing else; resolved by assistant; new contact 8 days
        #    later on the same order (row 7) is outside the 7-day window
        dict(
            customer_id=6,
            intent="pay_now",
            started_at=DAY,
            resolved=True,
            time_to_resolution_s=60.0,
            ai_cost=50,
            order_id=60,
        ),
        dict(
            customer_id=6,
            intent="payoff_quote",
            started_at=9 * DAY,
            resolved=True,
            time_to_resolution_s=80.0,
            ai_cost=50,
            order_id=60,
            csat=5,
        ),
    ]
    return ContactTable.from_rows(rows)


def test_counts_and_rates() -> None:
    t = _table()
    assert d.contacts(t) == 8
    assert d.resolution_rate(t) == pytest.approx(6 / 8)
    # resolved with no person: rows 0, 6, 7
    assert d.automation_rate(t) == pytest.approx(3 / 8)
    assert d.handoff_rate(t) == pytest.approx(3 / 8)
    assert d.abandonment_rate(t) == pytest.approx(1 / 8)
    assert d.repeat_contact_rate(t) == pytest.approx(1 / 8)


def test_durable_resolution_needs_seven_quiet_days_on_intent_or_order() -> None:
    t = _table()
    durable = d.durably_resolved(t)
    # row 0 is followed by row 1 (same customer and intent, 2 days): not durable;
    # row 6 is followed by row 7 on the same order but 8 days later: durable
    assert durable.tolist() == [False, True, False, True, False, True, True, True]
    assert d.durable_resolution_rate(t) == pytest.approx(5 / 8)


def test_same_order_within_window_breaks_durability() -> None:
    rows = [
        dict(customer_id=1, intent="pay_now", order_id=7, started_at=0.0, resolved=True),
        dict(customer_id=1, intent="refund_status", order_id=7, started_at=DAY, resolved=True),
        dict(customer_id=2, intent="pay_now", order_id=-1, started_at=0.0, resolved=True),
        dict(customer_id=3, intent="pay_now", order_id=-1, started_at=10.0, resolved=True),
    ]
    t = ContactTable.from_rows(rows)
    assert d.durably_resolved(t).tolist() == [False, True, True, True]


def test_time_percentiles() -> None:
    t = _table()
    ttr = d.time_to_resolution(t)
    # resolved times: 100, 900, 1500, 700, 60, 80 -> sorted 60, 80, 100, 700, 900, 1500
    assert ttr["p50"] == pytest.approx(400.0)
    assert ttr["p90"] == pytest.approx(1200.0)
    tth = d.time_to_human(t)
    # answered by a person: 200, 400, 100
    assert tth["p50"] == pytest.approx(200.0)
    assert tth["p90"] == pytest.approx(360.0)


def test_handoffs_by_reason_and_queue_sum_to_the_handoff_rate() -> None:
    t = _table()
    by_reason = d.handoff_rate_by(t, "handoff_reason")
    assert by_reason == pytest.approx(
        {"low_confidence": 1 / 8, "financial_difficulty": 1 / 8, "customer_request": 1 / 8}
    )
    by_queue = d.handoff_rate_by(t, "queue")
    # row 5 went to payments without a handoff: not counted
    assert by_queue == pytest.approx(
        {"disputes": 1 / 8, "financial_support": 1 / 8, "payments": 1 / 8}
    )
    assert sum(by_queue.values()) == pytest.approx(d.handoff_rate(t))
    with pytest.raises(ValueError):
        d.handoff_rate_by(t, "intent")


def test_necessary_handoffs_count_actions_and_rules() -> None:
    split = d.necessary_handoffs(_table())
    assert (split.necessary, split.avoidable) == (2, 1)
    assert split.necessary_share == pytest.approx(2 / 3)


def test_satisfaction_by_path_with_response_rate() -> None:
    t = _table()
    overall = d.satisfaction(t)
    # answers: 5, 4, 2, 3, 5 -> positive 3 of 5, mean 3.8
    assert overall.responses == 5
    assert overall.response_rate == pytest.approx(5 / 8)
    assert overall.positive_share == pytest.approx(3 / 5)
    assert overall.mean_score == pytest.approx(3.8)
    by_path = d.satisfaction_by_path(t)
    assert by_path["assistant_only"].contacts == 4
    assert by_path["assistant_only"].responses == 2
    assert by_path["assistant_only"].positive_share == pytest.approx(1.0)
    assert by_path["handed_over"].positive_share == pytest.approx(1 / 2)
    assert by_path["handed_over"].response_rate == pytest.approx(2 / 3)
    assert by_path["human_only"].mean_score == pytest.approx(3.0)


def test_complaints() -> None:
    t = _table()
    assert d.complaint_rate(t) == pytest.approx(2 / 8)
    assert d.complaint_upheld_share(t) == pytest.approx(1 / 2)


def test_empty_table_gives_nan_not_zero() -> None:
    t = ContactTable.from_rows([])
    assert d.contacts(t) == 0
    assert math.isnan(d.automation_rate(t))
    assert math.isnan(d.durable_resolution_rate(t))
    assert math.isnan(d.time_to_resolution(t)["p50"])
    assert math.isnan(d.satisfaction(t).positive_share)


def test_table_rejects_ragged_columns() -> None:
    t = _table()
    with pytest.raises(ValueError, match="rows"):
        ContactTable(**{**t.__dict__, "resolved": np.zeros(3, dtype=np.bool_)})
