"""The customers of the sample portfolio: who they are and what is on their file besides orders.

A profile draws the market, language, name, contact details and account age of a customer
(about 7% opened their account less than 42 days ago, too new for a due-date extension), and
what else the file holds: cards (some frozen), declined credit decisions with their recorded
reasons, and whether the customer has been in financial difficulty, complained, reported fraud,
asked for their data or reported a billing error.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import datetime, timedelta
from itertools import accumulate
from typing import Any

from ridgeline.policy import MARKETS
from ridgeline.portfolio import locales
from ridgeline.portfolio.catalogue import Shop

Row = dict[str, Any]
DECLINE_REASONS = (
    "insufficient_repayment_history",
    "high_existing_debt",
    "identity_not_verified",
    "recent_missed_payments",
    "amount_above_limit",
)
# reasons a decision may give without anything else on file (missed payments need a miss)
OTHER_REASONS = tuple(r for r in DECLINE_REASONS if r != "recent_missed_payments")
MARKET_CUMULATIVE = tuple(accumulate(locales.MARKET_WEIGHTS))
SPENDING_LIMITS_EUR = (300, 500, 800, 1000, 1500, 2000, 3000, 5000)
# Showcase customers (one per market) and what each one's file shows.
# (The generator gives showcase customer i the order stories 2i and 2i+1; fraud replaces the
# last one and difficulty the first on-track one, so both go where the story is shown twice.)
SHOW_DECLINED, SHOW_PRIVACY, SHOW_COMPLAINT, SHOW_FROZEN_CARD = 0, 1, 2, 3
SHOW_DIFFICULTY, SHOW_FRAUD, SHOW_BILLING = 4, 5, 6


@dataclass
class Profile:
    """One customer's row and the traits that shape the rest of the file."""

    row: Row
    age_days: int
    late_fee: int
    card: str | None  # None, or the card's status
    declined: int  # number of declined credit decisions
    wants_review: bool  # asked a person to review the last declined decision
    difficulty_from: datetime | None
    difficulty_until: datetime | None
    complaint: bool
    fraud: bool
    privacy: bool
    billing_error: bool


