"""The in-memory index of the help centre in one server process, and how it is searched.

One shard per language holds its passages' vectors (centred, unit length), their headings'
vectors, a market mask per passage and the BM25 postings. A passage's score fuses both kinds of
evidence:

    score = max(cos(question, passage), cos(question, heading) - HEADING_OFFSET)
            + LEXICAL_WEIGHT * BM25 / (the question's highest possible BM25)

and an article scores as its best passage. The weights, the offset and `THRESHOLD` (below which
there is no answer; `OTHER_LANGUAGE_THRESHOLD` for an article in another language than the
question's) were compared on the question set (`ridgeline eval knowledge`, `evaluation.py`),
the thresholds picked on its validation split alone; ARCHITECTURE.md has the figures.

Every search first reads the database's knowledge revision (one indexed row). When another
process (or this one) wrote articles since, the index reads those articles and rebuilds the
shards of their languages, then searches: a change is seen by every process at its next search,
without a restart. Searches read an immutable set of shards; only refreshes take the lock.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
from sqlalchemy.orm import Session

from ridgeline.kit.logs import log_event
from ridgeline.knowledge import repository, vectors
from ridgeline.knowledge.lexical import Bm25, Vocabulary
from ridgeline.knowledge.models import Article
from ridgeline.knowledge.text import tokens
from ridgeline.policy import MARKETS

if TYPE_CHECKING:
    import numpy.typing as npt

    Vector = npt.NDArray[np.float32]

#: Subtracted from a heading's similarity: a heading is short, so it matches loosely.
HEADING_OFFSET = 0.02
#: Weight of the normalised BM25 score beside the cosine similarity.
LEXICAL_WEIGHT = 0.1
#: Below this score the search says there is no article (calibrated on the validation split).
THRESHOLD = 0.43
#: The same for an article in another language than the question's (a fallback): without words
#: in common the lexical part is nil and the vectors of two languages meet less closely, so the
#: bar is lower (calibrated the same way, each question against the other languages' articles).
OTHER_LANGUAGE_THRESHOLD = 0.21
#: Articles read from the database at a time when an index catches up.
READ_BATCH = 500
MARKET_BITS = {market: 1 << i for i, market in enumerate(MARKETS)}
ALL_MARKETS = (1 << len(MARKETS)) - 1


def market_mask(markets: Sequence[str]) -> int:
    """Return the bit mask of an article's markets (none listed: every market)."""
    mask = 0
    for market in markets:
        mask |= MARKET_BITS.get(market, 0)
    return mask or ALL_MARKETS


@dataclass(frozen=True)
class IndexedArticle:
    """What the index knows of an article."""

    id: str
    title: str
    url: str | None
    language: str
    markets: tuple[str, ...]
    version: int


@dataclass(frozen=True)
class IndexedPassage:
    """A passage in the index."""

    article: IndexedArticle
    seq: int
    heading: str | None
    text: str


@dataclass(frozen=True)
class Hit:
    """An article found, by its best passage, with the parts of its score."""

    passage: IndexedPassage
    score: float
    dense: float
    lexical: float

    @property
    def article(self) -> IndexedArticle:
        """Return the article of the passage."""
        return self.passage.article


def _unit(matrix: Vector, mean: Vector | None) -> Vector:
    centred = matrix - mean if mean is not None else matrix
    norms = np.linalg.norm(centred, axis=-1, keepdims=True)
    out: Vector = (centred / np.maximum(norms, 1e-9)).astype(np.float32)
    return out


def centred_question(raw: Vector) -> Vector:
    """Return a question's vector centred like the passages' (see `vectors`)."""
    found = vectors.means()
    return _unit(raw, found[0] if found else None)


@dataclass
class _Entry:
    """An article as the index keeps it: its passages, their vectors and terms."""

    article: IndexedArticle
    passages: list[IndexedPassage]
    # Centred vectors, one row per passage, until a shard holds them (then None: one copy).
    dense: Vector | None
    headings: Vector | None
    bags: list[tuple[npt.NDArray[np.int32], npt.NDArray[np.int32]]]
    has_vectors: bool


def _entry(article: Article, vocabulary: Vocabulary) -> _Entry:
    indexed = IndexedArticle(
        article.id,
        article.title,
        article.url,
        article.language,
        tuple(article.markets or ()),
        article.version,
    )
    passages = [IndexedPassage(indexed, p.seq, p.heading, p.text) for p in article.passages]
    bags = [
        vocabulary.bag(tokens(f"{article.title} {p.heading or ''} {p.text}", article.language))
        for p in article.passages
    ]
    dense = headings = None
    if article.passages and all(p.vector and p.heading_vector for p in article.passages):
        means = vectors.means()
        raw = np.vstack([np.frombuffer(p.vector or b"", np.float32) for p in article.passages])
        raw_h = np.vstack(
            [np.frombuffer(p.heading_vector or b"", np.float32) for p in article.passages]
        )
        dense = _unit(raw, means[0] if means else None)
        headings = _unit(raw_h, means[1] if means else None)
    return _Entry(indexed, passages, dense, headings, bags, dense is not None)


