"""The sample portfolio: deterministic for a seed, and plausible by the lender's policy."""

from __future__ import annotations

import json
import re
from collections import Counter, defaultdict
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from ridgeline.lending.schedule import schedule_error
from ridgeline.policy import DEFAULT_POLICY, DISPUTE_REASONS, MARKETS, UNPAID
from ridgeline.portfolio import generate_document
from ridgeline.portfolio.document import generate_batch
from ridgeline.portfolio.generator import TABLES, Batch, PortfolioGenerator

NOW = datetime(2026, 3, 10, 12, 0, tzinfo=UTC)
Row = dict[str, Any]

PHONE = {
    "SE": r"^\+467\d{8}$",
    "DE": r"^\+491[567]\d{8,9}$",
    "FR": r"^\+33[67]\d{8}$",
    "ES": r"^\+34[67]\d{8}$",
    "IT": r"^\+393\d{9}$",
    "GB": r"^\+447\d{9}$",
    "US": r"^\+1[2-9]\d{9}$",
}


@pytest.fixture(scope="module")
def portfolio() -> Batch:
    """Return a portfolio big enough for every story to occur many times."""
    return generate_batch(400, 11, NOW)


def by_order(rows: list[Row]) -> dict[str, list[Row]]:
    """Group rows by their order id."""
    grouped: dict[str, list[Row]] = defaultdict(list)
    for row in rows:
        grouped[row["order_id"]].append(row)
    return grouped


def test_same_seed_gives_identical_documents() -> None:
    first = generate_document(60, 7, NOW)
    assert json.dumps(first, sort_keys=True) == json.dumps(
        generate_document(60, 7, NOW), sort_keys=True
    )
    assert first != generate_document(60, 8, NOW)


def test_rows_do_not_depend_on_the_batch_size() -> None:
    def merged(size: int) -> dict[str, list[Row]]:
        rows: dict[str, list[Row]] = {t: [] for t in TABLES}
        for batch in PortfolioGenerator(45, 3, NOW).batches(size):
            for table in TABLES:
                rows[table].extend(batch.rows[table])
        return rows

    assert merged(7) == merged(45)


def test_every_market_with_its_currency_language_and_phone_format(portfolio: Batch) -> None:
    customers = portfolio.rows["customers"]
    assert {c["market"] for c in customers} == set(MARKETS)
    for c in customers:
        assert re.match(PHONE[c["market"]], c["phone"]), c
        assert "@example." in c["email"]
    assert len({c["email"] for c in customers}) == len(customers)
    other = [c for c in customers if c["language"] != MARKETS[c["market"]].language]
    assert 0 < len(other) < len(customers) * 0.15
    ages = [(NOW - c["created_at"]).days for c in customers]
    assert any(age < DEFAULT_POLICY.extension_min_account_age_days for age in ages)
    assert any(age > 365 for age in ages)
    currency = {c["id"]: MARKETS[c["market"]].currency for c in customers}
    for order in portfolio.rows["orders"]:
        assert order["currency"] == currency[order["customer_id"]]


def test_product_mix_and_schedules_follow_the_rules(portfolio: Batch) -> None:
    plans = portfolio.rows["plans"]
    products = Counter(p["product"] for p in plans)
    assert products["pay_in_4"] > products["pay_in_30"] > 0
    assert products["pay_in_4"] > products["financing"] > 0
    installments = by_order(portfolio.rows["installments"])
    items = by_order(portfolio.rows["order_items"])
    orders = {o["id"]: o for o in portfolio.rows["orders"]}
    terms = set()
    for plan in plans:
        order = orders[plan["order_id"]]
        insts = installments[order["id"]]
        amounts = [i["original_amount"] for i in insts]
        assert schedule_error(plan["product"], order["total"], plan["apr_bps"], amounts) is None
        assert sum(i["quantity"] * i["unit_amount"] for i in items[order["id"]]) == order["total"]
        if plan["product"] == "financing":
            terms.add(len(insts))
    assert terms == {6, 12, 24}
    assert any(p["apr_bps"] > 0 for p in plans if p["product"] == "financing")


