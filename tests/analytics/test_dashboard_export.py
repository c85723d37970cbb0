"""The dashboard's CSV: what it holds is said in its first rows and its name; figures in the
units the page shows (money in major units with its currency), under readable names."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from decimal import Decimal
from typing import Any

import pytest
from fastapi.testclient import TestClient

from ridgeline.analytics.units import FIGURES, in_unit
from ridgeline.config import Settings
from ridgeline.web.app import create_app
from tests.analytics.conftest import Generated
from tests.conftest import ADMIN_TOKEN

STAFF = {"Authorization": f"Bearer {ADMIN_TOKEN}"}


@pytest.fixture(scope="module")
def client(generated: Generated) -> Iterator[TestClient]:
    app = create_app(Settings(generated.db.url, admin_token=ADMIN_TOKEN), db=generated.db)
    with TestClient(app) as c:
        yield c


def period(g: Generated) -> dict[str, str]:
    return {"from": g.history.first_day.isoformat(), "to": g.history.last_day.isoformat()}


def export(client: TestClient, params: dict[str, str]) -> tuple[list[list[str]], Any]:
    got = client.get("/api/v1/metrics/export.csv", params=params, headers=STAFF)
    assert got.status_code == 200, got.text
    assert got.headers["content-type"].startswith("text/csv")
    assert got.text.startswith("\ufeff")  # spreadsheets read it as UTF-8
    return list(csv.reader(io.StringIO(got.text.removeprefix("\ufeff")))), got


def table(rows: list[list[str]]) -> list[dict[str, str]]:
    """Return the figure rows below the blank row that ends the file's head."""
    start = rows.index([]) + 1
    header = rows[start]
    return [dict(zip(header, row, strict=True)) for row in rows[start + 1 :]]


def test_the_csv_says_its_period_and_filters_and_its_name_does_too(
    generated: Generated, client: TestClient
) -> None:
    p = period(generated)
    rows, got = export(client, {**p, "market": "SE"})
    disposition = got.headers["content-disposition"]
    assert f'filename="ridgeline-figures_{p["from"]}_{p["to"]}_market-SE_all-languages.csv"' in (
        disposition
    )
    head = {row[0]: row[1:] for row in rows[: rows.index([])] if row}
    assert "Ridgeline service figures" in head
    assert head["From"] == [p["from"]] and head["To"] == [p["to"]]
    assert head["Market"] == ["Sweden (SE)"]
    assert head["Language"] == ["All languages"]
    assert head["Currency"] == ["USD"]
    assert len(head["Previous period"]) == 2
    assert rows[rows.index([]) + 1] == ["Section", "Breakdown", "Group", "Figure", "Value", "Unit"]


def test_figures_are_in_the_pages_units_under_readable_names(
    generated: Generated, client: TestClient
) -> None:
    p = period(generated)
    body = client.get("/api/v1/metrics", params=p, headers=STAFF).json()
    figures = table(export(client, p)[0])
    this = {r["Figure"]: r for r in figures if r["Section"] == "This period"}
    contacts = this["Contacts"]
    assert contacts["Value"] == str(generated.history.conversations)
    cost = this["Cost per contact"]
    assert cost["Unit"] == "USD"
    minor = body["headline"]["cost_per_contact"]
    assert Decimal(cost["Value"]) == in_unit(minor, "money", "USD")  # major units, 2 decimals
    assert abs(float(cost["Value"]) * 100 - minor) <= 0.5
    automation = this["Automation rate (resolved, no person)"]
    assert automation["Unit"] == "%"
    assert float(automation["Value"]) == pytest.approx(
        100 * body["headline"]["automation_rate"], abs=0.005
    )
    waited = this["Time to a person, median"]
    assert waited["Unit"] == "mins"
    assert float(waited["Value"]) == pytest.approx(
        body["headline"]["time_to_human_p50_s"] / 60, abs=0.005
    )
    # no raw key anywhere a person reads
    keys = set(FIGURES) | {"financial_support", "handed_over", "assistant_only", "human_only"}
    for row in figures:
        assert not {row["Figure"], row["Group"], row["Breakdown"]} & keys, row
    sections = {r["Section"] for r in figures}
    assert sections == {
        "This period",
        "Previous period",
        "Counts",
        "Handoffs (share of all contacts)",
        "Satisfaction by path",
        "By day",
        "Breakdown",
    }
    days = {r["Group"] for r in figures if r["Section"] == "By day"}
    assert len(days) == 30
    queues = {r["Group"] for r in figures if r["Breakdown"] == "Queue"}
    assert "Financial support" in queues
    assert {r["Group"] for r in figures if r["Breakdown"] == "Path"} >= {"Assistant only"}


def test_the_csv_speaks_the_supervisors_language(generated: Generated, client: TestClient) -> None:
    rows, _ = export(client, {**period(generated), "lang": "fr", "language": "sv"})
    assert rows[0] == ["Chiffres du service Ridgeline"]
    assert ["Langue", "Suédois (sv)"] in rows
    figures = table(rows)
    assert {"Nombre de contacts", "Coût par contact"} <= {r["Indicateur"] for r in figures}


def test_a_reversed_period_is_refused_with_a_clear_message(
    generated: Generated, client: TestClient
) -> None:
    p = period(generated)
    for path in ("/api/v1/metrics", "/api/v1/metrics/export.csv"):
        got = client.get(path, params={"from": p["to"], "to": p["from"]}, headers=STAFF)
        assert got.status_code == 422
        message = got.json()["error"]["message"]
        assert "wrong way round" in message and p["to"] in message
    too_long = client.get(
        "/api/v1/metrics", params={"from": "2020-01-01", "to": "2026-01-01"}, headers=STAFF
    )
    assert too_long.status_code == 422
    assert "at most" in too_long.json()["error"]["message"]
    ancient = client.get(
        "/api/v1/metrics", params={"from": "0001-01-01", "to": "0001-01-02"}, headers=STAFF
    )
    assert ancient.status_code == 422
