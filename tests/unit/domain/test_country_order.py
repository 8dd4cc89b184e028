from __future__ import annotations

import pytest
from pydantic import ValidationError

from services.domain import country_order
from services.domain.country_order import Billing, CountryOrder
from services.domain.errors import Conflict, DomainError, LimitExceeded, NotFound
from services.domain.limits import MAX_NUMBERS_PER_COUNTRY, MAX_OFFICES_PER_COUNTRY
from services.domain.office import Office, Quantities

from .conftest import BERLIN, PARIS, berlin_numbers, held


def germany(offices: int = 0) -> CountryOrder:
    entry = CountryOrder(country="DE")
    for _ in range(offices):
        entry.add_office(Office(address=BERLIN))
    return entry


def test_at_most_five_offices_per_country() -> None:
    entry = germany(MAX_OFFICES_PER_COUNTRY)
    with pytest.raises(LimitExceeded) as caught:
        entry.add_office(Office(address=BERLIN))
    assert caught.value.code == "limit_exceeded"
    assert caught.value.field == "offices"
    assert "at most 5 offices in Germany" in caught.value.message
    assert len(entry.offices) == MAX_OFFICES_PER_COUNTRY
    with pytest.raises(ValidationError):
        CountryOrder(country="DE", offices=[Office(address=BERLIN) for _ in range(6)])


def test_offices_may_share_an_address() -> None:
    entry = germany(2)
    assert entry.offices[0].address == entry.offices[1].address
    assert entry.offices[0].id != entry.offices[1].id


def test_office_must_be_in_the_country() -> None:
    with pytest.raises(DomainError) as caught:
        germany().add_office(Office(address=PARIS))
    assert caught.value.code == "office_country_mismatch"


def test_office_ids_are_unique() -> None:
    entry = germany()
    entry.add_office(Office(id="a", address=BERLIN))
    with pytest.raises(Conflict):
        entry.add_office(Office(id="a", address=BERLIN))


def test_at_most_500_numbers_per_country() -> None:
    entry = germany(5)
    for office in entry.offices[:4]:
        entry.set_quantities(office.id, 100, 0)
    entry.set_quantities(entry.offices[4].id, 99, 1)
    assert entry.requested_numbers == MAX_NUMBERS_PER_COUNTRY
    entry.set_quantities(entry.offices[0].id, 50, 50)  # same total for that office: allowed
    with pytest.raises(LimitExceeded) as caught:
        entry.set_quantities(entry.offices[0].id, 100, 1)
    assert "at most 100" in caught.value.message  # the office limit is checked first
    entry.set_quantities(entry.offices[0].id, 10, 0)
    with pytest.raises(ValidationError):
        CountryOrder(
            country="DE",
            offices=[
                Office(address=BERLIN, quantities=Quantities(users=100, resource_accounts=1))
                for _ in range(5)
            ],
        )


def test_five_full_offices_reach_exactly_the_country_limit() -> None:
    assert MAX_OFFICES_PER_COUNTRY * 100 == MAX_NUMBERS_PER_COUNTRY


def test_country_total_is_enforced_on_its_own(monkeypatch: pytest.MonkeyPatch) -> None:
    """With today's limits 5 x 100 = 500; the country rule must still hold if the office limit grows."""
    monkeypatch.setattr(country_order, "MAX_NUMBERS_PER_COUNTRY", 150)
    entry = germany(2)
    entry.set_quantities(entry.offices[0].id, 100, 0)
    entry.set_quantities(entry.offices[1].id, 40, 10)
    with pytest.raises(LimitExceeded) as caught:
        entry.set_quantities(entry.offices[1].id, 40, 11)
    assert "at most 150 numbers in Germany" in caught.value.message and "151" in caught.value.message
    assert entry.offices[1].requested == 50
    with pytest.raises(LimitExceeded):
        entry.add_office(Office(address=BERLIN, quantities=Quantities(users=1, resource_accounts=0)))
    with pytest.raises(ValidationError):
        CountryOrder(
            country="DE",
            offices=[
                *entry.offices,
                Office(address=BERLIN, quantities=Quantities(users=1, resource_accounts=0)),
            ],
        )


def test_find_and_remove_offices() -> None:
    entry = germany(2)
    first = entry.offices[0]
    assert entry.office(first.id) is first
    assert entry.remove_office(first.id) is first
    with pytest.raises(NotFound):
        entry.office(first.id)
    assert len(entry.offices) == 1


def test_held_numbers_and_sales_flags() -> None:
    entry = germany(1)
    entry.set_quantities(entry.offices[0].id, 2, 0)
    entry.offices[0].hold([held(n) for n in berlin_numbers(2)])
    assert [h.number for h in entry.held_numbers()] == berlin_numbers(2)
    assert not entry.needs_sales
    entry.migration = True
    assert entry.needs_sales
    assert entry.name == "Germany"


def test_billing_is_an_existing_bcn_or_a_new_one() -> None:
    assert Billing(bcn="400201", currency="eur").currency == "EUR"
    assert Billing(currency="EUR", new_bcn=True).bcn is None
    with pytest.raises(ValidationError):
        Billing(currency="EUR")
    with pytest.raises(ValidationError):
        Billing(bcn="400201", currency="EUR", new_bcn=True)
    with pytest.raises(ValidationError):
        Billing(bcn="400201", currency="EURO")


def test_porting_numbers_are_whole_and_not_negative() -> None:
    with pytest.raises(ValidationError):
        CountryOrder(country="DE", porting_numbers=-1)
    with pytest.raises(ValidationError):
        germany().porting_numbers = 2.5  # type: ignore[assignment]
