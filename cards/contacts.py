"""The contacts card: ordering, billing and technical contacts, and the company's legal address.

A pure function of a `ContactsView`. Input ids are `<role>_<field>`, `<role>_same` and `legal_<field>`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from cards import chrome
from cards.base import Element, card, heading, submit, text

NEXT = "next"
ROLES = ("ordering", "billing", "technical")
PERSON_FIELDS = ("first_name", "last_name", "email", "phone")
ADDRESS_FIELDS = ("street", "house_number", "extra", "postal_code", "city", "region", "country")

_ROLE_NOTES = {
    "ordering": "The person we contact about this order.",
    "billing": "Receives the invoices.",
    "technical": "We call this person during delivery, so give a number they answer.",
}
_LABELS = {"first_name": "First name", "last_name": "Last name", "email": "Email",
           "phone": "Phone, in international format", "street": "Street", "house_number": "Number",
           "extra": "Building, floor or suite (optional)", "postal_code": "Postal code", "city": "City",
           "region": "State, province or county (if used)", "country": "Country"}
_REQUIRED = {"ordering_first_name", "ordering_last_name", "ordering_email", "ordering_phone",
             "legal_street", "legal_city", "legal_country"}
_STYLES = {"email": ("Email", "name@example.com"), "phone": ("Tel", "+44 20 7946 0000")}


@dataclass(frozen=True)
class ContactsView:
    """`values` holds every input's value (as typed, or as saved); `errors` a message per input id."""

    progress: str
    company: str
    ocn: str
    values: dict[str, str]
    same: dict[str, bool]
    countries: list[tuple[str, str]]
    installation: dict[str, str]
    monthly: dict[str, str]
    errors: dict[str, str] = field(default_factory=dict)


def contacts_card(view: ContactsView, token: str) -> dict[str, Any]:
    body: list[Element] = [
        text(view.progress, subtle=True, size="Small"),
        heading("Contacts and legal address"),
        text(f"Company: **{view.company}** (account {view.ocn})"),
    ]
    if view.errors:
        body.append(chrome.field_error("Some answers need another look: see the messages in red below."))
    body += [_role(view, role) for role in ROLES]
    body.append(_legal_address(view))
    body.append(chrome.fee_summary(view.installation, view.monthly))
    return card(body, [submit("Next", {"action": NEXT, "token": token}, style="positive", validate=True),
                       *chrome.footer(token)])


def _role(view: ContactsView, role: str) -> Element:
    items: list[Element] = [text(f"{role.capitalize()} contact", size="Medium"),
                            _note(_ROLE_NOTES[role])]
    if role != "ordering":
        items.append({"type": "Input.Toggle", "id": f"{role}_same", "title": "Same as the ordering contact",
                      "value": "true" if view.same.get(role) else "false", "valueOn": "true",
                      "valueOff": "false", "wrap": True})
        items.append(_note("Switch this off to enter someone else below."))
    items.append(_pair(view, f"{role}_first_name", f"{role}_last_name"))
    items += _field(view, f"{role}_email") + _field(view, f"{role}_phone")
    return {"type": "Container", "separator": True, "spacing": "Large", "items": items}


def _legal_address(view: ContactsView) -> Element:
    items: list[Element] = [
        text("Legal company address", size="Medium"),
        _note(f"The registered address of {view.company}, as it will appear on the contract. "
              "We prefilled it from your account: check it and correct it if needed."),
        _pair(view, "legal_street", "legal_house_number"),
        *_field(view, "legal_extra"),
        _pair(view, "legal_postal_code", "legal_city"),
        *_field(view, "legal_region"),
        _country(view),
        *_error(view, "legal_country"),
    ]
    return {"type": "Container", "separator": True, "spacing": "Large", "items": items}


def _country(view: ContactsView) -> Element:
    return {"type": "Input.ChoiceSet", "id": "legal_country", "label": "Country", "style": "compact",
            "isRequired": True, "errorMessage": "Choose the country.",
            "choices": [{"title": name, "value": code} for code, name in view.countries],
            "value": view.values.get("legal_country", "")}


def _pair(view: ContactsView, left: str, right: str) -> Element:
    columns = [{"type": "Column", "width": "stretch", "items": _field(view, input_id)}
               for input_id in (left, right)]
    return {"type": "ColumnSet", "columns": columns}


def _field(view: ContactsView, input_id: str) -> list[Element]:
    name = input_id.split("_", 1)[1]
    element: Element = {"type": "Input.Text", "id": input_id, "label": _LABELS[name],
                        "value": view.values.get(input_id, ""), "maxLength": 200}
    if name in _STYLES:
        element["style"], element["placeholder"] = _STYLES[name]
    if input_id in _REQUIRED:
        element["isRequired"] = True
        element["errorMessage"] = f"Enter the {_LABELS[name].split(',')[0].lower()}."
    return [element, *_error(view, input_id)]


def _note(value: str) -> Element:
    block = text(value, subtle=True, size="Small")
    block["spacing"] = "None"
    return block


def _error(view: ContactsView, input_id: str) -> list[Element]:
    message = view.errors.get(input_id)
    return [chrome.field_error(message)] if message else []
