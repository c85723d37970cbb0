"""Simulator speed: Ridgeline's engine against a plain SimPy model of the same system.

Run `.venv/bin/python -m benchmarks.simulation` (28 days of the Klarna-2024 scenario) or, for the
full-scale figure, `.venv/bin/python -m benchmarks.simulation --days 365` (about 28 M contacts).
Prints contacts and events per second for both engines, the ratio, the headline metrics' time
over the whole contact table, and the two engines' figures side by side for the same horizon (they
model the same system, so they must agree within noise).

Events are counted the same way for both: one per arrival, queue join, answer, abandonment and
end of contact (the rows of the flat event log). SimPy is used here only, never in the library.
"""

from __future__ import annotations

import argparse
import math
import random
import time
from collections.abc import Generator
from pathlib import Path
from typing import Any

import numpy as np

from ridgeline.metrics import headline
from ridgeline.simulation.engine import resolve_behaviours, simulate
from ridgeline.simulation.report import cost_model
from ridgeline.simulation.scenario import Scenario, load_scenario

ROOT = Path(__file__).resolve().parent.parent
DAY = 86400.0


def engine_events(joined: np.ndarray, answered: np.ndarray, contacts: int) -> int:
    """Return the event-log size: arrivals + joins + answers + abandonments + ends."""
    queued = int(np.isfinite(joined).sum())
    return contacts + queued + queued + contacts  # a queued contact is answered or abandons


def simpy_model(scenario: Scenario, days: int, seed: int) -> dict[str, float]:
    """Run the same system in SimPy, one process per contact; return counts and figures."""
    import simpy

    arr, cust, ppl = scenario.arrivals, scenario.customers, scenario.people
    rnd = random.Random(seed)
    np_rng = np.random.default_rng(seed)
    behaviours = resolve_behaviours(scenario, ROOT / "scenarios")
    intents = list(arr.intent_mix)
    weights = [arr.intent_mix[i] for i in intents]
    hourly = np.array(arr.hourly_profile) / sum(arr.hourly_profile)
    weekly = np.array(arr.weekly_profile) / np.mean(arr.weekly_profile)
    first = scenario.start.weekday()
    env = simpy.Environment()
    resources: dict[str, Any] = {}
    for g in ppl.groups:
        if len(g.skills) != 1 or len(g.shifts) != 1 or g.shifts[0].hours < 24:
            raise SystemExit("the SimPy reference needs one queue per group, staffed 24 h")
        seats = round(g.shifts[0].agents * ppl.staffing_scale * (1 - ppl.shrinkage))
        resources[g.skills[0]] = simpy.Resource(env, capacity=max(seats * g.concurrency, 1))
    stats = {
        "contacts": 0,
        "events": 0,
        "queued": 0,
        "abandoned": 0,
        "wait": 0.0,
        "assistant_resolved": 0,
        "resolved": 0,
        "positive": 0,
    }
    if ppl.patience_mean_s is None:
        raise SystemExit("the SimPy reference needs a finite mean patience")
    patience_mean_s = ppl.patience_mean_s

    def contact(intent: str, attempt: int) -> Generator[Any, Any, None]:
        stats["contacts"] += 1
        stats["events"] += 2  # arrived, and ended or abandoned
        b = behaviours[intent]
        p_direct = (
            arr.direct_to_human
            if attempt == 1
            else max(arr.direct_to_human, cust.repeat_direct_to_human)
        )
        direct = rnd.random() < p_direct
        u = rnd.random()
        handed = not direct and u < b.handoff
        ai_ok = not direct and not handed and u < b.handoff + b.resolve
        if not direct:
            turns = 1 + int(np_rng.poisson(scenario.assistant.turns_mean - 1))
            yield env.timeout(turns * scenario.assistant.seconds_per_turn)
        resolved = ai_ok
        wait = 0.0
        human = direct or handed
        if human:
            stats["queued"] += 1
            stats["events"] += 1
            spec = ppl.queues[b.queue]
            joined = env.now
            with resources[b.queue].request() as req:
                got = yield req | env.timeout(rnd.expovariate(1 / patience_mean_s))
                wait = env.now - joined
                if req in got:
                    stats["events"] += 1
                    mu = math.log(spec.handle_time_mean_s) - spec.handle_time_sigma**2 / 2
                    yield env.timeout(rnd.lognormvariate(mu, spec.handle_time_sigma))
                    resolved = rnd.random() < spec.first_contact_resolution
                else:
                    stats["abandoned"] += 1
            stats["wait"] += wait
        stats["assistant_resolved"] += int(ai_ok)
        stats["resolved"] += int(resolved)
        base = cust.csat_positive_assistant if not human else cust.csat_positive_human
        p = base * (1 - cust.repeat_penalty) ** (attempt - 1)
        p = p if resolved else p * cust.unresolved_factor
        p = min(max(p - cust.wait_penalty_per_minute * wait / 60, 0.02), 0.98)
        stats["positive"] += int(rnd.random() < p)
        back = cust.relapse_probability if resolved else cust.return_probability
        if rnd.random() < back:
            lag = int(np_rng.geometric(1 / cust.return_days_mean))
            day = math.floor(env.now / DAY)
            if day + lag < days:
                hour = rnd.choices(range(24), weights=list(hourly))[0]
                at = (day + lag + (hour + rnd.random()) / 24) * DAY
                env.process(later(at, intent, attempt + 1))

    def later(at: float, intent: str, attempt: int) -> Generator[Any, Any, None]:
        yield env.timeout(max(at - env.now, 0.0))
        yield env.process(contact(intent, attempt))

    def arrivals() -> Generator[Any, Any, None]:
        for day in range(days):
            rate = arr.contacts_per_day * weekly[(first + day) % 7] * hourly
            for hour, n in enumerate(np_rng.poisson(rate).tolist()):
                for offset in sorted(rnd.random() for _ in range(n)):
                    at = day * DAY + (hour + offset) * 3600
                    yield env.timeout(at - env.now)
                    env.process(contact(rnd.choices(intents, weights)[0], 1))

    env.process(arrivals())
    env.run()
    return {k: float(v) for k, v in stats.items()}


