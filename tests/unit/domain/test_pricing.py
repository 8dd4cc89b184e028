from __future__ import annotations

from decimal import Decimal

import pytest

from services.catalogue import Catalogue
from services.domain.country_order import Billing
from services.domain.errors import NotFound
from services.domain.money import Charge, Money
from services.domain.office import Office
from services.domain.options import ClipMode, Options
from services.domain.order import Order
from services.pricing import Quote, format_money, quote

from .conftest import LONDON, NOW, complete_order

EUR = lambda amount: Money.of(amount, "EUR")  # noqa: E731


def test_installation_and_monthly_lines_of_a_german_order(catalogue: Catalogue) -> None:
    result = quote(complete_order(), catalogue)
    one_off = {
        line.item: (line.quantity, line.unit_price, line.total) for line in result.lines_for(Charge.ONE_OFF)
    }
    assert one_off == {
        "numbers": (4, EUR("1.99"), EUR("7.96")),
        "offices": (1, EUR("44.99"), EUR("44.99")),
        "option:call_forwarding": (1, EUR("29.99"), EUR("29.99")),
        "option:clip_screen": (1, EUR("24.99"), EUR("24.99")),
        "option:auto_attendant": (2, EUR("94.99"), EUR("189.98")),
    }
    monthly = {line.item: (line.quantity, line.total) for line in result.lines_for(Charge.MONTHLY)}
    assert monthly == {
        "resource_accounts": (1, EUR("1.49")),
        "option:clip_screen": (1, EUR("0.99")),
        "plan:de-national": (3, EUR("26.97")),
    }
    assert result.installation_totals == {"EUR": EUR("297.91")}
    assert result.monthly_totals == {"EUR": EUR("29.45")}
    assert all(line.bcn == "400201" and line.country == "DE" for line in result.lines)


def test_porting_is_charged_per_number_only_when_asked(catalogue: Catalogue) -> None:
    ported = quote(complete_order(porting=True), catalogue)
    [porting] = [line for line in ported.lines if line.item == "porting"]
    assert (porting.quantity, porting.total) == (10, EUR("89.90"))
    order = complete_order()
    order.countries[0].porting_numbers = 10  # the count alone, without the toggle, costs nothing
    assert not [line for line in quote(order, catalogue).lines if line.item == "porting"]


def multi_currency_order() -> Order:
    order = complete_order()
    uk = order.add_country("GB")
    uk.billing = Billing(bcn="400101", currency="GBP")
    uk.plan_id = "gb-essentials"
    office = order.add_office("GB", Office(address=LONDON, area_code="20"))
    order.set_quantities("GB", office.id, 2, 0)
    swiss = order.add_country("CH")
    swiss.billing = Billing(currency="EUR", new_bcn=True)
    swiss.options = Options(clip=ClipMode.NO_SCREEN)
    japan = order.add_country("JP")
    japan.plan_id = "jp-national"
    return order


def test_each_country_is_priced_in_its_bcn_currency_and_totals_never_mix(catalogue: Catalogue) -> None:
    result = quote(multi_currency_order(), catalogue)
    assert {line.country: line.currency for line in result.lines} == {"DE": "EUR", "GB": "GBP", "CH": "EUR"}
    assert set(result.installation_totals) == {"EUR", "GBP"}
    assert result.installation_totals["GBP"] == Money.of("2", "GBP") * Decimal("1.49") + Money.of(
        "38.49", "GBP"
    )
    assert result.installation_totals["EUR"] == EUR("297.91") + EUR("59.99")
    assert result.monthly_totals["GBP"] == Money.of("2", "GBP") * Decimal("2.99")
    for charge in Charge:
        for currency, total in result.totals(charge).items():
            lines = [line.total for line in result.lines_for(charge) if line.currency == currency]
            assert total == Money.total(lines, currency)


def test_a_country_without_a_bcn_yet_is_priced_in_its_own_currency(catalogue: Catalogue) -> None:
    order = Order.new(tenant_id="t", ocn="100003", now=NOW)
    japan = order.add_country("JP")
    japan.options = Options(call_forwarding=True)
    [line] = quote(order, catalogue).lines
    assert line.total == Money.of("4800", "JPY") and line.bcn is None


def test_unknown_plan_or_country_is_an_error(catalogue: Catalogue) -> None:
    order = complete_order()
    order.countries[0].plan_id = "fr-national"
    with pytest.raises(NotFound):
        quote(order, catalogue)
    order = Order.new(tenant_id="t", ocn="1", now=NOW)
    order.add_country("US")
    with pytest.raises(NotFound):
        quote(order, catalogue)


def test_empty_order_has_no_lines(catalogue: Catalogue) -> None:
    result = quote(Order.new(tenant_id="t", ocn="1", now=NOW), catalogue)
    assert result.lines == [] and result.installation_totals == {} and result.monthly_totals == {}


@pytest.mark.parametrize(
    ("money", "locale", "text"),
    [
        (Money.of("1234.5", "EUR"), "de-DE", "1.234,50\xa0€"),
        (Money.of("1234.5", "EUR"), "en_US", "€1,234.50"),
        (Money.of("1234.5", "EUR"), "fr-FR", "1\u202f234,50\xa0€"),
        (Money.of("1234", "JPY"), "ja-JP", "￥1,234"),
        (Money.of("99.9", "GBP"), "en-GB", "£99.90"),
        (Money.of("5", "CHF"), "xx-YY", "CHF5.00"),
        (Money.of("5", "CHF"), "", "CHF5.00"),
    ],
)
def test_format_money_for_the_users_locale(money: Money, locale: str, text: str) -> None:
    assert format_money(money, locale) == text


def test_quote_serialises(catalogue: Catalogue) -> None:
    result = quote(multi_currency_order(), catalogue)
    assert Quote.model_validate_json(result.model_dump_json()) == result
