"""The sandbox clock is kept in the database: every server process on it tells the same time,
a restart keeps it, and only times between 2000 and 2100 are accepted."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from fastapi.testclient import TestClient

from tests.desk.conftest import build_app
from tests.reliability.conftest import ADMIN, Api


def _seen(api: Api, client: TestClient) -> datetime:
    """Return the time a server tells: the `opened_at` of a case it opens now."""
    customer = api.customer()
    conversation = client.post("/api/v1/conversations", json={}, headers=customer).json()["id"]
    said = client.post(
        f"/api/v1/conversations/{conversation}/messages",
        json={"text": "When is my next payment?"},
        headers=customer,
    )
    assert said.status_code == 200, said.text
    transcript = client.get(f"/api/v1/conversations/{conversation}", headers=customer).json()
    return datetime.fromisoformat(transcript["messages"][-1]["created_at"])


def test_a_clock_set_through_one_server_is_seen_by_another(api: Api, database_url: str) -> None:
    moment = datetime(2031, 5, 6, 7, 8, 9, tzinfo=UTC)
    answer = api.post("/api/v1/admin/clock", {"now": moment.isoformat()})
    assert answer.status_code == 200, answer.text
    other = build_app(database_url)  # a second process on the same database
    with TestClient(other) as client:
        seen = _seen(api, client)
    other.state.container.db.dispose()
    assert moment <= seen < moment + timedelta(seconds=30)
    assert moment <= _seen(api, api.client) < moment + timedelta(seconds=30)


def test_a_restart_keeps_the_clock(database_url: str) -> None:
    moment = datetime(2030, 1, 2, 3, 4, 5, tzinfo=UTC)
    first = build_app(database_url)
    with TestClient(first) as client:
        assert client.post(
            "/api/v1/admin/clock", json={"now": moment.isoformat()}, headers=ADMIN
        ).is_success
    first.state.container.db.dispose()
    restarted = build_app(database_url)
    told = restarted.state.container.clock.now()
    restarted.state.container.db.dispose()
    assert moment <= told < moment + timedelta(seconds=30)


def test_a_fixture_now_sets_the_stored_clock(api: Api, database_url: str) -> None:
    from tests.factories import NOW

    other = build_app(database_url)
    told = other.state.container.clock.now()
    other.state.container.db.dispose()
    assert NOW <= told < NOW + timedelta(seconds=30)  # load_records' document carries NOW


def test_the_clock_accepts_only_2000_to_2100_and_later_turns_still_work(api: Api) -> None:
    for bad in ("9999-12-31T00:00:00Z", "1999-12-31T23:59:59Z", "2100-01-01T00:00:00Z", 0, "0"):
        refused = api.post("/api/v1/admin/clock", {"now": bad})
        assert refused.status_code == 422, (bad, refused.text)
        assert refused.json()["error"]["code"] == "invalid_request"
    for good in ("2000-01-01T00:00:00Z", "2099-12-31T23:59:59Z", "2026-03-10T12:00:00+01:00"):
        assert api.post("/api/v1/admin/clock", {"now": good}).status_code == 200, good
    customer = api.customer()
    conversation = api.post("/api/v1/conversations", {}, headers=customer)
    assert conversation.status_code == 201, conversation.text
    said = api.post(
        f"/api/v1/conversations/{conversation.json()['id']}/messages",
        {"text": "When is my next payment?"},
        headers=customer,
    )
    assert said.status_code == 200, said.text


def test_the_clock_is_not_stored_in_production_mode(database_url: str) -> None:
    from ridgeline.config import Settings
    from ridgeline.web.app import create_app
    from tests.conftest import ADMIN_TOKEN

    sandbox = build_app(database_url)
    with TestClient(sandbox) as client:
        client.post("/api/v1/admin/clock", json={"now": "2031-01-01T00:00:00Z"}, headers=ADMIN)
    sandbox.state.container.db.dispose()
    production = create_app(Settings(database_url, sandbox=False, admin_token=ADMIN_TOKEN))
    told = production.state.container.clock.now()
    production.state.container.db.dispose()
    assert abs(told - datetime.now(UTC)) < timedelta(minutes=1)
