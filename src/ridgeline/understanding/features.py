"""The TF-IDF features of the intent model, and a fast path to compute them for live messages.

Training uses scikit-learn's vectorizers (word 1-2-grams and character 2-5-grams within word
boundaries, sublinear term frequency, accents folded, each block L2-normalised). For one live
message, scikit-learn's input validation costs several times the arithmetic, so `FastFeatures`
computes the same matrix from the fitted vocabularies and IDF weights directly; a test holds it
equal to `transform()`.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt
    from scipy.sparse import csr_matrix


def vectorizer() -> Any:
    """Return an unfitted union of the word and character TF-IDF vectorizers."""
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.pipeline import FeatureUnion

    return FeatureUnion(
        [
            (
                "words",
                TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True, strip_accents="unicode"),
            ),
            (
                "chars",
                TfidfVectorizer(
                    analyzer="char_wb",
                    ngram_range=(2, 5),
                    sublinear_tf=True,
                    min_df=2,
                    strip_accents="unicode",
                ),
            ),
        ]
    )


class _Block:
    """One fitted vectorizer, reduced to what computing its features needs."""

    def __init__(self, fitted: Any, offset: int) -> None:
        self.analyse: Callable[[str], list[str]] = fitted.build_analyzer()
        self.vocabulary: dict[str, int] = fitted.vocabulary_
        self.idf: list[float] = [float(v) for v in fitted.idf_]
        self.sublinear: bool = bool(fitted.sublinear_tf)
        self.offset = offset

    def row(self, text: str) -> tuple[list[int], list[float]]:
        """Return the column indices and values of `text`'s L2-normalised TF-IDF row."""
        counts = Counter(i for t in self.analyse(text) if (i := self.vocabulary.get(t)) is not None)
        columns = sorted(counts)
        values = [
            ((1.0 + math.log(counts[c])) if self.sublinear else float(counts[c])) * self.idf[c]
            for c in columns
        ]
        norm = math.sqrt(sum(v * v for v in values))
        if norm > 0:
            values = [v / norm for v in values]
        return [c + self.offset for c in columns], values


class LinearScores:
    """A fitted linear classifier's decision scores, without input validation."""

    def __init__(self, linear: Any) -> None:
        """Wrap a fitted linear classifier (`coef_`, `intercept_`)."""
        import numpy as np

        self._coef_t = np.ascontiguousarray(np.asarray(linear.coef_, dtype=np.float64).T)
        self._intercept = np.asarray(linear.intercept_, dtype=np.float64)

    def scores(self, features: Any) -> npt.NDArray[np.float64]:
        """Return the decision scores of `features` (rows × classes; one column: 1-D)."""
        import numpy as np

        out: npt.NDArray[np.float64] = np.asarray(features @ self._coef_t) + self._intercept
        return out.ravel() if out.shape[1] == 1 else out  # a binary model has one column


class FastFeatures:
    """Compute a fitted union's TF-IDF rows and a linear model's scores without validation."""

    def __init__(self, union: Any, linear: Any) -> None:
        """Wrap a fitted `FeatureUnion` of TF-IDF vectorizers and a fitted linear classifier."""
        blocks: list[_Block] = []
        offset = 0
        for _, fitted in union.transformer_list:
            blocks.append(_Block(fitted, offset))
            offset += len(fitted.vocabulary_)
        self._blocks = blocks
        self.width = offset
        self._linear = LinearScores(linear)

    def transform(self, texts: Sequence[str]) -> csr_matrix:
        """Return the TF-IDF matrix of `texts`, one row each (as the union's `transform`)."""
        import numpy as np
        from scipy.sparse import csr_matrix

        indptr = [0]
        indices: list[int] = []
        data: list[float] = []
        for text in texts:
            for block in self._blocks:
                columns, values = block.row(text)
                indices.extend(columns)
                data.extend(values)
            indptr.append(len(indices))
        return csr_matrix(
            (np.asarray(data, dtype=np.float64), np.asarray(indices, dtype=np.int32), indptr),
            shape=(len(texts), self.width),
        )

    def scores(self, features: csr_matrix) -> npt.NDArray[np.float64]:
        """Return the linear model's decision scores of `features` (rows × classes)."""
        return self._linear.scores(features)

    def words(self, text: str) -> list[str]:
        """Return the single words of `text` as the word vectorizer sees them."""
        return [t for t in self._blocks[0].analyse(text) if " " not in t]

    def known(self, word: str) -> bool:
        """Tell whether the word vectorizer learned `word`."""
        return word in self._blocks[0].vocabulary
