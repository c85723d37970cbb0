"""Production conversations as the metric dictionary's contact table.

One conversation is one contact. Its columns come from the records, by these rules:

- `path`: no handover is `assistant_only`; a handover within :data:`DIRECT_S` of the start (the
  customer asked for a person before the assistant answered) is `human_only`; later, `handed_over`.
- `queue`, `handoff_reason`: from the conversation's handoff (a reason only for `handed_over`:
  it is the assistant's reason); the handoff was rule-required when the reason is one of
  :data:`ridgeline.policy.RULE_REQUIRED_REASONS` (policy sends these to a person whatever the
  assistant could do).
- `abandoned`: handed over and closed without a person ever taking it; `resolved`: closed and not
  abandoned (a conversation left open, or given back by a person, is not resolved).
- `time_to_resolution_s`: start to close; `time_to_human_s`: start to the first reply of a person
  (or the claim when the person never wrote); `human_handle_s`: the desk's handle time.
- `person_acted`: an audit entry by an agent on the customer's records (not desk bookkeeping on the
  conversation itself) between the handover and the close (or the release).
- `complaint`: a complaint case of the customer attributed to the latest conversation started at
  or before the case opened, within seven days; `complaint_upheld`: its outcome is `upheld`.
- `repeat_of`: the latest earlier conversation of the customer on the same intent within seven
  days (:func:`ridgeline.metrics.repeats.earlier_contacts`); `order_id` is not recorded (-1).
- `ai_cost`: the cost model's price for every conversation the assistant took part in.

This module only reads.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from typing import Any

import numpy as np
from sqlalchemy import select
from sqlalchemy.orm import Session

from ridgeline.audit.models import AuditEntry
from ridgeline.cases.models import Case
from ridgeline.conversations.models import Conversation
from ridgeline.customers.models import Customer
from ridgeline.metrics.definitions import SEVEN_DAYS_S
from ridgeline.metrics.repeats import earlier_contacts
from ridgeline.metrics.table import PATHS, Categorical, ContactTable
from ridgeline.policy import RULE_REQUIRED_REASONS

DIRECT_S = 1.0


@dataclass(frozen=True)
class Contacts:
    """The contact table of a period with the conversation id of each row."""

    table: ContactTable
    conversation_ids: list[str]


def _ts(value: datetime | None) -> float:
    return float("nan") if value is None else value.timestamp()


def _customer_codes(*columns: list[str]) -> list[np.ndarray[Any, np.dtype[np.int64]]]:
    everything = np.asarray([c for col in columns for c in col], dtype=object)
    if len(everything) == 0:
        return [np.zeros(0, dtype=np.int64) for _ in columns]
    _, codes = np.unique(everything.astype(str), return_inverse=True)
    out, start = [], 0
    for col in columns:
        out.append(codes[start : start + len(col)].astype(np.int64))
        start += len(col)
    return out


def load_contacts(
    session: Session,
    start: datetime,
    end: datetime,
    *,
    ai_cost_per_conversation: int = 0,
    currency: str = "USD",
) -> Contacts:
    """Read the conversations started in [start, end) as a contact table (rules: module doc)."""
    conv = Conversation
    rows = session.execute(
        select(
            conv.id,
            conv.customer_id,
            conv.language,
            conv.last_intent,
            conv.handoff,
            conv.created_at,
            conv.handed_over_at,
            conv.closed_at,
            conv.claimed_at,
            conv.first_agent_reply_at,
            conv.released_at,
            conv.handle_seconds,
            conv.csat_score,
            Customer.market,
        )
        .join(Customer, Customer.id == conv.customer_id)
        .where(conv.created_at >= start, conv.created_at < end)
        .order_by(conv.created_at, conv.id)
    ).all()
    cases = session.execute(
        select(Case.customer_id, Case.opened_at, Case.outcome).where(
            Case.type == "complaint", Case.opened_at >= start, Case.opened_at < end
        )
    ).all()
    acts = session.execute(
        select(AuditEntry.customer_id, AuditEntry.at).where(
            AuditEntry.actor_type == "agent",
            AuditEntry.entity_type != "conversation",
            AuditEntry.customer_id.is_not(None),
            AuditEntry.at >= start,
            # a person may act after the last conversation of the period started, not weeks after
            AuditEntry.at < end + timedelta(days=7),
        )
    ).all()
    n = len(rows)
    cust, case_cust, act_cust = _customer_codes(
        [r.customer_id for r in rows], [c.customer_id for c in cases], [a.customer_id for a in acts]
    )
    started = np.array([_ts(r.created_at) for r in rows], dtype=np.float64)
    handed = np.array([_ts(r.handed_over_at) for r in rows], dtype=np.float64)
    closed = np.array([_ts(r.closed_at) for r in rows], dtype=np.float64)
    claimed = np.array([_ts(r.claimed_at) for r in rows], dtype=np.float64)
    replied = np.array([_ts(r.first_agent_reply_at) for r in rows], dtype=np.float64)
    released = np.array([_ts(r.released_at) for r in rows], dtype=np.float64)
    handoffs = [r.handoff or {} for r in rows]

    was_handed = np.isfinite(handed)
    direct = was_handed & (handed - started <= DIRECT_S)
    path = np.where(direct, 2, np.where(was_handed, 1, 0)).astype(np.int16)
    abandoned = was_handed & ~np.isfinite(claimed) & np.isfinite(closed)
    resolved = np.isfinite(closed) & ~abandoned
    answered = np.where(np.isfinite(replied), replied, claimed)
    reasons = [str(h.get("reason") or "") for h in handoffs]
    queues = [str(h.get("queue") or "") for h in handoffs]
    # a reason is the assistant's: a customer who went straight to a person was not handed over
    reasons = [r if p == 1 else "" for r, p in zip(reasons, path.tolist(), strict=True)]

    # person acted: an agent's entry on the customer's records inside the human part
    end_human = np.where(
        np.isfinite(closed), closed, np.where(np.isfinite(released), released, np.inf)
    )
    acted = np.zeros(n, dtype=np.bool_)
    if len(acts) and n:
        act_t = np.array([_ts(a.at) for a in acts], dtype=np.float64)
        order = np.lexsort((act_t, act_cust))
        key_c, key_t = act_cust[order], act_t[order]
        # first entry of the customer at or after the handover; acted when it is before the end
        lo = _search(key_c, key_t, cust, np.where(was_handed, handed, np.inf))
        inside = lo < len(key_c)
        hit = np.zeros(n, dtype=np.bool_)
        hit[inside] = (key_c[lo[inside]] == cust[inside]) & (key_t[lo[inside]] <= end_human[inside])
        acted = hit & was_handed

    complaint = np.zeros(n, dtype=np.bool_)
    upheld = np.zeros(n, dtype=np.bool_)
    if len(cases) and n:
        order = np.lexsort((started, cust))
        key_c, key_t = cust[order], started[order]
        case_t = np.array([_ts(c.opened_at) for c in cases], dtype=np.float64)
        # the latest conversation of the customer started at or before the case opened
        pos = _search(key_c, key_t, case_cust, case_t, side="right") - 1
        ok = pos >= 0
        ok[ok] = (key_c[pos[ok]] == case_cust[ok]) & (case_t[ok] - key_t[pos[ok]] <= SEVEN_DAYS_S)
        rows_of = order[pos[ok]]
        complaint[rows_of] = True
        was_upheld = np.array([c.outcome == "upheld" for c in cases], dtype=np.bool_)[ok]
        upheld[rows_of[was_upheld]] = True

    intents = [r.last_intent or "" for r in rows]
    table = ContactTable(
        contact_id=np.arange(n, dtype=np.int64),
        customer_id=cust,
        order_id=np.full(n, -1, dtype=np.int64),
        started_at=started,
        intent=Categorical.encode(intents),
        language=Categorical.encode([r.language for r in rows]),
        market=Categorical.encode([r.market for r in rows]),
        queue=Categorical.encode(queues, [""]),
        path=Categorical(path, PATHS),
        handoff_reason=Categorical.encode(reasons, [""]),
        resolved=resolved,
        abandoned=abandoned,
        time_to_resolution_s=np.where(resolved, closed - started, np.nan),
        time_to_human_s=answered - started,
        human_handle_s=np.array([float(r.handle_seconds or 0) for r in rows], dtype=np.float64),
        ai_cost=np.where(path == 2, 0, ai_cost_per_conversation).astype(np.int64),
        csat=np.array(
            [np.nan if r.csat_score is None else float(r.csat_score) for r in rows],
            dtype=np.float64,
        ),
        complaint=complaint,
        complaint_upheld=upheld,
        person_acted=acted,
        rule_required_handoff=np.array(
            [r in RULE_REQUIRED_REASONS for r in reasons], dtype=np.bool_
        ),
        repeat_of=np.full(n, -1, dtype=np.int64),
        currency=currency,
    )
    table = replace(table, repeat_of=earlier_contacts(table))
    return Contacts(table, [r.id for r in rows])


def _search(
    key_c: np.ndarray[Any, np.dtype[np.int64]],
    key_t: np.ndarray[Any, np.dtype[np.float64]],
    cust: np.ndarray[Any, np.dtype[np.int64]],
    t: np.ndarray[Any, np.dtype[np.float64]],
    side: str = "left",
) -> np.ndarray[Any, np.dtype[np.int64]]:
    """Find (customer, time) pairs in keys sorted by customer then time (like searchsorted)."""
    start = np.searchsorted(key_c, cust, side="left")
    stop = np.searchsorted(key_c, cust, side="right")
    out = np.empty(len(cust), dtype=np.int64)
    for i, (a, b, x) in enumerate(zip(start.tolist(), stop.tolist(), t.tolist(), strict=True)):
        out[i] = a + int(np.searchsorted(key_t[a:b], x, side=side))  # type: ignore[call-overload]
    return out
