"""The simulation run: one contact centre, day by day, from one seed.

Each day, in whole arrays: new contacts arrive (a Poisson process with an hourly and weekly
profile), customers who were not helped come back (repeat contacts, always on a later day), the
assistant resolves, keeps or hands over each conversation, handle times and patience are drawn.
Then the human floor (:mod:`ridgeline.simulation.floor`) serves the contacts that need a person,
in join order, and outcomes, satisfaction, complaints and the repeats they cause are drawn, again
in arrays. Because repeats always land on a later day, processing day by day is exact.

All randomness comes from one `numpy.random.Generator` seeded once, drawn in a fixed order, so one
seed reproduces a run exactly.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from ridgeline.metrics.table import PATHS, Categorical, ContactTable
from ridgeline.simulation.assistant import apply_automation, behaviours_from_run
from ridgeline.simulation.floor import Floor
from ridgeline.simulation.scenario import IntentBehaviour, Scenario

F64 = npt.NDArray[np.float64]
DAY = 86400.0


@dataclass
class SimulationResult:
    """What a run produced: the contact table (the metric dictionary's input) and run details.

    `detail` holds per-contact arrays aligned with the table that the dictionary does not need:
    `joined_s`, `answered_s` (seconds from the start; NaN when not queued or not answered),
    `ended_s` (when the contact ended: assistant done, person done, or customer gave up),
    `attempt` (1 for a first contact) and `churn_risk` (expected probability the contact's
    experience makes the customer leave).
    """

    scenario: Scenario
    seed: int
    table: ContactTable
    detail: dict[str, npt.NDArray[np.float64]]
    agent_hours: float
    slots_by_hour: F64
    start_epoch: float
    behaviours: dict[str, IntentBehaviour] = field(default_factory=dict)


def _mix(d: dict[str, float]) -> tuple[list[str], F64]:
    names = list(d)
    p = np.array([d[k] for k in names], dtype=np.float64)
    return names, p / p.sum()


def resolve_behaviours(scenario: Scenario, base: Path | None = None) -> dict[str, IntentBehaviour]:
    """Return the assistant's behaviour for every intent of the mix (run JSON, then lever)."""
    a = scenario.assistant
    measured: dict[str, IntentBehaviour] = {}
    if a.from_scenarios_run:
        path = Path(a.from_scenarios_run)
        measured = behaviours_from_run(path if path.is_absolute() else (base or Path()) / path)
    out = {i: measured.get(i, scenario.behaviour(i)) for i in scenario.arrivals.intent_mix}
    unknown = {b.queue for b in out.values()} - set(scenario.people.queues)
    if unknown:
        raise ValueError(f"the assistant hands over to queues with no people: {sorted(unknown)}")
    if a.automation is not None:
        out = apply_automation(out, scenario.arrivals.intent_mix, a.automation)
    return out


@dataclass(frozen=True)
class _Lookups:
    """Per-intent and per-queue parameters as arrays, indexed by the contacts' codes."""

    intents: tuple[str, ...]
    p_intent: F64
    languages: tuple[str, ...]
    p_language: F64
    markets: tuple[str, ...]
    p_market: F64
    queues: list[str]
    reasons: tuple[str, ...]
    b_resolve: F64
    b_handoff: F64
    b_queue: npt.NDArray[np.int16]
    b_reason: npt.NDArray[np.int16]
    b_rule: npt.NDArray[np.bool_]
    b_acts: F64
    i_mu: F64
    i_sigma: F64
    i_mean: F64
    q_fcr: F64
    hourly: F64
    weekly: F64

    @classmethod
    def build(cls, scenario: Scenario, behaviours: dict[str, IntentBehaviour]) -> _Lookups:
        """Turn the scenario's mappings into arrays."""
        arr, ppl = scenario.arrivals, scenario.people
        intents, p_intent = _mix(arr.intent_mix)
        languages, p_language = _mix(arr.language_mix)
        markets, p_market = _mix(arr.market_mix)
        queues = list(ppl.queues)
        beh = [behaviours[i] for i in intents]
        reasons = ["", *sorted({b.reason for b in beh})]
        specs = [ppl.queues[q] for q in queues]
        # handle time per intent: its own mean if given, else its queue's; shape from the queue
        mean = np.array(
            [b.handle_time_mean_s or ppl.queues[b.queue].handle_time_mean_s for b in beh]
        )
        sigma = np.array([ppl.queues[b.queue].handle_time_sigma for b in beh])
        return cls(
            intents=tuple(intents),
            p_intent=p_intent,
            languages=tuple(languages),
            p_language=p_language,
            markets=tuple(markets),
            p_market=p_market,
            queues=queues,
            reasons=tuple(reasons),
            b_resolve=np.array([b.resolve for b in beh]),
            b_handoff=np.array([b.handoff for b in beh]),
            b_queue=np.array([queues.index(b.queue) for b in beh], dtype=np.int16),
            b_reason=np.array([reasons.index(b.reason) for b in beh], dtype=np.int16),
            b_rule=np.array([b.rule for b in beh], dtype=np.bool_),
            b_acts=np.array([b.person_acts for b in beh]),
            i_mu=np.log(mean) - sigma**2 / 2,
            i_sigma=sigma,
            i_mean=mean,
            q_fcr=np.array([q.first_contact_resolution for q in specs]),
            hourly=np.array(arr.hourly_profile) / sum(arr.hourly_profile),
            weekly=np.array(arr.weekly_profile) / np.mean(arr.weekly_profile),
        )


def _new_contacts(
    rng: np.random.Generator, scenario: Scenario, lk: _Lookups, day: int, first_weekday: int
) -> dict[str, npt.NDArray[np.float64 | np.int64]]:
    """Draw one day's new contacts: a Poisson process with a piecewise-constant hourly rate."""
    arr = scenario.arrivals
    rate = arr.contacts_per_day * lk.weekly[(first_weekday + day) % 7] * lk.hourly
    per_hour = rng.poisson(rate)
    n = int(per_hour.sum())
    # the order of draws is part of the seed's contract: changing it changes every run
    t = day * DAY + (np.repeat(np.arange(24), per_hour) + rng.random(n)) * 3600.0
    customer = rng.integers(0, arr.customers, n)
    return {
        "t": t,
        "customer": customer,
        "order": customer * arr.orders_per_customer + rng.integers(0, arr.orders_per_customer, n),
        "intent": rng.choice(len(lk.intents), n, p=lk.p_intent),
        "language": rng.choice(len(lk.languages), n, p=lk.p_language),
        "market": rng.choice(len(lk.markets), n, p=lk.p_market),
        "repeat_of": np.full(n, -1, dtype=np.int64),
        "attempt": np.ones(n, dtype=np.int64),
    }


class _Columns:
    """Columns that grow day by day inside arrays allocated once (grown by a quarter if short).

    Keeping a list of daily chunks and joining them at the end needs twice the final memory,
    which at a year of Klarna-scale contacts is several gigabytes more.
    """

    def __init__(self, capacity: int) -> None:
        self.capacity = capacity
        self.size = 0
        self.arrays: dict[str, npt.NDArray[Any]] = {}

    def append(self, chunk: dict[str, npt.NDArray[Any]]) -> None:
        """Copy one day's columns in after the rows already held."""
        n = len(next(iter(chunk.values())))
        if self.size + n > self.capacity:
            self.capacity = max(int(self.capacity * 1.25), self.size + n)
            for k, a in self.arrays.items():
                grown = np.empty(self.capacity, dtype=a.dtype)
                grown[: self.size] = a[: self.size]
                self.arrays[k] = grown
        for k, v in chunk.items():
            if k not in self.arrays:
                self.arrays[k] = np.empty(self.capacity, dtype=v.dtype)
            self.arrays[k][self.size : self.size + n] = v
        self.size += n

    def finish(self) -> dict[str, npt.NDArray[Any]]:
        """Return the filled part of each column (views: no copy)."""
        return {k: a[: self.size] for k, a in self.arrays.items()}


class _Pending:
    """Repeat contacts waiting for their day, as lists of column chunks."""

    def __init__(self) -> None:
        self.by_day: dict[int, list[dict[str, npt.NDArray[np.float64 | np.int64]]]] = {}

    def add(self, day: int, chunk: dict[str, npt.NDArray[np.float64 | np.int64]]) -> None:
        self.by_day.setdefault(day, []).append(chunk)

    def take(self, day: int) -> dict[str, npt.NDArray[np.float64 | np.int64]] | None:
        chunks = self.by_day.pop(day, None)
        if not chunks:
            return None
        return {k: np.concatenate([c[k] for c in chunks]) for k in chunks[0]}


def simulate(
    scenario: Scenario, seed: int = 1, days: int | None = None, base: Path | None = None
) -> SimulationResult:
    """Run `scenario` for `days` days (default: the scenario's) with one seed."""
    horizon = scenario.days if days is None else days
    rng = np.random.default_rng(seed)
    arr, cust, ppl = scenario.arrivals, scenario.customers, scenario.people
    behaviours = resolve_behaviours(scenario, base)
    lk = _Lookups.build(scenario, behaviours)
    first_weekday = scenario.start.weekday()
    floor = Floor(ppl, lk.queues, first_weekday)
    pending = _Pending()
    expected = arr.contacts_per_day * sum(
        lk.weekly[(first_weekday + day) % 7] for day in range(horizon)
    )
    cols = _Columns(capacity=int(expected * 1.25) + 1000)
    next_id = 0
    ai_cost = scenario.assistant.cost_per_conversation

    for day in range(horizon):
        new = _new_contacts(rng, scenario, lk, day, first_weekday)
        back = pending.take(day)
        c = new if back is None else {k: np.concatenate([new[k], back[k]]) for k in new}
        order = np.argsort(c["t"], kind="stable")
        c = {k: v[order] for k, v in c.items()}
        n = len(c["t"])
        ids = np.arange(next_id, next_id + n, dtype=np.int64)
        next_id += n
        intent = c["intent"].astype(np.int64)
        attempt = c["attempt"].astype(np.int64)

        # the assistant, or straight to a person
        p_direct = np.where(
            attempt > 1, max(arr.direct_to_human, cust.repeat_direct_to_human), arr.direct_to_human
        )
        direct = rng.random(n) < p_direct
        u = rng.random(n)
        handed = ~direct & (u < lk.b_handoff[intent])
        ai_resolved = ~direct & ~handed & (u < lk.b_handoff[intent] + lk.b_resolve[intent])
        turns = 1 + rng.poisson(scenario.assistant.turns_mean - 1.0, n)
        ai_time = np.where(direct, 0.0, turns * scenario.assistant.seconds_per_turn)
        queue = np.where(direct | handed, lk.b_queue[intent], -1).astype(np.int16)

        # the human floor, in join order
        human = np.flatnonzero(queue >= 0)
        joined = np.asarray(c["t"][human] + ai_time[human], dtype=np.float64)
        jorder = np.argsort(joined, kind="stable")
        human = human[jorder]
        joined = joined[jorder]
        hq = queue[human]
        hi = intent[human]
        if ppl.service == "lognormal":
            handle = rng.lognormal(lk.i_mu[hi], lk.i_sigma[hi])
        else:
            handle = rng.exponential(lk.i_mean[hi])
        if ppl.patience_mean_s is None:
            patience = np.full(len(human), np.inf)
        elif ppl.patience == "exponential":
            patience = rng.exponential(ppl.patience_mean_s, len(human))
        else:
            patience = rng.lognormal(np.log(ppl.patience_mean_s) - 0.5, 1.0, len(human))
        answered_h = floor.serve(joined, hq, handle, patience)
        joined_s = np.full(n, np.nan)
        answered_s = np.full(n, np.nan)
        handle_s = np.zeros(n)
        joined_s[human] = joined
        answered_s[human] = answered_h
        got = np.isfinite(answered_s)
        handle_s[human] = np.where(np.isfinite(answered_h), handle, 0.0)
        abandoned = (queue >= 0) & ~got
        waited = np.zeros(n)
        waited[human] = np.minimum(patience, 1e12)  # "never abandons" still needs a finite end
        wait = np.where(got, answered_s - joined_s, np.where(abandoned, waited, 0.0))

        # outcomes
        human_resolved = got & (rng.random(n) < lk.q_fcr[np.maximum(queue, 0)])
        rule = handed & lk.b_rule[intent]
        acted = got & (rule | (rng.random(n) < lk.b_acts[intent]))
        resolved = ai_resolved | human_resolved
        end_s = np.where(got, answered_s + handle_s, c["t"] + ai_time + wait)
        ttr = np.where(resolved, end_s - c["t"], np.nan)
        tth = np.where(got, answered_s - c["t"], np.nan)
        path = np.where(direct, 2, np.where(handed, 1, 0)).astype(np.int16)

        # satisfaction, complaints, churn proxy
        base_p = np.where(path == 0, cust.csat_positive_assistant, cust.csat_positive_human)
        p_pos = base_p * (1.0 - cust.repeat_penalty) ** (attempt - 1)
        p_pos = np.where(resolved, p_pos, p_pos * cust.unresolved_factor)
        p_pos = np.clip(p_pos - cust.wait_penalty_per_minute * wait / 60.0, 0.02, 0.98)
        positive = rng.random(n) < p_pos
        responded = rng.random(n) < cust.survey_response_rate
        score = np.where(positive, 4 + (rng.random(n) < 0.6), 1 + rng.integers(0, 3, n))
        csat = np.where(responded, score, np.nan)
        complaint = ~positive & (rng.random(n) < cust.complaint_if_negative)
        upheld = complaint & (rng.random(n) < cust.complaint_upheld)
        churn = (1.0 - p_pos) * cust.churn_if_negative

        # who comes back, and when (always a later day)
        back_p = np.where(resolved, cust.relapse_probability, cust.return_probability)
        returns = np.flatnonzero(rng.random(n) < back_p)
        lag = rng.geometric(1.0 / cust.return_days_mean, len(returns))
        hour = rng.choice(24, len(returns), p=lk.hourly)
        t_back = (day + lag + (hour + rng.random(len(returns))) / 24.0) * DAY
        for d in np.unique(day + lag[day + lag < horizon]).tolist():
            on_day = (day + lag) == d
            sel = returns[on_day]
            repeat = {k: c[k][sel] for k in ("customer", "order", "intent", "language", "market")}
            repeat.update(t=t_back[on_day], repeat_of=ids[sel], attempt=attempt[sel] + 1)
            pending.add(int(d), repeat)

        day_cols: dict[str, npt.NDArray[np.generic]] = {
            "contact_id": ids,
            "customer_id": c["customer"],
            "order_id": c["order"],
            "started_at": c["t"],
            "intent": intent.astype(np.int16),
            "language": c["language"].astype(np.int16),
            "market": c["market"].astype(np.int16),
            "queue": (queue + 1).astype(np.int16),
            "path": path,
            "handoff_reason": np.where(handed, lk.b_reason[intent], 0).astype(np.int16),
            "resolved": resolved,
            "abandoned": abandoned,
            "time_to_resolution_s": ttr,
            "time_to_human_s": tth,
            "human_handle_s": handle_s,
            "ai_cost": np.where(direct, 0, ai_cost).astype(np.int64),
            "csat": csat,
            "complaint": complaint,
            "complaint_upheld": upheld,
            "person_acted": acted,
            "rule_required_handoff": rule,
            "repeat_of": c["repeat_of"].astype(np.int64),
            "joined_s": joined_s,
            "answered_s": answered_s,
            "ended_s": end_s,
            "attempt": attempt.astype(np.float64),
            "churn_risk": churn,
        }
        cols.append(day_cols)

    full = cols.finish()
    start_epoch = scenario.start.timestamp()
    full["started_at"] += start_epoch  # in place: the run's own buffer
    table = ContactTable(
        contact_id=full["contact_id"],
        customer_id=full["customer_id"].astype(np.int64, copy=False),
        order_id=full["order_id"].astype(np.int64, copy=False),
        started_at=full["started_at"],
        intent=Categorical(full["intent"], lk.intents),
        language=Categorical(full["language"], lk.languages),
        market=Categorical(full["market"], lk.markets),
        queue=Categorical(full["queue"], ("", *lk.queues)),
        path=Categorical(full["path"], PATHS),
        handoff_reason=Categorical(full["handoff_reason"], lk.reasons),
        resolved=full["resolved"],
        abandoned=full["abandoned"],
        time_to_resolution_s=full["time_to_resolution_s"],
        time_to_human_s=full["time_to_human_s"],
        human_handle_s=full["human_handle_s"],
        ai_cost=full["ai_cost"],
        csat=full["csat"],
        complaint=full["complaint"],
        complaint_upheld=full["complaint_upheld"],
        person_acted=full["person_acted"],
        rule_required_handoff=full["rule_required_handoff"],
        repeat_of=full["repeat_of"],
        currency=scenario.currency,
    )
    detail = {k: full[k] for k in ("joined_s", "answered_s", "ended_s", "attempt", "churn_risk")}
    return SimulationResult(
        scenario=scenario,
        seed=seed,
        table=table,
        detail=detail,
        agent_hours=floor.agent_hours(horizon),
        slots_by_hour=floor.slots_by_hour(horizon * 24),
        start_epoch=start_epoch,
        behaviours=behaviours,
    )
