"""The schema of dialogue flows. A flow is a list of typed steps; the engine runs them in order.

Step types (one module each in `assistant/steps/`):
- `select_order`: pick the order the customer means (offer their own orders as choices);
- `select_fee`, `select_card`: pick the fee or the card;
- `ask`: wait for a value (a one-time code, an email, a phone number);
- `lookup` and `check`: call a reading tool; `check` may be refused by a rule;
- `confirm`: show the exact change and wait for yes or no;
- `act`: call a writing tool (only after a `confirm`, unless the tool is `immediate`);
- `reply`: say something from a template;
- `handoff`: hand the conversation to a person with a reason and a queue.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import cache
from importlib import resources
from typing import Annotated, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, model_validator

from ridgeline.assistant.ports import ToolSpec
from ridgeline.policy import HANDOFF_REASONS, QUEUES


class Step(BaseModel):
    """One step of a flow: the base of every step type."""

    model_config = ConfigDict(extra="forbid", frozen=True)


class HandoffSpec(BaseModel):
    """A handover a flow asks for: its reason, queue, reply template and priority."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    reason: Literal[HANDOFF_REASONS]  # type: ignore[valid-type]
    queue: Literal[QUEUES]  # type: ignore[valid-type]
    template: str = "handoff"
    priority: bool = False


class SelectOrder(Step):
    """A step that picks the order the customer means among their own orders."""

    type: Literal["select_order"]
    filter: Literal[
        "any", "unpaid", "active", "with_charged_fee", "financing", "with_refund", "paused"
    ] = "any"


class SelectFee(Step):
    """A step that picks the fee the customer means."""

    type: Literal["select_fee"]


class SelectCard(Step):
    """A step that picks the card the customer means."""

    type: Literal["select_card"]


class Ask(Step):
    """A step that asks with a template for a value of a given kind and keeps it in a slot."""

    type: Literal["ask"]
    slot: str
    kind: Literal["code", "contact", "email", "phone", "text"]
    template: str


class Lookup(Step):
    """A step that calls a reading tool."""

    type: Literal["lookup"]
    tool: str


class Check(Step):
    """A step that calls a checking tool, whose refusals may hand over or offer a flow."""

    type: Literal["check"]
    tool: str
    on_refusal: dict[str, HandoffSpec] = Field(default_factory=dict)
    offers: dict[str, str] = Field(default_factory=dict)  # refusal rule -> flow its reply offers


class Confirm(Step):
    """A step that shows the exact change and waits for yes or no."""

    type: Literal["confirm"]
    template: str
    on_deny: str = "cancelled"


class Act(Step):
    """A step that calls a writing tool (after a confirm, unless the tool is immediate)."""

    type: Literal["act"]
    tool: str
    on_refusal: dict[str, HandoffSpec] = Field(default_factory=dict)
    retry_on: tuple[str, ...] = ()  # refusals that send the flow back to the step before


class Reply(Step):
    """A step that says something from a template, and may offer a flow."""

    type: Literal["reply"]
    template: str
    when: str | None = None  # a slot that must be truthy for this reply
    offer: str | None = None  # the flow this reply offers (started by a plain yes)
    offer_when: str | None = None  # a slot that must be set for the offer to stand


class Handoff(Step):
    """A step that hands the conversation to a person with a reason and a queue."""

    type: Literal["handoff"]
    handoff: HandoffSpec


AnyStep = Annotated[
    SelectOrder | SelectFee | SelectCard | Ask | Lookup | Check | Confirm | Act | Reply | Handoff,
    Field(discriminator="type"),
]


_FLOW_NAMES: set[str] = set()


class Flow(BaseModel):
    """The steps that resolve one intent."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    intent: str
    steps: tuple[AnyStep, ...] = Field(min_length=1)
    queue: Literal[QUEUES] = "general"  # type: ignore[valid-type]
    reports: str | None = None  # the catalogue intent a helper flow reports (API, analytics)

    @property
    def reported_intent(self) -> str:
        """Return the intent name this flow reports."""
        return self.reports or self.intent

    @model_validator(mode="after")
    def _offers_known_flows(self) -> Flow:
        for step in self.steps:
            offered = list(step.offers.values()) if isinstance(step, Check) else []
            if isinstance(step, Reply) and step.offer:
                offered.append(step.offer)
            for name in offered:
                if name not in _FLOW_NAMES:
                    raise ValueError(f"{self.intent}: offers an unknown flow {name!r}")
        return self

    def check_tools(self, tools: Mapping[str, ToolSpec]) -> None:
        """Raise ValueError unless the flow's steps use the tools as the rules require.

        The rules: every tool is known, reads come before writes in the right steps, and every
        write that is not done at once follows a confirm step.
        """
        confirmed = False
        for step in self.steps:
            if isinstance(step, Lookup | Check | Act) and step.tool not in tools:
                raise ValueError(f"{self.intent}: unknown tool {step.tool!r}")
            if isinstance(step, Lookup | Check) and tools[step.tool].writes:
                raise ValueError(f"{self.intent}: {step.tool} writes; use an act step")
            if isinstance(step, Confirm):
                confirmed = True
            if isinstance(step, Act) and not confirmed and not tools[step.tool].immediate:
                raise ValueError(
                    f"{self.intent}: {step.tool} writes and needs a confirm step before it"
                )


class FlowCatalogue(BaseModel):
    """All flows, by intent."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    flows: dict[str, Flow]

    def check_tools(self, tools: Mapping[str, ToolSpec]) -> None:
        """Raise ValueError unless every flow's steps fit the tools of a records port."""
        for flow in self.flows.values():
            flow.check_tools(tools)


@cache
def catalogue() -> FlowCatalogue:
    """Load and validate the flow catalogue shipped with the package."""
    text = (
        resources.files("ridgeline.assistant.flows")
        .joinpath("catalogue.yaml")
        .read_text(encoding="utf-8")
    )
    raw = yaml.safe_load(text)
    _FLOW_NAMES.update(raw["flows"])
    flows = {name: {"intent": name, **body} for name, body in raw["flows"].items()}
    return FlowCatalogue.model_validate({"flows": flows})
