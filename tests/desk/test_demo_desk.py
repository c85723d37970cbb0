"""`ridgeline demo` gives the console something to show: agents who can sign in and a waiting,
handed-over conversation with its summary."""

from __future__ import annotations

import json
from importlib import resources

from ridgeline.cli.demo import DEMO_AGENT_EMAIL, DEMO_CUSTOMER, prepare_desk
from ridgeline.context import ServiceContext
from ridgeline.desk import repository, service
from ridgeline.kit.clock import SettableClock
from ridgeline.kit.db import Database
from ridgeline.sandbox.schemas import FixtureDocument
from ridgeline.sandbox.service import load


def test_prepare_desk_makes_a_signed_in_agent_and_one_waiting_conversation(
    db: Database, clock: SettableClock
) -> None:
    text = resources.files("ridgeline.sandbox").joinpath("fixtures", "fr-es.json").read_text()
    with db.writer() as session:
        load(session, FixtureDocument.model_validate(json.loads(text)), clock)
        session.commit()
    first = prepare_desk(db)
    second = prepare_desk(db)
    assert first["agent"] != second["agent"]  # a new password each run
    with db.writer() as session:
        ctx = ServiceContext(session, clock)
        agent, token = service.sign_in(ctx, DEMO_AGENT_EMAIL, second["agent"])
        assert token
        staff = service.staff_from(agent)
        waiting = service.queue(ctx, staff)
        assert len(waiting) == 1  # the second run did not add another
        conv = waiting[0]
        assert conv.customer_id == DEMO_CUSTOMER
        assert conv.handoff is not None
        assert conv.handoff["queue"] == "financial_support"
        assert DEMO_CUSTOMER in conv.handoff["summary"]
        assert len(repository.agents(session)) == 2
        session.rollback()
