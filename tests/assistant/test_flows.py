"""Flows end to end on a scripted understanding: what the assistant does and writes."""

from __future__ import annotations

from tests.assistant.conftest import Chat, read
from tests.factories import customer, order


def test_two_misunderstandings_in_a_row_offer_a_person(chat: Chat) -> None:
    first = chat.say("blorp")
    assert first["state"] == "assistant"
    second = chat.say("blorp blorp")
    assert "put you through to a person" in second["messages"][0]["text"]
    third = chat.say("yes please")
    assert third["state"] == "waiting_for_human"
    assert third["handoff"]["reason"] == "repeated_misunderstanding"


def test_out_of_scope_is_said_plainly_with_a_person_offered(chat: Chat) -> None:
    answer = chat.say("what's the weather like?")
    assert answer["intent"] == "out_of_scope"
    assert "not something I can help with" in answer["messages"][0]["text"]
    assert answer["actions"] == []


def test_vulnerability_goes_to_financial_support_with_priority(chat: Chat) -> None:
    chat.script["my husband died"] = read("en", "vulnerability", safety=("vulnerability",))
    answer = chat.say("my husband died")
    assert answer["state"] == "waiting_for_human"
    assert (answer["handoff"]["reason"], answer["handoff"]["queue"]) == (
        "vulnerability",
        "financial_support",
    )
    assert [a["type"] for a in answer["actions"]] == ["case.opened"]
    assert "MoneyHelper" in answer["messages"][0]["text"]  # the market's free debt advice
    cases = chat.client.get("/api/v1/cases?customer_id=C1").json()
    assert [c["type"] for c in cases] == ["financial_difficulty"]


def test_a_complaint_opens_a_case_at_once_and_names_the_ombudsman(chat: Chat) -> None:
    chat.script["this is a disgrace"] = read("en", "complaint")
    answer = chat.say("this is a disgrace")
    assert [a["type"] for a in answer["actions"]] == ["case.opened"]
    assert answer["actions"][0]["case_type"] == "complaint"
    assert "ombudsman" in answer["messages"][0]["text"]


def test_fee_waiver_beyond_the_allowance_goes_to_a_person(chat: Chat) -> None:
    statuses = ["paid", "paid", "scheduled", "scheduled"]
    chat.load(
        customers=[customer()],
        orders=[order(statuses=statuses), order("O2", statuses=statuses)],
        fees=[
            {
                "id": f"F{n}",
                "order_id": f"O{n}",
                "installment_seq": 2,
                "amount": 500,
                "status": "charged",
            }
            for n in (1, 2)
        ],
    )
    chat.script["waive the fee on order one"] = read("en", "late_fee", order_ids=("O1",))
    chat.script["and the other fee"] = read("en", "late_fee", order_ids=("O2",))
    assert "(yes/no)" in chat.say("waive the fee on order one")["messages"][0]["text"]
    assert [a["type"] for a in chat.say("yes")["actions"]] == ["fee.waived"]
    answer = chat.say("and the other fee")
    assert answer["actions"] == []
    assert (answer["state"], answer["handoff"]["reason"]) == ("waiting_for_human", "policy_limit")


def test_orders_are_offered_as_choices_when_unclear(chat: Chat) -> None:
    chat.load(customers=[customer()], orders=[order(), order("O2", total=8000)])
    chat.script["I returned something"] = read("en", "report_return")
    ask = chat.say("I returned something")
    text = ask["messages"][0]["text"]
    assert "1. Nordic Shoes" in text and "2. Nordic Shoes" in text
    assert "(yes/no)" in chat.say("2")["messages"][0]["text"]
    done = chat.say("yes")
    assert {a.get("order_id") for a in done["actions"] if a["type"] == "plan.paused"} == {"O2"}
    assert chat.order("O1")["plan"]["status"] == "active"


def test_contact_change_applies_only_after_the_one_time_code(chat: Chat) -> None:
    chat.script["change my email to new@example.com"] = read(
        "en", "update_contact", emails=("new@example.com",)
    )
    assert "(yes/no)" in chat.say("change my email to new@example.com")["messages"][0]["text"]
    asked = chat.say("yes")
    assert asked["actions"] == []
    assert "one-time code" in asked["messages"][0]["text"]
    code = chat.code()
    wrong = "000000" if code != "000000" else "111111"
    mistyped = chat.say(wrong)
    assert mistyped["actions"] == []
    assert "isn't right" in mistyped["messages"][0]["text"]
    assert chat.client.get("/api/v1/customers/C1").json()["email"] == "c1@example.com"
    done = chat.say(code)
    assert [a["type"] for a in done["actions"]] == ["contact.updated"]
    assert chat.client.get("/api/v1/customers/C1").json()["email"] == "new@example.com"


