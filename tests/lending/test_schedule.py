"""The schedule arithmetic: products, consistency, payoff and the refund split."""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import given
from hypothesis import strategies as st

from ridgeline.lending.schedule import (
    add_months,
    allocate_refund,
    amortise,
    financing,
    pay_in_4,
    pay_in_30,
    payoff,
    schedule_error,
)


def test_pay_in_4_puts_the_remainder_on_the_first_and_spaces_14_days() -> None:
    plan = pay_in_4(10001, date(2026, 1, 1))
    assert [p.amount for p in plan] == [2501, 2500, 2500, 2500]
    assert [p.due_date for p in plan] == [
        date(2026, 1, 1) + timedelta(days=14 * i) for i in range(4)
    ]


def test_pay_in_30_is_one_payment_30_days_later() -> None:
    assert [(p.due_date, p.amount) for p in pay_in_30(4500, date(2026, 2, 25))] == [
        (date(2026, 3, 27), 4500)
    ]


@given(
    st.integers(min_value=1000, max_value=10_000_000),
    st.integers(min_value=0, max_value=3500),
    st.sampled_from([6, 12, 24]),
)
def test_financing_annuity_repays_exactly_the_principal(principal: int, apr: int, n: int) -> None:
    plan = financing(principal, apr, n, date(2026, 1, 31))
    parts = amortise(principal, apr, [p.amount for p in plan])
    assert sum(part for _, part in parts) == principal
    assert all(interest >= 0 for interest, _ in parts)
    assert len({p.amount for p in plan[:-1]}) == 1  # level payments, last absorbs rounding
    assert schedule_error("financing", principal, apr, [p.amount for p in plan]) is None


def test_financing_known_figures() -> None:
    # 1,000.00 at 19.90% APR over 12 months: level payment 92.59, total interest 111.03.
    plan = financing(100000, 1990, 12, date(2026, 1, 31))
    assert plan[0].amount == 9259
    assert sum(p.amount for p in plan) == 111103
    assert plan[0].due_date == date(2026, 2, 28)  # clipped to the month end
    assert add_months(date(2026, 1, 31), 3) == date(2026, 4, 30)


def test_payoff_is_outstanding_principal_plus_daily_interest_since_last_paid_due_date() -> None:
    plan = financing(100000, 1990, 12, date(2026, 1, 31))
    amounts = [p.amount for p in plan]
    principal, accrued = payoff(
        100000,
        1990,
        amounts,
        [True, True] + [False] * 10,
        [p.due_date for p in plan],
        date(2026, 1, 31),
        date(2026, 4, 10),
    )
    parts = amortise(100000, 1990, amounts)
    assert principal == 100000 - parts[0][1] - parts[1][1]
    days = (date(2026, 4, 10) - date(2026, 3, 31)).days
    assert accrued == round(principal * 0.199 * days / 365)


def test_schedule_errors_name_the_problem() -> None:
    assert "sum to 11000" in (schedule_error("pay_in_4", 12000, 0, [3000, 3000, 3000, 2000]) or "")
    assert "exactly 4" in (schedule_error("pay_in_4", 9000, 0, [3000, 3000, 3000]) or "")
    assert "interest-free" in (schedule_error("pay_in_30", 100, 500, [100]) or "")
    assert "principal" in (schedule_error("financing", 100000, 1990, [9000] * 12) or "")
    assert schedule_error("pay_in_4", 12000, 0, [3000] * 4) is None


def test_refund_smaller_than_balance_is_split_equally_remainder_on_last() -> None:
    assert allocate_refund(3000, {3: 3000, 4: 3000}).deductions == {3: 1500, 4: 1500}
    assert allocate_refund(1001, {3: 3000, 4: 3000}).deductions == {3: 500, 4: 501}


def test_refund_larger_than_balance_clears_it_and_returns_the_excess() -> None:
    result = allocate_refund(7000, {3: 3000, 4: 3000})
    assert result.clears_balance
    assert result.excess == 1000
    assert result.deductions == {3: 3000, 4: 3000}


@given(
    st.lists(st.integers(min_value=0, max_value=100_000), min_size=1, max_size=24),
    st.integers(min_value=0, max_value=3_000_000),
)
def test_refund_allocation_never_loses_or_invents_money(amounts: list[int], refund: int) -> None:
    unpaid = {seq: amount for seq, amount in enumerate(amounts, start=1)}
    result = allocate_refund(refund, unpaid)
    taken = sum(result.deductions.values())
    assert taken + result.excess == refund
    assert taken == min(refund, sum(amounts))
    assert all(0 <= result.deductions.get(s, 0) <= a for s, a in unpaid.items())
