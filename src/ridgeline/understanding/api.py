"""What the assistant calls: `default_understander().understand(text, today=..., orders=...)`.

One call turns a customer message into its language, its intents with calibrated confidence
(two when the message carries two requests), an out-of-scope flag when no intent is confident
enough, the entities (amounts, dates, the customer's orders it refers to, card last four, email,
phone), and the safety phrases that fired. The model is loaded once per process; the first
process on a machine trains it (see `training.py`). Everything is deterministic: the same text,
`today` and orders give the same answer.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from functools import lru_cache

from ridgeline.understanding.catalogue import CONVERSATIONAL, OUT_OF_SCOPE
from ridgeline.understanding.embeddings import EmbeddingStore
from ridgeline.understanding.entities import Entities, OrderRef, extract_entities
from ridgeline.understanding.language import detect_language
from ridgeline.understanding.model import IntentModel
from ridgeline.understanding.safety import SAFETY_FLOOR, SafetyMatch, safety_matches
from ridgeline.understanding.schema import Language
from ridgeline.understanding.segments import joiners_removed, split_requests
from ridgeline.understanding.weak import weak_matches

#: Confidence an intent needs to count. Chosen on the catalogue's held-out split and the
#: hand-written out-of-scope set (`ridgeline eval catalogue` prints both sides of it).
OOS_THRESHOLD = 0.45
#: A part of a message must be this sure to add a second request (parts are short and noisy).
PART_THRESHOLD = 0.6
#: A part's request must keep at least this probability in the reading of the whole message.
WHOLE_SUPPORT = 0.02
#: A part's confidence is capped just below the whole message's best (see `scores`).
PART_RANK = 0.999
#: A message with fewer known words than this share is not understood (gibberish, another
#: language than the six), unless a safety phrase fired or it names one of the customer's orders.
KNOWN_WORDS = 0.34
#: How many vectors of recent live messages each process keeps (1.5 KB each).
LIVE_VECTORS = 8192
#: Readings of recent messages kept by the understander (about 3 KB each).
RECENT_READINGS = 4096
#: How many below-threshold guesses an out-of-scope answer still shows, for logs and review.
GUESSES = 3


@dataclass(frozen=True)
class Scored:
    """The model's reading of a text: intent confidences, part requests, in-domain share."""

    scores: tuple[tuple[str, float], ...]
    requests: tuple[str, ...]
    in_domain: float


@dataclass(frozen=True)
class IntentScore:
    """One intent and its calibrated probability."""

    name: str
    confidence: float


@dataclass(frozen=True)
class Understanding:
    """Everything understood from one message.

    `intents` holds the intents at or above `threshold`: those raised by a safety phrase first,
    then requests, then small talk, each group best first;
    when `out_of_scope` is True it holds the best few guesses instead, all below `threshold`.
    `safety` lists the explicit safety phrases that fired (their intents are in `intents`).
    """

    text: str
    language: Language
    intents: tuple[IntentScore, ...]
    out_of_scope: bool
    entities: Entities
    safety: tuple[SafetyMatch, ...] = ()
    threshold: float = OOS_THRESHOLD
    # The requests found in separate parts of the message, in the order they were written
    # (empty when the message makes one request or none).
    requests: tuple[str, ...] = ()
    # How sure the model is that the message is about the lender at all (1 - the rejection
    # class's probability): an unsure reading of an in-domain message asks, never rejects.
    in_domain: float = 1.0
    no_words: bool = False  # nothing but punctuation, emoji, digits or joining words
    # Weak or indirect signs of difficulty ("money's a bit tight"): worth a gentle question.
    weak: tuple[SafetyMatch, ...] = ()


