"""Case clocks by type, and who may close what."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from ridgeline.cases.service import close_case, open_case
from ridgeline.context import Actor, ServiceContext
from ridgeline.kit.clock import add_business_days
from ridgeline.kit.errors import RuleRefusedError
from ridgeline.sandbox.service import load
from tests.factories import NOW, customer, document

FRIDAY = datetime(2026, 3, 13, 16, 0, tzinfo=UTC)


@pytest.fixture(autouse=True)
def _customer(as_assistant: ServiceContext) -> None:
    load(as_assistant.session, document(customers=[customer()]), as_assistant.clock)


def test_business_days_skip_weekends() -> None:
    assert add_business_days(FRIDAY, 3) == FRIDAY + timedelta(days=5)  # Fri -> Wed
    assert add_business_days(FRIDAY, 15) == FRIDAY + timedelta(days=21)


def test_complaint_has_summary_and_final_response_clocks(as_assistant: ServiceContext) -> None:
    as_assistant.clock.set(FRIDAY)  # type: ignore[attr-defined]
    case = open_case(as_assistant, "C1", "complaint")
    assert case.summary_due_at == FRIDAY + timedelta(days=5)
    assert case.due_at == FRIDAY + timedelta(days=56)


def test_payment_service_complaint_answers_in_15_business_days(
    as_assistant: ServiceContext,
) -> None:
    as_assistant.clock.set(FRIDAY)  # type: ignore[attr-defined]
    case = open_case(as_assistant, "C1", "complaint", payment_service=True)
    assert case.due_at == FRIDAY + timedelta(days=21)


@pytest.mark.parametrize(("case_type", "days"), [("privacy", 30), ("credit_review", 30)])
def test_thirty_day_clocks(as_assistant: ServiceContext, case_type: str, days: int) -> None:
    assert open_case(as_assistant, "C1", case_type).due_at == NOW + timedelta(days=days)


def test_only_a_person_closes_a_fraud_case(as_assistant: ServiceContext) -> None:
    case = open_case(as_assistant, "C1", "fraud")
    with pytest.raises(RuleRefusedError) as caught:
        close_case(as_assistant, case.id, "resolved")
    assert caught.value.rule == "fraud_case_human_only"
    agent = ServiceContext(as_assistant.session, as_assistant.clock, Actor("agent", "A7"))
    assert close_case(agent, case.id, "confirmed_fraud").status == "closed"
