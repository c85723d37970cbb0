"""How a payment plan got to where it is today: the story of one order, replayed by the policy.

A story says what kind of life the order had (paid on time, a failed payment waiting for its
retry, an overdue instalment with its late fee, paid late, a return or dispute that paused it, a
partial or a full refund, an account locked for fraud). `replay` walks the schedule day by day
as the lender's jobs would have: an automatic collection on each due date (the first pay-in-4
instalment at checkout), one retry two days after a failure, `overdue` and one late fee ten days
after the due date (the market's fee, never past 25% of the order total), nothing falling due
while the plan is paused, no retry or fee while the customer has an open financial-difficulty
case, and `in_collections` 60 days after the first missed due date. Refunds land through
`ridgeline.lending.schedule.allocate_refund`, the rule the loader and the services use.

The result holds the rows of today's state and, for a refund, the state just before it, which is
what a fixture document lists (the loader applies the refund itself).
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from ridgeline.kit.clock import utc_midnight
from ridgeline.lending.schedule import Scheduled, allocate_refund
from ridgeline.policy import DEFAULT_POLICY, UNPAID

Row = dict[str, Any]

ON_TRACK = "on_track"
FAILED = "failed"
OVERDUE = "overdue"
LATE_PAID = "late_paid"
RETURN = "return"
DISPUTE = "dispute"
FRAUD = "fraud"
PARTIAL_REFUND = "partial_refund"
FULL_REFUND = "full_refund"
# Stories an order may be given at random, with their weights (fraud comes from the customer).
ORDER_STORIES = (
    ON_TRACK,
    LATE_PAID,
    FAILED,
    OVERDUE,
    RETURN,
    DISPUTE,
    PARTIAL_REFUND,
    FULL_REFUND,
)
ORDER_STORY_WEIGHTS = (740, 50, 35, 50, 35, 20, 35, 35)
PAUSING = {RETURN: "return", DISPUTE: "dispute", FRAUD: "fraud", FULL_REFUND: "return"}

COLLECTION_HOUR = timedelta(hours=5)  # the nightly collection run
OVERDUE_HOUR = timedelta(hours=1)  # the nightly overdue job
COLLECTIONS_AFTER = timedelta(days=DEFAULT_POLICY.collections_after_days)


@dataclass
class Story:
    """What happens to one order; dates are filled in when the order is placed."""

    kind: str = ON_TRACK
    seq: int = 1  # the instalment that goes wrong (failed, overdue, late_paid)
    paused_at: datetime | None = None  # return, dispute, fraud, full refund (the return)
    paid_late_days: int = 0  # late_paid: days after turning overdue that it was paid
    waive: bool = False  # late_paid: the fee was waived afterwards
    refund_at: datetime | None = None
    refund_share: float = 0.0  # partial refund: share of the unpaid balance refunded


@dataclass
class Replayed:
    """The rows of one order's plan as they stand today."""

    plan_status: str
    paused_reason: str | None
    installments: list[Row]
    payments: list[Row] = field(default_factory=list)
    fees: list[Row] = field(default_factory=list)
    refund: Row | None = None
    # before the refund: what a fixture document lists (the loader applies the refund itself)
    listed_plan_status: str = ""
    listed_statuses: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class OrderFacts:
    """What the replay needs to know about an order."""

    order_id: str
    product: str
    total: int
    placed_at: datetime
    schedule: list[Scheduled]
    late_fee: int
    # a financial-difficulty case was open from `blocked_from` (until `blocked_until`, if closed)
    blocked_from: datetime | None = None
    blocked_until: datetime | None = None

    def under_arrangement(self, moment: datetime) -> bool:
        """Tell whether a financial-difficulty case was open at `moment`."""
        if self.blocked_from is None or moment < self.blocked_from:
            return False
        return self.blocked_until is None or moment < self.blocked_until


def collection_moment(facts: OrderFacts, inst: Scheduled, minute: int) -> datetime:
    """Return when the lender tried to collect `inst`.

    The first pay-in-4 instalment is collected at checkout, the others in the collection run on
    their due date.
    """
    if facts.product == "pay_in_4" and inst.seq == 1:
        return facts.placed_at
    return utc_midnight(inst.due_date) + COLLECTION_HOUR + timedelta(minutes=minute)


def _payment(order_id: str, seq: int, amount: int, ok: bool, at: datetime, kind: str) -> Row:
    return {
        "order_id": order_id,
        "installment_seq": seq,
        "amount": amount,
        "succeeded": ok,
        "attempted_at": at,
        "kind": kind,
    }