def test_history_happened_before_now(portfolio: Batch) -> None:
    stamps = [
        value
        for table in TABLES
        for row in portfolio.rows[table]
        for value in row.values()
        if isinstance(value, datetime)
    ]
    assert stamps
    assert all(s.tzinfo is not None and s.utcoffset() == timedelta(0) for s in stamps)
    clocks = {"due_at", "follow_up_at", "summary_due_at"}  # deadlines may lie ahead
    for row in portfolio.rows["cases"]:
        assert row["opened_at"] <= NOW
        assert row["closed_at"] is None or row["opened_at"] <= row["closed_at"] <= NOW
        assert set(row) >= clocks
    for inst in portfolio.rows["installments"]:
        if inst["status"] == "paid":
            assert inst["paid_at"] <= NOW
        if inst["status"] == "scheduled" and inst["due_date"] < NOW.date() - timedelta(days=1):
            # an unpaid past instalment only on a plan where nothing falls due (paused, refunded)
            assert inst["order_id"] in paused_or_closed(portfolio)


def test_nothing_happens_before_the_account_or_the_order_it_is_about(portfolio: Batch) -> None:
    opened = {c["id"]: c["created_at"] for c in portfolio.rows["customers"]}
    placed = {o["id"]: o["placed_at"] for o in portfolio.rows["orders"]}
    for order in portfolio.rows["orders"]:
        assert order["placed_at"] > opened[order["customer_id"]]
    for row in portfolio.rows["cases"] + portfolio.rows["credit_decisions"]:
        moment = row.get("opened_at") or row["decided_at"]
        assert moment > opened[row["customer_id"]], row
        if row.get("order_id"):
            assert moment >= placed[row["order_id"]], row
    for refund in portfolio.rows["refunds"]:
        assert refund["created_at"] >= placed[refund["order_id"]]
    for payment in portfolio.rows["payments"]:
        assert placed[payment["order_id"]] <= payment["attempted_at"] <= NOW


def paused_or_closed(portfolio: Batch) -> set[str]:
    """Return the orders whose plans are paused, cancelled or paid off by a refund."""
    refunded = {r["order_id"] for r in portfolio.rows["refunds"]}
    return {
        p["order_id"]
        for p in portfolio.rows["plans"]
        if p["status"] in ("paused", "cancelled") or p["order_id"] in refunded
    }


def test_overdue_instalments_carry_one_fee_within_the_cap(portfolio: Batch) -> None:
    fees = by_order(portfolio.rows["fees"])
    orders = {o["id"]: o for o in portfolio.rows["orders"]}
    market = {c["id"]: c["market"] for c in portfolio.rows["customers"]}
    overdue = [i for i in portfolio.rows["installments"] if i["status"] == "overdue"]
    assert overdue
    for inst in overdue:
        assert inst["due_date"] <= NOW.date() - timedelta(days=DEFAULT_POLICY.overdue_after_days)
    statuses = Counter(f["status"] for f in portfolio.rows["fees"])
    assert statuses["charged"] and statuses["waived"] and statuses["paid"]
    for order_id, order_fees in fees.items():
        order = orders[order_id]
        seqs = [f["installment_seq"] for f in order_fees]
        assert len(seqs) == len(set(seqs))
        late_fee = MARKETS[market[order["customer_id"]]].late_fee
        assert all(0 < f["amount"] <= late_fee for f in order_fees)
        kept = sum(f["amount"] for f in order_fees if f["status"] != "waived")
        assert kept <= order["total"] * DEFAULT_POLICY.fee_cap_bps // 10_000
    in_collections = [p for p in portfolio.rows["plans"] if p["status"] == "in_collections"]
    assert in_collections
    overdue_orders = {i["order_id"] for i in overdue}
    assert all(p["order_id"] in overdue_orders for p in in_collections)


def test_failed_payments_wait_for_their_single_retry(portfolio: Batch) -> None:
    failed = [i for i in portfolio.rows["installments"] if i["status"] == "failed"]
    assert any(not i["retried"] and i["retry_on"] > NOW.date() for i in failed)
    for inst in failed:
        assert inst["retry_on"] == inst["due_date"] + timedelta(days=2) or inst["seq"] == 1
    attempts = Counter(
        (p["order_id"], p["installment_seq"])
        for p in portfolio.rows["payments"]
        if not p["succeeded"]
    )
    assert max(attempts.values()) == 2  # the first attempt and the one retry


