"""Returns pause the plan with a 21-day follow-up; refunds follow the allocation rule; disputes
pause the plan with the merchant's clocks."""

from __future__ import annotations

from datetime import timedelta

import pytest

from ridgeline.cases import repository as cases_repo
from ridgeline.context import ServiceContext
from ridgeline.kit.errors import InvalidInputError, RuleRefusedError
from ridgeline.lending import repository
from ridgeline.lending.models import Order
from ridgeline.lending.returns import apply_refund, follow_up_returns, open_dispute, report_return
from ridgeline.sandbox.service import load
from tests.factories import NOW, customer, document, order

PAID2 = ["paid", "paid", "scheduled", "scheduled"]


def _setup(ctx: ServiceContext, statuses: list[str] = PAID2) -> None:
    doc = document(customers=[customer()], orders=[order(statuses=statuses)])
    load(ctx.session, doc, ctx.clock)


def _order(ctx: ServiceContext) -> Order:
    found = repository.get_order(ctx.session, "O1")
    assert found is not None
    return found


def test_reporting_a_return_pauses_and_opens_a_case_due_in_21_days(
    as_assistant: ServiceContext,
) -> None:
    _setup(as_assistant)
    case = report_return(as_assistant, "O1")
    assert _order(as_assistant).plan.status == "paused"
    assert (case.type, case.order_id, case.due_at) == ("return", "O1", NOW + timedelta(days=21))
    with pytest.raises(RuleRefusedError) as caught:
        report_return(as_assistant, "O1")
    assert caught.value.rule == "plan_not_active"


def test_unregistered_return_moves_to_disputes_at_day_21(as_assistant: ServiceContext) -> None:
    _setup(as_assistant)
    report_return(as_assistant, "O1")
    assert follow_up_returns(as_assistant, registered=set()) == []
    as_assistant.clock.advance(timedelta(days=21))  # type: ignore[attr-defined]
    assert follow_up_returns(as_assistant, registered={"O1"}) == []
    moved = follow_up_returns(as_assistant, registered=set())
    assert [c.details["queue"] for c in moved] == ["disputes"]
    assert moved[0].details["proof_requested"] is True


def test_partial_refund_reduces_the_remaining_instalments_equally(
    as_assistant: ServiceContext,
) -> None:
    _setup(as_assistant)
    apply_refund(as_assistant, "O1", 3001)
    plan = _order(as_assistant).plan
    assert [i.amount for i in plan.installments] == [
        3000,
        3000,
        1500,
        1499,
    ]  # 1500 and 1501 off: remainder on the last
    assert plan.status == "active"


def test_refund_above_the_balance_clears_it_and_pays_back_the_excess(
    as_assistant: ServiceContext,
) -> None:
    _setup(as_assistant)
    refund = apply_refund(as_assistant, "O1", 7000)
    plan = _order(as_assistant).plan
    assert refund.excess == 1000
    assert [i.status for i in plan.installments] == ["paid", "paid", "refunded", "refunded"]
    assert plan.status == "paid"


def test_full_refund_cancels_the_plan(as_assistant: ServiceContext) -> None:
    _setup(as_assistant)
    refund = apply_refund(as_assistant, "O1", 12000)
    assert _order(as_assistant).plan.status == "cancelled"
    assert refund.excess == 6000  # the two paid instalments go back to the customer


def test_dispute_pauses_and_starts_the_merchant_clocks(as_assistant: ServiceContext) -> None:
    _setup(as_assistant)
    case = open_dispute(as_assistant, "O1", "not_received")
    assert _order(as_assistant).plan.status == "paused"
    assert case.due_at == NOW + timedelta(days=14)
    assert case.follow_up_at == NOW + timedelta(days=21)
    assert case.reason == "not_received"
    assert [c.type for c in cases_repo.for_customer(as_assistant.session, "C1")] == ["dispute"]


def test_dispute_needs_a_known_reason(as_assistant: ServiceContext) -> None:
    _setup(as_assistant)
    with pytest.raises(InvalidInputError):
        open_dispute(as_assistant, "O1", "changed_my_mind")
    assert _order(as_assistant).plan.status == "active"


def test_full_refund_of_a_financing_order_leaves_nothing_due(as_assistant: ServiceContext) -> None:
    from datetime import date

    doc = document(
        customers=[customer()],
        orders=[
            order(
                product="financing",
                total=100000,
                apr_bps=1990,
                placed=date(2026, 1, 10),
                statuses=["paid"] + ["scheduled"] * 11,
            )
        ],
    )
    load(as_assistant.session, doc, as_assistant.clock)
    apply_refund(as_assistant, "O1", 100000)
    plan = _order(as_assistant).plan
    assert plan.status == "cancelled"
    assert all(i.status in ("paid", "refunded") for i in plan.installments)
    assert sum(i.amount for i in plan.installments if i.status != "paid") == 0