class CustomerMaker:
    """Draw customers one after another from the portfolio's random stream."""

    def __init__(self, rng: random.Random, now: datetime) -> None:
        """Draw from `rng`, with every date counted back from `now`."""
        self.rng = rng
        self.now = now
        self.emails: set[str] = set()
        self.cards_made = 0
        self.decisions_made = 0

    def _email(self, first: str, last: str, market: str) -> str:
        rng = self.rng
        local = f"{locales.ascii_fold(first)}.{locales.ascii_fold(last)}"
        candidate = local
        while candidate in self.emails:
            candidate = f"{local}{rng.randrange(10, 10_000)}"
        self.emails.add(candidate)
        return f"{candidate}@{locales.EMAIL_DOMAIN[market]}"

    def make(self, index: int) -> Profile:
        """Return the profile of customer number `index` (0-based)."""
        rng, now = self.rng, self.now
        showcase = index < len(locales.MARKET_ORDER)
        if showcase:
            market = locales.MARKET_ORDER[index]
        else:
            market = rng.choices(locales.MARKET_ORDER, cum_weights=MARKET_CUMULATIVE)[0]
        language = locales.language_of(rng, market)
        first, last = locales.person_name(rng, market, language)
        if showcase:
            age = rng.randint(400, 1500)
        elif rng.random() < 0.07:
            age = rng.randint(1, 41)
        else:
            age = 42 + min(int(rng.expovariate(1 / 420)), 3000)
        created = now - timedelta(days=age, seconds=rng.randrange(86400))
        limits = SPENDING_LIMITS_EUR[:3] if age < 42 else SPENDING_LIMITS_EUR
        limit = round(rng.choice(limits) * locales.PRICE_SCALE[market]) * 100
        row: Row = {
            "id": f"C{index + 1:07d}",
            "name": f"{first} {last}",
            "email": self._email(first, last, market),
            "phone": locales.mobile_number(rng, market),
            "address": locales.address(rng, market),
            "market": market,
            "language": language,
            "created_at": created,
            "status": "active",
            "locked": False,
            "spending_limit": limit,
        }
        draw = rng.random
        card = rng.choices(("active", "frozen", "cancelled"), cum_weights=(90, 97, 100))[0]
        has_card = draw() < 0.35
        declined = rng.choice((1, 1, 1, 2)) if draw() < 0.10 else 0
        wants_review = draw() < 0.25
        difficulty = draw() < 0.025
        complaint, fraud = draw() < 0.03, draw() < 0.004
        privacy, billing = draw() < 0.003, draw() < 0.005
        if showcase:
            has_card = index in (SHOW_FROZEN_CARD, SHOW_BILLING, SHOW_FRAUD)
            card = "frozen" if index == SHOW_FROZEN_CARD else "active"
            declined = 1 if index == SHOW_DECLINED else 0
            wants_review = index == SHOW_DECLINED
            difficulty = index == SHOW_DIFFICULTY
            complaint, fraud = index == SHOW_COMPLAINT, index == SHOW_FRAUD
            privacy, billing = index == SHOW_PRIVACY, index == SHOW_BILLING
        difficulty_from = difficulty_until = None
        if difficulty:
            # since the account was opened: `age` - 1 whole days and part of one at most
            days = rng.randint(0, min(90, age - 1))
            difficulty_from = now - timedelta(days=days, seconds=rng.randrange(1, 86400))
            if not showcase and draw() < 0.2:
                closes = difficulty_from + timedelta(days=rng.randint(5, 40))
                difficulty_until = closes if closes <= now else None
        return Profile(
            row=row,
            age_days=age,
            late_fee=MARKETS[market].late_fee,
            card=card if has_card else None,
            declined=declined,
            wants_review=wants_review,
            difficulty_from=difficulty_from,
            difficulty_until=difficulty_until,
            complaint=complaint,
            fraud=fraud,
            privacy=privacy,
            billing_error=billing,
        )

    def cards(self, profile: Profile) -> list[Row]:
        """Return the customer's cards: frozen ones carry why payments with them fail."""
        status = profile.card
        if status is None:
            return []
        if profile.row["locked"] and status == "active":
            status = "frozen"  # locking the account freezes every active card
        self.cards_made += 1
        reason = None
        if status == "frozen":
            reason = "account_locked" if profile.row["locked"] else "card_frozen"
        elif status == "active" and self.rng.random() < 0.05:
            reason = "spending_limit_reached"
        return [
            {
                "id": f"K{self.cards_made:07d}",
                "customer_id": profile.row["id"],
                "last4": f"{self.rng.randrange(10_000):04d}",
                "status": status,
                "decline_reason": reason,
            }
        ]

    def decisions(
        self,
        profile: Profile,
        shops_of: dict[tuple[str, str], list[Shop]],
        *,
        missed_at: datetime | None,
    ) -> list[Row]:
        """Return the customer's declined credit decisions, each with its recorded reasons.

        `missed_at` is when the customer first missed a payment, if ever: a decision in the
        year after it may give missed payments as a reason, one before it may not.
        """
        rng, now = self.rng, self.now
        market = profile.row["market"]
        created: datetime = profile.row["created_at"]
        rows: list[Row] = []
        moments = sorted(
            (created + (now - created) * rng.random()).replace(microsecond=0)
            for _ in range(profile.declined)
        )
        for decided in moments:
            reasons: list[str] = []
            if decided - created < timedelta(days=90):
                reasons.append("insufficient_repayment_history")
            recent_miss = missed_at is not None and (
                missed_at <= decided <= missed_at + timedelta(days=365)
            )
            if recent_miss and rng.random() < 0.6:
                reasons.append("recent_missed_payments")
            if not reasons or rng.random() < 0.3:
                extra = rng.choice(OTHER_REASONS)
                if extra not in reasons:
                    reasons.append(extra)
            category = rng.choice(("electronics", "home", "sports"))
            shop = rng.choice(shops_of[(market, category)])
            euros = rng.randint(300, 3000)
            self.decisions_made += 1
            rows.append(
                {
                    "id": f"D{self.decisions_made:07d}",
                    "customer_id": profile.row["id"],
                    "decided_at": decided,
                    "outcome": "declined",
                    "merchant_id": shop.id,
                    "amount": round(euros * locales.PRICE_SCALE[market]) * 100,
                    "reasons": reasons,
                }
            )
        return rows
