"""The assistant's tools, implemented with the domain services.

Each tool acts for one customer, checks that every record it touches is that customer's, and
returns facts (typed: Money, dates, words) for the reply. Writes go through the services, which
enforce the rules and write the audit log; the actions of a call are read back from the audit
entries it added.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any

from ridgeline.assistant.ports import Refusal, ToolResult
from ridgeline.assistant.views import CustomerView, OrderView
from ridgeline.cases.service import open_case
from ridgeline.context import ServiceContext
from ridgeline.customers import service as customers
from ridgeline.kit.errors import NotFoundError, RuleRefusedError
from ridgeline.kit.money import Currency, Money
from ridgeline.lending import collections, returns, service
from ridgeline.lending.models import Plan
from ridgeline.notifications import service as notifications

Tool = Callable[[ServiceContext, CustomerView, dict[str, Any]], ToolResult]
TOOLS: dict[str, Tool] = {}


def tool(name: str) -> Callable[[Tool], Tool]:
    """Register a tool implementation under `name`."""

    def register(fn: Tool) -> Tool:
        TOOLS[name] = fn
        return fn

    return register


def money(amount: int, order: OrderView) -> Money:
    """Return an amount of an order as Money."""
    return Money(amount, Currency(order.currency))


def plan_of(ctx: ServiceContext, order_id: str) -> Plan:
    """Return the plan row of an order (the caller already checked the order is the customer's)."""
    return service.load_order(ctx, order_id).plan


def owned_order(customer: CustomerView, args: dict[str, Any]) -> OrderView:
    """Return the order named in the slots, if it is this customer's."""
    order = customer.order(str(args.get("order_id", "")))
    if order is None:
        raise NotFoundError("order", str(args.get("order_id")))
    return order


def next_unpaid_facts(order: OrderView) -> dict[str, Any]:
    """Return the next instalment to pay of an order."""
    nxt = order.unpaid[0] if order.unpaid else None
    if nxt is None:
        return {}
    return {"next_amount": money(nxt.amount, order), "next_date": nxt.due_date}


@tool("next_payment")
def next_payment(ctx: ServiceContext, c: CustomerView, args: dict[str, Any]) -> ToolResult:
    """The earliest unpaid instalment across the customer's open plans."""
    candidates = [
        (i.due_date, o, i)
        for o in c.orders
        if o.plan_status in ("active", "in_collections")
        for i in o.unpaid
    ]
    if not candidates:
        return ToolResult(refusal=Refusal("nothing_due", "nothing left to pay"))
    _, order, inst = min(candidates, key=lambda t: (t[0], t[1].id))
    return ToolResult(
        facts={
            "next_amount": money(inst.amount, order),
            "next_date": inst.due_date,
            "next_merchant": order.merchant,
        }
    )


@tool("order_summary")
def order_summary(ctx: ServiceContext, c: CustomerView, args: dict[str, Any]) -> ToolResult:
    """The schedule of an order and what is left to pay."""
    order = owned_order(c, args)
    schedule = [(i.due_date, money(i.amount, order), i.status) for i in order.installments]
    facts: dict[str, Any] = {
        "schedule": schedule,
        "balance": money(order.balance, order),
        "email": c.email,
        **next_unpaid_facts(order),
    }
    if order.unpaid:
        facts["link_amount"] = money(order.unpaid[0].amount, order)
    return ToolResult(facts=facts)


def _refusal_facts(ctx: ServiceContext, c: CustomerView, order: OrderView) -> dict[str, Any]:
    first = order.unpaid[0] if order.unpaid else None
    facts: dict[str, Any] = {"plan_status": order.plan_status}
    if first is not None:
        facts.update(overdue_date=first.due_date, overdue_amount=money(first.amount, order))
    return facts


def _check(fn: Callable[[], Any]) -> Refusal | None:
    """Run a service's rule check; return its refusal instead of raising, to keep the facts."""
    try:
        fn()
    except RuleRefusedError as exc:
        return Refusal(exc.rule, exc.message)
    return None


@tool("check_extension")
def check_extension(ctx: ServiceContext, c: CustomerView, args: dict[str, Any]) -> ToolResult:
    """Whether the next unpaid instalment may be extended, and to when."""
    order = owned_order(c, args)
    result = ToolResult(facts=_refusal_facts(ctx, c, order))
    offer: list[service.ExtensionOffer] = []
    result.refusal = _check(lambda: offer.append(service.check_extension(ctx, order.id)))
    if offer:
        o = offer[0]
        result.facts.update(
            ext_amount=money(o.amount, order), from_date=o.from_date, to_date=o.to_date
        )
    return result


@tool("extend_due_date")
def extend_due_date(ctx: ServiceContext, c: CustomerView, args: dict[str, Any]) -> ToolResult:
    """Extend the next unpaid instalment."""
    order = owned_order(c, args)
    offer = service.extend_due_date(ctx, order.id)
    return ToolResult(facts={"to_date": offer.to_date, "ext_amount": money(offer.amount, order)})


@tool("check_return")
def check_return(ctx: ServiceContext, c: CustomerView, args: dict[str, Any]) -> ToolResult:
    """Whether a return can pause the plan."""
    order = owned_order(c, args)
    facts = {
        "plan_status": order.plan_status,
        "return_due": ctx.today() + timedelta(days=ctx.policy.return_follow_up_days),
    }
    plan = plan_of(ctx, order.id)
    return ToolResult(facts=facts, refusal=_check(lambda: returns.check_return(plan)))


@tool("report_return")
def report_return(ctx: ServiceContext, c: CustomerView, args: dict[str, Any]) -> ToolResult:
    """Pause the plan and open the return case."""
    case = returns.report_return(ctx, owned_order(c, args).id)
    return ToolResult(facts={"return_due": case.due_at.date() if case.due_at else ctx.today()})


@tool("check_dispute")
def check_dispute(ctx: ServiceContext, c: CustomerView, args: dict[str, Any]) -> ToolResult:
    """Whether a dispute can be opened on the order."""
    order = owned_order(c, args)
    plan = plan_of(ctx, order.id)
    refusal = _check(lambda: returns.check_dispute(plan))
    return ToolResult(facts={"plan_status": order.plan_status}, refusal=refusal)


@tool("open_dispute")
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


@tool("check_waiver")
def check_waiver(ctx: ServiceContext, c: CustomerView, args: dict[str, Any]) -> ToolResult:
    """Whether the assistant may waive the fee."""
    fee_id = str(args.get("fee_id", ""))
    if not any(f.id == fee_id for o in c.orders for f in o.fees):
        raise NotFoundError("fee", fee_id)
    return ToolResult(refusal=_check(lambda: collections.check_waiver(ctx, fee_id)))


@tool("waive_fee")
def waive_fee(ctx: ServiceContext, c: CustomerView, args: dict[str, Any]) -> ToolResult:
    """Waive the fee within the assistant's allowance."""
    fee_id = str(args.get("fee_id", ""))
    if not any(f.id == fee_id for o in c.orders for f in o.fees):
        raise NotFoundError("fee", fee_id)
    collections.waive_fee(ctx, fee_id)
    return ToolResult()


@tool("payoff_quote")
def payoff_quote(ctx: ServiceContext, c: CustomerView, args: dict[str, Any]) -> ToolResult:
    """The exact amount to pay an order off today."""
    order = owned_order(c, args)
    quote = service.payoff_quote(ctx, order.id)
    return ToolResult(
        facts={
            "payoff_total": money(quote.total, order),
            "payoff_principal": money(quote.principal, order),
            "payoff_interest": money(quote.interest, order),
            "as_of": quote.as_of,
            "link_amount": money(quote.total, order),
            "email": c.email,
            "apr": order.apr_bps,
        }
    )


@tool("send_payment_link")
def send_payment_link(ctx: ServiceContext, c: CustomerView, args: dict[str, Any]) -> ToolResult:
    """Send a secure payment link (never take card numbers in chat)."""
    order = owned_order(c, args)
    amount = args.get("link_amount")
    minor = (
        amount.amount
        if isinstance(amount, Money)
        else (order.unpaid[0].amount if order.unpaid else 0)
    )
    service.send_payment_link(ctx, order.id, "payment", minor)
    return ToolResult(facts={"link_amount": money(minor, order), "email": c.email})


@tool("send_card_link")
def send_card_link(ctx: ServiceContext, c: CustomerView, args: dict[str, Any]) -> ToolResult:
    """Send a secure link where the customer adds the new card for an order (no amount)."""
    order = owned_order(c, args)
    service.send_payment_link(ctx, order.id, "change_card", 0)
    return ToolResult(facts={"email": c.email})


@tool("check_autopay")
def check_autopay(ctx: ServiceContext, c: CustomerView, args: dict[str, Any]) -> ToolResult:
    """Which way autopay would change, and whether the cut-off allows it now."""
    order = owned_order(c, args)
    wish = args.get("autopay_enabled")
    enabled = (not order.autopay) if wish is None else bool(wish)
    facts: dict[str, Any] = {"autopay_enabled": enabled, "variant": "on" if enabled else "off"}
    plan = plan_of(ctx, order.id)
    return ToolResult(facts=facts, refusal=_check(lambda: service.check_autopay(ctx, plan)))


@tool("set_autopay")
def set_autopay(ctx: ServiceContext, c: CustomerView, args: dict[str, Any]) -> ToolResult:
    """Turn autopay on or off."""
    order = owned_order(c, args)
    enabled = bool(args.get("autopay_enabled"))
    service.set_autopay(ctx, order.id, enabled)
    return ToolResult(facts={"variant": "on" if enabled else "off"})


@tool("failed_payments")
def failed_payments(ctx: ServiceContext, c: CustomerView, args: dict[str, Any]) -> ToolResult:
    """The failed instalments and when they will be retried."""
    for order in c.orders:
        for inst in order.installments:
            if inst.status == "failed":
                retry = max(inst.due_date, ctx.today()) + timedelta(
                    days=ctx.policy.retry_after_days
                )
                return ToolResult(
                    facts={
                        "failed_amount": money(inst.amount, order),
                        "retry_date": retry,
                        "merchant": order.merchant,
                        "order_id": order.id,
                    }
                )
    return ToolResult(facts={"variant": "none"})


@tool("missed_payment_facts")
def missed_payment_facts(ctx: ServiceContext, c: CustomerView, args: dict[str, Any]) -> ToolResult:
    """The real consequences of a missed payment, with the overdue one if any."""
    for order in c.orders:
        for inst in order.installments:
            if inst.status == "overdue":
                return ToolResult(
                    facts={
                        "variant": "overdue",
                        "overdue_amount": money(inst.amount, order),
                        "overdue_date": inst.due_date,
                        "merchant": order.merchant,
                    }
                )
    return ToolResult()


@tool("refund_facts")
def refund_facts(ctx: ServiceContext, c: CustomerView, args: dict[str, Any]) -> ToolResult:
    """The latest refund of an order and how it landed."""
    order = owned_order(c, args)
    if not order.refunds:
        return ToolResult(facts={"variant": "none"})
    refund = order.refunds[-1]
    return ToolResult(
        facts={
            "refund_amount": money(refund.amount, order),
            "refund_date": refund.created_at.date(),
            "balance": money(order.balance, order),
            "excess": money(refund.excess, order),
            "variant": "excess" if refund.excess else "",
        }
    )


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


@tool("decline_facts")
def decline_facts(ctx: ServiceContext, c: CustomerView, args: dict[str, Any]) -> ToolResult:
    """The latest declined credit decision and its recorded reasons (never a prediction)."""
    declined = [d for d in c.decisions if d.outcome == "declined"]
    if not declined:
        return ToolResult(facts={"variant": "none"})
    d = declined[0]
    return ToolResult(
        facts={
            "decision_amount": Money(d.amount, Currency(d.currency)),
            "decision_merchant": d.merchant or "",
            "decision_date": d.decided_at.date(),
            "reasons": list(d.reasons),
        }
    )


@tool("limit_facts")
def limit_facts(ctx: ServiceContext, c: CustomerView, args: dict[str, Any]) -> ToolResult:
    """The recorded spending limit, if any."""
    if c.spending_limit is None:
        return ToolResult(facts={"variant": "none"})
    return ToolResult(facts={"limit": Money(c.spending_limit, Currency(c.currency))})


@tool("card_facts")
def card_facts(ctx: ServiceContext, c: CustomerView, args: dict[str, Any]) -> ToolResult:
    """The recorded decline reason of the customer's card."""
    declined = [k for k in c.cards if k.decline_reason]
    if not declined:
        return ToolResult(facts={"variant": "none"})
    return ToolResult(
        facts={"last4": declined[0].last4, "decline_reason": declined[0].decline_reason}
    )


@tool("charge_explanations")
def charge_explanations(ctx: ServiceContext, c: CustomerView, args: dict[str, Any]) -> ToolResult:
    """The facts of an order the customer does not recognise."""
    order = owned_order(c, args)
    return ToolResult(facts={"placed_date": order.placed_at.date()})


@tool("lock_account")
def lock_account(ctx: ServiceContext, c: CustomerView, args: dict[str, Any]) -> ToolResult:
    """Lock the account; for fraud, pause the disputed order and open the fraud case."""
    order_id = args.get("order_id")
    disputed = (str(order_id),) if order_id and c.order(str(order_id)) else ()
    customers.lock_account(ctx, c.id, disputed_orders=disputed)
    if disputed:
        open_case(ctx, c.id, "fraud", order_id=disputed[0])
    return ToolResult()


@tool("unlock_account")
def unlock_account(ctx: ServiceContext, c: CustomerView, args: dict[str, Any]) -> ToolResult:
    """Unlock the account."""
    customers.unlock_account(ctx, c.id)
    return ToolResult()


@tool("freeze_card")
def freeze_card(ctx: ServiceContext, c: CustomerView, args: dict[str, Any]) -> ToolResult:
    """Freeze a card."""
    customers.set_card_frozen(ctx, c.id, str(args.get("card_id")), True)
    return ToolResult()


@tool("request_contact_change")
def request_contact_change(
    ctx: ServiceContext, c: CustomerView, args: dict[str, Any]
) -> ToolResult:
    """Send a one-time code to the current contact details; nothing changes yet."""
    field = str(args.get("contact_field"))
    sent = customers.request_contact_change(ctx, c.id, field, str(args.get("contact_value")))
    notifications.send_code(
        ctx, c.id, "contact_change", sent.code, sent.expires_in_minutes, changing=field
    )
    return ToolResult(facts={"change_id": sent.change_id, "code_minutes": sent.expires_in_minutes})


@tool("confirm_contact_change")
def confirm_contact_change(
    ctx: ServiceContext, c: CustomerView, args: dict[str, Any]
) -> ToolResult:
    """Apply the change with the one-time code."""
    customers.confirm_contact_change(ctx, c.id, str(args.get("change_id")), str(args.get("code")))
    return ToolResult()


@tool("check_unlock")
def check_unlock(ctx: ServiceContext, c: CustomerView, args: dict[str, Any]) -> ToolResult:
    """Whether the account can be unlocked here (locked, and not for fraud)."""
    return ToolResult(refusal=_check(lambda: customers.check_unlock(ctx, c.id)))


@tool("request_unlock_code")
def request_unlock_code(ctx: ServiceContext, c: CustomerView, args: dict[str, Any]) -> ToolResult:
    """Send a one-time code to the current contact details; nothing changes yet."""
    sent = customers.request_unlock(ctx, c.id)
    notifications.send_code(ctx, c.id, "unlock", sent.code, sent.expires_in_minutes)
    return ToolResult(facts={"change_id": sent.change_id, "code_minutes": sent.expires_in_minutes})


@tool("confirm_unlock")
def confirm_unlock(ctx: ServiceContext, c: CustomerView, args: dict[str, Any]) -> ToolResult:
    """Unlock the account with the one-time code."""
    customers.confirm_unlock(ctx, c.id, str(args.get("change_id")), str(args.get("code")))
    return ToolResult()


@tool("check_close")
def check_close(ctx: ServiceContext, c: CustomerView, args: dict[str, Any]) -> ToolResult:
    """Whether the account can be closed now."""
    owed = sum(o.balance for o in c.orders if o.plan_status not in ("cancelled", "paid"))
    facts = {"balance": Money(owed, Currency(c.currency))}
    return ToolResult(facts=facts, refusal=_check(lambda: customers.check_close(ctx, c.id)))


@tool("close_account")
def close_account(ctx: ServiceContext, c: CustomerView, args: dict[str, Any]) -> ToolResult:
    """Close the account."""
    customers.close_account(ctx, c.id)
    return ToolResult()


def _case(ctx: ServiceContext, c: CustomerView, case_type: str, **kw: Any) -> dict[str, Any]:
    case = open_case(ctx, c.id, case_type, **kw)
    facts: dict[str, Any] = {"case_due": case.due_at.date() if case.due_at else ctx.today()}
    if case.summary_due_at:
        facts["summary_due"] = case.summary_due_at.date()
    return facts


@tool("open_complaint")
def open_complaint(ctx: ServiceContext, c: CustomerView, args: dict[str, Any]) -> ToolResult:
    """Open a complaint case at once, with its clocks."""
    return ToolResult(facts=_case(ctx, c, "complaint", order_id=args.get("order_id") or None))


@tool("open_difficulty_case")
def open_difficulty_case(ctx: ServiceContext, c: CustomerView, args: dict[str, Any]) -> ToolResult:
    """Open a financial-difficulty case (fees and collections pause while it is open)."""
    if any(k.type == "financial_difficulty" and k.status == "open" for k in c.cases):
        return ToolResult()
    return ToolResult(facts=_case(ctx, c, "financial_difficulty"))


@tool("open_privacy_case")
def open_privacy_case(ctx: ServiceContext, c: CustomerView, args: dict[str, Any]) -> ToolResult:
    """Register a data request (30-day clock)."""
    return ToolResult(facts=_case(ctx, c, "privacy"))


@tool("report_phishing")
def report_phishing(ctx: ServiceContext, c: CustomerView, args: dict[str, Any]) -> ToolResult:
    """Open a fraud case for a phishing report."""
    return ToolResult(facts=_case(ctx, c, "fraud", reason="phishing"))


@tool("open_credit_review")
def open_credit_review(ctx: ServiceContext, c: CustomerView, args: dict[str, Any]) -> ToolResult:
    """Open a human review of a credit decision."""
    return ToolResult(facts=_case(ctx, c, "credit_review"))


@tool("open_dispute_appeal")
def open_dispute_appeal(ctx: ServiceContext, c: CustomerView, args: dict[str, Any]) -> ToolResult:
    """An appeal of a dispute outcome is a complaint."""
    return ToolResult(facts=_case(ctx, c, "complaint", reason="dispute_appeal"))


@tool("open_billing_error")
def open_billing_error(ctx: ServiceContext, c: CustomerView, args: dict[str, Any]) -> ToolResult:
    """Open a billing-error case on an order."""
    order = owned_order(c, args)
    return ToolResult(facts=_case(ctx, c, "billing_error", order_id=order.id))
