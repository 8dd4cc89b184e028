from __future__ import annotations

from decimal import Decimal

import pytest
from pydantic import ValidationError

from services.domain.errors import CurrencyMismatch, DomainError
from services.domain.money import Charge, FeeLine, Money


def test_adds_same_currency_and_refuses_two_currencies() -> None:
    assert Money.of("1.10", "EUR") + Money.of("2.05", "EUR") == Money.of("3.15", "EUR")
    with pytest.raises(CurrencyMismatch) as caught:
        Money.of(1, "EUR") + Money.of(1, "GBP")
    assert caught.value.code == "currency_mismatch"
    assert isinstance(caught.value, DomainError)


def test_adding_something_else_is_not_supported() -> None:
    with pytest.raises(TypeError):
        Money.of(1, "EUR") + 1  # type: ignore[operator]


def test_multiplies_by_whole_numbers_and_decimals_only() -> None:
    assert Money.of("2.50", "EUR") * 3 == Money.of("7.50", "EUR")
    assert 3 * Money.of("2.50", "EUR") == Money.of("7.50", "EUR")
    assert Money.of("2", "EUR") * Decimal("0.5") == Money.of("1", "EUR")
    with pytest.raises(TypeError):
        Money.of(1, "EUR") * 1.5  # type: ignore[operator]
    with pytest.raises(TypeError):
        Money.of(1, "EUR") * True  # type: ignore[operator]


@pytest.mark.parametrize(
    ("amount", "currency", "expected"),
    [("1.005", "EUR", "1.01"), ("1.004", "EUR", "1.00"), ("149.5", "JPY", "150"), ("2.345", "GBP", "2.35")],
)
def test_rounds_half_up_to_the_currency_minor_unit(amount: str, currency: str, expected: str) -> None:
    rounded = Money.of(amount, currency).rounded()
    assert rounded.amount == Decimal(expected)
    assert str(rounded.amount) == expected


def test_currency_is_an_iso_code_and_is_normalised() -> None:
    assert Money.of(1, "eur").currency == "EUR"
    for bad in ("EURO", "XYZ", ""):
        with pytest.raises(ValidationError):
            Money.of(1, bad)


def test_no_infinite_or_nan_amounts() -> None:
    with pytest.raises(ValidationError):
        Money(amount=Decimal("NaN"), currency="EUR")
    with pytest.raises(ValidationError):
        Money(amount=Decimal("Infinity"), currency="EUR")


def test_total_sums_one_currency() -> None:
    amounts = [Money.of("0.10", "EUR")] * 3
    assert Money.total(amounts, "EUR") == Money.of("0.30", "EUR")
    assert Money.total([], "JPY") == Money.zero("JPY")
    with pytest.raises(CurrencyMismatch):
        Money.total([Money.of(1, "GBP")], "EUR")


def test_json_keeps_the_exact_decimal() -> None:
    money = Money.of("12.50", "CHF")
    text = money.model_dump_json()
    assert '"12.50"' in text and '"schema_version":1' in text
    assert Money.model_validate_json(text) == money
    assert str(Money.model_validate_json(text).amount) == "12.50"


def test_fee_line_total_is_rounded_quantity_times_unit() -> None:
    line = FeeLine(
        charge=Charge.ONE_OFF,
        item="numbers",
        description="Number activation",
        country="de",
        quantity=3,
        unit_price=Money.of("0.333", "EUR"),
    )
    assert line.total == Money.of("1.00", "EUR")
    assert line.currency == "EUR"
    assert line.country == "DE"
    assert FeeLine.model_validate_json(line.model_dump_json()) == line


def test_fee_line_quantity_is_a_whole_number_of_zero_or_more() -> None:
    base = {
        "charge": "monthly",
        "item": "x",
        "description": "x",
        "country": "DE",
        "unit_price": Money.of(1, "EUR"),
    }
    for bad in (-1, 1.5, "2"):
        with pytest.raises(ValidationError):
            FeeLine(**base, quantity=bad)