def main() -> None:
    """Time both engines and print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scenario", default=str(ROOT / "scenarios" / "klarna-2024.yaml"))
    parser.add_argument("--days", type=int, default=28, help="horizon of the engine run")
    parser.add_argument("--contacts", type=int, help="size the horizon to about this many")
    parser.add_argument("--simpy-days", type=int, default=1, help="horizon of the SimPy run")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    scenario, base = load_scenario(args.scenario)
    days = args.days
    if args.contacts:
        days = max(1, math.ceil(args.contacts / (scenario.arrivals.contacts_per_day * 1.1)))

    started = time.perf_counter()
    result = simulate(scenario, seed=args.seed, days=days, base=base)
    took = time.perf_counter() - started
    n = len(result.table)
    ev = engine_events(result.detail["joined_s"], result.detail["answered_s"], n)
    print(
        f"engine   {days:4d} days  {n:>12,d} contacts  {ev:>12,d} events  {took:8.1f} s  "
        f"{n / took:>12,.0f} contacts/s  {ev / took:>12,.0f} events/s"
    )

    started = time.perf_counter()
    values = headline(result.table, cost_model(result), result.agent_hours)
    metric_s = time.perf_counter() - started
    print(f"metrics  headline figures over {n:,d} rows in {metric_s:.2f} s")
    del result

    sd = args.simpy_days
    started = time.perf_counter()
    small = simulate(scenario, seed=args.seed, days=sd, base=base)
    small_s = time.perf_counter() - started
    small_n = len(small.table)
    small_ev = engine_events(small.detail["joined_s"], small.detail["answered_s"], small_n)
    started = time.perf_counter()
    ref = simpy_model(scenario, sd, args.seed)
    simpy_s = time.perf_counter() - started
    print(
        f"engine   {sd:4d} days  {small_n:>12,d} contacts  {small_ev:>12,d} events  "
        f"{small_s:8.1f} s  {small_ev / small_s:>12,.0f} events/s"
    )
    print(
        f"simpy    {sd:4d} days  {int(ref['contacts']):>12,d} contacts  "
        f"{int(ref['events']):>12,d} events  {simpy_s:8.1f} s  "
        f"{ref['events'] / simpy_s:>12,.0f} events/s"
    )
    simpy_rate = ref["events"] / simpy_s
    print(f"speed-up (events/s, same horizon): {(small_ev / small_s) / simpy_rate:.1f}x")
    print(f"speed-up (events/s, full run vs SimPy): {(ev / took) / simpy_rate:.1f}x")

    t = small.table
    queued = np.isfinite(small.detail["joined_s"])
    waited = np.where(
        small.table.abandoned,
        small.detail["ended_s"] - small.detail["joined_s"],
        np.nan_to_num(small.detail["answered_s"] - small.detail["joined_s"]),
    )
    answered = ~t.abandoned & queued
    answers = int(np.count_nonzero(np.isfinite(t.csat)))
    positive = int(np.count_nonzero(np.isfinite(t.csat) & (t.csat >= 4))) / max(answers, 1)
    rows = [
        (
            "automation rate",
            values_of(t.resolved & t.path_is("assistant_only"), small_n),
            ref["assistant_resolved"] / ref["contacts"],
        ),
        ("resolution rate", values_of(t.resolved, small_n), ref["resolved"] / ref["contacts"]),
        ("share to a person", queued.sum() / small_n, ref["queued"] / ref["contacts"]),
        (
            "abandonment of queued",
            int(t.abandoned.sum()) / max(int(queued.sum()), 1),
            ref["abandoned"] / max(ref["queued"], 1),
        ),
        (
            "mean wait of queued (s)",
            float(waited[queued].mean()),
            ref["wait"] / max(ref["queued"], 1),
        ),
        ("satisfaction (positive)", positive, ref["positive"] / ref["contacts"]),
        ("answered contacts", float(answered.sum()), ref["queued"] - ref["abandoned"]),
    ]
    print(f"{'same system, ' + str(sd) + ' day(s)':<28}{'engine':>12}{'simpy':>12}")
    for name, ours, theirs in rows:
        print(f"{name:<28}{ours:>12.4f}{theirs:>12.4f}")
    print(
        f"full-run headline: automation {values['automation_rate']:.3f}, "
        f"satisfaction {values['csat_positive_share']:.3f}, "
        f"cost/resolved {values['cost_per_resolved_contact'] / 100:.2f} {scenario.currency}"
    )


def values_of(mask: np.ndarray, n: int) -> float:
    """Return the share of True in `mask` over `n` rows."""
    return float(np.count_nonzero(mask)) / n


if __name__ == "__main__":
    main()
