"""Money as integers in minor units with an ISO currency. Never floats."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Currency(StrEnum):
    """Currencies of the markets Ridgeline serves."""

    SEK = "SEK"
    EUR = "EUR"
    GBP = "GBP"
    USD = "USD"


MINOR_UNITS: dict[Currency, int] = {c: 2 for c in Currency}


class CurrencyMismatchError(ValueError):
    """Two amounts in different currencies were combined."""


@dataclass(frozen=True, slots=True)
class Money:
    """An amount in minor units (cents, öre, pence) of one currency."""

    amount: int
    currency: Currency

    def __post_init__(self) -> None:
        """Refuse an amount that is not an integer number of minor units."""
        if not isinstance(self.amount, int) or isinstance(self.amount, bool):
            raise TypeError("money amounts are integers in minor units")

    def _same(self, other: Money) -> None:
        if other.currency != self.currency:
            raise CurrencyMismatchError(f"{self.currency} and {other.currency}")

    def __add__(self, other: Money) -> Money:
        """Add an amount of the same currency (another currency raises)."""
        self._same(other)
        return Money(self.amount + other.amount, self.currency)

    def __sub__(self, other: Money) -> Money:
        """Subtract an amount of the same currency (another currency raises)."""
        self._same(other)
        return Money(self.amount - other.amount, self.currency)

    def major(self) -> str:
        """Return the amount as a plain decimal string in major units ("120.00")."""
        digits = MINOR_UNITS[self.currency]
        sign = "-" if self.amount < 0 else ""
        whole, frac = divmod(abs(self.amount), 10**digits)
        return f"{sign}{whole}.{frac:0{digits}d}"


def split_evenly(total: int, parts: int, *, remainder_first: bool = True) -> list[int]:
    """Split `total` minor units into `parts` integers that sum exactly to `total`.

    The rounding remainder goes on the first part (or the last when `remainder_first` is False).
    """
    if parts <= 0:
        raise ValueError("parts must be positive")
    base, remainder = divmod(total, parts)
    shares = [base] * parts
    shares[0 if remainder_first else -1] += remainder
    return shares
