"""The operator's catalogue as validated models: countries, voice plans and the fee schedule."""

from __future__ import annotations

from decimal import Decimal
from enum import StrEnum
from typing import Annotated, Literal, Self

from pydantic import BaseModel, ConfigDict, Field, model_validator

from services.domain.base import CountryCode, CurrencyCode
from services.domain.errors import NotFound
from services.domain.money import Money
from services.domain.options import OptionId

Price = Annotated[Decimal, Field(ge=0, allow_inf_nan=False, max_digits=12)]
Text = Annotated[str, Field(min_length=1, max_length=200)]


class Region(StrEnum):
    EUROPE = "europe"
    ASIA_PACIFIC = "asia_pacific"


class CatalogueModel(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)


class VoicePlan(CatalogueModel):
    """A voice plan; `monthly_price` is per user per month, one price per billing currency."""

    id: str = Field(pattern=r"^[a-z0-9][a-z0-9-]{1,40}$")
    name: Text
    summary: Text
    includes: list[Text] = Field(min_length=1)
    monthly_price: dict[CurrencyCode, Price] = Field(min_length=1)

    def price(self, currency: str) -> Money:
        if currency not in self.monthly_price:
            raise NotFound(f"The plan {self.name} has no price in {currency}.", field="currency")
        return Money(amount=self.monthly_price[currency], currency=currency)


class CountryOffer(CatalogueModel):
    """One country the operator sells in."""

    code: CountryCode
    name: Text
    region: Region
    currency: CurrencyCode
    other_currencies: list[CurrencyCode] = Field(default_factory=list)
    area_code_required: bool
    porting: bool
    migration: bool
    plans: list[VoicePlan] = Field(min_length=2, max_length=4)

    @property
    def currencies(self) -> list[str]:
        """Billing currencies, the country's own first."""
        return [self.currency, *(c for c in self.other_currencies if c != self.currency)]

    @model_validator(mode="after")
    def _plans_priced(self) -> Self:
        ids = [plan.id for plan in self.plans]
        if len(set(ids)) != len(ids):
            raise ValueError("two plans have the same id")
        for plan in self.plans:
            missing = sorted(set(self.currencies) - set(plan.monthly_price))
            if missing:
                raise ValueError(f"plan {plan.id} has no monthly_price in {', '.join(missing)}")
        return self

    def plan(self, plan_id: str) -> VoicePlan:
        for plan in self.plans:
            if plan.id == plan_id:
                return plan
        raise NotFound(f"There is no voice plan {plan_id} in {self.name}.", field="plan_id")


class OptionFee(CatalogueModel):
    installation: Price
    monthly: Price


class CurrencyFees(CatalogueModel):
    """The fee schedule in one currency. Installation fees are one-off; monthly fees recur."""

    installation_per_number: Price
    installation_per_office: Price
    porting_per_number: Price
    resource_account_monthly: Price
    options: dict[OptionId, OptionFee]

    @model_validator(mode="after")
    def _all_options(self) -> Self:
        missing = sorted(set(OptionId) - set(self.options))
        if missing:
            raise ValueError(f"no fee for option(s) {', '.join(missing)}")
        return self


class CountriesFile(CatalogueModel):
    schema_version: Literal[1]
    countries: dict[CountryCode, CountryOffer] = Field(min_length=1)

    @model_validator(mode="after")
    def _keys_match(self) -> Self:
        for key, offer in self.countries.items():
            if key != offer.code:
                raise ValueError(f"countries.{key} has code {offer.code}")
        return self


class FeesFile(CatalogueModel):
    schema_version: Literal[1]
    currencies: dict[CurrencyCode, CurrencyFees] = Field(min_length=1)


class Catalogue(CatalogueModel):
    """Everything the operator sells, loaded from data files at start."""

    countries: dict[str, CountryOffer]
    fees: dict[str, CurrencyFees]

    def country(self, code: str) -> CountryOffer:
        offer = self.countries.get(code.upper())
        if offer is None:
            raise NotFound(f"The operator does not sell in {code.upper()}.", field="country")
        return offer

    def plan(self, country: str, plan_id: str) -> VoicePlan:
        return self.country(country).plan(plan_id)

    def fees_for(self, currency: str) -> CurrencyFees:
        schedule = self.fees.get(currency.upper())
        if schedule is None:
            raise NotFound(f"There is no fee schedule in {currency.upper()}.", field="currency")
        return schedule

    def in_region(self, region: Region) -> list[CountryOffer]:
        return sorted((o for o in self.countries.values() if o.region is region), key=lambda o: o.name)

    def area_code_countries(self) -> list[str]:
        return sorted(code for code, offer in self.countries.items() if offer.area_code_required)
