"""Bounded work at the door: a body over 64 KiB is refused before it is read and before the token
is checked, and one token holds at most five live streams at once."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import ExitStack

import httpx

from ridgeline.http.edge import MAX_BODY
from ridgeline.lending.models import Refund
from tests.desk.live import serve, stream
from tests.reliability.conftest import ADMIN, Api

ORDER = "/api/v1/orders/O-C1"


def test_a_body_over_64_kib_answers_413_before_the_token_is_checked(api: Api) -> None:
    assert MAX_BODY == 64 * 1024
    big = b'{"text": "' + b"x" * (MAX_BODY + 1) + b'"}'
    anonymous = api.client.post(
        "/api/v1/conversations/X/messages",
        content=big,
        headers={"Content-Type": "application/json"},
    )
    assert anonymous.status_code == 413
    assert anonymous.json()["error"]["code"] == "payload_too_large"
    admin = api.client.post(f"{ORDER}/refunds", content=big, headers=ADMIN)
    assert admin.status_code == 413
    assert api.count(Refund) == 0


def test_a_streamed_body_without_a_length_is_counted(api: Api) -> None:
    def chunks() -> Iterator[bytes]:
        yield b'{"amount": 1000, "pad": "'
        for _ in range(80):
            yield b"x" * 1024
        yield b'"}'

    refused = api.client.post(
        f"{ORDER}/refunds",
        content=chunks(),
        headers={**ADMIN, "Content-Type": "application/json"},
    )
    assert refused.status_code == 413
    assert refused.json()["error"]["code"] == "payload_too_large"
    assert api.count(Refund) == 0


def test_a_body_up_to_the_limit_is_read_as_usual(api: Api) -> None:
    text = "x" * 3000
    small = api.client.post(
        f"{ORDER}/refunds",
        content=b'{"amount": 1000}' + b" " * (MAX_BODY - 16),
        headers={**ADMIN, "Content-Type": "application/json"},
    )
    assert small.status_code == 200, small.text
    customer = api.customer()
    conversation = api.post("/api/v1/conversations", {}, headers=customer).json()["id"]
    said = api.post(
        f"/api/v1/conversations/{conversation}/messages", {"text": text}, headers=customer
    )
    assert said.status_code == 200, said.text


def test_a_token_holds_at_most_five_live_streams(api: Api) -> None:
    customer = api.customer()
    token = customer["Authorization"].removeprefix("Bearer ")
    conversation = api.post("/api/v1/conversations", {}, headers=customer).json()["id"]
    url = f"/api/v1/conversations/{conversation}/events"
    with serve(api.app) as base, ExitStack() as open_streams:
        readers = [open_streams.enter_context(stream(base, conversation, token)) for _ in range(5)]
        assert readers[0].next().data["role"] == "assistant"
        sixth = httpx.get(base + url, headers=customer, timeout=10)
        assert sixth.status_code == 429
        assert sixth.json()["error"]["code"] == "too_many_streams"
        assert "retry-after" in sixth.headers
        # another token is not held back by this one's (the admin's is not limited at all)
        with stream(base, conversation, ADMIN["Authorization"].removeprefix("Bearer ")) as staff:
            assert staff.next().id == 1
        open_streams.close()  # the five end; their places are free again
        with stream(base, conversation, token) as again:
            assert again.next().id == 1


def test_a_route_with_a_larger_limit_is_held_to_it(api: Api) -> None:
    """A help-centre article may be longer than 64 KiB, never longer than its route's limit."""
    article = {"id": "KB-EN-9", "title": "Long", "body": "word " * 20_000, "language": "en"}
    longer = api.post("/api/v1/knowledge/articles", article)
    assert longer.status_code == 201, longer.text  # about 100 KB: read, parsed, stored
    huge = b'{"body": "' + b"x" * (600 * 1024) + b'"}'
    refused = api.client.post(
        "/api/v1/knowledge/articles",
        content=huge,
        headers={**ADMIN, "Content-Type": "application/json"},
    )
    assert refused.status_code == 413
    assert refused.json()["error"]["code"] == "payload_too_large"
