"""Build the assistant's read-only views from the records."""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from ridgeline.assistant.views import (
    CardView,
    CaseView,
    CustomerView,
    DecisionView,
    FeeView,
    InstallmentView,
    OrderView,
    RefundView,
)
from ridgeline.cases import repository as cases_repo
from ridgeline.customers import repository as customers_repo
from ridgeline.kit.errors import NotFoundError
from ridgeline.kit.money import Currency, Money
from ridgeline.lending import repository as lending_repo
from ridgeline.lending.models import Order
from ridgeline.lending.policy import Policy


def order_view(order: Order) -> OrderView:
    """Return the assistant's view of an order."""
    plan = order.plan
    return OrderView(
        id=order.id,
        merchant=order.merchant.name,
        items=tuple(i.name for i in order.items),
        placed_at=order.placed_at,
        currency=order.currency,
        total=order.total,
        product=plan.product,
        plan_status=plan.status,
        apr_bps=plan.apr_bps,
        autopay=plan.autopay,
        installments=tuple(
            InstallmentView(i.seq, i.due_date, i.amount, i.status) for i in plan.installments
        ),
        fees=tuple(
            FeeView(f.id, f.order_id, f.installment_seq, f.amount, f.status) for f in order.fees
        ),
        refunds=tuple(RefundView(r.id, r.amount, r.created_at, r.excess) for r in order.refunds),
        extended=plan.extension is not None,
    )


def market_facts(policy: Policy, market: str) -> dict[str, Any]:
    """Return the policy facts every reply may cite for a market."""
    mp = policy.market(market)
    return {
        "ombudsman": mp.ombudsman,
        "debt_advice": mp.debt_advice,
        "late_fee": Money(mp.late_fee, Currency(mp.currency)),
        "extension_days": policy.extension_days,
        "return_days": policy.return_follow_up_days,
        "hold_days": policy.hold_window_days,
        "reporting_days": policy.credit_reporting_after_days,
        "collections_days": policy.collections_after_days,
        "code_minutes": policy.contact_code_minutes,
        "cutoff_hours": policy.extension_cutoff_hours,
        "min_account_days": policy.extension_min_account_age_days,
    }


def customer_view(session: Session, customer_id: str, policy: Policy) -> CustomerView:
    """Return the assistant's view of a customer and their records."""
    customer = customers_repo.get(session, customer_id)
    if customer is None:
        raise NotFoundError("customer", customer_id)
    currency = policy.market(customer.market).currency
    merchants: dict[str, str] = {}
    decisions = []
    for d in customers_repo.credit_decisions(session, customer_id):
        if d.merchant_id and d.merchant_id not in merchants:
            m = lending_repo.get_merchant(session, d.merchant_id)
            merchants[d.merchant_id] = m.name if m else d.merchant_id
        decisions.append(
            DecisionView(
                d.id,
                d.decided_at,
                d.outcome,
                merchants.get(d.merchant_id or ""),
                d.amount,
                currency,
                tuple(d.reasons),
            )
        )
    return CustomerView(
        id=customer.id,
        name=customer.name,
        market=customer.market,
        language=customer.language,
        currency=currency,
        email=customer.email,
        phone=customer.phone,
        locked=customer.locked,
        status=customer.status,
        spending_limit=customer.spending_limit,
        orders=tuple(order_view(o) for o in lending_repo.orders_of(session, customer_id)),
        cases=tuple(
            CaseView(c.id, c.type, c.status, c.order_id, c.reason, c.opened_at, c.due_at)
            for c in cases_repo.for_customer(session, customer_id)
        ),
        cards=tuple(CardView(c.id, c.last4, c.status, c.decline_reason) for c in customer.cards),
        decisions=tuple(decisions),
        market_facts=market_facts(policy, customer.market),
    )
