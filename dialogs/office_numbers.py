"""How many numbers an office needs, split between users and resource accounts, and their reservation.

The quantities are checked by the order's own rules before anything is stored; a reservation that
fails (not enough numbers, a limit, a busy pool) leaves the office exactly as it was.
"""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable
from typing import Any, Literal

from botbuilder.dialogs import DialogTurnResult, WaterfallDialog, WaterfallStepContext
from pydantic import field_validator

from cards import chrome
from cards.office_forms import QuantitiesView, quantities_card
from cards.offices import ranges_text
from dialogs.card_prompt import CardPrompt, CardSubmit
from dialogs.deps import Deps
from dialogs.office_support import (
    OfficeStep,
    area_display,
    office_name,
    one_line,
    range_texts,
)
from dialogs.receipts import replace_with_receipt
from dialogs.session import Requester
from dialogs.typing import typing_while_slow
from services.domain.errors import DomainError
from services.domain.limits import MAX_NUMBERS_PER_COUNTRY, MAX_NUMBERS_PER_OFFICE
from services.domain.office import Office
from services.domain.order import Order
from services.inventory import Hold

DIALOG = "offices.numbers"
PROMPT = "offices.numbers.quantities"
STEPS = "offices.numbers.steps"
KINDS = ("users", "resource_accounts")
KEEP = ("order_id", "country", "office_id")
WHOLE = re.compile(r"[0-9]{1,6}")

Handler = Callable[[WaterfallStepContext], Awaitable[DialogTurnResult]]


class QuantitiesSubmit(CardSubmit):
    action: Literal["reserve", "back"]
    users: str = ""
    resource_accounts: str = ""

    @field_validator("users", "resource_accounts", mode="before")
    @classmethod
    def _as_text(cls, value: Any) -> Any:
        """Input.Number arrives as text in Teams; other clients may send a JSON number."""
        return str(value) if isinstance(value, int | float) else value


def parse_quantities(answer: dict[str, Any]) -> tuple[dict[str, int | None], dict[str, str]]:
    """The typed whole numbers (None where not one), and a message for each field that is not."""
    values = {kind: int(answer[kind]) if WHOLE.fullmatch(answer[kind]) else None for kind in KINDS}
    errors = {kind: "Enter a whole number of 0 or more." for kind in KINDS if values[kind] is None}
    return values, errors


def prepare(order: Order, country: str, office_id: str, users: int, resource_accounts: int) -> None:
    """Stores the new split and lets go of the numbers held so far: the reservation replaces them."""
    order.set_quantities(country, office_id, users, resource_accounts)
    order.country(country).office(office_id).release()


class NumbersDialog(OfficeStep):
    def __init__(self, deps: Deps) -> None:
        super().__init__(DIALOG, deps)
        self.add_dialog(CardPrompt(PROMPT, QuantitiesSubmit))
        self.add_dialog(WaterfallDialog(STEPS, [self._show, self._answer]))
        self.initial_dialog_id = STEPS
        self._handlers: dict[str, Handler] = {"reserve": self._reserve, "back": self._back}

    async def _show(self, step: WaterfallStepContext) -> DialogTurnResult:
        who, order, country = self.who(step), await self.load(step), self.country(step)
        entry = order.country(country)
        office = entry.office(step.options["office_id"])
        typed = step.options.get("form") or (office.quantities.model_dump() if office.quantities else {})
        others = entry.requested_numbers - office.requested
        where = one_line(office.address)
        if office.area_code:
            where += f" · area code {area_display(country, office.area_code)}"
        replaces = (f"This office holds {len(office.numbers)} numbers now. Reserving again replaces them; "
                    "we keep the same numbers where we can." if office.numbers else None)
        view = QuantitiesView(
            frame=self.frame(order, who), office=office_name(office), where=where, replaces=replaces,
            users=typed.get("users"), resource_accounts=typed.get("resource_accounts"),
            errors=step.options.get("errors") or {}, message=step.options.get("message"),
            limits=f"Up to {MAX_NUMBERS_PER_OFFICE} numbers per office and {MAX_NUMBERS_PER_COUNTRY} in "
                   f"{entry.name}; the other offices there ask for {others}.")
        return await self.ask(step, PROMPT,
                              lambda token: quantities_card(view, token, MAX_NUMBERS_PER_OFFICE), view.office)

    async def _answer(self, step: WaterfallStepContext) -> DialogTurnResult:
        return await self._handlers[step.result["action"]](step)

    async def _back(self, step: WaterfallStepContext) -> DialogTurnResult:
        await replace_with_receipt(step.context, "No numbers reserved")
        return await step.end_dialog({"stop": True})

    async def _again(self, step: WaterfallStepContext, form: dict[str, int | None],
                     errors: dict[str, str], message: str | None = None) -> DialogTurnResult:
        options = {**{key: step.options[key] for key in KEEP}, "form": form, "errors": errors,
                   "message": message}
        return await step.replace_dialog(STEPS, options)

    async def _reserve(self, step: WaterfallStepContext) -> DialogTurnResult:
        form, errors = parse_quantities(step.result)
        if errors:
            return await self._again(step, form, errors, "Nothing was reserved.")
        country, office_id = self.country(step), step.options["office_id"]
        users, resource_accounts = form["users"] or 0, form["resource_accounts"] or 0
        order = await self.load(step)
        before = order.country(country).office(office_id).model_copy(deep=True)
        try:  # the order's own rules, checked on this copy before anything is stored
            order.set_quantities(country, office_id, users, resource_accounts)
        except DomainError as error:
            return await self._again(step, form, *_placed(error))
        try:
            async with typing_while_slow(step.context):
                hold = await self._hold(self.who(step), self.order_id(step), country, before, users,
                                        resource_accounts)
        except DomainError as error:
            return await self._again(step, form, *_placed(error))
        return await self._reserved(step, hold, office_name(before))

    async def _hold(self, who: Requester, order_id: str, country: str, before: Office, users: int,
                    resource_accounts: int) -> Hold:
        """Stores the split with the numbers reserved for it; on failure the office stays as it was."""
        return await self.deps.journey.reserve(
            who.tenant_id, order_id, country, before.id,
            prepare=lambda o: prepare(o, country, before.id, users, resource_accounts))

    async def _reserved(self, step: WaterfallStepContext, hold: Hold, name: str) -> DialogTurnResult:
        who = self.who(step)
        runs = range_texts(hold.e164s)
        until = chrome.countdown(hold.expires_at, self.deps.clock.now(), who.timezone)
        await replace_with_receipt(step.context, f"{len(hold.numbers)} numbers reserved for {name}",
                                   [*runs[:6], until])
        note = f"Reserved {len(hold.numbers)} numbers for {name}: {ranges_text(runs)}. {until}"
        return await step.end_dialog({"office_id": hold.office_id, "note": note})


def _placed(error: DomainError) -> tuple[dict[str, str], str]:
    """A domain error as (message under its field, message at the top of the card)."""
    if error.field in KINDS:
        return {error.field: error.message}, "Nothing was reserved."
    return {}, error.message

