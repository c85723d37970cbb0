"""Tools on the account: locking and unlocking, cards, contact details, closing, credit.

Contact details change only with a one-time code; the credit tools tell the recorded credit
decisions and spending limit.
"""

from __future__ import annotations

from typing import Any

from ridgeline.assistant.ports import ToolResult
from ridgeline.assistant.views import CustomerView
from ridgeline.cases.service import open_case
from ridgeline.context import ServiceContext
from ridgeline.customers import service as customers
from ridgeline.kit.money import Currency, Money
from ridgeline.lending import accounts
from ridgeline.notifications import service as notifications
from ridgeline.records.tools.common import check
from ridgeline.records.tools.registry import tool


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


@tool("lock_account", writes=True)
def lock_account(ctx: ServiceContext, c: CustomerView, args: dict[str, Any]) -> ToolResult:
    """Lock the account; for fraud, pause the disputed order and open the fraud case."""
    order_id = args.get("order_id")
    disputed = (str(order_id),) if order_id and c.order(str(order_id)) else ()
    accounts.lock_account(ctx, c.id, disputed_orders=disputed)
    if disputed:
        open_case(ctx, c.id, "fraud", order_id=disputed[0])
    return ToolResult()


@tool("freeze_card", needs=("card_id",), writes=True)
def freeze_card(ctx: ServiceContext, c: CustomerView, args: dict[str, Any]) -> ToolResult:
    """Freeze a card."""
    customers.set_card_frozen(ctx, c.id, str(args.get("card_id")), True)
    return ToolResult()


@tool("request_contact_change", needs=("contact_field", "contact_value"), writes=True)
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


@tool("confirm_contact_change", needs=("change_id", "code"), writes=True)
def confirm_contact_change(
    ctx: ServiceContext, c: CustomerView, args: dict[str, Any]
) -> ToolResult:
    """Apply the change with the one-time code."""
    customers.confirm_contact_change(ctx, c.id, str(args.get("change_id")), str(args.get("code")))
    return ToolResult()


@tool("check_unlock")
def check_unlock(ctx: ServiceContext, c: CustomerView, args: dict[str, Any]) -> ToolResult:
    """Whether the account can be unlocked here (locked, and not for fraud)."""
    return ToolResult(refusal=check(lambda: customers.check_unlock(ctx, c.id)))


@tool("request_unlock_code", writes=True)
def request_unlock_code(ctx: ServiceContext, c: CustomerView, args: dict[str, Any]) -> ToolResult:
    """Send a one-time code to the current contact details; nothing changes yet."""
    sent = customers.request_unlock(ctx, c.id)
    notifications.send_code(ctx, c.id, "unlock", sent.code, sent.expires_in_minutes)
    return ToolResult(facts={"change_id": sent.change_id, "code_minutes": sent.expires_in_minutes})


@tool("confirm_unlock", needs=("change_id", "code"), writes=True)
def confirm_unlock(ctx: ServiceContext, c: CustomerView, args: dict[str, Any]) -> ToolResult:
    """Unlock the account with the one-time code."""
    customers.confirm_unlock(ctx, c.id, str(args.get("change_id")), str(args.get("code")))
    return ToolResult()


@tool("check_close")
def check_close(ctx: ServiceContext, c: CustomerView, args: dict[str, Any]) -> ToolResult:
    """Whether the account can be closed now."""
    owed = sum(o.balance for o in c.orders if o.plan_status not in ("cancelled", "paid"))
    facts = {"balance": Money(owed, Currency(c.currency))}
    return ToolResult(facts=facts, refusal=check(lambda: accounts.check_close(ctx, c.id)))


@tool("close_account", writes=True)
def close_account(ctx: ServiceContext, c: CustomerView, args: dict[str, Any]) -> ToolResult:
    """Close the account."""
    accounts.close_account(ctx, c.id)
    return ToolResult()
