"""Payments, failed-payment retries, overdue instalments, late fees and fee waivers.

- A failed automatic payment is retried once, 2 days later.
- 10 days after its due date an unpaid instalment turns `overdue` and one late fee applies
  (by market), at most one per instalment, and all fees of an order never above 25% of its total.
- While a plan is paused, or the customer has an open financial-difficulty case, no fee accrues
  and no collection step runs.
- The assistant may waive one late fee per customer per rolling 12 months, once the instalment
  is paid; more needs a person (`policy_limit`).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

from ridgeline.audit.service import record
from ridgeline.cases import repository as cases_repo
from ridgeline.context import ServiceContext
from ridgeline.customers import repository as customers_repo
from ridgeline.customers.models import Customer
from ridgeline.kit.errors import NotFoundError, RuleRefusedError
from ridgeline.kit.ids import new_id
from ridgeline.lending import repository
from ridgeline.lending.models import Fee, Installment, Order, Payment
from ridgeline.lending.service import locked_plan, plan_view

PaymentGateway = Callable[[Order, Installment], bool]
"""Collects an instalment from the customer's payment method; True when it succeeded."""


def fee_cap_room(ctx: ServiceContext, order: Order) -> int:
    """Return how much more fee the 25% cap allows on an order."""
    cap = order.total * ctx.policy.fee_cap_bps // 10_000
    taken = sum(fee.amount for fee in order.fees if fee.status != "waived")
    return max(cap - taken, 0)


def record_payment(
    ctx: ServiceContext, order_id: str, seq: int, *, succeeded: bool, kind: str = "autopay"
) -> Installment:
    """Record one attempt to collect instalment `seq`; a failure schedules the single retry."""
    order, plan = locked_plan(ctx, order_id)
    inst = next((i for i in plan.installments if i.seq == seq), None)
    if inst is None:
        raise NotFoundError("installment", f"{order_id}#{seq}")
    if inst.status not in ("scheduled", "failed", "overdue"):
        raise RuleRefusedError("installment_not_payable", f"instalment {seq} is {inst.status}")
    before = plan_view(plan)
    now = ctx.now()
    ctx.session.add(
        Payment(
            order_id=order_id,
            installment_seq=seq,
            amount=inst.amount,
            succeeded=succeeded,
            attempted_at=now,
            kind=kind,
        )
    )
    if succeeded:
        inst.status = "paid"
        inst.paid_at = now
        if all(i.status in ("paid", "waived", "refunded") for i in plan.installments):
            plan.status = "paid"
    elif inst.status != "overdue":
        first_failure = not inst.failed_at
        inst.status = "failed"
        inst.failed_at = now
        if first_failure:
            inst.retry_on = ctx.today() + timedelta(days=ctx.policy.retry_after_days)
        else:
            inst.retried = True
    ctx.session.flush()
    record(
        ctx,
        "payment.succeeded" if succeeded else "payment.failed",
        "plan",
        order_id,
        customer_id=order.customer_id,
        before=before,
        after=plan_view(plan),
        details={"seq": seq, "amount": inst.amount, "kind": kind},
    )
    return inst


def collections_blocked(ctx: ServiceContext, order: Order) -> bool:
    """Tell whether fees and collection steps are suspended for this order."""
    return order.plan.status == "paused" or cases_repo.has_open_difficulty(
        ctx.session, order.customer_id
    )


def run_retries(ctx: ServiceContext, gateway: PaymentGateway) -> int:
    """Retry each failed payment whose retry day has come; return how many were tried."""
    tried = 0
    for inst in repository.retries_due(ctx.session, ctx.today()):
        order = repository.get_order(ctx.session, inst.order_id)
        if order is None or collections_blocked(ctx, order) or order.plan.status != "active":
            continue
        inst.retried = True
        record_payment(ctx, order.id, inst.seq, succeeded=gateway(order, inst), kind="retry")
        tried += 1
    return tried


