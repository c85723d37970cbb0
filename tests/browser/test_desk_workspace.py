"""In a real browser at 1,024 px: an agent of the financial-support team works a hardship
conversation end to end (claim, a record action confirmed from its preview and undone, a rule
refusing bad parameters, a hardship arrangement, an internal note, a macro, closing the case
with an outcome, release with the assistant answering the question asked meanwhile), transfers
another conversation, and axe-core finds no serious or critical violation on the desk."""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, Page, ViewportSize, expect

from tests.desk.conftest import PASSWORD, Desk
from tests.desk.live import serve

pytestmark = pytest.mark.browser
WAIT_MS = 10_000
VIEWPORT: ViewportSize = {"width": 1024, "height": 768}
AXE = Path(__file__).resolve().parent / "vendor" / "axe.min.js"
#: Set to a file path to keep a screenshot of the desk at 1,024 px (to look at the layout).
SCREENSHOT = os.environ.get("RIDGELINE_DESK_SCREENSHOT")


def sign_in(page: Page, base: str, email: str) -> None:
    """Sign an agent in on the console."""
    page.goto(f"{base}/desk")
    page.fill("#email", email)
    page.fill("#password", PASSWORD)
    page.click("#signin-button")
    expect(page.locator("#console")).to_be_visible(timeout=WAIT_MS)
    expect(page.locator("#me")).not_to_be_empty()


def serious_violations(page: Page) -> list[dict[str, Any]]:
    """Run axe-core (WCAG 2.2 A and AA rules) on the page; return serious and critical findings."""
    page.add_script_tag(path=str(AXE))
    found: list[dict[str, Any]] = page.evaluate(
        """async () => {
          const result = await axe.run(document, { runOnly: { type: "tag",
            values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"] } });
          return result.violations.map((v) => ({ id: v.id, impact: v.impact,
            nodes: v.nodes.map((n) => n.target.join(" ")).slice(0, 5) }));
        }"""
    )
    return [v for v in found if v["impact"] in ("serious", "critical")]


def customer_says(desk: Desk, conversation: str, text: str) -> int:
    """Send a customer message through the chat API; return the status code."""
    response = desk.client.post(
        f"/api/v1/conversations/{conversation}/messages",
        json={"text": text},
        headers=desk.bearer(desk.customer_token("C1")),
    )
    status: int = response.status_code
    return status


def confirm(page: Page, preview_text: str) -> None:
    """Check the confirmation's preview, then confirm."""
    dialog = page.locator("#confirm")
    expect(dialog).to_be_visible(timeout=WAIT_MS)
    expect(dialog.locator("#confirm-preview")).to_contain_text(preview_text, timeout=WAIT_MS)
    expect(page.locator("#confirm-ok")).to_be_enabled()
    page.click("#confirm-ok")
    expect(dialog).to_be_hidden(timeout=WAIT_MS)


