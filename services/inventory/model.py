"""The inventory's domain: quantities asked for, numbers held, holds and their life cycle."""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from datetime import datetime
from enum import StrEnum
from typing import Any, Literal

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field, field_validator, model_validator

from services.domain.limits import RESERVATION_HOLD

Usage = Literal["user", "resource_account"]


class HoldStatus(StrEnum):
    HELD = "held"
    ALLOCATED = "allocated"
    RELEASED = "released"
    EXPIRED = "expired"


class Quantities(BaseModel):
    """How many numbers an office wants: for users and for resource accounts (auto attendants, queues)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    users: int = Field(default=0, ge=0)
    resource_accounts: int = Field(default=0, ge=0)

    @field_validator("users", "resource_accounts", mode="before")
    @classmethod
    def _not_a_bool(cls, value: Any) -> Any:
        if isinstance(value, bool):
            raise ValueError("must be a whole number")
        return value

    @model_validator(mode="after")
    def _at_least_one(self) -> Quantities:
        if self.total < 1:
            raise ValueError("ask for at least one number")
        return self

    @property
    def total(self) -> int:
        return self.users + self.resource_accounts


class HeldNumber(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    e164: str = Field(pattern=r"^\+[1-9]\d{4,14}$")
    usage: Usage


class NumberRange(BaseModel):
    """A run of consecutive numbers, for display: `+442030000000–+442030000099`."""

    model_config = ConfigDict(frozen=True)

    first: str
    last: str
    count: int

    def __str__(self) -> str:
        return self.first if self.count == 1 else f"{self.first}–{self.last}"


class PoolNumber(BaseModel):
    """A number of the operator's pool, with the country and area code it is sold in."""

    model_config = ConfigDict(frozen=True)

    e164: str
    country: str
    area_code: str


class PoolCounts(BaseModel):
    model_config = ConfigDict(frozen=True)

    free: int
    held: int
    allocated: int

    @property
    def total(self) -> int:
        return self.free + self.held + self.allocated


def digits(e164: str) -> int:
    """The number as an integer, so that consecutive numbers differ by one."""
    return int(e164.lstrip("+"))


def ranges(numbers: Iterable[str]) -> list[NumberRange]:
    """Consecutive runs of E.164 numbers, in numeric order; duplicates count once."""
    result: list[NumberRange] = []
    for number in sorted(set(numbers), key=digits):
        last = result[-1] if result else None
        if last is not None and digits(number) == digits(last.last) + 1:
            result[-1] = NumberRange(first=last.first, last=number, count=last.count + 1)
        else:
            result.append(NumberRange(first=number, last=number, count=1))
    return result


class Hold(BaseModel):
    """Numbers held for one office of one order, until `expires_at` (never decided by a database TTL)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    hold_id: str = Field(default_factory=lambda: uuid.uuid4().hex)
    tenant_id: str = Field(min_length=1)
    order_id: str = Field(min_length=1)
    office_id: str = Field(min_length=1)
    country: str = Field(pattern=r"^[A-Z]{2}$")
    area_code: str
    numbers: tuple[HeldNumber, ...] = Field(min_length=1)
    created_at: AwareDatetime
    expires_at: AwareDatetime
    status: HoldStatus = HoldStatus.HELD
    expiry_warned: bool = False

    @classmethod
    def new(cls, *, tenant_id: str, order_id: str, office_id: str, country: str, area_code: str,
            numbers: Iterable[HeldNumber], now: datetime) -> Hold:
        return cls(tenant_id=tenant_id, order_id=order_id, office_id=office_id, country=country,
                   area_code=area_code, numbers=tuple(numbers), created_at=now,
                   expires_at=now + RESERVATION_HOLD)

    def as_of(self, now: datetime) -> Hold:
        """The hold as a reader at `now` must see it: past `expires_at` a held hold is expired."""
        if self.status is HoldStatus.HELD and now >= self.expires_at:
            return self.model_copy(update={"status": HoldStatus.EXPIRED})
        return self

    def is_active(self, now: datetime) -> bool:
        """Still counts against the pool and the order's limits: held and unexpired, or allocated."""
        return self.as_of(now).status in (HoldStatus.HELD, HoldStatus.ALLOCATED)

    @property
    def e164s(self) -> list[str]:
        return [number.e164 for number in self.numbers]

    @property
    def quantities(self) -> Quantities:
        users = sum(1 for number in self.numbers if number.usage == "user")
        return Quantities(users=users, resource_accounts=len(self.numbers) - users)

    def ranges(self) -> list[NumberRange]:
        return ranges(self.e164s)


Reservation = Hold


class ExpiryReport(BaseModel):
    """What one pass of `Inventory.expire_due` did."""

    warned: list[str] = Field(default_factory=list)
    expired: list[str] = Field(default_factory=list)


class ImportReport(BaseModel):
    """What a CSV import of operator ranges added to the pool."""

    ranges: int
    numbers: int
    added: int

    @property
    def already_present(self) -> int:
        return self.numbers - self.added
