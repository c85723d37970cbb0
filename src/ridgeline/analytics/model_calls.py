"""The hosted language model's figures: the share of turns sent to it and how its calls ended.

Each customer turn's audit entry (`conversation.turn`) carries `model_call` when a hosted model
is configured (`assistant/adapters/hosted`): whether it was asked and, if so, the outcome
(`ok`, `error`, `timeout`, `non_json`, `refused`, `unavailable`). The counts are made by the
database (one `GROUP BY` over the period's turns, on the audit log's time index); turns without
`model_call` (the embedded understanding alone, a bare yes read from its words) count as turns
not sent. The audit log has no market or language, so these figures cover all of them.
"""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ridgeline.analytics.reader import Filters
from ridgeline.audit.models import AuditEntry

OUTCOMES = ("ok", "error", "timeout", "non_json", "refused", "unavailable")


def model_call_figures(session: Session, f: Filters) -> dict[str, Any]:
    """Return the turns of the period, those sent to the model, and each outcome's rate (%)."""
    start = datetime.combine(f.first, time(0), tzinfo=UTC)
    end = datetime.combine(f.last + timedelta(days=1), time(0), tzinfo=UTC)
    outcome = AuditEntry.details["model_call"]["outcome"].as_string()
    rows = session.execute(
        select(outcome, func.count())
        .where(AuditEntry.action == "conversation.turn")
        .where(AuditEntry.at >= start, AuditEntry.at < end)
        .group_by(outcome)
    ).all()
    counts = {str(name): int(n) for name, n in rows if name is not None}
    turns = sum(int(n) for _, n in rows)
    asked = sum(counts.values())
    out: dict[str, Any] = {
        "turns": turns,
        "asked": asked,
        "share_asked": round(100 * asked / turns, 1) if turns else None,
    }
    for name in OUTCOMES:
        out[f"{name}_rate"] = round(100 * counts.get(name, 0) / asked, 1) if asked else None
    return out
