"""Run a scenario over HTTP against a sandbox server and report every failed expectation."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import httpx

from ridgeline.scenarios.schema import End, Expect, Scenario


@dataclass
class Outcome:
    """The result of one run of one scenario."""

    scenario: str
    passed: bool
    failures: list[str] = field(default_factory=list)
    intents: list[str | None] = field(default_factory=list)
    handoff: dict[str, Any] | None = None
    transcript: list[dict[str, str]] = field(default_factory=list)


def _dig(value: Any, path: str) -> Any:
    for part in path.split("."):
        if isinstance(value, list):
            value = value[int(part)]
        elif isinstance(value, dict):
            value = value[part]
        else:
            raise KeyError(part)
    return value


def _check_turn(n: int, expect: Expect, body: dict[str, Any], failures: list[str]) -> None:
    where = f"turn {n}"
    replies = body.get("messages", [])
    text = "\n".join(m.get("text", "") for m in replies)
    types = [a["type"] for a in body.get("actions", [])]
    if expect.language and any(m.get("language") != expect.language for m in replies):
        failures.append(
            f"{where}: language {[m.get('language') for m in replies]} != {expect.language}"
        )
    if expect.language and not replies:
        failures.append(f"{where}: no reply to check the language of")
    if expect.intent and body.get("intent") != expect.intent:
        failures.append(f"{where}: intent {body.get('intent')!r} != {expect.intent!r}")
    if expect.state and body.get("state") != expect.state:
        failures.append(f"{where}: state {body.get('state')!r} != {expect.state!r}")
    for wanted in expect.actions_include:
        if wanted not in types:
            failures.append(f"{where}: action {wanted} missing (got {types})")
    for unwanted in expect.actions_exclude:
        if (unwanted == "*" and types) or unwanted in types:
            failures.append(f"{where}: action {unwanted} not allowed (got {types})")
    if expect.handoff_reason:
        reason = (body.get("handoff") or {}).get("reason")
        if reason != expect.handoff_reason:
            failures.append(f"{where}: handoff reason {reason!r} != {expect.handoff_reason!r}")
    intents = body.get("intents", [])
    for wanted in expect.intents_include:
        if wanted not in intents:
            failures.append(f"{where}: request {wanted} not among the intents {intents}")
    offered = [c.get("intent") for c in body.get("choices", [])]
    for wanted in expect.choices_include:
        if wanted not in offered:
            failures.append(f"{where}: choice {wanted} not offered (got {offered})")
    for fragment in expect.reply_mentions:
        if fragment.casefold() not in text.casefold():
            failures.append(f"{where}: reply does not mention {fragment!r}: {text!r}")


def _check_end(end: End, client: httpx.Client, conv: dict[str, Any], failures: list[str]) -> None:
    if end.state and conv.get("state") != end.state:
        failures.append(f"end: state {conv.get('state')!r} != {end.state!r}")
    if "handoff" in end.model_fields_set:
        got = conv.get("handoff")
        if end.handoff is None and got is not None:
            failures.append(f"end: handoff {got} but none expected")
        elif isinstance(end.handoff, dict):
            if got is None:
                failures.append(f"end: no handoff, expected {end.handoff}")
            else:
                for key, value in end.handoff.items():
                    if got.get(key) != value:
                        failures.append(f"end: handoff {key} {got.get(key)!r} != {value!r}")
    for check in end.records:
        response = client.get(check.get)
        if response.status_code != 200:
            failures.append(f"end: GET {check.get} answered {response.status_code}")
            continue
        data = response.json()
        if check.path is not None:
            try:
                got = _dig(data, check.path)
            except (KeyError, IndexError, ValueError):
                failures.append(f"end: {check.get} has no {check.path}")
                continue
            if got != check.equals:
                failures.append(
                    f"end: {check.get} {check.path} = {got!r}, expected {check.equals!r}"
                )
        if check.contains is not None:
            items = data if isinstance(data, list) else [data]
            wanted = check.contains
            if not any(all(i.get(k) == v for k, v in wanted.items()) for i in items):
                failures.append(f"end: {check.get} contains no {wanted}")


def run_scenario(
    scenario: Scenario, fixture: dict[str, Any], base_url: str, admin_token: str
) -> Outcome:
    """Load the fixture, hold the conversation, check each turn and the end state.

    A transport error (a server that failed) is a failure of this scenario, not of the run.
    """
    try:
        return _run(scenario, fixture, base_url, admin_token)
    except httpx.HTTPError as exc:
        return Outcome(scenario.id, passed=False, failures=[f"transport: {exc!r}"])


def _run(scenario: Scenario, fixture: dict[str, Any], base_url: str, admin_token: str) -> Outcome:
    headers = {"Authorization": f"Bearer {admin_token}"}
    outcome = Outcome(scenario.id, passed=False)
    with httpx.Client(base_url=base_url, headers=headers, timeout=60) as client:
        loaded = client.post("/api/v1/admin/fixtures", json=fixture)
        if loaded.status_code != 201:
            outcome.failures.append(f"fixture: {loaded.status_code} {loaded.text}")
            return outcome
        body: dict[str, Any] = {"customer_id": scenario.customer_id, "channel": "web"}
        if scenario.locale:
            body["locale"] = scenario.locale
        started = client.post("/api/v1/conversations", json=body)
        if started.status_code != 201:
            outcome.failures.append(f"start: {started.status_code} {started.text}")
            return outcome
        conv_id = started.json()["id"]
        for n, turn in enumerate(scenario.turns, start=1):
            response = client.post(
                f"/api/v1/conversations/{conv_id}/messages", json={"text": turn.say}
            )
            if response.status_code not in (200, 202):
                outcome.failures.append(f"turn {n}: {response.status_code} {response.text}")
                break
            data = response.json()
            outcome.intents.append(data.get("intent"))
            outcome.transcript.append(
                {
                    "customer": turn.say,
                    "assistant": "\n".join(m["text"] for m in data.get("messages", [])),
                }
            )
            _check_turn(n, turn.expect, data, outcome.failures)
        conv = client.get(f"/api/v1/conversations/{conv_id}").json()
        outcome.handoff = conv.get("handoff")
        _check_end(scenario.end, client, conv, outcome.failures)
    outcome.passed = not outcome.failures
    return outcome
