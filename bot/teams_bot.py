"""The Teams activity handler: greets on install, runs the dialogs, saves state after every turn.

Turns of one conversation run one at a time, and an activity Teams delivers twice runs once.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from botbuilder.core import ConversationState, MessageFactory, TurnContext, UserState
from botbuilder.core.teams import TeamsActivityHandler
from botbuilder.dialogs import Dialog, DialogSet, DialogTurnStatus

from bot.activity import is_personal, tenant_id
from bot.proactive import ConversationMemory
from bot.turn_lock import ConversationLocks
from cards import welcome
from cards.attachments import card_message

if TYPE_CHECKING:
    from botbuilder.core import InvokeResponse

    from bot.sales_channel import SalesChannelBot
    from bot.sales_channel_relay import CaseRelay

log = logging.getLogger(__name__)

REMEMBERED_ACTIVITIES = 50
PERSONAL_ONLY = ("Orders are placed in a personal chat with me, so that your account details stay "
                 "private. Open the app from the Teams apps bar and chat with me there.")


class OrderingBot(TeamsActivityHandler):
    def __init__(self, conversation_state: ConversationState, user_state: UserState, dialog: Dialog,
                 memory: ConversationMemory | None = None, sales: SalesChannelBot | None = None,
                 relay: CaseRelay | None = None) -> None:
        self.conversation_state = conversation_state
        self._memory, self._sales, self._relay = memory, sales, relay
        self._user_state = user_state
        self._dialog = dialog
        self._dialog_state = conversation_state.create_property("DialogState")
        self._welcomed = conversation_state.create_property("Welcomed")
        self._handled = conversation_state.create_property("HandledActivities")
        self._locks = ConversationLocks()

    async def on_turn(self, turn_context: TurnContext) -> None:
        async with self._locks.hold(turn_context.activity.conversation.id):
            if await self._seen_before(turn_context):
                log.info("activity %s was delivered again: already handled", turn_context.activity.id)
                return
            if self._memory is not None:
                await self._memory.remember(turn_context)
            await super().on_turn(turn_context)
            await self.conversation_state.save_changes(turn_context)
            await self._user_state.save_changes(turn_context)

    async def _seen_before(self, turn_context: TurnContext) -> bool:
        activity_id = turn_context.activity.id
        if not activity_id:
            return False
        handled: list[str] = await self._handled.get(turn_context, list)
        if activity_id in handled:
            return True
        await self._handled.set(turn_context, [*handled, activity_id][-REMEMBERED_ACTIVITIES:])
        return False

    async def on_message_activity(self, turn_context: TurnContext) -> None:
        if not is_personal(turn_context.activity):
            if self._sales is None or not await self._sales.on_message(turn_context):
                await turn_context.send_activity(MessageFactory.text(PERSONAL_ONLY))
            return
        if self._relay is not None and await self._relay.try_relay(turn_context):
            return
        await self._run_dialog(turn_context)

    async def on_invoke_activity(self, turn_context: TurnContext) -> InvokeResponse | None:
        """Action.Execute (`adaptiveCard/action`): the sales channel's card buttons."""
        if self._sales is not None and turn_context.activity.name == "adaptiveCard/action":
            return await self._sales.on_card_action(turn_context)
        return await super().on_invoke_activity(turn_context)

    async def on_teams_signin_verify_state(self, turn_context: TurnContext) -> None:
        """Teams' answer to the OAuth sign-in card: the OAuthPrompt in the dialog reads it."""
        await self._run_dialog(turn_context)

    async def on_teams_signin_token_exchange(self, turn_context: TurnContext) -> None:
        await self._run_dialog(turn_context)

    async def on_token_response_event(self, turn_context: TurnContext) -> None:
        await self._run_dialog(turn_context)

    async def on_teams_members_added_dispatch(self, members_added: list, team_info,
                                              turn_context: TurnContext) -> None:
        """Only the bot's own arrival matters here; the SDK's default would fetch every new member."""
        bot_id = turn_context.activity.recipient.id
        if any(member.id == bot_id for member in members_added):
            await self._welcome(turn_context)
            if self._sales is not None:
                await self._sales.on_installed(turn_context)

    async def on_installation_update_add(self, turn_context: TurnContext) -> None:
        await self._welcome(turn_context)

    async def _welcome(self, turn_context: TurnContext) -> None:
        """Teams may send both conversationUpdate and installationUpdate on install: greet once."""
        if not is_personal(turn_context.activity) or await self._welcomed.get(turn_context, False):
            return
        await self._welcomed.set(turn_context, True)
        card = welcome.welcome_card(tenant_id(turn_context.activity))
        await turn_context.send_activity(card_message(card, "Welcome to Operator Connect ordering"))

    async def _run_dialog(self, turn_context: TurnContext) -> None:
        dialogs = DialogSet(self._dialog_state)
        dialogs.add(self._dialog)
        dialog_context = await dialogs.create_context(turn_context)
        result = await dialog_context.continue_dialog()
        if result.status == DialogTurnStatus.Empty:
            await dialog_context.begin_dialog(self._dialog.id)
