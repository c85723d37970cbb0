"""The agent's workspace through the API: record actions confirmed with a preview and undone
where the rules allow, hardship arrangements, cases closed with an outcome, internal notes,
transfers, macros, search, the queue's latest message, timers and priority, and the assistant
answering the question a customer asked while a person held the chat."""

from __future__ import annotations

from datetime import date, timedelta
from itertools import pairwise
from typing import Any

from sqlalchemy import select

from ridgeline.audit.models import AuditEntry
from tests.desk.conftest import Desk

DESK = "/api/v1/desk"
BASE = f"{DESK}/conversations"


def _actions(desk: Desk, action: str) -> list[AuditEntry]:
    with desk.app.state.container.db.reader() as session:
        query = select(AuditEntry).where(AuditEntry.action == action)
        return list(session.scalars(query).all())


def _order(desk: Desk, token: str, order_id: str = "O-C1") -> dict[str, Any]:
    response = desk.get(f"/api/v1/orders/{order_id}", token)
    assert response.status_code == 200, response.text
    found: dict[str, Any] = response.json()
    return found


def _unpaid(order: dict[str, Any]) -> list[tuple[int, str, int, str]]:
    return [
        (i["seq"], i["due_date"], i["amount"], i["status"])
        for i in order["plan"]["installments"]
        if i["status"] in ("scheduled", "failed", "overdue")
    ]


def test_a_record_action_is_previewed_without_change_then_done_and_undone(desk: Desk) -> None:
    _, token = desk.agent()
    action = {"kind": "pause", "order_id": "O-C1"}
    preview = desk.post(f"{DESK}/actions/preview", token, action)
    assert preview.status_code == 200, preview.text
    shown = preview.json()
    assert shown["allowed"] is True
    assert "Plan: active → paused" in shown["changes"]
    assert shown["after"]["status"] == "paused"
    assert "undone" in shown["undo"]
    assert _order(desk, token)["plan"]["status"] == "active"  # the preview changed nothing
    assert _actions(desk, "plan.paused") == []

    done = desk.post(f"{DESK}/actions", token, action)
    assert done.status_code == 201, done.text
    assert done.json()["undo_until"] is not None
    assert _order(desk, token)["plan"]["status"] == "paused"
    assert len(_actions(desk, "plan.paused")) == 1

    undone = desk.post(f"{DESK}/actions/{done.json()['id']}/undo", token)
    assert undone.status_code == 200, undone.text
    assert undone.json()["undone_at"] is not None
    assert "Plan: paused → active" in undone.json()["changes"]
    assert _order(desk, token)["plan"]["status"] == "active"
    again = desk.post(f"{DESK}/actions/{done.json()['id']}/undo", token)
    assert again.status_code == 409
    listed = desk.get(f"{DESK}/actions?customer_id=C1", token).json()
    assert [a["kind"] for a in listed] == ["pause"]


def test_undo_only_in_time_and_only_where_the_rules_have_a_reverse(desk: Desk) -> None:
    _, token = desk.agent()
    paused = desk.post(f"{DESK}/actions", token, {"kind": "pause", "order_id": "O-C2"}).json()
    extended = desk.post(f"{DESK}/actions", token, {"kind": "extend", "order_id": "O-C1"})
    assert extended.status_code == 201, extended.text
    assert extended.json()["undo_until"] is None
    refused = desk.post(f"{DESK}/actions/{extended.json()['id']}/undo", token)
    assert refused.status_code == 409
    assert "once per order" in refused.json()["error"]["message"]

    desk.app.state.container.clock.advance(timedelta(minutes=31))
    late = desk.post(f"{DESK}/actions/{paused['id']}/undo", token)
    assert late.status_code == 409
    assert "30 minutes" in late.json()["error"]["message"]
    assert _order(desk, token, "O-C2")["plan"]["status"] == "paused"


