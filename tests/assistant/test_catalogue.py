"""The flow catalogue: every intent has a flow, every template a flow names exists in all six
languages, and persisted names stay as they are."""

from __future__ import annotations

import pytest

from ridgeline.assistant.commands import parse
from ridgeline.assistant.flows.schema import Ask, Confirm, Handoff, Reply, catalogue
from ridgeline.assistant.replies import LANGUAGES, templates
from ridgeline.understanding.catalogue import INTENTS

CATALOGUE_INTENTS = tuple(
    i for i in INTENTS if i not in ("affirm", "deny", "greeting", "thanks", "goodbye")
)


def _template_names() -> set[str]:
    names: set[str] = set()
    flows = catalogue().flows
    for flow in flows.values():
        for step in flow.steps:
            if isinstance(step, Confirm):
                names.add(step.template)
                if step.on_deny not in flows:
                    names.add(step.on_deny)
            elif isinstance(step, Reply | Ask):
                names.add(step.template)
            elif isinstance(step, Handoff):
                names.add(step.handoff.template)
    return names


def test_every_catalogue_intent_has_a_flow() -> None:
    flows = catalogue().flows
    assert [i for i in CATALOGUE_INTENTS if i not in flows] == []
    assert set(parse.SMALL_TALK) <= set(flows)


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_template_a_flow_names_exists(language: str) -> None:
    table = templates(language)
    missing = [
        name
        for name in sorted(_template_names())
        if name not in table and not any(key.startswith(f"{name}.") for key in table)
    ]
    assert missing == []


def test_persisted_command_names_are_pinned() -> None:
    from ridgeline.assistant.commands.answer import Answer
    from ridgeline.assistant.commands.blocked import Blocked
    from ridgeline.assistant.commands.human_request import HumanRequest
    from ridgeline.assistant.commands.misunderstood import Misunderstood
    from ridgeline.assistant.commands.provide import Provide
    from ridgeline.assistant.commands.small_talk import SmallTalk
    from ridgeline.assistant.commands.start_flow import StartFlow

    names = [
        Answer("yes").name,
        Blocked().name,
        HumanRequest().name,
        Misunderstood().name,
        Provide().name,
        SmallTalk("thanks").name,
        StartFlow("x", "x").name,
    ]
    assert names == [
        "answer",
        "blocked",
        "human_request",
        "misunderstood",
        "provide",
        "small_talk",
        "start_flow",
    ]
