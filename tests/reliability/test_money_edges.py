"""Money at the edges: a refund never exceeds what the order can give back and never makes a plan
negative; amounts beyond the policy's maximum or a database integer are refused at the schema;
request bodies are strictly typed (no "100" for 100, no true for 1, no 0 for false)."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from ridgeline.context import ServiceContext
from ridgeline.kit.errors import RuleRefusedError
from ridgeline.lending import repository
from ridgeline.lending.models import Fee, Order, Payment, Refund
from ridgeline.lending.returns import apply_refund
from ridgeline.policy import MAX_AMOUNT
from ridgeline.sandbox.service import load
from tests.api.test_fixtures import CONTRACT_EXAMPLE
from tests.factories import customer, document, order
from tests.reliability.conftest import Api

ORDER = "/api/v1/orders/O-C1"
TRILLION = 1_000_000_000_000


def _order(ctx: ServiceContext, order_id: str = "O1") -> Order:
    found = repository.get_order(ctx.session, order_id)
    assert found is not None
    return found


def test_a_refund_larger_than_the_order_is_refused_and_changes_nothing(
    as_assistant: ServiceContext,
) -> None:
    doc = document(
        customers=[customer()],
        orders=[order(total=4500, statuses=["paid"] * 1 + ["scheduled"] * 3)],
    )
    load(as_assistant.session, doc, as_assistant.clock)
    before = [(i.amount, i.status) for i in _order(as_assistant).plan.installments]
    with pytest.raises(RuleRefusedError) as refused:
        apply_refund(as_assistant, "O1", TRILLION)
    assert refused.value.rule == "refund_exceeds_order"
    plan = _order(as_assistant).plan
    assert [(i.amount, i.status) for i in plan.installments] == before
    assert _order(as_assistant).refunds == []


def test_refunds_may_add_up_to_the_order_total_and_no_further(as_assistant: ServiceContext) -> None:
    doc = document(
        customers=[customer()],
        orders=[order(total=4500, statuses=["paid", "paid", "scheduled", "scheduled"])],
    )
    load(as_assistant.session, doc, as_assistant.clock)
    first = apply_refund(as_assistant, "O1", 3000)  # more than the 2,250 still owed
    assert first.excess == 750  # the excess is paid back to the customer
    plan = _order(as_assistant).plan
    assert all(i.amount >= 0 for i in plan.installments)
    assert sum(i.amount for i in plan.installments if i.status == "scheduled") == 0
    assert plan.status == "paid"
    with pytest.raises(RuleRefusedError) as refused:
        apply_refund(as_assistant, "O1", 1501)  # 3,000 + 1,501 > 4,500
    assert refused.value.rule == "refund_exceeds_order"
    last = apply_refund(as_assistant, "O1", 1500)  # exactly the rest: a full refund
    assert last.excess == 1500
    plan = _order(as_assistant).plan
    assert plan.status == "cancelled"
    assert all(i.amount >= 0 for i in plan.installments)


def test_a_trillion_on_a_45_order_is_refused_over_http(api: Api) -> None:
    refused = api.post(f"{ORDER}/refunds", {"amount": TRILLION})
    assert refused.status_code == 422
    assert refused.json()["error"]["code"] == "invalid_request"
    too_much = api.post(f"{ORDER}/refunds", {"amount": 12001})  # within the maximum, over the order
    assert too_much.status_code == 409
    assert too_much.json()["error"]["rule"] == "refund_exceeds_order"
    assert api.count(Refund) == 0


@pytest.mark.parametrize(
    ("path", "body"),
    [
        ("refunds", {"amount": "100"}),
        ("refunds", {"amount": True}),
        ("refunds", {"amount": 100.0}),
        ("refunds", {"amount": MAX_AMOUNT + 1}),
        ("refunds", {"amount": 2**63}),
        ("autopay", {"enabled": 0}),
        ("autopay", {"enabled": "false"}),
        ("payments", {"seq": "3", "succeeded": True}),
        ("payments", {"seq": 3, "succeeded": 1}),
        ("payments", {"seq": 2**63, "succeeded": True}),
        ("disputes", {"reason": ["faulty"]}),
    ],
)
def test_wrong_types_and_huge_numbers_are_refused_and_nothing_is_written(
    api: Api, path: str, body: dict[str, Any]
) -> None:
    before = api.client.get(ORDER, headers=api.customer()).json()
    refused = api.post(f"{ORDER}/{path}", body)
    assert refused.status_code == 422, refused.text
    assert refused.json()["error"]["code"] == "invalid_request"
    assert api.client.get(ORDER, headers=api.customer()).json() == before
    assert api.count(Refund) + api.count(Payment) == 0


def test_the_largest_amount_allowed_passes_the_schema(api: Api) -> None:
    # allowed by the schema, refused by the rule (the order is 120.00)
    answer = api.post(f"{ORDER}/refunds", {"amount": MAX_AMOUNT})
    assert answer.status_code == 409
    assert MAX_AMOUNT == 1_000_000_000  # 10,000,000.00 in minor units
    assert MAX_AMOUNT < 2**31  # an INTEGER column on PostgreSQL holds it


def test_chat_and_desk_bodies_are_strict(api: Api) -> None:
    customer = api.customer()
    conversation = api.post("/api/v1/conversations", {}, headers=customer).json()["id"]
    base = f"/api/v1/conversations/{conversation}"
    for path, body in [
        ("/api/v1/conversations", {"channel": 1}),
        (f"{base}/messages", {"text": 12}),
        (f"{base}/csat", {"score": "5"}),
        (f"{base}/csat", {"score": True}),
        (f"{base}/csat", {"score": 4.0}),
    ]:
        refused = api.post(path, body, headers=customer)
        assert refused.status_code == 422, (path, body, refused.text)
    agent = {"email": "a@b.example", "name": "A", "password": "0123456789", "capacity": "3"}
    assert api.post("/api/v1/desk/agents", agent).status_code == 422


def _contract(**changes: Any) -> dict[str, Any]:
    doc = copy.deepcopy(CONTRACT_EXAMPLE)
    for dotted, value in changes.items():
        *path, last = dotted.split(".")
        node: Any = doc
        for part in path:
            node = node[int(part)] if part.isdigit() else node[part]
        node[int(last) if last.isdigit() else last] = value
    return doc


@pytest.mark.parametrize(
    "changes",
    [
        {"orders.0.total": 2**63},
        {"orders.0.total": "12000"},
        {"orders.0.items.0.unit_amount": 2**63},
        {"orders.0.items.0.quantity": 2**40},
        {"orders.0.plan.installments.0.amount": True},
        {"orders.0.plan.installments.0.seq": 2**63},
        {"fees.0.amount": 2**63},
        {"refunds.0.amount": 2**63},
        {"credit_decisions.0.amount": 2**63},
        {"customers.0.spending_limit": 2**63},
        {"customers.0.locked": 0},
        {"orders.0.plan.autopay": "yes"},
        {"now": 0},
        {"now": "9999-12-31T00:00:00Z"},
        {"now": "1999-12-31T23:59:59Z"},
        {"customers.0.created_at": 1700000000},
        {"orders.0.plan.installments.0.due_date": 20260220},
        {"orders.0.plan.installments.3.due_date": "9999-12-31"},
        {"refunds.0.amount": 12001},
    ],
)
def test_fixture_documents_with_wrong_types_or_out_of_range_values_are_refused(
    api: Api, changes: dict[str, Any]
) -> None:
    refused = api.post("/api/v1/admin/fixtures", _contract(**changes))
    assert refused.status_code == 422, refused.text
    assert refused.json()["error"]["code"] in ("invalid_request", "invalid_fixture")
    assert api.count(Fee) == 0
    assert api.count(Order, id="O1") == 0
