"""Payment schedules and the arithmetic on them: pure functions, no database.

- `pay_in_4`: four equal instalments, the first at purchase, then every 14 days; the rounding
  remainder on the first.
- `pay_in_30`: one payment 30 days after purchase.
- `financing`: 6, 12 or 24 monthly instalments of a fixed-APR annuity. Interest of a month is the
  balance times APR/12, rounded half up to the minor unit; the last instalment absorbs rounding
  so the balance ends at exactly zero. Early payoff is the outstanding principal plus interest
  accrued daily (APR/365) since the last paid due date.
- Refunds: deducted equally from the remaining unpaid instalments (remainder on the last); a
  refund larger than the unpaid balance clears it and the excess goes back to the customer.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date, timedelta
from fractions import Fraction

from ridgeline.kit.money import split_evenly

FINANCING_TERMS = (6, 12, 24)


@dataclass(frozen=True)
class Scheduled:
    """One instalment of a schedule."""

    seq: int
    due_date: date
    amount: int


def round_half_up(value: Fraction) -> int:
    """Round a non-negative exact fraction to the nearest integer, halves up."""
    return int((value + Fraction(1, 2)) // 1)


def add_months(day: date, months: int) -> date:
    """Return the same day `months` later, clipped to the end of a shorter month."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def pay_in_4(total: int, purchase: date, interval_days: int = 14) -> list[Scheduled]:
    """Return the four instalments of a pay-in-4 plan."""
    shares = split_evenly(total, 4, remainder_first=True)
    return [
        Scheduled(i + 1, purchase + timedelta(days=interval_days * i), share)
        for i, share in enumerate(shares)
    ]


def pay_in_30(total: int, purchase: date, days: int = 30) -> list[Scheduled]:
    """Return the single instalment of a pay-in-30 plan."""
    return [Scheduled(1, purchase + timedelta(days=days), total)]


def monthly_rate(apr_bps: int) -> Fraction:
    """Return the monthly interest rate of an APR given in basis points."""
    return Fraction(apr_bps, 10_000 * 12)


def financing(principal: int, apr_bps: int, months: int, purchase: date) -> list[Scheduled]:
    """Return the annuity schedule of a financing plan (first due one month after purchase)."""
    if months not in FINANCING_TERMS:
        raise ValueError(f"financing runs {FINANCING_TERMS} months, not {months}")
    rate = monthly_rate(apr_bps)
    if rate == 0:
        payment = Fraction(principal, months)
    else:
        payment = principal * rate / (1 - (1 + rate) ** -months)
    level = round_half_up(payment)
    amounts: list[int] = []
    balance = principal
    for seq in range(1, months + 1):
        interest = round_half_up(balance * rate)
        amount = balance + interest if seq == months else level
        amounts.append(amount)
        balance = balance + interest - amount
    return [
        Scheduled(seq, add_months(purchase, seq), amount)
        for seq, amount in enumerate(amounts, start=1)
    ]


def amortise(principal: int, apr_bps: int, amounts: list[int]) -> list[tuple[int, int]]:
    """Split each payment into (interest, principal part), walking the balance down.

    The schedule is consistent when the principal parts sum exactly to `principal`.
    """
    rate = monthly_rate(apr_bps)
    balance = principal
    parts: list[tuple[int, int]] = []
    for amount in amounts:
        interest = round_half_up(balance * rate)
        principal_part = amount - interest
        parts.append((interest, principal_part))
        balance -= principal_part
    return parts


def schedule_error(product: str, total: int, apr_bps: int, amounts: list[int]) -> str | None:
    """Return why a listed schedule is inconsistent with its order total, or None if it is fine."""
    if any(amount < 0 for amount in amounts):
        return "an instalment amount is negative"
    if product == "pay_in_4" and len(amounts) != 4:
        return "a pay_in_4 plan has exactly 4 instalments"
    if product == "pay_in_30" and len(amounts) != 1:
        return "a pay_in_30 plan has exactly 1 instalment"
    if product in ("pay_in_4", "pay_in_30") and apr_bps != 0:
        return f"{product} is interest-free (apr_bps must be 0)"
    if product == "financing":
        if len(amounts) not in FINANCING_TERMS:
            return f"a financing plan has {FINANCING_TERMS} instalments"
        principal_paid = sum(part for _, part in amortise(total, apr_bps, amounts))
        if principal_paid != total:
            return (
                f"financing instalments repay {principal_paid} of principal, not the order "
                f"total {total}"
            )
        return None
    if sum(amounts) != total:
        return f"instalments sum to {sum(amounts)}, not the order total {total}"
    return None


def payoff(
    principal: int,
    apr_bps: int,
    amounts: list[int],
    paid: list[bool],
    due_dates: list[date],
    purchase: date,
    today: date,
) -> tuple[int, int]:
    """Return (outstanding principal, interest accrued) to pay a financing plan off today.

    Interest accrues daily at APR/365 on the outstanding principal since the last paid due date
    (or the purchase date when nothing is paid yet).
    """
    parts = amortise(principal, apr_bps, amounts)
    outstanding = principal - sum(part for (_, part), done in zip(parts, paid, strict=True) if done)
    paid_dates = [d for d, done in zip(due_dates, paid, strict=True) if done]
    since = max(paid_dates) if paid_dates else purchase
    days = max((today - since).days, 0)
    accrued = round_half_up(Fraction(outstanding * apr_bps * days, 10_000 * 365))
    return outstanding, accrued


@dataclass(frozen=True)
class RefundAllocation:
    """How a refund lands on a plan."""

    deductions: dict[int, int]  # seq -> amount taken off that instalment
    excess: int  # paid back to the customer's payment method
    clears_balance: bool


def allocate_refund(refund: int, unpaid: dict[int, int]) -> RefundAllocation:
    """Deduct `refund` from the unpaid instalments (seq -> amount due).

    Equal shares over the remaining unpaid instalments, the remainder on the last; a share larger
    than a small instalment is capped and the rest spread over the others.
    """
    if refund < 0:
        raise ValueError("a refund is a positive amount")
    balance = sum(unpaid.values())
    if refund >= balance:
        return RefundAllocation(dict(unpaid), refund - balance, True)
    deductions = dict.fromkeys(unpaid, 0)
    remaining = refund
    open_seqs = sorted(seq for seq, amount in unpaid.items() if amount > 0)
    while remaining > 0:
        shares = split_evenly(remaining, len(open_seqs), remainder_first=False)
        capped: list[int] = []
        for seq, share in zip(open_seqs, shares, strict=True):
            room = unpaid[seq] - deductions[seq]
            take = min(share, room)
            deductions[seq] += take
            remaining -= take
            if deductions[seq] == unpaid[seq]:
                capped.append(seq)
        open_seqs = [seq for seq in open_seqs if seq not in capped]
    return RefundAllocation({s: d for s, d in deductions.items() if d}, 0, False)
