"""In a real browser, a supervisor reads the operations dashboard at a glance: the figures of
`ridgeline report`, each in one unit, neutral marks for what did not move, filters kept in the
address (reload, back and forward), a wrong-way-round period refused in the page with nothing
changed, a CSV named and headed by its period and filters, and the live panel following the
desk without a reload; axe-core finds no serious or critical violation on the way."""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from playwright.sync_api import Browser, Page, Request, expect
from typer.testing import CliRunner

from ridgeline.analytics.units import FIGURES
from ridgeline.auth.service import issue_token
from ridgeline.cli.main import app as cli
from tests.analytics.conftest import Generated, build
from tests.browser.axe import violations
from tests.conftest import ADMIN_TOKEN
from tests.desk.conftest import Desk, build_app, load_records
from tests.desk.live import serve
from tests.factories import NOW

pytestmark = pytest.mark.browser
WAIT_MS = 15_000
LIVE_MS = 20_000  # the panel asks every five seconds


@dataclass
class Site:
    """A served sandbox app over a month of history up to the day before the sandbox's now."""

    base: str
    token: str  # a supervisor's
    desk: Desk
    data: Generated


@pytest.fixture(scope="module")
def site(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Site]:
    data = build(request, tmp_path_factory.mktemp("dashboard"), NOW)
    app = build_app(data.db.url)
    with TestClient(app) as client:
        load_records(client, "C1", "C2")  # sets the sandbox clock to NOW
        c = app.state.container
        with c.db.writer() as session:
            token = issue_token(session, c.clock, "supervisor", "S1")
            session.commit()
        with serve(app) as base:
            yield Site(base, token, Desk(app, client), data)
    app.state.container.db.dispose()
    data.db.dispose()


def report(url: str, first: str, last: str, *extra: str) -> dict[str, Any]:
    args = ["report", "--json", "--database-url", url, "--from", first, "--to", last, *extra]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 0, result.output
    out: dict[str, Any] = json.loads(result.output)
    return out


def open_page(browser: Browser, url: str) -> Page:
    page = browser.new_page(viewport={"width": 1280, "height": 900}, locale="en-GB")
    page.goto(url)
    return page


def loaded(page: Page) -> None:
    page.wait_for_selector("body[data-loaded=true]", timeout=WAIT_MS)


def apply(page: Page) -> None:
    page.evaluate("document.body.dataset.loaded = 'false'")
    page.click("#apply")
    loaded(page)


def card(page: Page, key: str) -> dict[str, str]:
    found = page.locator(f".card[data-metric={key}]")
    trend = found.locator(".trend")
    return {
        "value": found.locator(".value").inner_text(),
        "raw": found.get_attribute("data-value") or "",
        "trend": trend.inner_text(),
        "class": trend.get_attribute("class") or "",
        "direction": trend.get_attribute("data-direction") or "",
    }


def blocking(page: Page) -> list[dict[str, Any]]:
    return violations(page)


def test_the_figures_are_the_reports_in_one_unit_each_with_neutral_marks(
    site: Site, browser: Browser
) -> None:
    # the last two weeks, so the previous two weeks hold figures to compare with
    first = (NOW - timedelta(days=14)).date().isoformat()
    last = (NOW - timedelta(days=1)).date().isoformat()
    page = open_page(browser, f"{site.base}/dashboard?token={site.token}&from={first}&to={last}")
    loaded(page)
    assert "token=" not in page.url  # the token moved to sessionStorage
    printed = report(site.data.db.url, first, last)
    order: list[str] = page.eval_on_selector_all(".card", "ns => ns.map((n) => n.dataset.metric)")
    assert order == [k for k in FIGURES if k in printed["headline"]]  # contacts first
    for key, value in printed["headline"].items():
        raw = card(page, key)["raw"]
        assert (None if raw == "null" else float(raw)) == pytest.approx(value, rel=1e-12), key

    # one unit per figure: the value, the earlier value and the chart's labels say the same unit
    for key in ("time_to_human_p50_s", "time_to_resolution_p90_s"):
        shown = card(page, key)
        assert shown["value"].endswith("min"), shown
        assert re.search(r"\d min", shown["trend"]), shown
    for key in ("cost_per_contact", "cost_per_resolved_contact"):
        assert card(page, key)["value"].startswith("US$") or card(page, key)["value"][0] == "$"
        minor = printed["headline"][key]
        assert f"{minor / 100:.2f}" in card(page, key)["value"]  # major units
    assert card(page, "automation_rate")["value"].endswith("%")
    labels: list[str] = page.eval_on_selector_all(
        "[data-series=time_to_human_p50_s] svg text", "nodes => nodes.map((n) => n.textContent)"
    )
    assert all(t.endswith("min") for t in labels[:2]), labels
    assert "seconds" not in page.locator("#cards").inner_text()

    # a move is marked with words, and coloured only when it is better or worse
    for key in printed["headline"]:
        shown = card(page, key)
        if shown["direction"] == "same":
            assert "neutral" in shown["class"] and "▲" not in shown["trend"], shown
        if "better" in shown["class"] or "worse" in shown["class"]:
            assert shown["direction"] in ("up", "down")
            assert shown["trend"].endswith(("better", "worse"))
    assert "neutral" in card(page, "contacts")["class"]  # more contacts is neither

    # a market with no contacts in either period: equal values get the neutral "="
    page.goto(f"{site.base}/dashboard?from={first}&to={last}&market=ZZ")
    loaded(page)
    contacts = card(page, "contacts")
    assert contacts["direction"] == "same"
    assert contacts["trend"].startswith("=") and "unchanged" in contacts["trend"]
    assert "better" not in contacts["class"] and "worse" not in contacts["class"]
    assert blocking(page) == []
    page.close()


