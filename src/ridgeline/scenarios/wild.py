"""Evaluate the whole assistant on messages written blind, one new conversation each.

The blind evaluation (`ridgeline eval wild`): messages written by someone who saw neither the
training examples nor the scenarios, run through the whole assistant, one new conversation each.

The set lives in `understanding/data/wild/<language>.yaml` and is never trained on (a test
checks that no training example repeats one of its messages). Each message carries its kind,
the request or requests it makes (`[out_of_scope]` for an off-topic one) and whether it must
reach a person (`safety: must`), hints at difficulty (`weak`) or neither (`none`).

A message is read right when the turn does what its label asks:
- an off-topic message gets the out-of-scope answer and starts nothing;
- a request for a person, plain hardship or vulnerability is handed over at once; fraud starts
  its flow (which locks and hands over once the customer confirms);
- a weak signal gets one gentle question (or a handover) and nothing else is decided for it;
- any other message reports each of its requests among the turn's intents, or asks which one
  the customer means with the expected one among the choices (counted apart as clarified).

Figures per language and per kind, the in-domain messages answered "out of scope", the recall
of must-escalate messages and the false handovers (a handover of a message that asked for none)
come out of one run. A false handover is a handover for difficulty, vulnerability or "a
person" of a message that asked for none of these.
"""

from __future__ import annotations

import shutil
import tempfile
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from importlib import resources
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field

from ridgeline.assistant.engine import Engine, TurnResult
from ridgeline.conversations import service as conversations
from ridgeline.conversations.messages import handle_message
from ridgeline.kit.clock import SettableClock
from ridgeline.kit.db import Database
from ridgeline.kit.migrate import upgrade
from ridgeline.sandbox.schemas import FixtureDocument
from ridgeline.sandbox.service import load

Kind = Literal[
    "plain",
    "multi",
    "informal",
    "safety_ordinary",
    "refund_split",
    "must_escalate",
    "weak_signal",
    "near_domain",
    "off_topic",
    "nonsense",
]
LANGUAGES = ("en", "fr", "de", "sv", "es", "it")
#: Requests that are a reason on their own to reach a person at once.
HANDOVER_INTENTS = frozenset({"human_agent", "financial_difficulty", "vulnerability"})
#: Handover reasons that mean "a person because of difficulty or vulnerability".
SAFETY_REASONS = frozenset({"financial_difficulty", "vulnerability"})
#: Handovers a message that asked for none must never get (others follow a flow's own rules,
#: such as collections or a credit-file correction, and are right when the request is).
UNASKED = SAFETY_REASONS | {"customer_request"}
NOW = datetime(2026, 3, 10, 12, 0, tzinfo=UTC)


class WildMessage(BaseModel):
    """One blind message and what it asks for."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    text: str = Field(min_length=1, max_length=4000)
    kind: Kind
    intents: tuple[str, ...] = Field(min_length=1)
    safety: Literal["none", "must", "weak"] = "none"

    @property
    def off_topic(self) -> bool:
        """Tell whether the message is not about the lender at all."""
        return self.intents == ("out_of_scope",)


class WildFile(BaseModel):
    """A language's blind messages."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    language: str
    messages: tuple[WildMessage, ...]


def wild_set(folder: Path | None = None) -> dict[str, tuple[WildMessage, ...]]:
    """Return the blind messages by language (the shipped set, or the files in `folder`)."""
    found: dict[str, tuple[WildMessage, ...]] = {}
    for language in LANGUAGES:
        if folder is None:
            text = (
                resources.files("ridgeline.understanding.data.wild")
                .joinpath(f"{language}.yaml")
                .read_text(encoding="utf-8")
            )
        else:
            path = folder / f"{language}.yaml"
            if not path.exists():
                continue
            text = path.read_text(encoding="utf-8")
        parsed = WildFile.model_validate(yaml.safe_load(text))
        found[parsed.language] = parsed.messages
    return found


