"""Typed factories of test records, built as fixture documents and loaded through the loader."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta
from importlib import resources
from typing import Any

from ridgeline.context import Actor, ServiceContext
from ridgeline.kit.clock import SettableClock
from ridgeline.kit.db import Database
from ridgeline.lending.schedule import financing, pay_in_4, pay_in_30
from ridgeline.sandbox.schemas import FixtureDocument
from ridgeline.sandbox.service import load

NOW = datetime(2026, 3, 10, 12, 0, tzinfo=UTC)
CURRENCY = {
    "SE": "SEK",
    "DE": "EUR",
    "FR": "EUR",
    "ES": "EUR",
    "IT": "EUR",
    "GB": "GBP",
    "US": "USD",
}
# The fixture documents shipped in the package (ridgeline/sandbox/fixtures), by file name.
PACKAGED_FIXTURES = tuple(
    sorted(
        f.name
        for f in resources.files("ridgeline.sandbox").joinpath("fixtures").iterdir()
        if f.name.endswith(".json")
    )
)
LANGUAGE = {"SE": "sv", "DE": "de", "FR": "fr", "ES": "es", "IT": "it", "GB": "en", "US": "en"}


def packaged_fixture(name: str) -> dict[str, Any]:
    """Return the packaged fixture document `name` (one of :data:`PACKAGED_FIXTURES`)."""
    text = resources.files("ridgeline.sandbox").joinpath("fixtures", name).read_text("utf-8")
    doc: dict[str, Any] = json.loads(text)
    return doc


def merchant(mid: str = "M1", name: str = "Nordic Shoes", country: str = "SE") -> dict[str, Any]:
    """Return a merchant record."""
    return {"id": mid, "name": name, "country": country}


def customer(
    cid: str = "C1", market: str = "GB", created_at: datetime = NOW - timedelta(days=400)
) -> dict[str, Any]:
    """Return a customer record of `market`."""
    return {
        "id": cid,
        "name": f"Customer {cid}",
        "email": f"{cid.lower()}@example.com",
        "phone": "+447700900000",
        "market": market,
        "language": LANGUAGE[market],
        "created_at": created_at.isoformat(),
    }


def order(
    oid: str = "O1",
    cid: str = "C1",
    *,
    product: str = "pay_in_4",
    total: int = 12000,
    placed: date = date(2026, 2, 20),
    statuses: list[str] | None = None,
    market: str = "GB",
    apr_bps: int = 0,
    months: int = 12,
    plan_status: str = "active",
    mid: str = "M1",
) -> dict[str, Any]:
    """Return an order with a plan built by the product's schedule rule."""
    if product == "pay_in_4":
        schedule = pay_in_4(total, placed)
    elif product == "pay_in_30":
        schedule = pay_in_30(total, placed)
    else:
        schedule = financing(total, apr_bps, months, placed)
    statuses = statuses or ["scheduled"] * len(schedule)
    return {
        "id": oid,
        "customer_id": cid,
        "merchant_id": mid,
        "placed_at": datetime(placed.year, placed.month, placed.day, 9, tzinfo=UTC).isoformat(),
        "currency": CURRENCY[market],
        "total": total,
        "items": [{"name": "Running shoes", "quantity": 1, "unit_amount": total}],
        "plan": {
            "product": product,
            "status": plan_status,
            "apr_bps": apr_bps,
            "installments": [
                {"seq": s.seq, "due_date": s.due_date.isoformat(), "amount": s.amount, "status": st}
                for s, st in zip(schedule, statuses, strict=True)
            ],
        },
    }


def document(**lists: Any) -> FixtureDocument:
    """Return a fixture document with a merchant and the given lists."""
    body: dict[str, Any] = {"now": NOW.isoformat(), "merchants": [merchant()], **lists}
    return FixtureDocument.model_validate(body)


def seed(db: Database, clock: SettableClock, doc: FixtureDocument) -> None:
    """Load a fixture document and commit it."""
    with db.writer() as session:
        load(session, doc, clock)
        session.commit()


def context_for(db: Database, clock: SettableClock, actor: Actor) -> ServiceContext:
    """Return a service context on a new writing session (the caller commits or discards)."""
    return ServiceContext(db.writer(), clock, actor)
