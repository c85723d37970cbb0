"""The dashboard in a real Chromium shows the figures `ridgeline report --json` prints."""

from __future__ import annotations

import json
import socket
import threading
import time
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
import uvicorn
from playwright.sync_api import Browser, Page
from typer.testing import CliRunner

from ridgeline.auth.service import issue_token
from ridgeline.cli.main import app as cli
from ridgeline.cli.report import LABELS, format_value
from ridgeline.config import Settings
from ridgeline.kit.clock import SettableClock
from ridgeline.web.app import create_app
from tests.analytics.conftest import Generated, build


@pytest.fixture(scope="module")
def live(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[str, str, Generated]]:
    """Serve a month of history up to yesterday on a real uvicorn; return (url, token, data)."""
    now = datetime.now(UTC)
    g = build(request, tmp_path_factory.mktemp("live"), now)
    with g.db.writer() as session:
        token = issue_token(session, SettableClock(now), "supervisor", "S1")
        session.commit()
    app = create_app(Settings(g.db.url), db=g.db)
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.05)
    assert server.started
    yield f"http://127.0.0.1:{port}", token, g
    server.should_exit = True
    thread.join(10)
    g.db.dispose()


def report(url: str, *extra: str) -> dict[str, Any]:
    result = CliRunner().invoke(cli, ["report", "--json", "--database-url", url, *extra])
    assert result.exit_code == 0, result.output
    out: dict[str, Any] = json.loads(result.output)
    return out


def shown(page: Page) -> dict[str, tuple[float | None, str]]:
    cards = page.locator(".card")
    out: dict[str, tuple[float | None, str]] = {}
    for i in range(cards.count()):
        card = cards.nth(i)
        raw = card.get_attribute("data-value")
        value = None if raw in (None, "null") else float(raw)
        out[str(card.get_attribute("data-metric"))] = (value, card.locator(".value").inner_text())
    return out


@pytest.mark.browser
def test_dashboard_shows_the_reports_figures(
    live: tuple[str, str, Generated], browser: Browser
) -> None:
    base, token, g = live
    page = browser.new_page()
    page.goto(f"{base}/dashboard?token={token}")
    page.wait_for_selector("body[data-loaded=true]", timeout=15000)
    assert "token=" not in page.url  # the token moved to sessionStorage
    printed = report(g.db.url)
    cards = shown(page)
    assert set(cards) == set(printed["headline"])
    assert cards["contacts"][0] == g.history.conversations
    for key, value in printed["headline"].items():
        got, text = cards[key]
        assert got == pytest.approx(value, rel=1e-12), key
        assert text == format_value(value, LABELS[key][1]), key
    # one point per day in each chart
    points = page.locator("[data-series=contacts] polyline").get_attribute("points") or ""
    assert len(points.split()) == 30
    assert page.locator("#by-path tr[data-path]").count() == 3
    assert page.locator("#reasons .bar").count() >= 3
    assert page.locator("#queues .bar[data-queue=payments]").count() == 1

    # filter by a market: the page and the report agree again
    market = max(
        printed["breakdowns"]["market"],
        key=lambda m: printed["breakdowns"]["market"][m]["contacts"],
    )
    page.select_option("#market", market)
    page.evaluate("document.body.dataset.loaded = 'false'")
    page.click("#apply")
    page.wait_for_selector("body[data-loaded=true]", timeout=15000)
    filtered = report(g.db.url, "--market", market)
    cards = shown(page)
    assert cards["contacts"][0] == filtered["headline"]["contacts"] < g.history.conversations
    assert cards["automation_rate"][0] == pytest.approx(filtered["headline"]["automation_rate"])

    # the breakdown table switches slices
    page.select_option("#breakdown-by", "queue")
    assert page.locator("#breakdown tr[data-label=payments]").count() == 1

    # CSV export downloads the same figures
    with page.expect_download() as info:
        page.click("#export")
    text = Path(info.value.path()).read_text(encoding="utf-8")
    assert text.startswith("section,dimension,label,metric,value")
    assert f"headline,,,contacts,{float(filtered['headline']['contacts'])}" in text
    page.close()


@pytest.mark.browser
def test_dashboard_asks_for_a_token_and_refuses_a_customers(
    live: tuple[str, str, Generated], browser: Browser
) -> None:
    base, _, g = live
    with g.db.writer() as session:
        customer = issue_token(session, SettableClock(datetime.now(UTC)), "customer", "C-none")
        session.commit()
    page = browser.new_page()
    page.goto(f"{base}/dashboard")
    assert page.locator("#signin").is_visible()
    page.fill("#token", customer)
    page.click("#signin-form button")
    page.wait_for_selector("#signin-error:has-text('not a staff token')", timeout=10000)
    assert not page.locator("#dashboard").is_visible()
    page.close()
