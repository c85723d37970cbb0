"""In a real browser: a French customer asks for a person, an agent signs in, claims, sees the
summary and the records, replies; the customer's page shows it live; after release the
assistant answers again. And the embeddable bubble opens the chat."""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.desk.conftest import PASSWORD, Desk
from tests.desk.live import serve

pytestmark = pytest.mark.browser
WAIT_MS = 10_000


def sign_in(page: Page, base: str, email: str) -> None:
    """Sign an agent in on the console."""
    page.goto(f"{base}/desk")
    page.fill("#email", email)
    page.fill("#password", PASSWORD)
    page.click("#signin-button")
    expect(page.locator("#console")).to_be_visible(timeout=WAIT_MS)
    expect(page.locator("#signin")).to_be_hidden()
    expect(page.locator("#me")).not_to_be_empty()


def test_french_customer_gets_a_person_who_replies_live_then_the_assistant_returns(
    desk_fr: Desk, browser: Browser
) -> None:
    desk = desk_fr
    token = desk.customer_token("C1")
    agent_id, _ = desk.agent("ana@lender.example", name="Ana", sign_in=False)
    customer_ctx, agent_ctx = browser.new_context(), browser.new_context()
    try:
        with serve(desk.app) as base:
            chat = customer_ctx.new_page()
            chat.goto(f"{base}/chat?token={token}&locale=fr-FR")
            expect(chat.locator("#disclosure")).to_contain_text("assistant IA")
            expect(chat.locator("#human")).to_be_visible()
            expect(chat.locator(".message.assistant").first).to_be_visible(timeout=WAIT_MS)
            chat.evaluate("window.__notReloaded = true")
            chat.click("#human")
            expect(chat.locator("body")).to_have_attribute(
                "data-state", "waiting_for_human", timeout=WAIT_MS
            )
            expect(chat.locator(".message.customer .text")).to_have_text(
                ["Je veux parler à une personne"]
            )
            conversation = chat.locator("body").get_attribute("data-conversation")
            assert conversation
            summary = desk.get(f"/api/v1/conversations/{conversation}", token).json()["handoff"][
                "summary"
            ]

            console = agent_ctx.new_page()
            sign_in(console, base, "ana@lender.example")
            item = console.locator(f"#queue li[data-id='{conversation}']")
            expect(item).to_contain_text(summary, timeout=WAIT_MS)
            item.locator("button.claim").click()
            expect(console.locator(".handoff-summary")).to_have_text(summary, timeout=WAIT_MS)
            expect(console.locator("#orders")).to_contain_text("O-C1", timeout=WAIT_MS)
            expect(console.locator("#audit")).to_contain_text("conversation.claimed")
            console.locator("#orders .order[data-id='O-C1'] button", has_text="Pause").click()
            expect(console.locator("#confirm-ok")).to_be_enabled(timeout=WAIT_MS)
            console.click("#confirm-ok")  # the action is confirmed from its preview
            expect(console.locator("#audit")).to_contain_text(
                f"agent {agent_id} · plan.paused", timeout=WAIT_MS
            )
            expect(console.locator("#orders")).to_contain_text("paused")
            expect(chat.locator(".message.system")).to_contain_text("Ana", timeout=WAIT_MS)
            expect(chat.locator("body")).to_have_attribute("data-state", "with_human")

            console.fill("#reply", "Bonjour, je suis Ana. Je regarde votre commande.")
            console.click("#reply-send")
            expect(chat.locator(".message.agent .text")).to_have_text(
                "Bonjour, je suis Ana. Je regarde votre commande.", timeout=WAIT_MS
            )
            assert chat.evaluate("window.__notReloaded") is True

            console.click("#release")
            expect(chat.locator("body")).to_have_attribute(
                "data-state", "assistant", timeout=WAIT_MS
            )
            answers = chat.locator(".message.assistant").count()
            chat.fill("#text", "Quand est mon prochain paiement ?")
            chat.click("#send")
            expect(chat.locator(".message.assistant")).to_have_count(answers + 1, timeout=WAIT_MS)
            last = chat.locator(".messages li").last
            expect(last).to_have_class("message assistant")
            assert chat.evaluate("window.__notReloaded") is True
    finally:
        customer_ctx.close()
        agent_ctx.close()


