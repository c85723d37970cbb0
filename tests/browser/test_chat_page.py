"""In a real browser, the customer's chat page: quick replies for a clarifying question and a
yes/no question, who said what and when, the waiting room (position, expected wait, a message
acknowledged, the person who joins by name), files (a PNG taken; a program and an 11 MB file
refused, nothing stored), the rating with a comment after close and a new conversation, a bad
or expired token; axe-core finds no serious or critical WCAG 2.2 AA violation on the way."""

from __future__ import annotations

import base64
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from playwright.sync_api import Browser, FilePayload, Page, expect
from sqlalchemy import delete, select

from ridgeline.auth.models import ApiToken
from ridgeline.auth.service import hash_token
from ridgeline.conversations.models import Conversation
from tests.browser.axe import violations
from tests.chat.conftest import RETURNED, UNSURE, Chat, build_chat_app
from tests.desk.conftest import load_records
from tests.desk.live import serve

pytestmark = pytest.mark.browser
WAIT_MS = 10_000
BASE = "/api/v1/conversations"
SHOTS = Path(__file__).resolve().parents[2] / "var" / "screenshots"
# A real 1 x 1 PNG image.
PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=="
)


@pytest.fixture
def chat_gb(database_url: str) -> Iterator[Chat]:
    """Return the chat helpers on a sandbox app with customers C1, C2, C3 (GB)."""
    app = build_chat_app(database_url)
    with TestClient(app) as client:
        load_records(client, "C1", "C2", "C3")
        yield Chat(app, client)
    app.state.container.db.dispose()


def no_blocking_violations(page: Page, where: str) -> None:
    """Fail on any serious or critical axe-core violation of the page as it is now."""
    found = violations(page)
    assert found == [], f"{where}: {found}"


def shot(page: Page, name: str) -> None:
    """Keep a screenshot of the page under var/screenshots (for a person to look at)."""
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"))


def open_chat(page: Page, base: str, token: str, locale: str = "en-GB") -> None:
    """Open the chat page and wait for the assistant's first message."""
    page.goto(f"{base}/chat?token={token}&locale={locale}")
    expect(page.locator(".message.assistant").first).to_be_visible(timeout=WAIT_MS)


def write(page: Page, text: str) -> None:
    """Type a message and send it with the keyboard."""
    page.locator("#text").fill(text)
    page.locator("#text").press("Enter")


