"""The people on an order: ordering, billing and technical contacts, and the signatory."""

from __future__ import annotations

import re
from enum import StrEnum
from typing import Annotated

import phonenumbers
from pydantic import AfterValidator, ConfigDict, Field, field_validator

from services.domain.base import DomainModel

_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s.]{2,}$")


def _email(value: str) -> str:
    value = value.strip()
    if not _EMAIL.match(value):
        raise ValueError("Enter an email address like name@example.com.")
    local, domain = value.rsplit("@", 1)
    return f"{local}@{domain.lower()}"


def _phone(value: str) -> str:
    try:
        number = phonenumbers.parse(value, None)
    except phonenumbers.NumberParseException:
        number = None
    if number is None or not phonenumbers.is_valid_number(number):
        raise ValueError("Enter the phone number in international format, for example +44 20 7946 0000.")
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


Email = Annotated[str, AfterValidator(_email)]
Phone = Annotated[str, AfterValidator(_phone)]


class ContactRole(StrEnum):
    ORDERING = "ordering"
    BILLING = "billing"
    TECHNICAL = "technical"

    @property
    def label(self) -> str:
        return f"{self.value.capitalize()} contact"


class Person(DomainModel):
    model_config = ConfigDict(frozen=True)

    first_name: str = Field(min_length=1, max_length=100)
    last_name: str = Field(min_length=1, max_length=100)
    email: Email

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}"


class Contact(Person):
    """A contact for one role. The technical contact is called during delivery."""

    role: ContactRole
    phone: Phone
    job_title: str = Field(default="", max_length=100)


class Signatory(Person):
    """The person who signs the contract; they must be authorised to sign for the company."""

    job_title: str = Field(min_length=1, max_length=100)
    authorised: bool

    @field_validator("authorised")
    @classmethod
    def _must_be_authorised(cls, value: bool) -> bool:
        if not value:
            raise ValueError("Confirm that the signatory is authorised to sign contracts for the company.")
        return value
