"""Plan changes beyond extensions: pause and resume, autopay and its cut-off, payoff, links."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from ridgeline.audit.models import AuditEntry
from ridgeline.context import ServiceContext
from ridgeline.kit.errors import RuleRefusedError
from ridgeline.lending.schedule import amortise, financing
from ridgeline.lending.service import (
    pause_plan,
    payoff_quote,
    resume_plan,
    send_payment_link,
    set_autopay,
)
from ridgeline.sandbox.service import load
from tests.factories import NOW, customer, document, order

PAID2 = ["paid", "paid", "scheduled", "scheduled"]


def _load(ctx: ServiceContext, **kw: object) -> None:
    doc = document(customers=[customer()], orders=[order(**kw)])  # type: ignore[arg-type]
    load(ctx.session, doc, ctx.clock)


def test_pause_and_resume(as_agent: ServiceContext) -> None:
    _load(as_agent, statuses=PAID2)
    assert pause_plan(as_agent, "O1", "agent").status == "paused"
    with pytest.raises(RuleRefusedError) as caught:
        pause_plan(as_agent, "O1", "agent")
    assert caught.value.rule == "plan_not_active"
    assert resume_plan(as_agent, "O1").status == "active"
    with pytest.raises(RuleRefusedError) as again:
        resume_plan(as_agent, "O1")
    assert again.value.rule == "plan_not_paused"


def test_autopay_changes_outside_the_24_hour_cutoff(as_assistant: ServiceContext) -> None:
    _load(as_assistant, statuses=PAID2)
    assert set_autopay(as_assistant, "O1", False).autopay is False
    as_assistant.clock.set(NOW.replace(day=19, hour=1))  # type: ignore[attr-defined]
    with pytest.raises(RuleRefusedError) as caught:
        set_autopay(as_assistant, "O1", True)
    assert caught.value.rule == "autopay_cutoff"


def test_payoff_of_a_financing_plan_is_exact(as_assistant: ServiceContext) -> None:
    placed = date(2026, 1, 10)
    schedule = financing(100000, 1990, 12, placed)
    statuses = ["paid"] + ["scheduled"] * 11
    _load(
        as_assistant,
        product="financing",
        total=100000,
        apr_bps=1990,
        placed=placed,
        statuses=statuses,
    )
    quote = payoff_quote(as_assistant, "O1")
    parts = amortise(100000, 1990, [s.amount for s in schedule])
    assert quote.principal == 100000 - parts[0][1]
    days = (NOW.date() - schedule[0].due_date).days
    assert quote.interest == round(quote.principal * 1990 * days / (10_000 * 365))
    assert quote.total == quote.principal + quote.interest
    assert quote.as_of == NOW.date()


def test_payoff_of_an_interest_free_plan_is_the_unpaid_balance(
    as_assistant: ServiceContext,
) -> None:
    _load(as_assistant, statuses=PAID2)
    quote = payoff_quote(as_assistant, "O1")
    assert (quote.principal, quote.interest, quote.total) == (6000, 0, 6000)


def test_payment_link_is_recorded_not_charged(as_assistant: ServiceContext) -> None:
    _load(as_assistant, statuses=PAID2)
    link = send_payment_link(as_assistant, "O1", "payment", 3000)
    assert link.startswith("PAYLINK-")
    entries = as_assistant.session.scalars(select(AuditEntry)).all()
    sent = [e for e in entries if e.action == "payment_link.sent"]
    assert [e.details["link_id"] for e in sent] == [link]
    assert sent[0].details["amount"] == 3000
    assert not any(e.action.startswith("payment.") for e in entries)
