"""Erlang C and Erlang A: the planning formulas the simulator is checked against.

Erlang C describes one queue with Poisson arrivals (rate λ), exponential handling (mean h) and N
agents, where nobody abandons: traffic A = λh Erlangs, the probability of waiting C(N, A), the
service level SL(t) = 1 - C·exp(-(N - A)·t/h). Erlang A (Palm's M/M/N+M) adds exponentially
distributed patience (mean 1/θ): waiting customers leave at rate θ each. We solve Erlang A as a
birth-death chain (births λ; deaths min(n, N)/h + max(n - N, 0)·θ) truncated far in the tail,
which is exact to floating-point precision and needs no special functions.
"""

from __future__ import annotations

import math
from dataclasses import dataclass


def erlang_b(agents: int, traffic: float) -> float:
    """Return the Erlang B blocking probability, by the stable recursion B(n) = A·B/(n + A·B)."""
    b = 1.0
    for n in range(1, agents + 1):
        b = traffic * b / (n + traffic * b)
    return b


def erlang_c(agents: int, traffic: float) -> float:
    """Return C(N, A), the probability that an arriving contact waits (1 when N <= A)."""
    if agents <= traffic:
        return 1.0
    b = erlang_b(agents, traffic)
    return agents * b / (agents - traffic * (1.0 - b))


def erlang_c_service_level(agents: int, traffic: float, aht_s: float, target_s: float) -> float:
    """Return the share of contacts answered within `target_s`: 1 - C·exp(-(N - A)·t/h)."""
    if agents <= traffic:
        return 0.0
    c = erlang_c(agents, traffic)
    return 1.0 - c * math.exp(-(agents - traffic) * target_s / aht_s)


def erlang_c_mean_wait(agents: int, traffic: float, aht_s: float) -> float:
    """Return the mean wait in seconds over all contacts: C·h/(N - A)."""
    if agents <= traffic:
        return math.inf
    return erlang_c(agents, traffic) * aht_s / (agents - traffic)


@dataclass(frozen=True)
class ErlangA:
    """Steady-state figures of the M/M/N+M queue."""

    p_wait: float
    p_abandon: float
    mean_wait_s: float
    mean_queue: float


def erlang_a(agents: int, arrivals_per_s: float, aht_s: float, patience_mean_s: float) -> ErlangA:
    """Solve Erlang A (M/M/N+M) for N agents, arrival rate, mean handle and mean patience.

    `mean_wait_s` is over all arrivals, served or not (time spent in the queue).
    """
    mu = 1.0 / aht_s
    theta = 1.0 / patience_mean_s
    # unnormalised log-probabilities p(n) along the chain, stopped when negligible
    logs = [0.0]
    n = 0
    while True:
        n += 1
        death = min(n, agents) * mu + max(n - agents, 0) * theta
        logs.append(logs[-1] + math.log(arrivals_per_s) - math.log(death))
        if n > agents and logs[-1] < max(logs) - 50.0:
            break
    top = max(logs)
    weights = [math.exp(x - top) for x in logs]
    total = sum(weights)
    probs = [w / total for w in weights]
    p_wait = sum(probs[agents:])
    mean_queue = sum((k - agents) * p for k, p in enumerate(probs) if k > agents)
    return ErlangA(
        p_wait=p_wait,
        p_abandon=theta * mean_queue / arrivals_per_s,
        mean_wait_s=mean_queue / arrivals_per_s,
        mean_queue=mean_queue,
    )
