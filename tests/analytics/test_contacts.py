"""Production records as the contact table: hand-built conversations with known answers."""

from __future__ import annotations

import math
from datetime import datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import insert
from sqlalchemy.orm import Session

from ridgeline.analytics.contacts import load_contacts
from ridgeline.analytics.dashboard import Settings, dashboard_figures, exact_figures
from ridgeline.analytics.reader import Filters
from ridgeline.analytics.store import refresh
from ridgeline.audit.models import AuditEntry
from ridgeline.cases.models import Case
from ridgeline.conversations.models import Conversation
from ridgeline.customers.models import Customer
from ridgeline.kit.db import Database
from tests.factories import NOW

T0 = NOW.replace(hour=9) - timedelta(days=3)  # 2026-03-07 09:00 UTC
M = timedelta(minutes=1)


def customer(cid: str, market: str, language: str) -> dict[str, Any]:
    return {
        "id": cid,
        "name": cid,
        "email": f"{cid}@example.com",
        "phone": "+46700000000",
        "market": market,
        "language": language,
        "created_at": NOW - timedelta(days=300),
        "status": "active",
        "locked": False,
    }


def conversation(cid: str, conv_id: str, start: datetime, **kw: Any) -> dict[str, Any]:
    row: dict[str, Any] = {
        "id": conv_id,
        "customer_id": cid,
        "channel": "chat",
        "status": "closed",
        "language": kw.pop("language", "sv"),
        "state": {},
        "handoff": None,
        "last_intent": "refund_status",
        "created_at": start,
        "updated_at": start,
        "handed_over_at": None,
        "closed_at": None,
        "claimed_at": None,
        "first_agent_reply_at": None,
        "released_at": None,
        "handle_seconds": None,
        "csat_score": None,
    }
    row.update(kw)
    return row


def handoff(reason: str, queue: str) -> dict[str, str]:
    return {"reason": reason, "queue": queue, "summary": "s", "priority": "normal"}


def load(session: Session) -> None:
    session.execute(insert(Customer), [customer("C1", "SE", "sv"), customer("C2", "GB", "en")])
    session.execute(
        insert(Conversation),
        [
            # a: assistant resolved in 2 minutes, rated 5
            conversation("C1", "a", T0, closed_at=T0 + 2 * M, csat_score=5),
            # b: same customer, same intent, next day: a repeat of a; handed over (fraud: a rule),
            # a person answered after 3 minutes, acted, closed at 20 minutes
            conversation(
                "C1",
                "b",
                T0 + timedelta(days=1),
                handoff=handoff("fraud", "fraud"),
                handed_over_at=T0 + timedelta(days=1) + M,
                claimed_at=T0 + timedelta(days=1) + 2 * M,
                first_agent_reply_at=T0 + timedelta(days=1) + 3 * M,
                closed_at=T0 + timedelta(days=1) + 20 * M,
                handle_seconds=1020,
                csat_score=2,
            ),
            # c: straight to a person, never taken: abandoned after 5 minutes
            conversation(
                "C2",
                "c",
                T0,
                language="en",
                last_intent="late_fee",
                handoff=handoff("customer_request", "payments"),
                handed_over_at=T0,
                closed_at=T0 + 5 * M,
            ),
            # d: C2 again on the same intent (a repeat of c), handed over for low confidence, a
            # person talked and gave it back: unresolved, avoidable; a complaint, upheld
            conversation(
                "C2",
                "d",
                T0 + timedelta(hours=2),
                language="en",
                last_intent="late_fee",
                status="assistant",
                handoff=handoff("low_confidence", "payments"),
                handed_over_at=T0 + timedelta(hours=2) + M,
                claimed_at=T0 + timedelta(hours=2) + 4 * M,
                released_at=T0 + timedelta(hours=2) + 10 * M,
                handle_seconds=360,
            ),
        ],
    )
    session.execute(
        insert(AuditEntry),
        [
            # the person's action during b (and desk bookkeeping during d, which does not count)
            {
                "at": T0 + timedelta(days=1) + 10 * M,
                "actor_type": "agent",
                "actor_id": "A1",
                "action": "card.frozen",
                "entity_type": "card",
                "entity_id": "K1",
                "customer_id": "C1",
                "details": {},
            },
            {
                "at": T0 + timedelta(hours=2) + 5 * M,
                "actor_type": "agent",
                "actor_id": "A1",
                "action": "conversation.claimed",
                "entity_type": "conversation",
                "entity_id": "d",
                "customer_id": "C2",
                "details": {},
            },
        ],
    )
    session.execute(
        insert(Case),
        [
            {
                "id": "K-1",
                "customer_id": "C2",
                "type": "complaint",
                "status": "closed",
                "opened_at": T0 + timedelta(hours=2) + 8 * M,
                "outcome": "upheld",
                "details": {},
            }
        ],
    )


