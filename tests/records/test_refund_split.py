"""How a refund was applied is told per instalment it touched: what it was and what it is now,
from the refund's own allocation in the records."""

from __future__ import annotations

from datetime import date

from ridgeline.assistant.replies import render
from ridgeline.assistant.turn import Say
from ridgeline.context import ServiceContext
from ridgeline.kit.money import Currency, Money
from ridgeline.lending.returns import apply_refund
from ridgeline.records.adapter import RecordsAdapter
from ridgeline.sandbox.service import load
from tests.factories import customer, document, order

PAID2 = ["paid", "paid", "scheduled", "scheduled"]


def test_a_partial_refund_is_told_per_remaining_instalment(as_assistant: ServiceContext) -> None:
    load(
        as_assistant.session,
        document(customers=[customer()], orders=[order(statuses=PAID2)]),
        as_assistant.clock,
    )
    apply_refund(as_assistant, "O1", 3001)
    facts = RecordsAdapter(as_assistant).call("C1", "refund_facts", {"order_id": "O1"}).facts
    gbp = Currency("GBP")
    split = facts["allocation"]
    assert [(before, after) for _, before, after in split] == [
        (Money(3000, gbp), Money(1500, gbp)),
        (Money(3000, gbp), Money(1499, gbp)),
    ]
    assert all(isinstance(when, date) for when, _, _ in split)
    text = render(Say("refund_split", facts), "en", "en_GB").text
    assert "£30.00 → £15.00" in text and "£30.00 → £14.99" in text


def test_a_refund_with_no_allocation_says_nothing_of_a_split(as_assistant: ServiceContext) -> None:
    load(
        as_assistant.session,
        document(customers=[customer()], orders=[order(statuses=PAID2)]),
        as_assistant.clock,
    )
    facts = RecordsAdapter(as_assistant).call("C1", "refund_facts", {"order_id": "O1"}).facts
    assert "allocation" not in facts