@dataclass(frozen=True)
class Verdict:
    """What the assistant did with one blind message, and whether that was right."""

    language: str
    message: WildMessage
    intents: tuple[str, ...]
    choices: tuple[str, ...]
    handoff: str | None
    says: tuple[str, ...]
    right: bool
    clarified: bool = False
    answered_out_of_scope: bool = False
    asked_gently: bool = False


def judge(language: str, message: WildMessage, result: TurnResult) -> Verdict:
    """Return whether the turn did what the message's label asks."""
    reported = tuple(result.intents)
    choices = tuple(result.choices)
    handoff = result.handoff["reason"] if result.handoff else None
    says = tuple(result.trace.get("says", ()))
    out_of_scope = "out_of_scope" in says or "no_words" in says
    gentle = "offer_support" in says or "offer_care" in says
    expected = set(message.intents)
    clarified = False
    if message.off_topic:
        right = out_of_scope and not result.actions and handoff is None
    elif message.safety == "must":
        if expected & HANDOVER_INTENTS:
            right = handoff is not None
        else:
            right = bool(expected & set(reported)) or handoff is not None
    elif message.safety == "weak":
        right = gentle or handoff in SAFETY_REASONS
    else:
        found = expected <= set(reported)
        clarified = not found and bool(choices) and expected <= set(reported) | set(choices)
        right = (found or clarified) and handoff not in UNASKED
    return Verdict(
        language,
        message,
        reported,
        choices,
        handoff,
        says,
        right,
        clarified,
        out_of_scope and not message.off_topic,
        gentle,
    )


def eval_fixture() -> FixtureDocument:
    """Return the customers the blind messages are sent as.

    There is one per language, in its market, with one pay-in-4 plan half paid and a card.
    """
    people = {
        "en": ("GB", "GBP", "Alex Taylor", "Harbour & Co", "Canvas trainers", 8000),
        "fr": ("FR", "EUR", "Camille Moreau", "Maison Lumière", "Robe en lin", 18000),
        "de": ("DE", "EUR", "Jonas Weber", "Nordhaus Möbel", "Schreibtisch", 24000),
        "sv": ("SE", "SEK", "Elsa Lindqvist", "Fjällbo Design", "Soffbord", 240000),
        "es": ("ES", "EUR", "Lucía Fernández", "ElectroMundo Online", "Tablet", 35960),
        "it": ("IT", "EUR", "Giulia Romano", "Casa Bella", "Lampada", 12000),
    }
    merchants, customers, orders, cards = [], [], [], []
    for language, (market, currency, name, merchant, item, total) in people.items():
        key = language.upper()
        merchants.append({"id": f"WM-{key}", "name": merchant, "country": market})
        customers.append(
            {
                "id": f"WC-{key}",
                "name": name,
                "email": f"{language}@example.com",
                "phone": "+441234567890",
                "market": market,
                "language": language,
                "created_at": "2023-02-14T11:00:00Z",
            }
        )
        part = total // 4
        dates = ("2026-02-26", "2026-03-12", "2026-03-26", "2026-04-09")
        orders.append(
            {
                "id": f"WO-{key}",
                "customer_id": f"WC-{key}",
                "merchant_id": f"WM-{key}",
                "placed_at": "2026-02-26T10:15:00Z",
                "currency": currency,
                "total": part * 4,
                "items": [{"name": item, "quantity": 1, "unit_amount": part * 4}],
                "plan": {
                    "product": "pay_in_4",
                    "status": "active",
                    "apr_bps": 0,
                    "installments": [
                        {
                            "seq": i + 1,
                            "due_date": due,
                            "amount": part,
                            "status": "paid" if i == 0 else "scheduled",
                        }
                        for i, due in enumerate(dates)
                    ],
                },
            }
        )
        cards.append(
            {"id": f"WK-{key}", "customer_id": f"WC-{key}", "last4": "4821", "status": "active"}
        )
    return FixtureDocument.model_validate(
        {
            "now": NOW.isoformat(),
            "merchants": merchants,
            "customers": customers,
            "orders": orders,
            "cards": cards,
        }
    )


