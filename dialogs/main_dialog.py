"""The root dialog: the main menu and the commands (start order, resume, status, help).

Each command that touches orders makes sure the user is signed in first.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Literal

from botbuilder.dialogs import ComponentDialog, DialogTurnResult, WaterfallDialog, WaterfallStepContext
from botbuilder.schema import Activity

from cards import welcome
from cards.attachments import card_message
from dialogs.card_prompt import CardPrompt, CardSubmit, card_options, new_token
from dialogs.deps import Deps
from dialogs.order_dialog import OrderDialog
from dialogs.orders_dialog import RESUME, START_FLOW, STATUS, OrdersDialog
from dialogs.session import requester, sign_in_step
from dialogs.signin_dialog import SigninDialog
from dialogs.stages import journey_stages

MENU_PROMPT = "main_menu.choice"

COMMANDS = {
    "start": welcome.START, "start order": welcome.START, "order": welcome.START,
    "new order": welcome.START, "help": welcome.HELP, "?": welcome.HELP,
    "resume": RESUME, "resume order": RESUME, "status": STATUS, "my orders": STATUS,
}


class MenuChoice(CardSubmit):
    action: Literal["start_order", "help"]


def read_command(text: str) -> dict[str, str] | None:
    """A typed command ('Start order', 'help') as the submit of the matching button."""
    action = COMMANDS.get(" ".join(text.lower().split()))
    return {"action": action} if action else None


Handler = Callable[[WaterfallStepContext], Awaitable[DialogTurnResult]]


class MainDialog(ComponentDialog):
    def __init__(self, deps: Deps) -> None:
        super().__init__(MainDialog.__name__)
        self.deps = deps
        self._handlers: dict[str, Handler] = {
            welcome.START: self._start_order, welcome.HELP: self._help,
            RESUME: self._orders, STATUS: self._orders,
        }
        self.add_dialog(CardPrompt(MENU_PROMPT, MenuChoice, read_command))
        self.add_dialog(WaterfallDialog("main_menu", [self._show_menu, self._dispatch]))
        self.add_dialog(WaterfallDialog(START_FLOW, [self._sign_in, self._open_draft, self._finished]))
        self.add_dialog(SigninDialog(deps))
        self.add_dialog(OrdersDialog(deps))
        self.add_dialog(OrderDialog(deps, journey_stages(deps)))
        self.initial_dialog_id = "main_menu"

    async def _show_menu(self, step: WaterfallStepContext) -> DialogTurnResult:
        entry = self._entry_action(step.context.activity)
        if entry:
            return await step.next(entry)
        token = new_token()
        return await step.prompt(MENU_PROMPT, card_options(welcome.menu_card(token), token))

    def _entry_action(self, activity: Activity) -> dict[str, str] | None:
        """A typed command, or a button of the welcome card (which carries no step token)."""
        if activity.text:
            return read_command(activity.text)
        value = activity.value
        if isinstance(value, dict) and set(value) == {"action"} and value["action"] in self._handlers:
            return {"action": value["action"]}
        return None

    async def _dispatch(self, step: WaterfallStepContext) -> DialogTurnResult:
        return await self._handlers[step.result["action"]](step)

    async def _start_order(self, step: WaterfallStepContext) -> DialogTurnResult:
        return await step.replace_dialog(START_FLOW)

    async def _orders(self, step: WaterfallStepContext) -> DialogTurnResult:
        return await step.replace_dialog(OrdersDialog.__name__, {"command": step.result["action"]})

    async def _help(self, step: WaterfallStepContext) -> DialogTurnResult:
        await step.context.send_activity(card_message(welcome.help_card(), "How ordering works"))
        return await step.end_dialog()

    async def _sign_in(self, step: WaterfallStepContext) -> DialogTurnResult:
        return await sign_in_step(self.deps, step)

    async def _open_draft(self, step: WaterfallStepContext) -> DialogTurnResult:
        if not step.result:
            return await step.end_dialog()
        who = requester(step.context)
        order = await self.deps.journey.start(who.tenant_id, step.result["ocn"], who.user_id)
        return await step.begin_dialog(OrderDialog.__name__, {"order_id": order.id, "stage": "countries"})

    async def _finished(self, step: WaterfallStepContext) -> DialogTurnResult:
        return await step.end_dialog(step.result)
