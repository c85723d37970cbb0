"""The fast durable-resolution metric agrees with its definition, checked pair by pair."""

from __future__ import annotations

from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from ridgeline.metrics.definitions import SEVEN_DAYS_S, durably_resolved
from ridgeline.metrics.table import ContactTable

rows_strategy = st.lists(
    st.fixed_dictionaries(
        {
            "customer_id": st.integers(0, 4),
            "intent": st.sampled_from(["pay_now", "refund_status", "late_fee"]),
            "order_id": st.integers(-1, 3),
            "started_at": st.floats(0.0, 20 * 86400.0).map(round),
            "resolved": st.booleans(),
        }
    ),
    max_size=40,
)


def _by_definition(rows: list[dict[str, Any]]) -> list[bool]:
    out = []
    for i, a in enumerate(rows):
        followed = any(
            j != i
            and b["customer_id"] == a["customer_id"]
            and (
                b["started_at"] > a["started_at"] or (b["started_at"] == a["started_at"] and j > i)
            )
            and b["started_at"] - a["started_at"] <= SEVEN_DAYS_S
            and (
                b["intent"] == a["intent"]
                or (b["order_id"] == a["order_id"] and a["order_id"] >= 0)
            )
            for j, b in enumerate(rows)
        )
        out.append(bool(a["resolved"]) and not followed)
    return out


@settings(max_examples=200, deadline=None)
@given(rows_strategy, st.booleans())
def test_matches_the_pairwise_definition(rows: list[dict[str, Any]], by_time: bool) -> None:
    if by_time:  # the fast path: a table already in time order
        rows = sorted(rows, key=lambda r: r["started_at"])
    table = ContactTable.from_rows(rows)
    assert durably_resolved(table).tolist() == _by_definition(rows)


def test_huge_customer_ids_take_the_unpacked_path() -> None:
    big = 2**61
    rows: list[dict[str, Any]] = [
        {"customer_id": big, "intent": "pay_now", "started_at": 0.0, "resolved": True},
        {"customer_id": big, "intent": "pay_now", "started_at": 60.0, "resolved": True},
        {"customer_id": big - 1, "intent": "pay_now", "started_at": 0.0, "resolved": True},
    ]
    assert durably_resolved(ContactTable.from_rows(rows)).tolist() == [False, True, True]
