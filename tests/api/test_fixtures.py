"""Fixture documents load through the admin route and read back exactly; bad ones change nothing."""

from __future__ import annotations

import copy
from typing import Any

import pytest
from fastapi.testclient import TestClient

from tests.factories import PACKAGED_FIXTURES, packaged_fixture

CONTRACT_EXAMPLE: dict[str, Any] = {
    "now": "2026-03-10T12:00:00Z",
    "merchants": [{"id": "M1", "name": "Nordic Shoes", "country": "SE"}],
    "customers": [
        {
            "id": "C1",
            "name": "Amélie Dupont",
            "email": "amelie@example.com",
            "phone": "+33600000000",
            "market": "FR",
            "language": "fr",
            "created_at": "2024-05-01T10:00:00Z",
        }
    ],
    "orders": [
        {
            "id": "O1",
            "customer_id": "C1",
            "merchant_id": "M1",
            "placed_at": "2026-02-20T09:00:00Z",
            "currency": "EUR",
            "total": 12000,
            "items": [{"name": "Running shoes", "quantity": 1, "unit_amount": 12000}],
            "plan": {
                "product": "pay_in_4",
                "status": "active",
                "apr_bps": 0,
                "installments": [
                    {"seq": 1, "due_date": "2026-02-20", "amount": 3000, "status": "paid"},
                    {"seq": 2, "due_date": "2026-03-06", "amount": 3000, "status": "paid"},
                    {"seq": 3, "due_date": "2026-03-20", "amount": 3000, "status": "scheduled"},
                    {"seq": 4, "due_date": "2026-04-03", "amount": 3000, "status": "scheduled"},
                ],
            },
        }
    ],
    "cards": [{"id": "K1", "customer_id": "C1", "last4": "4242", "status": "active"}],
    "fees": [
        {"id": "F1", "order_id": "O1", "installment_seq": 2, "amount": 500, "status": "charged"}
    ],
    "refunds": [
        {"id": "R1", "order_id": "O1", "amount": 3000, "created_at": "2026-03-08T15:00:00Z"}
    ],
    "credit_decisions": [
        {
            "id": "D1",
            "customer_id": "C1",
            "decided_at": "2026-03-01T12:00:00Z",
            "outcome": "declined",
            "merchant_id": "M1",
            "amount": 90000,
            "reasons": ["insufficient_repayment_history"],
        }
    ],
    "cases": [
        {
            "id": "X1",
            "customer_id": "C1",
            "type": "complaint",
            "status": "open",
            "opened_at": "2026-03-09T10:00:00Z",
        }
    ],
}


def test_contract_example_loads_and_applies_the_refund(client: TestClient) -> None:
    response = client.post("/api/v1/admin/fixtures", json=CONTRACT_EXAMPLE)
    assert response.status_code == 201, response.text
    assert response.json()["loaded"]["customers"] == 1
    order = client.get("/api/v1/orders/O1").json()
    assert [(i["seq"], i["amount"], i["status"]) for i in order["plan"]["installments"]] == [
        (1, 3000, "paid"),
        (2, 3000, "paid"),
        (3, 1500, "scheduled"),
        (4, 1500, "scheduled"),
    ]
    assert order["merchant"] == {"id": "M1", "name": "Nordic Shoes"}
    assert [(f["id"], f["amount"], f["status"]) for f in order["fees"]] == [("F1", 500, "charged")]
    assert order["refunds"][0]["amount"] == 3000
    customer = client.get("/api/v1/customers/C1").json()
    assert customer["credit_decisions"][0]["reasons"] == ["insufficient_repayment_history"]
    assert [c["last4"] for c in customer["cards"]] == ["4242"]
    cases = client.get("/api/v1/cases", params={"customer_id": "C1"}).json()
    assert [(c["id"], c["type"], c["status"]) for c in cases] == [("X1", "complaint", "open")]


