"""Two writers racing on one plan: exactly one change is applied, the other is refused."""

from __future__ import annotations

import threading

from sqlalchemy import func, select

from ridgeline.context import Actor, ServiceContext
from ridgeline.kit.clock import SettableClock
from ridgeline.kit.db import Database
from ridgeline.kit.errors import DomainError
from ridgeline.lending.collections import waive_fee
from ridgeline.lending.models import DueDateExtension, Fee, Installment
from ridgeline.lending.service import extend_due_date
from tests.factories import customer, document, order, seed

PAID2 = ["paid", "paid", "scheduled", "scheduled"]


def _race(db: Database, clock: SettableClock, attempts: list[tuple[str, str]]) -> list[str]:
    """Run each (action, target) in its own thread and session, all released at once."""
    barrier = threading.Barrier(len(attempts))
    outcomes: list[str] = []
    lock = threading.Lock()

    def attempt(n: int, action: str, target: str) -> None:
        with db.writer() as session:
            ctx = ServiceContext(session, clock, Actor("assistant", f"worker-{n}"))
            barrier.wait()
            try:
                if action == "extend":
                    extend_due_date(ctx, target)
                else:
                    waive_fee(ctx, target)
                session.commit()
                result = "applied"
            except DomainError as exc:
                session.rollback()
                result = getattr(exc, "rule", exc.code)
        with lock:
            outcomes.append(result)

    threads = [
        threading.Thread(target=attempt, args=(n, action, target))
        for n, (action, target) in enumerate(attempts)
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    return sorted(outcomes)


def test_two_concurrent_extensions_apply_exactly_one(db: Database, clock: SettableClock) -> None:
    seed(db, clock, document(customers=[customer()], orders=[order(statuses=PAID2)]))
    outcomes = _race(db, clock, [("extend", "O1")] * 4)
    assert outcomes.count("applied") == 1
    assert set(outcomes) - {"applied"} == {"already_extended"}
    with db.reader() as s:
        assert s.scalar(select(func.count()).select_from(DueDateExtension)) == 1
        dues = s.scalars(select(Installment.due_date).order_by(Installment.seq)).all()
    assert [d.isoformat() for d in dues] == ["2026-02-20", "2026-03-06", "2026-04-03", "2026-04-03"]


def test_two_concurrent_waivers_within_the_limit_apply_exactly_one(
    db: Database, clock: SettableClock
) -> None:
    fees = [
        {
            "id": f"F{n}",
            "order_id": f"O{n}",
            "installment_seq": 2,
            "amount": 500,
            "status": "charged",
        }
        for n in (1, 2)
    ]
    orders = [order(f"O{n}", statuses=PAID2) for n in (1, 2)]
    seed(db, clock, document(customers=[customer()], orders=orders, fees=fees))
    outcomes = _race(db, clock, [("waive", "F1"), ("waive", "F2")])
    assert outcomes == ["applied", "waiver_limit"]
    with db.reader() as s:
        waived = s.scalar(select(func.count()).select_from(Fee).where(Fee.status == "waived"))
    assert waived == 1


def test_more_conversations_at_once_than_worker_threads_all_get_answers(
    database_url: str,
) -> None:
    """Writers wait for their turn on the event loop, not in worker threads: with more
    conversations at once than the server has threads (40), none waits for a thread that a
    queued writer holds, and every one is opened, answered and rated."""
    import asyncio

    import httpx
    from fastapi.testclient import TestClient

    from ridgeline.assistant.engine import Engine
    from ridgeline.assistant.testing import ScriptedUnderstanding
    from ridgeline.config import Settings
    from ridgeline.web.app import create_app
    from tests.assistant.conftest import read
    from tests.conftest import ADMIN_TOKEN

    hello = "when is my next payment"
    engine = Engine(ScriptedUnderstanding({hello: read("en", "next_payment")}))
    app = create_app(
        Settings(database_url, sandbox=True, admin_token=ADMIN_TOKEN), engine_factory=lambda: engine
    )
    headers = {"Authorization": f"Bearer {ADMIN_TOKEN}"}
    with TestClient(app, headers=headers) as client:
        body = document(customers=[customer()], orders=[order(statuses=PAID2)])
        assert client.post("/api/v1/admin/fixtures", json=body.model_dump(mode="json")).is_success

    async def converse(c: httpx.AsyncClient, ready: asyncio.Barrier) -> int:
        started = await c.post("/api/v1/conversations", json={"customer_id": "C1"})
        conversation = started.json()["id"]
        answer = await c.post(
            f"/api/v1/conversations/{conversation}/messages", json={"text": hello}
        )
        await ready.wait()  # then every conversation is rated at the same moment
        # A route on the write-session dependency: it commits in a second worker thread.
        rated = await c.post(f"/api/v1/conversations/{conversation}/csat", json={"score": 5})
        return answer.status_code + rated.status_code

    async def crowd() -> list[int]:
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(
            transport=transport, base_url="http://t", headers=headers
        ) as c:
            ready = asyncio.Barrier(60)
            # Seconds when no writer waits on a held thread; a stall lasts the gate's 30 s.
            everyone = asyncio.gather(*(converse(c, ready) for _ in range(60)))
            return await asyncio.wait_for(everyone, 20)

    answers: list[list[int]] = []
    # A loop of its own, in a thread of its own: a browser test may leave one in this thread.
    runner = threading.Thread(target=lambda: answers.append(asyncio.run(crowd())))
    runner.start()
    runner.join(60)
    assert answers == [[400] * 60]  # each turn answered (200) and each rating stored (200)
    app.state.container.db.dispose()
