"""Out-of-scope scores: CLINC150-style in-scope accuracy and out-of-scope recall."""

from __future__ import annotations

from ridgeline.understanding.metrics import (
    auroc,
    macro_f1,
    operating_point,
    percentile,
    threshold_for_in_scope,
)


def test_operating_point_counts_rejected_in_scope_as_wrong() -> None:
    point = operating_point([True, True, False, True], [0.9, 0.4, 0.8, 0.7], [0.3, 0.6], 0.5)
    assert point.in_scope_accuracy == 0.5  # 0.4 was rejected, 0.8 was wrong
    assert point.oos_recall == 0.5
    assert point.accepted_accuracy == 2 / 3


def test_highest_threshold_keeping_the_target() -> None:
    correct = [True] * 19 + [False]
    in_conf = [0.9] * 18 + [0.5, 0.95]
    point = threshold_for_in_scope(correct, in_conf, [0.2, 0.6, 0.85], 0.9)
    assert point is not None
    assert point.in_scope_accuracy >= 0.9
    assert point.threshold == 0.9
    assert point.oos_recall == 1.0


def test_unreachable_target() -> None:
    assert threshold_for_in_scope([True, False], [0.9, 0.9], [0.1], 0.95) is None


def test_auroc_and_f1() -> None:
    assert auroc([0.9, 0.8], [0.1, 0.2]) == 1.0
    assert auroc([0.5], [0.5]) == 0.5
    assert macro_f1(["a", "b"], ["a", "a"]) == (2 / 3 + 0) / 2


def test_percentile_nearest_rank() -> None:
    assert percentile([1.0, 2.0, 3.0, 4.0], 50) == 2.0
    assert percentile([float(i) for i in range(1, 101)], 99) == 99.0