def test_the_embed_snippet_opens_the_chat_in_a_bubble(desk_fr: Desk, browser: Browser) -> None:
    token = desk_fr.customer_token("C1")
    context = browser.new_context()
    try:
        with serve(desk_fr.app) as base:
            page = context.new_page()
            page.goto(f"{base}/healthz")  # any page of the same origin hosts the snippet
            page.set_content(
                f'<html><body><h1>Shop</h1><script src="{base}/embed.js" '
                f'data-token="{token}" data-locale="fr-FR"></script></body></html>'
            )
            bubble = page.locator("#ridgeline-bubble")
            expect(bubble.locator("svg")).to_have_count(1)  # an icon that renders everywhere
            expect(bubble).to_have_attribute("aria-expanded", "false")
            bubble.focus()
            page.keyboard.press("Enter")
            frame = page.frame_locator("#ridgeline-chat")
            expect(frame.locator("#disclosure")).to_contain_text("assistant IA", timeout=WAIT_MS)
            expect(frame.locator(".message.assistant").first).to_be_visible(timeout=WAIT_MS)
            expect(bubble).to_have_attribute("aria-expanded", "true")
            # The focus moves into the panel; Esc there closes it and gives the focus back.
            expect(frame.locator("#text")).to_be_focused(timeout=WAIT_MS)
            page.keyboard.press("Escape")
            expect(page.locator("#ridgeline-panel")).to_be_hidden(timeout=WAIT_MS)
            expect(bubble).to_be_focused()
            expect(bubble).to_have_attribute("aria-expanded", "false")
            # Opened again with a click, Esc on the site closes it as well.
            bubble.click()
            expect(page.locator("#ridgeline-panel")).to_be_visible()
            expect(frame.locator("#text")).to_be_focused(timeout=WAIT_MS)
            page.locator("h1").click()
            page.keyboard.press("Escape")
            expect(page.locator("#ridgeline-panel")).to_be_hidden(timeout=WAIT_MS)
            expect(bubble).to_be_focused()
    finally:
        context.close()


def test_a_closed_chat_asks_for_satisfaction_and_a_supervisor_reassigns(
    desk_fr: Desk, browser: Browser
) -> None:
    desk = desk_fr
    token = desk.customer_token("C1")
    ana_id, _ = desk.agent("ana@lender.example", name="Ana")  # signing in sets her online
    desk.agent("sam@lender.example", name="Sam", role="supervisor", skills=("complaints",))
    conversation = desk.handed_over("C1", "Je veux parler à une personne", "fr-FR")
    customer_ctx, boss_ctx, agent_ctx = (browser.new_context() for _ in range(3))
    try:
        with serve(desk.app) as base:
            boss = boss_ctx.new_page()
            sign_in(boss, base, "sam@lender.example")
            boss.goto(f"{base}/desk?conversation={conversation}")
            expect(boss.locator("#reassign")).to_be_visible(timeout=WAIT_MS)
            expect(boss.locator("#assignee option")).to_have_count(3, timeout=WAIT_MS)
            boss.select_option("#assignee", ana_id)
            boss.click("#assign")
            expect(boss.locator("#flash")).to_have_text(f"assigned to {ana_id}", timeout=WAIT_MS)

            chat = customer_ctx.new_page()
            chat.goto(f"{base}/chat?token={token}&conversation={conversation}")
            expect(chat.locator("body")).to_have_attribute(
                "data-state", "with_human", timeout=WAIT_MS
            )
            expect(chat.locator("#csat")).to_be_hidden()

            console = agent_ctx.new_page()
            sign_in(console, base, "ana@lender.example")
            console.locator(f"#mine li[data-id='{conversation}'] button.open").click()
            expect(console.locator("#close")).to_be_enabled(timeout=WAIT_MS)
            console.click("#close")
            expect(chat.locator("#csat")).to_be_visible(timeout=WAIT_MS)
            expect(chat.locator("#text")).to_be_disabled()
            chat.locator("#csat label.score", has_text="Very good").click()
            chat.click("#csat-send")
            expect(chat.locator("#csat-thanks")).to_be_visible(timeout=WAIT_MS)
        stored = desk.get(f"/api/v1/conversations/{conversation}", token).json()
        assert stored["state"] == "closed"
        assert stored["csat"] == 5
    finally:
        for context in (customer_ctx, boss_ctx, agent_ctx):
            context.close()


def test_an_unreadable_message_still_gets_its_answer_on_the_page(
    desk_fr: Desk, browser: Browser
) -> None:
    token = desk_fr.customer_token("C1")
    context = browser.new_context()
    try:
        with serve(desk_fr.app) as base:
            chat = context.new_page()
            chat.goto(f"{base}/chat?token={token}&locale=fr-FR")
            expect(chat.locator(".message.assistant")).to_have_count(1, timeout=WAIT_MS)
            chat.fill("#text", "p\u0430iement")  # a Cyrillic letter inside a Latin word
            chat.click("#send")
            expect(chat.locator(".message.assistant.unstored")).to_have_count(1, timeout=WAIT_MS)
            expect(chat.locator(".message.customer")).to_have_count(0)
    finally:
        context.close()
