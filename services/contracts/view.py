"""What the contract says, as plain text values: built from the order and the catalogue, drawn by `pdf`.

Keeping the wording here and the drawing in `pdf`/`pdf_sections` lets each change on its own, and lets
the numbers, fees and signature be checked without reading a PDF.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from services.catalogue.models import Catalogue
from services.contracts.numbers import OfficeNumbers, office_numbers, readable
from services.contracts.wording import (
    bcn_text,
    human_time,
    iso_time,
    long_date,
    options_text,
    plan_text,
    porting_text,
    quantities_text,
)
from services.domain.contact import ContactRole
from services.domain.country_order import CountryOrder
from services.domain.errors import DomainError
from services.domain.money import Charge
from services.domain.order import Order
from services.domain.status import OrderStatus
from services.pricing import Quote, format_money, quote

LOCALE = "en-GB"


@dataclass(frozen=True)
class OfficeView:
    name: str
    address: str
    area_code: str
    quantities: str
    numbers: OfficeNumbers


@dataclass(frozen=True)
class CountryView:
    name: str
    plan: str
    bcn: str
    main_billing: bool
    porting: str
    migration: str
    options: str
    offices: list[OfficeView]


@dataclass(frozen=True)
class FeeRow:
    country: str
    description: str
    quantity: str
    unit_price: str
    amount: str


@dataclass(frozen=True)
class CurrencyFees:
    """The lines of one kind of charge in one currency, and their total."""

    currency: str
    rows: list[FeeRow]
    total: str


@dataclass(frozen=True)
class ContactView:
    role: str
    name: str
    job_title: str
    email: str
    phone: str


@dataclass(frozen=True)
class SignatureView:
    """Who signs: the signatory in the final contract, the ordering contact standing in for a draft."""

    final: bool
    company: str
    name: str
    job_title: str
    email: str
    signed_at_iso: str = ""
    signed_at_text: str = ""
    for_signature: bool = False
    """Sent for e-signature: the signatory is named and signs here; no DRAFT mark."""


@dataclass(frozen=True)
class ContractView:
    operator: str
    company: str
    legal_address: list[str]
    tenant_id: str
    ocn: str
    order_id: str
    date: str
    countries: list[CountryView]
    one_off: list[CurrencyFees]
    monthly: list[CurrencyFees]
    contacts: list[ContactView]
    terms: str
    signature: SignatureView

    @property
    def is_draft(self) -> bool:
        return not self.signature.final and not self.signature.for_signature

    @property
    def edition(self) -> str:
        """Draft for review, for signature, or signed: the badge and status the pages show."""
        if self.signature.final:
            return "Signed"
        return "For signature" if self.signature.for_signature else "Draft for review"

    @property
    def number_count(self) -> int:
        return sum(len(office.numbers) for country in self.countries for office in country.offices)


def build_view(order: Order, catalogue: Catalogue, *, operator_name: str, terms: str,
               signed_at: datetime | None) -> ContractView:
    """The contract's content; raises DomainError if a final contract has no signatory."""
    fees = quote(order, catalogue)
    return ContractView(
        operator=operator_name,
        company=order.company_name or "(company name not given)",
        legal_address=order.legal_address.lines() if order.legal_address else ["(not given)"],
        tenant_id=order.tenant_id,
        ocn=order.ocn,
        order_id=order.id,
        date=long_date(signed_at or order.updated_at),
        countries=[_country(order, entry, catalogue) for entry in order.countries],
        one_off=_fees(fees, Charge.ONE_OFF, catalogue),
        monthly=_fees(fees, Charge.MONTHLY, catalogue),
        contacts=_contacts(order),
        terms=terms,
        signature=_signature(order, signed_at),
    )


def _country(order: Order, entry: CountryOrder, catalogue: Catalogue) -> CountryView:
    offices = [
        OfficeView(
            name=office.name or f"Office {index}",
            address=", ".join(office.address.lines()),
            area_code=office.area_code or "Not required",
            quantities=quantities_text(office),
            numbers=office_numbers(office),
        )
        for index, office in enumerate(entry.offices, start=1)
    ]
    return CountryView(name=entry.name, plan=plan_text(entry, catalogue), bcn=bcn_text(entry),
                       main_billing=order.main_billing_country == entry.country,
                       porting=porting_text(entry), migration="Yes" if entry.migration else "No",
                       options=options_text(entry), offices=offices)


def _fees(fees: Quote, charge: Charge, catalogue: Catalogue) -> list[CurrencyFees]:
    lines = fees.lines_for(charge)
    return [
        CurrencyFees(
            currency=currency,
            rows=[
                FeeRow(country=catalogue.country(line.country).name, description=line.description,
                       quantity=str(line.quantity), unit_price=format_money(line.unit_price, LOCALE),
                       amount=format_money(line.total, LOCALE))
                for line in lines if line.currency == currency
            ],
            total=format_money(total, LOCALE),
        )
        for currency, total in fees.totals(charge).items()
    ]


def _contacts(order: Order) -> list[ContactView]:
    found = [(role, order.contact(role)) for role in ContactRole]
    return [ContactView(role=role.value.capitalize(), name=c.full_name, job_title=c.job_title or "-",
                        email=c.email, phone=readable(c.phone)) for role, c in found if c is not None]


def _signature(order: Order, signed_at: datetime | None) -> SignatureView:
    company = order.company_name or "the customer"
    if signed_at is None and order.signatory and order.status is OrderStatus.AWAITING_SIGNATURE:
        signer = order.signatory
        return SignatureView(final=False, for_signature=True, company=company, name=signer.full_name,
                             job_title=signer.job_title, email=signer.email)
    if signed_at is None:
        ordering = order.contact(ContactRole.ORDERING)
        if ordering is None:
            return SignatureView(final=False, company=company, name="(ordering contact not given yet)",
                                 job_title="", email="")
        return SignatureView(final=False, company=company, name=ordering.full_name,
                             job_title=ordering.job_title, email=ordering.email)
    if order.signatory is None:
        raise DomainError("The final contract needs the signatory: add their name, job title and email.",
                          code="signatory_missing", field="signatory")
    if signed_at.tzinfo is None:
        raise DomainError("The signing time must carry a time zone.", code="invalid_signing_time")
    signer = order.signatory
    return SignatureView(final=True, company=company, name=signer.full_name, job_title=signer.job_title,
                         email=signer.email, signed_at_iso=iso_time(signed_at),
                         signed_at_text=human_time(signed_at))