def test_an_action_that_breaks_a_rule_is_refused_in_the_preview_and_changes_nothing(
    desk: Desk,
) -> None:
    _, token = desk.agent()
    before = _order(desk, token)
    too_long = {"kind": "hardship", "order_id": "O-C1", "arrangement": "payment_pause", "days": 90}
    shown = desk.post(f"{DESK}/actions/preview", token, too_long).json()
    assert shown["allowed"] is False
    assert shown["rule"] == "pause_too_long"
    assert "at most 60 days" in shown["message"]
    done = desk.post(f"{DESK}/actions", token, too_long)
    assert done.status_code == 409
    assert done.json()["error"]["rule"] == "pause_too_long"
    assert _order(desk, token) == before
    assert _actions(desk, "hardship.arranged") == []
    assert _actions(desk, "case.opened") == []  # not even the case the arrangement would open
    assert desk.get(f"{DESK}/actions?customer_id=C1", token).json() == []


def test_a_hardship_pause_moves_every_unpaid_instalment_under_a_difficulty_case(
    desk: Desk,
) -> None:
    _, token = desk.agent()
    before = _unpaid(_order(desk, token))
    terms = {"kind": "hardship", "order_id": "O-C1", "arrangement": "payment_pause", "days": 30}
    done = desk.post(f"{DESK}/actions", token, terms)
    assert done.status_code == 201, done.text
    after = _unpaid(_order(desk, token))
    assert [a[2] for a in after] == [b[2] for b in before]
    assert all(
        timedelta(days=30) == _day(a[1]) - _day(b[1]) for a, b in zip(after, before, strict=True)
    )
    cases = desk.get("/api/v1/cases?customer_id=C1", token).json()
    assert [(c["type"], c["status"]) for c in cases] == [("financial_difficulty", "open")]
    second = desk.post(f"{DESK}/actions/preview", token, terms).json()
    assert second["rule"] == "arrangement_exists"


def _day(text: str) -> date:
    return date.fromisoformat(text)


def test_reduced_instalments_spread_what_is_owed_and_undo_puts_the_schedule_back(
    desk: Desk,
) -> None:
    _, token = desk.agent()
    before = _order(desk, token)
    owed = sum(a[2] for a in _unpaid(before))
    terms = {"kind": "hardship", "order_id": "O-C1", "arrangement": "reduced_installments"}
    assert desk.post(f"{DESK}/actions/preview", token, {**terms, "count": 2}).json()["rule"] == (
        "not_reduced"
    )
    assert desk.post(f"{DESK}/actions/preview", token, {**terms, "count": 13}).json()["rule"] == (
        "too_many_installments"
    )
    shown = desk.post(f"{DESK}/actions/preview", token, {**terms, "count": 6}).json()
    assert shown["allowed"] is True, shown
    assert any("(new)" in line for line in shown["changes"])
    done = desk.post(f"{DESK}/actions", token, {**terms, "count": 6})
    assert done.status_code == 201, done.text
    unpaid = _unpaid(_order(desk, token))
    assert len(unpaid) == 6
    assert sum(u[2] for u in unpaid) == owed
    dates = [_day(u[1]) for u in unpaid]
    assert all(b - a == timedelta(days=14) for a, b in pairwise(dates))

    undone = desk.post(f"{DESK}/actions/{done.json()['id']}/undo", token)
    assert undone.status_code == 200, undone.text
    assert _order(desk, token)["plan"]["installments"] == before["plan"]["installments"]
    assert len(_actions(desk, "hardship.cancelled")) == 1


def test_only_the_financial_support_team_agrees_hardship_arrangements(desk: Desk) -> None:
    _, token = desk.agent("gus@lender.example", name="Gus", skills=("general",))
    terms = {"kind": "hardship", "order_id": "O-C1", "arrangement": "payment_pause", "days": 14}
    shown = desk.post(f"{DESK}/actions/preview", token, terms).json()
    assert shown["rule"] == "hardship_trained_only"


def test_a_case_closes_with_one_of_its_types_outcomes(desk: Desk) -> None:
    _, token = desk.agent()
    desk.post(
        f"{DESK}/actions",
        token,
        {"kind": "hardship", "order_id": "O-C1", "arrangement": "payment_pause", "days": 14},
    )
    case = desk.get("/api/v1/cases?customer_id=C1", token).json()[0]
    wrong = {"kind": "close_case", "case_id": case["id"], "outcome": "upheld"}
    shown = desk.post(f"{DESK}/actions/preview", token, wrong).json()
    assert shown["allowed"] is False
    assert "arrangement agreed" in shown["message"]
    right = {**wrong, "outcome": "arrangement_agreed"}
    done = desk.post(f"{DESK}/actions", token, right)
    assert done.status_code == 201, done.text
    closed = desk.get(f"/api/v1/cases/{case['id']}", token).json()
    assert (closed["status"], closed["outcome"]) == ("closed", "arrangement_agreed")
    settings = desk.get(f"{DESK}/settings", token).json()
    assert "arrangement_agreed" in settings["case_outcomes"]["financial_difficulty"]


