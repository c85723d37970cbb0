"""Scores for intent classification with out-of-scope rejection.

Definitions follow the CLINC150 out-of-scope benchmark (Larson et al. 2019): at a threshold t,
an in-scope message counts as right only when its best intent is correct and its confidence is
at least t ("in-scope accuracy"); an out-of-scope message counts as right when its best
confidence is below t ("out-of-scope recall"). Accuracy and macro-F1 are plain arg-max scores
over in-scope messages.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class OperatingPoint:
    """In-scope accuracy and out-of-scope recall at one threshold."""

    threshold: float
    in_scope_accuracy: float
    oos_recall: float
    accepted_accuracy: float


def macro_f1(truth: Sequence[str], predicted: Sequence[str]) -> float:
    """Return the unweighted mean F1 over the labels present in `truth`."""
    labels = sorted(set(truth))
    total = 0.0
    for label in labels:
        tp = sum(1 for t, p in zip(truth, predicted, strict=True) if t == label and p == label)
        fp = sum(1 for t, p in zip(truth, predicted, strict=True) if t != label and p == label)
        fn = sum(1 for t, p in zip(truth, predicted, strict=True) if t == label and p != label)
        total += 0.0 if tp == 0 else 2 * tp / (2 * tp + fp + fn)
    return total / len(labels) if labels else 0.0


def operating_point(
    correct: Sequence[bool],
    in_conf: Sequence[float],
    oos_conf: Sequence[float],
    threshold: float,
) -> OperatingPoint:
    """Return the scores at `threshold` from per-message correctness and confidences."""
    accepted = [ok for ok, c in zip(correct, in_conf, strict=True) if c >= threshold]
    in_acc = sum(accepted) / len(correct) if correct else 0.0
    oos = sum(1 for c in oos_conf if c < threshold) / len(oos_conf) if oos_conf else 0.0
    acc_acc = sum(accepted) / len(accepted) if accepted else 0.0
    return OperatingPoint(threshold, in_acc, oos, acc_acc)


def threshold_for_in_scope(
    correct: Sequence[bool], in_conf: Sequence[float], oos_conf: Sequence[float], target: float
) -> OperatingPoint | None:
    """Return the highest-threshold point whose in-scope accuracy is at least `target`.

    None when even no rejection at all stays below `target` (the classifier is not accurate
    enough for that target).
    """
    candidates = sorted({0.0, *in_conf, *oos_conf})
    best: OperatingPoint | None = None
    for t in candidates:
        point = operating_point(correct, in_conf, oos_conf, t)
        if point.in_scope_accuracy >= target:
            best = point
        else:
            break
    return best


def threshold_for_accepted_accuracy(
    correct: Sequence[bool], in_conf: Sequence[float], oos_conf: Sequence[float], target: float
) -> OperatingPoint | None:
    """Return the lowest-threshold point where the accepted in-scope messages are `target` right.

    This is the selective reading of "in-scope accuracy": of the in-scope messages the model
    answers, at least `target` are answered correctly (the rest are handed over as unsure).
    """
    for t in sorted({0.0, *in_conf}):
        point = operating_point(correct, in_conf, oos_conf, t)
        if point.accepted_accuracy >= target:
            return point
    return None


def auroc(in_conf: Sequence[float], oos_conf: Sequence[float]) -> float:
    """Return the probability that an in-scope message is more confident than an OOS one."""
    if not in_conf or not oos_conf:
        return 0.0
    ranked = sorted([(c, 1) for c in in_conf] + [(c, 0) for c in oos_conf])
    rank_sum, i = 0.0, 0
    while i < len(ranked):
        j = i
        while j < len(ranked) and ranked[j][0] == ranked[i][0]:
            j += 1
        average_rank = (i + j + 1) / 2
        rank_sum += average_rank * sum(1 for k in range(i, j) if ranked[k][1] == 1)
        i = j
    n_in, n_out = len(in_conf), len(oos_conf)
    return (rank_sum - n_in * (n_in + 1) / 2) / (n_in * n_out)


def percentile(values: Sequence[float], q: float) -> float:
    """Return the `q`-th percentile (0-100) by nearest rank."""
    if not values:
        return 0.0
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, math.ceil(q / 100 * len(ordered)) - 1))
    return ordered[index]
