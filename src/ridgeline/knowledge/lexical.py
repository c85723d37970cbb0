"""BM25 over the passages of one language, in numpy.

Terms are the folded, stop-word-free, truncated words of `text.tokens`. A language's vocabulary
only grows (a term keeps its id), and each passage keeps its term ids and counts, so the index of
a language is rebuilt from arrays alone when one of its articles changes (a sort of the
postings: tens of milliseconds for 10,000 passages). A query reads the postings of its few terms.

Chosen over SQLite FTS5 and PostgreSQL full-text search: one implementation for both databases,
the same tokens in every language (FTS5's tokenizers have no stemming for five of the six and
PostgreSQL's dictionaries differ from SQLite's), scores that fuse with the vectors in the same
process, and no query to the database per search.
"""

from __future__ import annotations

import math
import threading
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    import numpy.typing as npt

K1 = 1.2
B = 0.75


class Vocabulary:
    """Term ids of one language; only grows, so ids stay valid in older indexes."""

    def __init__(self) -> None:
        self._ids: dict[str, int] = {}
        self._lock = threading.Lock()

    def __len__(self) -> int:
        return len(self._ids)

    def get(self, term: str) -> int | None:
        """Return the id of `term`, or None if no passage ever held it."""
        return self._ids.get(term)

    def bag(self, terms: Sequence[str]) -> tuple[npt.NDArray[np.int32], npt.NDArray[np.int32]]:
        """Return the ids and counts of `terms`, adding new terms to the vocabulary."""
        counts = Counter(terms)
        with self._lock:
            ids = [self._ids.setdefault(term, len(self._ids)) for term in counts]
        return np.array(ids, dtype=np.int32), np.array(list(counts.values()), dtype=np.int32)


@dataclass(frozen=True)
class Bm25:
    """The postings of one language's passages: for each term, the rows that hold it."""

    rows: int
    indptr: npt.NDArray[np.int64]  # term id -> start of its postings
    postings: npt.NDArray[np.int32]  # row of each posting
    counts: npt.NDArray[np.float32]  # term count of each posting
    norms: npt.NDArray[np.float32]  # per row: k1 * (1 - b + b * length / average length)
    df: npt.NDArray[np.int32]  # per term: rows holding it

    @classmethod
    def build(
        cls,
        bags: Sequence[tuple[npt.NDArray[np.int32], npt.NDArray[np.int32]]],
        terms: int,
    ) -> Bm25:
        """Index `bags` (term ids and counts per row) over a vocabulary of `terms` terms."""
        sizes = np.array([len(ids) for ids, _ in bags], dtype=np.int64)
        if len(bags):
            ids = np.concatenate([ids for ids, _ in bags])
            counts = np.concatenate([c for _, c in bags]).astype(np.float32)
        else:
            ids = np.empty(0, np.int32)
            counts = np.empty(0, np.float32)
        rows = np.repeat(np.arange(len(bags), dtype=np.int32), sizes)
        order = np.argsort(ids, kind="stable")
        df = np.bincount(ids, minlength=terms).astype(np.int32)
        indptr = np.zeros(terms + 1, dtype=np.int64)
        np.cumsum(df, out=indptr[1:])
        lengths = np.zeros(len(bags), dtype=np.float32)
        np.add.at(lengths, rows, counts)
        average = float(lengths.mean()) if len(bags) else 1.0
        norms = (K1 * (1 - B + B * lengths / max(average, 1e-9))).astype(np.float32)
        return cls(len(bags), indptr, rows[order], counts[order], norms, df)

    def idf(self, term: int | None) -> float:
        """Return the inverse document frequency of a term (an unknown term: the highest)."""
        n = int(self.df[term]) if term is not None and term < len(self.df) else 0
        return math.log(1 + (self.rows - n + 0.5) / (n + 0.5))

    def scores(self, terms: Sequence[int | None]) -> tuple[npt.NDArray[np.float32], float]:
        """Return the BM25 score of every row for a query's terms, and the highest possible.

        The highest score a row could reach counts every term, unknown ones too: scores divided
        by it lie in [0, 1) and can be compared across queries.
        """
        total = np.zeros(self.rows, dtype=np.float32)
        bound = 0.0
        for term in dict.fromkeys(terms):
            idf = self.idf(term)
            bound += idf * (K1 + 1)
            if term is None or term >= len(self.df):
                continue
            start, end = int(self.indptr[term]), int(self.indptr[term + 1])
            if start == end:
                continue
            rows = self.postings[start:end]
            tf = self.counts[start:end]
            total[rows] += idf * tf * (K1 + 1) / (tf + self.norms[rows])
        return total, bound
