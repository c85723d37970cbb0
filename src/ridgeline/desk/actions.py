"""Record actions an agent takes from the desk: previewed, confirmed, and undone where allowed.

An action is one of `KINDS` with its parameters (`Params`). Before the agent confirms, the desk
shows what it would change: `preview` runs the action itself in a savepoint of the request's
transaction and rolls it back, so the preview is exactly what confirming does, and a refusal is
the very rule that would refuse it (nothing is written either way). `run` does it, audited by
the domain services under the agent's id, and keeps a `DeskAction` with the reverse action when
the rules have one:

| kind | does | undone by |
|---|---|---|
| pause | pauses the plan | resume (while it is still paused) |
| resume | resumes a paused plan | pausing it again, for the same reason |
| autopay | turns automatic payments on or off | the opposite (not within 24 h of a due date) |
| hardship | a hardship arrangement (`lending/hardship.py`) | ending it (schedule untouched) |
| end_hardship | cancels an arrangement, putting the schedule back | - |
| extend | the order's one due-date extension | - (one per order: it is never given twice) |
| waive_fee | waives a late fee | - (a waived fee is not charged again) |
| report_return | pauses the plan for a return and opens its case | - (the case stays on record) |
| dispute | opens a dispute and pauses the plan | - (the case stays on record) |
| close_case | closes a case with an outcome | - (a closed case is not reopened) |

An undo is allowed once, for the policy's `desk_undo_minutes`, to the action's author or a
supervisor, and the reverse is checked by the services like any action. Hardship arrangements
are agreed by people who serve the financial-support queue (or supervisors).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import timedelta
from typing import Any

from ridgeline.assistant.replies import format_money
from ridgeline.cases import repository as cases_repo
from ridgeline.cases.service import close_case
from ridgeline.context import ServiceContext
from ridgeline.desk import repository
from ridgeline.desk.models import DeskAction
from ridgeline.desk.routing import Staff
from ridgeline.kit.errors import DomainError, InvalidInputError, NotFoundError, RuleRefusedError
from ridgeline.kit.ids import new_id
from ridgeline.kit.money import Currency, Money
from ridgeline.lending import collections, hardship, returns
from ridgeline.lending import repository as lending_repo
from ridgeline.lending import service as lending
from ridgeline.lending.models import HardshipArrangement
from ridgeline.policy import DISPUTE_REASONS

KINDS = (
    "pause",
    "resume",
    "autopay",
    "hardship",
    "end_hardship",
    "extend",
    "waive_fee",
    "report_return",
    "dispute",
    "close_case",
)
#: Why an action without a reverse cannot be undone.
FINAL = {
    "extend": "an extension is given once per order and cannot be taken back",
    "waive_fee": "a waived fee is not charged again",
    "report_return": "the return case stays on record; resume the plan if the return is withdrawn",
    "dispute": "the dispute case stays on record",
    "close_case": "a closed case is not reopened",
    "end_hardship": "agree a new arrangement instead",
}


@dataclass(frozen=True)
class Params:
    """An action and its parameters (each kind reads the ones it needs)."""

    kind: str
    order_id: str | None = None
    fee_id: str | None = None
    enabled: bool | None = None
    reason: str | None = None
    arrangement: str | None = None
    days: int | None = None
    count: int | None = None
    arrangement_id: str | None = None
    case_id: str | None = None
    outcome: str | None = None

    def stored(self) -> dict[str, Any]:
        """Return the parameters given, for the action's record."""
        return {k: v for k, v in asdict(self).items() if v is not None}


@dataclass(frozen=True)
class Done:
    """What an action did: its summary, whose records, and its reverse (None: final)."""

    summary: str
    customer_id: str
    undo: dict[str, Any] | None


@dataclass(frozen=True)
class Preview:
    """What an action would change, or the rule that refuses it."""

    kind: str
    allowed: bool
    summary: str
    rule: str | None
    message: str | None
    changes: list[str]
    before: dict[str, Any] | None
    after: dict[str, Any] | None
    undo: str


def _need(value: Any, what: str, kind: str) -> Any:
    if value is None or value == "":
        raise InvalidInputError(f"{kind.replace('_', ' ')} needs {what}")
    return value


def _order_customer(ctx: ServiceContext, order_id: str) -> str:
    return lending.load_order(ctx, order_id).customer_id


