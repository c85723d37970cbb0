"""The help centre shipped with Ridgeline: six languages, fifteen articles or more each,
well-formed, written for the policy, with its vectors shipped for every passage."""

from __future__ import annotations

from collections import Counter

from ridgeline.knowledge import files, text, vectors
from ridgeline.knowledge.schemas import LANGUAGES
from ridgeline.policy import MARKETS


def test_every_language_has_fifteen_articles_or_more() -> None:
    shipped = files.shipped()
    counts = Counter(a.language for a in shipped)
    assert set(counts) == set(LANGUAGES) == {"en", "fr", "de", "sv", "es", "it"}
    assert min(counts.values()) >= 15, counts
    assert len({a.id for a in shipped}) == len(shipped)
    for article in shipped:
        assert article.id.startswith(f"{article.language}-")
        assert article.url is not None and article.url.startswith("https://")
        passages = text.split_passages(article.body)
        assert passages, article.id
        assert all(p.heading for p in passages if p is not passages[0]), article.id
        assert all(text.word_count(p.text) <= text.PASSAGE_MAX_WORDS for p in passages)


def test_the_late_fees_are_the_policys() -> None:
    fees = {a.id: a.body for a in files.shipped() if a.id.endswith("-fees")}
    assert len(fees) == 6
    for body in fees.values():
        for market in MARKETS.values():
            whole, cents = divmod(market.late_fee, 100)
            shown = f"{whole} {market.currency}" if market.currency == "SEK" else None
            amounts = (shown,) if shown else (f"{whole}.{cents:02d}", f"{whole},{cents:02d}")
            assert any(a and a in body for a in amounts), (market.market, body[:80])


def test_the_shipped_vectors_cover_every_passage_and_heading() -> None:
    """`ridgeline knowledge vectors` rebuilds them when an article's text changes."""
    seed = vectors._seed()["vectors"]
    assert vectors.means() is not None
    for article in files.shipped():
        for piece in text.split_passages(article.body):
            key = vectors.key(
                "passage", vectors.passage_text(article.title, piece.heading, piece.text)
            )
            assert key in seed, (article.id, piece.heading)
            assert (
                vectors.key("heading", vectors.heading_text(article.title, piece.heading)) in seed
            )
