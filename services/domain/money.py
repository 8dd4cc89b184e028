"""Money as Decimal plus an ISO currency, and the fee lines a quote is made of."""

from __future__ import annotations

from collections.abc import Iterable
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum
from typing import Annotated

from babel.numbers import get_currency_precision
from pydantic import ConfigDict, Field

from services.domain.base import CountryCode, CurrencyCode, DomainModel
from services.domain.errors import CurrencyMismatch

Amount = Annotated[Decimal, Field(allow_inf_nan=False)]


class Money(DomainModel):
    """An amount in one currency. Adding two currencies is refused, never converted."""

    model_config = ConfigDict(frozen=True)

    amount: Amount
    currency: CurrencyCode

    @classmethod
    def of(cls, amount: Decimal | int | str, currency: str) -> Money:
        return cls(amount=Decimal(amount), currency=currency)

    @classmethod
    def zero(cls, currency: str) -> Money:
        return cls(amount=Decimal(0), currency=currency)

    @classmethod
    def total(cls, amounts: Iterable[Money], currency: str) -> Money:
        """The sum of `amounts`, all of which must be in `currency`."""
        result = cls.zero(currency)
        for money in amounts:
            result = result + money
        return result

    def __add__(self, other: Money) -> Money:
        if not isinstance(other, Money):
            return NotImplemented
        if other.currency != self.currency:
            raise CurrencyMismatch(
                f"Cannot add {other.currency} to {self.currency}: amounts stay per currency."
            )
        return Money(amount=self.amount + other.amount, currency=self.currency)

    def __mul__(self, factor: int | Decimal) -> Money:
        if isinstance(factor, bool) or not isinstance(factor, int | Decimal):
            return NotImplemented
        return Money(amount=self.amount * factor, currency=self.currency)

    __rmul__ = __mul__

    @property
    def minor_digits(self) -> int:
        return int(get_currency_precision(self.currency))

    def rounded(self) -> Money:
        """Rounded half up to the currency's minor unit (2 for EUR, 0 for JPY)."""
        exponent = Decimal(1).scaleb(-self.minor_digits)
        return Money(amount=self.amount.quantize(exponent, rounding=ROUND_HALF_UP), currency=self.currency)


class Charge(StrEnum):
    ONE_OFF = "one_off"
    MONTHLY = "monthly"


class FeeLine(DomainModel):
    """One line of a quote: what is charged, how many, at what unit price, in which country."""

    model_config = ConfigDict(frozen=True)

    charge: Charge
    item: str = Field(min_length=1)
    description: str = Field(min_length=1)
    country: CountryCode
    quantity: int = Field(ge=0, strict=True)
    unit_price: Money
    bcn: str | None = None

    @property
    def currency(self) -> str:
        return self.unit_price.currency

    @property
    def total(self) -> Money:
        return (self.unit_price * self.quantity).rounded()
