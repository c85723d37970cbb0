"""Hardship arrangements: the plan changes a person may agree for a customer in difficulty.

Financial difficulty goes to trained people (`shared/domain/policies.md`); what they may change
on a plan is decided here, never by the assistant:

- `payment_pause`: every unpaid instalment moves `days` later, at most the policy's
  `hardship_pause_max_days`. An instalment that had failed or was overdue is due again on its
  new date: the arrangement takes the customer out of arrears (a fee already charged stays; a
  person may waive it separately).
- `reduced_installments`: what is still owed is spread over `count` instalments, more than are
  left and at most the policy's `hardship_max_installments`, the product's interval apart (14
  days for pay in 4, 30 for pay in 30, a month for financing), the first on the next due date
  (tomorrow at the earliest); equal amounts with the remainder on the first, as the products'
  own schedules. The total owed never grows, so a plan that bears interest is not re-spread
  (it may be paused).

Each arrangement is made under the customer's open financial-difficulty case (opened here when
there is none), while which no fee accrues and no collection step runs. One arrangement per
order while its case is open. An arrangement can be cancelled while nothing of the schedule it
made has moved (no instalment paid, failed or changed since): the schedule is put back as it
was. Every change is audited with the plan before and after, in the caller's transaction.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import select

from ridgeline.audit.service import record
from ridgeline.cases import repository as cases_repo
from ridgeline.cases.service import open_case
from ridgeline.context import ServiceContext
from ridgeline.kit.errors import InvalidInputError, NotFoundError, RuleRefusedError
from ridgeline.kit.ids import new_id
from ridgeline.lending.models import HardshipArrangement, Installment, Plan
from ridgeline.lending.schedule import add_months
from ridgeline.lending.service import locked_plan, plan_view
from ridgeline.policy import UNPAID

KINDS = ("payment_pause", "reduced_installments")
#: Plan statuses an arrangement may change: a paused plan has nothing due, a settled one nothing.
ARRANGEABLE = ("active", "in_collections")


@dataclass(frozen=True)
class Terms:
    """What a person proposes: the kind and its one parameter."""

    kind: str
    days: int | None = None
    count: int | None = None


def _row(inst: Installment) -> dict[str, Any]:
    return {
        "seq": inst.seq,
        "due_date": inst.due_date.isoformat(),
        "amount": inst.amount,
        "original_amount": inst.original_amount,
        "status": inst.status,
        "failed_at": inst.failed_at.isoformat() if inst.failed_at else None,
        "retry_on": inst.retry_on.isoformat() if inst.retry_on else None,
        "retried": inst.retried,
    }


def active_arrangement(ctx: ServiceContext, order_id: str) -> HardshipArrangement | None:
    """Return the order's arrangement in force under an open case, or None."""
    query = select(HardshipArrangement).where(
        HardshipArrangement.order_id == order_id, HardshipArrangement.status == "active"
    )
    for found in ctx.session.scalars(query).all():
        case = cases_repo.get(ctx.session, found.case_id) if found.case_id else None
        if case is None or case.status == "open":
            return found
    return None


def _check(ctx: ServiceContext, plan: Plan, terms: Terms) -> list[Installment]:
    """Return the unpaid instalments the terms change, or raise the rule that refuses them."""
    policy = ctx.policy
    if ctx.actor.type == "assistant":
        raise RuleRefusedError(
            "hardship_human_only", "only a person may agree a hardship arrangement"
        )
    if terms.kind not in KINDS:
        raise InvalidInputError(f"an arrangement is one of: {', '.join(KINDS)}")
    if plan.status not in ARRANGEABLE:
        raise RuleRefusedError(
            "plan_not_active",
            f"the plan is {plan.status}: nothing falls due that an arrangement could change",
        )
    if active_arrangement(ctx, plan.order_id) is not None:
        raise RuleRefusedError(
            "arrangement_exists",
            "this order already has an arrangement under the open case; cancel it first",
        )
    unpaid = [i for i in plan.installments if i.status in UNPAID]
    if not unpaid:
        raise RuleRefusedError("nothing_due", "no instalment is left to pay on this order")
    if terms.kind == "payment_pause":
        days = terms.days or 0
        if days < 1:
            raise InvalidInputError("a payment pause is at least 1 day")
        if days > policy.hardship_pause_max_days:
            raise RuleRefusedError(
                "pause_too_long",
                f"a hardship pause is at most {policy.hardship_pause_max_days} days ({days} asked)",
            )
        return unpaid
    count = terms.count or 0
    if plan.apr_bps > 0:
        raise RuleRefusedError(
            "interest_bearing_plan",
            "a plan with interest is not re-spread (the interest would change); pause it instead",
        )
    if count <= len(unpaid):
        raise RuleRefusedError(
            "not_reduced",
            f"spread what is owed over more than the {len(unpaid)} instalment(s) left",
        )
    if count > policy.hardship_max_installments:
        raise RuleRefusedError(
            "too_many_installments",
            f"an arrangement spreads what is owed over at most "
            f"{policy.hardship_max_installments} instalments ({count} asked)",
        )
    if sum(i.amount for i in unpaid) < count:
        raise RuleRefusedError("installment_too_small", "too little is owed to spread that far")
    return unpaid