def test_an_agent_works_a_hardship_conversation_end_to_end_at_1024_px(
    desk_fr: Desk, browser: Browser
) -> None:
    desk = desk_fr
    desk.agent("ana@lender.example", name="Ana", sign_in=False)
    conversation = desk.handed_over("C1", "J'ai perdu mon emploi et je ne peux plus payer", "fr-FR")
    assert customer_says(desk, conversation, "Je suis vraiment inquiète") == 202
    context = browser.new_context(viewport=VIEWPORT)
    try:
        with serve(desk.app) as base:
            page = context.new_page()
            sign_in(page, base, "ana@lender.example")
            item = page.locator(f"#queue li[data-id='{conversation}']")
            expect(item).to_contain_text("Je suis vraiment inquiète", timeout=WAIT_MS)
            expect(item.locator(".badge")).to_have_text("high")
            expect(item.locator(".timer")).to_contain_text("waiting")
            item.locator("button.claim").click()
            expect(page.locator("#orders")).to_contain_text("O-C1", timeout=WAIT_MS)
            expect(page.locator("#release")).to_be_enabled(timeout=WAIT_MS)
            order = page.locator("#orders .order[data-id='O-C1']")

            # a record action, confirmed from its preview, then undone
            order.locator("button", has_text="Pause").click()
            confirm(page, "Plan: active → paused")
            expect(page.locator("#flash")).to_contain_text("Paused the plan", timeout=WAIT_MS)
            expect(order).to_contain_text("paused", timeout=WAIT_MS)
            expect(page.locator("#audit")).to_contain_text("plan.paused", timeout=WAIT_MS)
            page.locator("#flash button.undo").click()
            expect(page.locator("#flash")).to_contain_text("Undone", timeout=WAIT_MS)
            expect(page.locator("#orders .order[data-id='O-C1'] p").first).to_contain_text(
                "active", timeout=WAIT_MS
            )

            # bad input: a pause longer than the policy allows is refused, nothing changes
            page.locator("#orders .order[data-id='O-C1'] button", has_text="Hardship").click()
            expect(page.locator("#confirm")).to_be_visible(timeout=WAIT_MS)
            expect(page.locator("#confirm-ok")).to_be_enabled(timeout=WAIT_MS)
            page.fill("#p-days", "90")
            expect(page.locator("#confirm-error")).to_contain_text(
                "at most 60 days", timeout=WAIT_MS
            )
            expect(page.locator("#confirm-ok")).to_be_disabled()
            assert serious_violations(page) == []  # the dialog open, with its refusal
            page.click("#confirm-cancel")
            expect(page.locator("#confirm")).to_be_hidden()
            assert "hardship" not in page.locator("#audit").inner_text()

            # a hardship arrangement: a 30-day pause of every unpaid instalment
            page.locator("#orders .order[data-id='O-C1'] button", has_text="Hardship").click()
            expect(page.locator("#confirm-ok")).to_be_enabled(timeout=WAIT_MS)
            page.fill("#p-days", "30")
            expect(page.locator("#confirm-preview table.schedule")).to_contain_text(
                "2026-04-19", timeout=WAIT_MS
            )
            confirm(page, "due 2026-03-20 → 2026-04-19")
            expect(page.locator("#flash")).to_contain_text(
                "Hardship arrangement on order O-C1", timeout=WAIT_MS
            )
            expect(page.locator("#orders")).to_contain_text("2026-04-19", timeout=WAIT_MS)

            # an internal note, by keyboard
            page.keyboard.press("Alt+KeyI")
            expect(page.locator("#note")).to_be_focused()
            page.keyboard.type("Pause de 30 jours accordée; rappeler dans 3 semaines")
            page.keyboard.press("Control+Enter")
            expect(page.locator("#notes")).to_contain_text("Pause de 30 jours", timeout=WAIT_MS)

            # a macro filled from the records, in French, then sent
            page.select_option("#macro", "arrangement_done")
            page.click("#macro-insert")
            expect(page.locator("#reply")).to_have_value(
                re.compile(
                    r"^J'ai modifié l'échéancier de votre commande .+ 30,00.€, à régler le "
                    r"19 avril 2026\.$"
                ),
                timeout=WAIT_MS,
            )
            page.click("#reply-send")
            expect(page.locator("#transcript .message.agent")).to_contain_text(
                "19 avril 2026", timeout=WAIT_MS
            )

            # bad input: a macro with an unknown placeholder is refused and not saved
            before = page.locator("#macro option").count()
            page.click("#macro-new")
            page.fill("#macro-name", "Solde")
            page.fill("#macro-text-en", "You still owe {balance}.")
            page.click("#macro-save")
            expect(page.locator("#macro-error")).to_contain_text(
                "unknown placeholder {balance}", timeout=WAIT_MS
            )
            page.keyboard.press("Escape")
            expect(page.locator("#macro-dialog")).to_be_hidden()
            assert page.locator("#macro option").count() == before

            # the case closed with its outcome
            case = page.locator("#cases li", has_text="financial difficulty")
            case.locator("button", has_text="Close case").click()
            page.select_option("#p-outcome", "arrangement_agreed")
            confirm(page, "open → closed, arrangement agreed")
            expect(page.locator("#cases")).to_contain_text(
                "closed (arrangement agreed)", timeout=WAIT_MS
            )

            if SCREENSHOT:
                page.screenshot(path=SCREENSHOT)
            assert serious_violations(page) == []

            # the customer asks while Ana holds the chat; on release the assistant answers
            assert customer_says(desk, conversation, "Quand est mon prochain paiement ?") == 202
            expect(page.locator("#transcript .message.customer").last).to_contain_text(
                "Quand est mon prochain paiement", timeout=WAIT_MS
            )
            answers = page.locator("#transcript .message.assistant").count()
            page.keyboard.press("Alt+KeyR")
            expect(page.locator("#transcript .message.assistant")).to_have_count(
                answers + 1, timeout=WAIT_MS
            )
            expect(page.locator("#transcript li").last).to_have_class("message assistant")
        stored = desk.get(f"/api/v1/conversations/{conversation}", desk.customer_token()).json()
        texts = [m["text"] for m in stored["messages"]]
        assert texts.count("Quand est mon prochain paiement ?") == 1
        assert stored["state"] == "assistant"
        assert not any("rappeler" in t for t in texts)  # the note never reaches the customer
    finally:
        context.close()


