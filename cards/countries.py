"""Cards of the countries stage: which countries, then plan, billing and porting per country.

Pure functions of plain data (labels and values already prepared by the dialog); no I/O.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from cards import chrome
from cards.base import Element, bullets, card, heading, submit, text

Fees = tuple[dict[str, str], dict[str, str]]
"""Installation and monthly totals per currency, already formatted."""

NEXT, BACK, CONFIRM_REMOVE = "next", "back", "confirm_remove"
BCN_NOTE = ("Choosing an existing BCN puts this country's voice charges on that BCN's invoice; "
            "a new BCN is created for you when none fits.")
SALES_NOTE = ("With porting or migration, a sales manager prepares the forms and the contract with you, "
              "instead of sending the order for e-signature.")
MAIN_NOTE = "The main billing country receives the central invoices for professional services and bundles."


@dataclass(frozen=True)
class PlanView:
    id: str
    name: str
    price: str
    summary: str
    includes: list[str]


@dataclass(frozen=True)
class CountryForm:
    """One country's card: its plans and BCN choices, what to prefill, and the errors per field.

    `porting`/`migration` are None when the country does not offer them; `main_billing` is None
    when the order has one country only (it is then the main billing country).
    """

    name: str
    title: str
    progress: str
    plans: list[PlanView]
    bcn_choices: list[tuple[str, str]]
    fees: Fees
    plan_id: str | None = None
    bcn: str | None = None
    porting: bool | None = None
    porting_numbers: str = ""
    migration: bool | None = None
    main_billing: bool | None = None
    errors: dict[str, str] = field(default_factory=dict)


def countries_card(token: str, progress: str, choices: list[tuple[str, str]], selected: list[str],
                   fees: Fees, error: str | None = None) -> dict[str, Any]:
    """Multi-select of the countries sold, preselected with the order's countries."""
    known = {value for value, _ in choices}
    picker: Element = {
        "type": "Input.ChoiceSet", "id": "countries", "label": "Countries", "isMultiSelect": True,
        "style": "filtered", "isRequired": True, "errorMessage": "Choose at least one country.",
        "choices": [{"title": title, "value": value} for value, title in choices],
    }
    value = ",".join(code for code in selected if code in known)
    if value:
        picker["value"] = value
    body = [heading("Where do you need Teams calling?"), text(progress, subtle=True, size="Small"),
            text("Choose every country where you want phone numbers. Next, you pick a voice plan and "
                 "the billing for each one."), picker]
    if error:
        body.append(chrome.field_error(error))
    body.append(chrome.fee_summary(*fees))
    return card(body, [submit("Next", {"action": NEXT, "token": token}, style="positive", validate=True),
                       *chrome.footer(token)])


def remove_card(token: str, lines: list[str]) -> dict[str, Any]:
    """Asks before dropping countries that already have offices or held numbers."""
    body = [heading("Remove these countries?"), bullets(lines),
            text("Released numbers go back to the pool; if you add the country again later, "
                 "you may get different numbers.", subtle=True, size="Small")]
    return card(body, [submit("Confirm", {"action": CONFIRM_REMOVE, "token": token}, style="destructive"),
                       submit("Back", {"action": BACK, "token": token}), *chrome.footer(token)])


def country_card(token: str, form: CountryForm) -> dict[str, Any]:
    """Voice plan (with an information view per plan), BCN, porting, migration, main billing."""
    body = [heading(form.title), text(form.progress, subtle=True, size="Small")]
    if "notice" in form.errors:
        body.append(chrome.field_error(form.errors["notice"]))
    body += _plans(form)
    body += _billing(form)
    body += _toggles(form)
    body += _main_billing(form)
    body.append(chrome.fee_summary(*form.fees))
    return card(body, [submit("Next", {"action": NEXT, "token": token}, style="positive", validate=True),
                       submit("Back", {"action": BACK, "token": token}), *chrome.footer(token)])


def _plans(form: CountryForm) -> list[Element]:
    choices = [{"title": f"{plan.name} · {plan.price}", "value": plan.id} for plan in form.plans]
    picker = _choice_set("plan_id", "Voice plan", choices, form.plan_id, "Choose a voice plan.")
    about = {"type": "ActionSet", "actions": [_about(plan) for plan in form.plans]}
    return [picker, *_error(form, "plan_id"), about]


def _about(plan: PlanView) -> Element:
    """The portal's (i): what a plan is and what it includes."""
    details = card([text(plan.name, size="Medium"), text(plan.summary), bullets(plan.includes),
                    text(plan.price, subtle=True, size="Small")])
    del details["version"], details["$schema"]
    return {"type": "Action.ShowCard", "title": f"About {plan.name}", "card": details}


def _billing(form: CountryForm) -> list[Element]:
    choices = [{"title": label, "value": value} for value, label in form.bcn_choices]
    picker = _choice_set("bcn", "Billing number (BCN)", choices, form.bcn, "Choose a billing number (BCN).")
    return [picker, *_error(form, "bcn"), text(BCN_NOTE, subtle=True, size="Small")]


def _toggles(form: CountryForm) -> list[Element]:
    toggles: list[Element] = []
    if form.porting is not None:
        count: Element = {"type": "Input.Number", "id": "porting_numbers", "min": 1, "max": 500,
                          "label": "How many numbers to port (with porting)", "placeholder": "e.g. 40"}
        if form.porting_numbers.isdigit():
            count["value"] = int(form.porting_numbers)
        toggles += [_toggle("porting", "Porting: bring numbers you have with another provider", form.porting),
                    count, *_error(form, "porting_numbers")]
    if form.migration is not None:
        title = "Migration: move numbers you already have with us"
        toggles.append(_toggle("migration", title, form.migration))
    return [*toggles, text(SALES_NOTE, subtle=True, size="Small")] if toggles else []


def _main_billing(form: CountryForm) -> list[Element]:
    if form.main_billing is None:
        return [text(f"{form.name} is the main billing country. {MAIN_NOTE}", subtle=True, size="Small")]
    return [_toggle("main_billing", "Main billing country", form.main_billing), *_error(form, "main_billing"),
            text(MAIN_NOTE, subtle=True, size="Small")]


def _choice_set(input_id: str, label: str, choices: list[Element], value: str | None,
                error_message: str) -> Element:
    picker: Element = {"type": "Input.ChoiceSet", "id": input_id, "label": label, "style": "expanded",
                       "isRequired": True, "errorMessage": error_message, "wrap": True, "choices": choices}
    if value and any(choice["value"] == value for choice in choices):
        picker["value"] = value
    return picker


def _toggle(input_id: str, title: str, on: bool) -> Element:
    return {"type": "Input.Toggle", "id": input_id, "title": title, "value": "true" if on else "false",
            "valueOn": "true", "valueOff": "false", "wrap": True}


def _error(form: CountryForm, key: str) -> list[Element]:
    return [chrome.field_error(form.errors[key])] if key in form.errors else []
