"""What service costs: a cost model and the cost metrics computed with it.

Cost has three parts. The assistant costs a fixed amount per conversation it takes part in (model
and infrastructure); people cost their loaded rate (salary, tax, benefits, tools) per productive
hour, the hours they are on the floor and able to take contacts; overhead (supervision, quality,
workforce planning, facilities) is a share on top of the people cost. Amounts are integers in minor
units; averages per contact are statistics and come back as floats in minor units.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ridgeline.metrics.table import ContactTable


@dataclass(frozen=True)
class CostModel:
    """Prices of the cost model, in minor units of one currency.

    Attributes:
        agent_cost_per_productive_hour: loaded cost of one person for one productive hour.
        overhead_share: overhead as a share of the people cost (0.25 adds a quarter).
        ai_cost_per_conversation: price of one assistant conversation; None keeps the `ai_cost`
            recorded on each contact.
        concurrency: chats one person handles at once, used only when productive hours are derived
            from handle time.
    """

    agent_cost_per_productive_hour: int
    overhead_share: float = 0.0
    ai_cost_per_conversation: int | None = None
    concurrency: float = 1.0


def productive_hours_from_handle_time(table: ContactTable, concurrency: float = 1.0) -> float:
    """Return the person-hours the handle time needs: total `human_handle_s` / 3600 / concurrency.

    Use this only when the real rostered productive hours are unknown: it leaves out idle time.
    """
    return float(table.human_handle_s.sum()) / 3600.0 / concurrency


def ai_cost(table: ContactTable, model: CostModel) -> int:
    """Return the total assistant cost of the contacts.

    That is the recorded `ai_cost` of each contact, or the model's price times the contacts the
    assistant took part in (paths `assistant_only` and `handed_over`).
    """
    if model.ai_cost_per_conversation is None:
        return int(table.ai_cost.sum())
    touched = ~table.path_is("human_only")
    return int(np.count_nonzero(touched)) * model.ai_cost_per_conversation


def total_cost(table: ContactTable, model: CostModel, productive_hours: float | None = None) -> int:
    """Total cost in minor units: assistant cost + people cost x (1 + overhead share).

    People cost is `productive_hours` x the loaded hourly rate; when `productive_hours` is None it
    is derived from handle time (:func:`productive_hours_from_handle_time`).
    """
    hours = (
        productive_hours_from_handle_time(table, model.concurrency)
        if productive_hours is None
        else productive_hours
    )
    people = hours * model.agent_cost_per_productive_hour * (1.0 + model.overhead_share)
    return ai_cost(table, model) + round(people)


def cost_per_contact(
    table: ContactTable, model: CostModel, productive_hours: float | None = None
) -> float:
    """Total cost (:func:`total_cost`) divided by the number of contacts, in minor units."""
    n = len(table)
    return total_cost(table, model, productive_hours) / n if n else float("nan")


def cost_per_resolved_contact(
    table: ContactTable, model: CostModel, productive_hours: float | None = None
) -> float:
    """Total cost (:func:`total_cost`) divided by the number of resolved contacts, in minor units.

    Unlike cost per contact, this rises when contacts are "deflected" without being resolved.
    """
    n = int(np.count_nonzero(table.resolved))
    return total_cost(table, model, productive_hours) / n if n else float("nan")


def assistant_fte_equivalent(
    table: ContactTable,
    productive_hours_per_fte: float,
    concurrency: float = 1.0,
    human_handle_s: float | None = None,
) -> float:
    """Full-time people the assistant's resolutions stand for.

    Defined as: contacts resolved by the assistant alone x the handle time a person would have
    needed (`human_handle_s`, by default the mean handle time of contacts people handled in the
    table) / concurrency / 3600, divided by the productive hours of one full-time person over the
    table's period (`productive_hours_per_fte`).
    """
    if productive_hours_per_fte <= 0:
        raise ValueError("productive hours per FTE must be positive")
    if human_handle_s is None:
        handled = table.human_handle_s[table.human_handle_s > 0]
        human_handle_s = float(handled.mean()) if len(handled) else float("nan")
    automated = int(np.count_nonzero(table.resolved & table.path_is("assistant_only")))
    return automated * human_handle_s / concurrency / 3600.0 / productive_hours_per_fte


def revenue_per_employee(revenue: int, headcount: float) -> float:
    """Revenue (minor units) over the period divided by the headcount (people employed)."""
    if headcount <= 0:
        raise ValueError("headcount must be positive")
    return revenue / headcount
