"""Cards, the account lock, contact changes behind a one-time code, closing the account."""

from __future__ import annotations

from datetime import timedelta

import pytest

from ridgeline.context import ServiceContext
from ridgeline.customers import service
from ridgeline.customers.models import Customer
from ridgeline.kit.errors import RuleRefusedError
from ridgeline.lending import accounts, repository
from ridgeline.sandbox.service import load
from tests.factories import customer, document, order


@pytest.fixture(autouse=True)
def _records(as_assistant: ServiceContext) -> None:
    doc = document(
        customers=[customer()],
        orders=[order(statuses=["paid", "paid", "scheduled", "scheduled"])],
        cards=[{"id": "K1", "customer_id": "C1", "last4": "4242", "status": "active"}],
    )
    load(as_assistant.session, doc, as_assistant.clock)


def test_freeze_and_unfreeze_a_card(as_assistant: ServiceContext) -> None:
    assert service.set_card_frozen(as_assistant, "C1", "K1", True).status == "frozen"
    assert service.set_card_frozen(as_assistant, "C1", "K1", False).status == "active"


def test_lock_freezes_cards_and_pauses_disputed_orders(as_assistant: ServiceContext) -> None:
    customer_row = accounts.lock_account(as_assistant, "C1", disputed_orders=("O1",))
    assert customer_row.locked
    assert [c.status for c in customer_row.cards] == ["frozen"]
    o = repository.get_order(as_assistant.session, "O1")
    assert o is not None and o.plan.status == "paused"
    assert not service.unlock_account(as_assistant, "C1").locked


def test_contact_change_applies_only_with_the_right_code(as_assistant: ServiceContext) -> None:
    sent = service.request_contact_change(as_assistant, "C1", "email", "new@example.com")
    with pytest.raises(RuleRefusedError) as caught:
        service.confirm_contact_change(
            as_assistant, "C1", sent.change_id, "000000" if sent.code != "000000" else "111111"
        )
    assert caught.value.rule == "wrong_code"
    row = as_assistant.session.get(Customer, "C1")
    assert row is not None and row.email == "c1@example.com"
    service.confirm_contact_change(as_assistant, "C1", sent.change_id, sent.code)
    assert row.email == "new@example.com"
    with pytest.raises(RuleRefusedError) as again:
        service.confirm_contact_change(as_assistant, "C1", sent.change_id, sent.code)
    assert again.value.rule == "code_used"


def test_contact_code_expires(as_assistant: ServiceContext) -> None:
    sent = service.request_contact_change(as_assistant, "C1", "phone", "+447700900999")
    as_assistant.clock.advance(timedelta(minutes=11))  # type: ignore[attr-defined]
    with pytest.raises(RuleRefusedError) as caught:
        service.confirm_contact_change(as_assistant, "C1", sent.change_id, sent.code)
    assert caught.value.rule == "code_expired"


def test_contact_code_allows_five_tries(as_assistant: ServiceContext) -> None:
    sent = service.request_contact_change(as_assistant, "C1", "phone", "+447700900999")
    wrong = "123456" if sent.code != "123456" else "654321"
    for _ in range(5):
        with pytest.raises(RuleRefusedError):
            service.confirm_contact_change(as_assistant, "C1", sent.change_id, wrong)
    with pytest.raises(RuleRefusedError) as caught:
        service.confirm_contact_change(as_assistant, "C1", sent.change_id, sent.code)
    assert caught.value.rule == "too_many_attempts"


def test_a_name_change_needs_a_person(as_assistant: ServiceContext) -> None:
    with pytest.raises(RuleRefusedError) as caught:
        service.request_contact_change(as_assistant, "C1", "name", "Someone Else")
    assert caught.value.rule == "name_change_needs_person"


def test_closing_needs_a_zero_balance(as_assistant: ServiceContext) -> None:
    with pytest.raises(RuleRefusedError) as caught:
        accounts.close_account(as_assistant, "C1")
    assert caught.value.rule == "outstanding_balance"
