"""The fast feature path computes exactly what scikit-learn's fitted vectorizers and SVM do."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sklearn.svm import LinearSVC

from ridgeline.understanding.features import FastFeatures, vectorizer

TRAIN = [
    "When is my next payment?",
    "när är nästa betalning",
    "Je veux parler à un conseiller",
    "ich möchte meine Zahlung verschieben",
    "quiero pagar ahora mismo",
    "vorrei parlare con una persona",
    "my card was declined at the shop",
    "Pay my instalment now please",
    "talk to a human",
    "refund for the returned shoes",
]
LABELS = ["next", "next", "human", "extend", "pay", "human", "card", "pay", "human", "refund"]


@pytest.fixture(scope="module")
def fitted() -> tuple[object, LinearSVC, FastFeatures]:
    union = vectorizer()
    x = union.fit_transform(TRAIN)
    svm = LinearSVC(C=1.0, random_state=1).fit(x, LABELS)
    return union, svm, FastFeatures(union, svm)


@settings(max_examples=200, deadline=None)
@given(texts=st.lists(st.text(min_size=0, max_size=60), min_size=1, max_size=4))
def test_fast_features_equal_sklearn(
    fitted: tuple[object, LinearSVC, FastFeatures], texts: list[str]
) -> None:
    union, svm, fast = fitted
    expected = union.transform(texts)  # type: ignore[attr-defined]
    got = fast.transform(texts)
    assert got.shape == expected.shape
    np.testing.assert_allclose(got.toarray(), expected.toarray(), rtol=1e-12, atol=1e-12)
    np.testing.assert_allclose(fast.scores(got), svm.decision_function(expected), atol=1e-10)


def test_known_messages_have_features(fitted: tuple[object, LinearSVC, FastFeatures]) -> None:
    _, svm, fast = fitted
    row = fast.transform(["When is my next payment, please?"])
    assert row.nnz > 10
    assert svm.classes_[int(np.argmax(fast.scores(row)))] == "next"
    assert fast.words("Nästa BETALNING") == ["nasta", "betalning"]
    assert fast.known("betalning") and not fast.known("zzzz")


def test_binary_model_scores_one_column() -> None:
    union = vectorizer()
    x = union.fit_transform(TRAIN[:4])
    svm = LinearSVC(random_state=1).fit(x, ["a", "b", "a", "b"])
    fast = FastFeatures(union, svm)
    scores = fast.scores(fast.transform(TRAIN[:4]))
    np.testing.assert_allclose(scores, svm.decision_function(x), atol=1e-10)
