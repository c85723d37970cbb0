"""Turn a hosted model's commands into a reading, or refuse them.

The commands become what an embedded reading holds (intents with a confidence, several
requests, an order, out of scope), so they go through the same commands → flows → guards path
(`assistant/commands/parse.py`). Every command is checked first, and one refused command
refuses the whole answer (the embedded reading then answers alone):

- a flow the catalogue does not offer, a slot other than the order, an article that was not
  retrieved for this message: `unknown_flow`, `unknown_slot`, `unknown_article`;
- an order that is not the customer's: `not_customers_order`;
- a handoff reason outside `policy.HANDOFF_REASONS` (`unknown_handoff_reason`), or one only a
  rule of the assistant may give (`reserved_handoff_reason`: a policy limit, low confidence);
- a `confirm` when the assistant asked no yes/no question (`confirm_without_question`), or a
  yes the customer's own words contradict (`confirm_contradicted`);
- `out_of_scope` beside other commands (`contradictory`).

What the model may not decide stays where it was. The safety signals (explicit and weak
phrases, difficulty or vulnerability, a request for a person) of the embedded reading are kept,
so a model never removes a reason to reach a person. A model's sign of difficulty is a weak one
(`START` is below the threshold of a handover at once): it asks the customer the gentle
question. A flow that writes at once (a complaint, a phishing report, a data request) is
only offered as a choice (`CHOICE`), so the customer's own pick starts it, unless the embedded
reading is sure of it too. A `confirm` counts only as the reading of the customer's reply to a
question the assistant asked: the flow's confirm step and `steps/act.py` still require that yes
in this very turn before any write.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass, replace
from functools import cache
from typing import Any

from ridgeline.assistant import lexicon
from ridgeline.assistant.adapters.hosted import commands as c
from ridgeline.assistant.commands.parse import SAFETY, Thresholds
from ridgeline.assistant.flows.schema import Act, Confirm, catalogue
from ridgeline.assistant.ports import Reading
from ridgeline.assistant.read_context import ReadContext
from ridgeline.policy import HANDOFF_REASONS

START = 0.8  # a request the model proposes: above the intent threshold, below a sure handover
ANSWER = 0.8  # a yes or a no the model read
CHOICE = 0.3  # offered as a choice only: the customer's pick decides
#: The flow a handoff reason asks for; reasons that only the assistant's rules give are absent.
HANDOFF_FLOWS = {
    "customer_request": "human_agent",
    "financial_difficulty": "financial_difficulty",
    "vulnerability": "vulnerability",
    "fraud": "unrecognised_charge",
    "complaint": "complaint",
    "dispute_appeal": "dispute_status",
    "credit_review": "declined_purchase",
    "name_change": "update_contact",
    "collections": "collections",
    "credit_report": "credit_report",
}
KEPT = (*SAFETY, "human_agent")  # signals of the embedded reading a model never removes


class RefusedCommandError(ValueError):
    """A command the model may not give; `reason` names why, `command` is what it said."""

    def __init__(self, reason: str, command: dict[str, Any]) -> None:
        super().__init__(reason)
        self.reason = reason
        self.command = command


@cache
def writes_at_once() -> frozenset[str]:
    """Return the flows whose first change needs no confirmation (done as soon as started)."""
    found = set()
    for name, flow in catalogue().flows.items():
        for step in flow.steps:
            if isinstance(step, Confirm):
                break
            if isinstance(step, Act):
                found.add(name)
                break
    return frozenset(found)


@dataclass
class _Draft:
    intents: list[tuple[str, float]]
    requests: list[str]
    order_ids: list[str]
    out_of_scope: bool = False
    articles: tuple[str, ...] = ()


def to_reading(
    answer: c.Answer,
    base: Reading,
    context: ReadContext,
    text: str,
    *,
    flows: Collection[str],
    articles: Collection[str] = (),
    model: str,
    thresholds: Thresholds | None = None,
) -> Reading:
    """Return the reading the commands make, on top of the embedded reading `base`.

    Raises `RefusedCommandError` on the first command the model may not give.
    """
    th = thresholds or Thresholds()
    own_orders = {o.order_id for o in context.orders}
    draft = _Draft([], [], [])
    answers: list[tuple[str, float]] = []
    for command in answer.commands:
        raw = command.model_dump()
        if isinstance(command, c.StartFlow):
            _start(command.flow, raw, base, flows, draft, th)
            for name, value in command.slots.items():
                _slot(name, value, raw, own_orders, draft)
        elif isinstance(command, c.SetSlot):
            _slot(command.name, command.value, raw, own_orders, draft)
        elif isinstance(command, c.Confirm):
            answers.append(_confirm(command.value, raw, base, context, text, th))
        elif isinstance(command, c.Handoff):
            if command.reason not in HANDOFF_REASONS:
                raise RefusedCommandError("unknown_handoff_reason", raw)
            flow = HANDOFF_FLOWS.get(command.reason)
            if flow is None:
                raise RefusedCommandError("reserved_handoff_reason", raw)
            _start(flow, raw, base, flows, draft, th)
        elif isinstance(command, c.AnswerFromArticle):
            if command.article_id not in articles:
                raise RefusedCommandError("unknown_article", raw)
            draft.articles += (command.article_id,)
        elif isinstance(command, c.Clarify):
            for option in command.options:
                if option not in flows:
                    raise RefusedCommandError("unknown_flow", raw)
                draft.intents.append((option, CHOICE))
        else:
            draft.out_of_scope = True
    if draft.out_of_scope and (draft.intents or answers or draft.order_ids or draft.articles):
        raise RefusedCommandError(
            "contradictory", {"commands": [x.model_dump() for x in answer.commands]}
        )
    return _merge(base, draft, answers, f"hosted:{model}")


def _start(
    flow: str,
    raw: dict[str, Any],
    base: Reading,
    flows: Collection[str],
    draft: _Draft,
    th: Thresholds,
) -> None:
    if flow not in flows:
        raise RefusedCommandError("unknown_flow", raw)
    if flow in writes_at_once() and flow not in SAFETY and not base.has(flow, th.immediate):
        draft.intents.append((flow, CHOICE))  # the customer's pick will start it
        return
    draft.intents.append((flow, START))
    if flow not in draft.requests:
        draft.requests.append(flow)


def _slot(name: str, value: object, raw: dict[str, Any], own: set[str], draft: _Draft) -> None:
    if name not in c.SLOTS:
        raise RefusedCommandError("unknown_slot", raw)
    if value is None:
        return  # the strict schema's "not given"
    if not isinstance(value, str) or value not in own:
        raise RefusedCommandError("not_customers_order", raw)
    if value not in draft.order_ids:
        draft.order_ids.append(value)


def _confirm(
    value: bool,
    raw: dict[str, Any],
    base: Reading,
    context: ReadContext,
    text: str,
    th: Thresholds,
) -> tuple[str, float]:
    if not context.asked_yes_no:
        raise RefusedCommandError("confirm_without_question", raw)
    said = lexicon.answer(text)
    embedded = {"affirm": "yes", "deny": "no"}.get(base.top[0]) if base.top else None
    if base.top and base.top[1] < th.intent:
        embedded = None
    own = said or embedded
    if own is not None and own != ("yes" if value else "no"):
        raise RefusedCommandError("confirm_contradicted", raw)
    return ("affirm" if value else "deny", ANSWER)


def _merge(
    base: Reading, draft: _Draft, answers: Sequence[tuple[str, float]], model: str
) -> Reading:
    orders = tuple(draft.order_ids) or base.order_ids
    if draft.out_of_scope:
        kept = tuple((n, s) for n, s in base.intents if n in KEPT)
        return replace(
            base, intents=kept, out_of_scope=True, requests=(), in_domain=0.0, model=model
        )
    if not draft.intents and not answers:
        # Only an order (or an article): the embedded reading of the request stands.
        return replace(base, order_ids=orders, model=model)
    intents = list(answers) + draft.intents
    named = {name for name, _ in intents}
    for name, score in base.intents:
        if name in KEPT and name not in named:
            intents.append((name, score))
    intents.sort(key=lambda pair: -pair[1])  # stable: an answer stays before a request
    return replace(
        base,
        intents=tuple(intents),
        out_of_scope=False,
        order_ids=orders,
        requests=tuple(draft.requests) if len(draft.requests) > 1 else (),
        in_domain=max(base.in_domain, 0.9),
        model=model,
    )
