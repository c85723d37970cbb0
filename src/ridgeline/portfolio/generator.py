"""The sample portfolio: customers of all seven markets, their orders, plans and cases.

One `random.Random(seed)` drives every choice, in a fixed order, and ids are counters: the same
(customers, seed, now) always gives the same rows, whatever the batch size. Everything happened
before `now`. The first seven customers (one per market) carry a showcase of every order story
and every case type, so even a tiny portfolio shows each kind of record; the rest are drawn from
the weights below.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from itertools import accumulate
from typing import Any

from ridgeline.kit.clock import ensure_utc
from ridgeline.lending.schedule import financing, pay_in_4, pay_in_30
from ridgeline.policy import DEFAULT_POLICY, DISPUTE_REASONS
from ridgeline.portfolio import customers as people
from ridgeline.portfolio import timeline
from ridgeline.portfolio.casework import case_row
from ridgeline.portfolio.catalogue import CATEGORIES, CATEGORY_WEIGHTS, Shop, basket, merchants
from ridgeline.portfolio.history import (
    DISPUTE,
    FRAUD,
    FULL_REFUND,
    ON_TRACK,
    ORDER_STORIES,
    ORDER_STORY_WEIGHTS,
    OVERDUE,
    RETURN,
    OrderFacts,
    Story,
    replay,
)
from ridgeline.portfolio.locales import CURRENCY, MARKET_ORDER, PRICE_SCALE

Row = dict[str, Any]
TABLES = (
    "merchants",
    "customers",
    "orders",
    "order_items",
    "plans",
    "installments",
    "payments",
    "fees",
    "refunds",
    "cards",
    "credit_decisions",
    "cases",
)
SHOWCASE = len(MARKET_ORDER)  # one showcase customer per market
APRS_BPS = (0, 999, 1290, 1490, 1790, 1990, 2490)
APR_CUMULATIVE = tuple(accumulate((20, 15, 15, 20, 12, 10, 8)))
ORDER_COUNTS = (0, 1, 2, 3, 4, 5)
ORDER_COUNT_CUMULATIVE = tuple(accumulate((5, 35, 27, 17, 10, 6)))
STORY_CUMULATIVE = tuple(accumulate(ORDER_STORY_WEIGHTS))
CATEGORY_CUMULATIVE = tuple(accumulate(CATEGORY_WEIGHTS))


@dataclass
class Batch:
    """Rows of some customers, table by table, in the order they can be inserted.

    `listed` holds, for each order with a refund, the plan status and instalment statuses just
    before the refund: what a fixture document lists (its loader applies the refund itself).
    """

    rows: dict[str, list[Row]] = field(default_factory=lambda: {t: [] for t in TABLES})
    listed: dict[str, tuple[str, list[str]]] = field(default_factory=dict)


@dataclass
class Counters:
    """Running numbers of the ids of the portfolio."""

    order: int = 0
    refund: int = 0
    case: int = 0
    fee: list[int] = field(default_factory=lambda: [0])


class PortfolioGenerator:
    """Generate the sample portfolio batch by batch."""

    def __init__(self, customers: int, seed: int, now: datetime) -> None:
        """Prepare `customers` customers drawn from `seed`, with their histories ending at `now`."""
        if customers < 0:
            raise ValueError("the number of customers cannot be negative")
        self.customers = customers
        self.rng = random.Random(seed)
        self.now = ensure_utc(now)
        self.today = self.now.date()
        self.shops = merchants()
        self.shops_of: dict[tuple[str, str], list[Shop]] = {}
        for shop in self.shops:
            self.shops_of.setdefault((shop.country, shop.category), []).append(shop)
        self.ids = Counters()
        self.people = people.CustomerMaker(self.rng, self.now)
        self.showcase_stories = list(ORDER_STORIES)

    def batches(self, size: int = 5000) -> Iterator[Batch]:
        """Yield the portfolio in batches of `size` customers; the first also holds merchants."""
        first = Batch()
        first.rows["merchants"] = [
            {"id": s.id, "name": s.name, "country": s.country} for s in self.shops
        ]
        batch = first
        for index in range(self.customers):
            self._customer(index, batch)
            if (index + 1) % size == 0:
                yield batch
                batch = Batch()
        if batch is first or any(batch.rows.values()):
            yield batch

    def _customer(self, index: int, batch: Batch) -> None:
        rng = self.rng
        profile = self.people.make(index)
        rows = batch.rows
        rows["customers"].append(profile.row)
        cid = profile.row["id"]
        showcase = index < SHOWCASE
        if showcase:
            stories = [self.showcase_stories[(2 * index + k) % len(ORDER_STORIES)] for k in (0, 1)]
        else:
            count = rng.choices(ORDER_COUNTS, cum_weights=ORDER_COUNT_CUMULATIVE)[0]
            if profile.age_days < 42:
                count = min(count, 2)
            stories = rng.choices(ORDER_STORIES, cum_weights=STORY_CUMULATIVE, k=count)
        if profile.difficulty_from is not None and stories and ON_TRACK in stories:
            stories[stories.index(ON_TRACK)] = OVERDUE
        if profile.fraud and stories:
            stories[-1] = FRAUD
        placed: dict[str, datetime] = {}  # order id -> when it was placed
        fraud_at: datetime | None = None
        fraud_order: str | None = None
        missed: list[datetime] = []
        for kind in stories:
            placed_kind, oid, placed[oid], paused_at = self._order(profile, kind, batch, missed)
            if placed_kind == FRAUD:
                fraud_at, fraud_order = paused_at, oid
        if profile.fraud:
            fraud_at = fraud_at or self._since(profile.row["created_at"], 10)
            rows["cases"].append(
                case_row(self._case_id(), cid, "fraud", fraud_at, order_id=fraud_order)
            )
            profile.row["locked"] = True
        rows["cards"].extend(self.people.cards(profile))
        decisions = self.people.decisions(
            profile, self.shops_of, missed_at=min(missed) if missed else None
        )
        rows["credit_decisions"].extend(decisions)
        self._customer_cases(profile, placed, decisions, batch)

    def _since(self, start: datetime, days: int) -> datetime:
        """Return a moment after `start` (an account opening, a purchase) in the last `days`."""
        span = min(self.now - start, timedelta(days=days))
        return self.now - timedelta(seconds=self.rng.randrange(max(int(span.total_seconds()), 1)))

    def _customer_cases(
        self,
        profile: people.Profile,
        placed: dict[str, datetime],
        decisions: list[Row],
        batch: Batch,
    ) -> None:
        """Add the cases of the customer's file that no single order story brings."""
        rng, now, cid = self.rng, self.now, profile.row["id"]
        created: datetime = profile.row["created_at"]
        order_ids = list(placed)
        cases = batch.rows["cases"]
        if profile.difficulty_from is not None:
            until = profile.difficulty_until
            cases.append(
                case_row(
                    self._case_id(),
                    cid,
                    "financial_difficulty",
                    profile.difficulty_from,
                    closed_at=until,
                    outcome="payment_arrangement_agreed",
                )
            )
        if profile.complaint:
            order = rng.choice(order_ids) if order_ids and rng.random() < 0.5 else None
            opened = self._since(placed[order] if order else created, 150)
            payment_service = rng.random() < 0.2
            age = now - opened
            closed = None
            if age > timedelta(days=3) and rng.random() < 0.7:
                closed = opened + timedelta(
                    seconds=rng.randrange(3600, int(min(age, timedelta(days=50)).total_seconds()))
                )
            outcome = rng.choice(("upheld", "partially_upheld", "not_upheld"))
            if closed and closed - opened < timedelta(days=3):
                outcome = "summary_resolution"
            cases.append(
                case_row(
                    self._case_id(),
                    cid,
                    "complaint",
                    opened,
                    order_id=order,
                    closed_at=closed,
                    outcome=outcome,
                    payment_service=payment_service,
                )
            )
        if decisions and profile.wants_review:
            decided = decisions[-1]["decided_at"]
            opened = min(decided + timedelta(hours=rng.randrange(1, 72)), now)
            closed = None
            if now - opened > timedelta(days=DEFAULT_POLICY.credit_review_days):
                closed = opened + timedelta(days=rng.randrange(3, 29))
            cases.append(
                case_row(
                    self._case_id(),
                    cid,
                    "credit_review",
                    opened,
                    closed_at=closed,
                    outcome=rng.choice(("decision_upheld", "decision_changed")),
                )
            )
        if profile.privacy:
            opened = self._since(created, 60)
            closed = None
            if now - opened > timedelta(days=DEFAULT_POLICY.privacy_days):
                closed = opened + timedelta(days=rng.randrange(5, 29))
            cases.append(
                case_row(
                    self._case_id(), cid, "privacy", opened, closed_at=closed, outcome="data_sent"
                )
            )
        if profile.billing_error and order_ids:
            order = rng.choice(order_ids)
            opened = self._since(placed[order], 60)
            closed = opened + timedelta(days=rng.randrange(1, 10))
            cases.append(
                case_row(
                    self._case_id(),
                    cid,
                    "billing_error",
                    opened,
                    order_id=order,
                    closed_at=closed if closed <= now and rng.random() < 0.5 else None,
                    outcome="corrected",
                )
            )

    def _case_id(self) -> str:
        self.ids.case += 1
        return f"X{self.ids.case:07d}"

    def _shop(self, market: str) -> Shop:
        category = self.rng.choices(CATEGORIES, cum_weights=CATEGORY_CUMULATIVE)[0]
        return self.rng.choice(self.shops_of[(market, category)])

    def _product(self, market: str, total: int) -> tuple[str, int, int]:
        """Return (product, apr_bps, months) for an order of `total` minor units."""
        rng = self.rng
        euros = total / 100 / PRICE_SCALE[market]
        if euros >= 300 and rng.random() < 0.3:
            months = rng.choice((6, 12, 24) if euros >= 1000 else (6, 12))
            return "financing", rng.choices(APRS_BPS, cum_weights=APR_CUMULATIVE)[0], months
        return ("pay_in_4", 0, 0) if rng.random() < 0.74 else ("pay_in_30", 0, 0)

    def _order(
        self, profile: people.Profile, kind: str, batch: Batch, missed: list[datetime]
    ) -> tuple[str, str, datetime, datetime | None]:
        """Add one order of `profile` with the story `kind`.

        Returns the story it got (a story that cannot fit the account's age becomes on-track),
        the order id, when it was placed, and when its plan was paused, if it was.

        The moments its payments failed are added to `missed`.
        """
        rng, now = self.rng, self.now
        market = profile.row["market"]
        shop = self._shop(market)
        lines = basket(rng, shop)
        total = sum(int(line["quantity"]) * int(line["unit_amount"]) for line in lines)
        product, apr_bps, months = self._product(market, total)
        if kind == FULL_REFUND and product == "financing":
            # the refund rule takes a refund of the order total off instalments that include
            # interest, which would leave interest due on a cancelled plan: full refunds in the
            # sample are of interest-free plans
            product, apr_bps, months = "pay_in_4", 0, 0
        story = timeline.draw_story(rng, kind, product, months)
        placed_at = timeline.placed_at(rng, now, story, product, months)
        earliest = profile.row["created_at"] + timedelta(hours=1)
        if placed_at < earliest or (story.paused_at is not None and story.paused_at <= placed_at):
            story = Story(ON_TRACK)
            span = max(int((now - earliest).total_seconds()), 1)
            placed_at = earliest + timedelta(seconds=rng.randrange(span))
        purchase = placed_at.date()
        if product == "pay_in_4":
            schedule = pay_in_4(total, purchase, DEFAULT_POLICY.pay_in_4_interval_days)
        elif product == "pay_in_30":
            schedule = pay_in_30(total, purchase, DEFAULT_POLICY.pay_in_30_days)
        else:
            schedule = financing(total, apr_bps, months, purchase)
        self.ids.order += 1
        oid = f"O{self.ids.order:07d}"
        facts = OrderFacts(
            oid,
            product,
            total,
            placed_at,
            schedule,
            profile.late_fee,
            profile.difficulty_from,
            profile.difficulty_until,
        )
        timeline.refund_moment(rng, now, story, facts)
        result = replay(rng, facts, story, now, self.ids.fee)
        rows = batch.rows
        rows["orders"].append(
            {
                "id": oid,
                "customer_id": profile.row["id"],
                "merchant_id": shop.id,
                "placed_at": placed_at,
                "currency": CURRENCY[market],
                "total": total,
            }
        )
        rows["order_items"].extend(
            {"order_id": oid, "position": position, **line} for position, line in enumerate(lines)
        )
        rows["plans"].append(
            {
                "order_id": oid,
                "product": product,
                "status": result.plan_status,
                "apr_bps": apr_bps,
                "autopay": True,
                "paused_reason": result.paused_reason,
                "version": 1,
            }
        )
        rows["installments"].extend(result.installments)
        missed.extend(p["attempted_at"] for p in result.payments if not p["succeeded"])
        rows["payments"].extend(result.payments)
        rows["fees"].extend(result.fees)
        if result.refund is not None:
            self.ids.refund += 1
            result.refund["id"] = f"R{self.ids.refund:07d}"
            rows["refunds"].append(result.refund)
            batch.listed[oid] = (result.listed_plan_status, result.listed_statuses)
        self._order_case(story, profile.row["id"], oid, batch)
        return story.kind, oid, placed_at, story.paused_at

    def _order_case(self, story: Story, cid: str, oid: str, batch: Batch) -> None:
        """Add the case a paused or refunded order carries."""
        opened = story.paused_at
        if opened is None or story.kind == FRAUD:
            return
        cases = batch.rows["cases"]
        if story.kind == RETURN:
            details: Row = {}
            if opened + timedelta(days=DEFAULT_POLICY.return_follow_up_days) <= self.now:
                details = {"proof_requested": True, "queue": "disputes"}
            cases.append(case_row(self._case_id(), cid, "return", opened, order_id=oid,
                                  details=details))  # fmt: skip
        elif story.kind == DISPUTE:
            reason = self.rng.choice(DISPUTE_REASONS)
            cases.append(
                case_row(self._case_id(), cid, "dispute", opened, order_id=oid, reason=reason)
            )
        elif story.kind == FULL_REFUND:
            cases.append(
                case_row(
                    self._case_id(),
                    cid,
                    "return",
                    opened,
                    order_id=oid,
                    closed_at=story.refund_at,
                    outcome="return_registered",
                )
            )
