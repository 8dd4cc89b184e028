"""The order aggregate: countries, offices, numbers, contacts, and its status over time."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator
from datetime import date, datetime
from typing import Self

from pydantic import ConfigDict, Field, model_validator

from services.domain.address import Address
from services.domain.base import CountryCode, DomainModel, UtcDatetime, country_name, new_id
from services.domain.business_days import due_date
from services.domain.contact import Contact, ContactRole, Signatory
from services.domain.country_order import Billing, CountryOrder
from services.domain.erasure import ErasedContact, ErasedSignatory, erase_email, erase_everyone
from services.domain.errors import Conflict, DomainError, NotFound
from services.domain.office import NumberUsage, Office, Quantities, ReservedNumber, hold_until
from services.domain.options import ClipMode, OptionId, Options
from services.domain.status import OrderStatus, ensure_transition

__all__ = [
    "Billing",
    "ClipMode",
    "CountryOrder",
    "NumberUsage",
    "Office",
    "OptionId",
    "Options",
    "Order",
    "Quantities",
    "ReservedNumber",
    "hold_until",
]


class Order(DomainModel):
    """One tenant's order. Change it through its methods; they keep every rule and limit."""

    model_config = ConfigDict(validate_assignment=True)

    id: str = Field(default_factory=new_id, min_length=1)
    tenant_id: str = Field(min_length=1)
    ocn: str = Field(min_length=1)
    status: OrderStatus = OrderStatus.DRAFT
    main_billing_country: CountryCode | None = None
    ordered_by: str = Field(default="", max_length=200)
    """The Teams user (AAD object id) whose chat hears about this order's progress."""
    company_name: str = ""
    legal_address: Address | None = None
    countries: list[CountryOrder] = Field(default_factory=list)
    contacts: list[Contact | ErasedContact] = Field(default_factory=list)
    signatory: Signatory | ErasedSignatory | None = None
    created_at: UtcDatetime
    updated_at: UtcDatetime
    submitted_at: UtcDatetime | None = None
    signed_at: UtcDatetime | None = None
    due_date: date | None = None
    erased_at: UtcDatetime | None = None
    """When personal data was last erased from this order on request (services.privacy)."""

    @classmethod
    def new(cls, *, tenant_id: str, ocn: str, now: datetime) -> Order:
        return cls(tenant_id=tenant_id, ocn=ocn, created_at=now, updated_at=now)

    @model_validator(mode="after")
    def _consistent(self) -> Self:
        codes = [entry.country for entry in self.countries]
        if len(set(codes)) != len(codes):
            raise ValueError("A country appears twice in the order.")
        roles = [contact.role for contact in self.contacts]
        if len(set(roles)) != len(roles):
            raise ValueError("A contact role appears twice in the order.")
        if self.main_billing_country and self.main_billing_country not in codes:
            raise ValueError("The main billing country must be one of the order's countries.")
        duplicates = [n for n, count in Counter(h.number for _, _, h in self.numbers()).items() if count > 1]
        if duplicates:
            raise ValueError(f"The number {duplicates[0]} is held twice in the order.")
        return self

    # -- reading ------------------------------------------------------------------------------------

    def country(self, code: str) -> CountryOrder:
        for entry in self.countries:
            if entry.country == code.upper():
                return entry
        raise NotFound(f"{country_name(code.upper())} is not in this order.", field="country")

    def contact(self, role: ContactRole) -> Contact | ErasedContact | None:
        return next((contact for contact in self.contacts if contact.role is role), None)

    def numbers(self) -> Iterator[tuple[CountryOrder, Office, ReservedNumber]]:
        for entry in self.countries:
            for office in entry.offices:
                for held in office.numbers:
                    yield entry, office, held

    @property
    def needs_sales(self) -> bool:
        """Porting or migration anywhere sends the order to sales instead of straight to e-signature."""
        return any(entry.needs_sales for entry in self.countries)

    def earliest_expiry(self) -> datetime | None:
        return min((held.expires_at for _, _, held in self.numbers()), default=None)

    # -- changing a draft ---------------------------------------------------------------------------

    def add_country(self, code: str) -> CountryOrder:
        self._ensure_draft()
        entry = CountryOrder(country=code)
        if any(existing.country == entry.country for existing in self.countries):
            raise Conflict(f"{entry.name} is already in the order.", field="country")
        self.countries = [*self.countries, entry]
        if self.main_billing_country is None:
            self.main_billing_country = entry.country
        return entry

    def remove_country(self, code: str) -> CountryOrder:
        """Remove a country; the caller releases its held numbers."""
        self._ensure_draft()
        entry = self.country(code)
        if self.main_billing_country == entry.country:
            self.main_billing_country = None
        self.countries = [other for other in self.countries if other.country != entry.country]
        if self.main_billing_country is None and self.countries:
            self.main_billing_country = self.countries[0].country
        return entry

    def set_main_billing_country(self, code: str) -> None:
        self._ensure_draft()
        self.main_billing_country = self.country(code).country

    def add_office(self, country: str, office: Office) -> Office:
        self._ensure_draft()
        return self.country(country).add_office(office)

    def set_quantities(
        self, country: str, office_id: str, users: int, resource_accounts: int
    ) -> list[ReservedNumber]:
        self._ensure_draft()
        return self.country(country).set_quantities(office_id, users, resource_accounts)

    def hold_numbers(self, country: str, office_id: str, numbers: Iterable[ReservedNumber]) -> None:
        """Record numbers the inventory holds for an office; a number may appear once in the order."""
        self._ensure_draft()
        numbers = list(numbers)
        taken = {held.number for _, _, held in self.numbers()}
        clash = next((held.number for held in numbers if held.number in taken), None)
        if clash:
            raise Conflict(f"The number {clash} is already in this order.", field="numbers")
        self.country(country).office(office_id).hold(numbers)

    def release_expired(self, now: datetime) -> list[ReservedNumber]:
        """Drop held numbers whose hold has lapsed; returns them so the inventory can free them."""
        offices = [office for entry in self.countries for office in entry.offices]
        return [held for office in offices for held in office.release_expired(now)]

    def set_contact(self, contact: Contact) -> None:
        self._ensure_draft()
        self.contacts = [*(other for other in self.contacts if other.role is not contact.role), contact]

    def touch(self, now: datetime) -> None:
        self.updated_at = now

    # -- status -------------------------------------------------------------------------------------

    def transition(self, new_status: OrderStatus, *, now: datetime | None = None) -> None:
        """Move to `new_status`, or raise InvalidTransition (code "invalid_transition")."""
        ensure_transition(self.status, OrderStatus(new_status))
        self.status = OrderStatus(new_status)
        if now is not None:
            self.updated_at = now

    def submit(self, now: datetime) -> OrderStatus:
        """Submit a draft: to e-signature for new numbers only, to sales for porting or migration."""
        expiry = self.earliest_expiry()
        if self.status is OrderStatus.DRAFT and expiry is not None and expiry <= now:
            raise DomainError(
                "The reservation has expired and the numbers went back to the pool. Reserve them again.",
                code="reservation_expired",
                field="numbers",
            )
        target = OrderStatus.AWAITING_SALES if self.needs_sales else OrderStatus.AWAITING_SIGNATURE
        self.transition(target, now=now)
        self.submitted_at = now
        return target

    def sign(self, now: datetime) -> date:
        """Record the signature; the due date is counted in the main billing country's business days."""
        self.transition(OrderStatus.SIGNED, now=now)
        self.signed_at = now
        country = self.main_billing_country or (self.countries[0].country if self.countries else "GB")
        self.due_date = due_date(now, country)
        return self.due_date

    # -- erasure on request (services.privacy only: not a way round the draft rule) ----------------

    def erase_personal_data(self, now: datetime) -> bool:
        """Whatever the status: people become erased markers, street lines go, the owner is forgotten.
        True if anything changed."""
        return erase_everyone(self, now)

    def erase_person(self, email: str, now: datetime) -> bool:
        """The contacts and signatory with `email` (any case): removed from a draft (they are asked
        for again), erased markers on any other order. True if anything changed."""
        return erase_email(self, email, now)

    def _ensure_draft(self) -> None:
        if self.status is not OrderStatus.DRAFT:
            raise DomainError(
                f"This order is {self.status.label} and can no longer be changed.",
                code="order_locked",
            )
