"""The sample portfolio as a fixture document of the public contract (a plain JSON-ready dict).

A document lists each plan's original schedule with each instalment's status, and the refunds
separately: the loader applies them through the refund rule. So an order with a refund is listed
as it stood just before the refund, and loading it gives the same state `seed_database` writes.
What the document format has no field for (payment attempts, paid and failed times, why a plan is
paused, case follow-up clocks) is only in the seeded database.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date, datetime
from typing import Any

from ridgeline.kit.clock import ensure_utc
from ridgeline.portfolio.generator import TABLES, Batch, PortfolioGenerator

Row = dict[str, Any]


def _iso(value: datetime | date | None) -> str | None:
    return value.isoformat() if value is not None else None


def _pick(row: Row, *keys: str) -> Row:
    out: Row = {}
    for key in keys:
        value = row[key]
        out[key] = _iso(value) if isinstance(value, date) else value
    return out


def generate_batch(customers: int, seed: int, now: datetime) -> Batch:
    """Return the whole portfolio of `customers` as one batch of rows."""
    merged = Batch()
    for batch in PortfolioGenerator(customers, seed, now).batches(max(customers, 1)):
        for table in TABLES:
            merged.rows[table].extend(batch.rows[table])
        merged.listed.update(batch.listed)
    return merged


def to_document(batch: Batch, now: datetime) -> dict[str, Any]:
    """Return the fixture document of the rows in `batch`."""
    rows = batch.rows
    items: dict[str, list[Row]] = defaultdict(list)
    for item in rows["order_items"]:
        items[item["order_id"]].append(_pick(item, "name", "quantity", "unit_amount"))
    installments: dict[str, list[Row]] = defaultdict(list)
    for inst in rows["installments"]:
        installments[inst["order_id"]].append(inst)
    plans = {plan["order_id"]: plan for plan in rows["plans"]}
    orders = []
    for order in rows["orders"]:
        oid = order["id"]
        plan = plans[oid]
        insts = installments[oid]
        status, statuses = batch.listed.get(oid, (plan["status"], [i["status"] for i in insts]))
        orders.append(
            {
                **_pick(order, "id", "customer_id", "merchant_id", "placed_at", "currency"),
                "total": order["total"],
                "items": items[oid],
                "plan": {
                    "product": plan["product"],
                    "status": status,
                    "apr_bps": plan["apr_bps"],
                    "autopay": plan["autopay"],
                    "installments": [
                        {
                            "seq": inst["seq"],
                            "due_date": inst["due_date"].isoformat(),
                            "amount": inst["original_amount"],
                            "status": listed,
                        }
                        for inst, listed in zip(insts, statuses, strict=True)
                    ],
                },
            }
        )
    return {
        "now": ensure_utc(now).isoformat(),
        "merchants": [_pick(m, "id", "name", "country") for m in rows["merchants"]],
        "customers": [
            _pick(
                c,
                "id",
                "name",
                "email",
                "phone",
                "market",
                "language",
                "created_at",
                "address",
                "status",
                "locked",
                "spending_limit",
            )
            for c in rows["customers"]
        ],
        "orders": orders,
        "cards": [
            _pick(c, "id", "customer_id", "last4", "status", "decline_reason")
            for c in rows["cards"]
        ],
        "fees": [
            _pick(
                f,
                "id",
                "order_id",
                "installment_seq",
                "amount",
                "status",
                "charged_at",
                "waived_at",
            )
            for f in rows["fees"]
        ],
        "refunds": [_pick(r, "id", "order_id", "amount", "created_at") for r in rows["refunds"]],
        "credit_decisions": [
            _pick(
                d, "id", "customer_id", "decided_at", "outcome", "merchant_id", "amount", "reasons"
            )
            for d in rows["credit_decisions"]
        ],
        "cases": [
            _pick(
                c,
                "id",
                "customer_id",
                "type",
                "status",
                "opened_at",
                "order_id",
                "due_at",
                "reason",
            )
            for c in rows["cases"]
        ],
    }


def generate_document(customers: int, seed: int, now: datetime) -> dict[str, Any]:
    """Return a fixture document of a sample portfolio of `customers` (meant for small sizes).

    The same (customers, seed, now) always gives the same document; it loads through
    `ridgeline.sandbox.service.load` and gives the same records as `seed_database`.
    """
    return to_document(generate_batch(customers, seed, now), now)
