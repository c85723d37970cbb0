"""Changes to payment plans, each checked against the lender's policy before it is written.

The changes are pause and resume, the due-date extension, autopay, payment links and payoff
quotes. Each change is checked against the policy (`ridgeline.policy`), written, and audited in
one transaction; a refusal raises `RuleRefusedError` naming the rule and writes nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from ridgeline.audit.service import record
from ridgeline.cases import repository as cases_repo
from ridgeline.context import ServiceContext
from ridgeline.customers.models import Customer
from ridgeline.kit.clock import utc_midnight
from ridgeline.kit.errors import NotFoundError, RuleRefusedError
from ridgeline.kit.ids import new_id
from ridgeline.lending import repository
from ridgeline.lending.models import DueDateExtension, Installment, Order, Plan
from ridgeline.lending.schedule import payoff
from ridgeline.policy import UNPAID


def plan_view(plan: Plan) -> dict[str, Any]:
    """Return the audit snapshot of a plan."""
    return {
        "status": plan.status,
        "autopay": plan.autopay,
        "installments": [
            {
                "seq": i.seq,
                "due_date": i.due_date.isoformat(),
                "amount": i.amount,
                "status": i.status,
            }
            for i in plan.installments
        ],
    }


def load_order(ctx: ServiceContext, order_id: str) -> Order:
    """Return an order or raise NotFoundError."""
    order = repository.get_order(ctx.session, order_id)
    if order is None:
        raise NotFoundError("order", order_id)
    return order


def locked_plan(ctx: ServiceContext, order_id: str) -> tuple[Order, Plan]:
    """Return an order and its plan, the plan row locked for this transaction."""
    order = load_order(ctx, order_id)
    plan = repository.lock_plan(ctx.session, order_id)
    if plan is None:
        raise NotFoundError("plan", order_id)
    return order, plan


def next_unpaid(plan: Plan) -> Installment | None:
    """Return the earliest instalment not yet paid, waived or refunded."""
    return next((i for i in plan.installments if i.status in UNPAID), None)


def due_moment(day: date) -> datetime:
    """Return when an instalment falls due: the start of its due date, UTC."""
    return utc_midnight(day)


def pause_plan(ctx: ServiceContext, order_id: str, reason: str) -> Plan:
    """Pause a plan: nothing falls due and no fee accrues until it resumes."""
    order, plan = locked_plan(ctx, order_id)
    if plan.status != "active":
        raise RuleRefusedError("plan_not_active", f"the plan of order {order_id} is {plan.status}")
    before = plan_view(plan)
    plan.status = "paused"
    plan.paused_reason = reason
    ctx.session.flush()
    record(
        ctx,
        "plan.paused",
        "plan",
        order_id,
        customer_id=order.customer_id,
        before=before,
        after=plan_view(plan),
        details={"reason": reason},
    )
    return plan


def resume_plan(ctx: ServiceContext, order_id: str) -> Plan:
    """Resume a paused plan."""
    order, plan = locked_plan(ctx, order_id)
    if plan.status != "paused":
        raise RuleRefusedError("plan_not_paused", f"the plan of order {order_id} is {plan.status}")
    before = plan_view(plan)
    plan.status = "active"
    plan.paused_reason = None
    ctx.session.flush()
    record(
        ctx,
        "plan.resumed",
        "plan",
        order_id,
        customer_id=order.customer_id,
        before=before,
        after=plan_view(plan),
    )
    return plan


@dataclass(frozen=True)
class ExtensionOffer:
    """What an extension would change, for the customer to confirm."""

    order_id: str
    seq: int
    from_date: date
    to_date: date
    amount: int


def check_extension(ctx: ServiceContext, order_id: str) -> ExtensionOffer:
    """Return the extension the policy allows on this order, or raise the rule that refuses it.

    Rules, checked in this order: the plan is active; one extension per order; not under a
    financial-difficulty arrangement; the account is at least 42 days old; the next unpaid
    instalment is not overdue; and it is not due within 24 hours.
    """
    order = load_order(ctx, order_id)
    plan = order.plan
    policy = ctx.policy
    if plan.status != "active":
        raise RuleRefusedError("plan_not_active", f"the plan is {plan.status}, not active")
    if plan.extension is not None:
        raise RuleRefusedError("already_extended", "this order has already had its one extension")
    if cases_repo.has_open_difficulty(ctx.session, order.customer_id):
        raise RuleRefusedError(
            "financial_difficulty_arrangement",
            "no extension while a financial-difficulty arrangement is open",
        )
    customer = ctx.session.get(Customer, order.customer_id)
    if customer is None:
        raise NotFoundError("customer", order.customer_id)
    age = ctx.now() - customer.created_at
    if age < timedelta(days=policy.extension_min_account_age_days):
        raise RuleRefusedError(
            "account_too_new",
            f"extensions need an account at least {policy.extension_min_account_age_days} days old",
        )
    target = next_unpaid(plan)
    if target is None:
        raise RuleRefusedError("nothing_due", "no instalment is left to pay on this order")
    if target.status == "overdue" or target.due_date < ctx.today():
        raise RuleRefusedError("installment_overdue", "an overdue instalment cannot be extended")
    if due_moment(target.due_date) - ctx.now() < timedelta(hours=policy.extension_cutoff_hours):
        raise RuleRefusedError(
            "too_close_to_due_date",
            f"an extension must be asked at least {policy.extension_cutoff_hours} hours "
            "before the due date",
        )
    days = policy.extension_days_pay_in_30 if plan.product == "pay_in_30" else policy.extension_days
    return ExtensionOffer(
        order_id, target.seq, target.due_date, target.due_date + timedelta(days=days), target.amount
    )


def extend_due_date(ctx: ServiceContext, order_id: str) -> ExtensionOffer:
    """Move the next unpaid instalment's due date by the policy's extension, once per order."""
    order, plan = locked_plan(ctx, order_id)
    offer = check_extension(ctx, order_id)
    before = plan_view(plan)
    target = next(i for i in plan.installments if i.seq == offer.seq)
    target.due_date = offer.to_date
    plan.extension = DueDateExtension(
        installment_seq=offer.seq,
        from_date=offer.from_date,
        to_date=offer.to_date,
        created_at=ctx.now(),
    )
    ctx.session.flush()
    record(
        ctx,
        "due_date.extended",
        "plan",
        order_id,
        customer_id=order.customer_id,
        before=before,
        after=plan_view(plan),
        details={
            "seq": offer.seq,
            "from": offer.from_date.isoformat(),
            "to": offer.to_date.isoformat(),
        },
    )
    return offer


def check_autopay(ctx: ServiceContext, plan: Plan) -> None:
    """Raise `autopay_cutoff` within 24 hours of the plan's next due date."""
    target = next_unpaid(plan)
    if target is not None and due_moment(target.due_date) - ctx.now() < timedelta(
        hours=ctx.policy.autopay_cutoff_hours
    ):
        raise RuleRefusedError(
            "autopay_cutoff",
            f"autopay cannot change within {ctx.policy.autopay_cutoff_hours} hours of a due date",
        )


