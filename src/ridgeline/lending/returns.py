"""Returns, refunds and disputes: the ways a purchase goes wrong after it is made.

- Reporting a return pauses the plan and opens a `return` case due in 21 days; if the merchant
  has not registered the return by then, the customer is asked for proof and the case moves to
  the disputes queue.
- A refund is deducted equally from the remaining unpaid instalments (remainder on the last); one
  larger than the unpaid balance clears it and the excess is paid back; a full refund cancels the
  plan. Store credit does not reduce the debt. A merchant cannot give back more than was bought:
  the refunds of an order add up to at most its total (`refund_exceeds_order`), so the excess
  paid back is at most what the customer paid, and no instalment ever goes below zero.
- A dispute (one of seven reasons) pauses the plan and opens a `dispute` case: the merchant has
  14 days to answer; evidence is requested at day 21.
"""

from __future__ import annotations

from datetime import datetime

from ridgeline.audit.service import record
from ridgeline.cases import repository as cases_repo
from ridgeline.cases.models import Case
from ridgeline.cases.service import open_case
from ridgeline.context import ServiceContext
from ridgeline.kit.errors import InvalidInputError, RuleRefusedError
from ridgeline.kit.ids import new_id
from ridgeline.lending.models import Plan, Refund
from ridgeline.lending.schedule import allocate_refund
from ridgeline.lending.service import locked_plan, pause_plan, plan_view
from ridgeline.policy import DISPUTE_REASONS, UNPAID


def check_return(plan: Plan) -> None:
    """Raise the rule that stops a return from pausing this plan (only an active plan pauses)."""
    if plan.status != "active":
        raise RuleRefusedError(
            "plan_not_active", f"the plan is {plan.status}; nothing is falling due"
        )


def check_dispute(plan: Plan) -> None:
    """Raise the rule that stops a dispute on this plan (it must be active or paused)."""
    if plan.status not in ("active", "paused"):
        raise RuleRefusedError("plan_not_open", f"the plan is {plan.status}")


def report_return(ctx: ServiceContext, order_id: str) -> Case:
    """Pause the plan of a returned order and open the return case with its 21-day follow-up."""
    order, plan = locked_plan(ctx, order_id)
    check_return(plan)
    pause_plan(ctx, order_id, "return")
    return open_case(ctx, order.customer_id, "return", order_id=order_id)


def open_dispute(ctx: ServiceContext, order_id: str, reason: str) -> Case:
    """Open a dispute on an order: pause its plan and start the merchant's 14-day clock."""
    if reason not in DISPUTE_REASONS:
        raise InvalidInputError(f"a dispute needs one of the reasons {', '.join(DISPUTE_REASONS)}")
    order, plan = locked_plan(ctx, order_id)
    check_dispute(plan)
    if plan.status == "active":
        pause_plan(ctx, order_id, "dispute")
    case = open_case(ctx, order.customer_id, "dispute", order_id=order_id, reason=reason)
    record(
        ctx,
        "dispute.opened",
        "case",
        case.id,
        customer_id=order.customer_id,
        details={"order_id": order_id, "reason": reason},
    )
    return case


def apply_refund(
    ctx: ServiceContext,
    order_id: str,
    amount: int,
    *,
    refund_id: str | None = None,
    created_at: datetime | None = None,
) -> Refund:
    """Apply a merchant refund to the plan by the refund rule and record how it landed."""
    if amount <= 0:
        raise InvalidInputError("a refund amount is a positive integer in minor units")
    order, plan = locked_plan(ctx, order_id)
    if plan.status == "cancelled":
        raise RuleRefusedError("plan_cancelled", "the plan is already cancelled")
    refundable = order.total - sum(r.amount for r in order.refunds)
    if amount > refundable:
        raise RuleRefusedError(
            "refund_exceeds_order",
            f"the order's refunds may add up to its total {order.total}; "
            f"at most {max(refundable, 0)} is left to refund",
        )
    before = plan_view(plan)
    unpaid = {i.seq: i.amount for i in plan.installments if i.status in UNPAID}
    allocation = allocate_refund(amount, unpaid)
    for inst in plan.installments:
        taken = allocation.deductions.get(inst.seq, 0)
        if taken:
            inst.amount -= taken
            if inst.amount == 0:
                inst.status = "refunded"
    refunded_total = sum(r.amount for r in order.refunds) + amount
    if refunded_total >= order.total:
        # A full refund cancels the plan: nothing more falls due, including interest not yet
        # earned on a financing plan.
        plan.status = "cancelled"
        for inst in plan.installments:
            if inst.status in UNPAID:
                inst.amount = 0
                inst.status = "refunded"
    elif allocation.clears_balance:
        plan.status = "paid"
    refund = Refund(
        id=refund_id or new_id("REFUND"),
        order_id=order_id,
        amount=amount,
        created_at=created_at or ctx.now(),
        excess=allocation.excess,
        allocation={str(seq): taken for seq, taken in allocation.deductions.items()},
    )
    order.refunds.append(refund)
    ctx.session.flush()
    record(
        ctx,
        "refund.applied",
        "plan",
        order_id,
        customer_id=order.customer_id,
        before=before,
        after=plan_view(plan),
        details={"refund_id": refund.id, "amount": amount, "excess": allocation.excess},
    )
    return refund


def follow_up_returns(ctx: ServiceContext, registered: set[str]) -> list[Case]:
    """Follow up open return cases at day 21 whose return the merchant has not registered.

    For each such case (its order is not in `registered`), ask for proof and move the case to
    the disputes queue.
    """
    moved: list[Case] = []
    for case in cases_repo.returns_due(ctx.session, ctx.now()):
        if case.order_id in registered or case.details.get("queue") == "disputes":
            continue
        case.details = {**case.details, "proof_requested": True, "queue": "disputes"}
        record(
            ctx,
            "case.escalated",
            "case",
            case.id,
            customer_id=case.customer_id,
            after={"queue": "disputes", "proof_requested": True},
        )
        moved.append(case)
    return moved