@pytest.mark.parametrize("name", PACKAGED_FIXTURES)
def test_public_fixtures_read_back_exactly(client: TestClient, name: str) -> None:
    doc = packaged_fixture(name)
    assert client.post("/api/v1/admin/fixtures", json=doc).status_code == 201
    for order in doc["orders"]:
        got = client.get(f"/api/v1/orders/{order['id']}").json()
        assert got["customer_id"] == order["customer_id"]
        assert got["merchant"]["id"] == order["merchant_id"]
        assert (got["currency"], got["total"]) == (order["currency"], order["total"])
        assert got["placed_at"].replace("+00:00", "Z") == order["placed_at"]
        assert [{k: i[k] for k in ("name", "quantity", "unit_amount")} for i in got["items"]] == (
            order["items"]
        )
        plan = order["plan"]
        assert (got["plan"]["product"], got["plan"]["status"]) == (plan["product"], plan["status"])
        assert [
            {k: i[k] for k in ("seq", "due_date", "amount", "status")}
            for i in got["plan"]["installments"]
        ] == plan["installments"]
    for fee in doc.get("fees", []):
        got_fees = client.get(f"/api/v1/orders/{fee['order_id']}").json()["fees"]
        assert {
            "id": fee["id"],
            "installment_seq": fee["installment_seq"],
            "amount": fee["amount"],
            "status": fee["status"],
        } in got_fees
    for customer in doc["customers"]:
        got = client.get(f"/api/v1/customers/{customer['id']}").json()
        for key in ("name", "email", "phone", "market", "language"):
            assert got[key] == customer[key]
    for card in doc.get("cards", []):
        cards = client.get(f"/api/v1/customers/{card['customer_id']}").json()["cards"]
        assert {"id": card["id"], "last4": card["last4"], "status": card["status"]} in cards


def test_loading_again_replaces_by_id(client: TestClient) -> None:
    doc = packaged_fixture("gb.json")
    client.post("/api/v1/admin/fixtures", json=doc)
    changed = copy.deepcopy(doc)
    changed["orders"][0]["plan"]["status"] = "paused"
    assert client.post("/api/v1/admin/fixtures", json=changed).status_code == 201
    assert client.get("/api/v1/orders/PO-GB1").json()["plan"]["status"] == "paused"
    assert len(client.get("/api/v1/orders/PO-GB1").json()["plan"]["installments"]) == 4


def _rejected(client: TestClient, doc: dict[str, Any], *fragments: str) -> None:
    response = client.post("/api/v1/admin/fixtures", json=doc)
    assert response.status_code == 422, response.text
    message = response.json()["error"]["message"]
    for fragment in fragments:
        assert fragment in message
    assert client.get("/api/v1/customers/C1").status_code == 404  # nothing was written


def test_unknown_field_is_rejected_naming_the_record(client: TestClient) -> None:
    doc = copy.deepcopy(CONTRACT_EXAMPLE)
    doc["orders"][0]["plan"]["installments"][1]["colour"] = "red"
    _rejected(client, doc, "orders[0].plan.installments[1].colour", "unknown field")


def test_dangling_reference_is_rejected_naming_the_record(client: TestClient) -> None:
    doc = copy.deepcopy(CONTRACT_EXAMPLE)
    doc["orders"][0]["merchant_id"] = "M404"
    _rejected(client, doc, "orders[0] (O1)", "M404")


def test_instalments_not_summing_to_total_are_rejected(client: TestClient) -> None:
    doc = copy.deepcopy(CONTRACT_EXAMPLE)
    doc["orders"][0]["plan"]["installments"][3]["amount"] = 2999
    _rejected(client, doc, "orders[0] (O1)", "11999")


def test_naive_timestamps_are_rejected(client: TestClient) -> None:
    doc = copy.deepcopy(CONTRACT_EXAMPLE)
    doc["customers"][0]["created_at"] = "2024-05-01T10:00:00"
    _rejected(client, doc, "customers[0].created_at")
