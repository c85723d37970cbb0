"""The shape of the understanding data files, validated when they are loaded.

Training examples live in `data/examples/<language>.yaml`: for each catalogue intent, the ways
customers actually say it (colloquial, misspelt, indirect), plus a few messages that carry two
requests at once. `data/out_of_scope.yaml` holds messages no intent covers; they are used to
measure and tune the out-of-scope threshold, never as a training class. `data/safety_phrases.yaml`
holds the explicit phrases that must always reach a person.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

Language = Literal["en", "fr", "de", "sv", "es", "it"]
LANGUAGES: tuple[Language, ...] = ("en", "fr", "de", "sv", "es", "it")

#: Fewest examples per intent a language file may hold: English is the pivot language.
MIN_EXAMPLES: dict[str, int] = {"en": 25, "fr": 10, "de": 10, "sv": 10, "es": 10, "it": 10}


class MultiExample(BaseModel):
    """One message that carries two (or more) requests."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    text: str = Field(min_length=1)
    intents: tuple[str, ...] = Field(min_length=2)


class ExampleFile(BaseModel):
    """The examples of one language: intent name to messages, plus multi-request messages."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    language: Language
    intents: dict[str, tuple[str, ...]]
    multi: tuple[MultiExample, ...] = ()

    @field_validator("intents")
    @classmethod
    def _no_blank_or_duplicate(
        cls, value: dict[str, tuple[str, ...]]
    ) -> dict[str, tuple[str, ...]]:
        for name, texts in value.items():
            cleaned = [t.strip() for t in texts]
            if any(not t for t in cleaned):
                raise ValueError(f"{name}: blank example")
            lowered = [t.casefold() for t in cleaned]
            if len(set(lowered)) != len(lowered):
                raise ValueError(f"{name}: duplicate example")
        return value

    @model_validator(mode="after")
    def _enough_examples(self) -> ExampleFile:
        need = MIN_EXAMPLES[self.language]
        short = [n for n, texts in self.intents.items() if len(texts) < need]
        if short:
            raise ValueError(f"{self.language}: fewer than {need} examples for {sorted(short)}")
        return self


class OutOfScopeFile(BaseModel):
    """Hand-written messages outside the catalogue, per language."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    messages: dict[Language, tuple[str, ...]]


class SafetyRule(BaseModel):
    """Phrases (regular expressions, case-insensitive) that always signal one safety intent.

    Besides the three safety intents, identity theft said plainly raises `unrecognised_charge`
    the same way, so a plan opened in the customer's name is never missed.
    """

    model_config = ConfigDict(extra="forbid", frozen=True)

    intent: Literal["human_agent", "financial_difficulty", "vulnerability", "unrecognised_charge"]
    patterns: dict[Language, tuple[str, ...]]


class SafetyFile(BaseModel):
    """The explicit phrase layer for the intents where a miss is worse than an extra handoff."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    rules: tuple[SafetyRule, ...]


class WeakSignalRule(BaseModel):
    """Phrases (regular expressions, case-insensitive) for mild or indirect signs of one intent.

    A weak sign alone does not hand the customer over: it makes the assistant ask one gentle
    question. Every language has at least one pattern and every pattern compiles.
    """

    model_config = ConfigDict(extra="forbid", frozen=True)

    intent: Literal["financial_difficulty", "vulnerability"]
    patterns: dict[Language, tuple[str, ...]]

    @field_validator("patterns")
    @classmethod
    def _every_language_compiles(
        cls, value: dict[Language, tuple[str, ...]]
    ) -> dict[Language, tuple[str, ...]]:
        import re  # local: this model is appended to the module, its imports stay as they were

        missing = [language for language in LANGUAGES if not value.get(language)]
        if missing:
            raise ValueError(f"no patterns for {missing}")
        for language, patterns in value.items():
            if len(set(patterns)) != len(patterns):
                raise ValueError(f"{language}: duplicate pattern")
            for pattern in patterns:
                if not pattern.strip():
                    raise ValueError(f"{language}: blank pattern")
                try:
                    re.compile(pattern, re.IGNORECASE)
                except re.error as error:
                    raise ValueError(f"{language}: {pattern!r} does not compile: {error}") from None
        return value


class WeakSignalFile(BaseModel):
    """The weak-signal phrase layer: one rule for each of the two intents, in every language."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    rules: tuple[WeakSignalRule, ...]

    @model_validator(mode="after")
    def _each_intent_once(self) -> WeakSignalFile:
        intents = [rule.intent for rule in self.rules]
        if sorted(intents) != ["financial_difficulty", "vulnerability"]:
            raise ValueError(f"need one rule per intent, got {intents}")
        return self