def test_conversations_map_to_contacts_by_the_documented_rules(db: Database) -> None:
    with db.writer() as session:
        load(session)
        session.commit()
    with db.reader() as session:
        got = load_contacts(
            session, T0 - timedelta(days=1), T0 + timedelta(days=3), ai_cost_per_conversation=50
        )
    t = got.table
    rows = {cid: i for i, cid in enumerate(got.conversation_ids)}
    a, b, c, d = (rows[k] for k in "abcd")
    paths = t.path.labels()
    assert [paths[i] for i in (a, b, c, d)] == [
        "assistant_only",
        "handed_over",
        "human_only",
        "handed_over",
    ]
    assert [bool(t.resolved[i]) for i in (a, b, c, d)] == [True, True, False, False]
    assert [bool(t.abandoned[i]) for i in (a, b, c, d)] == [False, False, True, False]
    assert t.time_to_resolution_s[a] == 120 and t.time_to_resolution_s[b] == 1200
    assert math.isnan(t.time_to_resolution_s[c])
    assert t.time_to_human_s[b] == 180 and t.time_to_human_s[d] == 240
    assert [bool(t.person_acted[i]) for i in (a, b, c, d)] == [False, True, False, False]
    assert [bool(t.rule_required_handoff[i]) for i in (a, b, c, d)] == [False, True, False, False]
    assert t.handoff_reason.labels()[c] == ""  # straight to a person: not the assistant's reason
    assert t.queue.labels()[c] == "payments"
    # b repeats a; d repeats c (same customer and intent two hours later); a and c are first
    assert t.repeat_of[b] == t.contact_id[a] and t.repeat_of[d] == t.contact_id[c]
    assert t.repeat_of[a] == -1 and t.repeat_of[c] == -1
    assert [bool(t.complaint[i]) for i in (a, b, c, d)] == [False, False, False, True]
    assert bool(t.complaint_upheld[d])
    assert [int(t.ai_cost[i]) for i in (a, b, c, d)] == [50, 50, 0, 50]
    assert t.market.labels()[a] == "SE" and t.language.labels()[c] == "en"


def test_figures_of_hand_built_records(db: Database) -> None:
    with db.writer() as session:
        load(session)
        refresh(session, (T0 - timedelta(days=1)).date(), (T0 + timedelta(days=2)).date())
        session.commit()
    f = Filters((T0 - timedelta(days=1)).date(), (T0 + timedelta(days=2)).date())
    with db.reader() as session:
        fast = dashboard_figures(session, f, Settings())
        exact = exact_figures(session, f, Settings())["headline"]
    h = fast["headline"]
    assert h["contacts"] == 4
    assert h["automation_rate"] == 0.25  # a
    assert h["resolution_rate"] == 0.5  # a, b
    assert h["durable_resolution_rate"] == 0.25  # a came back (b) the next day: only b is durable
    assert h["repeat_contact_rate"] == 0.5  # b and d
    assert h["handoff_rate"] == 0.5  # b, d
    assert h["necessary_handoff_share"] == 0.5  # b (acted, fraud); d only talked
    assert h["abandonment_rate"] == 0.25
    assert h["complaint_rate"] == 0.25 and h["complaint_upheld_share"] == 1.0
    assert h["csat_positive_share"] == 0.5 and h["csat_mean"] == 3.5
    assert h["csat_response_rate"] == 0.5
    # AI: 3 conversations x 50; people: (1020 + 360) s at 4000/h x 1.25
    assert h["cost_per_contact"] == pytest.approx((150 + round(1380 / 3600 * 5000)) / 4)
    assert fast["handoff_rate_by"]["handoff_reason"] == {"fraud": 0.25, "low_confidence": 0.25}
    assert fast["satisfaction_by_path"]["assistant_only"]["positive_share"] == 1.0
    for key, value in exact.items():
        if key.endswith("_s"):
            continue  # percentiles: to one bin (tested on the simulated history)
        assert h[key] == pytest.approx(value, nan_ok=True), key
