"""Customer accounts: OCN -> company, legal address, registered emails and billing numbers (BCNs)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Literal, Self

from pydantic import AfterValidator, Field, model_validator

from services.catalogue.loader import DATA_DIR, validate_file
from services.catalogue.models import CatalogueModel, Text
from services.domain.address import Address
from services.domain.base import CountryCode, CurrencyCode, country_name
from services.domain.contact import Email
from services.domain.country_order import Billing
from services.domain.errors import NotFound

ACCOUNTS_FILE = "accounts.toml"


def _compact(value: str) -> str:
    return "".join(value.split())


AccountNumber = Annotated[str, AfterValidator(_compact), Field(pattern=r"^[0-9A-Z-]{3,20}$")]


class Bcn(CatalogueModel):
    """A billing number: identifies where (country) and in which currency the customer is invoiced."""

    number: AccountNumber
    country: CountryCode
    currency: CurrencyCode
    name: str = Field(default="", max_length=100)


class Account(CatalogueModel):
    ocn: AccountNumber
    company_name: Text
    legal_address: Address
    registered_emails: list[Email] = Field(min_length=1)
    bcns: list[Bcn] = Field(default_factory=list)

    @model_validator(mode="after")
    def _unique_bcns(self) -> Self:
        numbers = [bcn.number for bcn in self.bcns]
        if len(set(numbers)) != len(numbers):
            raise ValueError("a BCN appears twice")
        return self


class AccountsFile(CatalogueModel):
    schema_version: Literal[1]
    accounts: list[Account] = Field(min_length=1)

    @model_validator(mode="after")
    def _unique_ocns(self) -> Self:
        ocns = [account.ocn for account in self.accounts]
        if len(set(ocns)) != len(ocns):
            raise ValueError("an OCN appears twice")
        return self


class BcnChoiceKind(StrEnum):
    EXISTING = "existing"
    NEW = "new"


class BcnChoice(CatalogueModel):
    """One entry of the BCN picker: an existing BCN, or "request a new BCN" in a currency."""

    kind: BcnChoiceKind
    country: CountryCode
    currency: CurrencyCode
    bcn: str | None = None
    label: str

    @property
    def id(self) -> str:
        """A stable value for a card's choice set."""
        if self.kind is BcnChoiceKind.EXISTING:
            return f"bcn:{self.bcn}"
        return f"new:{self.country}:{self.currency}"

    def to_billing(self) -> Billing:
        if self.kind is BcnChoiceKind.EXISTING:
            return Billing(bcn=self.bcn, currency=self.currency)
        return Billing(currency=self.currency, new_bcn=True)


class AccountDirectory:
    """Looks up customer accounts. The embedded mode reads them from the demo accounts file."""

    def __init__(self, accounts: Iterable[Account]) -> None:
        self._accounts = {account.ocn: account for account in accounts}

    @classmethod
    def load(cls, path: Path | None = None) -> AccountDirectory:
        """Read and validate an accounts file; raises CatalogueError naming the file, key and line."""
        return cls(validate_file(path or DATA_DIR / ACCOUNTS_FILE, AccountsFile).accounts)

    def find(self, ocn: str) -> Account:
        account = self._accounts.get(_compact(ocn).upper())
        if account is None:
            raise NotFound("We could not find that account number (OCN).", field="ocn")
        return account

    def is_registered_email(self, ocn: str, email: str) -> bool:
        """True when `email` is registered on the account, ignoring case and surrounding spaces."""
        account = self._accounts.get(_compact(ocn).upper())
        wanted = email.strip().casefold()
        return account is not None and any(known.casefold() == wanted for known in account.registered_emails)

    def bcn_choices(self, ocn: str, country: str, currencies: Sequence[str]) -> list[BcnChoice]:
        """The account's BCNs in `country` billed in one of `currencies`, then a "new BCN" per currency."""
        code = country.upper()
        wanted = [currency.upper() for currency in currencies]
        existing = [
            BcnChoice(
                kind=BcnChoiceKind.EXISTING,
                country=code,
                currency=bcn.currency,
                bcn=bcn.number,
                label=_label(bcn),
            )
            for bcn in self.find(ocn).bcns
            if bcn.country == code and bcn.currency in wanted
        ]
        new = [
            BcnChoice(
                kind=BcnChoiceKind.NEW,
                country=code,
                currency=currency,
                label=f"Request a new BCN for {country_name(code)} in {currency}",
            )
            for currency in wanted
        ]
        return existing + new

    def choice(self, ocn: str, country: str, currencies: Sequence[str], choice_id: str) -> BcnChoice:
        """Resolve a choice id sent back by a card; NotFound if it is not offered."""
        for option in self.bcn_choices(ocn, country, currencies):
            if option.id == choice_id:
                return option
        raise NotFound("That billing number is not available for this country.", field="bcn")


def _label(bcn: Bcn) -> str:
    name = f" · {bcn.name}" if bcn.name else ""
    return f"BCN {bcn.number}{name} · {bcn.currency} (voice charges on this BCN's invoice)"
