"""Conversation history for the demo and the benchmark: months of simulated service, as records.

A new installation has a sample portfolio but no conversations, so its dashboard would be empty.
The generator runs the contact-centre simulator (the baseline centre, resized) over the chosen
months with the portfolio's customers, and writes each simulated contact as the records the live
product would have left: a conversation with its handoff and desk clocks, a complaint case when
the customer complained, and an agent's audit entry when the person acted on the records. Read
back by :mod:`ridgeline.analytics.contacts`, these records give the simulator's own figures (the
round trip is tested), which is what makes the generated dashboard honest about its definitions.

This and the rollups are the only writers in `analytics`; both write derived or sample data.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

import numpy as np
from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from ridgeline.analytics.centre import centre
from ridgeline.analytics.store import refresh
from ridgeline.audit.models import AuditEntry
from ridgeline.cases.models import Case
from ridgeline.conversations.models import Conversation
from ridgeline.customers.models import Customer
from ridgeline.metrics.table import Categorical, ContactTable
from ridgeline.simulation import simulate

BATCH = 5000
# what a person does on the records, by queue, for the audit entries of "the person acted": names
# the services write (ridgeline.audit.actions); the entry's entity is the customer, since a
# generated contact has no order or case of its own
PERSON_ACTIONS = {
    "payments": "due_date.extended",
    "disputes": "dispute.opened",
    "fraud": "account.locked",
    "financial_support": "plan.paused",
    "complaints": "case.closed",
    "general": "contact.updated",
}


@dataclass(frozen=True)
class History:
    """What the generator wrote, with the simulated table in the records' terms."""

    first_day: date
    last_day: date
    conversations: int
    cases: int
    audit_entries: int
    rollup_rows: int
    table: ContactTable


def _iso(epoch: float) -> datetime:
    return datetime.fromtimestamp(epoch, UTC)


def generate_history(
    session: Session,
    *,
    months: int,
    seed: int,
    now: datetime,
    contacts_per_day: float = 300.0,
) -> History:
    """Write `months` months (of 30 days) of conversations ending the day before `now`.

    Args:
        session: a writing session; the caller commits.
        months: length of the history.
        seed: the simulator's seed: same seed, same records.
        now: the moment the history runs up to (timezone-aware).
        contacts_per_day: new contacts on an average day (repeats come on top).
    """
    customers = session.execute(
        select(Customer.id, Customer.market, Customer.language).order_by(Customer.id)
    ).all()
    if not customers:
        raise ValueError("no customers: seed a portfolio first (ridgeline seed)")
    days = 30 * months
    last_day = now.astimezone(UTC).date() - timedelta(days=1)
    first_day = last_day - timedelta(days=days - 1)
    start = datetime.combine(first_day, time(0), tzinfo=UTC)
    scenario = centre(
        contacts_per_day=contacts_per_day, days=days, start=start, customers=len(customers)
    )
    result = simulate(scenario, seed=seed)
    t = result.table
    who = np.asarray(t.customer_id % len(customers), dtype=np.int64)
    ids = [str(c.id) for c in customers]
    markets = [str(c.market) for c in customers]
    languages = [str(c.language) for c in customers]
    ended = result.detail["ended_s"] + result.start_epoch
    joined = result.detail["joined_s"] + result.start_epoch
    answered = result.detail["answered_s"] + result.start_epoch

    intents, queues = t.intent.labels(), t.queue.labels()
    reasons, paths = t.handoff_reason.labels(), t.path.labels()
    conv_rows: list[dict[str, Any]] = []
    case_rows: list[dict[str, Any]] = []
    audit_rows: list[dict[str, Any]] = []
    prefix = f"h{seed}-"
    for i in range(len(t)):
        cid = ids[who[i]]
        conv_id = f"{prefix}{i:09d}"
        begun = float(t.started_at[i])
        path = paths[i]
        got = math.isfinite(answered[i])
        handoff = None
        if path != "assistant_only":
            handoff = {
                "reason": reasons[i] if path == "handed_over" else "customer_request",
                "queue": queues[i],
                "summary": f"Customer asked about {intents[i].replace('_', ' ')}.",
                "priority": "high" if t.rule_required_handoff[i] else "normal",
            }
        if t.resolved[i] or t.abandoned[i]:
            status, closed, released = "closed", _iso(ended[i]), None
        elif got:  # a person answered but did not resolve: the chat went back to the assistant
            status, closed, released = "assistant", None, _iso(ended[i])
        else:  # the assistant kept it unresolved; the customer left
            status, closed, released = "assistant", None, None
        csat = t.csat[i]
        conv_rows.append(
            {
                "id": conv_id,
                "customer_id": cid,
                "channel": "chat",
                "locale": None,
                "status": status,
                "language": languages[who[i]],
                "state": {
                    "language": languages[who[i]],
                    "status": status,
                    "frame": None,
                    "misunderstandings": 0,
                    "human_offered": None,
                    "handoff": None,
                    "turns": 0,
                    "last_intent": intents[i],
                },
                "handoff": handoff,
                "last_intent": intents[i],
                "created_at": _iso(begun),
                "updated_at": _iso(max(begun, float(ended[i]))),
                "handed_over_at": _iso(joined[i]) if handoff else None,
                "closed_at": closed,
                "agent_id": None,
                "csat_score": None if math.isnan(csat) else int(csat),
                "csat_comment": None,
                "claimed_at": _iso(answered[i]) if got else None,
                "first_agent_reply_at": _iso(answered[i]) if got else None,
                "released_at": released,
                "wait_seconds": round(answered[i] - joined[i]) if got else None,
                "handle_seconds": round(float(t.human_handle_s[i])) if got else None,
            }
        )
        if t.complaint[i]:
            case_rows.append(
                {
                    "id": f"{prefix}case-{i:09d}",
                    "customer_id": cid,
                    "type": "complaint",
                    "status": "closed",
                    "order_id": None,
                    "opened_at": _iso(begun + 1.0),
                    "closed_at": _iso(begun + 14 * 86400.0),
                    "reason": intents[i],
                    "outcome": "upheld" if t.complaint_upheld[i] else "not_upheld",
                    "details": {"conversation_id": conv_id, "generated": True},
                }
            )
        if t.person_acted[i] and got:
            audit_rows.append(
                {
                    "at": _iso(answered[i] + float(t.human_handle_s[i]) / 2.0),
                    "actor_type": "agent",
                    "actor_id": "history",
                    "action": PERSON_ACTIONS.get(queues[i], "contact.updated"),
                    "entity_type": "customer",
                    "entity_id": cid,
                    "customer_id": cid,
                    "before": None,
                    "after": None,
                    "details": {"conversation_id": conv_id, "generated": True},
                }
            )
    for model, rows in (
        (Conversation, conv_rows),
        (Case, case_rows),
        (AuditEntry, audit_rows),
    ):
        for k in range(0, len(rows), BATCH):
            session.execute(insert(model), rows[k : k + BATCH])
    rollup_rows = refresh(
        session,
        first_day,
        last_day,
        ai_cost_per_conversation=scenario.assistant.cost_per_conversation,
        currency=scenario.currency,
    )
    # the table as the records describe it: portfolio customers, their markets and languages
    as_records = replace(
        t,
        customer_id=who,
        market=Categorical.encode([markets[k] for k in who.tolist()]),
        language=Categorical.encode([languages[k] for k in who.tolist()]),
    )
    return History(
        first_day,
        last_day,
        len(conv_rows),
        len(case_rows),
        len(audit_rows),
        rollup_rows,
        as_records,
    )