class Understander:
    """Understand customer messages with one trained intent model."""

    def __init__(
        self,
        model: IntentModel,
        store: EmbeddingStore | None = None,
        *,
        threshold: float = OOS_THRESHOLD,
    ) -> None:
        """Wrap a trained `model`; `store` embeds messages (None: TF-IDF only)."""
        self.model = model
        self.store = store
        self.threshold = threshold
        # The model's reading of a text depends on the text alone, and customers repeat
        # themselves ("thanks", "yes please", the same question): recent readings are kept.
        self._recent_scores = lru_cache(maxsize=RECENT_READINGS)(self._score)

    def scores(self, text: str) -> dict[str, float]:
        """Return each intent's confidence (see `_score`), remembered for recent texts."""
        return dict(self._recent_scores(text).scores)

    def scored(self, text: str) -> Scored:
        """Return the model's whole reading of `text` (see `_score`), remembered."""
        return self._recent_scores(text)

    def _score(self, text: str) -> Scored:
        """Return each intent's confidence, the parts' requests and the in-domain share of `text`.

        The in-domain share is how sure the model is that the message is about the lender. An
        intent's confidence is the best over the whole message and its parts. A part may add
        a second request but never outranks the reading of the whole message, which sees the
        context the part lacks ("what happens now I missed a payment? does it affect my credit
        report?" is about the missed payment first). The rejection class is not an intent: its
        probability mass lowers the others, and what it leaves is the in-domain share.
        """
        import numpy as np

        parts = [p for p in split_requests(text) if p != text]
        probs = self.model.predict_proba([text], self.store)
        if parts:
            # Parts are scored on words alone: embedding each would double or triple the cost
            # of a message, and on the catalogue it found no more second requests (16 of 16
            # either way) nor fewer false ones.
            probs = np.vstack([probs, self.model.predict_proba(parts, None)])
        named = [(i, n) for i, n in enumerate(self.model.classes) if n != OUT_OF_SCOPE]
        rejection = [i for i, n in enumerate(self.model.classes) if n == OUT_OF_SCOPE]
        best = {name: float(probs[0, i]) for i, name in named}
        ceiling = max(best.values(), default=0.0) * PART_RANK
        requests: list[str] = []
        for row in range(1, len(probs)):
            top_value, top_name = max((float(probs[row, i]), n) for i, n in named)
            for i, name in named:
                value = float(probs[row, i])
                if value >= PART_THRESHOLD:
                    best[name] = max(best[name], min(value, ceiling))
            whole = float(probs[0, self.model.classes.index(top_name)])
            if (
                top_value >= PART_THRESHOLD
                and whole >= WHOLE_SUPPORT  # the whole message must leave room for it
                and top_name not in CONVERSATIONAL
                and top_name not in requests
            ):
                requests.append(top_name)
        in_domain = 1.0 - (float(probs[0, rejection[0]]) if rejection else 0.0)
        return Scored(tuple(best.items()), tuple(requests) if len(requests) > 1 else (), in_domain)

    def understand(
        self,
        text: str,
        *,
        today: date,
        orders: Sequence[OrderRef] = (),
        language_hint: str | None = None,
    ) -> Understanding:
        """Understand one customer message; `today` comes from the caller's clock."""
        language = detect_language(text, language_hint)
        # A reply of digits alone ("4242", "12/03") answers a question; it is not a request,
        # and neither is a message of emoji, punctuation or joining words only.
        has_words = any(ch.isalpha() for ch in joiners_removed(text))
        scored = self.scored(text) if has_words else Scored((), (), 0.0)
        scores = dict(scored.scores)
        weak = weak_matches(text) if has_words else ()
        safety = _stronger_than(safety_matches(text), weak)
        for match in safety:
            scores[match.intent] = max(scores.get(match.intent, 0.0), SAFETY_FLOOR)
        ranked = sorted(scores.items(), key=lambda kv: (-kv[1], kv[0]))
        # An explicit safety phrase is always accepted and comes first (a person is asked for,
        # a hardship is told); small talk never outranks a request ("Hi, I sent it back").
        fired = {m.intent for m in safety}
        entities = extract_entities(text, today=today, orders=orders)
        share = self.model.known_word_share(text) if has_words else 1.0
        known = share >= KNOWN_WORDS
        if not known and not entities.order_ids:
            # Guesses about words never seen are worth as little as the words themselves.
            ranked = [(n, c if n in fired else c * share) for n, c in ranked]
        accepted = [
            (n, c)
            for n, c in ranked
            if n in fired or (c >= self.threshold and (known or entities.order_ids))
        ]
        if not accepted and scored.requests and known:
            # Two requests in one message can leave the whole unsure while each part is clear.
            accepted = [(n, c) for n, c in ranked if n in scored.requests]
        accepted.sort(key=lambda kv: (kv[0] not in fired, kv[0] in CONVERSATIONAL, -kv[1], kv[0]))
        shown = accepted if accepted else ranked[:GUESSES]
        return Understanding(
            text=text,
            language=language,
            intents=tuple(IntentScore(n, round(c, 4)) for n, c in shown),
            out_of_scope=not accepted,
            entities=entities,
            safety=safety,
            threshold=self.threshold,
            requests=scored.requests if accepted else (),
            in_domain=round(scored.in_domain * (share if not known else 1.0), 4),
            no_words=not has_words,
            weak=weak,
        )


def _stronger_than(
    strong: tuple[SafetyMatch, ...], weak: tuple[SafetyMatch, ...]
) -> tuple[SafetyMatch, ...]:
    """Return the strong matches that say more than a weak one of the same intent.

    When the words an explicit phrase matched lie inside a weak sign's match ("a bit short of
    money till payday"), the weak reading wins: one gentle question, not a handover.
    """
    return tuple(
        m
        for m in strong
        if not any(
            w.intent == m.intent and m.matched.casefold() in w.matched.casefold() for w in weak
        )
    )


_default: Understander | None = None
_default_lock = threading.Lock()


def default_understander() -> Understander:
    """Return the process-wide understander, loading (or, the first time, training) its model."""
    global _default
    with _default_lock:
        if _default is None:
            from ridgeline.understanding.embeddings import available
            from ridgeline.understanding.training import (
                load_cached,
                product_config,
                train_product_model,
            )

            config = product_config()
            model = load_cached(config)
            if model is None:
                model = train_product_model(config, EmbeddingStore() if available() else None)
            # Live messages are never written to disk; the most recent are kept in memory.
            live = (
                EmbeddingStore("live", persist=False, recent=LIVE_VECTORS, known=model.phrasebook)
                if model.uses_embeddings
                else None
            )
            _default = Understander(model, live)
        return _default