def test_quick_replies_then_the_waiting_room_then_a_person_joins(
    chat_gb: Chat, browser: Browser
) -> None:
    chat = chat_gb
    _, agent = chat.agent("ana@lender.example", name="Ana Costa", capacity=2)  # online
    ahead, _ = chat.waiting_for_person("C2")  # someone is already waiting
    token = chat.customer_token("C1")
    context = browser.new_context(viewport={"width": 420, "height": 720})
    try:
        with serve(chat.app) as base:
            page = context.new_page()
            open_chat(page, base, token)
            no_blocking_violations(page, "a new chat")
            page.evaluate(
                """() => { window.__typing = false;
                new MutationObserver(() => { if (!document.getElementById('typing').hidden)
                  window.__typing = true; }).observe(document.getElementById('typing'),
                  { attributes: true }); }"""
            )

            # A clarifying question: its choices are buttons; a click sends the label.
            write(page, UNSURE)
            quick = page.locator("#quick button")
            expect(quick).to_have_text(
                ["When my next payment is", "See my payment schedule"], timeout=WAIT_MS
            )
            assert page.evaluate("window.__typing") is True  # the assistant was "writing"
            expect(page.locator("#typing")).to_be_hidden()
            shot(page, "chat-clarifying-question")
            no_blocking_violations(page, "a clarifying question")
            quick.first.click()
            expect(page.locator(".message.customer .text").last).to_have_text(
                "When my next payment is"
            )
            expect(page.locator(".message.assistant .text").last).to_contain_text(
                "Your next payment is", timeout=WAIT_MS
            )
            expect(page.locator("#quick")).to_be_hidden()

            # A yes/no question: two buttons, reached and pressed with the keyboard.
            write(page, RETURNED)
            expect(quick).to_have_text(["Yes", "No"], timeout=WAIT_MS)
            page.locator("#quick button", has_text="Yes").focus()
            page.keyboard.press("Enter")
            expect(page.locator(".message.customer .text").last).to_have_text("Yes")
            order = chat.get("/api/v1/orders/O-C1", token).json()
            for _ in range(50):
                if order["plan"]["status"] == "paused":
                    break
                page.wait_for_timeout(100)
                order = chat.get("/api/v1/orders/O-C1", token).json()
            assert order["plan"]["status"] == "paused"

            # Who said what, and when, on every message.
            items = page.locator(".messages li")
            expect(page.locator(".messages li time[datetime]")).to_have_count(items.count())
            expect(page.locator(".message.customer .who").first).to_have_text("You")
            expect(page.locator(".message.assistant .who").first).to_have_text("Assistant")

            # The waiting room: the place in line, the expected wait, who is online.
            page.click("#human")
            expect(page.locator("body")).to_have_attribute(
                "data-state", "waiting_for_human", timeout=WAIT_MS
            )
            expect(page.locator("#waiting")).to_be_visible(timeout=WAIT_MS)
            expect(page.locator("#waiting-position")).to_have_text(
                "You are number 2 in line.", timeout=WAIT_MS
            )
            expect(page.locator("#waiting-wait")).to_contain_text("Expected wait: ")
            expect(page.locator("#waiting-online")).to_have_text("People from our team online: 1.")
            expect(page.locator("#callback")).to_be_hidden()
            expect(page.locator("#human")).to_be_disabled()

            # A message sent while waiting is acknowledged.
            write(page, "Are you still there?")
            ack = page.locator(".message.system.ack")
            expect(ack).to_contain_text(
                "A person will see your message. You are number 2 in line;", timeout=WAIT_MS
            )
            expect(page.locator(".messages li").last).to_have_class(
                "message system ack unstored", timeout=WAIT_MS
            )
            shot(page, "chat-waiting-room")
            no_blocking_violations(page, "the waiting room")

            # The line moves: the one ahead is taken, the page says so without a reload.
            page.evaluate("window.__notReloaded = true")
            assert chat.post(f"/api/v1/desk/conversations/{ahead}/claim", agent).status_code == 200
            expect(page.locator("#waiting-position")).to_have_text(
                "You are number 1 in line.", timeout=WAIT_MS
            )

            # A person joins: shown by first name, distinctly; their messages carry it.
            conversation = page.locator("body").get_attribute("data-conversation")
            claimed = chat.post(f"/api/v1/desk/conversations/{conversation}/claim", agent)
            assert claimed.status_code == 200, claimed.text
            joined = page.locator(".message.joined")
            expect(joined).to_contain_text("Ana Costa from our team has joined", timeout=WAIT_MS)
            expect(joined.locator(".avatar")).to_have_text("A")
            expect(page.locator("#status")).to_have_text(
                "You are talking with Ana from our team.", timeout=WAIT_MS
            )
            expect(page.locator("#waiting")).to_be_hidden()
            chat.post(
                f"/api/v1/desk/conversations/{conversation}/messages",
                agent,
                {"text": "Hello, I'm looking at your order now."},
            )
            reply = page.locator(".message.agent").last
            expect(reply.locator(".text")).to_have_text(
                "Hello, I'm looking at your order now.", timeout=WAIT_MS
            )
            expect(reply.locator(".who")).to_have_text("Ana")
            assert page.evaluate("window.__notReloaded") is True
            no_blocking_violations(page, "with a person")
    finally:
        context.close()


