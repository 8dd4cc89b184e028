"""Stage 4: the ordering, billing and technical contacts, and the company's verified legal address."""

from __future__ import annotations

import logging
from typing import Any, Literal

from botbuilder.dialogs import DialogTurnResult, WaterfallDialog, WaterfallStepContext
from pydantic import Field, ValidationError

from cards.contacts import ADDRESS_FIELDS, PERSON_FIELDS, ContactsView, contacts_card
from dialogs.card_prompt import CardPrompt, CardSubmit
from dialogs.deps import Deps
from dialogs.receipts import replace_with_receipt
from dialogs.stage import Stage, progress, say
from services.addresses import validate_address
from services.domain.address import Address
from services.domain.base import country_name
from services.domain.contact import Contact, ContactRole
from services.domain.errors import DomainError
from services.domain.order import Order
from services.domain.validation import field_errors

log = logging.getLogger(__name__)

FLOW, PROMPT = "contacts.flow", "contacts.card"

class ContactsSubmit(CardSubmit):
    action: Literal["next"]
    ordering_first_name: str = ""
    ordering_last_name: str = ""
    ordering_email: str = ""
    ordering_phone: str = ""
    billing_same: bool = False
    billing_first_name: str = ""
    billing_last_name: str = ""
    billing_email: str = ""
    billing_phone: str = ""
    technical_same: bool = False
    technical_first_name: str = ""
    technical_last_name: str = ""
    technical_email: str = ""
    technical_phone: str = ""
    legal_street: str = ""
    legal_house_number: str = ""
    legal_extra: str = ""
    legal_postal_code: str = ""
    legal_city: str = ""
    legal_region: str = ""
    legal_country: str = Field(default="", max_length=2)


def read_contacts(answer: dict[str, Any]) -> tuple[list[Contact], dict[str, str]]:
    """A contact per role ("same as ordering" copies the ordering contact), or the problems per input."""
    contacts: list[Contact] = []
    errors: dict[str, str] = {}
    for role in ContactRole:
        same = role is not ContactRole.ORDERING and answer.get(f"{role.value}_same")
        source = ContactRole.ORDERING.value if same else role.value
        data = {name: answer.get(f"{source}_{name}", "") for name in PERSON_FIELDS}
        try:
            contacts.append(Contact(role=role, **data))
        except ValidationError as error:
            if not same:
                for item in field_errors(error):
                    errors.setdefault(f"{role.value}_{item.field}", item.message)
    return contacts, errors


def read_legal_address(answer: dict[str, Any]) -> tuple[Address | None, dict[str, str]]:
    check = validate_address({name: answer.get(f"legal_{name}", "") for name in ADDRESS_FIELDS},
                             emergency=False)
    errors: dict[str, str] = {}
    for name, message in check.by_field().items():
        errors.setdefault(f"legal_{name if name in ADDRESS_FIELDS else 'street'}", message)
    return (check.address if check.ok else None), errors


def saved_values(order: Order) -> tuple[dict[str, str], dict[str, bool]]:
    """The card's inputs filled from the order, and whether billing/technical repeat the ordering contact."""
    values: dict[str, str] = {}
    ordering = order.contact(ContactRole.ORDERING)
    same: dict[str, bool] = {}
    for role in ContactRole:
        contact = order.contact(role)
        if role is not ContactRole.ORDERING:
            same[role.value] = contact is None or _same_person(contact, ordering)
        if contact is not None:
            values |= {f"{role.value}_{name}": getattr(contact, name) for name in PERSON_FIELDS}
    if order.legal_address is not None:
        values |= {f"legal_{name}": getattr(order.legal_address, name) for name in ADDRESS_FIELDS}
    return values, same


def _same_person(contact: Contact, other: Contact | None) -> bool:
    return other is not None and all(getattr(contact, n) == getattr(other, n) for n in PERSON_FIELDS)


class ContactsStage(Stage):
    def __init__(self, deps: Deps) -> None:
        super().__init__("contacts", deps)
        self.add_dialog(CardPrompt(PROMPT, ContactsSubmit))
        self.add_dialog(WaterfallDialog(FLOW, [self._show, self._answer]))
        self.initial_dialog_id = FLOW

    async def _show(self, step: WaterfallStepContext) -> DialogTurnResult:
        try:
            order = await self.load(step)
        except DomainError as error:
            return await self.stop(step, error)
        view = self._view(order, step.options, self.who(step).locale)
        return await self.ask(step, PROMPT, lambda token: contacts_card(view, token),
                              "Contacts and legal address")

    async def _answer(self, step: WaterfallStepContext) -> DialogTurnResult:
        answer: dict[str, Any] = step.result
        contacts, errors = read_contacts(answer)
        address, address_errors = read_legal_address(answer)
        errors |= address_errors
        if errors or address is None:
            return await self._again(step, typed=answer, errors=errors)
        try:
            await self.deps.journey.change(self.who(step).tenant_id, self.order_id(step),
                                           lambda order: _save(order, contacts, address))
        except DomainError as error:
            log.info("contacts not saved: %s", error.code)
            await say(step.context, f"{error.message} Nothing was changed; here is the current card.")
            return await self._again(step, typed=answer)
        names = ", ".join(f"{contact.full_name} ({contact.role.value})" for contact in contacts)
        await replace_with_receipt(step.context, f"Contacts: {names}",
                                   [f"Legal address: {', '.join(address.lines())}"])
        return await step.end_dialog()

    async def _again(self, step: WaterfallStepContext, **shown: Any) -> DialogTurnResult:
        return await step.replace_dialog(FLOW, {"order_id": self.order_id(step), **shown})

    def _view(self, order: Order, shown: dict[str, Any], locale: str) -> ContactsView:
        values, same = saved_values(order)
        typed = shown.get("typed")
        if typed:
            values = {key: value for key, value in typed.items()
                      if isinstance(value, str) and key not in ("action", "token")}
            same = {role: bool(typed.get(f"{role}_same")) for role in ("billing", "technical")}
        countries = {code: offer.name for code, offer in self.deps.catalogue.countries.items()}
        if values.get("legal_country"):
            code = values["legal_country"]
            countries.setdefault(code, country_name(code))
        installation, monthly = self.fees(order, locale)
        return ContactsView(
            progress=progress("contacts"), company=order.company_name or "your company", ocn=order.ocn,
            values=values, same=same, countries=sorted(countries.items(), key=lambda item: item[1]),
            installation=installation, monthly=monthly, errors=shown.get("errors") or {})


def _save(order: Order, contacts: list[Contact], address: Address) -> None:
    for contact in contacts:
        order.set_contact(contact)
    order.legal_address = address
