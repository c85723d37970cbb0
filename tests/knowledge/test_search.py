"""Answers: the customer's market and language, the fallback to the market's language and
English, the answer's length and plain text, and the threshold."""

from __future__ import annotations

from fastapi.testclient import TestClient

from ridgeline.context import ServiceContext
from ridgeline.kit.clock import SettableClock
from ridgeline.kit.db import Database
from ridgeline.knowledge import files, service
from ridgeline.knowledge.text import sentences, word_count


def _load_shipped(db: Database, clock: SettableClock) -> None:
    with db.transaction() as session:
        service.load_help_centre(ServiceContext(session, clock))


def test_answers_follow_the_market_then_fall_back_to_its_language_then_english(
    db: Database, clock: SettableClock
) -> None:
    _load_shipped(db, clock)
    with db.reader() as session:
        # in the customer's language and market
        found = service.answer(
            session, "Meldet ihr verspätete Zahlungen an die SCHUFA?", "de", "DE"
        )
        assert found is not None
        assert (found.article_id, found.language, found.fallback) == (
            "de-credit-agencies",
            "de",
            False,
        )
        # a French speaker in Sweden: the French article is for France only, so the Swedish one
        found = service.answer(
            session, "Est-ce que vous signalez mes retards de paiement à UC ?", "fr", "SE"
        )
        assert found is not None
        assert (found.article_id, found.language, found.fallback) == (
            "sv-credit-agencies",
            "sv",
            True,
        )
        # an English speaker in the US gets the US article, never the UK one
        found = service.answer(session, "Which credit bureaus do you report to?", "en", "US")
        assert found is not None and found.article_id == "en-credit-agencies-us"
        listed = service.search(session, "credit bureaus report", language="en", market="US")
        assert "en-credit-agencies-gb" not in [a.article_id for a in listed]


def test_english_is_the_last_fallback(db: Database, clock: SettableClock) -> None:
    doc = [
        a for a in files.shipped() if a.language == "en" or a.id in ("fr-fees", "fr-how-it-works")
    ]
    with db.transaction() as session:
        service.load_articles(ServiceContext(session, clock), doc)
    with db.reader() as session:
        found = service.answer(
            session, "Comment activer la double authentification sur mon compte ?", "fr", "FR"
        )
        assert found is not None
        assert (found.article_id, found.language, found.fallback) == ("en-login-2fa", "en", True)
        own = service.answer(
            session, "Quels frais est-ce que vous pouvez me facturer ?", "fr", "FR"
        )
        assert own is not None and (own.article_id, own.fallback) == ("fr-fees", False)


def test_an_answer_is_whole_sentences_of_at_most_about_80_words(
    db: Database, clock: SettableClock
) -> None:
    long_section = " ".join(
        f"Sentence number {i} explains one more detail about refunds to your card."
        for i in range(30)
    )
    body = f"## How do refunds work?\n{long_section}\n"
    with db.transaction() as session:
        service.load_articles(
            ServiceContext(session, clock),
            [files.parse(f"---\nid: KB-LONG\nlanguage: en\ntitle: Refunds\n---\n{body}", "test")],
        )
    with db.reader() as session:
        found = service.search(session, "refunds to my card", language="en")
    assert found and found[0].article_id == "KB-LONG"
    text = found[0].text
    assert word_count(text) <= 80
    assert all(s in long_section for s in sentences(text))
    assert text.endswith(".")


def test_questions_no_article_answers_get_no_answer(db: Database, clock: SettableClock) -> None:
    _load_shipped(db, clock)
    with db.reader() as session:
        for question, language in (
            ("Where is your head office and can I visit?", "en"),
            ("Vous recrutez des conseillers ?", "fr"),
            ("Wo ist eure Firmenzentrale?", "de"),
        ):
            assert service.answer(session, question, language, None) is None, question


def test_the_search_route_puts_the_customers_language_first(client: TestClient) -> None:
    client.post("/api/v1/knowledge/help-centre")
    response = client.get(
        "/api/v1/knowledge/search",
        params={
            "q": "Comment fonctionne le paiement en 4 fois ?",
            "language": "fr",
            "market": "FR",
        },
    )
    results = response.json()["results"]
    assert results[0]["id"] == "fr-how-it-works" and results[0]["language"] == "fr"
    languages = [r["language"] for r in results]
    assert languages == sorted(languages, key=["fr", "en"].index)
    assert results[0]["url"].startswith("https://")
