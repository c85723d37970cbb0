"""Benchmark of the understanding model: the figures that go in the README.

Run `python -m benchmarks.understanding` from the repository root. It prints:
1. serving: a fresh process loads the cached product model (training it first if absent) and
   understands the catalogue's messages one at a time on one core: load time, p50/p99
   latency of the whole `understand()` call, and the process's peak memory;
2. Banking77 (CC BY 4.0, Casanueva et al. 2020): accuracy, macro-F1, latency, the cascade's
   effect, and out-of-scope recall with 10 intents left out;
3. the catalogue: per-language accuracy on the held-out split, out-of-scope recall on the
   hand-written set, safety recall, and English-only training tested on the other languages.
Pass `--quick` to skip Banking77 (several minutes on a cold embedding cache).
"""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

BANKING77 = Path("data/banking77")


def serve() -> dict[str, Any]:
    """Load the product model and time `understand()` on every catalogue message (one process)."""
    from datetime import date

    from ridgeline.understanding import default_understander
    from ridgeline.understanding.api import Understander
    from ridgeline.understanding.catalogue import examples
    from ridgeline.understanding.embeddings import EmbeddingStore
    from ridgeline.understanding.evaluation import peak_memory_mb
    from ridgeline.understanding.metrics import percentile

    started = time.perf_counter()
    understander = default_understander()
    understander.understand("hello", today=date(2026, 3, 10))
    load = time.perf_counter() - started
    # The product's understander knows the vectors of its training phrasings, which these
    # messages are; a store without them times each message as if it were new.
    store = EmbeddingStore("bench", persist=False) if understander.store is not None else None
    fresh = Understander(understander.model, store)
    timings, known = [], []
    for example in examples()[::4]:
        t0 = time.perf_counter()
        fresh.understand(example.text, today=date(2026, 3, 10))
        t1 = time.perf_counter()
        understander.understand(example.text, today=date(2026, 3, 10))
        timings.append((t1 - t0) * 1000)
        known.append((time.perf_counter() - t1) * 1000)
    return {
        "load_seconds": round(load, 2),
        "messages": len(timings),
        "understand_p50_ms": round(percentile(timings, 50), 2),
        "understand_p99_ms": round(percentile(timings, 99), 2),
        "known_phrasing_p50_ms": round(percentile(known, 50), 2),
        "known_phrasing_p99_ms": round(percentile(known, 99), 2),
        "peak_memory_mb": round(peak_memory_mb(), 1),
    }


def _serving_in_fresh_process() -> dict[str, Any]:
    from ridgeline.understanding.embeddings import EmbeddingStore, available
    from ridgeline.understanding.training import load_or_train, product_config

    started = time.perf_counter()
    load_or_train(product_config(), EmbeddingStore() if available() else None)
    trained_or_loaded = round(time.perf_counter() - started, 1)
    # Serving is measured in a fresh process, so training memory does not count.
    out = subprocess.run(
        [sys.executable, "-m", "benchmarks.understanding", "--serve"],
        check=True,
        capture_output=True,
        text=True,
    )
    result: dict[str, Any] = json.loads(out.stdout)
    result["train_or_load_seconds_in_parent"] = trained_or_loaded
    return result


def _pick(report: dict[str, Any], keys: list[str]) -> dict[str, Any]:
    return {k: report[k] for k in keys if k in report}


def main(argv: list[str]) -> None:
    """Print the benchmark figures."""
    if "--serve" in argv:
        print(json.dumps(serve()))
        return
    from ridgeline.understanding.reports import banking77_report, catalogue_report

    figures: dict[str, Any] = {"serving": _serving_in_fresh_process()}
    common = ["accuracy", "macro_f1", "latency", "without_cascade", "peak_memory_mb"]
    oos = ["oos_auroc", "at_product_threshold"]
    oos += ["at_in_scope_accuracy_0.95", "at_accepted_accuracy_0.95"]
    if "--quick" not in argv:
        b77 = banking77_report(BANKING77)
        figures["banking77"] = _pick(b77["all_intents"], [*common, "train_seconds"])
        figures["banking77_leave_10_out"] = _pick(b77["leave_10_intents_out"], ["accuracy", *oos])
    cat = catalogue_report()
    figures["language_detection"] = cat["language_detection"]
    figures["catalogue_held_out"] = _pick(cat["held_out"], [*common, *oos, "per_language"])
    figures["catalogue_safety"] = cat["held_out"]["pipeline"]
    cross = cat["english_only_to_other_languages"]
    figures["english_only_to_other_languages"] = _pick(cross, ["accuracy", "per_language"])
    print(json.dumps(figures, indent=2))


if __name__ == "__main__":
    main(sys.argv[1:])
