from __future__ import annotations

import pytest
from pydantic import ValidationError

from services.domain.contact import Contact, ContactRole, Signatory
from services.domain.validation import field_errors


def make(**changes: object) -> Contact:
    data = {"role": "technical", "first_name": "Ada", "last_name": "Lovelace", "email": "Ada@Contoso.COM",
            "phone": "+49 30 1234 5678"} | changes  # fmt: skip
    return Contact(**data)


def test_contact_is_normalised() -> None:
    contact = make()
    assert contact.role is ContactRole.TECHNICAL
    assert contact.email == "Ada@contoso.com"
    assert contact.phone == "+493012345678"
    assert contact.full_name == "Ada Lovelace"
    assert ContactRole.BILLING.label == "Billing contact"


@pytest.mark.parametrize("email", ["ada", "ada@", "@contoso.com", "ada@contoso", "ada @contoso.com"])
def test_bad_email_is_refused_with_a_plain_message(email: str) -> None:
    with pytest.raises(ValidationError) as caught:
        make(email=email)
    errors = field_errors(caught.value)
    assert errors[0].field == "email"
    assert errors[0].message == "Enter an email address like name@example.com."


@pytest.mark.parametrize("phone", ["030 1234567", "+49 12", "call me", "+999 1234567"])
def test_phone_must_be_a_valid_international_number(phone: str) -> None:
    with pytest.raises(ValidationError) as caught:
        make(phone=phone)
    assert "international format" in field_errors(caught.value)[0].message


def test_names_are_required() -> None:
    with pytest.raises(ValidationError) as caught:
        make(first_name=" ")
    assert field_errors(caught.value)[0].message == "This field is required."


def test_signatory_must_be_authorised() -> None:
    data = {"first_name": "Grace", "last_name": "Hopper", "email": "grace@contoso.com", "job_title": "CFO"}
    assert Signatory(**data, authorised=True).full_name == "Grace Hopper"
    with pytest.raises(ValidationError) as caught:
        Signatory(**data, authorised=False)
    assert "authorised to sign" in field_errors(caught.value)[0].message


def test_json_round_trip() -> None:
    contact = make()
    assert Contact.model_validate_json(contact.model_dump_json()) == contact
