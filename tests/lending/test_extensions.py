"""Due-date extension: one per order, 14 days (pay_in_30: 30), and each refusal names its rule."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from ridgeline.cases.service import open_case
from ridgeline.context import ServiceContext
from ridgeline.kit.errors import RuleRefusedError
from ridgeline.lending import repository
from ridgeline.lending.service import check_extension, extend_due_date
from ridgeline.sandbox.service import load
from tests.factories import NOW, customer, document, order

PAID2 = ["paid", "paid", "scheduled", "scheduled"]


def _load(ctx: ServiceContext, **lists: object) -> None:
    load(ctx.session, document(**lists), ctx.clock)


def test_extension_moves_the_next_unpaid_instalment_by_14_days(
    as_assistant: ServiceContext,
) -> None:
    _load(as_assistant, customers=[customer()], orders=[order(statuses=PAID2)])
    offer = extend_due_date(as_assistant, "O1")
    assert (offer.seq, offer.from_date, offer.to_date) == (3, date(2026, 3, 20), date(2026, 4, 3))
    inst = repository.get_order(as_assistant.session, "O1").plan.installments  # type: ignore[union-attr]
    assert [i.due_date for i in inst][2:] == [date(2026, 4, 3), date(2026, 4, 3)]


def test_pay_in_30_extends_by_30_days(as_assistant: ServiceContext) -> None:
    _load(
        as_assistant,
        customers=[customer()],
        orders=[order(product="pay_in_30", total=4500, placed=date(2026, 2, 25))],
    )
    assert extend_due_date(as_assistant, "O1").to_date == date(2026, 3, 27) + timedelta(days=30)


def _refused(ctx: ServiceContext, rule: str) -> None:
    with pytest.raises(RuleRefusedError) as caught:
        check_extension(ctx, "O1")
    assert caught.value.rule == rule
    with pytest.raises(RuleRefusedError):
        extend_due_date(ctx, "O1")


def test_refused_once_already_extended(as_assistant: ServiceContext) -> None:
    _load(as_assistant, customers=[customer()], orders=[order(statuses=PAID2)])
    extend_due_date(as_assistant, "O1")
    _refused(as_assistant, "already_extended")


def test_refused_on_an_overdue_instalment(as_assistant: ServiceContext) -> None:
    statuses = ["paid", "overdue", "scheduled", "scheduled"]
    _load(as_assistant, customers=[customer()], orders=[order(statuses=statuses)])
    _refused(as_assistant, "installment_overdue")


def test_refused_within_24_hours_of_the_due_date(as_assistant: ServiceContext) -> None:
    # Instalment 3 falls due 2026-03-20; at 2026-03-19 06:00 it is 18 hours away.
    _load(as_assistant, customers=[customer()], orders=[order(statuses=PAID2)])
    as_assistant.clock.set(NOW.replace(day=19, hour=6))  # type: ignore[attr-defined]
    _refused(as_assistant, "too_close_to_due_date")


def test_refused_on_a_plan_that_is_not_active(as_assistant: ServiceContext) -> None:
    _load(
        as_assistant,
        customers=[customer()],
        orders=[order(statuses=PAID2, plan_status="paused")],
    )
    _refused(as_assistant, "plan_not_active")


def test_refused_under_a_financial_difficulty_arrangement(as_assistant: ServiceContext) -> None:
    _load(as_assistant, customers=[customer()], orders=[order(statuses=PAID2)])
    open_case(as_assistant, "C1", "financial_difficulty")
    _refused(as_assistant, "financial_difficulty_arrangement")


def test_refused_for_an_account_younger_than_42_days(as_assistant: ServiceContext) -> None:
    young = customer(created_at=NOW - timedelta(days=41))
    _load(as_assistant, customers=[young], orders=[order(statuses=PAID2)])
    _refused(as_assistant, "account_too_new")


def test_allowed_at_exactly_42_days(as_assistant: ServiceContext) -> None:
    old_enough = customer(created_at=NOW - timedelta(days=42))
    _load(as_assistant, customers=[old_enough], orders=[order(statuses=PAID2)])
    assert check_extension(as_assistant, "O1").seq == 3