@dataclass
class WildRun:
    """The evaluation's customers in a database, and the engine the messages go through.

    Each message is sent on a fresh copy of the database, so what one message did (a case it
    opened, a plan it paused) never changes how the next one is answered.
    """

    engine: Engine
    folder: Path = field(default_factory=lambda: Path(tempfile.mkdtemp(prefix="ridgeline-wild-")))

    def __post_init__(self) -> None:
        self.template = self.folder / "template.db"
        db = Database(f"sqlite:///{self.template}")
        upgrade(db.write_engine)
        with db.writer() as session:
            load(session, eval_fixture(), SettableClock(NOW, frozen=True))
            session.commit()
        db.dispose()

    def send(self, language: str, text: str) -> TurnResult:
        """Open a conversation as the language's customer and send `text`; return the turn."""
        path = self.folder / "run.db"
        shutil.copyfile(self.template, path)
        db = Database(f"sqlite:///{path}")
        clock = SettableClock(NOW, frozen=True)
        customer = f"WC-{language.upper()}"
        try:
            opened = conversations.start(db, clock, self.engine, customer, "web", language, None)
            posted = handle_message(db, clock, lambda: self.engine, opened.id, text, customer)
        finally:
            db.dispose()
        assert posted.result is not None
        return posted.result

    def close(self) -> None:
        """Remove the evaluation's databases."""
        shutil.rmtree(self.folder, ignore_errors=True)


def run_wild(
    engine: Engine,
    messages: Mapping[str, Sequence[WildMessage]],
    progress: Callable[[int], None] | None = None,
) -> list[Verdict]:
    """Send every message through the assistant and judge each turn."""
    run = WildRun(engine)
    verdicts: list[Verdict] = []
    try:
        for language, items in messages.items():
            for message in items:
                verdicts.append(judge(language, message, run.send(language, message.text)))
                if progress is not None:
                    progress(len(verdicts))
    finally:
        run.close()
    return verdicts


def _share(hits: int, total: int) -> float | None:
    return round(100 * hits / total, 1) if total else None


def report(verdicts: Iterable[Verdict]) -> dict[str, Any]:
    """Return the figures of a run: accuracy per language and per kind, and the safety rates."""
    items = list(verdicts)
    by_language: dict[str, list[Verdict]] = defaultdict(list)
    by_kind: dict[str, list[Verdict]] = defaultdict(list)
    for v in items:
        by_language[v.language].append(v)
        by_kind[v.message.kind].append(v)
    in_domain = [v for v in items if not v.message.off_topic]
    must = [v for v in items if v.message.safety == "must"]
    ordinary = [
        v
        for v in items
        if v.message.safety == "none" and not set(v.message.intents) & HANDOVER_INTENTS
    ]
    false_handovers = [v for v in ordinary if v.handoff in UNASKED]
    return {
        "messages": len(items),
        "accuracy": _share(sum(v.right for v in items), len(items)),
        "accuracy_by_language": {
            lang: _share(sum(v.right for v in vs), len(vs)) for lang, vs in by_language.items()
        },
        "accuracy_by_kind": {
            kind: _share(sum(v.right for v in vs), len(vs)) for kind, vs in sorted(by_kind.items())
        },
        "clarified": _share(sum(v.clarified for v in items), len(items)),
        "in_domain_answered_out_of_scope": _share(
            sum(v.answered_out_of_scope for v in in_domain), len(in_domain)
        ),
        "must_escalate_recall": _share(sum(v.right for v in must), len(must)),
        "false_handovers": _share(len(false_handovers), len(ordinary)),
        "false_handover_reasons": dict(Counter(str(v.handoff) for v in false_handovers)),
    }


def misses(verdicts: Iterable[Verdict]) -> list[dict[str, Any]]:
    """Return each message read wrong, with what the assistant did instead."""
    return [
        {
            "language": v.language,
            "kind": v.message.kind,
            "text": v.message.text,
            "expected": list(v.message.intents),
            "safety": v.message.safety,
            "intents": list(v.intents),
            "choices": list(v.choices),
            "handoff": v.handoff,
            "says": list(v.says),
        }
        for v in verdicts
        if not v.right
    ]
