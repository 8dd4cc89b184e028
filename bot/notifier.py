"""Turns outbox events into Teams messages: the customer's chat, or the sales channel's handler.

Customer events go to the personal chat of the order's owner (`order.ordered_by`, or `data["user_id"]`
when the publisher names the person) as a small card. Sales-channel events (handoffs, customers'
replies) go to the registered `ChannelDelivery`; without one they are logged and skipped.

`OutboxWorker`, `run_notifier_loop` and `notifier_loop` (services.notifications.worker) drain the
outbox through an `EventDelivery`; they are re-exported here for the composition root.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from typing import Protocol

from bot.notifier_cards import CUSTOMER_KINDS, notification_message
from bot.proactive import ProactiveMessenger
from services.domain.errors import NotFound
from services.notifications.events import Event, EventKind
from services.notifications.outbox import CHANNEL_KINDS
from services.notifications.worker import OutboxWorker, Outcome, notifier_loop, run_notifier_loop
from services.orders.port import OrderStore

__all__ = ["ChannelDelivery", "EventDelivery", "OutboxWorker", "notifier_loop", "run_notifier_loop"]

log = logging.getLogger(__name__)
Handler = Callable[[Event], Awaitable[Outcome]]


class ChannelDelivery(Protocol):
    """Posts a sales-channel event (HANDOFF, MESSAGE_FROM_CUSTOMER) into the sales channel.

    Returns when posted; raises `RecipientGone` when there is nowhere to post it (the event is then
    skipped), `DeliveryDeferred` or any other error to have it retried later.
    """

    async def deliver(self, event: Event) -> None: ...


class EventDelivery:
    """The outbox worker's deliverer: one handler per event kind."""

    def __init__(self, orders: OrderStore, messenger: ProactiveMessenger,
                 channel: ChannelDelivery | None = None) -> None:
        self._orders, self._messenger, self._channel = orders, messenger, channel
        self._handlers: dict[EventKind, Handler] = {
            **{kind: self._to_customer for kind in CUSTOMER_KINDS},
            **{kind: self._to_channel for kind in CHANNEL_KINDS},
        }

    def register_channel(self, channel: ChannelDelivery) -> None:
        """Sets the sales channel's handler (built after this object in the composition root)."""
        self._channel = channel

    async def deliver(self, event: Event) -> Outcome:
        handler = self._handlers.get(event.kind)
        if handler is None:
            log.error("event %s has kind %s, which nobody delivers", event.id, event.kind)
            return Outcome.SKIPPED
        return await handler(event)

    async def _to_customer(self, event: Event) -> Outcome:
        user = await self._recipient(event)
        if user is None:
            log.info("event %s (%s) of order %s has nobody to tell", event.id, event.kind.value,
                     event.order_id)
            return Outcome.SKIPPED
        sent = await self._messenger.send(event.tenant_id, user, notification_message(event))
        return Outcome.DELIVERED if sent else Outcome.SKIPPED

    async def _recipient(self, event: Event) -> str | None:
        named = event.data.get("user_id")
        if isinstance(named, str) and named:
            return named
        if event.order_id is None:
            return None
        try:
            order = (await self._orders.get(event.tenant_id, event.order_id)).order
        except NotFound:
            return None
        return order.ordered_by or None

    async def _to_channel(self, event: Event) -> Outcome:
        if self._channel is None:
            log.warning("event %s (%s) of order %s is for the sales channel, but none is set up: skipped",
                        event.id, event.kind.value, event.order_id)
            return Outcome.SKIPPED
        await self._channel.deliver(event)
        return Outcome.DELIVERED
