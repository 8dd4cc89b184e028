"""Big orders for the document benchmarks, built through the real services (journey, inventory on the
embedded SQLite store) the way the dialogs build them: countries, offices, reservations, contacts."""

from __future__ import annotations

from dataclasses import dataclass

from bench.admin import OCN
from services.domain.address import Address
from services.domain.contact import Contact, ContactRole
from services.domain.office import Office, Quantities
from services.domain.options import ClipMode, Options
from services.domain.order import Order
from services.journey import Journey

TENANT = "00000000-0000-4000-8000-0000000b0000"


@dataclass(frozen=True)
class Site:
    address: Address
    area_code: str


SITES = {
    "DE": Site(Address(country="DE", street="Friedrichstraße", house_number="43", postal_code="10117",
                       city="Berlin"), "30"),
    "GB": Site(Address(country="GB", street="Baker Street", house_number="221", postal_code="NW1 6XE",
                       city="London"), "20"),
    "FR": Site(Address(country="FR", street="Rue de Rivoli", house_number="12", postal_code="75004",
                       city="Paris"), "1"),
    "NL": Site(Address(country="NL", street="Damrak", house_number="1", postal_code="1012 LG",
                       city="Amsterdam"), "20"),
    "AT": Site(Address(country="AT", street="Stephansplatz", house_number="1", postal_code="1010",
                       city="Wien"), "1"),
}
PEOPLE = [Contact(role=ContactRole.ORDERING, first_name="Ada", last_name="Lovelace",
                  email="ada@contoso.com", phone="+442079460000"),
          Contact(role=ContactRole.BILLING, first_name="Charles", last_name="Babbage",
                  email="charles@contoso.com", phone="+442079460001"),
          Contact(role=ContactRole.TECHNICAL, first_name="Grace", last_name="Hopper",
                  email="grace@contoso.com", phone="+4930901820")]


async def build_order(journey: Journey, offices: dict[str, list[Quantities]]) -> Order:
    """A draft with, per country, a plan, a BCN, options and offices whose numbers are reserved."""
    draft = await journey.start(TENANT, OCN)
    added: list[tuple[str, str]] = []

    def setup(order: Order) -> None:
        for code, quantities in offices.items():
            entry = order.add_country(code)
            country = journey.catalogue.countries[code]
            entry.plan_id = country.plans[0].id
            entry.billing = journey.accounts.bcn_choices(OCN, code, [country.currency])[0].to_billing()
            entry.options = Options(call_forwarding=True, clip=ClipMode.SCREEN)
            site = SITES[code]
            for index, wanted in enumerate(quantities, start=1):
                office = Office(name=f"{site.address.city} floor {index}", address=site.address,
                                area_code=site.area_code, quantities=wanted)
                added.append((code, order.add_office(code, office).id))
        for contact in PEOPLE:
            order.set_contact(contact)

    await journey.change(TENANT, draft.id, setup)
    for code, office_id in added:
        await journey.reserve(TENANT, draft.id, code, office_id)
    return await journey.load(TENANT, draft.id)


def five_hundred_in_germany() -> dict[str, list[Quantities]]:
    """One country at its maximum: five offices of 100 numbers (90 users, 10 resource accounts)."""
    return {"DE": [Quantities(users=90, resource_accounts=10)] * 5}


def five_countries_25_offices() -> dict[str, list[Quantities]]:
    """Germany with 500 numbers, and four more countries with five offices of 10 numbers each."""
    return {**five_hundred_in_germany(),
            **{code: [Quantities(users=8, resource_accounts=2)] * 5 for code in ("GB", "FR", "NL", "AT")}}