def _execute(ctx: ServiceContext, staff: Staff, p: Params) -> Done:
    """Do action `p` through the domain services; return what it did and its reverse."""
    kind = p.kind
    if kind not in KINDS:
        raise InvalidInputError(f"unknown action {kind!r}: one of {', '.join(KINDS)}")
    if kind == "close_case":
        case_id = _need(p.case_id, "a case", kind)
        outcome = _need(p.outcome, "an outcome", kind)
        case = close_case(ctx, case_id, outcome)
        label = outcome.replace("_", " ")
        return Done(
            f"Closed {case.type.replace('_', ' ')} case {case.id}: {label}", case.customer_id, None
        )
    if kind == "end_hardship":
        arrangement = hardship.cancel(ctx, _need(p.arrangement_id, "an arrangement", kind))
        return Done(
            f"Ended the hardship arrangement of order {arrangement.order_id}; schedule put back",
            arrangement.customer_id,
            None,
        )
    order_id = _need(p.order_id, "an order", kind)
    customer_id = _order_customer(ctx, order_id)
    if kind == "pause":
        lending.pause_plan(ctx, order_id, p.reason or "agent")
        return Done(
            f"Paused the plan of order {order_id}",
            customer_id,
            {"kind": "resume", "order_id": order_id},
        )
    if kind == "resume":
        reason = lending.load_order(ctx, order_id).plan.paused_reason or "agent"
        lending.resume_plan(ctx, order_id)
        undo = {"kind": "pause", "order_id": order_id, "reason": reason}
        return Done(f"Resumed the plan of order {order_id}", customer_id, undo)
    if kind == "autopay":
        enabled = _need(p.enabled, "on or off", kind)
        lending.set_autopay(ctx, order_id, bool(enabled))
        undo = {"kind": "autopay", "order_id": order_id, "enabled": not enabled}
        state = "on" if enabled else "off"
        return Done(f"Turned autopay {state} for order {order_id}", customer_id, undo)
    if kind == "hardship":
        if not staff.serves("financial_support"):
            raise RuleRefusedError(
                "hardship_trained_only",
                "hardship arrangements are agreed by the financial support team",
            )
        terms = hardship.Terms(_need(p.arrangement, "a kind of arrangement", kind), p.days, p.count)
        made = hardship.arrange(ctx, order_id, terms, p.case_id)
        what = (
            f"a payment pause of {terms.days} days"
            if terms.kind == "payment_pause"
            else f"what is owed spread over {terms.count} instalments"
        )
        undo = {"kind": "end_hardship", "arrangement_id": made.id}
        return Done(f"Hardship arrangement on order {order_id}: {what}", customer_id, undo)
    if kind == "extend":
        offer = lending.extend_due_date(ctx, order_id)
        summary = (
            f"Extended instalment {offer.seq} of order {order_id}: "
            f"{offer.from_date.isoformat()} → {offer.to_date.isoformat()}"
        )
        return Done(summary, customer_id, None)
    if kind == "waive_fee":
        fee_id = _need(p.fee_id, "a fee", kind)
        fee = lending_repo.get_fee(ctx.session, fee_id)
        if fee is None or fee.order_id != order_id:
            raise NotFoundError("fee", fee_id)
        collections.waive_fee(ctx, fee_id)
        return Done(f"Waived fee {fee_id} on order {order_id}", customer_id, None)
    if kind == "report_return":
        case = returns.report_return(ctx, order_id)
        return Done(f"Reported a return on order {order_id} (case {case.id})", customer_id, None)
    reason = _need(p.reason, "a reason", kind)
    if reason not in DISPUTE_REASONS:
        raise InvalidInputError(f"a dispute's reason is one of: {', '.join(DISPUTE_REASONS)}")
    case = returns.open_dispute(ctx, order_id, reason)
    return Done(f"Opened a dispute on order {order_id} (case {case.id})", customer_id, None)


def _snapshot(ctx: ServiceContext, p: Params) -> dict[str, Any] | None:
    """Return what an action may change, as plain values, before or after it."""
    ctx.session.flush()
    if p.kind == "close_case":
        case = cases_repo.get(ctx.session, p.case_id or "")
        if case is None:
            return None
        return {"cases": {case.id: [case.type, case.status, case.outcome]}}
    order_id = p.order_id
    if p.kind == "end_hardship" and p.arrangement_id:
        found = ctx.session.get(HardshipArrangement, p.arrangement_id)
        order_id = found.order_id if found else None
    order = lending_repo.get_order(ctx.session, order_id) if order_id else None
    if order is None:
        return None
    ctx.session.refresh(order, attribute_names=["plan", "fees"])
    plan = order.plan
    ctx.session.refresh(plan, attribute_names=["status", "autopay", "installments"])
    return {
        "order_id": order.id,
        "currency": order.currency,
        "status": plan.status,
        "autopay": plan.autopay,
        "installments": [
            {
                "seq": i.seq,
                "due_date": i.due_date.isoformat(),
                "amount": i.amount,
                "status": i.status,
            }
            for i in plan.installments
        ],
        "fees": {f.id: [f.amount, f.status] for f in order.fees},
        "cases": {
            c.id: [c.type, c.status, c.outcome]
            for c in cases_repo.for_customer(ctx.session, order.customer_id)
        },
    }


def _money(amount: int, currency: str) -> str:
    return format_money(Money(amount, Currency(currency)), "en_GB")


