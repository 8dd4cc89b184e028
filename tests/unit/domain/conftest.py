"""Builders for the domain tests: a fixed clock, sample addresses, offices and complete orders."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from services.catalogue import AccountDirectory, Catalogue, load
from services.domain.address import Address
from services.domain.contact import Contact, ContactRole, Signatory
from services.domain.country_order import Billing
from services.domain.office import NumberUsage, Office, ReservedNumber, hold_until
from services.domain.options import ClipMode, Options
from services.domain.order import Order

NOW = datetime(2025, 3, 3, 9, 0, tzinfo=UTC)  # a Monday

BERLIN = Address(
    country="DE", street="Friedrichstraße", house_number="123", postal_code="10117", city="Berlin"
)
PARIS = Address(country="FR", street="rue de Rivoli", house_number="10", postal_code="75004", city="Paris")
LONDON = Address(
    country="GB", street="Baker Street", house_number="221", postal_code="NW1 6XE", city="London"
)


@pytest.fixture(scope="session")
def catalogue() -> Catalogue:
    return load()


@pytest.fixture(scope="session")
def directory() -> AccountDirectory:
    return AccountDirectory.load()


def held(number: str, usage: NumberUsage = NumberUsage.USER, now: datetime = NOW) -> ReservedNumber:
    return ReservedNumber(number=number, usage=usage, expires_at=hold_until(now))


def berlin_numbers(count: int, start: int = 0) -> list[str]:
    return [f"+4930{12340000 + start + i}" for i in range(count)]


def contact(role: ContactRole) -> Contact:
    return Contact(
        role=role,
        first_name="Ada",
        last_name="Lovelace",
        email=f"{role}@contoso.com",
        phone="+44 20 7946 0000",
    )


def complete_order(*, porting: bool = False) -> Order:
    """A German order ready to submit: plan, BCN, one Berlin office with 3 user + 1 resource number."""
    order = Order.new(tenant_id="tenant-1", ocn="100002", now=NOW)
    germany = order.add_country("DE")
    germany.plan_id = "de-national"
    germany.billing = Billing(bcn="400201", currency="EUR")
    germany.options = Options(call_forwarding=True, clip=ClipMode.SCREEN, auto_attendants=2)
    germany.porting = porting
    germany.porting_numbers = 10 if porting else 0
    office = order.add_office("DE", Office(name="HQ", address=BERLIN, area_code="30"))
    order.set_quantities("DE", office.id, 3, 1)
    numbers = berlin_numbers(4)
    order.hold_numbers("DE", office.id, [held(n) for n in numbers[:3]])
    order.hold_numbers("DE", office.id, [held(numbers[3], NumberUsage.RESOURCE_ACCOUNT)])
    for role in ContactRole:
        order.set_contact(contact(role))
    order.legal_address = BERLIN
    order.company_name = "Fabrikam GmbH"
    order.signatory = Signatory(
        first_name="Grace", last_name="Hopper", email="grace@contoso.com", job_title="CFO", authorised=True
    )
    return order
