"""The lender's policy numbers, in one place.

Every number of the default policy (`shared/domain/policies.md`) lives here, so an operator can
change it per market in configuration while each rule stays in one service function.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo


@dataclass(frozen=True)
class MarketPolicy:
    """What differs by market: currency, language, fee, and where a customer can turn."""

    market: str
    currency: str
    language: str
    late_fee: int
    ombudsman: str
    debt_advice: str


MARKETS: dict[str, MarketPolicy] = {
    "SE": MarketPolicy(
        "SE",
        "SEK",
        "sv",
        4500,
        "Allmänna reklamationsnämnden (ARN)",
        "kommunens budget- och skuldrådgivning",
    ),
    "DE": MarketPolicy(
        "DE",
        "EUR",
        "de",
        500,
        "Schlichtungsstelle der Deutschen Bundesbank",
        "Schuldnerberatung der Verbraucherzentrale",
    ),
    "FR": MarketPolicy(
        "FR",
        "EUR",
        "fr",
        500,
        "Médiateur de l'ASF",
        "Point conseil budget",
    ),
    "ES": MarketPolicy(
        "ES",
        "EUR",
        "es",
        500,
        "Servicio de Reclamaciones del Banco de España",
        "servicio de asesoramiento de deudas de su comunidad autónoma",
    ),
    "IT": MarketPolicy(
        "IT",
        "EUR",
        "it",
        500,
        "Arbitro Bancario Finanziario (ABF)",
        "sportello di consulenza sul debito del suo comune",
    ),
    "GB": MarketPolicy(
        "GB",
        "GBP",
        "en",
        500,
        "Financial Ombudsman Service",
        "MoneyHelper (0800 138 7777)",
    ),
    "US": MarketPolicy(
        "US",
        "USD",
        "en",
        700,
        "Consumer Financial Protection Bureau (CFPB)",
        "a non-profit credit counsellor (NFCC, 1-800-388-2227)",
    ),
}


@dataclass(frozen=True)
class OpeningHours:
    """When the lender's people answer chats in a market: local hours per weekday.

    `days` maps a weekday (0 = Monday) to the opening and closing hour, local time; a day that
    is not listed is closed. Outside these hours the waiting room says so and offers a call back
    or an answer by email.
    """

    timezone: str
    days: dict[int, tuple[int, int]]

    def is_open(self, at: datetime) -> bool:
        """Tell whether the desk is open at the moment `at` (timezone-aware)."""
        local = at.astimezone(ZoneInfo(self.timezone))
        hours = self.days.get(local.weekday())
        return hours is not None and hours[0] <= local.hour < hours[1]

    def next_opening(self, at: datetime) -> datetime | None:
        """Return the next moment the desk opens after `at` (`at` itself when open), or None."""
        zone = ZoneInfo(self.timezone)
        local = at.astimezone(zone)
        for ahead in range(8):
            day = local.date() + timedelta(days=ahead)
            hours = self.days.get(day.weekday())
            if hours is None:
                continue
            opens = datetime.combine(day, time(hours[0]), zone)
            closes = datetime.combine(day, time(hours[1]), zone)
            if local < closes:
                return max(opens, local).astimezone(at.tzinfo)
        return None


_WEEK = {0: (8, 20), 1: (8, 20), 2: (8, 20), 3: (8, 20), 4: (8, 20), 5: (9, 17)}
# The desk's opening hours per market (local time): weekdays 08-20, Saturdays 09-17.
OPENING_HOURS: dict[str, OpeningHours] = {
    "SE": OpeningHours("Europe/Stockholm", _WEEK),
    "DE": OpeningHours("Europe/Berlin", _WEEK),
    "FR": OpeningHours("Europe/Paris", _WEEK),
    "ES": OpeningHours("Europe/Madrid", _WEEK),
    "IT": OpeningHours("Europe/Rome", _WEEK),
    "GB": OpeningHours("Europe/London", _WEEK),
    "US": OpeningHours("America/New_York", _WEEK),
}


@dataclass(frozen=True)
class Policy:
    """The default policy of a BNPL lender. Durations in days unless named otherwise."""

    retry_after_days: int = 2
    overdue_after_days: int = 10
    fee_cap_bps: int = 2500
    waiver_window_days: int = 365
    waivers_per_window: int = 1
    extension_days: int = 14
    extension_days_pay_in_30: int = 30
    extension_cutoff_hours: int = 24
    extension_min_account_age_days: int = 42
    autopay_cutoff_hours: int = 24
    pay_in_4_interval_days: int = 14
    pay_in_30_days: int = 30
    return_follow_up_days: int = 21
    dispute_merchant_days: int = 14
    dispute_evidence_days: int = 21
    complaint_summary_business_days: int = 3
    complaint_final_days: int = 56
    complaint_payment_business_days: int = 15
    privacy_days: int = 30
    credit_review_days: int = 30
    hold_window_days: int = 7
    credit_reporting_after_days: int = 30
    collections_after_days: int = 60
    contact_code_minutes: int = 10
    contact_code_attempts: int = 5
    # How long a conversation's words are kept after its last activity: complaint records
    # 3 years, other conversations 6 months.
    conversation_retention_days: int = 183
    complaint_retention_days: int = 1096
    # Hardship arrangements a person may agree for a customer in financial difficulty: a pause
    # of every unpaid instalment of at most this many days, or what is owed spread over at
    # most this many instalments (`lending/hardship.py`).
    hardship_pause_max_days: int = 60
    hardship_max_installments: int = 12
    # The desk's service levels: a waiting conversation should be taken within these seconds
    # (high priority, then normal), a held customer's message answered within the reply
    # target; an agent's record action can be undone for this many minutes, where the rules
    # allow its reverse.
    desk_wait_target_high_seconds: int = 60
    desk_wait_target_seconds: int = 300
    desk_reply_target_seconds: int = 120
    desk_undo_minutes: int = 30
    markets: dict[str, MarketPolicy] = field(default_factory=lambda: dict(MARKETS))
    opening_hours: dict[str, OpeningHours] = field(default_factory=lambda: dict(OPENING_HOURS))

    def market(self, code: str) -> MarketPolicy:
        """Return the policy of market `code`."""
        return self.markets[code]

    def hours(self, code: str) -> OpeningHours:
        """Return the desk's opening hours in market `code` (Great Britain's when unlisted)."""
        return self.opening_hours.get(code) or self.opening_hours["GB"]


DEFAULT_POLICY = Policy()

# Why a customer disputes an order: a `dispute` case needs one.
DISPUTE_REASONS = (
    "not_received",
    "wrong_item",
    "faulty",
    "not_as_described",
    "merchant_unresponsive",
    "charged_twice",
    "cancelled_not_refunded",
)
# Types of case (each with its clocks in cases/service.py).
CASE_TYPES = (
    "dispute",
    "return",
    "fraud",
    "complaint",
    "financial_difficulty",
    "credit_review",
    "privacy",
    "billing_error",
    "callback",  # a customer who could not reach a person asked to be called back or emailed
)
# How a person may close a case, by type (every type may also end `resolved` or `withdrawn`).
CASE_OUTCOMES: dict[str, tuple[str, ...]] = {
    "dispute": ("found_for_customer", "found_for_merchant"),
    "return": ("return_registered", "refunded", "not_returned"),
    "fraud": ("confirmed_fraud", "not_fraud"),
    "complaint": ("upheld", "partly_upheld", "not_upheld"),
    "financial_difficulty": ("arrangement_agreed", "referred_to_debt_advice", "no_arrangement"),
    "credit_review": ("decision_upheld", "decision_changed"),
    "privacy": ("request_completed", "request_refused"),
    "billing_error": ("corrected", "no_error_found"),
    "callback": ("called_back", "answered_by_email", "not_reached"),
}
COMMON_OUTCOMES = ("resolved", "withdrawn")
# Instalment statuses that are still owed.
UNPAID = ("scheduled", "failed", "overdue")
# The largest amount, in minor units, that the API and fixture documents accept in one field
# (10,000,000.00 of any currency): a larger one is refused at the schema with 422. It is well
# below what an INTEGER column holds on PostgreSQL (2^31 - 1), so no accepted amount can
# overflow the database.
MAX_AMOUNT = 1_000_000_000

# Queues of human work (shared/domain/intents.md); a handoff names one, an agent serves some.
QUEUES = ("general", "payments", "disputes", "fraud", "financial_support", "complaints")
# Queues whose conversations are high priority by default; every other queue is normal.
HIGH_PRIORITY_QUEUES = frozenset({"fraud"})
# Every reason for handing a conversation to a person, as the chat API and analytics report it.
HANDOFF_REASONS = (
    "customer_request",
    "financial_difficulty",
    "vulnerability",
    "fraud",
    "complaint",
    "dispute_appeal",
    "credit_review",
    "policy_limit",
    "low_confidence",
    "repeated_misunderstanding",
    "out_of_scope",
    "name_change",
    "collections",
    "credit_report",
)
# Handoff reasons that make a conversation high priority in any queue: hardship, vulnerability
# and fraud come before everything else at the desk.
URGENT_REASONS = frozenset({"financial_difficulty", "vulnerability", "fraud"})
# The handoff reasons for which a rule required the handoff.
RULE_REQUIRED_REASONS = frozenset(
    {
        "financial_difficulty",
        "vulnerability",
        "fraud",
        "complaint",
        "dispute_appeal",
        "credit_review",
        "policy_limit",
        "collections",
        "name_change",
        "credit_report",
    }
)
"""The reasons for which "a rule required the handoff": a policy rule sends the conversation to a
person whatever the assistant could do (hardship, vulnerability, fraud, complaints and appeals,
credit decisions and credit files, collections, a name change, a request beyond what the assistant
may grant), as opposed to the customer asking for a person (`customer_request`) or the assistant
being unsure (`low_confidence`, `repeated_misunderstanding`, `out_of_scope`). The metric
dictionary counts these handoffs as necessary (`rule_required_handoff`)."""
