"""Erasure on request: people become "[erased]" markers on a submitted order, are dropped from a draft,
and the journey's rule that a submitted order is locked stays as it was."""

from __future__ import annotations

from datetime import timedelta

import pytest
from pydantic import ValidationError

from services.domain.contact import Contact, ContactRole
from services.domain.erasure import ERASED, ErasedContact, ErasedSignatory
from services.domain.errors import DomainError
from services.domain.order import Order
from services.domain.status import OrderStatus
from tests.unit.domain.conftest import NOW, complete_order, contact

LATER = NOW + timedelta(days=3)


def signed_order() -> Order:
    order = complete_order()
    order.submit(NOW)
    order.sign(NOW)
    order.ordered_by = "aad-ada"
    return order


def test_erasing_a_signed_order_keeps_roles_numbers_and_fees_but_no_person() -> None:
    order = signed_order()
    numbers, countries = list(order.numbers()), order.model_dump()["countries"]
    assert order.erase_personal_data(LATER) is True
    assert [c.role for c in order.contacts] == list(ContactRole)
    assert all(isinstance(c, ErasedContact) and c.email == ERASED and c.phone == ERASED
               and c.full_name == ERASED for c in order.contacts)
    assert isinstance(order.signatory, ErasedSignatory) and order.signatory.full_name == ERASED
    assert (order.legal_address.street, order.legal_address.house_number) == (ERASED, "")
    assert order.legal_address.city == "Berlin" and order.legal_address.postal_code == "10117"
    office = order.countries[0].offices[0]
    assert (office.address.street, office.address.house_number, office.address.extra) == (ERASED, "", "")
    assert office.name == "HQ" and list(order.numbers()) == numbers
    assert order.model_dump()["countries"][0]["plan_id"] == countries[0]["plan_id"]
    assert (order.status, order.company_name, order.ordered_by) == (OrderStatus.SIGNED, "Fabrikam GmbH", "")
    assert order.erased_at == LATER
    text = order.model_dump_json()
    for personal in ("Lovelace", "Hopper", "contoso.com", "+442079460000", "Friedrichstraße", "aad-ada"):
        assert personal not in text


def test_an_erased_order_reads_back_from_json_and_erasing_again_changes_nothing() -> None:
    order = signed_order()
    order.erase_personal_data(LATER)
    again = Order.model_validate_json(order.model_dump_json())
    assert again == order
    assert again.erase_personal_data(LATER + timedelta(days=1)) is False
    assert again.erased_at == LATER


def test_erasing_one_person_on_a_submitted_order_leaves_the_others() -> None:
    order = signed_order()
    assert order.erase_person("BILLING@Contoso.com", LATER) is True
    billing = order.contact(ContactRole.BILLING)
    assert isinstance(billing, ErasedContact)
    assert order.contact(ContactRole.ORDERING).email == "ordering@contoso.com"
    assert order.signatory.email == "grace@contoso.com"
    assert order.legal_address.street == "Friedrichstraße"
    assert order.erase_person("grace@CONTOSO.com", LATER) is True
    assert isinstance(order.signatory, ErasedSignatory)
    assert order.erase_person("nobody@contoso.com", LATER) is False


def test_erasing_a_person_on_a_draft_drops_them_so_the_journey_asks_again() -> None:
    order = complete_order()
    assert order.erase_person("technical@contoso.com", LATER) is True
    assert order.contact(ContactRole.TECHNICAL) is None
    assert order.erase_person("grace@contoso.com", LATER) is True
    assert order.signatory is None
    order.set_contact(contact(ContactRole.TECHNICAL))  # the draft stays editable
    assert order.contact(ContactRole.TECHNICAL).email == "technical@contoso.com"


def test_the_erased_marker_is_never_accepted_as_a_person_and_submitted_orders_stay_locked() -> None:
    with pytest.raises(ValidationError):
        Contact(role=ContactRole.BILLING, first_name=ERASED, last_name=ERASED, email=ERASED, phone=ERASED)
    with pytest.raises(ValidationError):
        ErasedContact(role=ContactRole.BILLING, email="ada@contoso.com", erased_at=LATER)
    order = signed_order()
    order.erase_personal_data(LATER)
    with pytest.raises(DomainError, match="can no longer be changed"):
        order.set_contact(contact(ContactRole.BILLING))