def test_internal_notes_are_for_the_staff_only(desk: Desk) -> None:
    conv = desk.handed_over()
    _, token = desk.agent()
    added = desk.post(f"{BASE}/{conv}/notes", token, {"text": "Customer sounds worried; go gently"})
    assert added.status_code == 201, added.text
    view = desk.get(f"{BASE}/{conv}", token).json()
    assert [n["text"] for n in view["notes"]] == ["Customer sounds worried; go gently"]
    customer = desk.bearer(desk.customer_token())
    seen = desk.client.get(f"/api/v1/conversations/{conv}", headers=customer).text
    assert "worried" not in seen
    assert len(_actions(desk, "conversation.note_added")) == 1


def test_a_transfer_moves_the_conversation_to_another_queue_with_a_note(desk: Desk) -> None:
    conv = desk.handed_over()
    _, ana = desk.agent()
    _, pat = desk.agent("pat@lender.example", name="Pat", skills=("payments",))
    assert desk.get(f"{DESK}/queue", pat).json() == []
    desk.post(f"{BASE}/{conv}/claim", ana)
    empty = desk.post(f"{BASE}/{conv}/transfer", ana, {"queue": "payments", "note": ""})
    assert empty.status_code == 422
    same = desk.post(f"{BASE}/{conv}/transfer", ana, {"queue": "general", "note": "x"})
    assert same.status_code == 409
    moved = desk.post(
        f"{BASE}/{conv}/transfer", ana, {"queue": "payments", "note": "Asks about a double charge"}
    )
    assert moved.status_code == 200, moved.text
    body = moved.json()
    assert body["conversation"]["state"] == "waiting_for_human"
    assert body["conversation"]["handoff"]["queue"] == "payments"
    assert "Asks about a double charge" in body["notes"][-1]["text"]
    queue = desk.get(f"{DESK}/queue", pat).json()
    assert [(q["id"], q["transferred_from"]) for q in queue] == [(conv, "general")]
    assert desk.get(f"{DESK}/mine", ana).json() == []
    customer = desk.bearer(desk.customer_token())
    said = desk.client.get(f"/api/v1/conversations/{conv}", headers=customer).json()
    assert "colleague" in said["messages"][-1]["text"]
    assert "double charge" not in str(said)


def test_macros_are_filled_from_the_records_in_the_conversations_language(desk: Desk) -> None:
    conv = desk.handed_over("C1", "Je veux parler à une personne", "fr-FR")
    _, token = desk.agent()
    listed = desk.get(f"{DESK}/macros", token).json()
    assert {"greeting", "next_payment", "hardship_support"} <= {m["id"] for m in listed}
    assert all(len(m["texts"]) == 6 for m in listed if m["builtin"])
    filled = desk.post(f"{BASE}/{conv}/macro", token, {"macro_id": "next_payment"})
    assert filled.status_code == 200, filled.text
    text = filled.json()["text"]
    assert filled.json()["language"] == "fr"
    assert "Votre prochain paiement" in text
    assert "30,00" in text and "20 mars 2026" in text
    assert "{" not in text


def test_a_macro_with_an_unknown_placeholder_is_refused_and_nothing_is_saved(desk: Desk) -> None:
    _, token = desk.agent()
    count = len(desk.get(f"{DESK}/macros", token).json())
    bad = desk.post(
        f"{DESK}/macros", token, {"title": "Balance", "texts": {"en": "You owe {balance}."}}
    )
    assert bad.status_code == 422
    assert "unknown placeholder {balance}" in bad.json()["error"]["message"]
    assert len(desk.get(f"{DESK}/macros", token).json()) == count
    good = desk.post(
        f"{DESK}/macros",
        token,
        {"title": "Owed", "texts": {"en": "Dear {customer_first_name}, {amount_owed} is left."}},
    )
    assert good.status_code == 201, good.text
    conv = desk.handed_over("C1", "Je veux parler à une personne", "fr-FR")
    missing = desk.post(f"{BASE}/{conv}/macro", token, {"macro_id": good.json()["id"]})
    assert missing.status_code == 409
    assert "no French text" in missing.json()["error"]["message"]


