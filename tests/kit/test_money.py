from hypothesis import given
from hypothesis import strategies as st

from ridgeline.kit.money import Currency, CurrencyMismatchError, Money, split_evenly


@given(st.integers(min_value=0, max_value=10**12), st.integers(min_value=1, max_value=48))
def test_split_evenly_sums_exactly_and_differs_by_at_most_the_remainder(
    total: int, parts: int
) -> None:
    shares = split_evenly(total, parts)
    assert sum(shares) == total
    assert len(shares) == parts
    assert max(shares[1:] or [shares[0]]) == total // parts
    assert shares[0] - total // parts < parts


def test_remainder_on_first_instalment() -> None:
    assert split_evenly(10001, 4) == [2501, 2500, 2500, 2500]
    assert split_evenly(10001, 4, remainder_first=False) == [2500, 2500, 2500, 2501]


def test_money_refuses_floats_and_mixed_currencies() -> None:
    try:
        Money(10.5, Currency.EUR)  # type: ignore[arg-type]
    except TypeError:
        pass
    else:
        raise AssertionError("float accepted")
    try:
        Money(1, Currency.EUR) + Money(1, Currency.SEK)
    except CurrencyMismatchError:
        pass
    else:
        raise AssertionError("currencies mixed")
    assert Money(12000, Currency.EUR).major() == "120.00"
    assert Money(-5, Currency.GBP).major() == "-0.05"
