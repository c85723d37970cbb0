"""The desk's routes: queue, claim, reply, release, close, and the faults the contract names."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from sqlalchemy import select

from ridgeline.audit.models import AuditEntry
from ridgeline.conversations.models import Conversation
from tests.desk.conftest import Desk

BASE = "/api/v1/desk/conversations"


def _audit(desk: Desk, conversation_id: str) -> list[AuditEntry]:
    with desk.app.state.container.db.reader() as session:
        query = select(AuditEntry).where(AuditEntry.entity_id == conversation_id)
        return list(session.scalars(query.order_by(AuditEntry.id)).all())


def _conversation(desk: Desk, conversation_id: str) -> Conversation:
    with desk.app.state.container.db.reader() as session:
        found: Conversation | None = session.get(Conversation, conversation_id)
        assert found is not None
        return found


def test_handoff_claim_reply_release_then_the_assistant_answers(desk: Desk) -> None:
    conv = desk.handed_over()
    agent_id, token = desk.agent()
    queue = desk.get("/api/v1/desk/queue", token).json()
    assert [q["id"] for q in queue] == [conv]
    assert queue[0]["reason"] == "customer_request"
    assert queue[0]["queue"] == "general"
    assert queue[0]["summary"]
    assert queue[0]["wait"] >= 0

    clock = desk.app.state.container.clock
    clock.advance(timedelta(minutes=4))
    claimed = desk.post(f"{BASE}/{conv}/claim", token)
    assert claimed.status_code == 200, claimed.text
    assert claimed.json()["conversation"]["state"] == "with_human"
    assert claimed.json()["clocks"]["wait_seconds"] >= 240
    assert desk.get("/api/v1/desk/queue", token).json() == []

    customer = desk.bearer(desk.customer_token())
    held = desk.client.post(
        f"/api/v1/conversations/{conv}/messages", json={"text": "Hello?"}, headers=customer
    )
    assert held.status_code == 202
    assert held.json()["messages"] == []

    replied = desk.post(
        f"{BASE}/{conv}/messages", token, {"text": "Hello, I'm Ana. How can I help?"}
    )
    assert replied.status_code == 200, replied.text
    transcript = desk.client.get(f"/api/v1/conversations/{conv}", headers=customer).json()
    roles = [m["role"] for m in transcript["messages"]]
    assert roles[-3:] == ["system", "customer", "agent"]
    assert transcript["messages"][-1]["text"] == "Hello, I'm Ana. How can I help?"
    seqs = [m["seq"] for m in transcript["messages"]]
    assert seqs == list(range(1, len(seqs) + 1))

    clock.advance(timedelta(minutes=6))
    released = desk.post(f"{BASE}/{conv}/release", token)
    assert released.status_code == 200, released.text
    assert released.json()["conversation"]["state"] == "assistant"
    assert released.json()["clocks"]["handle_seconds"] >= 360

    answered = desk.client.post(
        f"/api/v1/conversations/{conv}/messages",
        json={"text": "When is my next payment?"},
        headers=customer,
    )
    assert answered.status_code == 200, answered.text
    assert answered.json()["state"] == "assistant"
    assert answered.json()["intent"] == "next_payment"
    assert answered.json()["messages"], "the assistant answers again after release"

    actions = [(e.action, e.actor_type, e.actor_id) for e in _audit(desk, conv)]
    for action in ("claimed", "agent_replied", "released"):
        assert (f"conversation.{action}", "agent", agent_id) in actions
    stored = _conversation(desk, conv)
    assert stored.first_agent_reply_at is not None
    assert stored.agent_id is None


def test_a_second_claim_and_a_reply_without_holding_are_refused(desk: Desk) -> None:
    conv = desk.handed_over()
    _, ana = desk.agent()
    _, bo = desk.agent("bo@lender.example", name="Bo")
    assert desk.post(f"{BASE}/{conv}/claim", ana).status_code == 200
    for token in (ana, bo):
        again = desk.post(f"{BASE}/{conv}/claim", token)
        assert again.status_code == 409
        assert again.json()["error"]["code"] == "rule_refused"
        assert again.json()["error"]["rule"] == "already_claimed"
    foreign = desk.post(f"{BASE}/{conv}/messages", bo, {"text": "hi"})
    assert foreign.status_code == 409
    assert foreign.json()["error"]["rule"] == "not_holding"
    for verb in ("release", "close"):
        assert desk.post(f"{BASE}/{conv}/{verb}", bo).json()["error"]["rule"] == "not_holding"
    texts = [m["text"] for m in desk.get(f"{BASE}/{conv}", ana).json()["conversation"]["messages"]]
    assert "hi" not in texts


def test_a_customer_cannot_read_or_work_the_desk(desk: Desk) -> None:
    conv = desk.handed_over()
    token = desk.customer_token()
    for path in ("/api/v1/desk/queue", f"{BASE}/{conv}", "/api/v1/desk/mine"):
        response = desk.get(path, token)
        assert response.status_code == 403
        assert response.json()["error"]["code"] == "forbidden"
    assert desk.post(f"{BASE}/{conv}/claim", token).status_code == 403
    assert desk.client.get("/api/v1/desk/queue").status_code == 401


def test_vulnerability_is_served_before_an_older_general_request(desk: Desk) -> None:
    general = desk.handed_over("C1")
    desk.app.state.container.clock.advance(timedelta(minutes=10))
    urgent = desk.handed_over("C2", "My husband died and I cannot cope")
    _, token = desk.agent()
    queue = desk.get("/api/v1/desk/queue", token).json()
    assert [q["id"] for q in queue] == [urgent, general]
    assert queue[0]["priority"] == "high"
    assert queue[0]["reason"] == "vulnerability"
    assert queue[0]["queue"] == "financial_support"
    taken = desk.post("/api/v1/desk/next", token)
    assert taken.json()["conversation"]["id"] == urgent


def test_skills_capacity_and_availability_bound_what_an_agent_takes(desk: Desk) -> None:
    first = desk.handed_over("C1")
    second = desk.handed_over("C2")
    _, payments = desk.agent("pay@lender.example", name="Pay", skills=("payments",))
    assert desk.get("/api/v1/desk/queue", payments).json() == []
    refused = desk.post(f"{BASE}/{first}/claim", payments)
    assert refused.status_code == 409
    assert refused.json()["error"]["rule"] == "queue_not_served"

    _, solo = desk.agent("solo@lender.example", name="Solo", capacity=1)
    assert desk.post(f"{BASE}/{first}/claim", solo).status_code == 200
    full = desk.post(f"{BASE}/{second}/claim", solo)
    assert full.json()["error"]["rule"] == "at_capacity"

    _, away = desk.agent("away@lender.example", name="Away")
    assert desk.post("/api/v1/desk/me/availability", away, {"availability": "away"}).is_success
    assert desk.post(f"{BASE}/{second}/claim", away).json()["error"]["rule"] == (
        "agent_not_available"
    )


def test_a_supervisor_sees_every_queue_and_assigns_to_the_least_loaded(desk: Desk) -> None:
    first = desk.handed_over("C1")
    second = desk.handed_over("C2")
    busy_id, busy = desk.agent("busy@lender.example", name="Busy")
    free_id, _ = desk.agent("free@lender.example", name="Free")
    _, boss = desk.agent("boss@lender.example", name="Boss", role="supervisor", skills=("fraud",))
    assert len(desk.get("/api/v1/desk/queue", boss).json()) == 2
    assert desk.post(f"{BASE}/{first}/claim", busy).status_code == 200
    assigned = desk.post(f"{BASE}/{second}/assign", boss)
    assert assigned.status_code == 200, assigned.text
    assert assigned.json()["agent_id"] == free_id
    moved = desk.post(f"{BASE}/{first}/assign", boss, {"agent_id": free_id})
    assert moved.json()["agent_id"] == free_id
    assert desk.post(f"{BASE}/{first}/messages", busy, {"text": "x"}).status_code == 409
    team = {a["id"]: a["holding"] for a in desk.get("/api/v1/desk/agents", boss).json()}
    assert team[free_id] == 2
    assert team[busy_id] == 0
    assert desk.post(f"{BASE}/{first}/assign", busy).json()["error"]["rule"] == "supervisors_only"


def test_close_ends_the_conversation_and_the_customer_can_rate_it(desk: Desk) -> None:
    conv = desk.handed_over()
    agent_id, token = desk.agent()
    desk.post(f"{BASE}/{conv}/claim", token)
    closed = desk.post(f"{BASE}/{conv}/close", token)
    assert closed.json()["conversation"]["state"] == "closed"
    customer = desk.bearer(desk.customer_token())
    after = desk.client.post(
        f"/api/v1/conversations/{conv}/messages", json={"text": "one more"}, headers=customer
    )
    assert after.status_code == 409
    rated = desk.client.post(
        f"/api/v1/conversations/{conv}/csat", json={"score": 5}, headers=customer
    )
    assert rated.status_code == 200
    assert ("conversation.closed", agent_id) in [(e.action, e.actor_id) for e in _audit(desk, conv)]


def test_suggestions_quote_only_figures_from_the_records(desk: Desk) -> None:
    conv = desk.handed_over()
    _, token = desk.agent()
    suggestions: list[dict[str, Any]] = desk.get(f"{BASE}/{conv}/suggestions", token).json()
    assert suggestions
    order = desk.client.get(
        "/api/v1/orders/O-C1", headers=desk.bearer(desk.customer_token())
    ).json()
    unpaid = [i for i in order["plan"]["installments"] if i["status"] == "scheduled"]
    pounds = f"£{unpaid[0]['amount'] / 100:.2f}"
    assert pounds in suggestions[0]["text"]
    assert suggestions[0]["source"] == "order O-C1"


def test_the_desk_view_shows_summary_records_audit_and_crm_actions_are_audited_as_the_agent(
    desk: Desk,
) -> None:
    conv = desk.handed_over()
    agent_id, token = desk.agent()
    desk.post(f"{BASE}/{conv}/claim", token)
    paused = desk.post("/api/v1/orders/O-C1/pause", token)
    assert paused.status_code == 200, paused.text
    view = desk.get(f"{BASE}/{conv}", token).json()
    assert view["conversation"]["handoff"]["summary"]
    actions = [(a["action"], a["actor_type"], a["actor_id"]) for a in view["audit"]]
    assert ("conversation.claimed", "agent", agent_id) in actions
    assert any(a[0].startswith("plan.") and a[2] == agent_id for a in actions), actions


def test_sign_in_refuses_a_wrong_password_and_stores_no_plain_password(desk: Desk) -> None:
    agent_id, _ = desk.agent(sign_in=False)
    for email, password in (("ana@lender.example", "wrong password"), ("x@y.z", "whatever1")):
        refused = desk.client.post(
            "/api/v1/desk/sign-in", json={"email": email, "password": password}
        )
        assert refused.status_code == 401
        assert refused.json()["error"]["code"] == "unauthorized"
    signed = desk.client.post(
        "/api/v1/desk/sign-in",
        json={"email": "ANA@lender.example", "password": "correct horse battery"},
    )
    assert signed.status_code == 200
    me = desk.get("/api/v1/desk/me", signed.json()["token"]).json()
    assert me["id"] == agent_id
    assert me["availability"] == "online"
    assert "password" not in str(me)


def test_an_admin_creates_agents_and_bad_input_changes_nothing(desk: Desk) -> None:
    admin = "test-admin-token"
    body = {"email": "new@lender.example", "name": "New", "password": "long enough pw"}
    created = desk.post("/api/v1/desk/agents", admin, {**body, "skills": ["payments"]})
    assert created.status_code == 201, created.text
    assert created.json()["skills"] == ["payments"]
    again = desk.post("/api/v1/desk/agents", admin, body)
    assert again.status_code == 409
    bad = desk.post("/api/v1/desk/agents", admin, {**body, "email": "b@l.e", "skills": ["nope"]})
    assert bad.status_code == 422
    _, token = desk.agent()
    assert desk.post("/api/v1/desk/agents", token, {**body, "email": "c@l.e"}).status_code == 403
    assert len(desk.get("/api/v1/desk/agents", admin).json()) == 2
