"""Failed payments, overdue instalments, late fees, the fee cap and waivers."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from ridgeline.cases.service import open_case
from ridgeline.context import Actor, ServiceContext
from ridgeline.kit.errors import RuleRefusedError
from ridgeline.lending import repository
from ridgeline.lending.collections import mark_overdue, record_payment, run_retries, waive_fee
from ridgeline.lending.models import Installment, Order
from ridgeline.lending.service import pause_plan
from ridgeline.sandbox.service import load
from tests.factories import NOW, customer, document, order


def _order(ctx: ServiceContext) -> Order:
    found = repository.get_order(ctx.session, "O1")
    assert found is not None
    return found


def _setup(
    ctx: ServiceContext, market: str = "GB", total: int = 12000, statuses: list[str] | None = None
) -> None:
    doc = document(
        customers=[customer(market=market)],
        orders=[order(market=market, total=total, statuses=statuses)],
    )
    load(ctx.session, doc, ctx.clock)


def test_failed_payment_is_retried_once_two_days_later(as_assistant: ServiceContext) -> None:
    _setup(as_assistant, statuses=["paid", "paid", "scheduled", "scheduled"])
    inst = record_payment(as_assistant, "O1", 3, succeeded=False)
    assert inst.status == "failed"
    assert inst.retry_on == as_assistant.today() + timedelta(days=2)
    attempts: list[int] = []

    def gateway(_order: Order, installment: Installment) -> bool:
        attempts.append(installment.seq)
        return False

    assert run_retries(as_assistant, gateway) == 0  # not yet due
    as_assistant.clock.advance(timedelta(days=2))  # type: ignore[attr-defined]
    assert run_retries(as_assistant, gateway) == 1
    as_assistant.clock.advance(timedelta(days=2))  # type: ignore[attr-defined]
    assert run_retries(as_assistant, gateway) == 0  # only once
    assert attempts == [3]


def test_successful_last_payment_marks_the_plan_paid(as_assistant: ServiceContext) -> None:
    _setup(as_assistant, statuses=["paid", "paid", "paid", "scheduled"])
    record_payment(as_assistant, "O1", 4, succeeded=True)
    assert _order(as_assistant).plan.status == "paid"


def test_unpaid_ten_days_after_due_turns_overdue_with_one_market_fee(
    as_assistant: ServiceContext,
) -> None:
    # Instalment 2 fell due 2026-03-06; 10 days later is 2026-03-16.
    _setup(
        as_assistant,
        market="SE",
        total=100000,
        statuses=["paid", "failed", "scheduled", "scheduled"],
    )
    assert mark_overdue(as_assistant) == 0
    as_assistant.clock.advance(timedelta(days=6))  # type: ignore[attr-defined]
    assert mark_overdue(as_assistant) == 1
    o = _order(as_assistant)
    assert o.plan.installments[1].status == "overdue"
    assert [(f.installment_seq, f.amount) for f in o.fees] == [(2, 4500)]
    assert mark_overdue(as_assistant) == 0  # one fee per instalment
    assert len(_order(as_assistant).fees) == 1


@pytest.mark.parametrize(("market", "fee"), [("US", 700), ("GB", 500), ("DE", 500), ("SE", 4500)])
def test_late_fee_by_market(as_assistant: ServiceContext, market: str, fee: int) -> None:
    _setup(
        as_assistant,
        market=market,
        total=100000,
        statuses=["paid", "failed", "scheduled", "scheduled"],
    )
    as_assistant.clock.advance(timedelta(days=6))  # type: ignore[attr-defined]
    mark_overdue(as_assistant)
    assert [f.amount for f in _order(as_assistant).fees] == [fee]


def test_fees_never_exceed_a_quarter_of_the_order_total(as_assistant: ServiceContext) -> None:
    # A 100.00 SEK order: 25% is 25.00, less than one 45.00 fee.
    _setup(
        as_assistant,
        market="SE",
        total=10000,
        statuses=["failed", "failed", "scheduled", "scheduled"],
    )
    as_assistant.clock.advance(timedelta(days=30))  # type: ignore[attr-defined]
    mark_overdue(as_assistant)
    fees = _order(as_assistant).fees
    assert sum(f.amount for f in fees) == 2500
    assert len(fees) == 1


def test_no_fee_while_the_plan_is_paused(as_assistant: ServiceContext) -> None:
    _setup(as_assistant, statuses=["paid", "failed", "scheduled", "scheduled"])
    pause_plan(as_assistant, "O1", "return")
    as_assistant.clock.advance(timedelta(days=10))  # type: ignore[attr-defined]
    assert mark_overdue(as_assistant) == 0
    assert _order(as_assistant).fees == []


def test_no_fee_under_an_open_financial_difficulty_case(as_assistant: ServiceContext) -> None:
    _setup(as_assistant, statuses=["paid", "failed", "scheduled", "scheduled"])
    open_case(as_assistant, "C1", "financial_difficulty")
    as_assistant.clock.advance(timedelta(days=10))  # type: ignore[attr-defined]
    assert mark_overdue(as_assistant) == 0
    assert _order(as_assistant).fees == []


def _fee_doc(paid: bool) -> dict[str, object]:
    statuses = ["paid", "paid" if paid else "overdue", "scheduled", "scheduled"]
    return {
        "customers": [customer()],
        "orders": [order(statuses=statuses), order("O2", statuses=statuses)],
        "fees": [
            {
                "id": "F1",
                "order_id": "O1",
                "installment_seq": 2,
                "amount": 500,
                "status": "charged",
            },
            {
                "id": "F2",
                "order_id": "O2",
                "installment_seq": 2,
                "amount": 500,
                "status": "charged",
            },
        ],
    }


def test_assistant_waives_one_fee_once_the_instalment_is_paid(as_assistant: ServiceContext) -> None:
    load(as_assistant.session, document(**_fee_doc(paid=True)), as_assistant.clock)
    assert waive_fee(as_assistant, "F1").status == "waived"
    with pytest.raises(RuleRefusedError) as caught:
        waive_fee(as_assistant, "F2")
    assert caught.value.rule == "waiver_limit"


def test_waiver_window_is_a_rolling_12_months(as_assistant: ServiceContext) -> None:
    load(as_assistant.session, document(**_fee_doc(paid=True)), as_assistant.clock)
    waive_fee(as_assistant, "F1")
    as_assistant.clock.advance(timedelta(days=366))  # type: ignore[attr-defined]
    assert waive_fee(as_assistant, "F2").status == "waived"


def test_assistant_cannot_waive_while_the_instalment_is_unpaid(
    as_assistant: ServiceContext,
) -> None:
    load(as_assistant.session, document(**_fee_doc(paid=False)), as_assistant.clock)
    with pytest.raises(RuleRefusedError) as caught:
        waive_fee(as_assistant, "F1")
    assert caught.value.rule == "installment_unpaid"


def test_a_person_may_waive_beyond_the_assistant_limit(as_assistant: ServiceContext) -> None:
    load(as_assistant.session, document(**_fee_doc(paid=True)), as_assistant.clock)
    waive_fee(as_assistant, "F1")
    agent = ServiceContext(as_assistant.session, as_assistant.clock, Actor("agent", "A1"))
    assert waive_fee(agent, "F2").status == "waived"
    with pytest.raises(RuleRefusedError) as caught:
        waive_fee(agent, "F2")
    assert caught.value.rule == "fee_not_charged"


def test_due_dates_are_dates_not_times(as_assistant: ServiceContext) -> None:
    _setup(as_assistant)
    assert _order(as_assistant).plan.installments[0].due_date == date(2026, 2, 20)
    assert NOW.tzinfo is not None
