"""Claims about money in words ("nothing left to pay", "overdue", "nothing is due while we
check your return") are checked against the records in every plan state, and a reply whose
claim does not hold is never sent."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from ridgeline.assistant import claims
from ridgeline.assistant.views import CustomerView, InstallmentView, OrderView
from tests.assistant.conftest import Chat, read

PLANS: dict[str, tuple[str, list[str]]] = {
    # plan state -> (plan status, instalment statuses)
    "active": ("active", ["paid", "scheduled", "scheduled", "scheduled"]),
    "overdue": ("active", ["paid", "overdue", "scheduled", "scheduled"]),
    "paused": ("paused", ["paid", "scheduled", "scheduled", "scheduled"]),
    "disputed": ("paused", ["paid", "paid", "scheduled", "scheduled"]),
    "extended": ("active", ["paid", "scheduled", "scheduled", "scheduled"]),
    "in_collections": ("in_collections", ["paid", "overdue", "overdue", "scheduled"]),
    "refunded": ("active", ["paid", "refunded", "scheduled", "scheduled"]),
    "paid": ("paid", ["paid", "paid", "paid", "paid"]),
    "closed": ("cancelled", ["paid", "refunded", "refunded", "refunded"]),
}

#: Whether each claim holds for each plan state (the truth the replies must respect).
HOLDS: dict[str, set[str]] = {
    "nothing_owed": {"paid", "closed"},
    "owed": {"active", "overdue", "paused", "disputed", "extended", "in_collections", "refunded"},
    "paused": {"paused", "disputed"},
    "overdue": {"overdue", "in_collections"},
    "something_due": {"active", "overdue", "extended", "in_collections", "refunded"},
    "nothing_due_now": {"paused", "disputed", "paid", "closed"},
}


def _customer(state: str) -> CustomerView:
    status, statuses = PLANS[state]
    due = [date(2026, 2, 20), date(2026, 3, 6), date(2026, 3, 20), date(2026, 4, 3)]
    order = OrderView(
        id="O1",
        merchant="Harbour & Co",
        items=("Trainers",),
        placed_at=datetime(2026, 2, 20, tzinfo=UTC),
        currency="GBP",
        total=12000,
        product="pay_in_4",
        plan_status=status,
        apr_bps=0,
        autopay=True,
        installments=tuple(
            InstallmentView(n + 1, when, 0 if s == "refunded" else 3000, s)
            for n, (when, s) in enumerate(zip(due, statuses, strict=True))
        ),
        extended=state == "extended",
    )
    return CustomerView(
        id="C1",
        name="Alex Taylor",
        market="GB",
        language="en",
        currency="GBP",
        email="a@example.com",
        phone="+441234567890",
        locked=False,
        status="active",
        spending_limit=None,
        orders=(order,),
    )


@pytest.mark.parametrize("state", sorted(PLANS))
@pytest.mark.parametrize("claim", sorted(HOLDS))
def test_each_claim_is_checked_in_each_plan_state(state: str, claim: str) -> None:
    customer = _customer(state)
    assert claims.CHECKS[claim](customer.orders) is (state in HOLDS[claim])


@pytest.mark.parametrize("state", sorted(PLANS))
def test_nothing_left_to_pay_is_said_only_when_true(state: str) -> None:
    refused = claims.unsupported("refused.nothing_due", _customer(state), {})
    assert (refused == []) is (state in {"paid", "closed"})


def test_every_claimed_reply_names_known_checks() -> None:
    assert {c for cs in claims.CLAIMS.values() for c in cs} <= set(claims.CHECKS)


def test_after_a_return_the_next_payment_is_not_nothing_left(chat: Chat) -> None:
    chat.script["I sent it back"] = read("en", "report_return")
    chat.script["When is my next payment?"] = read("en", "next_payment")
    chat.say("I sent it back")
    assert chat.say("yes")["actions"]
    answer = chat.say("When is my next payment?")
    text = answer["messages"][0]["text"]
    assert "Nothing is due right now" in text and "£60.00" in text
    assert "nothing left" not in text.casefold()


def test_how_much_is_owed_on_a_paused_plan_says_what_remains(chat: Chat) -> None:
    chat.script["I sent it back"] = read("en", "report_return")
    chat.script["How much do I still owe?"] = read("en", "amount_owed")
    chat.say("I sent it back")
    chat.say("yes")
    text = chat.say("How much do I still owe?")["messages"][0]["text"]
    assert "£60.00" in text and "Nothing is due while we check" in text
