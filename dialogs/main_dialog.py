"""The root dialog: the main menu, reached by any message when no other dialog is active."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Literal

from botbuilder.core import MessageFactory
from botbuilder.dialogs import ComponentDialog, DialogTurnResult, WaterfallDialog, WaterfallStepContext
from botbuilder.schema import Activity

from cards import welcome
from cards.attachments import card_message
from dialogs.card_prompt import CardPrompt, CardSubmit, card_options, new_token

MENU_PROMPT = "main_menu.choice"

COMMANDS = {
    "start": welcome.START,
    "start order": welcome.START,
    "order": welcome.START,
    "new order": welcome.START,
    "help": welcome.HELP,
    "?": welcome.HELP,
}


class MenuChoice(CardSubmit):
    action: Literal["start_order", "help"]


def read_command(text: str) -> dict[str, str] | None:
    """A typed command ('Start order', 'help') as the submit of the matching button."""
    action = COMMANDS.get(" ".join(text.lower().split()))
    return {"action": action} if action else None


Handler = Callable[[WaterfallStepContext], Awaitable[DialogTurnResult]]


class MainDialog(ComponentDialog):
    def __init__(self) -> None:
        super().__init__(MainDialog.__name__)
        self._handlers: dict[str, Handler] = {welcome.START: self._start_order, welcome.HELP: self._help}
        self.add_dialog(CardPrompt(MENU_PROMPT, MenuChoice, read_command))
        self.add_dialog(WaterfallDialog("main_menu", [self._show_menu, self._dispatch]))
        self.initial_dialog_id = "main_menu"

    async def _show_menu(self, step: WaterfallStepContext) -> DialogTurnResult:
        entry = self._entry_action(step.context.activity)
        if entry:
            return await step.next(entry)
        token = new_token()
        return await step.prompt(MENU_PROMPT, card_options(card_message(welcome.menu_card(token)), token))

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
        await step.context.send_activity(MessageFactory.text(
            "Ordering opens here: the step-by-step journey is being switched on for your operator."))
        return await step.end_dialog()

    async def _help(self, step: WaterfallStepContext) -> DialogTurnResult:
        await step.context.send_activity(card_message(welcome.help_card(), "How ordering works"))
        return await step.end_dialog()