def test_a_new_email_that_is_not_one_is_asked_for_again(chat: Chat) -> None:
    chat.script["I want to change my email"] = read("en", "update_contact")
    asked = chat.say("I want to change my email")
    assert "new email" in asked["messages"][0]["text"]
    again = chat.say("foo bar")
    assert again["actions"] == []
    assert "doesn't look like a valid email" in again["messages"][0]["text"]
    assert "new email" in again["messages"][1]["text"]
    confirm = chat.say("it is new@example.com")
    assert "(yes/no)" in confirm["messages"][0]["text"]
    assert "new@example.com" in confirm["messages"][0]["text"]
    chat.say("yes")
    assert chat.say(chat.code())["actions"] == [{"type": "contact.updated"}]
    assert chat.client.get("/api/v1/customers/C1").json()["email"] == "new@example.com"


def test_a_value_the_records_refuse_is_a_polite_refusal_not_an_error(chat: Chat) -> None:
    """An address over the records' limit passes the question but not the service's check."""
    chat.script["I moved, new address please"] = read("en", "update_contact")
    chat.say("I moved, new address please")
    long_address = "Flat 1, " + "Long Street " * 40
    assert "(yes/no)" in chat.say(long_address)["messages"][0]["text"]
    refused = chat.say("yes")
    assert refused["actions"] == []
    assert "haven't changed anything" in refused["messages"][0]["text"]
    assert chat.outbox() == []


def test_goodbye_closes_and_asks_for_a_rating(chat: Chat) -> None:
    chat.script["bye"] = read("en", "goodbye")
    answer = chat.say("bye")
    assert answer["state"] == "closed"
    assert "rate" in answer["messages"][0]["text"]
    rated = chat.client.post(f"/api/v1/conversations/{chat.conversation}/csat", json={"score": 5})
    assert rated.status_code == 200
    again = chat.client.post(f"/api/v1/conversations/{chat.conversation}/csat", json={"score": 4})
    assert again.status_code == 409
    bad = chat.client.post(f"/api/v1/conversations/{chat.conversation}/csat", json={"score": 9})
    assert bad.status_code == 422


def test_unlock_needs_the_one_time_code_and_counts_wrong_ones(chat: Chat) -> None:
    locked = customer()
    locked["locked"] = True
    chat.load(
        customers=[locked], orders=[order(statuses=["paid", "paid", "scheduled", "scheduled"])]
    )
    chat.script["please unlock my account"] = read("en", "lock_account")
    ask = chat.say("please unlock my account")
    assert ask["intent"] == "lock_account"
    assert "unlock" in ask["messages"][0]["text"] and ask["actions"] == []
    chat.say("yes")
    code = chat.code()
    wrong = "000000" if code != "000000" else "111111"
    for _ in range(5):
        assert chat.say(wrong)["actions"] == []
    refused = chat.say(code)
    assert refused["actions"] == []
    assert "Too many wrong codes" in refused["messages"][0]["text"]
    assert chat.client.get("/api/v1/customers/C1").json()["locked"] is True


def test_unlock_with_the_right_code(chat: Chat) -> None:
    locked = customer()
    locked["locked"] = True
    chat.load(customers=[locked])
    chat.script["please unlock my account"] = read("en", "lock_account")
    chat.say("please unlock my account")
    chat.say("yes")
    done = chat.say(chat.code())
    assert [a["type"] for a in done["actions"]] == ["account.unlocked"]
    assert chat.client.get("/api/v1/customers/C1").json()["locked"] is False


def test_a_pending_question_is_not_answered_by_a_misunderstanding(chat: Chat) -> None:
    chat.script["I returned it"] = read("en", "report_return")
    chat.say("I returned it")
    first = chat.say("blorp")
    assert first["state"] == "assistant"
    assert "(yes/no)" in first["messages"][-1]["text"]  # the question stands
    second = chat.say("blorp blorp")
    assert "put you through to a person" in second["messages"][0]["text"]
    third = chat.say("yes")
    assert third["state"] == "waiting_for_human"
    assert chat.order()["plan"]["status"] == "active"  # the yes went to the offer, not the pause


def test_a_plain_yes_takes_up_the_link_a_refusal_offered(chat: Chat) -> None:
    chat.load(
        customers=[customer()],
        orders=[order(statuses=["paid", "overdue", "scheduled", "scheduled"])],
    )
    chat.script["can I push back my payment?"] = read("en", "extend_due_date")
    refused = chat.say("can I push back my payment?")
    assert "already overdue" in refused["messages"][0]["text"]
    offered = chat.say("yes please")
    assert offered["actions"] == []
    assert (
        "£30.00" in offered["messages"][0]["text"] and "(yes/no)" in offered["messages"][0]["text"]
    )
    sent = chat.say("yes")
    assert [a["type"] for a in sent["actions"]] == ["payment_link.sent"]


def test_an_offer_lapses_after_another_message(chat: Chat) -> None:
    chat.load(
        customers=[customer()],
        orders=[order(statuses=["paid", "overdue", "scheduled", "scheduled"])],
    )
    chat.script["can I push back my payment?"] = read("en", "extend_due_date")
    chat.script["hello"] = read("en", "greeting")
    chat.say("can I push back my payment?")
    chat.say("hello")
    later = chat.say("yes")
    assert later["actions"] == []
    assert "(yes/no)" not in later["messages"][0]["text"]
