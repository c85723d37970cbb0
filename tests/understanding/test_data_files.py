"""The training data files hold what the issue asks for, and the schema rejects bad files."""

from __future__ import annotations

import pydantic
import pytest

from ridgeline.understanding.catalogue import (
    INTENTS,
    example_files,
    multi_requests,
    out_of_scope_messages,
    out_of_scope_training,
)
from ridgeline.understanding.schema import LANGUAGES, ExampleFile


def test_every_language_covers_every_intent_with_enough_examples() -> None:
    files = {doc.language: doc for doc in example_files()}
    assert set(files) == set(LANGUAGES)
    for language, doc in files.items():
        need = 25 if language == "en" else 10
        assert set(doc.intents) == set(INTENTS)
        assert min(len(texts) for texts in doc.intents.values()) >= need


def test_catalogue_names_of_the_public_contract_are_present() -> None:
    for name in ("report_return", "human_agent", "financial_difficulty", "vulnerability"):
        assert name in INTENTS
    assert {"affirm", "deny", "greeting", "thanks", "goodbye"} <= set(INTENTS)


def test_every_language_has_two_request_messages() -> None:
    languages = {m.language for m in multi_requests()}
    assert languages == set(LANGUAGES)


def test_measured_and_trained_out_of_scope_sets_do_not_overlap() -> None:
    measured = {t.casefold() for texts in out_of_scope_messages().values() for t in texts}
    trained = {t.casefold() for texts in out_of_scope_training().values() for t in texts}
    assert measured and trained
    assert not measured & trained


def test_schema_rejects_too_few_examples() -> None:
    with pytest.raises(pydantic.ValidationError):
        ExampleFile.model_validate({"language": "fr", "intents": {"thanks": ["merci"]}})


def test_schema_rejects_duplicates() -> None:
    texts = ["Merci"] + [f"merci {i}" for i in range(10)] + ["merci"]
    with pytest.raises(pydantic.ValidationError):
        ExampleFile.model_validate({"language": "fr", "intents": {"thanks": texts}})


def test_amount_owed_sits_beside_payoff_quote_with_examples_in_every_language() -> None:
    assert INTENTS[INTENTS.index("payoff_quote") + 1] == "amount_owed"
    for doc in example_files():
        need = 25 if doc.language == "en" else 15
        assert len(doc.intents["amount_owed"]) >= need, doc.language