def test_filters_live_in_the_address_through_reload_back_and_forward(
    site: Site, browser: Browser
) -> None:
    page = open_page(browser, f"{site.base}/dashboard?token={site.token}")
    loaded(page)
    everyone = card(page, "contacts")["raw"]
    assert float(everyone) == site.data.history.conversations
    first, last = page.input_value("#from"), page.input_value("#to")
    markets = page.locator("#market option").all_inner_texts()
    assert "Sweden (SE)" in markets  # readable names, code beside

    page.select_option("#market", "SE")
    apply(page)
    assert "market=SE" in page.url and f"from={first}" in page.url
    sweden = card(page, "contacts")["raw"]
    printed = report(site.data.db.url, first, last, "--market", "SE")
    assert float(sweden) == printed["headline"]["contacts"] < float(everyone)

    page.select_option("#breakdown-by", "queue")
    expect(page.locator("#breakdown tbody tr[data-label=payments] th")).to_have_text("Payments")
    assert "by=queue" in page.url

    page.evaluate("document.body.dataset.loaded = 'false'")
    page.reload()
    loaded(page)
    assert page.input_value("#market") == "SE"
    assert page.input_value("#breakdown-by") == "queue"
    assert card(page, "contacts")["raw"] == sweden

    shorter = (NOW - timedelta(days=7)).date().isoformat()
    page.fill("#from", shorter)
    apply(page)
    assert f"from={shorter}" in page.url
    week = card(page, "contacts")["raw"]
    assert float(week) < float(sweden)

    page.evaluate("document.body.dataset.loaded = 'false'")
    page.go_back()
    loaded(page)
    assert page.input_value("#from") == first and page.input_value("#market") == "SE"
    assert card(page, "contacts")["raw"] == sweden
    page.evaluate("document.body.dataset.loaded = 'false'")
    page.go_forward()
    loaded(page)
    assert page.input_value("#from") == shorter
    assert card(page, "contacts")["raw"] == week
    page.close()


def test_a_period_the_wrong_way_round_is_refused_in_the_page_and_changes_nothing(
    site: Site, browser: Browser
) -> None:
    page = open_page(browser, f"{site.base}/dashboard?token={site.token}")
    loaded(page)
    before = {"url": page.url, "contacts": card(page, "contacts"), "period": ""}
    before["period"] = page.inner_text("#period")
    asked: list[str] = []

    def note(req: Request) -> None:
        if "/api/v1/metrics?" in req.url:
            asked.append(req.url)

    page.on("request", note)
    first, last = page.input_value("#from"), page.input_value("#to")
    page.fill("#from", last)
    page.fill("#to", first)
    page.click("#apply")
    error = page.locator("#filters-error")
    expect(error).to_contain_text("wrong way round", timeout=WAIT_MS)
    expect(error).to_contain_text(f"“From” ({last}) is after “To” ({first})")
    expect(error).to_contain_text("Nothing was changed")
    expect(page.locator("#from")).to_have_attribute("aria-invalid", "true")
    expect(page.locator("#from")).to_be_focused()
    assert error.get_attribute("role") == "alert"
    assert "server answered" not in error.inner_text()
    assert asked == [] and page.url == before["url"]
    assert card(page, "contacts") == before["contacts"]
    assert page.inner_text("#period") == before["period"]
    assert blocking(page) == []  # the refusal state too

    # the dates put right, the message goes
    page.fill("#from", first)
    page.fill("#to", last)
    apply(page)
    expect(error).to_be_empty()
    expect(page.locator("#from")).not_to_have_attribute("aria-invalid", "true")

    # an address the wrong way round: the same message, no figures asked for
    fresh = open_page(browser, f"{site.base}/dashboard?token={site.token}&from={last}&to={first}")
    expect(fresh.locator("#filters-error")).to_contain_text("wrong way round", timeout=WAIT_MS)
    assert fresh.locator("#cards .card").count() == 0
    fresh.close()
    page.close()


