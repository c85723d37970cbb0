"""Tools on returns, refunds and disputes.

They pause a plan for a return (opening the return case), open a dispute, and tell what a
refund changed.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from ridgeline.assistant.ports import ToolResult
from ridgeline.assistant.views import CustomerView
from ridgeline.context import ServiceContext
from ridgeline.lending import returns
from ridgeline.records.tools.common import check, money, owned_order, plan_of
from ridgeline.records.tools.registry import tool


@tool("check_return", needs=("order_id",))
def check_return(ctx: ServiceContext, c: CustomerView, args: dict[str, Any]) -> ToolResult:
    """Whether a return can pause the plan."""
    order = owned_order(c, args)
    facts = {
        "plan_status": order.plan_status,
        "return_due": ctx.today() + timedelta(days=ctx.policy.return_follow_up_days),
    }
    plan = plan_of(ctx, order.id)
    return ToolResult(facts=facts, refusal=check(lambda: returns.check_return(plan)))


@tool("report_return", needs=("order_id",), writes=True)
def report_return(ctx: ServiceContext, c: CustomerView, args: dict[str, Any]) -> ToolResult:
    """Pause the plan and open the return case."""
    case = returns.report_return(ctx, owned_order(c, args).id)
    return ToolResult(facts={"return_due": case.due_at.date() if case.due_at else ctx.today()})


@tool("check_dispute", needs=("order_id",))
def check_dispute(ctx: ServiceContext, c: CustomerView, args: dict[str, Any]) -> ToolResult:
    """Whether a dispute can be opened on the order."""
    order = owned_order(c, args)
    plan = plan_of(ctx, order.id)
    refusal = check(lambda: returns.check_dispute(plan))
    return ToolResult(facts={"plan_status": order.plan_status}, refusal=refusal)


@tool("open_dispute", needs=("order_id", "dispute_reason"), writes=True)
def open_dispute(ctx: ServiceContext, c: CustomerView, args: dict[str, Any]) -> ToolResult:
    """Open a dispute: the plan pauses and the merchant's clock starts."""
    order = owned_order(c, args)
    case = returns.open_dispute(ctx, order.id, str(args.get("dispute_reason")))
    return ToolResult(
        facts={
            "merchant_due": case.due_at.date() if case.due_at else ctx.today(),
            "evidence_due": case.follow_up_at.date() if case.follow_up_at else ctx.today(),
        }
    )


@tool("refund_facts", needs=("order_id",))
def refund_facts(ctx: ServiceContext, c: CustomerView, args: dict[str, Any]) -> ToolResult:
    """The latest refund of an order and how it landed."""
    order = owned_order(c, args)
    if not order.refunds:
        return ToolResult(facts={"variant": "none"})
    refund = order.refunds[-1]
    due = {i.seq: i for i in order.installments}
    split = [
        (due[seq].due_date, money(due[seq].amount + taken, order), money(due[seq].amount, order))
        for seq, taken in refund.allocation
        if seq in due
    ]
    facts: dict[str, Any] = {
        "refund_amount": money(refund.amount, order),
        "refund_date": refund.created_at.date(),
        "balance": money(order.balance, order),
        "excess": money(refund.excess, order),
        "variant": "excess" if refund.excess else "",
    }
    if split:
        facts["allocation"] = split  # each instalment it touched: due date, before, after
    return ToolResult(facts=facts)


@tool("dispute_facts")
def dispute_facts(ctx: ServiceContext, c: CustomerView, args: dict[str, Any]) -> ToolResult:
    """The customer's latest dispute."""
    disputes = [k for k in c.cases if k.type == "dispute"]
    if not disputes:
        return ToolResult(facts={"variant": "none"})
    case = disputes[-1]
    order = c.order(case.order_id or "")
    return ToolResult(
        facts={
            "merchant": order.merchant if order else "",
            "case_status": case.status,
            "case_due": case.due_at.date() if case.due_at else case.opened_at.date(),
            "order_id": case.order_id or "",
        }
    )
