"""The office forms: emergency address, local area code, and how many numbers to reserve.

Each form keeps what the user typed and shows each problem right under its field.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from cards import chrome
from cards.base import Element, card, submit, text
from cards.offices import CardFrame, attention, bottom, top

MAX_EXPANDED_CHOICES = 6


@dataclass(frozen=True)
class Choice:
    value: str
    title: str


@dataclass(frozen=True)
class RegionField:
    label: str
    choices: list[Choice] = field(default_factory=list)


@dataclass(frozen=True)
class AddressFormView:
    frame: CardFrame
    title: str
    country: str
    values: dict[str, str]
    errors: dict[str, str] = field(default_factory=dict)
    postal_label: str = "Postal code"
    city_label: str = "City"
    region: RegionField | None = None
    required: frozenset[str] = frozenset({"name", "street", "house_number", "postal_code", "city"})
    message: str | None = None
    warning: str | None = None


@dataclass(frozen=True)
class AreaCodeView:
    frame: CardFrame
    office: str
    intro: str
    searching: bool = False
    choices: list[Choice] = field(default_factory=list)
    selected: str = ""
    error: str | None = None
    query: str = ""
    offer_all: bool = True
    offer_city: str = ""


@dataclass(frozen=True)
class QuantitiesView:
    frame: CardFrame
    office: str
    where: str
    users: int | None = None
    resource_accounts: int | None = None
    errors: dict[str, str] = field(default_factory=dict)
    message: str | None = None
    limits: str = ""
    replaces: str | None = None


def _with_error(element: Element, error: str | None) -> list[Element]:
    return [element, chrome.field_error(error)] if error else [element]


def text_input(name: str, label: str, value: str, error: str | None = None, *, required: bool = False,
               placeholder: str = "", max_length: int = 100) -> list[Element]:
    element: Element = {"type": "Input.Text", "id": name, "label": label, "value": value,
                        "maxLength": max_length}
    if placeholder:
        element["placeholder"] = placeholder
    if required:
        element.update(isRequired=True, errorMessage=f"Enter the {label.lower()}.")
    return _with_error(element, error)


def choice_input(name: str, label: str, choices: list[Choice], value: str, error: str | None = None,
                 *, required: bool = True) -> list[Element]:
    element: Element = {"type": "Input.ChoiceSet", "id": name, "label": label,
                        "choices": [{"title": c.title, "value": c.value} for c in choices],
                        "style": "expanded" if len(choices) <= MAX_EXPANDED_CHOICES else "filtered"}
    if value in {c.value for c in choices}:
        element["value"] = value
    if required:
        element.update(isRequired=True, errorMessage=f"Choose the {label.lower()}.")
    return _with_error(element, error)


def number_input(name: str, label: str, value: int | None, error: str | None, maximum: int) -> list[Element]:
    element: Element = {"type": "Input.Number", "id": name, "label": label, "min": 0, "max": maximum,
                        "isRequired": True, "errorMessage": f"Enter a whole number from 0 to {maximum}."}
    if value is not None:
        element["value"] = value
    return _with_error(element, error)


def _back(token: str, title: str = "Back") -> Element:
    return submit(title, {"action": "back", "token": token})


def address_form_card(view: AddressFormView, token: str) -> dict[str, Any]:
    body = top(view.frame, view.title, view.message)
    if view.warning:
        body.append(attention(view.warning))
    fields = [("name", "Office name", 100, "For example: Head office, 2nd floor"),
              ("street", "Street", 200, ""), ("house_number", "House number", 20, ""),
              ("extra", "Building, floor or suite (optional)", 200, ""),
              ("postal_code", view.postal_label, 20, ""), ("city", view.city_label, 100, "")]
    for name, label, length, hint in fields:
        body += text_input(name, label, view.values.get(name, ""), view.errors.get(name),
                           required=name in view.required, placeholder=hint, max_length=length)
    if view.region is not None:
        body += _region(view.region, view.values.get("region", ""), view.errors.get("region"))
    body.append({"type": "FactSet", "facts": [{"title": "Country", "value": view.country}]})
    actions = [submit("Validate and save", {"action": "save", "token": token}, style="positive",
                      validate=True), _back(token)]
    return card([*body, *bottom(view.frame)], [*actions, *chrome.footer(token)])


def _region(region: RegionField, value: str, error: str | None) -> list[Element]:
    if region.choices:
        return choice_input("region", region.label, region.choices, value, error)
    return text_input("region", region.label, value, error, required=True)


def area_code_card(view: AreaCodeView, token: str) -> dict[str, Any]:
    body = [*top(view.frame, f"Local area code for {view.office}"), text(view.intro)]
    data = {"token": token}
    if view.searching:
        body += text_input("search", "City or area code", view.query, view.error, required=True,
                           placeholder="For example: Hamburg or 040")
        actions = [submit("Search", {"action": "find", **data}, style="positive", validate=True)]
    else:
        body += choice_input("area_code", "Area code", view.choices, view.selected, view.error)
        actions = [submit("Use this area code", {"action": "choose", **data}, style="positive",
                          validate=True)]
        if view.offer_all:
            actions.append(submit("Show all area codes", {"action": "show_all", **data}))
    if view.offer_city:
        actions.append(submit(f"Area codes of {view.offer_city}", {"action": "city", **data}))
    actions.append(_back(token, "Back to the offices"))
    return card([*body, *bottom(view.frame)], [*actions, *chrome.footer(token)])


def quantities_card(view: QuantitiesView, token: str, maximum: int) -> dict[str, Any]:
    body = [*top(view.frame, f"Numbers for {view.office}", view.message), text(view.where, subtle=True),
            text("User numbers go to people who make and take calls; resource account numbers go to "
                 "auto attendants and call queues.")]
    if view.replaces:
        body.append(attention(view.replaces))
    body += number_input("users", "Numbers for users", view.users, view.errors.get("users"), maximum)
    body += number_input("resource_accounts", "Numbers for resource accounts", view.resource_accounts,
                         view.errors.get("resource_accounts"), maximum)
    if view.limits:
        body.append(text(view.limits, subtle=True, size="Small"))
    actions = [submit("Reserve numbers", {"action": "reserve", "token": token}, style="positive",
                      validate=True), _back(token, "Back to the offices")]
    return card([*body, *bottom(view.frame)], [*actions, *chrome.footer(token)])
