"""Results of a run: the headline metrics, exports (CSV or Parquet), PNG plots and an HTML page.

The headline figures are the metric dictionary's own (:func:`ridgeline.metrics.headline`) with
the simulator's rostered productive hours as the people cost, plus the churn proxy, which only the
simulator knows. Plots use matplotlib's Agg backend, so they render without a display.
"""

from __future__ import annotations

import csv
import html
import math
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from ridgeline.metrics import CostModel, breakdown, headline
from ridgeline.metrics import definitions as d
from ridgeline.simulation.engine import SimulationResult
from ridgeline.simulation.series import EVENT_KINDS, events, series


def cost_model(result: SimulationResult) -> CostModel:
    """Return the metric dictionary's cost model for the run's scenario."""
    s = result.scenario
    return CostModel(
        agent_cost_per_productive_hour=s.costs.agent_cost_per_productive_hour,
        overhead_share=s.costs.overhead_share,
        concurrency=float(np.mean([g.concurrency for g in s.people.groups])),
    )


def figures(result: SimulationResult) -> dict[str, float]:
    """Return the run's headline figures: the metric dictionary plus churn and staffing."""
    s = result.scenario
    days = len(result.slots_by_hour) / 24.0
    # one full-time person: 8 h x 5 days a week, less shrinkage
    fte_hours = 8.0 * 5.0 / 7.0 * days * (1.0 - s.people.shrinkage)
    out = headline(result.table, cost_model(result), result.agent_hours, fte_hours)
    churn = float(result.detail["churn_risk"].sum())
    out["churn_proxy_customers"] = churn
    out["churn_cost_per_contact"] = churn * s.customers.customer_value / max(len(result.table), 1)
    out["agent_productive_hours"] = result.agent_hours
    n = max(len(result.table), 1)
    for path, sat in d.satisfaction_by_path(result.table).items():
        out[f"{path}_share"] = sat.contacts / n
        out[f"{path}_csat_positive_share"] = sat.positive_share
        out[f"{path}_csat_response_rate"] = sat.response_rate
    resolved = max(int(np.count_nonzero(result.table.resolved)), 1)
    out["net_cost_per_resolved_contact"] = (
        out["cost_per_resolved_contact"] + churn * s.customers.customer_value / resolved
    )
    if s.costs.revenue_per_day is not None and s.costs.headcount is not None:
        out["revenue_per_employee"] = s.costs.revenue_per_day * days / s.costs.headcount
    return out


def shown(name: str, value: float, currency: str) -> str:
    """Return one figure as text: money in major units, times in seconds, rates in percent."""
    if "cost" in name or "revenue" in name:
        return f"{value / 100:,.2f} {currency}"
    if name.endswith("_s"):
        return f"{value:,.0f} s"
    if name.endswith(("rate", "share")):
        return f"{100 * value:.1f}%"
    return f"{value:,.1f}"


def format_figures(values: dict[str, float], currency: str) -> str:
    """Return the figures as aligned text lines."""
    return "\n".join(f"{k:<36}{shown(k, v, currency):>18}" for k, v in values.items())


def _write_columns(columns: dict[str, npt.NDArray[Any]], path: Path, fmt: str) -> Path:
    if fmt == "parquet":
        import pyarrow as pa
        import pyarrow.parquet as pq

        target = path.with_suffix(".parquet")
        pq.write_table(pa.table({k: np.asarray(v) for k, v in columns.items()}), target)
        return target
    target = path.with_suffix(".csv")
    with target.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh)
        writer.writerow(list(columns))
        writer.writerows(zip(*(np.asarray(v).tolist() for v in columns.values()), strict=True))
    return target


def export(
    result: SimulationResult, out: Path, fmt: str = "csv", with_events: bool = False
) -> list[Path]:
    """Write the contact table, the hourly series and optionally the event log to `out`."""
    out.mkdir(parents=True, exist_ok=True)
    written = [
        _write_columns(result.table.to_columns(), out / "contacts", fmt),
        _write_columns(dict(series(result)), out / "series_hourly", fmt),
    ]
    if with_events:
        ev: dict[str, npt.NDArray[Any]] = dict(events(result))
        ev["kind"] = np.asarray(EVENT_KINDS, dtype=object)[ev["kind"]]
        ev["queue"] = np.asarray(result.table.queue.levels, dtype=object)[ev["queue"]]
        written.append(_write_columns(ev, out / "events", fmt))
    return written


