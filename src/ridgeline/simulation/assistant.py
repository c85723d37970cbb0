"""The simulated assistant's behaviour per intent, and the automation lever.

The behaviour comes from the scenario or from a scenario-run result.

**Scenario-run JSON.** `ridgeline scenarios run --json` (to be built by the scenarios issue) is
read in this shape; every other key is ignored::

    {"scenarios": [
        {"id": "refund-status-1", "intent": "refund_status", "passed": true, "handoff": null},
        {"id": "hardship-2", "intent": "financial_difficulty", "passed": true,
         "handoff": {"reason": "financial_difficulty", "queue": "financial_support"}}
    ]}

Per intent, the share of runs that passed without a handoff becomes `resolve`, the share with a
handoff becomes `handoff` (to the most frequent queue and reason), and the rest (failed, no
handoff) is kept by the assistant without being resolved. When a row carries `runs` and `passes`
(as `ridgeline scenarios run --repeat K` writes them), runs are counted one by one; rows with a
null `intent` are skipped. A handoff whose reason is in
:data:`ridgeline.policy.RULE_REQUIRED_REASONS` is marked as required by a rule.

**Automation lever.** "Automation" here is the share of assistant conversations the assistant
keeps (does not hand over). Pushing it up shifts every intent that no rule sends to a person
towards keeping more; the assistant still resolves at most what it can (its `resolve`), so
containment beyond its ability turns into unresolved contacts, which come back as repeats.
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

from ridgeline.policy import RULE_REQUIRED_REASONS
from ridgeline.simulation.scenario import IntentBehaviour


def behaviours_from_run(path: str | Path) -> dict[str, IntentBehaviour]:
    """Read a scenario-run JSON result and return the measured behaviour per intent."""
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    rows = data.get("scenarios")
    if not isinstance(rows, list):
        raise ValueError("scenario-run JSON needs a 'scenarios' list")
    by_intent: dict[str, list[dict[str, object]]] = {}
    for row in rows:
        if not isinstance(row, dict) or "intent" not in row or "passed" not in row:
            raise ValueError(f"scenario-run row needs 'intent' and 'passed': {row!r}")
        if row["intent"] is None:  # the run never recognised an intent: nothing to learn from
            continue
        by_intent.setdefault(str(row["intent"]), []).append(row)
    out: dict[str, IntentBehaviour] = {}
    for intent, items in sorted(by_intent.items()):
        runs = [_count(r, "runs", 1) for r in items]
        passes = [
            _count(r, "passes", runs[i] if r["passed"] is True else 0) for i, r in enumerate(items)
        ]
        handoffs = [
            (h, n)
            for r, n in zip(items, runs, strict=True)
            if isinstance(h := r.get("handoff"), dict)
        ]
        total = sum(runs)
        resolved = sum(p for r, p in zip(items, passes, strict=True) if r.get("handoff") is None)
        queues = Counter[str]()
        reasons = Counter[str]()
        for h, n in handoffs:
            queues[str(h.get("queue", "general"))] += n
            reasons[str(h.get("reason", "low_confidence"))] += n
        reason = reasons.most_common(1)[0][0] if reasons else "low_confidence"
        out[intent] = IntentBehaviour(
            resolve=resolved / total,
            handoff=sum(n for _, n in handoffs) / total,
            queue=queues.most_common(1)[0][0] if queues else "general",
            reason=reason,
            rule=reason in RULE_REQUIRED_REASONS,
        )
    return out


def _count(row: dict[str, object], key: str, default: int) -> int:
    value = row.get(key, default)
    return int(value) if isinstance(value, int | float) else default


def containment(behaviours: dict[str, IntentBehaviour], mix: dict[str, float]) -> float:
    """Return the mix-weighted share of conversations the assistant keeps (1 - handoff)."""
    total = sum(mix.values())
    return sum(w * (1.0 - behaviours[i].handoff) for i, w in mix.items()) / total


def _shifted(b: IntentBehaviour, ability: float, s: float) -> IntentBehaviour:
    if b.rule:
        return b
    keep = 1.0 - b.handoff
    keep = keep * (1.0 + s) if s < 0 else keep + (1.0 - keep) * s
    return b.model_copy(update={"handoff": 1.0 - keep, "resolve": min(ability, keep)})


def apply_automation(
    behaviours: dict[str, IntentBehaviour], mix: dict[str, float], target: float
) -> dict[str, IntentBehaviour]:
    """Return behaviours shifted so the mix-weighted containment equals `target`.

    Intents a rule sends to a person are left alone, so a target above what the rest can reach is
    capped at the reachable maximum. The assistant's ability to resolve (`resolve`) never grows.
    """
    lo, hi = -1.0, 1.0
    for _ in range(60):  # bisection on the shift s: containment is monotone in s
        mid = (lo + hi) / 2.0
        trial = {i: _shifted(b, b.resolve, mid) for i, b in behaviours.items()}
        if containment(trial, mix) < target:
            lo = mid
        else:
            hi = mid
    return {i: _shifted(b, b.resolve, hi) for i, b in behaviours.items()}