def replay(
    rng: random.Random, facts: OrderFacts, story: Story, now: datetime, fee_ids: list[int]
) -> Replayed:
    """Replay `story` on the order's schedule up to `now` and return today's rows.

    `fee_ids` is a one-element counter of fee numbers, shared across the portfolio.
    """
    minute = rng.randrange(60)
    cap = facts.total * DEFAULT_POLICY.fee_cap_bps // 10_000
    fee_taken = 0
    collections_at: datetime | None = None
    paused_at = story.paused_at
    misses = story.kind in (FAILED, OVERDUE, LATE_PAID)
    out = Replayed("active", None, [])
    oid = facts.order_id

    def blocked(moment: datetime) -> bool:
        in_collections = collections_at is not None and moment >= collections_at
        return in_collections or facts.under_arrangement(moment)

    run = COLLECTION_HOUR + timedelta(minutes=minute)
    checkout_first = facts.product == "pay_in_4"
    for inst in facts.schedule:
        row: Row = {
            "order_id": oid,
            "seq": inst.seq,
            "due_date": inst.due_date,
            "original_amount": inst.amount,
            "amount": inst.amount,
            "status": "scheduled",
            "paid_at": None,
            "failed_at": None,
            "retry_on": None,
            "retried": False,
        }
        out.installments.append(row)
        if checkout_first and inst.seq == 1:
            attempt = facts.placed_at
        else:
            attempt = utc_midnight(inst.due_date) + run
        if attempt > now or (paused_at is not None and attempt >= paused_at):
            continue
        first_kind = "checkout" if attempt == facts.placed_at else "autopay"
        missed = misses and (
            inst.seq == story.seq if story.kind == LATE_PAID else inst.seq >= story.seq
        )
        if not missed:
            row.update(status="paid", paid_at=attempt)
            out.payments.append(_payment(oid, inst.seq, inst.amount, True, attempt, first_kind))
            continue
        row.update(status="failed", failed_at=attempt, retry_on=attempt.date() + timedelta(days=2))
        out.payments.append(_payment(oid, inst.seq, inst.amount, False, attempt, first_kind))
        retry = attempt + timedelta(days=DEFAULT_POLICY.retry_after_days)
        if retry <= now and not blocked(retry):
            row.update(failed_at=retry, retried=True)
            out.payments.append(_payment(oid, inst.seq, inst.amount, False, retry, "retry"))
        overdue_at = utc_midnight(inst.due_date + timedelta(days=DEFAULT_POLICY.overdue_after_days))
        overdue_at += OVERDUE_HOUR
        if overdue_at > now or blocked(overdue_at):
            continue
        row["status"] = "overdue"
        if collections_at is None:
            collections_at = utc_midnight(inst.due_date) + COLLECTIONS_AFTER
        fee: Row | None = None
        amount = min(facts.late_fee, cap - fee_taken)
        if amount > 0:
            fee_ids[0] += 1
            fee = {
                "id": f"F{fee_ids[0]:07d}",
                "order_id": oid,
                "installment_seq": inst.seq,
                "amount": amount,
                "status": "charged",
                "charged_at": overdue_at,
                "waived_at": None,
            }
            fee_taken += amount
            out.fees.append(fee)
        if story.kind != LATE_PAID:
            continue
        paid_at = overdue_at + timedelta(days=story.paid_late_days, hours=rng.randrange(6, 14))
        if paid_at > now:
            continue
        row.update(status="paid", paid_at=paid_at)
        out.payments.append(_payment(oid, inst.seq, inst.amount, True, paid_at, "payment_link"))
        if collections_at is not None and paid_at < collections_at:
            collections_at = None  # paid before collections started: the plan never went there
        if fee is not None:
            waived_at = paid_at + timedelta(hours=rng.randrange(1, 48))
            if story.waive and waived_at <= now:
                fee.update(status="waived", waived_at=waived_at)
                fee_taken -= fee["amount"]
            else:
                fee["status"] = "paid"

    statuses = [r["status"] for r in out.installments]
    if paused_at is not None and paused_at <= now:
        out.plan_status, out.paused_reason = "paused", PAUSING[story.kind]
    elif all(s == "paid" for s in statuses):
        out.plan_status = "paid"
    elif (
        collections_at is not None
        and collections_at <= now
        and not facts.under_arrangement(collections_at)
    ):
        out.plan_status = "in_collections"
    out.listed_plan_status = out.plan_status
    out.listed_statuses = statuses
    if story.refund_at is not None:
        _refund(facts, story, out)
    return out


def last_collection(facts: OrderFacts, now: datetime) -> datetime:
    """Return the latest moment, up to `now`, at which a collection may have run on the order.

    A refund listed after it cannot have been overtaken by a payment, so the state a document
    lists is the state the refund met.
    """
    moments = [facts.placed_at]
    for inst in facts.schedule:
        if collection_moment(facts, inst, 0) <= now:
            moments.append(min(collection_moment(facts, inst, 59), now))
    return max(moments)


def _refund(facts: OrderFacts, story: Story, out: Replayed) -> None:
    """Apply the story's refund by the refund rule (the same as `lending.returns`)."""
    assert story.refund_at is not None
    unpaid = {r["seq"]: r["amount"] for r in out.installments if r["status"] in UNPAID}
    balance = sum(unpaid.values())
    if story.kind == FULL_REFUND:
        amount = facts.total
    else:
        # a partial refund stays below the order total: only a full one cancels the plan
        amount = min(max(int(balance * story.refund_share), 1), facts.total - 1) if balance else 0
    if amount <= 0:
        return
    allocation = allocate_refund(amount, unpaid)
    for row in out.installments:
        taken = allocation.deductions.get(row["seq"], 0)
        if taken:
            row["amount"] -= taken
            if row["amount"] == 0:
                row["status"] = "refunded"
    if amount >= facts.total:
        out.plan_status, out.paused_reason = "cancelled", None
    elif allocation.clears_balance:
        out.plan_status, out.paused_reason = "paid", None
    out.refund = {
        "id": "",  # numbered by the caller, in portfolio order
        "order_id": facts.order_id,
        "amount": amount,
        "created_at": story.refund_at,
        "excess": allocation.excess,
        "allocation": {str(seq): taken for seq, taken in allocation.deductions.items()},
    }