def test_files_a_png_is_sent_a_program_and_a_big_file_are_refused(
    chat_gb: Chat, browser: Browser
) -> None:
    chat = chat_gb
    token = chat.customer_token("C1")
    context = browser.new_context()
    try:
        with serve(chat.app) as base:
            page = context.new_page()
            open_chat(page, base, token)
            conversation = page.locator("body").get_attribute("data-conversation")

            # The paperclip opens the file chooser from the keyboard.
            page.evaluate(
                """() => { window.__chooser = 0; document.getElementById('file')
                  .addEventListener('click', () => { window.__chooser += 1; }); }"""
            )
            page.locator("#attach").focus()
            page.keyboard.press("Enter")
            assert page.evaluate("window.__chooser") == 1
            page.set_input_files(
                "#file", files=[FilePayload(name="receipt.png", mimeType="image/png", buffer=PNG)]
            )
            sent = page.locator(".message.customer").last
            expect(sent.locator(".text")).to_have_text("receipt.png", timeout=WAIT_MS)
            expect(sent.locator("button.file")).to_have_attribute("aria-label", "Open receipt.png")
            expect(sent.locator("button.file img")).to_be_visible(timeout=WAIT_MS)
            expect(page.locator(".message.system").last).to_contain_text(
                "We have received receipt.png", timeout=WAIT_MS
            )
            listed = chat.get(f"{BASE}/{conversation}/attachments", token).json()
            assert [a["filename"] for a in listed] == ["receipt.png"]

            messages = page.locator(".messages li").count()
            page.set_input_files(
                "#file",
                files=[FilePayload(name="setup.exe", mimeType="application/x-msdownload",
                                   buffer=b"MZ\x90\x00" + bytes(256))],
            )  # fmt: skip
            expect(page.locator("#alert")).to_have_text(
                "setup.exe cannot be sent: only images (PNG, JPEG, GIF, WebP) and PDF files can.",
                timeout=WAIT_MS,
            )
            big = PNG + bytes(11 * 1024 * 1024)
            page.set_input_files(
                "#file", files=[FilePayload(name="big.png", mimeType="image/png", buffer=big)]
            )
            expect(page.locator("#alert")).to_have_text(
                "big.png is larger than 10 MB. Please send a smaller file.", timeout=WAIT_MS
            )
            page.wait_for_timeout(500)
            expect(page.locator(".messages li")).to_have_count(messages)
            listed = chat.get(f"{BASE}/{conversation}/attachments", token).json()
            assert [a["filename"] for a in listed] == ["receipt.png"]  # nothing more stored
            no_blocking_violations(page, "a refused file")

            # The desk can open the file through the API.
            _, agent = chat.agent("ana@lender.example", name="Ana")
            opened = chat.get(listed[0]["url"], agent)
            assert opened.status_code == 200 and opened.content == PNG
    finally:
        context.close()


def test_after_close_the_rating_with_a_comment_then_a_new_conversation(
    chat_gb: Chat, browser: Browser
) -> None:
    chat = chat_gb
    _, agent = chat.agent("ana@lender.example", name="Ana")
    conversation, token = chat.waiting_for_person("C1")
    chat.post(f"/api/v1/desk/conversations/{conversation}/claim", agent)
    context = browser.new_context(viewport={"width": 420, "height": 640})
    try:
        with serve(chat.app) as base:
            page = context.new_page()
            page.goto(f"{base}/chat?token={token}&conversation={conversation}")
            expect(page.locator("body")).to_have_attribute(
                "data-state", "with_human", timeout=WAIT_MS
            )
            expect(page.locator("#csat")).to_be_hidden()
            chat.post(f"/api/v1/desk/conversations/{conversation}/close", agent)
            expect(page.locator("#csat")).to_be_visible(timeout=WAIT_MS)
            expect(page.locator("#text")).to_be_disabled()
            expect(page.locator("#send")).to_be_disabled()
            # The transcript stays: the closing notice is there above the rating.
            closing = page.locator(".message.system", has_text="has closed the conversation")
            expect(closing).to_be_visible()
            expect(page.locator(".score-label")).to_have_text(
                ["Very poor", "Poor", "Fair", "Good", "Very good"]
            )
            no_blocking_violations(page, "the rating")

            page.click("#csat-send")  # no score yet
            expect(page.locator("#csat-error")).to_have_text("Please choose a rating first.")
            # The scores are a radio group: arrows move the choice.
            page.locator("#csat input[data-score='3']").focus()
            page.keyboard.press("ArrowRight")
            expect(page.locator("#csat input[data-score='4']")).to_be_checked()
            page.fill("#csat-comment", "Quick and kind, thank you.")
            page.click("#csat-send")
            expect(page.locator("#csat-thanks")).to_be_visible(timeout=WAIT_MS)
            expect(page.locator("#csat-thanks")).to_be_focused()
            with chat.app.state.container.db.reader() as session:
                row = session.get(Conversation, conversation)
                assert row is not None
                assert (row.csat_score, row.csat_comment) == (4, "Quick and kind, thank you.")

            page.click("#new-conversation")
            expect(page.locator("body")).not_to_have_attribute(
                "data-conversation", conversation, timeout=WAIT_MS
            )
            expect(page.locator(".message.assistant")).to_have_count(1, timeout=WAIT_MS)
            expect(page.locator("#csat")).to_be_hidden()
            expect(page.locator("#text")).to_be_enabled()
            expect(page.locator("#text")).to_be_focused()
            write(page, "When is my next payment?")
            expect(page.locator(".message.assistant .text").last).to_contain_text(
                "Your next payment is", timeout=WAIT_MS
            )
            fresh = page.locator("body").get_attribute("data-conversation")
            assert fresh and fresh != conversation
            assert chat.get(f"{BASE}/{fresh}", token).json()["state"] == "assistant"
    finally:
        context.close()


