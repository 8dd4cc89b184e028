"""What is ordered in one country: plan, billing account, porting and migration, options and offices."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Self

from pydantic import ConfigDict, Field, model_validator

from services.domain.base import CountryCode, CurrencyCode, DomainModel, country_name
from services.domain.errors import Conflict, DomainError, LimitExceeded, NotFound
from services.domain.limits import MAX_NUMBERS_PER_COUNTRY, MAX_OFFICES_PER_COUNTRY
from services.domain.office import Office, ReservedNumber, check_quantities
from services.domain.options import Options


class Billing(DomainModel):
    """The billing account (BCN) for a country: an existing BCN, or a request for a new one."""

    model_config = ConfigDict(frozen=True)

    bcn: str | None = Field(default=None, min_length=1)
    currency: CurrencyCode
    new_bcn: bool = False

    @model_validator(mode="after")
    def _one_of(self) -> Self:
        if (self.bcn is None) != self.new_bcn:
            raise ValueError("Choose an existing BCN or request a new one, not both or neither.")
        return self


class CountryOrder(DomainModel):
    """The order for one country. At most 5 offices and 500 numbers."""

    model_config = ConfigDict(validate_assignment=True)

    country: CountryCode
    plan_id: str | None = Field(default=None, min_length=1)
    billing: Billing | None = None
    porting: bool = False
    migration: bool = False
    porting_numbers: int = Field(default=0, ge=0, strict=True)
    options: Options = Field(default_factory=Options)
    offices: list[Office] = Field(default_factory=list)

    @model_validator(mode="after")
    def _limits(self) -> Self:
        try:
            _check_offices(self.country, self.offices)
        except DomainError as error:
            raise ValueError(error.message) from error
        return self

    @property
    def name(self) -> str:
        return country_name(self.country)

    @property
    def needs_sales(self) -> bool:
        """Porting or migration is handled by the operator's sales staff, not by e-signature alone."""
        return self.porting or self.migration

    @property
    def requested_numbers(self) -> int:
        return sum(office.requested for office in self.offices)

    def held_numbers(self) -> list[ReservedNumber]:
        return [held for office in self.offices for held in office.numbers]

    def office(self, office_id: str) -> Office:
        for office in self.offices:
            if office.id == office_id:
                return office
        raise NotFound(f"There is no office {office_id} in {self.name}.", field="office_id")

    def add_office(self, office: Office) -> Office:
        _check_offices(self.country, [*self.offices, office])
        self.offices = [*self.offices, office]
        return office

    def remove_office(self, office_id: str) -> Office:
        office = self.office(office_id)
        self.offices = [other for other in self.offices if other.id != office_id]
        return office

    def set_quantities(self, office_id: str, users: int, resource_accounts: int) -> list[ReservedNumber]:
        """Set an office's split of numbers; returns any held numbers released by the change."""
        office = self.office(office_id)
        check_quantities(users, resource_accounts)
        others = self.requested_numbers - office.requested
        _check_country_total(self.country, others + users + resource_accounts)
        return office.set_quantities(users, resource_accounts)


def _check_country_total(country: str, total: int) -> None:
    if total > MAX_NUMBERS_PER_COUNTRY:
        raise LimitExceeded(
            f"You can reserve at most {MAX_NUMBERS_PER_COUNTRY} numbers in {country_name(country)}; "
            f"this would make {total}. Press Help and a sales representative will complete the order "
            "with you.",
            field="users",
        )


def _check_offices(country: str, offices: Iterable[Office]) -> None:
    offices = list(offices)
    if len(offices) > MAX_OFFICES_PER_COUNTRY:
        raise LimitExceeded(
            f"You can add at most {MAX_OFFICES_PER_COUNTRY} offices in {country_name(country)}. "
            "Press Help and a sales representative will complete the order with you.",
            field="offices",
        )
    ids = [office.id for office in offices]
    if len(set(ids)) != len(ids):
        raise Conflict("Two offices have the same id.", field="offices")
    for office in offices:
        if office.address.country != country:
            raise DomainError(
                f"The office in {office.address.city} is not in {country_name(country)}.",
                code="office_country_mismatch",
                field="country",
            )
    _check_country_total(country, sum(office.requested for office in offices))
