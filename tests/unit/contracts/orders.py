"""Orders for the contract tests, built straight from the domain: Germany billed in EUR and the United
Kingdom in GBP, with offices, numbers, options, contacts and a signatory."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from io import BytesIO

from pypdf import PdfReader

from services.domain.address import Address
from services.domain.contact import Contact, ContactRole, Signatory
from services.domain.office import NumberUsage, Office, ReservedNumber, hold_until
from services.domain.options import ClipMode, Options
from services.domain.order import Billing, Order
from services.inventory.numbers import generate_pool

TENANT = "11111111-1111-1111-1111-111111111111"
NOW = datetime(2026, 12, 7, 9, 0, tzinfo=UTC)
ORDERING = ("Ada", "Lovelace", "ada@contoso.com", "+44 20 7946 0000", "IT Director")
SIGNATORY = Signatory(first_name="Margaret", last_name="Hamilton", email="m.hamilton@contoso.com",
                      job_title="Chief Operating Officer", authorised=True)
BERLIN = Address(country="DE", street="Friedrichstraße", house_number="43", postal_code="10117",
                 city="Berlin")
LONDON = Address(country="GB", street="Baker Street", house_number="221", postal_code="NW1 6XE",
                 city="London")


def add_office(order: Order, address: Address, area_code: str, name: str, users: int, resource_accounts: int,
               numbers: list[str]) -> Office:
    office = order.add_office(address.country, Office(name=name, address=address, area_code=area_code))
    order.set_quantities(address.country, office.id, users, resource_accounts)
    usages = [NumberUsage.USER] * users + [NumberUsage.RESOURCE_ACCOUNT] * resource_accounts
    order.hold_numbers(address.country, office.id, [
        ReservedNumber(number=number, usage=usage, expires_at=hold_until(NOW))
        for number, usage in zip(numbers, usages, strict=True)])
    return office


def add_contacts(order: Order) -> None:
    people = [
        (ContactRole.ORDERING, *ORDERING),
        (ContactRole.BILLING, "Charles", "Babbage", "accounts@contoso.com", "+44 20 7946 0100", "Finance"),
        (ContactRole.TECHNICAL, "Grace", "Hopper", "grace@contoso.com", "+49 30 901820", "Teams admin"),
    ]
    for role, first, last, email, phone, title in people:
        order.set_contact(Contact(role=role, first_name=first, last_name=last, email=email, phone=phone,
                                  job_title=title))


def two_currency_order() -> Order:
    """Germany (existing BCN, EUR, main billing country) and the UK (new BCN in GBP, porting)."""
    order = Order.new(tenant_id=TENANT, ocn="100001", now=NOW)
    order.company_name, order.legal_address = "Contoso Ltd", LONDON
    germany = order.add_country("DE")
    germany.plan_id, germany.billing = "de-national", Billing(bcn="400103", currency="EUR")
    germany.options = Options(call_forwarding=True, clip=ClipMode.SCREEN, auto_attendants=2)
    berlin = generate_pool("DE", "30", 30)
    add_office(order, BERLIN, "30", "Berlin HQ", 8, 2, berlin[:10])
    add_office(order, BERLIN, "30", "Berlin Sales", 5, 0, berlin[20:25])
    uk = order.add_country("GB")
    uk.plan_id, uk.billing = "gb-essentials", Billing(currency="GBP", new_bcn=True)
    uk.porting, uk.porting_numbers, uk.options = True, 20, Options(call_queues=1)
    add_office(order, LONDON, "20", "London", 3, 1, generate_pool("GB", "20", 4))
    add_contacts(order)
    order.touch(NOW + timedelta(minutes=30))
    return order


def pages_text(pdf: bytes) -> list[str]:
    return [page.extract_text() for page in PdfReader(BytesIO(pdf)).pages]


def flat(text: str) -> str:
    """The text with every run of white space made one space (table cells come out space-separated)."""
    return " ".join(text.split())