def mark_overdue(ctx: ServiceContext) -> int:
    """Turn instalments still unpaid 10 days after their due date overdue; return how many.

    Each one that turns overdue is charged one late fee, within the cap.
    """
    cutoff = ctx.today() - timedelta(days=ctx.policy.overdue_after_days)
    turned = 0
    for inst in repository.installments_past(ctx.session, cutoff):
        order = repository.get_order(ctx.session, inst.order_id)
        if order is None or order.plan.status != "active" or collections_blocked(ctx, order):
            continue
        before = plan_view(order.plan)
        inst.status = "overdue"
        turned += 1
        charge_late_fee(ctx, order, inst.seq)
        ctx.session.flush()
        record(
            ctx,
            "installment.overdue",
            "plan",
            order.id,
            customer_id=order.customer_id,
            before=before,
            after=plan_view(order.plan),
            details={"seq": inst.seq},
        )
    return turned


def charge_late_fee(ctx: ServiceContext, order: Order, seq: int) -> Fee | None:
    """Charge the market's late fee on instalment `seq`, once, within the 25% cap."""
    if any(fee.installment_seq == seq for fee in order.fees):
        return None
    customer = ctx.session.get(Customer, order.customer_id)
    if customer is None:
        raise NotFoundError("customer", order.customer_id)
    amount = min(ctx.policy.market(customer.market).late_fee, fee_cap_room(ctx, order))
    if amount <= 0:
        return None
    fee = Fee(
        id=new_id("FEE"),
        order_id=order.id,
        installment_seq=seq,
        amount=amount,
        status="charged",
        charged_at=ctx.now(),
    )
    order.fees.append(fee)
    ctx.session.flush()
    record(
        ctx,
        "fee.charged",
        "fee",
        fee.id,
        customer_id=order.customer_id,
        after={"amount": amount, "seq": seq, "status": "charged"},
    )
    return fee


def check_waiver(ctx: ServiceContext, fee_id: str) -> Fee:
    """Return the fee if the policy lets the acting party waive it, or raise the refusing rule.

    A person may waive any charged fee; the assistant only one per customer per rolling
    12 months, and only once the instalment has been paid.
    """
    fee = repository.get_fee(ctx.session, fee_id)
    if fee is None:
        raise NotFoundError("fee", fee_id)
    if fee.status != "charged":
        raise RuleRefusedError("fee_not_charged", f"the fee is {fee.status}, not charged")
    if ctx.actor.type in ("agent", "system"):
        return fee
    order = repository.get_order(ctx.session, fee.order_id)
    if order is None:
        raise NotFoundError("order", fee.order_id)
    inst = next(i for i in order.plan.installments if i.seq == fee.installment_seq)
    if inst.status != "paid":
        raise RuleRefusedError(
            "installment_unpaid", "a late fee can be waived once its instalment is paid"
        )
    since = ctx.now() - timedelta(days=ctx.policy.waiver_window_days)
    if repository.waivers_since(ctx.session, order.customer_id, since) >= (
        ctx.policy.waivers_per_window
    ):
        raise RuleRefusedError(
            "waiver_limit", "one late fee can be waived per 12 months; a person can review more"
        )
    return fee


def waive_fee(ctx: ServiceContext, fee_id: str) -> Fee:
    """Waive a late fee within the policy of the acting party."""
    fee = check_waiver(ctx, fee_id)
    order, _plan = locked_plan(ctx, fee.order_id)
    # The limit is per customer: lock the customer, then check again, since a concurrent waiver
    # on another order of the same customer may have won meanwhile.
    customers_repo.lock(ctx.session, order.customer_id)
    fee = check_waiver(ctx, fee_id)
    fee.status = "waived"
    fee.waived_at = ctx.now()
    ctx.session.flush()
    record(
        ctx,
        "fee.waived",
        "fee",
        fee.id,
        customer_id=order.customer_id,
        before={"status": "charged", "amount": fee.amount},
        after={"status": "waived", "amount": fee.amount},
    )
    return fee