def changes(before: dict[str, Any] | None, after: dict[str, Any] | None) -> list[str]:
    """Return one line per thing that differs between two snapshots, in the agent's words."""
    if before is None or after is None:
        return []
    lines: list[str] = []
    currency = str(after.get("currency") or before.get("currency") or "EUR")
    if before.get("status") != after.get("status"):
        lines.append(f"Plan: {before.get('status')} → {after.get('status')}")
    if before.get("autopay") != after.get("autopay"):
        lines.append(f"Autopay: {_onoff(before.get('autopay'))} → {_onoff(after.get('autopay'))}")
    was = {i["seq"]: i for i in before.get("installments", [])}
    now = {i["seq"]: i for i in after.get("installments", [])}
    for seq in sorted(was.keys() | now.keys()):
        a, b = was.get(seq), now.get(seq)
        if a is None and b is not None:
            amount = _money(b["amount"], currency)
            lines.append(f"Instalment {seq} (new): {amount} due {b['due_date']}")
        elif b is None and a is not None:
            lines.append(f"Instalment {seq}: removed")
        elif a is not None and b is not None and a != b:
            parts = []
            if a["due_date"] != b["due_date"]:
                parts.append(f"due {a['due_date']} → {b['due_date']}")
            if a["amount"] != b["amount"]:
                parts.append(f"{_money(a['amount'], currency)} → {_money(b['amount'], currency)}")
            if a["status"] != b["status"]:
                parts.append(f"{a['status']} → {b['status']}")
            lines.append(f"Instalment {seq}: " + ", ".join(parts))
    for fee_id, (amount, status) in after.get("fees", {}).items():
        old = before.get("fees", {}).get(fee_id)
        if old and old[1] != status:
            lines.append(f"Fee {_money(amount, currency)}: {old[1]} → {status}")
    for case_id, (case_type, status, outcome) in after.get("cases", {}).items():
        old = before.get("cases", {}).get(case_id)
        label = case_type.replace("_", " ")
        if old is None:
            lines.append(f"New {label} case {case_id}")
        elif old[1] != status:
            lines.append(
                f"Case {case_id} ({label}): {old[1]} → {status}"
                + (f", {outcome.replace('_', ' ')}" if outcome else "")
            )
    return lines


def _onoff(value: Any) -> str:
    return "on" if value else "off"


def undo_note(ctx: ServiceContext, kind: str) -> str:
    """Say whether and for how long an action of `kind` can be undone."""
    if kind in FINAL:
        return f"Cannot be undone: {FINAL[kind]}."
    return f"Can be undone for {ctx.policy.desk_undo_minutes} minutes."


def preview(ctx: ServiceContext, staff: Staff, p: Params) -> Preview:
    """Return what action `p` would change, running it in a savepoint that is rolled back."""
    before = _snapshot(ctx, p)
    savepoint = ctx.session.begin_nested()
    try:
        done = _execute(ctx, staff, p)
        after = _snapshot(ctx, p)
    except DomainError as exc:
        savepoint.rollback()
        ctx.session.expire_all()
        return Preview(
            p.kind,
            False,
            "",
            getattr(exc, "rule", exc.code),
            exc.message,
            [],
            before,
            None,
            undo_note(ctx, p.kind),
        )
    savepoint.rollback()
    ctx.session.expire_all()
    return Preview(
        p.kind, True, done.summary, None, None, changes(before, after), before, after,
        undo_note(ctx, p.kind),
    )  # fmt: skip


def run(
    ctx: ServiceContext, staff: Staff, p: Params, conversation_id: str | None = None
) -> tuple[DeskAction, list[str]]:
    """Do action `p` and keep it with its reverse; return it and what it changed."""
    before = _snapshot(ctx, p)
    done = _execute(ctx, staff, p)
    after = _snapshot(ctx, p)
    action = DeskAction(
        id=new_id("ACT"),
        agent_id=staff.id,
        customer_id=done.customer_id,
        conversation_id=conversation_id,
        kind=p.kind,
        params=p.stored(),
        summary=done.summary,
        undo=done.undo,
        created_at=ctx.now(),
    )
    ctx.session.add(action)
    ctx.session.flush()
    return action, changes(before, after)


def undo_until(ctx: ServiceContext, action: DeskAction) -> Any:
    """Return until when an action can be undone, or None when it cannot (any more)."""
    if action.undo is None or action.undone_at is not None:
        return None
    until = action.created_at + timedelta(minutes=ctx.policy.desk_undo_minutes)
    return until if until > ctx.now() else None


def undo(ctx: ServiceContext, staff: Staff, action_id: str) -> tuple[DeskAction, list[str]]:
    """Undo an action by its reverse, once, in time, by its author or a supervisor."""
    action = repository.lock_action(ctx.session, action_id)
    if action is None:
        raise NotFoundError("action", action_id)
    if action.undone_at is not None:
        raise RuleRefusedError("already_undone", "this action has already been undone")
    if action.undo is None:
        raise RuleRefusedError("not_undoable", undo_note(ctx, action.kind))
    if action.agent_id != staff.id and not staff.supervises:
        raise RuleRefusedError("not_your_action", "only its author or a supervisor may undo it")
    if undo_until(ctx, action) is None:
        raise RuleRefusedError(
            "undo_expired",
            f"an action can be undone for {ctx.policy.desk_undo_minutes} minutes; "
            "that time has passed",
        )
    reverse = Params(**action.undo)
    before = _snapshot(ctx, reverse)
    _execute(ctx, staff, reverse)
    after = _snapshot(ctx, reverse)
    action.undone_at = ctx.now()
    action.undone_by = staff.id
    ctx.session.flush()
    return action, changes(before, after)