class Shard:
    """The passages of one language, searchable."""

    def __init__(
        self,
        language: str,
        entries: Sequence[_Entry],
        vocabulary: Vocabulary,
        previous: Shard | None = None,
    ) -> None:
        """Index the passages of `entries` (all of `language`).

        The vectors of an entry already in `previous` are taken from there; the new entries
        hand theirs over (each vector is held once, by its shard).
        """
        self.language = language
        self.vocabulary = vocabulary
        self.passages: list[IndexedPassage] = [p for e in entries for p in e.passages]
        count = len(self.passages)
        self.masks = np.array(
            [market_mask(p.article.markets) for p in self.passages], dtype=np.int64
        )
        self.dense = np.zeros((count, vectors.DIMENSIONS), dtype=np.float32)
        self.headings = np.zeros((count, vectors.DIMENSIONS), dtype=np.float32)
        self.has_dense = count > 0 and all(e.has_vectors for e in entries if e.passages)
        self.rows: dict[str, tuple[int, int]] = {}
        row = 0
        for entry in entries:
            size = len(entry.passages)
            old = previous.rows.get(entry.article.id) if previous is not None else None
            if entry.dense is not None and entry.headings is not None:
                self.dense[row : row + size] = entry.dense
                self.headings[row : row + size] = entry.headings
                entry.dense = entry.headings = None
            elif previous is not None and old is not None and old[1] - old[0] == size:
                self.dense[row : row + size] = previous.dense[old[0] : old[1]]
                self.headings[row : row + size] = previous.headings[old[0] : old[1]]
            self.rows[entry.article.id] = (row, row + size)
            row += size
        self.lexical = Bm25.build([b for e in entries for b in e.bags], len(vocabulary))

    def search(
        self, question: str, vector: Vector | None, market: str | None, limit: int
    ) -> list[Hit]:
        """Return up to `limit` articles for a question, best first, by their best passage."""
        if not self.passages:
            return []
        count = len(self.passages)
        dense = np.zeros(count, dtype=np.float32)
        if vector is not None and self.has_dense:
            dense = np.maximum(self.dense @ vector, self.headings @ vector - HEADING_OFFSET)
        terms = [self.vocabulary.get(t) for t in tokens(question, self.language)]
        bm25, bound = self.lexical.scores(terms)
        lexical = bm25 / bound if bound > 0 else bm25
        score = dense + LEXICAL_WEIGHT * lexical
        if market is not None:
            score = np.where(self.masks & MARKET_BITS.get(market, 0), score, -np.inf)
        hits: list[Hit] = []
        seen: set[str] = set()
        order = np.argsort(-score, kind="stable")
        for row in order:
            if not np.isfinite(score[row]) or len(hits) >= limit:
                break
            passage = self.passages[int(row)]
            if passage.article.id in seen:
                continue
            seen.add(passage.article.id)
            hits.append(Hit(passage, float(score[row]), float(dense[row]), float(lexical[row])))
        return hits


class KnowledgeIndex:
    """The help centre of one database, in this process, kept up to date by `refresh`."""

    def __init__(self) -> None:
        """Start empty; the first `refresh` reads every article."""
        self._lock = threading.Lock()
        self._epoch = ""
        self._revision = -1
        self._entries: dict[str, _Entry] = {}
        self._vocabularies: dict[str, Vocabulary] = {}
        self._shards: dict[str, Shard] = {}

    @property
    def revision(self) -> int:
        """Return the knowledge revision this index holds."""
        return self._revision

    def refresh(self, session: Session) -> bool:
        """Bring the index up to the database's revision; tell whether anything changed."""
        epoch, current = repository.current_revision(session)
        if epoch == self._epoch and current <= self._revision:
            return False
        with self._lock:
            if epoch == self._epoch and current <= self._revision:
                return False
            if epoch != self._epoch:  # a new database, or one emptied since: start again
                self._entries, self._vocabularies, self._shards = {}, {}, {}
                self._epoch, self._revision = epoch, -1
            touched: set[str] = set()
            read = 0
            newest = current
            seen = self._revision
            while True:  # in batches: thousands of articles are never all in memory as rows
                changed = repository.changed_since(session, seen, READ_BATCH)
                for article in changed:
                    old = self._entries.pop(article.id, None)
                    if old is not None:
                        touched.add(old.article.language)
                    if not article.retired:
                        vocabulary = self._vocabularies.setdefault(article.language, Vocabulary())
                        self._entries[article.id] = _entry(article, vocabulary)
                        touched.add(article.language)
                    seen = article.revision
                    newest = max(newest, seen)
                read += len(changed)
                if len(changed) < READ_BATCH:
                    break
            shards = {k: v for k, v in self._shards.items() if k not in touched}
            for language in touched:
                entries = [e for e in self._entries.values() if e.article.language == language]
                shards[language] = Shard(
                    language,
                    entries,
                    self._vocabularies.setdefault(language, Vocabulary()),
                    self._shards.get(language),
                )
            self._shards = shards
            self._revision = newest
            log_event(
                "knowledge.index.refreshed",
                revision=self._revision,
                articles=read,
                languages=sorted(touched),
            )
            return True

    def articles(self) -> int:
        """Return how many live articles the index holds."""
        return len(self._entries)

    def search(
        self,
        question: str,
        vector: Vector | None,
        languages: Sequence[str] | None,
        market: str | None,
        limit: int,
    ) -> list[Hit]:
        """Return up to `limit` articles per language fitting `market`.

        Languages in the order of `languages` (None: all), each language's best first.
        """
        shards = self._shards
        chosen = list(languages) if languages is not None else sorted(shards)
        hits: list[Hit] = []
        for language in chosen:
            shard = shards.get(language)
            if shard is not None:
                hits.extend(shard.search(question, vector, market, limit))
        return hits


_indexes: dict[str, KnowledgeIndex] = {}
_indexes_lock = threading.Lock()


def index_for(session: Session) -> KnowledgeIndex:
    """Return this process's index of the database `session` is bound to."""
    url = session.get_bind().engine.url.render_as_string(hide_password=False)
    with _indexes_lock:
        found = _indexes.get(url)
        if found is None:
            found = _indexes[url] = KnowledgeIndex()
        return found
