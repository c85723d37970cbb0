"""The Chat Completions client: one pool of kept-alive connections, the request shape each kind
of server takes, a deadline, a size cap, a circuit breaker, and no proxy."""

from __future__ import annotations

import threading
from collections.abc import Iterator

import pytest

from ridgeline.assistant.adapters.hosted import client as client_module
from ridgeline.assistant.adapters.hosted.client import ChatClient
from ridgeline.assistant.adapters.hosted.commands import json_schema
from ridgeline.assistant.adapters.hosted.config import HostedConfig, ResponseFormat
from ridgeline.assistant.standin import Reply, StandInModel, commands

MESSAGES = [{"role": "system", "content": "s"}, {"role": "user", "content": "<<<\nhi\n>>>"}]
SCHEMA = json_schema(["next_payment"], ["customer_request"])


@pytest.fixture
def model() -> Iterator[StandInModel]:
    with StandInModel() as server:
        yield server


def make(model: StandInModel, **options: object) -> ChatClient:
    return ChatClient(HostedConfig(model.url, "m", **options))  # type: ignore[arg-type]


def test_calls_share_kept_alive_connections(model: StandInModel) -> None:
    chat = make(model)
    for _ in range(20):
        assert chat.complete(MESSAGES, SCHEMA).outcome == "answered"
    assert len(set(model.peers)) == 1  # one connection, kept alive
    threads = [threading.Thread(target=chat.complete, args=(MESSAGES, SCHEMA)) for _ in range(8)]
    model.delay = 0.2
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert 1 < len(set(model.peers)) <= 9  # concurrent calls open more, up to the pool's size
    chat.close()


@pytest.mark.parametrize(
    ("kind", "expected"),
    [
        ("json_schema", "json_schema"),
        ("json_object", "json_object"),
        ("none", None),
    ],
)
def test_the_response_format_fits_the_server(
    model: StandInModel, kind: ResponseFormat, expected: str | None
) -> None:
    make(model, response_format=kind, max_tokens=0).complete(MESSAGES, SCHEMA)
    sent = model.requests[-1]
    assert sent.get("response_format", {}).get("type") == expected
    assert "max_tokens" not in sent and sent["temperature"] == 0
    if expected == "json_schema":
        assert sent["response_format"]["json_schema"]["schema"] == SCHEMA


def test_the_key_goes_in_the_header_the_server_wants(model: StandInModel) -> None:
    make(model, api_key="k1").complete(MESSAGES, SCHEMA)
    make(model, api_key="k2", api_key_header="api-key").complete(MESSAGES, SCHEMA)
    make(model).complete(MESSAGES, SCHEMA)
    first, azure, none = model.headers
    assert first["Authorization"] == "Bearer k1" and "api-key" not in first
    assert azure["api-key"] == "k2" and "Authorization" not in azure
    assert "Authorization" not in none


def test_a_proxy_set_for_other_tools_never_sees_the_messages(
    model: StandInModel, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HTTP_PROXY", "http://10.255.255.1:3128")
    monkeypatch.setenv("ALL_PROXY", "http://10.255.255.1:3128")
    assert make(model).complete(MESSAGES, SCHEMA).outcome == "answered"


def test_a_slow_answer_and_a_huge_one_are_cut_off(model: StandInModel) -> None:
    model.queue(commands(delay=2.0), Reply("y" * 2_000_000))
    slow = make(model, timeout=0.3).complete(MESSAGES, SCHEMA)
    assert slow.outcome == "timeout" and slow.ms < 1500  # not the two seconds of the answer
    huge = make(model, timeout=5.0).complete(MESSAGES, SCHEMA)
    assert huge.outcome == "too_large"


def test_the_breaker_opens_after_failures_and_closes_after_the_cool_down(
    model: StandInModel, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(client_module, "COOL_DOWN", 0.2)
    chat = make(model)
    model.queue(*[Reply(status=503)] * 5)
    assert [chat.complete(MESSAGES, SCHEMA).outcome for _ in range(6)] == ["error"] * 5 + [
        "unavailable"
    ]
    assert len(model.requests) == 5
    threading.Event().wait(0.25)
    assert chat.complete(MESSAGES, SCHEMA).outcome == "answered"


def test_a_success_resets_the_count_of_failures(model: StandInModel) -> None:
    chat = make(model)
    model.queue(*[Reply(status=500)] * 4, commands(), *[Reply(status=500)] * 4)
    outcomes = [chat.complete(MESSAGES, SCHEMA).outcome for _ in range(10)]
    assert "unavailable" not in outcomes