def test_search_finds_customers_and_conversations_and_the_past_ones(desk: Desk) -> None:
    conv = desk.handed_over()
    _, token = desk.agent()
    found = desk.get(f"{DESK}/search?q=c1", token).json()
    assert "C1" in [c["id"] for c in found["customers"]]
    assert conv in [h["id"] for h in found["conversations"]]
    by_words = desk.get(f"{DESK}/search?q=talk to a person", token).json()
    assert [h["id"] for h in by_words["conversations"]] == [conv]
    assert desk.get(f"{DESK}/search?q=%", token).status_code == 422
    past = desk.get(f"{DESK}/customers/C1/conversations", token).json()
    assert [p["id"] for p in past] == [conv]
    assert past[0]["latest"]["text"] == "I want to talk to a person"


def test_the_queue_shows_the_latest_message_a_timer_and_priority_by_reason(desk: Desk) -> None:
    plain = desk.handed_over("C1")
    hardship = desk.handed_over("C2", "I lost my job and cannot pay")
    _, token = desk.agent()
    customer = desk.bearer(desk.customer_token("C1"))
    desk.client.post(
        f"/api/v1/conversations/{plain}/messages", json={"text": "Hello?"}, headers=customer
    )
    queue = desk.get(f"{DESK}/queue", token).json()
    assert [q["id"] for q in queue] == [hardship, plain]  # hardship first, though newer
    first, second = queue
    assert (first["priority"], first["reason"]) == ("high", "financial_difficulty")
    assert first["timer"]["kind"] == "wait"
    assert first["timer"]["target_seconds"] == 60
    assert second["latest"]["text"] == "Hello?"
    assert second["timer"]["target_seconds"] == 300
    assert second["customer_name"]

    desk.post(f"{BASE}/{plain}/claim", token)
    desk.client.post(
        f"/api/v1/conversations/{plain}/messages", json={"text": "Still there?"}, headers=customer
    )
    mine = desk.get(f"{DESK}/mine", token).json()
    assert mine[0]["timer"]["kind"] == "reply"
    assert mine[0]["latest"] == {**mine[0]["latest"], "text": "Still there?", "answered": False}
    desk.post(f"{BASE}/{plain}/messages", token, {"text": "Yes, here."})
    assert desk.get(f"{DESK}/mine", token).json()[0]["timer"] is None


def test_on_release_the_assistant_answers_the_question_asked_while_a_person_held_it(
    desk: Desk,
) -> None:
    conv = desk.handed_over()
    _, token = desk.agent()
    desk.post(f"{BASE}/{conv}/claim", token)
    customer = desk.bearer(desk.customer_token())
    asked = desk.client.post(
        f"/api/v1/conversations/{conv}/messages",
        json={"text": "When is my next payment?"},
        headers=customer,
    )
    assert asked.status_code == 202
    released = desk.post(f"{BASE}/{conv}/release", token)
    assert released.status_code == 200, released.text
    messages = released.json()["conversation"]["messages"]
    assert [m["text"] for m in messages].count("When is my next payment?") == 1
    assert messages[-1]["role"] == "assistant"
    assert messages[-2]["role"] == "system"  # the release notice, then the answer
    seqs = [m["seq"] for m in messages]
    assert seqs == list(range(1, len(seqs) + 1))
    assert released.json()["conversation"]["state"] == "assistant"
    turns = [e for e in _actions(desk, "conversation.turn") if e.entity_id == conv]
    assert len(turns) == 2


def test_a_release_with_nothing_pending_adds_no_answer(desk: Desk) -> None:
    conv = desk.handed_over()
    _, token = desk.agent()
    desk.post(f"{BASE}/{conv}/claim", token)
    desk.post(f"{BASE}/{conv}/messages", token, {"text": "Done, anything else?"})
    released = desk.post(f"{BASE}/{conv}/release", token).json()
    assert released["conversation"]["messages"][-1]["role"] == "system"