def test_a_bad_or_expired_token_stops_the_page_with_a_clear_message(
    chat_gb: Chat, browser: Browser
) -> None:
    chat = chat_gb
    message = (
        "This chat link is not valid or has expired. Please open the chat again from your account."
    )
    context = browser.new_context()
    try:
        with serve(chat.app) as base:
            page = context.new_page()
            for url in (f"{base}/chat?token=rl_customer_nonsense", f"{base}/chat"):
                page.goto(url)
                expect(page.locator("#alert")).to_have_text(message, timeout=WAIT_MS)
                expect(page.locator("body")).to_have_attribute("data-state", "unauthorized")
                for control in ("#text", "#send", "#attach", "#human"):
                    expect(page.locator(control)).to_be_disabled()
                no_blocking_violations(page, "a bad token")

            # A token that stops working while the chat is open (revoked or expired).
            token = chat.customer_token("C1")
            open_chat(page, base, token)
            with chat.app.state.container.db.writer() as session:
                session.execute(delete(ApiToken).where(ApiToken.token_hash == hash_token(token)))
                session.commit()
                assert session.scalars(select(ApiToken.token_hash)).all() is not None
            write(page, "When is my next payment?")
            expect(page.locator("#alert")).to_have_text(message, timeout=WAIT_MS)
            expect(page.locator("#text")).to_be_disabled()
            expect(page.locator("#send")).to_be_disabled()
    finally:
        context.close()


def test_with_nobody_online_the_page_says_so_and_takes_a_call_back(
    chat_gb: Chat, browser: Browser
) -> None:
    chat = chat_gb
    token = chat.customer_token("C1")
    context = browser.new_context()
    try:
        with serve(chat.app) as base:
            page = context.new_page()
            open_chat(page, base, token)
            page.click("#human")
            expect(page.locator("#waiting-wait")).to_have_text(
                "Nobody from our team is online right now.", timeout=WAIT_MS
            )
            expect(page.locator("#waiting-online")).to_have_text("")
            expect(page.locator("#callback")).to_be_visible()
            no_blocking_violations(page, "nobody online")
            page.locator("#callback button", has_text="Call me back").click()
            expect(page.locator(".message.system .text").last).to_contain_text(
                "Someone from our team will call you back", timeout=WAIT_MS
            )
            expect(page.locator("#callback")).to_be_hidden()
            expect(page.locator("#callback-asked")).to_be_visible()
            expect(page.locator("#callback-asked")).to_be_focused()
            cases = chat.get("/api/v1/cases?customer_id=C1", token).json()
            assert [c["type"] for c in cases if c["type"] == "callback"] == ["callback"]
    finally:
        context.close()