def test_an_agent_transfers_a_conversation_to_another_queue_with_a_note(
    desk_fr: Desk, browser: Browser
) -> None:
    desk = desk_fr
    desk.agent("ana@lender.example", name="Ana", sign_in=False)
    conversation = desk.handed_over("C1", "Je veux parler à une personne", "fr-FR")
    context = browser.new_context(viewport=VIEWPORT)
    try:
        with serve(desk.app) as base:
            page = context.new_page()
            sign_in(page, base, "ana@lender.example")
            item = page.locator(f"#queue li[data-id='{conversation}']")
            expect(item).to_be_visible(timeout=WAIT_MS)
            expect(item.locator(".badge")).to_have_text("normal")
            expect(page).to_have_title("(1) Ridgeline desk")
            page.click("#alerts")  # sound and browser notification for new conversations
            expect(page.locator("#alerts")).to_have_attribute("aria-pressed", "true")
            desk.handed_over("C1", "Je veux parler à une personne", "fr-FR")  # a new one arrives
            expect(page).to_have_title("(2) Ridgeline desk", timeout=WAIT_MS)
            expect(page.locator("body")).to_have_attribute("data-alerts", "1")
            page.keyboard.press("Alt+KeyN")  # take the next conversation
            expect(page.locator("#handoff-title")).to_contain_text(conversation, timeout=WAIT_MS)
            expect(page.locator("#transfer")).to_be_enabled(timeout=WAIT_MS)
            page.keyboard.press("Alt+KeyT")
            expect(page.locator("#transfer-dialog")).to_be_visible()
            page.select_option("#transfer-queue", "payments")
            page.click("#transfer-ok")
            expect(page.locator("#transfer-error")).to_contain_text("note", timeout=WAIT_MS)
            page.fill("#transfer-note", "Double prélèvement sur O-C1, à vérifier")
            page.click("#transfer-ok")
            expect(page.locator("#transfer-dialog")).to_be_hidden(timeout=WAIT_MS)
            expect(page.locator("#flash")).to_contain_text("transferred to payments")
            expect(page.locator("#notes")).to_contain_text("Double prélèvement")
            expect(page.locator("#mine")).to_contain_text("You hold no conversation")
            expect(page).to_have_title("(1) Ridgeline desk", timeout=WAIT_MS)  # Ana's queues
            expect(page.locator("#past li")).to_have_count(2, timeout=WAIT_MS)  # C1's chats

            page.locator("#transcript").click()
            page.keyboard.press("/")  # search customers and conversations
            expect(page.locator("#search")).to_be_focused()
            page.keyboard.type("personne")
            page.keyboard.press("Enter")
            results = page.locator("#search-results")
            expect(results).to_be_visible(timeout=WAIT_MS)
            expect(results).to_contain_text("Conversations (2)")
            page.locator("#search").fill("c1@example")
            page.keyboard.press("Enter")
            expect(results).to_contain_text("Customers (1)", timeout=WAIT_MS)
            expect(results).to_contain_text("Customer C1")
            assert serious_violations(page) == []
        stored = desk.get(f"/api/v1/conversations/{conversation}", desk.customer_token()).json()
        assert stored["state"] == "waiting_for_human"
        assert stored["handoff"]["queue"] == "payments"
        assert "collègue" in stored["messages"][-1]["text"]
    finally:
        context.close()
