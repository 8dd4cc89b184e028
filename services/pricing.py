"""Fees of an order: one-off installation and monthly charges, per country in the BCN's currency.

Line totals are rounded to the currency's minor unit; totals are the sums of the lines of one
currency. Amounts in different currencies are never added together.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal

from babel import Locale, UnknownLocaleError
from babel.numbers import format_currency
from pydantic import Field

from services.catalogue.models import Catalogue, CurrencyFees
from services.domain.base import DomainModel
from services.domain.country_order import CountryOrder
from services.domain.money import Charge, FeeLine, Money
from services.domain.options import OptionId
from services.domain.order import Order

log = logging.getLogger(__name__)

ONE_OFF, MONTHLY = Charge.ONE_OFF, Charge.MONTHLY
_OPTION_NAMES = {
    OptionId.CALL_FORWARDING: "Call forwarding configuration",
    OptionId.CLIP_SCREEN: "CLIP screen configuration",
    OptionId.CLIP_NO_SCREEN: "CLIP no screen configuration",
    OptionId.AUTO_ATTENDANT: "Auto attendant configuration",
    OptionId.CALL_QUEUE: "Call queue configuration",
}


class Quote(DomainModel):
    lines: list[FeeLine] = Field(default_factory=list)

    def lines_for(self, charge: Charge) -> list[FeeLine]:
        return [line for line in self.lines if line.charge is charge]

    def totals(self, charge: Charge) -> dict[str, Money]:
        """Total per currency of the lines of one kind of charge, in order of first appearance."""
        lines = self.lines_for(charge)
        currencies = dict.fromkeys(line.currency for line in lines)
        return {
            currency: Money.total((line.total for line in lines if line.currency == currency), currency)
            for currency in currencies
        }

    @property
    def installation_totals(self) -> dict[str, Money]:
        return self.totals(Charge.ONE_OFF)

    @property
    def monthly_totals(self) -> dict[str, Money]:
        return self.totals(Charge.MONTHLY)


def quote(order: Order, catalogue: Catalogue) -> Quote:
    """Every fee line of the order, each in the currency of its country's BCN."""
    return Quote(lines=[line for entry in order.countries for line in _country_lines(entry, catalogue)])


@dataclass(frozen=True)
class _Lines:
    """Makes fee lines for one country, all in the currency of its BCN."""

    country: str
    currency: str
    bcn: str | None

    def __call__(self, charge: Charge, item: str, text: str, quantity: int, unit: Decimal | Money) -> FeeLine:
        price = unit if isinstance(unit, Money) else Money(amount=unit, currency=self.currency)
        return FeeLine(
            charge=charge,
            item=item,
            description=text,
            country=self.country,
            quantity=quantity,
            unit_price=price,
            bcn=self.bcn,
        )


def _country_lines(entry: CountryOrder, catalogue: Catalogue) -> Iterator[FeeLine]:
    offer = catalogue.country(entry.country)
    currency = entry.billing.currency if entry.billing else offer.currency
    fees = catalogue.fees_for(currency)
    line = _Lines(entry.country, currency, entry.billing.bcn if entry.billing else None)
    users = sum(o.quantities.users for o in entry.offices if o.quantities)
    ported = entry.porting_numbers if entry.porting else 0
    candidates = [
        line(ONE_OFF, "numbers", "Number activation", entry.requested_numbers, fees.installation_per_number),
        line(ONE_OFF, "offices", "Office set-up", len(entry.offices), fees.installation_per_office),
        line(ONE_OFF, "porting", "Number porting", ported, fees.porting_per_number),
        *_option_lines(entry, fees, line),
        line(
            MONTHLY,
            "resource_accounts",
            "Resource account numbers",
            entry.requested_numbers - users,
            fees.resource_account_monthly,
        ),
    ]
    if entry.plan_id:
        plan = offer.plan(entry.plan_id)
        text = f"{plan.name} (per user)"
        candidates.append(line(MONTHLY, f"plan:{plan.id}", text, users, plan.price(currency)))
    yield from (candidate for candidate in candidates if candidate.quantity and candidate.unit_price.amount)


def _option_lines(entry: CountryOrder, fees: CurrencyFees, line: _Lines) -> Iterator[FeeLine]:
    for option, quantity in entry.options.selected().items():
        fee = fees.options[option]
        name = _OPTION_NAMES[option]
        yield line(ONE_OFF, f"option:{option.value}", name, quantity, fee.installation)
        yield line(MONTHLY, f"option:{option.value}", name, quantity, fee.monthly)


def format_money(money: Money, locale: str = "en") -> str:
    """`money` as the user's locale writes it ("en-US", "de_DE", "fr"); unknown locales use English."""
    return str(format_currency(money.amount, money.currency, locale=_locale(locale)))


def _locale(tag: str) -> Locale:
    try:
        return Locale.parse(tag.replace("-", "_"))
    except (UnknownLocaleError, ValueError, TypeError):
        log.debug("Unknown locale %r, using English", tag)
        return Locale.parse("en")
