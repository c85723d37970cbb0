"""A customer's token may not keep the assistant working without pause: after a burst, a rate,
then 429 with Retry-After and nothing written; staff are not limited."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from ridgeline.assistant.engine import Engine
from ridgeline.assistant.testing import ScriptedUnderstanding
from ridgeline.auth.service import issue_token
from ridgeline.config import Settings
from ridgeline.http import limits
from ridgeline.http.limits import Buckets
from ridgeline.web.app import create_app
from tests.assistant.conftest import PAID2, read
from tests.conftest import ADMIN_TOKEN
from tests.factories import customer, document, order

HELLO = "hello"


class Ticks:
    """A clock for buckets that moves only when told."""

    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def test_a_bucket_gives_its_burst_then_its_rate() -> None:
    ticks = Ticks()
    bucket = Buckets(per_minute=30, burst=3, now=ticks)
    assert [bucket.take("C1") for _ in range(3)] == [0.0, 0.0, 0.0]
    assert bucket.take("C1") == pytest.approx(2.0)  # one token every 2 s
    assert bucket.take("C2") == 0.0  # each customer has their own
    ticks.now = 1.0
    assert bucket.take("C1") == pytest.approx(1.0)  # half a token is not a token
    ticks.now = 2.0
    assert bucket.take("C1") == 0.0
    ticks.now = 1000.0
    assert [bucket.take("C1") for _ in range(4)][-1] > 0  # refills to the burst, not beyond


def test_quiet_customers_are_forgotten(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(limits, "KEEP", 3)
    ticks = Ticks()
    bucket = Buckets(per_minute=60, burst=2, now=ticks)
    for key in ("a", "b", "c"):
        bucket.take(key)
    ticks.now = 10.0  # a, b and c have refilled
    bucket.take("d")
    bucket.take("e")
    assert len(bucket._buckets) <= 3  # the memory bound is the behaviour here
    assert bucket.take("a") == 0.0


def test_refuses_a_bucket_that_would_never_fill() -> None:
    with pytest.raises(ValueError, match="positive rate"):
        Buckets(per_minute=0, burst=3)


@pytest.fixture
def app_client(database_url: str) -> Iterator[TestClient]:
    engine = Engine(ScriptedUnderstanding({HELLO: read("en", "greeting")}))
    settings = Settings(
        database_url,
        sandbox=True,
        admin_token=ADMIN_TOKEN,
        customer_burst=3,
        customer_messages_per_minute=6,
    )
    app = create_app(settings, engine_factory=lambda: engine)
    with TestClient(app, headers={"Authorization": f"Bearer {ADMIN_TOKEN}"}) as client:
        body = document(customers=[customer()], orders=[order(statuses=PAID2)])
        fixtures = client.post("/api/v1/admin/fixtures", json=body.model_dump(mode="json"))
        assert fixtures.status_code == 201
        yield client
    app.state.container.db.dispose()


def _customer(client: TestClient) -> dict[str, str]:
    c = client.app.state.container  # type: ignore[attr-defined]
    with c.db.writer() as session:
        token = issue_token(session, c.clock, "customer", "C1")
        session.commit()
    return {"Authorization": f"Bearer {token}"}


def test_a_customer_past_the_burst_is_told_to_wait_and_nothing_is_written(
    app_client: TestClient,
) -> None:
    ticks = Ticks()
    container = app_client.app.state.container  # type: ignore[attr-defined]
    container.customer_messages = Buckets(per_minute=6, burst=3, now=ticks)
    me = _customer(app_client)
    started = app_client.post("/api/v1/conversations", json={}, headers=me)  # one
    assert started.status_code == 201
    path = f"/api/v1/conversations/{started.json()['id']}/messages"
    for _ in range(2):  # two and three
        assert app_client.post(path, json={"text": HELLO}, headers=me).status_code == 200
    refused = app_client.post(path, json={"text": HELLO}, headers=me)
    assert refused.status_code == 429
    assert refused.json()["error"]["code"] == "rate_limited"
    assert refused.headers["Retry-After"] == "10"  # six a minute: one every 10 s
    transcript = app_client.get(f"/api/v1/conversations/{started.json()['id']}").json()
    assert [m["role"] for m in transcript["messages"]].count("customer") == 2
    ticks.now = 10.0
    assert app_client.post(path, json={"text": HELLO}, headers=me).status_code == 200


def test_staff_are_not_limited(app_client: TestClient) -> None:
    started = app_client.post("/api/v1/conversations", json={"customer_id": "C1"})
    path = f"/api/v1/conversations/{started.json()['id']}/messages"
    answers = [app_client.post(path, json={"text": HELLO}).status_code for _ in range(6)]
    assert answers == [200] * 6


def test_the_limit_comes_from_the_settings(app_client: TestClient) -> None:
    me = _customer(app_client)
    answers = [
        app_client.post("/api/v1/conversations", json={}, headers=me).status_code for _ in range(4)
    ]
    assert answers == [201, 201, 201, 429]


def test_an_operator_sets_the_limit_in_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("RIDGELINE_CUSTOMER_BURST", "4")
    monkeypatch.setenv("RIDGELINE_CUSTOMER_MESSAGES_PER_MINUTE", "12")
    settings = Settings.from_env("sqlite://")
    assert (settings.customer_burst, settings.customer_messages_per_minute) == (4, 12)
    monkeypatch.setenv("RIDGELINE_CUSTOMER_BURST", "0")
    with pytest.raises(ValueError, match="RIDGELINE_CUSTOMER_BURST must be a whole number"):
        Settings.from_env("sqlite://")
    monkeypatch.delenv("RIDGELINE_CUSTOMER_BURST")
    monkeypatch.delenv("RIDGELINE_CUSTOMER_MESSAGES_PER_MINUTE")
    assert Settings.from_env("sqlite://").customer_burst == 10
