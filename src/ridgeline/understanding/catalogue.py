"""The intent catalogue and its training data, loaded from the package's data files.

The catalogue names are a public contract (see the intent catalogue of the product): the chat API
reports them and scenario files check them. Beyond the catalogue the assistant needs `affirm` and
`deny` to confirm a change, and the small-talk intents `greeting`, `thanks` and `goodbye`.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from functools import cache
from importlib import resources

import yaml

from ridgeline.understanding.schema import (
    LANGUAGES,
    ExampleFile,
    Language,
    OutOfScopeFile,
    SafetyFile,
    WeakSignalFile,
)

#: Every intent the model predicts. Out-of-scope is not a class: it is a rejection.
INTENTS: tuple[str, ...] = (
    "next_payment",
    "payment_schedule",
    "explain_charge",
    "charged_twice",
    "authorisation_hold",
    "pay_now",
    "payoff_quote",
    "amount_owed",
    "extend_due_date",
    "change_payment_method",
    "autopay",
    "failed_payment",
    "missed_payment",
    "late_fee",
    "collections",
    "financial_difficulty",
    "report_return",
    "refund_status",
    "store_credit",
    "order_problem",
    "dispute_status",
    "cancel_order",
    "unrecognised_charge",
    "lock_account",
    "phishing",
    "declined_purchase",
    "spending_limit",
    "verify_identity",
    "update_contact",
    "close_account",
    "data_request",
    "credit_report",
    "card_lost",
    "card_declined",
    "financing_details",
    "complaint",
    "human_agent",
    "vulnerability",
    "greeting",
    "thanks",
    "goodbye",
    "affirm",
    "deny",
)

#: The rejection class: trained on `data/out_of_scope_training.yaml`, never reported as an intent.
OUT_OF_SCOPE = "out_of_scope"

#: Conversational intents: they never outrank a real request in the same message.
CONVERSATIONAL: frozenset[str] = frozenset({"greeting", "thanks", "goodbye", "affirm", "deny"})

#: Intents where a miss is far worse than an extra handoff.
SAFETY_INTENTS: frozenset[str] = frozenset({"human_agent", "financial_difficulty", "vulnerability"})


@dataclass(frozen=True)
class Example:
    """One labelled training message."""

    text: str
    intent: str
    language: Language


@dataclass(frozen=True)
class MultiRequest:
    """One message that carries two or more requests."""

    text: str
    intents: tuple[str, ...]
    language: Language


def _read(name: str) -> str:
    return resources.files("ridgeline.understanding").joinpath("data", name).read_text("utf-8")


@cache
def example_files() -> tuple[ExampleFile, ...]:
    """Load and validate the example file of every language."""
    files = []
    for language in LANGUAGES:
        doc = ExampleFile.model_validate(yaml.safe_load(_read(f"examples/{language}.yaml")))
        if doc.language != language:
            raise ValueError(f"examples/{language}.yaml declares language {doc.language}")
        unknown = set(doc.intents) - set(INTENTS)
        missing = set(INTENTS) - set(doc.intents)
        if unknown or missing:
            raise ValueError(f"{language}: unknown {sorted(unknown)}, missing {sorted(missing)}")
        for multi in doc.multi:
            if set(multi.intents) - set(INTENTS):
                raise ValueError(f"{language}: unknown intent in multi example {multi.text!r}")
        files.append(doc)
    return tuple(files)


def examples() -> list[Example]:
    """Return every single-intent training example, in file order."""
    return [
        Example(text=text, intent=intent, language=doc.language)
        for doc in example_files()
        for intent, texts in doc.intents.items()
        for text in texts
    ]


def multi_requests() -> list[MultiRequest]:
    """Return the messages that carry more than one request."""
    return [
        MultiRequest(text=m.text, intents=m.intents, language=doc.language)
        for doc in example_files()
        for m in doc.multi
    ]


@cache
def out_of_scope_messages() -> dict[Language, tuple[str, ...]]:
    """Return the hand-written out-of-scope messages per language."""
    return OutOfScopeFile.model_validate(yaml.safe_load(_read("out_of_scope.yaml"))).messages


@cache
def out_of_scope_training() -> dict[Language, tuple[str, ...]]:
    """Return the out-of-scope messages the model trains on as its rejection class."""
    doc = yaml.safe_load(_read("out_of_scope_training.yaml"))
    return OutOfScopeFile.model_validate(doc).messages


@cache
def safety_file() -> SafetyFile:
    """Load the explicit safety phrases."""
    return SafetyFile.model_validate(yaml.safe_load(_read("safety_phrases.yaml")))


def data_fingerprint() -> str:
    """Return a hash of every data file, so a cached model is retrained when the data change."""
    digest = hashlib.sha256()
    names = [f"examples/{lang}.yaml" for lang in LANGUAGES]
    names += ["out_of_scope.yaml", "out_of_scope_training.yaml", "safety_phrases.yaml"]
    names += ["weak_signals.yaml"]
    for name in names:
        digest.update(name.encode())
        digest.update(_read(name).encode())
    return digest.hexdigest()


@cache
def weak_signal_file() -> WeakSignalFile:
    """Load the weak-signal phrases: mild signs that make the assistant ask a gentle question."""
    return WeakSignalFile.model_validate(yaml.safe_load(_read("weak_signals.yaml")))
