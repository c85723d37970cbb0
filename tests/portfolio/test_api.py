"""A seeded portfolio as the record routes serve it."""

from __future__ import annotations

from collections import Counter
from datetime import UTC, datetime

from fastapi.testclient import TestClient

from ridgeline.config import Settings
from ridgeline.kit.db import Database
from ridgeline.portfolio import seed_database
from ridgeline.portfolio.document import generate_batch
from ridgeline.web.app import create_app

NOW = datetime(2026, 3, 10, 12, 0, tzinfo=UTC)


def test_record_routes_serve_the_seeded_portfolio(db: Database, database_url: str) -> None:
    seed_database(db, customers=20, seed=3, now=NOW)
    rows = generate_batch(20, 3, NOW).rows
    app = create_app(Settings(database_url, sandbox=False, admin_token="adm"), db=db)
    with TestClient(app, headers={"Authorization": "Bearer adm"}) as client:
        refund = next(r for r in rows["refunds"] if r["excess"] == 0)
        order = client.get(f"/api/v1/orders/{refund['order_id']}").json()
        assert [r["id"] for r in order["refunds"]] == [refund["id"]]
        assert order["refunds"][0]["allocation"] == refund["allocation"]
        seeded = [i for i in rows["installments"] if i["order_id"] == refund["order_id"]]
        served = order["plan"]["installments"]
        assert [i["amount"] for i in served] == [i["amount"] for i in seeded]
        assert sum(i["original_amount"] for i in served) >= order["total"]

        orders_of = Counter(o["customer_id"] for o in rows["orders"])
        who = max(orders_of, key=lambda c: (orders_of[c], c))
        profile = client.get(f"/api/v1/customers/{who}").json()
        assert len(profile["orders"]) == orders_of[who]
        placed = [o["placed_at"] for o in profile["orders"]]
        assert placed == sorted(placed, reverse=True)

        case = next(c for c in rows["cases"] if c["type"] == "dispute")
        listed = client.get("/api/v1/cases", params={"customer_id": case["customer_id"]}).json()
        served_case = next(c for c in listed if c["id"] == case["id"])
        assert (served_case["type"], served_case["order_id"]) == ("dispute", case["order_id"])
