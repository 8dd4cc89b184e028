"""The ordering journey: runs the stages in order, jumps from the recap to a stage and back, and
handles the footer of every card (Save draft, Help, Cancel order) wherever the user is.
"""

from __future__ import annotations

from typing import Any, Literal

from botbuilder.dialogs import (
    ComponentDialog,
    Dialog,
    DialogContext,
    DialogTurnResult,
    WaterfallDialog,
    WaterfallStepContext,
)

from cards import chrome
from dialogs.card_prompt import CardPrompt, CardSubmit, card_options, new_token
from dialogs.deps import Deps
from dialogs.receipts import replace_with_receipt
from dialogs.session import requester
from dialogs.stage import STAGES, say
from services.domain.order import Order
from services.sales import Handoff, HandoffKind

LOOP = "order.loop"
CONFIRM_CANCEL = "order.confirm_cancel"
CONFIRM_PROMPT = "order.confirm_cancel.prompt"
TYPED = {"help": chrome.HELP, "save": chrome.SAVE_DRAFT, "save draft": chrome.SAVE_DRAFT,
         "cancel": chrome.CANCEL_ORDER, "cancel order": chrome.CANCEL_ORDER}


class CancelAnswer(CardSubmit):
    action: Literal["confirm_cancel", "keep_order"]


def footer_action(dialog_context: DialogContext) -> str | None:
    activity = dialog_context.context.activity
    if isinstance(activity.value, dict):
        action = activity.value.get("action")
        return action if action in chrome.FOOTER_ACTIONS else None
    return TYPED.get(" ".join((activity.text or "").lower().split()))


def resume_stage(order: Order) -> str:
    """Where a saved draft picks up: the first stage whose part of the order is not done."""
    if not order.countries or any(not c.plan_id or not c.billing for c in order.countries):
        return "countries"
    if any(not c.offices or not any(o.numbers for o in c.offices) for c in order.countries):
        return "offices"
    return "contacts" if not order.contacts else "recap"


class OrderDialog(ComponentDialog):
    def __init__(self, deps: Deps, stages: list[Dialog]) -> None:
        super().__init__(OrderDialog.__name__)
        self.deps = deps
        for stage in stages:
            self.add_dialog(stage)
        self.add_dialog(WaterfallDialog(LOOP, [self._run_stage, self._next_stage]))
        self.add_dialog(WaterfallDialog(CONFIRM_CANCEL, [self._ask_cancel, self._answer_cancel]))
        self.add_dialog(CardPrompt(CONFIRM_PROMPT, CancelAnswer))
        self.initial_dialog_id = LOOP

    async def _run_stage(self, step: WaterfallStepContext) -> DialogTurnResult:
        return await step.begin_dialog(step.options["stage"], {"order_id": step.options["order_id"]})

    async def _next_stage(self, step: WaterfallStepContext) -> DialogTurnResult:
        options, result = step.options, step.result or {}
        if result.get("done") and options["stage"] == "recap":
            target, back = "contract", False
        elif result.get("done") or result.get("submitted"):
            return await step.end_dialog(result)
        elif result.get("goto"):
            target, back = result["goto"], result["goto"] != "recap"
        elif options.get("back_to_recap"):
            target, back = "recap", False
        else:
            target, back = STAGES[STAGES.index(options["stage"]) + 1], False
        return await step.replace_dialog(LOOP, {"order_id": options["order_id"], "stage": target,
                                                "back_to_recap": back})

    async def on_continue_dialog(self, inner_dc: DialogContext) -> DialogTurnResult:
        action = footer_action(inner_dc)
        in_confirm = inner_dc.active_dialog is not None and inner_dc.active_dialog.id == CONFIRM_PROMPT
        if action and not in_confirm:
            return await self._interrupt(inner_dc, action)
        return await super().on_continue_dialog(inner_dc)

    async def _interrupt(self, inner_dc: DialogContext, action: str) -> DialogTurnResult:
        order_id = self._order_id(inner_dc)
        if action == chrome.HELP:
            await self._ask_for_help(inner_dc, order_id)
            return Dialog.end_of_turn
        if action == chrome.SAVE_DRAFT:
            await say(inner_dc.context, "Your draft is saved. Type **resume** whenever you want to carry on.")
            return await inner_dc.cancel_all_dialogs()
        return await inner_dc.begin_dialog(CONFIRM_CANCEL, {"order_id": order_id})

    def _order_id(self, inner_dc: DialogContext) -> str:
        loop = next(entry for entry in inner_dc.stack if entry.id == LOOP)
        return loop.state["options"]["order_id"]

    async def _ask_for_help(self, inner_dc: DialogContext, order_id: str) -> None:
        who = requester(inner_dc.context)
        order = await self.deps.journey.load(who.tenant_id, order_id)
        stage = next((entry.id for entry in inner_dc.stack if entry.id in STAGES), "")
        await self.deps.sales.notify(Handoff(
            kind=HandoffKind.HELP, tenant_id=who.tenant_id, requester=who.name, company=order.company_name,
            order_id=order.id, countries=[c.country for c in order.countries],
            details=[f"Asked for help at: {stage or 'the start'}", f"Account: {order.ocn}"],
            created_at=self.deps.clock.now()))
        await say(inner_dc.context, f"I've asked {self.deps.sales_contact} to help with this order. They "
                  "will answer here in Teams or by email. You can carry on with the card above meanwhile.")

    async def _ask_cancel(self, step: WaterfallStepContext) -> DialogTurnResult:
        token = new_token()
        return await step.prompt(CONFIRM_PROMPT, card_options(chrome.confirm_cancel_card(token), token,
                                                              "Cancel this order?"))

    async def _answer_cancel(self, step: WaterfallStepContext) -> DialogTurnResult:
        answer: dict[str, Any] = step.result
        if answer["action"] == "keep_order":
            await replace_with_receipt(step.context, "Order kept")
            return await step.end_dialog()
        who = requester(step.context)
        await self.deps.journey.cancel(who.tenant_id, step.options["order_id"])
        await replace_with_receipt(step.context, "Order cancelled")
        await say(step.context, "The order is cancelled and its numbers went back to the pool.")
        return await step.cancel_all_dialogs()
