"""The sales channel in Teams: the card posted when the bot joins a team, the handoff card's buttons
(Action.Execute: pick up, message the customer, close, register the channel) and the typed commands.

Each button answers its `adaptiveCard/action` invoke with the updated card (which Teams shows in place
of the old one) or, when nothing changed, a short message for the person who clicked.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from typing import Any

from botbuilder.core import InvokeResponse, MessageFactory, TurnContext
from botbuilder.schema import AdaptiveCardInvokeResponse

from bot.activity import tenant_id
from bot.sales_channel_commands import ChannelCommands
from bot.sales_channel_context import (
    card_response,
    channel_ids,
    channel_reference,
    is_channel,
    message_response,
    staff_of,
)
from cards import sales as cards
from cards.attachments import card_message
from cards.chrome import local_time
from services.domain.errors import DomainError
from services.operations import Operations
from services.sales_channel.models import Case, CaseStatus, StaffMember, thread_id
from services.sales_channel.service import SalesDesk

log = logging.getLogger(__name__)

Verb = Callable[[TurnContext, StaffMember, dict[str, Any]], Awaitable[AdaptiveCardInvokeResponse]]


class SalesChannelBot:
    def __init__(self, desk: SalesDesk, operations: Operations) -> None:
        self._desk = desk
        self._commands = ChannelCommands(desk, operations)
        self._verbs: dict[str, Verb] = {
            cards.PICK_UP: self._pick_up, cards.MESSAGE_CUSTOMER: self._message_customer,
            cards.CLOSE_CASE: self._close, cards.REGISTER_CHANNEL: self._register,
        }

    async def on_message(self, turn_context: TurnContext) -> bool:
        """Handles a message in a team channel; False for any other conversation."""
        if not is_channel(turn_context.activity):
            return False
        await self._commands.run(turn_context)
        return True

    async def on_installed(self, turn_context: TurnContext) -> None:
        """The bot was added to a team of the operator's own tenant: offer to make this channel the sales
        channel. Customers' teams get nothing (ordering happens in the personal chat)."""
        activity = turn_context.activity
        if is_channel(activity) and self._desk.is_staff(tenant_id(activity)):
            card = cards.install_card(self._desk.operator_name)
            await turn_context.send_activity(card_message(card, "Choose the sales channel"))

    async def on_card_action(self, turn_context: TurnContext) -> InvokeResponse:
        """An `adaptiveCard/action` invoke, answered with a model the adapter can serialise (the SDK's
        default path hands it an already serialised dict, which fails)."""
        return InvokeResponse(status=200, body=await self._answer(turn_context))

    async def _answer(self, turn_context: TurnContext) -> AdaptiveCardInvokeResponse:
        value = turn_context.activity.value if isinstance(turn_context.activity.value, dict) else {}
        action = value.get("action") if isinstance(value.get("action"), dict) else {}
        verb = self._verbs.get(str(action.get("verb")))
        if verb is None or action.get("type") != "Action.Execute":
            return message_response("This button is no longer in use.")
        data = action.get("data") if isinstance(action.get("data"), dict) else {}
        try:
            return await verb(turn_context, staff_of(turn_context.activity), data)
        except DomainError as error:
            log.info("card action %s refused: %s", action.get("verb"), error.code)
            return message_response(error.message)

    async def _register(self, turn_context: TurnContext, staff: StaffMember,
                        data: dict[str, Any]) -> AdaptiveCardInvokeResponse:
        activity = turn_context.activity
        team, channel = channel_ids(activity)
        registered = await self._desk.register(staff, team, channel, channel_reference(activity, channel))
        return card_response(cards.registered_card(self._desk.operator_name, registered, _zone(turn_context)))

    async def _pick_up(self, turn_context: TurnContext, staff: StaffMember,
                       data: dict[str, Any]) -> AdaptiveCardInvokeResponse:
        outcome = await self._desk.pick_up(_case_id(data), staff)
        case, zone = outcome.case, _zone(turn_context)
        if not outcome.changed:
            return message_response(_taken(case, zone))
        await self._learn_thread(turn_context, case)
        return card_response(cards.handoff_card(case, zone))

    async def _message_customer(self, turn_context: TurnContext, staff: StaffMember,
                                data: dict[str, Any]) -> AdaptiveCardInvokeResponse:
        activity = turn_context.activity
        text = str(data.get(cards.REPLY_INPUT) or "")
        case = await self._desk.message_customer(_case_id(data), staff, text, key=activity.id or "")
        await turn_context.send_activity(MessageFactory.text(f"**{staff.display_name}** to the customer: "
                                                             f"{text.strip()}"))
        note = f"Message sent to the customer at {local_time(self._desk.now(), _zone(turn_context))}."
        return card_response(cards.handoff_card(case, _zone(turn_context), note=note))

    async def _close(self, turn_context: TurnContext, staff: StaffMember,
                     data: dict[str, Any]) -> AdaptiveCardInvokeResponse:
        outcome = await self._desk.close(_case_id(data), staff)
        if not outcome.changed:
            return message_response(_taken(outcome.case, _zone(turn_context)))
        return card_response(cards.handoff_card(outcome.case, _zone(turn_context)))

    async def _learn_thread(self, turn_context: TurnContext, case: Case) -> None:
        """When the post's id was not known at delivery, the click on the card tells it."""
        root = turn_context.activity.reply_to_id
        if case.activity_id or not root:
            return
        _, channel = channel_ids(turn_context.activity)
        await self._desk.cases.set_posted(case.id, channel, root, thread_id(channel, root))


def _case_id(data: dict[str, Any]) -> str:
    case_id = data.get("case_id")
    if not isinstance(case_id, str) or not case_id:
        raise DomainError("This card does not name a case any more.", code="no_case")
    return case_id


def _taken(case: Case, zone: str | None) -> str:
    if case.status is CaseStatus.CLOSED and case.closed_at:
        return f"{case.closed_by} closed this case at {local_time(case.closed_at, zone)}."
    assert case.picked_up_at is not None
    return f"{case.picked_up_by} picked this up already, at {local_time(case.picked_up_at, zone)}."


def _zone(turn_context: TurnContext) -> str | None:
    return getattr(turn_context.activity, "local_timezone", None)
