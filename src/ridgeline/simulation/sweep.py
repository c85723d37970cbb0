"""Sweeps: run a scenario over a grid of levers and find where more automation stops paying.

A sweep finds the cost-satisfaction frontier and the point past which more automation costs more
satisfaction than it saves money.

Levers (`--vary NAME=FROM:TO:STEP` or `NAME=A,B,C`):

- `automation`: the share of assistant conversations the assistant keeps (see
  :func:`ridgeline.simulation.assistant.apply_automation`);
- `agents`: a multiplier on every rostered shift (1.0 = the scenario's roster, or the roster
  scaled to the human workload the automation level leaves, see :func:`with_levers`);
- `shrinkage`: the share of rostered time not on the floor.

Each point is a full run with the same seed (common random numbers, so differences between points
come from the levers, not from noise), in parallel processes. Satisfaction is turned into money
through the churn proxy: each contact's chance of making the customer leave times the value of a
customer. The named point is the automation level with the lowest cost per resolved contact once
that churn cost is added: past it, each step of automation loses more in customers than it saves
in people.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from ridgeline.simulation.engine import resolve_behaviours, simulate
from ridgeline.simulation.report import figures
from ridgeline.simulation.scenario import Scenario

LEVERS = ("automation", "agents", "shrinkage")


def parse_vary(spec: str) -> tuple[str, list[float]]:
    """Parse `NAME=FROM:TO:STEP` (TO included) or `NAME=A,B,C` into a lever and its values."""
    name, sep, values = spec.partition("=")
    name = name.strip()
    if not sep or name not in LEVERS:
        raise ValueError(f"--vary takes NAME=FROM:TO:STEP with NAME in {LEVERS}: {spec!r}")
    if ":" in values:
        lo, hi, step = (float(x) for x in values.split(":"))
        if step <= 0 or hi < lo:
            raise ValueError(f"empty range in {spec!r}")
        count = int(np.floor((hi - lo) / step + 1e-9)) + 1
        return name, [round(lo + i * step, 10) for i in range(count)]
    return name, [float(x) for x in values.split(",") if x.strip()]


def human_workload(scenario: Scenario, base: Path | None = None) -> float:
    """Return the expected person-seconds per new contact (first contacts, no repeats)."""
    mix = scenario.arrivals.intent_mix
    direct = scenario.arrivals.direct_to_human
    behaviours = resolve_behaviours(scenario, base)
    total = sum(mix.values())
    work = 0.0
    for intent, weight in mix.items():
        b = behaviours[intent]
        aht = b.handle_time_mean_s or scenario.people.queues[b.queue].handle_time_mean_s
        work += weight / total * (direct + (1.0 - direct) * b.handoff) * aht
    return work


def with_levers(
    scenario: Scenario,
    levers: dict[str, float],
    staff_to_workload: bool = True,
    base: Path | None = None,
) -> Scenario:
    """Return a copy of the scenario with the levers set.

    With `staff_to_workload`, changing automation also scales the roster by the change in
    expected human workload, as a planner would: savings from automation only exist once the
    roster shrinks. `agents` then multiplies that roster.
    """
    a, p = scenario.assistant, scenario.people
    scale = p.staffing_scale
    if "automation" in levers:
        a = a.model_copy(update={"automation": levers["automation"]})
        if staff_to_workload:
            before = human_workload(scenario, base)
            after = human_workload(scenario.model_copy(update={"assistant": a}), base)
            scale *= after / before if before > 0 else 1.0
    if "agents" in levers:
        scale *= levers["agents"]
    p = p.model_copy(update={"staffing_scale": scale})
    if "shrinkage" in levers:
        p = p.model_copy(update={"shrinkage": levers["shrinkage"]})
    return scenario.model_copy(update={"assistant": a, "people": p})


@dataclass(frozen=True)
class SweepPoint:
    """One run of a sweep: its lever values and its headline figures."""

    levers: dict[str, float]
    figures: dict[str, float]

    @property
    def cost(self) -> float:
        """Return the cost per resolved contact (minor units)."""
        return self.figures["cost_per_resolved_contact"]

    @property
    def satisfaction(self) -> float:
        """Return the share of positive survey answers."""
        return self.figures["csat_positive_share"]


_Job = tuple[str, dict[str, float], int, int | None, str | None, bool]


def _run_point(args: _Job) -> SweepPoint:
    scenario_json, levers, seed, days, base_s, staff = args
    base = Path(base_s) if base_s else None
    scenario = with_levers(Scenario.model_validate_json(scenario_json), levers, staff, base)
    result = simulate(scenario, seed, days, base)
    return SweepPoint(levers, figures(result))


def run_sweep(
    scenario: Scenario,
    varies: Sequence[tuple[str, list[float]]],
    seed: int = 1,
    days: int | None = None,
    base: Path | None = None,
    workers: int = 2,
    staff_to_workload: bool = True,
) -> list[SweepPoint]:
    """Run every combination of the lever values, `workers` processes at a time."""
    names = [n for n, _ in varies]
    grid = [
        dict(zip(names, combo, strict=True)) for combo in itertools.product(*(v for _, v in varies))
    ]
    payload = scenario.model_dump_json()
    folder = str(base) if base else None
    jobs: list[_Job] = [(payload, lv, seed, days, folder, staff_to_workload) for lv in grid]
    if workers <= 1 or len(jobs) == 1:
        return [_run_point(j) for j in jobs]
    with ProcessPoolExecutor(max_workers=workers) as pool:
        return list(pool.map(_run_point, jobs))


def frontier(points: Sequence[SweepPoint]) -> list[SweepPoint]:
    """Return the points no other point beats on both cost and satisfaction, cheapest first."""
    ordered = sorted(points, key=lambda p: (p.cost, -p.satisfaction))
    out: list[SweepPoint] = []
    best = -np.inf
    for p in ordered:
        if p.satisfaction > best:
            out.append(p)
            best = p.satisfaction
    return out


@dataclass(frozen=True)
class Knee:
    """The automation level past which more automation costs more satisfaction than it saves."""

    point: SweepPoint
    next_point: SweepPoint | None

    def explain(self, currency: str) -> str:
        """Return one paragraph naming the point and the trade at the next step."""
        lv = ", ".join(f"{k}={v:g}" for k, v in self.point.levers.items())
        f = self.point.figures
        cost = f["cost_per_resolved_contact"] / 100
        text = (
            f"Named point: {lv}. Cost per resolved contact {cost:.2f} "
            f"{currency}, satisfaction {100 * f['csat_positive_share']:.1f}%, net of churn "
            f"{f['net_cost_per_resolved_contact'] / 100:.2f} {currency}."
        )
        if self.next_point is not None:
            g = self.next_point.figures
            saved = f["cost_per_resolved_contact"] - g["cost_per_resolved_contact"]
            lost = (g["net_cost_per_resolved_contact"] - g["cost_per_resolved_contact"]) - (
                f["net_cost_per_resolved_contact"] - f["cost_per_resolved_contact"]
            )
            text += (
                f" The next step (automation={self.next_point.levers['automation']:g}) saves "
                f"{saved / 100:.2f} {currency} per resolved contact but costs {lost / 100:.2f} "
                f"{currency} in churn, satisfaction "
                f"{100 * (g['csat_positive_share'] - f['csat_positive_share']):+.1f} points."
            )
        return text


def knee(points: Sequence[SweepPoint]) -> Knee | None:
    """Name the automation level with the lowest cost per resolved contact including churn.

    For each automation level the best setting of the other levers is taken; None when the
    sweep does not vary automation.
    """
    by_level: dict[float, SweepPoint] = {}
    for p in points:
        if "automation" not in p.levers:
            return None
        a = p.levers["automation"]
        net = p.figures["net_cost_per_resolved_contact"]
        if a not in by_level or net < by_level[a].figures["net_cost_per_resolved_contact"]:
            by_level[a] = p
    levels = sorted(by_level)
    best = min(levels, key=lambda a: by_level[a].figures["net_cost_per_resolved_contact"])
    # levels past the reachable maximum repeat the same run; the next step is the next change
    after = [a for a in levels if a > best and by_level[a].figures != by_level[best].figures]
    return Knee(by_level[best], by_level[after[0]] if after else None)


def plot_frontier(points: Sequence[SweepPoint], named: Knee | None, path: Path, title: str) -> Path:
    """Draw cost per resolved contact against satisfaction, the frontier and the named point."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(9, 6))
    ax.scatter(
        [p.cost / 100 for p in points],
        [p.satisfaction for p in points],
        s=14,
        color="#999",
        label="runs",
    )
    front = frontier(points)
    ax.plot(
        [p.cost / 100 for p in front],
        [p.satisfaction for p in front],
        "o-",
        color="#1f77b4",
        label="frontier",
    )
    for p in front:
        label = ",".join(f"{k[0]}{v:g}" for k, v in p.levers.items())
        ax.annotate(
            label,
            (p.cost / 100, p.satisfaction),
            fontsize=7,
            xytext=(3, 3),
            textcoords="offset points",
        )
    if named is not None:
        ax.scatter(
            [named.point.cost / 100],
            [named.point.satisfaction],
            s=120,
            facecolors="none",
            edgecolors="red",
            label="named point",
        )
    ax.set_xlabel("cost per resolved contact (major units)")
    ax.set_ylabel("satisfaction (positive share)")
    ax.set_title(title)
    ax.legend()
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path, dpi=100)
    plt.close(fig)
    return path