def _step(plan: Plan, first: date, n: int) -> date:
    if plan.product == "financing":
        return add_months(first, n)
    interval = 30 if plan.product == "pay_in_30" else 14
    return first + timedelta(days=interval * n)


def arrange(
    ctx: ServiceContext, order_id: str, terms: Terms, case_id: str | None = None
) -> HardshipArrangement:
    """Agree a hardship arrangement on an order, or raise the rule that refuses it."""
    order, plan = locked_plan(ctx, order_id)
    unpaid = _check(ctx, plan, terms)
    case = cases_repo.get(ctx.session, case_id) if case_id else None
    if case is not None and (case.customer_id != order.customer_id or case.status != "open"):
        raise RuleRefusedError(
            "case_not_open", "the arrangement needs an open case of this customer"
        )
    if case is None:
        found = cases_repo.open_of_type(ctx.session, order.customer_id, "financial_difficulty")
        case = found[0] if found else open_case(
            ctx, order.customer_id, "financial_difficulty", details={"opened_by": "desk"}
        )  # fmt: skip
    before = plan_view(plan)
    rows_before = [_row(i) for i in unpaid]
    added: list[int] = []
    if terms.kind == "payment_pause":
        for inst in unpaid:
            inst.due_date += timedelta(days=terms.days or 0)
            _cure(inst)
    else:
        count = terms.count or 0
        owed = sum(i.amount for i in unpaid)
        share, rest = divmod(owed, count)
        first = max(unpaid[0].due_date, ctx.today() + timedelta(days=1))
        last_seq = max(i.seq for i in plan.installments)
        for n in range(count):
            amount = share + (rest if n == 0 else 0)
            due = _step(plan, first, n)
            if n < len(unpaid):
                inst = unpaid[n]
                inst.due_date, inst.amount = due, amount
                _cure(inst)
            else:
                last_seq += 1
                added.append(last_seq)
                plan.installments.append(
                    Installment(
                        seq=last_seq,
                        due_date=due,
                        original_amount=amount,
                        amount=amount,
                        status="scheduled",
                    )
                )
    ctx.session.flush()
    changed = {r["seq"] for r in rows_before} | set(added)
    arrangement = HardshipArrangement(
        id=new_id("ARR"),
        order_id=order_id,
        customer_id=order.customer_id,
        case_id=case.id,
        kind=terms.kind,
        status="active",
        terms={"days": terms.days} if terms.kind == "payment_pause" else {"count": terms.count},
        before=rows_before,
        after=[_row(i) for i in plan.installments if i.seq in changed],
        added=added,
        created_at=ctx.now(),
        created_by=ctx.actor.id,
    )
    ctx.session.add(arrangement)
    ctx.session.flush()
    record(
        ctx,
        "hardship.arranged",
        "plan",
        order_id,
        customer_id=order.customer_id,
        before=before,
        after=plan_view(plan),
        details={
            "arrangement_id": arrangement.id,
            "kind": terms.kind,
            **arrangement.terms,
            "case_id": case.id,
        },
    )
    return arrangement


def _cure(inst: Installment) -> None:
    """Make an instalment due on its new date again (out of arrears, its retry forgotten)."""
    inst.status = "scheduled"
    inst.failed_at = None
    inst.retry_on = None
    inst.retried = False


def cancel(ctx: ServiceContext, arrangement_id: str) -> HardshipArrangement:
    """Put the schedule back as it was before the arrangement, if none of it has moved since."""
    arrangement = ctx.session.get(HardshipArrangement, arrangement_id)
    if arrangement is None:
        raise NotFoundError("arrangement", arrangement_id)
    if arrangement.status != "active":
        raise RuleRefusedError("arrangement_ended", f"the arrangement is {arrangement.status}")
    order, plan = locked_plan(ctx, arrangement.order_id)
    now_rows = {i.seq: _row(i) for i in plan.installments}
    if any(now_rows.get(r["seq"]) != r for r in arrangement.after):
        raise RuleRefusedError(
            "schedule_changed",
            "the arranged schedule has moved since (a payment or a change): it stays as it is",
        )
    before = plan_view(plan)
    by_seq = {i.seq: i for i in plan.installments}
    for old in arrangement.before:
        inst = by_seq[old["seq"]]
        inst.due_date = date.fromisoformat(old["due_date"])
        inst.amount = old["amount"]
        inst.original_amount = old["original_amount"]
        inst.status = old["status"]
        inst.failed_at = datetime.fromisoformat(old["failed_at"]) if old["failed_at"] else None
        inst.retry_on = date.fromisoformat(old["retry_on"]) if old["retry_on"] else None
        inst.retried = old["retried"]
    for seq in arrangement.added:
        plan.installments.remove(by_seq[seq])
    arrangement.status = "cancelled"
    arrangement.ended_at = ctx.now()
    ctx.session.flush()
    record(
        ctx,
        "hardship.cancelled",
        "plan",
        order.id,
        customer_id=order.customer_id,
        before=before,
        after=plan_view(plan),
        details={"arrangement_id": arrangement.id, "kind": arrangement.kind},
    )
    return arrangement
