"""Talking first: the bot remembers each user's personal chat and posts into it later.

References are saved as turns arrive (only when they change); sending uses CloudAdapter's
continue_conversation with the bot's app id. A chat that answers 403 or 404 (app removed, user gone)
is marked inactive instead of being retried for ever.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from typing import Any

from botbuilder.core import MessageFactory, TurnContext
from botbuilder.integration.aiohttp import CloudAdapter
from botbuilder.schema import Activity, ConversationReference
from msrest.exceptions import HttpOperationError

from bot.activity import is_personal, tenant_id
from services.clock import Clock
from services.conversations.port import ConversationRef, ConversationStore
from services.orders.port import OrderStore

log = logging.getLogger(__name__)
GONE = {403, 404}


class ConversationMemory:
    """Saves the reference of a personal chat whenever it differs from what this process saved last."""

    def __init__(self, store: ConversationStore, clock: Clock) -> None:
        self._store, self._clock = store, clock
        self._saved: dict[tuple[str, str], str] = {}

    async def remember(self, turn_context: TurnContext) -> None:
        activity = turn_context.activity
        tenant, user = tenant_id(activity), activity.from_property
        if not tenant or user is None or not is_personal(activity) or activity.conversation is None:
            return
        key = (tenant, user.aad_object_id or user.id)
        reference = TurnContext.get_conversation_reference(activity).serialize()
        fingerprint = f"{activity.conversation.id}|{activity.service_url}"
        if self._saved.get(key) == fingerprint:
            return
        await self._store.save(ConversationRef(tenant_id=key[0], user_id=key[1],
                                               conversation_id=activity.conversation.id,
                                               reference=reference, updated_at=self._clock.now()))
        self._saved[key] = fingerprint


class ProactiveMessenger:
    def __init__(self, adapter: CloudAdapter, app_id: str, store: ConversationStore) -> None:
        self._adapter, self._app_id, self._store = adapter, app_id, store

    async def send(self, tenant: str, user_id: str, activity: Activity) -> bool:
        """Posts `activity` into the user's chat; False when there is no chat to post into."""
        ref = await self._store.get(tenant, user_id)
        if ref is None or not ref.active:
            log.info("no active chat for user %s in tenant %s: message not posted", user_id, tenant)
            return False
        try:
            await self.post(ref.reference, activity)
        except HttpOperationError as error:
            status = getattr(error.response, "status_code", None)
            if status not in GONE:
                raise
            log.warning("chat of user %s answered %s: marked inactive", user_id, status)
            await self._store.deactivate(tenant, user_id)
            return False
        return True

    async def post(self, reference: dict[str, Any], activity: Activity) -> str | None:
        """Posts into any conversation (a chat, a channel, a thread); returns the new activity's id."""
        posted: list[str | None] = []

        async def send(turn_context: TurnContext) -> None:
            response = await turn_context.send_activity(activity)
            posted.append(response.id if response else None)

        await self._continue(reference, send)
        return posted[0] if posted else None

    async def update(self, reference: dict[str, Any], activity_id: str, activity: Activity) -> None:
        """Replaces an activity the bot posted earlier (e.g. a handoff card once it is picked up)."""
        activity.id = activity_id

        async def replace(turn_context: TurnContext) -> None:
            await turn_context.update_activity(activity)

        await self._continue(reference, replace)

    async def _continue(self, reference: dict[str, Any],
                        logic: Callable[[TurnContext], Awaitable[None]]) -> None:
        conversation = ConversationReference().deserialize(reference)
        await self._adapter.continue_conversation(conversation, logic, self._app_id)


class OrderChatNotifier:
    """Tells the person who placed an order, in their chat with the bot."""

    def __init__(self, orders: OrderStore, messenger: ProactiveMessenger) -> None:
        self._orders, self._messenger = orders, messenger

    async def notify(self, tenant: str, order_id: str, text: str) -> None:
        order = (await self._orders.get(tenant, order_id)).order
        if not order.ordered_by:
            log.info("order %s has no chat to notify", order_id)
            return
        await self._messenger.send(tenant, order.ordered_by, MessageFactory.text(text))
