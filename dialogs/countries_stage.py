"""Stage 1 of the journey: the countries, then per country its voice plan, BCN, porting and migration,
and which country is the main billing country.

Three small waterfalls take turns with `replace_dialog`: the countries card, the confirmation before
removing countries that have offices, and one card per country in the order's order.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from typing import Any

from botbuilder.dialogs import DialogTurnResult, WaterfallDialog, WaterfallStepContext

from cards import countries as cards
from dialogs.card_prompt import CardPrompt
from dialogs.countries_steps import (
    CountriesAnswer,
    CountryAnswer,
    RemoveAnswer,
    add_countries,
    apply_country,
    check_country,
    country_choices,
    country_form,
    country_receipt,
    error_field,
    names,
    removal_lines,
    unsold,
    unsold_message,
)
from dialogs.deps import Deps
from dialogs.receipts import replace_with_receipt
from dialogs.stage import Stage, progress, say
from services.domain.errors import DomainError
from services.domain.order import Order

log = logging.getLogger(__name__)

PICK, REMOVE, COUNTRY = "countries.pick", "countries.remove", "countries.country"
PICK_PROMPT, REMOVE_PROMPT, COUNTRY_PROMPT = f"{PICK}.card", f"{REMOVE}.card", f"{COUNTRY}.card"

Handler = Callable[[WaterfallStepContext], Awaitable[DialogTurnResult]]


class CountriesStage(Stage):
    def __init__(self, deps: Deps) -> None:
        super().__init__("countries", deps)
        self.add_dialog(WaterfallDialog(PICK, [self._show_pick, self._on_pick]))
        self.add_dialog(WaterfallDialog(REMOVE, [self._show_remove, self._on_remove]))
        self.add_dialog(WaterfallDialog(COUNTRY, [self._show_country, self._on_country]))
        self.add_dialog(CardPrompt(PICK_PROMPT, CountriesAnswer))
        self.add_dialog(CardPrompt(REMOVE_PROMPT, RemoveAnswer))
        self.add_dialog(CardPrompt(COUNTRY_PROMPT, CountryAnswer))
        self.initial_dialog_id = PICK
        self._remove_actions: dict[str, Handler] = {cards.CONFIRM_REMOVE: self._confirm_remove,
                                                    cards.BACK: self._keep_countries}
        self._country_actions: dict[str, Handler] = {cards.NEXT: self._save_country,
                                                     cards.BACK: self._previous}

    # -- the countries card -------------------------------------------------------------------------

    async def _show_pick(self, step: WaterfallStepContext) -> DialogTurnResult:
        try:
            order = await self._current(step)
        except DomainError as error:
            return await self.stop(step, error)
        selected = step.options.get("selected") or [entry.country for entry in order.countries]
        choices, fees = country_choices(self.deps.catalogue), self.fees(order, self.who(step).locale)
        error = step.options.get("error")
        return await self.ask(step, PICK_PROMPT, lambda token: cards.countries_card(
            token, progress("countries"), choices, selected, fees, error), "Choose your countries")

    async def _on_pick(self, step: WaterfallStepContext) -> DialogTurnResult:
        selected = list(dict.fromkeys(step.result["countries"]))
        sold = [code for code in selected if code in self.deps.catalogue.countries]
        if len(sold) < len(selected):
            return await self._repick(step, sold, "Choose only countries from the list.")
        if not sold:
            return await self._repick(step, sold, "Choose at least one country.")
        order = await self.load(step)
        if removal_lines(order, self._dropped(order, sold)):
            await replace_with_receipt(step.context, "Countries chosen", ["Waiting for you to confirm below"])
            return await step.replace_dialog(REMOVE, {**self._ids(step), "selected": sold})
        return await self._apply(step, sold)

    async def _apply(self, step: WaterfallStepContext, selected: list[str]) -> DialogTurnResult:
        who, order_id = self.who(step), self.order_id(step)
        try:
            for code in self._dropped(await self.load(step), selected):
                await self.deps.journey.remove_country(who.tenant_id, order_id, code)
            order = await self.deps.journey.change(who.tenant_id, order_id, add_countries(selected))
        except DomainError as error:
            log.info("countries of %s not changed: %s", order_id, error.code)
            return await self._repick(step, selected, error.message)
        await replace_with_receipt(step.context, "Countries chosen", [f"Countries: {names(order)}"])
        return await step.replace_dialog(COUNTRY, {**self._ids(step), "index": 0})

    async def _repick(self, step: WaterfallStepContext, selected: list[str], error: str) -> DialogTurnResult:
        return await step.replace_dialog(PICK, {**self._ids(step), "selected": selected, "error": error})

    # -- confirming the removal of countries with offices --------------------------------------------

    async def _show_remove(self, step: WaterfallStepContext) -> DialogTurnResult:
        order = await self.load(step)
        lines = removal_lines(order, self._dropped(order, step.options["selected"]))
        return await self.ask(step, REMOVE_PROMPT, lambda token: cards.remove_card(token, lines),
                              "Remove these countries?")

    async def _on_remove(self, step: WaterfallStepContext) -> DialogTurnResult:
        return await self._remove_actions[step.result["action"]](step)

    async def _confirm_remove(self, step: WaterfallStepContext) -> DialogTurnResult:
        return await self._apply(step, step.options["selected"])

    async def _keep_countries(self, step: WaterfallStepContext) -> DialogTurnResult:
        await replace_with_receipt(step.context, "Nothing removed")
        order = await self.load(step)
        kept = [entry.country for entry in order.countries]
        selected = [*kept, *(code for code in step.options["selected"] if code not in kept)]
        return await step.replace_dialog(PICK, {**self._ids(step), "selected": selected})

    # -- one card per country -----------------------------------------------------------------------

    async def _show_country(self, step: WaterfallStepContext) -> DialogTurnResult:
        order, index = await self.load(step), step.options["index"]
        if not order.countries:
            return await step.replace_dialog(PICK, self._ids(step))
        if index >= len(order.countries):
            return await step.end_dialog()
        locale = self.who(step).locale
        form = country_form(self.deps, order, index, locale=locale, fees=self.fees(order, locale),
                            typed=step.options.get("typed"), errors=step.options.get("errors"))
        return await self.ask(step, COUNTRY_PROMPT, lambda token: cards.country_card(token, form),
                              f"{form.name}: voice plan and billing")

    async def _on_country(self, step: WaterfallStepContext) -> DialogTurnResult:
        return await self._country_actions[step.result["action"]](step)

    async def _save_country(self, step: WaterfallStepContext) -> DialogTurnResult:
        answer, index = step.result, step.options["index"]
        order = await self.load(step)
        if index >= len(order.countries):
            return await step.replace_dialog(COUNTRY, {**self._ids(step), "index": index})
        entry = order.countries[index]
        choice, errors = check_country(self.deps, order, entry.country, answer)
        if choice is None:
            return await self._recountry(step, answer, errors)
        who = self.who(step)
        try:
            await self.deps.journey.change(who.tenant_id, order.id, apply_country(choice))
        except DomainError as error:
            log.info("country %s of %s not changed: %s", entry.country, order.id, error.code)
            return await self._recountry(step, answer, {error_field(error): error.message})
        await replace_with_receipt(step.context, country_receipt(entry, choice))
        return await step.replace_dialog(COUNTRY, {**self._ids(step), "index": index + 1})

    async def _recountry(self, step: WaterfallStepContext, answer: dict[str, Any],
                         errors: dict[str, str]) -> DialogTurnResult:
        return await step.replace_dialog(COUNTRY, {**self._ids(step), "index": step.options["index"],
                                                   "typed": answer, "errors": errors})

    async def _previous(self, step: WaterfallStepContext) -> DialogTurnResult:
        await replace_with_receipt(step.context, "Went back; nothing changed on this card")
        index = step.options["index"]
        if index == 0:
            return await step.replace_dialog(PICK, self._ids(step))
        return await step.replace_dialog(COUNTRY, {**self._ids(step), "index": index - 1})

    # -- helpers ------------------------------------------------------------------------------------

    def _ids(self, step: WaterfallStepContext) -> dict[str, Any]:
        return {"order_id": self.order_id(step)}

    @staticmethod
    def _dropped(order: Order, selected: list[str]) -> list[str]:
        return [entry.country for entry in order.countries if entry.country not in selected]

    async def _current(self, step: WaterfallStepContext) -> Order:
        """The order, without the countries the operator no longer sells (the user is told)."""
        order = await self.load(step)
        gone = unsold(order, self.deps.catalogue)
        for entry in gone:
            await self.deps.journey.remove_country(self.who(step).tenant_id, order.id, entry.country)
        if not gone:
            return order
        await say(step.context, unsold_message(gone))
        return await self.load(step)
