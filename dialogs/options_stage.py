"""Stage 3: add-on options per country (one card per country), with the fees recalculated on request."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from typing import Any, Literal

from botbuilder.dialogs import DialogTurnResult, WaterfallDialog, WaterfallStepContext
from pydantic import ValidationError

from cards.options import NEXT, UPDATE_FEES, OptionsView, options_card
from dialogs.card_prompt import CardPrompt, CardSubmit
from dialogs.deps import Deps
from dialogs.receipts import replace_with_receipt
from dialogs.stage import Stage, progress, say
from services.domain.errors import DomainError
from services.domain.money import Money
from services.domain.options import ClipMode, Options
from services.domain.order import Order
from services.domain.validation import field_errors
from services.pricing import format_money

log = logging.getLogger(__name__)

FLOW, PROMPT = "options.flow", "options.card"
MAX_CONFIGURATIONS = 50
COUNTS = ("auto_attendants", "call_queues")
CLIP_NAMES = {ClipMode.SCREEN: "CLIP screen", ClipMode.NO_SCREEN: "CLIP no screen"}


class OptionsSubmit(CardSubmit):
    action: Literal["update_fees", "next"]
    call_forwarding: bool = False
    clip: ClipMode = ClipMode.NONE
    auto_attendants: str = ""
    call_queues: str = ""


def read_options(answer: dict[str, Any]) -> tuple[Options | None, dict[str, str]]:
    """The options the card asks for, or the problems per input (an empty count means none)."""
    data = {name: answer.get(name) for name in ("call_forwarding", "clip")}
    data |= {name: answer.get(name) or "0" for name in COUNTS}
    try:
        options = Options.model_validate(data)
    except ValidationError as error:
        return None, {item.field: item.message for item in field_errors(error)}
    errors = {name: f"Enter at most {MAX_CONFIGURATIONS}; for more, press Help and our sales team will "
              "arrange it with you." for name in COUNTS if getattr(options, name) > MAX_CONFIGURATIONS}
    return (None, errors) if errors else (options, {})


def describe(options: Options) -> str:
    """'call forwarding, CLIP screen, 2 auto attendants', or 'no options'."""
    parts = ["call forwarding"] if options.call_forwarding else []
    if options.clip in CLIP_NAMES:
        parts.append(CLIP_NAMES[options.clip])
    for count, one, many in ((options.auto_attendants, "auto attendant", "auto attendants"),
                             (options.call_queues, "call queue", "call queues")):
        if count:
            parts.append(f"{count} {one if count == 1 else many}")
    return ", ".join(parts) or "no options"


def _values(options: Options) -> dict[str, str]:
    return {"call_forwarding": "true" if options.call_forwarding else "false", "clip": options.clip.value,
            "auto_attendants": str(options.auto_attendants), "call_queues": str(options.call_queues)}


class OptionsStage(Stage):
    def __init__(self, deps: Deps) -> None:
        super().__init__("options", deps)
        self._handlers: dict[str, Callable[[WaterfallStepContext, Order], Awaitable[DialogTurnResult]]] = {
            UPDATE_FEES: self._show_again, NEXT: self._next_country}
        self.add_dialog(CardPrompt(PROMPT, OptionsSubmit))
        self.add_dialog(WaterfallDialog(FLOW, [self._show, self._answer]))
        self.initial_dialog_id = FLOW

    async def _show(self, step: WaterfallStepContext) -> DialogTurnResult:
        try:
            order = await self.load(step)
        except DomainError as error:
            return await self.stop(step, error)
        codes = [entry.country for entry in order.countries]
        if not codes:
            return await step.end_dialog()
        code = step.options.get("country") if step.options.get("country") in codes else codes[0]
        step.values["country"] = code
        view = self._view(order, code, step.options, self.who(step).locale)
        return await self.ask(step, PROMPT, lambda token: options_card(view, token),
                              f"Options for {view.country}")

    async def _answer(self, step: WaterfallStepContext) -> DialogTurnResult:
        answer: dict[str, Any] = step.result
        code = step.values["country"]
        options, errors = read_options(answer)
        if options is None:
            typed = {name: str(answer.get(name, "")) for name in ("clip", *COUNTS)}
            typed["call_forwarding"] = "true" if answer.get("call_forwarding") else "false"
            return await self._again(step, code, typed=typed, errors=errors)
        try:
            order = await self.deps.journey.change(self.who(step).tenant_id, self.order_id(step),
                                                   lambda o: _set_options(o, code, options))
        except DomainError as error:
            log.info("options not saved: %s", error.code)
            await say(step.context, f"{error.message} Nothing was changed; here is the current card.")
            return await self._again(step, code)
        await replace_with_receipt(step.context, f"Options: {order.country(code).name} — {describe(options)}")
        return await self._handlers[answer["action"]](step, order)

    async def _show_again(self, step: WaterfallStepContext, order: Order) -> DialogTurnResult:
        return await self._again(step, step.values["country"], notice="Saved. The fees below are updated.")

    async def _next_country(self, step: WaterfallStepContext, order: Order) -> DialogTurnResult:
        codes = [entry.country for entry in order.countries]
        code = step.values["country"]
        later = codes[codes.index(code) + 1:] if code in codes else []
        if not later:
            return await step.end_dialog()
        return await self._again(step, later[0])

    async def _again(self, step: WaterfallStepContext, code: str, **shown: Any) -> DialogTurnResult:
        return await step.replace_dialog(FLOW, {"order_id": self.order_id(step), "country": code, **shown})

    def _view(self, order: Order, code: str, shown: dict[str, Any], locale: str) -> OptionsView:
        entry = order.country(code)
        currency = entry.billing.currency if entry.billing else self.deps.catalogue.country(code).currency
        codes = [other.country for other in order.countries]
        installation, monthly = self.fees(order, locale)
        return OptionsView(
            progress=progress("options"), country=entry.name, currency=currency,
            position=f"Country {codes.index(code) + 1} of {len(codes)}", max_count=MAX_CONFIGURATIONS,
            values=shown.get("typed") or _values(entry.options), prices=self._prices(currency, locale),
            installation=installation, monthly=monthly, errors=shown.get("errors") or {},
            notice=shown.get("notice", ""))

    def _prices(self, currency: str, locale: str) -> dict[str, str]:
        fees = self.deps.catalogue.fees_for(currency)

        def money(amount: Any) -> str:
            return format_money(Money(amount=amount, currency=currency), locale)

        return {option.value: f"{money(fee.installation)} installation, "
                + (f"{money(fee.monthly)} a month" if fee.monthly else "no monthly fee")
                for option, fee in fees.options.items()}


def _set_options(order: Order, code: str, options: Options) -> Order:
    order.country(code).options = options
    return order
