"""Stage 2 of the journey: offices and numbers, country by country.

Each country's overview lists its offices with their address, area code, quantities and the numbers
held (as ranges, with the hold's end in the user's time zone). From there the user adds, edits or
removes an office and reserves its numbers; "Next country" (or "Done" for the last one) is offered once
every office of the country holds its numbers.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import datetime
from typing import Literal

from botbuilder.dialogs import DialogTurnResult, WaterfallDialog, WaterfallStepContext

from cards.offices import OverviewView, RemoveView, overview_card, remove_card
from dialogs.card_prompt import CardPrompt, CardSubmit
from dialogs.deps import Deps
from dialogs.office_dialog import OfficeDialog
from dialogs.office_support import STAGE, OfficeStep, is_done, office_name
from dialogs.receipts import replace_with_receipt
from dialogs.session import Requester
from dialogs.stage import say
from services.domain.country_order import CountryOrder
from services.domain.errors import DomainError, NotFound
from services.domain.limits import MAX_OFFICES_PER_COUNTRY
from services.domain.order import Order

OVERVIEW = "offices.overview"
OVERVIEW_PROMPT = "offices.overview.choice"
REMOVE = "offices.remove"
REMOVE_PROMPT = "offices.remove.confirm"
NOT_FOUND = ("I could not find that order. It may belong to another organisation or have been closed. "
             "Type **resume** to see your drafts, or start a new order.")

Handler = Callable[[WaterfallStepContext, str, str], Awaitable[DialogTurnResult]]


class OverviewAction(CardSubmit):
    action: Literal["add", "edit", "remove", "reserve", "next"]
    office_id: str = ""


class RemoveAnswer(CardSubmit):
    action: Literal["confirm_remove", "keep"]


def blocked(entry: CountryOrder, now: datetime) -> str | None:
    """Why the user cannot move on from this country yet, or None."""
    if not entry.offices:
        return f"Add an office in {entry.name} and reserve its numbers before moving on."
    waiting = [office_name(office) for office in entry.offices if not is_done(office, now)]
    if waiting:
        return f"Reserve the numbers of every office before moving on. Still to do: {', '.join(waiting)}."
    return None


class OfficesStage(OfficeStep):
    def __init__(self, deps: Deps) -> None:
        super().__init__(STAGE, deps)
        self.office = OfficeDialog(deps)
        self.add_dialog(self.office)
        self.add_dialog(CardPrompt(OVERVIEW_PROMPT, OverviewAction))
        self.add_dialog(CardPrompt(REMOVE_PROMPT, RemoveAnswer))
        self.add_dialog(WaterfallDialog(OVERVIEW, [self._show, self._dispatch, self._again]))
        self.add_dialog(WaterfallDialog(REMOVE, [self._ask_remove, self._answer_remove]))
        self.initial_dialog_id = OVERVIEW
        self._handlers: dict[str, Handler] = {"add": self._add, "edit": self._edit, "reserve": self._reserve,
                                              "remove": self._remove, "next": self._next}

    async def _show(self, step: WaterfallStepContext) -> DialogTurnResult:
        who = self.who(step)
        try:
            order = await self.load(step)
        except NotFound:
            await say(step.context, NOT_FOUND)
            return await step.end_dialog({"done": True, "not_found": True})
        if not order.countries:
            await say(step.context, "This order has no country yet: choose the countries first.")
            return await step.end_dialog()
        codes = [entry.country for entry in order.countries]
        wanted = step.options.get("country")
        country = step.values["country"] = wanted if wanted in codes else codes[0]
        view = self._overview(order, country, who, step.options.get("note"))
        return await self.ask(step, OVERVIEW_PROMPT, lambda token: overview_card(view, token),
                              f"Offices in {view.country}")

    def _overview(self, order: Order, country: str, who: Requester, note: str | None) -> OverviewView:
        entry = order.country(country)
        last = order.countries[-1].country == entry.country
        full = len(entry.offices) >= MAX_OFFICES_PER_COUNTRY
        limit = (f"{entry.name} has {MAX_OFFICES_PER_COUNTRY} offices, the most one order can have. For "
                 "more, press Help and our sales team will complete the order with you." if full else "")
        return OverviewView(frame=self.frame(order, who), country=entry.name, note=note,
                            offices=[self.summary(country, office, who) for office in entry.offices],
                            can_add=not full, limit_note=limit, next_label="Done" if last else "Next country",
                            blocked=blocked(entry, self.deps.clock.now()))

    async def _dispatch(self, step: WaterfallStepContext) -> DialogTurnResult:
        answer = step.result
        try:
            return await self._handlers[answer["action"]](step, step.values["country"], answer["office_id"])
        except DomainError as error:  # e.g. an office removed meanwhile: say so on the current card
            return await self._overview_again(step, step.values["country"], error.message)

    async def _again(self, step: WaterfallStepContext) -> DialogTurnResult:
        return await self._overview_again(step, step.values["country"], (step.result or {}).get("note"))

    async def _overview_again(self, step: WaterfallStepContext, country: str,
                              note: str | None) -> DialogTurnResult:
        return await step.replace_dialog(OVERVIEW, {"order_id": self.order_id(step), "country": country,
                                                    "note": note})

    async def _office_of(self, step: WaterfallStepContext, country: str, office_id: str) -> str:
        """The office's name; NotFound if the order has no such office in the country."""
        return office_name((await self.load(step)).country(country).office(office_id))

    async def _add(self, step: WaterfallStepContext, country: str, _: str) -> DialogTurnResult:
        entry = (await self.load(step)).country(country)
        if len(entry.offices) >= MAX_OFFICES_PER_COUNTRY:
            return await self._overview_again(step, country, f"You can add at most {MAX_OFFICES_PER_COUNTRY} "
                                              f"offices in {entry.name}. Press Help and our sales team will "
                                              "complete the order with you.")
        await replace_with_receipt(step.context, f"Adding an office in {entry.name}")
        return await step.begin_dialog(self.office.id, {"order_id": self.order_id(step), "country": country,
                                                        "start": "address"})

    async def _edit(self, step: WaterfallStepContext, country: str, office_id: str) -> DialogTurnResult:
        await replace_with_receipt(step.context, f"Editing {await self._office_of(step, country, office_id)}")
        return await step.begin_dialog(self.office.id, {"order_id": self.order_id(step), "country": country,
                                                        "office_id": office_id, "start": "address"})

    async def _reserve(self, step: WaterfallStepContext, country: str, office_id: str) -> DialogTurnResult:
        name = await self._office_of(step, country, office_id)
        await replace_with_receipt(step.context, f"Reserving numbers for {name}")
        return await step.begin_dialog(self.office.id, {"order_id": self.order_id(step), "country": country,
                                                        "office_id": office_id, "start": "numbers"})

    async def _remove(self, step: WaterfallStepContext, country: str, office_id: str) -> DialogTurnResult:
        await self._office_of(step, country, office_id)
        return await step.begin_dialog(REMOVE, {"order_id": self.order_id(step), "country": country,
                                                "office_id": office_id})

    async def _next(self, step: WaterfallStepContext, country: str, _: str) -> DialogTurnResult:
        order = await self.load(step)
        entry = order.country(country)
        reason = blocked(entry, self.deps.clock.now())
        if reason:
            return await self._overview_again(step, country, reason)
        lines = [f"{office_name(o)}: {len(o.numbers)} numbers" for o in entry.offices]
        await replace_with_receipt(step.context, f"Offices in {entry.name} done", lines)
        codes = [c.country for c in order.countries]
        following = codes[codes.index(entry.country) + 1:]
        if not following:
            return await step.end_dialog()
        return await self._overview_again(step, following[0], None)

    async def _ask_remove(self, step: WaterfallStepContext) -> DialogTurnResult:
        who, order, country = self.who(step), await self.load(step), self.country(step)
        office = order.country(country).office(step.options["office_id"])
        view = RemoveView(frame=self.frame(order, who), office=self.summary(country, office, who))
        return await self.ask(step, REMOVE_PROMPT, lambda token: remove_card(view, token),
                              f"Remove {view.office.name}?")

    async def _answer_remove(self, step: WaterfallStepContext) -> DialogTurnResult:
        handlers = {"confirm_remove": self._confirm_remove, "keep": self._keep}
        try:
            return await handlers[step.result["action"]](step)
        except DomainError as error:  # removed meanwhile, or the order was closed
            return await step.end_dialog({"note": error.message})

    async def _keep(self, step: WaterfallStepContext) -> DialogTurnResult:
        await replace_with_receipt(step.context, "Office kept")
        return await step.end_dialog({"note": None})

    async def _confirm_remove(self, step: WaterfallStepContext) -> DialogTurnResult:
        who, country, office_id = self.who(step), self.country(step), step.options["office_id"]
        office = (await self.load(step)).country(country).office(office_id)
        await self.deps.journey.remove_office(who.tenant_id, self.order_id(step), country, office_id)
        name, held = office_name(office), len(office.numbers)
        await replace_with_receipt(step.context, f"Office removed: {name}")
        freed = f"; its {held} numbers went back to the pool" if held else ""
        return await step.end_dialog({"note": f"{name} was removed{freed}."})
