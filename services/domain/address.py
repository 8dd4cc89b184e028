"""A postal address, and the extra rules an emergency (112/999) address must meet."""

from __future__ import annotations

import re

from pydantic import ConfigDict, Field

from services.domain.base import CountryCode, DomainModel, country_name

# Countries where the house number is written before the street name.
NUMBER_FIRST = frozenset({"AU", "FR", "GB", "HK", "IE", "JP", "LU", "NZ", "SG", "US", "CA"})

_PO_BOX = re.compile(
    r"\b(p\.?\s*o\.?\s*box|post\s*office\s*box|postbox|gpo\s*box|locked\s*bag|private\s*bag"
    r"|postfach|postbus|postboks|postilokero|bo[iî]te\s*postale|b\.?\s*p\.?\s*\d+"
    r"|apartado(\s*de\s*correos|\s*postal)?|casella\s*postale|caixa\s*postal)\b",
    re.IGNORECASE,
)


class FieldError(DomainModel):
    """A problem with one field, in plain words, ready to show next to that field on a card."""

    model_config = ConfigDict(frozen=True)

    field: str
    code: str
    message: str


class Address(DomainModel):
    """An office or legal address. Country is ISO 3166 alpha-2."""

    model_config = ConfigDict(frozen=True)

    country: CountryCode
    street: str = Field(min_length=1, max_length=200)
    house_number: str = Field(default="", max_length=20)
    extra: str = Field(default="", max_length=200, description="Building, floor or suite")
    postal_code: str = Field(default="", max_length=20)
    city: str = Field(min_length=1, max_length=100)
    region: str = Field(default="", max_length=100, description="State, province or county")

    @property
    def street_line(self) -> str:
        """Street and number in the order the country writes them."""
        if not self.house_number:
            return self.street
        if self.country in NUMBER_FIRST:
            return f"{self.house_number} {self.street}"
        return f"{self.street} {self.house_number}"

    def lines(self) -> list[str]:
        """The address as printable lines (for cards and the contract)."""
        city_line = " ".join(part for part in (self.postal_code, self.city) if part)
        parts = [self.street_line, self.extra, city_line, self.region, country_name(self.country)]
        return [part for part in parts if part]

    def same_place(self, other: Address) -> bool:
        """True when both describe the same place, ignoring case and spacing."""
        return _key(self) == _key(other)


def _key(address: Address) -> tuple[str, ...]:
    fields = (address.country, address.street, address.house_number, address.postal_code, address.city)
    return tuple(" ".join(value.casefold().split()) for value in fields)


def looks_like_po_box(text: str) -> bool:
    return bool(_PO_BOX.search(text))


def emergency_errors(address: Address) -> list[FieldError]:
    """What stops this address from being registered for emergency calls, per field."""
    errors: list[FieldError] = []
    if not address.house_number.strip():
        errors.append(
            FieldError(
                field="house_number",
                code="house_number_missing",
                message="Enter the house or building number: emergency services need it to find you.",
            )
        )
    for name in ("street", "extra"):
        if looks_like_po_box(getattr(address, name)):
            errors.append(
                FieldError(
                    field=name,
                    code="po_box",
                    message="Enter the street address where people work; a PO box cannot be used "
                    "for emergency calls.",
                )
            )
    return errors
