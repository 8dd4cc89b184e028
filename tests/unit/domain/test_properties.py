"""Property tests: the limits always hold, quotes add up per currency, and JSON round trips are lossless."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from decimal import Decimal

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from services.catalogue import Catalogue, load
from services.domain.address import Address
from services.domain.country_order import Billing, CountryOrder
from services.domain.errors import InvalidValue, LimitExceeded
from services.domain.limits import MAX_NUMBERS_PER_COUNTRY, MAX_NUMBERS_PER_OFFICE, MAX_OFFICES_PER_COUNTRY
from services.domain.money import Charge, Money
from services.domain.office import NumberUsage, Office, ReservedNumber, check_quantities
from services.domain.options import ClipMode, Options
from services.domain.order import Order
from services.pricing import quote

from .conftest import BERLIN

CATALOGUE: Catalogue = load()
PROPERTY = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])

counts = st.integers(min_value=-5, max_value=130)
text = st.text(st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")), min_size=1, max_size=30).filter(
    lambda value: value.strip() != ""
)
moments = st.datetimes(
    min_value=datetime(2020, 1, 1),
    max_value=datetime(2035, 1, 1),
    timezones=st.sampled_from([UTC, timezone(timedelta(hours=5, minutes=30))]),
)


@given(users=counts, resources=counts)
def test_quantities_are_accepted_exactly_when_the_rules_allow(users: int, resources: int) -> None:
    allowed = users >= 0 and resources >= 0 and 1 <= users + resources <= MAX_NUMBERS_PER_OFFICE
    try:
        check_quantities(users, resources)
    except (InvalidValue, LimitExceeded):
        assert not allowed
    else:
        assert allowed


@PROPERTY
@given(st.lists(st.tuples(st.integers(0, 6), counts, counts), max_size=25))
def test_country_limits_always_hold(steps: list[tuple[int, int, int]]) -> None:
    """Whatever is asked, in any order, a country stays within its limits; a refusal changes nothing."""
    entry = CountryOrder(country="DE")
    for slot, users, resources in steps:
        before = entry.model_dump()
        try:
            if slot >= len(entry.offices):
                entry.add_office(Office(address=BERLIN))
            else:
                entry.set_quantities(entry.offices[slot].id, users, resources)
        except (InvalidValue, LimitExceeded):
            assert entry.model_dump() == before
        assert len(entry.offices) <= MAX_OFFICES_PER_COUNTRY
        assert all(office.requested <= MAX_NUMBERS_PER_OFFICE for office in entry.offices)
        assert entry.requested_numbers <= MAX_NUMBERS_PER_COUNTRY
    CountryOrder.model_validate(entry.model_dump())


@st.composite
def orders(draw: st.DrawFn) -> Order:
    """A draft order in 1-4 catalogue countries, billed in one of each country's currencies."""
    created = draw(moments)
    order = Order.new(tenant_id=draw(text), ocn=draw(st.from_regex(r"[0-9]{6}", fullmatch=True)), now=created)
    for code in draw(
        st.lists(st.sampled_from(sorted(CATALOGUE.countries)), min_size=1, max_size=4, unique=True)
    ):
        offer = CATALOGUE.country(code)
        entry = order.add_country(code)
        currency = draw(st.sampled_from(offer.currencies))
        bcn = draw(st.none() | st.from_regex(r"[0-9]{6}", fullmatch=True))
        entry.billing = Billing(bcn=bcn, currency=currency, new_bcn=bcn is None)
        entry.plan_id = draw(st.none() | st.sampled_from([plan.id for plan in offer.plans]))
        entry.porting = draw(st.booleans())
        entry.porting_numbers = draw(st.integers(0, 300))
        entry.options = Options(
            call_forwarding=draw(st.booleans()), clip=draw(st.sampled_from(ClipMode)),
            auto_attendants=draw(st.integers(0, 5)), call_queues=draw(st.integers(0, 5)),
        )  # fmt: skip
        _offices(draw, order, code, created)
    return order


def _offices(draw: st.DrawFn, order: Order, code: str, created: datetime) -> None:
    for index in range(draw(st.integers(0, 3))):
        address = Address(country=code, street=draw(text), house_number=str(index + 1), city=draw(text))
        office = order.add_office(code, Office(name=draw(st.text(max_size=20)), address=address))
        users, resources = draw(st.integers(0, 60)), draw(st.integers(1, 40))
        order.set_quantities(code, office.id, users, resources)
        held = draw(st.integers(0, 3))
        numbers = [
            ReservedNumber(number=f"+{index}{code_digits(code)}{n:06d}", usage=usage, expires_at=created)
            for n, usage in enumerate([NumberUsage.USER] * min(held, users) + [NumberUsage.RESOURCE_ACCOUNT])
        ]
        order.hold_numbers(code, office.id, numbers)


def code_digits(code: str) -> str:
    return "".join(str(ord(char)) for char in code)


@PROPERTY
@given(orders())
def test_quote_totals_are_the_sum_of_their_lines_per_currency(order: Order) -> None:
    result = quote(order, CATALOGUE)
    for line in result.lines:
        entry = order.country(line.country)
        assert line.currency == entry.billing.currency  # type: ignore[union-attr]
        assert line.total == (line.unit_price * line.quantity).rounded()
        assert line.total.amount == line.total.amount.quantize(Decimal(1).scaleb(-line.total.minor_digits))
    for charge in Charge:
        totals = result.totals(charge)
        lines = result.lines_for(charge)
        assert set(totals) == {line.currency for line in lines}
        for currency, total in totals.items():
            assert total.currency == currency
            assert total.amount == sum(
                (line.total.amount for line in lines if line.currency == currency), Decimal(0)
            )


@PROPERTY
@given(orders())
def test_order_json_round_trip_is_lossless(order: Order) -> None:
    text_form = order.model_dump_json()
    assert Order.model_validate_json(text_form) == order
    assert Order.model_validate_json(text_form).model_dump_json() == text_form


@given(
    amount=st.decimals(allow_nan=False, allow_infinity=False, min_value=-(10**9), max_value=10**9),
    currency=st.sampled_from(["EUR", "GBP", "JPY", "CHF", "SEK", "AUD", "KWD"]),
)
def test_money_json_round_trip(amount: Decimal, currency: str) -> None:
    money = Money(amount=amount, currency=currency)
    assert Money.model_validate_json(money.model_dump_json()) == money
    assert str(Money.model_validate_json(money.model_dump_json()).amount) == str(amount)


@given(
    a=st.decimals(places=4, min_value=-1000, max_value=1000),
    b=st.decimals(places=4, min_value=-1000, max_value=1000),
)
def test_money_addition_matches_decimal_addition(a: Decimal, b: Decimal) -> None:
    assert (Money(amount=a, currency="EUR") + Money(amount=b, currency="EUR")).amount == a + b


@PROPERTY
@given(street=text, number=st.text(max_size=10), city=text, code=st.sampled_from(["DE", "FR", "JP", "GB"]))
def test_address_json_round_trip(street: str, number: str, city: str, code: str) -> None:
    address = Address(country=code, street=street, house_number=number, city=city)
    assert Address.model_validate_json(address.model_dump_json()) == address
