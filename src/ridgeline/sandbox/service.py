"""Load a fixture document: validate it whole, then load or replace its records by id.

The records are written in the caller's transaction, so either all of it loads or none.

Checks beyond the schema: every reference points to a record in the document or already in the
database; a plan's instalments are numbered 1..n and are consistent with the order total (see
`lending.schedule.schedule_error`); fees name an existing instalment. Refunds are then applied
through the refund rule in order of `created_at`, as if they had happened then.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sqlalchemy import delete
from sqlalchemy.orm import Session

from ridgeline.cases.models import Case
from ridgeline.context import SYSTEM, ServiceContext
from ridgeline.customers.models import Card, CreditDecision, Customer
from ridgeline.kit.base_types import HasId
from ridgeline.kit.clock import Clock, SettableClock
from ridgeline.kit.stored_clock import StoredClock
from ridgeline.knowledge.service import load_articles
from ridgeline.lending.models import (
    DueDateExtension,
    Fee,
    Installment,
    Merchant,
    Order,
    OrderItem,
    Payment,
    Plan,
    Refund,
)
from ridgeline.lending.returns import apply_refund
from ridgeline.lending.schedule import schedule_error
from ridgeline.sandbox.errors import FixtureError
from ridgeline.sandbox.schemas import FixtureDocument, OrderIn


def _ids(records: Iterable[HasId]) -> set[str]:
    return {r.id for r in records}


def _exists(session: Session, model: type[Any], record_id: str) -> bool:
    return session.get(model, record_id) is not None


def _check_unique(doc: FixtureDocument) -> None:
    for kind in ("merchants", "customers", "orders", "cards", "fees", "refunds", "cases"):
        seen: set[str] = set()
        for index, record in enumerate(getattr(doc, kind)):
            if record.id in seen:
                raise FixtureError(f"{kind}[{index}] ({record.id}): duplicate id")
            seen.add(record.id)


def _check_order(index: int, order: OrderIn) -> None:
    where = f"orders[{index}] ({order.id})"
    plan = order.plan
    seqs = [i.seq for i in plan.installments]
    if seqs != list(range(1, len(seqs) + 1)):
        raise FixtureError(f"{where}: instalments must be numbered 1..{len(seqs)} in order")
    dates = [i.due_date for i in plan.installments]
    if dates != sorted(dates):
        raise FixtureError(f"{where}: instalment due dates must not go backwards")
    problem = schedule_error(
        plan.product, order.total, plan.apr_bps, [i.amount for i in plan.installments]
    )
    if problem:
        raise FixtureError(f"{where}: {problem}")
    if order.items:
        items_total = sum(item.quantity * item.unit_amount for item in order.items)
        if items_total != order.total:
            raise FixtureError(
                f"{where}: items add up to {items_total}, not the total {order.total}"
            )


def validate(session: Session, doc: FixtureDocument) -> None:
    """Raise FixtureError naming the first inconsistent record; write nothing."""
    _check_unique(doc)
    merchants, customers = _ids(doc.merchants), _ids(doc.customers)
    orders = {o.id: o for o in doc.orders}

    def need(kind: str, index: int, rid: str, ref: str, ids: set[str], model: type[Any]) -> None:
        if ref not in ids and not _exists(session, model, ref):
            raise FixtureError(
                f"{kind}[{index}] ({rid}): unknown {model.__tablename__[:-1]} {ref!r}"
            )

    for i, o in enumerate(doc.orders):
        need("orders", i, o.id, o.customer_id, customers, Customer)
        need("orders", i, o.id, o.merchant_id, merchants, Merchant)
        _check_order(i, o)
    for i, c in enumerate(doc.cards):
        need("cards", i, c.id, c.customer_id, customers, Customer)
    for i, d in enumerate(doc.credit_decisions):
        need("credit_decisions", i, d.id, d.customer_id, customers, Customer)
        if d.merchant_id:
            need("credit_decisions", i, d.id, d.merchant_id, merchants, Merchant)
    for i, case in enumerate(doc.cases):
        need("cases", i, case.id, case.customer_id, customers, Customer)
        if case.order_id:
            need("cases", i, case.id, case.order_id, set(orders), Order)
    for i, fee in enumerate(doc.fees):
        order = orders.get(fee.order_id)
        if order is None:
            raise FixtureError(
                f"fees[{i}] ({fee.id}): order {fee.order_id!r} must be in the same document"
            )
        if fee.installment_seq > len(order.plan.installments):
            raise FixtureError(
                f"fees[{i}] ({fee.id}): order {order.id} has no instalment {fee.installment_seq}"
            )
    refunded: dict[str, int] = {}
    for i, refund in enumerate(doc.refunds):
        if refund.order_id not in orders:
            raise FixtureError(
                f"refunds[{i}] ({refund.id}): order {refund.order_id!r} "
                "must be in the same document"
            )
        refunded[refund.order_id] = refunded.get(refund.order_id, 0) + refund.amount
        if refunded[refund.order_id] > orders[refund.order_id].total:
            raise FixtureError(
                f"refunds[{i}] ({refund.id}): refunds of order {refund.order_id} add up to more "
                f"than its total {orders[refund.order_id].total}"
            )


def _replace_order(session: Session, o: OrderIn) -> None:
    for model in (OrderItem, Fee, Refund, Payment):
        session.execute(delete(model).where(model.order_id == o.id))
    for child in (DueDateExtension, Installment):
        session.execute(delete(child).where(child.order_id == o.id))
    session.execute(delete(Plan).where(Plan.order_id == o.id))
    session.flush()
    session.expunge_all()
    session.merge(
        Order(
            id=o.id,
            customer_id=o.customer_id,
            merchant_id=o.merchant_id,
            placed_at=o.placed_at,
            currency=o.currency,
            total=o.total,
        )
    )
    for position, item in enumerate(o.items):
        session.add(OrderItem(order_id=o.id, position=position, **item.model_dump()))
    session.add(
        Plan(
            order_id=o.id,
            product=o.plan.product,
            status=o.plan.status,
            apr_bps=o.plan.apr_bps,
            autopay=o.plan.autopay,
            paused_reason=None,
        )
    )
    for inst in o.plan.installments:
        session.add(
            Installment(
                order_id=o.id,
                seq=inst.seq,
                due_date=inst.due_date,
                original_amount=inst.amount,
                amount=inst.amount,
                status=inst.status,
            )
        )


def load(session: Session, doc: FixtureDocument, clock: Clock) -> dict[str, int]:
    """Validate and load a fixture document in the caller's transaction; return the counts."""
    validate(session, doc)
    if doc.now is not None and isinstance(clock, StoredClock):
        clock.set(doc.now, session)  # in this transaction: all of the document or none
    elif doc.now is not None and isinstance(clock, SettableClock):
        clock.set(doc.now)
    for m in doc.merchants:
        session.merge(Merchant(**m.model_dump()))
    for c in doc.customers:
        session.merge(Customer(**c.model_dump()))
    session.flush()
    for o in doc.orders:
        _replace_order(session, o)
        session.flush()
    for card in doc.cards:
        session.merge(Card(**card.model_dump()))
    for fee in doc.fees:
        session.add(Fee(**fee.model_dump()))
    for d in doc.credit_decisions:
        session.merge(CreditDecision(**d.model_dump()))
    for case in doc.cases:
        session.merge(Case(**case.model_dump(), details={}))
    session.flush()
    ctx = ServiceContext(session, clock, SYSTEM)
    for refund in sorted(doc.refunds, key=lambda r: (r.created_at, r.id)):
        apply_refund(
            ctx, refund.order_id, refund.amount, refund_id=refund.id, created_at=refund.created_at
        )
    session.flush()
    load_articles(ctx, doc.articles)  # audited and indexed like any article
    return {
        "merchants": len(doc.merchants),
        "customers": len(doc.customers),
        "orders": len(doc.orders),
        "cards": len(doc.cards),
        "fees": len(doc.fees),
        "refunds": len(doc.refunds),
        "credit_decisions": len(doc.credit_decisions),
        "cases": len(doc.cases),
        "articles": len(doc.articles),
    }
