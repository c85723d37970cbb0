"""The command format a hosted model answers in, validated with Pydantic, and its JSON schema.

The model never writes the customer's reply and never acts: it proposes commands (the
contract's "Hosted language model" section), and this module only checks that an answer has
their shape. Whether a command may be taken (a known flow, the customer's own order, a question
actually asked) is decided in `reading.py`; what then happens is decided by the flows.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, TypeAdapter, ValidationError

#: The slots a model may fill. Only the order is carried by a reading into the flows; amounts,
#: dates, cards and contact details are read from the customer's own words by the embedded
#: understanding (and a model never sees contact details or cards).
SLOTS = ("order_id",)
MOST_COMMANDS = 6


class _Command(BaseModel):
    # Extra keys carry no authority (a model may add a "reason"): they are ignored.
    model_config = ConfigDict(extra="ignore", frozen=True)


class StartFlow(_Command):
    """Start the flow of a request."""

    command: Literal["start_flow"]
    flow: str = Field(max_length=64)
    slots: dict[str, Any] = Field(default_factory=dict, max_length=8)


class SetSlot(_Command):
    """Give the value of a slot the flow waits for."""

    command: Literal["set_slot"]
    name: str = Field(max_length=64)
    value: str | int | float | bool | None = None


class Confirm(_Command):
    """Read the customer's reply to a yes/no question as a yes (true) or a no (false)."""

    command: Literal["confirm"]
    value: bool


class Handoff(_Command):
    """Hand the conversation to a person, for a reason of the list."""

    command: Literal["handoff"]
    reason: str = Field(max_length=64)


class AnswerFromArticle(_Command):
    """Answer from a help-centre article retrieved for the message."""

    command: Literal["answer_from_article"]
    article_id: str = Field(max_length=128)


class Clarify(_Command):
    """Ask which of a few requests the customer means."""

    command: Literal["clarify"]
    options: tuple[str, ...] = Field(min_length=1, max_length=3)


class OutOfScope(_Command):
    """The message is not about anything the lender does."""

    command: Literal["out_of_scope"]


Command = Annotated[
    StartFlow | SetSlot | Confirm | Handoff | AnswerFromArticle | Clarify | OutOfScope,
    Field(discriminator="command"),
]


class Answer(BaseModel):
    """A model's whole answer: its commands, in order."""

    model_config = ConfigDict(extra="ignore", frozen=True)

    commands: tuple[Command, ...] = Field(max_length=MOST_COMMANDS)


ANSWER = TypeAdapter(Answer)
_FENCE = re.compile(r"^```(?:json)?\s*(.*?)\s*```$", re.DOTALL)


class NotJsonError(ValueError):
    """The content is not JSON at all (prose, half an object)."""


class WrongShapeError(ValueError):
    """The content is JSON but not the command format."""


def parse_answer(content: str) -> Answer:
    """Return the commands of a model's content, or raise `NotJsonError` / `WrongShapeError`.

    A single Markdown code fence around the object is taken off (models in JSON-by-instruction
    mode add one); prose before or after the object is not JSON.
    """
    text = content.strip()
    fenced = _FENCE.match(text)
    if fenced:
        text = fenced.group(1)
    try:
        data = json.loads(text)
    except ValueError as error:
        raise NotJsonError(str(error)[:120]) from error
    try:
        return ANSWER.validate_python(data)
    except ValidationError as error:
        raise WrongShapeError(f"{error.error_count()} error(s)") from error


def json_schema(flows: Sequence[str], reasons: Sequence[str]) -> dict[str, Any]:
    """Return the JSON schema of an answer, for `response_format` (strict-mode compatible).

    Every property is required and no object takes other keys, as OpenAI's strict structured
    outputs demand; a slot not given is null. The checks of `reading.py` still apply: a server
    may ignore the schema.
    """

    def variant(kind: str, /, **props: Any) -> dict[str, Any]:
        properties = {"command": {"type": "string", "const": kind}, **props}
        return {
            "type": "object",
            "properties": properties,
            "required": list(properties),
            "additionalProperties": False,
        }

    flow = {"type": "string", "enum": list(flows)}
    slots = {
        "type": "object",
        "properties": {name: {"type": ["string", "null"]} for name in SLOTS},
        "required": list(SLOTS),
        "additionalProperties": False,
    }
    return {
        "type": "object",
        "properties": {
            "commands": {
                "type": "array",
                "items": {
                    "anyOf": [
                        variant("start_flow", flow=flow, slots=slots),
                        variant(
                            "set_slot",
                            name={"type": "string", "enum": list(SLOTS)},
                            value={"type": ["string", "null"]},
                        ),
                        variant("confirm", value={"type": "boolean"}),
                        variant("handoff", reason={"type": "string", "enum": list(reasons)}),
                        variant("answer_from_article", article_id={"type": "string"}),
                        variant("clarify", options={"type": "array", "items": flow}),
                        variant("out_of_scope"),
                    ]
                },
            }
        },
        "required": ["commands"],
        "additionalProperties": False,
    }
