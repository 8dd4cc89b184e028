"""Erasure on request: what stays of a person or an address on an order after their data is erased.

A submitted order is a contract: its numbers, offices, countries and fees stay for billing, but the people
on it may ask to be forgotten. Their entries become `ErasedContact` / `ErasedSignatory`: the role stays
(so the order still reads "Billing contact: [erased]"), every personal field is the `ERASED` marker and
the moment of erasure is kept. These are separate types, not a relaxed `Contact`: no card a user fills in
can produce them, and `Contact` keeps refusing "[erased]" as an email or a phone number.

Only `services.privacy` calls these (through `Order.erase_personal_data` / `Order.erase_person`): the
journey's rule that a non-draft order cannot be changed is not touched.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Literal

from pydantic import ConfigDict

from services.domain.address import Address
from services.domain.base import DomainModel, UtcDatetime
from services.domain.contact import Contact, ContactRole, Signatory
from services.domain.status import OrderStatus

if TYPE_CHECKING:
    from services.domain.order import Order

ERASED = "[erased]"
Marker = Literal["[erased]"]


class _Erased(DomainModel):
    """What erased people have in common: every personal field says "[erased]", and when it happened."""

    model_config = ConfigDict(frozen=True)

    first_name: Marker = ERASED
    last_name: Marker = ERASED
    email: Marker = ERASED
    job_title: Marker = ERASED
    erased_at: UtcDatetime

    @property
    def full_name(self) -> str:
        return ERASED


class ErasedContact(_Erased):
    """A contact whose personal data was erased; it reads like a `Contact` whose fields say "[erased]"."""

    role: ContactRole
    phone: Marker = ERASED


class ErasedSignatory(_Erased):
    """The signatory after erasure: that someone authorised signed stays, who it was does not."""

    authorised: bool = True


def erased_contact(contact: Contact | ErasedContact, now: datetime) -> ErasedContact:
    if isinstance(contact, ErasedContact):
        return contact
    return ErasedContact(role=contact.role, erased_at=now)


def erased_signatory(signatory: Signatory | ErasedSignatory, now: datetime) -> ErasedSignatory:
    if isinstance(signatory, ErasedSignatory):
        return signatory
    return ErasedSignatory(erased_at=now)


def erased_address(address: Address) -> Address:
    """The street lines (street, house number, building/floor) go; postal code, city, region and country
    stay: they place the numbers and the taxes, and name no one."""
    return address.model_copy(update={"street": ERASED, "house_number": "", "extra": ""})


def same_email(entry: object, email: str) -> bool:
    """True when `entry` (a contact or signatory, erased or not) has `email`, ignoring case."""
    return str(getattr(entry, "email", "")).casefold() == email.casefold()


def erase_everyone(order: Order, now: datetime) -> bool:
    """`Order.erase_personal_data`: every person, the legal address's and every office's street lines,
    and the Teams user who owns the order. Company name, numbers, plans and fees stay."""
    before = _personal(order)
    order.contacts = [erased_contact(contact, now) for contact in order.contacts]
    if order.signatory is not None:
        order.signatory = erased_signatory(order.signatory, now)
    if order.legal_address is not None:
        order.legal_address = erased_address(order.legal_address)
    for entry in order.countries:
        for office in entry.offices:
            office.address = erased_address(office.address)
    order.ordered_by = ""
    return _changed(order, before, now)


def erase_email(order: Order, email: str, now: datetime) -> bool:
    """`Order.erase_person`: a draft drops the person (the journey asks again); any other order keeps
    the role with the erased marker."""
    before = _personal(order)
    if order.status is OrderStatus.DRAFT:
        order.contacts = [contact for contact in order.contacts if not same_email(contact, email)]
        if order.signatory is not None and same_email(order.signatory, email):
            order.signatory = None
    else:
        order.contacts = [erased_contact(contact, now) if same_email(contact, email) else contact
                          for contact in order.contacts]
        if order.signatory is not None and same_email(order.signatory, email):
            order.signatory = erased_signatory(order.signatory, now)
    return _changed(order, before, now)


def _personal(order: Order) -> str:
    return order.model_dump_json(exclude={"erased_at"})


def _changed(order: Order, before: str, now: datetime) -> bool:
    if _personal(order) == before:
        return False
    order.erased_at = now
    return True
