"""Shared building blocks of the domain models: the base model and the common field types."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import Annotated, Any

import pycountry
from pydantic import (
    AfterValidator,
    AwareDatetime,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    ValidationError,
)


class DomainModel(BaseModel):
    """Every domain model: unknown keys are refused and the stored shape carries its version."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    schema_version: int = 1

    def __setattr__(self, name: str, value: Any) -> None:
        """A refused assignment leaves the model as it was (pydantic keeps the bad value otherwise)."""
        before = dict(self.__dict__)
        try:
            super().__setattr__(name, value)
        except ValidationError:
            self.__dict__.clear()
            self.__dict__.update(before)
            raise


def _country(value: str) -> str:
    code = value.strip().upper()
    if len(code) != 2 or pycountry.countries.get(alpha_2=code) is None:
        raise ValueError(f"'{value}' is not a two-letter ISO country code")
    return code


def _currency(value: str) -> str:
    code = value.strip().upper()
    if len(code) != 3 or pycountry.currencies.get(alpha_3=code) is None:
        raise ValueError(f"'{value}' is not a three-letter ISO currency code")
    return code


def _utc(value: datetime) -> datetime:
    return value.astimezone(UTC)


CountryCode = Annotated[str, AfterValidator(_country)]
CurrencyCode = Annotated[str, AfterValidator(_currency)]
UtcDatetime = Annotated[AwareDatetime, AfterValidator(_utc)]


def new_id() -> str:
    return uuid.uuid4().hex


def country_name(code: str) -> str:
    """The English short name of a country, for messages."""
    country = pycountry.countries.get(alpha_2=code)
    if country is None:
        return code
    return str(getattr(country, "common_name", None) or country.name)


def _not_bool(value: object) -> object:
    if isinstance(value, bool):
        raise ValueError("Enter a whole number.")
    return value


Count = Annotated[int, BeforeValidator(_not_bool), Field(ge=0)]
