"""Record routes: auth by role, customer scoping, 404s, the error shape, health and OpenAPI."""

from __future__ import annotations

from fastapi import FastAPI
from fastapi.testclient import TestClient

from ridgeline.auth.service import issue_token
from ridgeline.http.deps import Container
from tests.api.test_fixtures import CONTRACT_EXAMPLE


def _token(app: FastAPI, role: str, subject: str | None = None) -> str:
    container: Container = app.state.container
    with container.db.writer() as session:
        token = issue_token(session, container.clock, role, subject)
        session.commit()
    return token


def _as(client: TestClient, token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def _other_customer() -> dict[str, object]:
    other = dict(CONTRACT_EXAMPLE["customers"][0])
    other["id"] = "C2"
    return {"customers": [other]}


def test_health_and_openapi(client: TestClient) -> None:
    assert client.get("/healthz").json()["status"] == "ok"
    spec = client.get("/openapi.json").json()
    assert "/api/v1/orders/{order_id}" in spec["paths"]
    assert "/api/v1/admin/fixtures" in spec["paths"]


def test_missing_or_unknown_token_is_401(client: TestClient) -> None:
    response = client.get("/api/v1/orders/O1", headers={"Authorization": ""})
    assert response.status_code == 401
    assert response.json()["error"]["code"] == "unauthorized"
    assert client.get("/api/v1/orders/O1", headers=_as(client, "nope")).status_code == 401


def test_unknown_ids_are_404_in_the_error_shape(client: TestClient) -> None:
    for path in ("/api/v1/orders/NOPE", "/api/v1/customers/NOPE", "/api/v1/cases/NOPE"):
        response = client.get(path)
        assert response.status_code == 404
        assert response.json()["error"]["code"] == "not_found"
        assert "NOPE" in response.json()["error"]["message"]


def test_customer_token_sees_only_its_own_records(app: FastAPI, client: TestClient) -> None:
    client.post("/api/v1/admin/fixtures", json=CONTRACT_EXAMPLE)
    client.post("/api/v1/admin/fixtures", json=_other_customer())
    mine = _as(client, _token(app, "customer", "C1"))
    theirs = _as(client, _token(app, "customer", "C2"))
    assert client.get("/api/v1/orders/O1", headers=mine).status_code == 200
    assert client.get("/api/v1/customers/C1", headers=mine).status_code == 200
    assert [c["id"] for c in client.get("/api/v1/cases", headers=mine).json()] == ["X1"]
    assert client.get("/api/v1/orders/O1", headers=theirs).status_code == 404
    assert client.get("/api/v1/customers/C1", headers=theirs).status_code == 404
    assert client.get("/api/v1/cases?customer_id=C1", headers=theirs).status_code == 404


def test_customers_and_agents_cannot_use_admin_or_staff_routes(
    app: FastAPI, client: TestClient
) -> None:
    client.post("/api/v1/admin/fixtures", json=CONTRACT_EXAMPLE)
    customer = _as(client, _token(app, "customer", "C1"))
    agent = _as(client, _token(app, "agent", "A1"))
    assert client.post("/api/v1/orders/O1/pause", headers=customer).status_code == 403
    assert client.post("/api/v1/admin/fixtures", json={}, headers=agent).status_code == 403
    assert client.post("/api/v1/orders/O1/pause", headers=agent).status_code == 200


def test_agent_actions_go_through_the_rules_and_name_refusals(
    app: FastAPI, client: TestClient
) -> None:
    client.post("/api/v1/admin/fixtures", json=CONTRACT_EXAMPLE)
    agent = _as(client, _token(app, "agent", "A1"))
    extended = client.post("/api/v1/orders/O1/extension", headers=agent)
    assert extended.status_code == 200
    assert extended.json()["plan"]["installments"][2]["due_date"] == "2026-04-03"
    again = client.post("/api/v1/orders/O1/extension", headers=agent)
    assert again.status_code == 409
    assert again.json()["error"]["rule"] == "already_extended"
    bad = client.post("/api/v1/orders/O1/disputes", json={"reason": "bored"}, headers=agent)
    assert bad.status_code == 422
    assert client.get("/api/v1/orders/O1").json()["plan"]["status"] == "active"


def test_clock_route_sets_time_in_sandbox(client: TestClient) -> None:
    response = client.post("/api/v1/admin/clock", json={"now": "2026-03-10T12:00:00Z"})
    assert response.status_code == 200
    assert response.json()["now"].startswith("2026-03-10T12:00")
    assert (
        client.post("/api/v1/admin/clock", json={"now": "2026-03-10T12:00:00"}).status_code == 422
    )


def test_sandbox_routes_are_403_in_production_mode(database_url: str) -> None:
    from ridgeline.config import Settings
    from ridgeline.web.app import create_app

    app = create_app(Settings(database_url, sandbox=False, admin_token="adm"))
    with TestClient(app, headers={"Authorization": "Bearer adm"}) as c:
        assert (
            c.post("/api/v1/admin/clock", json={"now": "2026-03-10T12:00:00Z"}).status_code == 403
        )
        assert c.post("/api/v1/admin/fixtures", json=CONTRACT_EXAMPLE).status_code == 403