def plot(result: SimulationResult, out: Path) -> list[Path]:
    """Draw the run's plots as PNG files in `out` and return their paths."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    out.mkdir(parents=True, exist_ok=True)
    hourly = series(result)
    hours = np.arange(len(hourly["offered"])) / 24.0
    paths = []

    fig, ax = plt.subplots(2, 1, figsize=(11, 6), sharex=True)
    ax[0].plot(hours, hourly["offered"], label="offered", lw=0.8)
    ax[0].plot(hours, hourly["queued"], label="to a person", lw=0.8)
    ax[0].plot(hours, hourly["abandoned"], label="abandoned", lw=0.8)
    ax[0].set_ylabel("contacts per hour")
    ax[0].legend(loc="upper right")
    ax[1].plot(hours, hourly["open_slots"], label="open chat slots", lw=0.8)
    ax[1].plot(hours, hourly["busy_slots"], label="busy chat slots", lw=0.8)
    ax[1].set_ylabel("slots")
    ax[1].set_xlabel("day")
    ax[1].legend(loc="upper right")
    fig.suptitle(f"{result.scenario.name}: load and staffing by hour")
    paths.append(out / "load_and_staffing.png")
    fig.savefig(paths[-1], dpi=100)
    plt.close(fig)

    daily = {k: v.reshape(-1, 24) for k, v in hourly.items() if len(v) % 24 == 0}
    offered_to_people = (daily["answered"] + daily["abandoned"]).sum(axis=1)
    sl = daily["answered_in_target"].sum(axis=1) / np.maximum(offered_to_people, 1.0)
    by_day = breakdown(result.table, "day", d.satisfaction)
    fig, ax = plt.subplots(figsize=(11, 4))
    ax.plot(range(len(sl)), sl, marker="o", label="service level (answered in target)")
    ax.plot(
        range(len(by_day)),
        [v.positive_share for v in by_day.values()],
        marker="s",
        label="satisfaction (positive share)",
    )
    ax.set_ylim(0, 1)
    ax.set_xlabel("day")
    ax.legend()
    fig.suptitle(f"{result.scenario.name}: service level and satisfaction by day")
    paths.append(out / "service_and_satisfaction.png")
    fig.savefig(paths[-1], dpi=100)
    plt.close(fig)

    by_path = d.satisfaction_by_path(result.table)
    counts = [int(np.count_nonzero(result.table.path_is(p))) for p in by_path]
    fig, ax = plt.subplots(1, 2, figsize=(11, 4))
    ax[0].bar(list(by_path), counts)
    ax[0].set_title("contacts by path")
    ax[1].bar(list(by_path), [v.positive_share for v in by_path.values()])
    ax[1].set_ylim(0, 1)
    ax[1].set_title("satisfaction by path (positive share)")
    paths.append(out / "paths.png")
    fig.savefig(paths[-1], dpi=100)
    plt.close(fig)
    return paths


def html_page(
    result: SimulationResult, values: dict[str, float], images: list[Path], out: Path
) -> Path:
    """Write index.html: the figures as a table and the plots beside it."""
    currency = result.scenario.currency
    rows = "\n".join(
        f"<tr><th>{html.escape(k)}</th><td>{html.escape(shown(k, v, currency))}</td></tr>"
        for k, v in values.items()
    )
    by_queue = breakdown(result.table, "queue", d.abandonment_rate)
    queue_rows = "\n".join(
        f"<tr><th>{html.escape(q or '(assistant only)')}</th><td>{100 * v:.1f}%</td></tr>"
        for q, v in by_queue.items()
        if not math.isnan(v)
    )
    imgs = "\n".join(
        f'<img src="{html.escape(p.name)}" alt="{html.escape(p.stem)}">' for p in images
    )
    page = f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<title>Simulation: {html.escape(result.scenario.name)}</title>
<style>body{{font-family:sans-serif;margin:2em}}table{{border-collapse:collapse}}
th,td{{padding:2px 10px;border-bottom:1px solid #ddd;text-align:left}}img{{max-width:100%}}</style>
</head><body>
<h1>Simulation: {html.escape(result.scenario.name)}</h1>
<p>{html.escape(result.scenario.description)} Seed {result.seed},
{len(result.slots_by_hour) // 24} days.</p>
<h2>Metrics</h2><table>{rows}</table>
<h2>Abandonment by queue</h2><table>{queue_rows}</table>
<h2>Plots</h2>{imgs}
</body></html>
"""
    target = out / "index.html"
    target.write_text(page, encoding="utf-8")
    return target