def test_paused_plans_have_an_open_case_for_the_order(portfolio: Batch) -> None:
    open_cases = {
        (c["order_id"], c["type"]): c for c in portfolio.rows["cases"] if c["status"] == "open"
    }
    paused = [p for p in portfolio.rows["plans"] if p["status"] == "paused"]
    reasons = Counter(p["paused_reason"] for p in paused)
    assert reasons["return"] and reasons["dispute"] and reasons["fraud"]
    for plan in paused:
        case = open_cases[(plan["order_id"], plan["paused_reason"])]
        if case["type"] == "dispute":
            assert case["reason"] in DISPUTE_REASONS
            assert case["due_at"] == case["opened_at"] + timedelta(days=14)
        if case["type"] == "return":
            assert case["due_at"] == case["opened_at"] + timedelta(days=21)


def test_refunds_land_by_the_refund_rule(portfolio: Batch) -> None:
    installments = by_order(portfolio.rows["installments"])
    plans = {p["order_id"]: p for p in portfolio.rows["plans"]}
    orders = {o["id"]: o for o in portfolio.rows["orders"]}
    refunds = portfolio.rows["refunds"]
    assert any(plans[r["order_id"]]["status"] == "cancelled" for r in refunds)
    assert any(plans[r["order_id"]]["status"] == "active" for r in refunds)
    for refund in refunds:
        insts = installments[refund["order_id"]]
        taken = {int(seq): amount for seq, amount in refund["allocation"].items()}
        for inst in insts:
            assert inst["amount"] == inst["original_amount"] - taken.get(inst["seq"], 0)
            assert (inst["status"] == "refunded") == (inst["amount"] == 0)
        unpaid_before = sum(taken.values())
        assert refund["amount"] == unpaid_before + refund["excess"]
        if refund["amount"] >= orders[refund["order_id"]]["total"]:
            assert plans[refund["order_id"]]["status"] == "cancelled"
            assert not any(i["status"] in UNPAID for i in insts)


def test_credit_decisions_and_cards(portfolio: Batch) -> None:
    decisions = portfolio.rows["credit_decisions"]
    assert decisions
    reasons = {r for d in decisions for r in d["reasons"]}
    assert "insufficient_repayment_history" in reasons and len(reasons) >= 3
    assert all(d["outcome"] == "declined" and d["reasons"] for d in decisions)
    customer_of = {o["id"]: o["customer_id"] for o in portfolio.rows["orders"]}
    first_miss: dict[str, datetime] = {}
    for payment in portfolio.rows["payments"]:
        if not payment["succeeded"]:
            who = customer_of[payment["order_id"]]
            first_miss[who] = min(first_miss.get(who, NOW), payment["attempted_at"])
    for decision in decisions:  # a reason recorded at the time cannot come from the future
        if "recent_missed_payments" in decision["reasons"]:
            assert first_miss[decision["customer_id"]] <= decision["decided_at"]
    cards = Counter(c["status"] for c in portfolio.rows["cards"])
    assert cards["active"] > cards["frozen"] > 0
    locked = {c["id"] for c in portfolio.rows["customers"] if c["locked"]}
    for card in portfolio.rows["cards"]:
        if card["customer_id"] in locked:
            assert card["status"] != "active"


def test_every_case_type_occurs_with_its_clock(portfolio: Batch) -> None:
    cases = portfolio.rows["cases"]
    types = Counter(c["type"] for c in cases)
    assert set(types) == {
        "dispute",
        "return",
        "fraud",
        "complaint",
        "financial_difficulty",
        "credit_review",
        "privacy",
        "billing_error",
    }
    for case in cases:
        if case["type"] == "complaint":
            assert case["summary_due_at"] is not None and case["due_at"] is not None
        if case["type"] in ("fraud", "financial_difficulty", "billing_error"):
            assert case["due_at"] is None


def test_a_tiny_portfolio_still_shows_every_story() -> None:
    rows = generate_batch(7, 99, NOW).rows
    assert {c["market"] for c in rows["customers"]} == set(MARKETS)
    statuses = {i["status"] for i in rows["installments"]}
    assert {"paid", "scheduled", "failed", "overdue", "refunded"} <= statuses
    assert {"paused", "cancelled"} <= {p["status"] for p in rows["plans"]}
    assert rows["fees"] and rows["refunds"] and rows["credit_decisions"]
    assert len({c["type"] for c in rows["cases"]}) == 8
