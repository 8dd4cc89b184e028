"""Pre-flight check before submission: every problem Microsoft's number upload or the order would hit.

Runs all rules and returns every problem at once, so the admin can fix them in one pass:
E.164 numbers of at most 19 characters, the number's country equals the office's country, the
area code matches the office city where the country requires one, every user number has a valid
emergency address, and each office holds exactly the numbers it asked for, per usage.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import datetime

import phonenumbers
from pydantic import ConfigDict

from services.catalogue import area_codes
from services.catalogue.models import Catalogue
from services.domain.address import emergency_errors
from services.domain.base import DomainModel, country_name
from services.domain.contact import ContactRole
from services.domain.country_order import CountryOrder
from services.domain.errors import NotFound
from services.domain.office import NumberUsage, Office, ReservedNumber
from services.domain.order import Order

# Countries where Microsoft and the regulator require the number's area code to match the address.
AREA_CODE_COUNTRIES = frozenset({"BE", "DE", "ES", "FR", "IE", "NL"})
MAX_NUMBER_LENGTH = 19
_E164 = re.compile(r"^\+[1-9][0-9]+$")


class Problem(DomainModel):
    model_config = ConfigDict(frozen=True)

    code: str
    message: str
    country: str | None = None
    office_id: str | None = None
    number: str | None = None


def check(order: Order, catalogue: Catalogue, *, now: datetime | None = None) -> list[Problem]:
    """Every problem that would stop the order or its number upload; empty when all is well."""
    problems = list(_order_problems(order))
    for entry in order.countries:
        problems.extend(_country_problems(entry, catalogue, now))
    return problems


def area_code_required(country: str, catalogue: Catalogue) -> bool:
    offer = catalogue.countries.get(country)
    return country in AREA_CODE_COUNTRIES or bool(offer and offer.area_code_required)


def _order_problems(order: Order) -> Iterator[Problem]:
    if not order.countries:
        yield Problem(code="no_countries", message="Choose at least one country.")
    if order.countries and order.main_billing_country is None:
        yield Problem(code="main_billing_country_missing", message="Choose the main billing country.")
    for role in ContactRole:
        if order.contact(role) is None:
            yield Problem(code="contact_missing", message=f"Add the {role.label.lower()}.")
    if order.legal_address is None:
        yield Problem(code="legal_address_missing", message="Enter and verify the company's legal address.")


def _country_problems(entry: CountryOrder, catalogue: Catalogue, now: datetime | None) -> Iterator[Problem]:
    where = {"country": entry.country}
    try:
        offer = catalogue.country(entry.country)
    except NotFound:
        yield Problem(code="country_not_sold", message=f"{entry.name} is not available.", **where)
        return
    if entry.plan_id is None:
        yield Problem(code="plan_missing", message=f"Choose a voice plan for {entry.name}.", **where)
    elif all(plan.id != entry.plan_id for plan in offer.plans):
        yield Problem(code="plan_unknown", message=f"Choose a voice plan offered in {entry.name}.", **where)
    if entry.billing is None:
        yield Problem(
            code="billing_missing", message=f"Choose a billing number (BCN) for {entry.name}.", **where
        )
    elif entry.billing.currency not in offer.currencies:
        text = f"{entry.name} cannot be billed in {entry.billing.currency}; choose another BCN."
        yield Problem(code="billing_currency", message=text, **where)
    for flag, offered in (("porting", offer.porting), ("migration", offer.migration)):
        if getattr(entry, flag) and not offered:
            yield Problem(
                code=f"{flag}_not_offered",
                message=f"{flag.capitalize()} is not offered in {entry.name}.",
                **where,
            )
    if not entry.offices:
        yield Problem(code="no_offices", message=f"Add an office in {entry.name}.", **where)
    required = area_code_required(entry.country, catalogue)
    for office in entry.offices:
        yield from _office_problems(entry, office, required, now)


def _office_problems(
    entry: CountryOrder, office: Office, required: bool, now: datetime | None
) -> Iterator[Problem]:
    where = {"country": entry.country, "office_id": office.id}
    label = office.name or office.address.city
    if office.quantities is None:
        yield Problem(code="quantities_missing", message=f"Choose how many numbers {label} needs.", **where)
    elif not office.is_fully_reserved:
        yield Problem(code="reservation_incomplete", message=f"Reserve the numbers for {label}.", **where)
    if required:
        yield from _area_code_problems(entry, office, label)
    if office.numbers_for(NumberUsage.USER):
        for error in emergency_errors(office.address):
            text = f"The address of {label} cannot be used for emergency calls: {error.message}"
            yield Problem(code="emergency_address", message=text, **where)
    for held in office.numbers:
        yield from _number_problems(entry, office, held, required, now)


def _area_code_problems(entry: CountryOrder, office: Office, label: str) -> Iterator[Problem]:
    where = {"country": entry.country, "office_id": office.id}
    if not office.area_code:
        yield Problem(code="area_code_missing", message=f"Choose the local area code of {label}.", **where)
        return
    match = area_codes.check(entry.country, office.area_code, office.address.city)
    if match is area_codes.AreaCodeMatch.MISMATCH:
        text = (
            f"Area code {office.area_code} does not belong to {office.address.city}; choose the city's own."
        )
        yield Problem(code="area_code_mismatch", message=text, **where)
    elif match is area_codes.AreaCodeMatch.UNKNOWN_CODE:
        text = f"Area code {office.area_code} does not exist in {entry.name}."
        yield Problem(code="area_code_unknown", message=text, **where)
    elif match is area_codes.AreaCodeMatch.UNKNOWN_CITY:
        city = office.address.city
        text = f"We cannot confirm the area code of {city}: check the city's spelling or ask for help."
        yield Problem(code="area_code_unverified", message=text, **where)


def _number_problems(
    entry: CountryOrder, office: Office, held: ReservedNumber, required: bool, now: datetime | None
) -> Iterator[Problem]:
    where = {"country": entry.country, "office_id": office.id, "number": held.number}
    if now is not None and held.is_expired(now):
        yield Problem(code="reservation_expired", message=f"The hold on {held.number} has expired.", **where)
    if not _E164.match(held.number):
        yield Problem(code="number_not_e164", message=f"{held.number} is not in E.164 format.", **where)
        return
    if len(held.number) > MAX_NUMBER_LENGTH:
        text = f"{held.number} is longer than {MAX_NUMBER_LENGTH} characters."
        yield Problem(code="number_too_long", message=text, **where)
        return
    if office.address.country not in _number_countries(held.number):
        text = (
            f"{held.number} is not a number of {country_name(office.address.country)}, where the office is."
        )
        yield Problem(code="number_country_mismatch", message=text, **where)
    elif required and office.area_code and not _in_area(entry.country, held.number, office.area_code):
        text = f"{held.number} is not in area code {office.area_code} of the office."
        yield Problem(code="number_area_code_mismatch", message=text, **where)


def _in_area(country: str, number: str, area_code: str) -> bool:
    return area_codes.number_in_area(number, area_codes.normalise(country, area_code))


def _number_countries(number: str) -> set[str]:
    try:
        parsed = phonenumbers.parse(number)
    except phonenumbers.NumberParseException:
        return set()
    if phonenumbers.is_valid_number(parsed):
        return {phonenumbers.region_code_for_number(parsed)}
    return set(phonenumbers.region_codes_for_country_code(parsed.country_code))


class UploadRow(DomainModel):
    """One number as Microsoft's Operator Connect upload takes it."""

    model_config = ConfigDict(frozen=True)

    number: str
    usage: str
    country: str
    office_id: str


def upload_rows(order: Order) -> list[UploadRow]:
    """The numbers to upload with the usage Microsoft expects for each (users, resource accounts)."""
    return [
        UploadRow(
            number=held.number, usage=held.usage.upload_usage, country=entry.country, office_id=office.id
        )
        for entry, office, held in order.numbers()
    ]
