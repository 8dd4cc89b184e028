"""An office: its emergency address, area code, how many numbers it needs, and the numbers held."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from datetime import datetime
from enum import StrEnum
from typing import Self

from pydantic import ConfigDict, Field, model_validator

from services.domain.address import Address
from services.domain.base import Count, DomainModel, UtcDatetime, new_id
from services.domain.errors import Conflict, InvalidValue, LimitExceeded
from services.domain.limits import EXPIRY_WARNING, MAX_NUMBERS_PER_OFFICE, RESERVATION_HOLD

_AREA_CODE = re.compile(r"[0-9]{1,6}")


class NumberUsage(StrEnum):
    USER = "user"
    RESOURCE_ACCOUNT = "resource_account"

    @property
    def upload_usage(self) -> str:
        """The usage Microsoft's Operator Connect number upload expects for this kind of number."""
        if self is NumberUsage.USER:
            return "CallingUserAssignment"
        return "FirstPartyAppAssignment"


def hold_until(now: datetime) -> datetime:
    """When a reservation made at `now` returns to the pool."""
    return now + RESERVATION_HOLD


class ReservedNumber(DomainModel):
    """A number held for this order until `expires_at` (E.164, checked in full by the pre-flight)."""

    model_config = ConfigDict(frozen=True)

    number: str = Field(pattern=r"^\+[0-9]{1,30}$")
    usage: NumberUsage
    expires_at: UtcDatetime

    def is_expired(self, now: datetime) -> bool:
        return now >= self.expires_at

    def expires_soon(self, now: datetime) -> bool:
        """True inside the warning window before expiry (the bot warns the admin then)."""
        return not self.is_expired(now) and self.expires_at - now <= EXPIRY_WARNING


def check_quantities(users: int, resource_accounts: int) -> None:
    """Raise a domain error unless the split of numbers between users and resource accounts is allowed."""
    for name, value in (("users", users), ("resource_accounts", resource_accounts)):
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            raise InvalidValue("Enter a whole number of 0 or more.", field=name)
    if users + resource_accounts < 1:
        raise InvalidValue("Reserve at least one number, for a user or a resource account.", field="users")
    if users + resource_accounts > MAX_NUMBERS_PER_OFFICE:
        raise LimitExceeded(
            f"An office can have at most {MAX_NUMBERS_PER_OFFICE} numbers; you asked for "
            f"{users + resource_accounts}. Add another office with the same address for more.",
            field="users",
        )


class Quantities(DomainModel):
    """How many numbers an office needs for users and for resource accounts (auto attendants, queues)."""

    model_config = ConfigDict(frozen=True)

    users: Count
    resource_accounts: Count

    @model_validator(mode="after")
    def _check(self) -> Self:
        try:
            check_quantities(self.users, self.resource_accounts)
        except (InvalidValue, LimitExceeded) as error:
            raise ValueError(error.message) from error
        return self

    @property
    def total(self) -> int:
        return self.users + self.resource_accounts

    def for_usage(self, usage: NumberUsage) -> int:
        return self.users if usage is NumberUsage.USER else self.resource_accounts


class Office(DomainModel):
    """One office record. Two records may share an address to keep distinct number ranges."""

    model_config = ConfigDict(validate_assignment=True)

    id: str = Field(default_factory=new_id, min_length=1)
    name: str = Field(default="", max_length=100)
    address: Address
    area_code: str | None = Field(default=None, pattern=r"^[0-9]{1,6}$")
    quantities: Quantities | None = None
    numbers: list[ReservedNumber] = Field(default_factory=list)

    @model_validator(mode="after")
    def _numbers_fit(self) -> Self:
        try:
            self._check_numbers(self.numbers)
        except (Conflict, LimitExceeded) as error:
            raise ValueError(error.message) from error
        return self

    @property
    def requested(self) -> int:
        return self.quantities.total if self.quantities else 0

    @property
    def is_fully_reserved(self) -> bool:
        return self.quantities is not None and len(self.numbers) == self.quantities.total

    def numbers_for(self, usage: NumberUsage) -> list[ReservedNumber]:
        return [held for held in self.numbers if held.usage is usage]

    def set_quantities(self, users: int, resource_accounts: int) -> list[ReservedNumber]:
        """Set the split; held numbers that no longer fit are released and returned."""
        check_quantities(users, resource_accounts)
        quantities = Quantities(users=users, resource_accounts=resource_accounts)
        fits = all(len(self.numbers_for(usage)) <= quantities.for_usage(usage) for usage in NumberUsage)
        released = [] if fits else self.release()
        self.quantities = quantities
        return released

    def set_area_code(self, area_code: str | None) -> None:
        if self.numbers and area_code != self.area_code:
            raise Conflict("Release the reserved numbers before changing the area code.", field="area_code")
        if area_code is not None and not _AREA_CODE.fullmatch(area_code):
            raise InvalidValue("Choose an area code from the list (digits only).", field="area_code")
        self.area_code = area_code

    def hold(self, numbers: Iterable[ReservedNumber]) -> None:
        """Add numbers held by the inventory; refuses more than the quantities and duplicates."""
        combined = [*self.numbers, *numbers]
        self._check_numbers(combined)
        self.numbers = combined

    def release(self) -> list[ReservedNumber]:
        released, self.numbers = self.numbers, []
        return released

    def release_expired(self, now: datetime) -> list[ReservedNumber]:
        expired = [held for held in self.numbers if held.is_expired(now)]
        self.numbers = [held for held in self.numbers if not held.is_expired(now)]
        return expired

    def _check_numbers(self, numbers: list[ReservedNumber]) -> None:
        duplicates = [number for number, count in Counter(h.number for h in numbers).items() if count > 1]
        if duplicates:
            raise Conflict(f"The number {duplicates[0]} is held twice in this office.", field="numbers")
        for usage in NumberUsage:
            allowed = self.quantities.for_usage(usage) if self.quantities else 0
            held = sum(1 for number in numbers if number.usage is usage)
            if held > allowed:
                kind = "users" if usage is NumberUsage.USER else "resource accounts"
                raise LimitExceeded(
                    f"This office needs {allowed} numbers for {kind}; {held} cannot be held.", field="numbers"
                )
