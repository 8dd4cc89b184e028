"""`resume` and `status`: the signed-in account's drafts to pick up, and every order's status."""

from __future__ import annotations

from typing import Literal

from botbuilder.dialogs import ComponentDialog, DialogTurnResult, WaterfallDialog, WaterfallStepContext
from pydantic import Field

from cards.attachments import card_message
from cards.chrome import local_time
from cards.orders import OrderLine, drafts_card, status_card
from dialogs.card_prompt import CardPrompt, CardSubmit, card_options, new_token
from dialogs.deps import Deps
from dialogs.order_dialog import OrderDialog, resume_stage
from dialogs.receipts import replace_with_receipt
from dialogs.session import Requester, requester, sign_in_step
from dialogs.stage import say
from services.domain.order import Order

RESUME, STATUS = "resume_order", "order_status"
START_FLOW = "main.start"
FLOW, PICK = "orders.flow", "orders.pick"


class DraftChoice(CardSubmit):
    action: Literal["resume", "start_order"]
    order: str | None = Field(default=None, max_length=64)


def order_line(order: Order, who: Requester) -> OrderLine:
    countries = ", ".join(entry.name for entry in order.countries) or "no country yet"
    return OrderLine(id=order.id, title=f"{order.company_name or order.ocn}: {countries}",
                     status=order.status.label, when=local_time(order.updated_at, who.timezone))


class OrdersDialog(ComponentDialog):
    def __init__(self, deps: Deps) -> None:
        super().__init__(OrdersDialog.__name__)
        self.deps = deps
        self.add_dialog(WaterfallDialog(FLOW, [self._sign_in, self._show, self._open, self._finished]))
        self.add_dialog(CardPrompt(PICK, DraftChoice))
        self.initial_dialog_id = FLOW

    async def _sign_in(self, step: WaterfallStepContext) -> DialogTurnResult:
        return await sign_in_step(self.deps, step)

    async def _show(self, step: WaterfallStepContext) -> DialogTurnResult:
        if not step.result:
            return await step.end_dialog()
        who, ocn = requester(step.context), step.result["ocn"]
        orders = [o for o in await self.deps.journey.all_orders(who.tenant_id) if o.ocn == ocn]
        if step.options["command"] == STATUS:
            lines = [order_line(order, who) for order in orders]
            await step.context.send_activity(card_message(status_card(lines), "Your orders"))
            return await step.end_dialog()
        drafts = [order_line(o, who) for o in orders if o.status == "draft"]
        step.values["offered"] = [draft.id for draft in drafts]
        token = new_token()
        return await step.prompt(PICK, card_options(drafts_card(drafts, token), token))

    async def _open(self, step: WaterfallStepContext) -> DialogTurnResult:
        choice = step.result
        if choice["action"] == "start_order":
            return await step.replace_dialog(START_FLOW)
        if choice["order"] not in step.values["offered"]:
            await say(step.context, "That draft was not found. Type **resume** to see your drafts.")
            return await step.end_dialog()
        order = await self.deps.journey.load(requester(step.context).tenant_id, choice["order"])
        await replace_with_receipt(step.context, "Draft resumed", [order.company_name])
        return await step.begin_dialog(OrderDialog.__name__, {"order_id": order.id,
                                                               "stage": resume_stage(order)})

    async def _finished(self, step: WaterfallStepContext) -> DialogTurnResult:
        return await step.end_dialog(step.result)
