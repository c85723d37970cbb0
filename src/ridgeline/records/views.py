"""Build the assistant's read-only views from the records.

A view is read on every turn, so it is built from plain rows (one query per table, keyed by the
customer) rather than through the ORM's identity map and relationship loaders, with statements
built once and bound to the customer on each call: the same data in about a quarter of the time.
Pending changes of the session are flushed first, so a view read after a write inside a turn
sees that write. A turn reads its conversation's row with the view, in the same batch
(`conversations.repository.conversation_view`): the view's queries then find the customer by
a subquery on the conversation.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from sqlalchemy import ColumnElement, Select, bindparam, select
from sqlalchemy.orm import Session

from ridgeline.assistant.views import (
    CardView,
    CaseView,
    CustomerProfile,
    CustomerView,
    DecisionView,
    FeeView,
    InstallmentView,
    OrderView,
    RefundView,
)
from ridgeline.cases.models import Case
from ridgeline.customers.models import Card, CreditDecision, Customer
from ridgeline.kit.batch import select_all
from ridgeline.kit.errors import NotFoundError
from ridgeline.kit.money import Currency, Money
from ridgeline.lending.models import (
    DueDateExtension,
    Fee,
    Installment,
    Merchant,
    Order,
    OrderItem,
    Plan,
    Refund,
)
from ridgeline.policy import Policy


def view_statements(whose: ColumnElement[str]) -> tuple[Select[*tuple[Any, ...]], ...]:
    """Return the view's queries of the customer `whose`, in the order `_view` reads them."""
    mine = Order.customer_id == whose
    customer = select(
        Customer.name,
        Customer.market,
        Customer.language,
        Customer.email,
        Customer.phone,
        Customer.locked,
        Customer.status,
        Customer.spending_limit,
    ).where(Customer.id == whose)
    items = (
        select(OrderItem.order_id, OrderItem.name)
        .join(Order, Order.id == OrderItem.order_id)
        .where(mine)
        .order_by(OrderItem.order_id, OrderItem.position)
    )
    installments = (
        select(
            Installment.order_id,
            Installment.seq,
            Installment.due_date,
            Installment.amount,
            Installment.status,
        )
        .join(Order, Order.id == Installment.order_id)
        .where(mine)
        .order_by(Installment.order_id, Installment.seq)
    )
    fees = (
        select(Fee.id, Fee.order_id, Fee.installment_seq, Fee.amount, Fee.status)
        .join(Order, Order.id == Fee.order_id)
        .where(mine)
        .order_by(Fee.id)
    )
    refunds = (
        select(
            Refund.id,
            Refund.order_id,
            Refund.amount,
            Refund.created_at,
            Refund.excess,
            Refund.allocation,
        )
        .join(Order, Order.id == Refund.order_id)
        .where(mine)
        .order_by(Refund.created_at, Refund.id)
    )
    orders = (
        select(
            Order.id,
            Merchant.name,
            Order.placed_at,
            Order.currency,
            Order.total,
            Plan.product,
            Plan.status,
            Plan.apr_bps,
            Plan.autopay,
            DueDateExtension.order_id,
        )
        .join(Merchant, Merchant.id == Order.merchant_id)
        .join(Plan, Plan.order_id == Order.id)
        .outerjoin(DueDateExtension, DueDateExtension.order_id == Order.id)
        .where(mine)
        .order_by(Order.placed_at.desc(), Order.id)
    )
    decisions = (
        select(
            CreditDecision.id,
            CreditDecision.decided_at,
            CreditDecision.outcome,
            Merchant.name,
            CreditDecision.amount,
            CreditDecision.reasons,
        )
        .outerjoin(Merchant, Merchant.id == CreditDecision.merchant_id)
        .where(CreditDecision.customer_id == whose)
        .order_by(CreditDecision.decided_at.desc(), CreditDecision.id)
    )
    cases = (
        select(
            Case.id,
            Case.type,
            Case.status,
            Case.order_id,
            Case.reason,
            Case.opened_at,
            Case.due_at,
        )
        .where(Case.customer_id == whose)
        .order_by(Case.opened_at, Case.id)
    )
    cards = (
        select(Card.id, Card.last4, Card.status, Card.decline_reason)
        .where(Card.customer_id == whose)
        .order_by(Card.id)
    )
    return (
        customer,
        decisions,
        cases,
        cards,
        items,
        installments,
        fees,
        refunds,
        orders,
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


#: The view's queries of a customer, built once.
_VIEW = view_statements(bindparam("customer_id"))
Rows = list[tuple[Any, ...]]


def _orders(
    item_rows: Rows, installment_rows: Rows, fee_rows: Rows, refund_rows: Rows, order_rows: Rows
) -> tuple[OrderView, ...]:
    """Return the customer's orders with their plans, newest first."""
    items: dict[str, list[str]] = defaultdict(list)
    for order_id, name in item_rows:
        items[order_id].append(name)
    installments: dict[str, list[InstallmentView]] = defaultdict(list)
    for order_id, seq, due, amount, status in installment_rows:
        installments[order_id].append(InstallmentView(seq, due, amount, status))
    fees: dict[str, list[FeeView]] = defaultdict(list)
    for fee_id, order_id, seq, amount, status in fee_rows:
        fees[order_id].append(FeeView(fee_id, order_id, seq, amount, status))
    refunds: dict[str, list[RefundView]] = defaultdict(list)
    for refund_id, order_id, amount, created, excess, allocation in refund_rows:
        taken = tuple(sorted((int(seq), int(v)) for seq, v in (allocation or {}).items()))
        refunds[order_id].append(RefundView(refund_id, amount, created, excess, taken))
    return tuple(
        OrderView(
            id=order_id,
            merchant=merchant,
            items=tuple(items[order_id]),
            placed_at=placed_at,
            currency=currency,
            total=total,
            product=product,
            plan_status=plan_status,
            apr_bps=apr_bps,
            autopay=autopay,
            installments=tuple(installments[order_id]),
            fees=tuple(fees[order_id]),
            refunds=tuple(refunds[order_id]),
            extended=extension is not None,
        )
        for (
            order_id,
            merchant,
            placed_at,
            currency,
            total,
            product,
            plan_status,
            apr_bps,
            autopay,
            extension,
        ) in order_rows
    )


def customer_profile(session: Session, customer_id: str) -> CustomerProfile:
    """Return who a customer is (their name, market and language), from one row."""
    row = session.connection().execute(_VIEW[0], {"customer_id": customer_id}).one_or_none()
    if row is None:
        raise NotFoundError("customer", customer_id)
    return CustomerProfile(customer_id, row.name, row.market, row.language)


def customer_view(session: Session, customer_id: str, policy: Policy) -> CustomerView:
    """Return the assistant's view of a customer and their records."""
    session.flush()
    # Plain rows of Core statements, sent together (one round trip on PostgreSQL): the ORM's
    # execution layer adds nothing to them and cost about a third of the view.
    rows = select_all(session.connection(), _VIEW, {"customer_id": customer_id})
    view = build_view(customer_id, rows, policy)
    if view is None:
        raise NotFoundError("customer", customer_id)
    return view


def build_view(customer_id: str, rows: list[Rows], policy: Policy) -> CustomerView | None:
    """Build the view from the rows of `_statements`, in order (None: no such customer)."""
    customer_rows, decision_rows, case_rows, card_rows, *order_parts = rows
    if not customer_rows:
        return None
    name, market, language, email, phone, locked, status, spending_limit = customer_rows[0]
    currency = policy.market(market).currency
    decisions = tuple(
        DecisionView(d_id, decided_at, outcome, merchant, amount, currency, tuple(reasons or ()))
        for d_id, decided_at, outcome, merchant, amount, reasons in decision_rows
    )
    return CustomerView(
        id=customer_id,
        name=name,
        market=market,
        language=language,
        currency=currency,
        email=email,
        phone=phone,
        locked=locked,
        status=status,
        spending_limit=spending_limit,
        orders=_orders(*order_parts),
        cases=tuple(CaseView(*row) for row in case_rows),
        cards=tuple(CardView(*row) for row in card_rows),
        decisions=decisions,
        market_facts=market_facts(policy, market),
    )