def set_autopay(ctx: ServiceContext, order_id: str, enabled: bool) -> Plan:
    """Turn automatic payments of a plan on or off, not within 24 hours of the next due date."""
    order, plan = locked_plan(ctx, order_id)
    check_autopay(ctx, plan)
    before = plan_view(plan)
    plan.autopay = enabled
    ctx.session.flush()
    record(
        ctx,
        "autopay.changed",
        "plan",
        order_id,
        customer_id=order.customer_id,
        before=before,
        after=plan_view(plan),
    )
    return plan


def send_payment_link(ctx: ServiceContext, order_id: str, purpose: str, amount: int) -> str:
    """Record that a secure payment link was sent; card numbers are never taken in chat."""
    order = load_order(ctx, order_id)
    link_id = new_id("PAYLINK")
    record(
        ctx,
        "payment_link.sent",
        "order",
        order_id,
        customer_id=order.customer_id,
        details={
            "link_id": link_id,
            "purpose": purpose,
            "amount": amount,
            "currency": order.currency,
        },
    )
    return link_id


@dataclass(frozen=True)
class PayoffQuote:
    """What paying an order off today costs."""

    order_id: str
    currency: str
    principal: int
    interest: int
    total: int
    as_of: date


def payoff_quote(ctx: ServiceContext, order_id: str) -> PayoffQuote:
    """Return the exact amount to pay an order off today (principal plus accrued interest)."""
    order = load_order(ctx, order_id)
    plan = order.plan
    if plan.product != "financing" or plan.apr_bps == 0:
        remaining = sum(i.amount for i in plan.installments if i.status in UNPAID)
        return PayoffQuote(order_id, order.currency, remaining, 0, remaining, ctx.today())
    settled = [i.status in ("paid", "waived", "refunded") for i in plan.installments]
    principal, interest = payoff(
        order.total,
        plan.apr_bps,
        [i.original_amount for i in plan.installments],
        settled,
        [i.due_date for i in plan.installments],
        order.placed_at.date(),
        ctx.today(),
    )
    return PayoffQuote(
        order_id, order.currency, principal, interest, principal + interest, ctx.today()
    )