def test_the_csv_is_named_and_headed_by_its_period_and_filters(
    site: Site, browser: Browser
) -> None:
    page = open_page(browser, f"{site.base}/dashboard?token={site.token}&market=SE")
    loaded(page)
    first, last = page.input_value("#from"), page.input_value("#to")
    with page.expect_download() as info:
        page.click("#export")
    download = info.value
    assert download.suggested_filename == (
        f"ridgeline-figures_{first}_{last}_market-SE_all-languages.csv"
    )
    text = Path(download.path()).read_text(encoding="utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0] == ["Ridgeline service figures"]
    assert ["From", first] in rows and ["To", last] in rows
    assert ["Market", "Sweden (SE)"] in rows and ["Currency", "USD"] in rows
    start = rows.index([]) + 1
    figures = [dict(zip(rows[start], row, strict=True)) for row in rows[start + 1 :]]
    cost = next(
        r for r in figures if r["Section"] == "This period" and r["Figure"] == "Cost per contact"
    )
    assert cost["Unit"] == "USD"
    assert cost["Value"] in card(page, "cost_per_contact")["value"]  # the screen's major units
    expect(page.locator("#status")).to_contain_text(download.suggested_filename)
    page.close()


def test_the_live_panel_follows_the_desk_without_a_reload(site: Site, browser: Browser) -> None:
    page = open_page(browser, f"{site.base}/dashboard?token={site.token}")
    loaded(page)
    live = page.locator("#live")
    waiting = live.locator("[data-live=waiting_customers] dd")
    expect(waiting).to_have_text("0", timeout=LIVE_MS)
    expect(live.locator("[data-live=oldest_wait] dd")).to_have_text("nobody waiting")
    page.evaluate("window.sameDocument = true")

    site.desk.agent("ana@lender.example", name="Ana", capacity=3)
    site.desk.handed_over("C1")
    site.desk.handed_over("C2", "My husband died and I cannot cope")
    expect(waiting).to_have_text("2", timeout=LIVE_MS)
    expect(live.locator("[data-live=agents_online] dd")).to_have_text("1", timeout=LIVE_MS)
    general = live.locator("#live-queues tr[data-queue=general]")
    expect(general.locator("th")).to_have_text("General")
    expect(general.locator("td").first).to_have_text("1")
    support = live.locator("#live-queues tr[data-queue=financial_support]")
    expect(support.locator("td").nth(1)).to_have_text("1")  # high priority
    expect(live.locator("[data-live=oldest_wait] dd")).to_contain_text("min")
    expect(page.locator("#live-status")).to_contain_text("Updated at")
    assert page.evaluate("window.sameDocument") is True  # no reload happened
    assert blocking(page) == []
    page.close()


def test_the_page_speaks_french_and_asks_for_a_staff_token(site: Site, browser: Browser) -> None:
    page = open_page(browser, f"{site.base}/dashboard?lang=fr")
    expect(page.locator("#signin")).to_be_visible()
    assert page.get_attribute("html", "lang") == "fr"
    assert blocking(page) == []  # the sign-in form
    with site.desk.app.state.container.db.writer() as session:
        customer = issue_token(session, site.desk.app.state.container.clock, "customer", "C1")
        session.commit()
    page.fill("#token", customer)
    page.click("#signin-open")
    expect(page.locator("#signin-error")).to_have_text("Ce jeton n'est pas un jeton du personnel.")
    page.fill("#token", ADMIN_TOKEN)
    page.click("#signin-open")
    loaded(page)
    expect(page.locator(".card[data-metric=contacts] .label")).to_have_text("Nombre de contacts")
    expect(page.locator("#live-title")).to_have_text("En ce moment")
    assert "lang=fr" in page.url
    assert blocking(page) == []
    page.close()
