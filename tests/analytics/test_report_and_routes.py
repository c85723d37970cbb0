"""`ridgeline report` and the dashboard's routes give the dashboard's figures, to staff only."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from ridgeline.analytics.dashboard import dashboard_figures
from ridgeline.analytics.reader import Filters
from ridgeline.auth.service import issue_token
from ridgeline.cli.main import app as cli
from ridgeline.cli.report import format_value
from ridgeline.config import Settings
from ridgeline.kit.clock import SettableClock
from ridgeline.web.app import create_app
from tests.analytics.conftest import Generated
from tests.conftest import ADMIN_TOKEN
from tests.factories import NOW


def period(g: Generated) -> dict[str, str]:
    return {"from": g.history.first_day.isoformat(), "to": g.history.last_day.isoformat()}


def test_report_json_prints_the_dashboard_figures(generated: Generated) -> None:
    p = period(generated)
    result = CliRunner().invoke(
        cli,
        [
            "report",
            "--from",
            p["from"],
            "--to",
            p["to"],
            "--json",
            "--database-url",
            generated.db.url,
        ],
    )
    assert result.exit_code == 0, result.output
    printed = json.loads(result.output)
    with generated.db.reader() as session:
        want = dashboard_figures(
            session, Filters(generated.history.first_day, generated.history.last_day)
        )
    assert printed["headline"] == pytest.approx(want["headline"], nan_ok=True)
    assert printed["headline"]["contacts"] == generated.history.conversations


def test_report_text_shows_formatted_figures_and_the_trend(generated: Generated) -> None:
    p = period(generated)
    url = generated.db.url
    text = CliRunner().invoke(
        cli, ["report", "--from", p["from"], "--to", p["to"], "--database-url", url]
    )
    exact = CliRunner().invoke(
        cli,
        [
            "report",
            "--from",
            p["from"],
            "--to",
            p["to"],
            "--exact",
            "--json",
            "--database-url",
            url,
        ],
    )
    assert text.exit_code == 0 and exact.exit_code == 0, text.output + exact.output
    figures = json.loads(exact.output)["headline"]
    assert f"{format_value(figures['automation_rate'], 'share')}" in text.output
    assert f"{format_value(figures['contacts'], 'count')}" in text.output
    assert "(before: -)" in text.output  # nothing before the generated month


def test_report_refuses_a_reversed_period(generated: Generated) -> None:
    result = CliRunner().invoke(
        cli,
        [
            "report",
            "--from",
            "2026-03-01",
            "--to",
            "2026-02-01",
            "--database-url",
            generated.db.url,
        ],
    )
    assert result.exit_code == 2


@pytest.fixture
def client(generated: Generated) -> Iterator[TestClient]:
    app = create_app(Settings(generated.db.url, admin_token=ADMIN_TOKEN), db=generated.db)
    with TestClient(app) as c:
        yield c


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def test_metrics_route_gives_the_figures_to_staff_only(
    generated: Generated, client: TestClient
) -> None:
    p = period(generated)
    with generated.db.writer() as session:
        agent = issue_token(session, SettableClock(NOW), "agent", "A1")
        customer = issue_token(session, SettableClock(NOW), "customer", "nobody")
        session.commit()
    assert client.get("/api/v1/metrics", params=p).status_code == 401
    assert client.get("/api/v1/metrics", params=p, headers=bearer(customer)).status_code == 403
    got = client.get("/api/v1/metrics", params=p, headers=bearer(agent))
    assert got.status_code == 200
    body = got.json()
    assert body["headline"]["contacts"] == generated.history.conversations
    assert len(body["series"]["day"]) == 30
    assert set(body["breakdowns"]) == {
        "language",
        "market",
        "intent",
        "queue",
        "path",
        "handoff_reason",
    }
    assert set(body["choices"]["market"]) == set(generated.history.table.market.levels)
    paid = client.get(
        "/api/v1/metrics",
        params={**p, "revenue": 1_000_000_00, "headcount": 40},
        headers=bearer(agent),
    ).json()
    assert paid["headline"]["revenue_per_employee"] == 2_500_000
    assert "revenue_per_employee" not in body["headline"]
    bad = client.get(
        "/api/v1/metrics", params={"from": p["to"], "to": p["from"]}, headers=bearer(agent)
    )
    assert bad.status_code == 422


def test_csv_export_holds_the_headline_and_breakdowns(
    generated: Generated, client: TestClient
) -> None:
    p = period(generated)
    got = client.get("/api/v1/metrics/export.csv", params=p, headers=bearer(ADMIN_TOKEN))
    assert got.status_code == 200
    assert got.headers["content-type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(got.text.removeprefix("\ufeff"))))
    start = rows.index([]) + 1  # the file's head says the period and filters first
    figures = [dict(zip(rows[start], row, strict=True)) for row in rows[start + 1 :]]
    headline = {r["Figure"]: r["Value"] for r in figures if r["Section"] == "This period"}
    assert int(headline["Contacts"]) == generated.history.conversations
    json_body = client.get("/api/v1/metrics", params=p, headers=bearer(ADMIN_TOKEN)).json()
    assert float(headline["Automation rate (resolved, no person)"]) == pytest.approx(
        100 * json_body["headline"]["automation_rate"], abs=0.005
    )
    days = {r["Group"] for r in figures if r["Section"] == "By day"}
    assert len(days) == 30
    assert any(r["Breakdown"] == "Intent" for r in figures if r["Section"] == "Breakdown")


def test_report_prints_a_breakdown_table(generated: Generated) -> None:
    p = period(generated)
    args = ["report", "--from", p["from"], "--to", p["to"], "--database-url", generated.db.url]
    result = CliRunner().invoke(cli, [*args, "--by", "market"])
    assert result.exit_code == 0, result.output
    table = result.output.split("By market:")[1].strip().splitlines()
    markets = set(generated.history.table.market.levels)
    assert {line.split()[0] for line in table[1:]} == markets
    assert CliRunner().invoke(cli, [*args, "--by", "weather"]).exit_code == 2
