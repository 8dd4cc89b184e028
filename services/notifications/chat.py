"""`OrderChatNotifier`: the `ChatNotifier` the submission use cases call, publishing through the outbox.

`notify` stores an event and returns; the notification worker posts it into the chat of the person who
placed the order (resolved when it is delivered). The same text for the same order and kind is
published once, so a retried webhook or a repeated step never posts it twice.
"""

from __future__ import annotations

import hashlib
import logging
import re

from services.clock import Clock
from services.domain.status import OrderStatus
from services.notifications.events import Event, EventKind, EventPublisher
from services.orders.port import OrderStore

log = logging.getLogger(__name__)
URL = re.compile(r"https?://\S+[^\s.,;:!?)\]]")

KIND_OF_STATUS: dict[OrderStatus, EventKind] = {
    OrderStatus.AWAITING_SIGNATURE: EventKind.SIGNING_LINK,
    OrderStatus.SIGNED: EventKind.SIGNED,
    OrderStatus.PROCESSING: EventKind.PROCESSING,
    OrderStatus.NUMBERS_UPLOADED: EventKind.NUMBERS_UPLOADED,
    OrderStatus.COMPLETED: EventKind.COMPLETED,
}


class OrderChatNotifier:
    """Tells the person who placed an order, in their chat with the bot, through the event outbox."""

    def __init__(self, publisher: EventPublisher, clock: Clock, orders: OrderStore | None = None) -> None:
        self._publisher, self._clock, self._orders = publisher, clock, orders

    async def notify(self, tenant: str, order_id: str, text: str, *, kind: EventKind | None = None,
                     url: str | None = None) -> None:
        """Publishes `text` for the order's owner (once: the same message again changes nothing).

        Without `kind`, it is the order's current status (notify is called right after the change it
        announces). A signing link's `url` defaults to the first link in `text`.
        """
        kind = kind or await self._kind_now(tenant, order_id)
        if kind is EventKind.SIGNING_LINK and url is None:
            found = URL.search(text)
            url = found.group(0) if found else None
        digest = hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]
        event = Event(key=f"{kind.value}:{order_id}:{digest}", kind=kind, tenant_id=tenant, order_id=order_id,
                      text=text[:4000], data={"url": url} if url else {}, created_at=self._clock.now())
        if not await self._publisher.publish(event):
            log.info("the %s message of order %s was published already", kind.value, order_id)

    async def _kind_now(self, tenant: str, order_id: str) -> EventKind:
        if self._orders is None:
            raise ValueError("OrderChatNotifier needs the order store, or a `kind`, to publish a message")
        status = (await self._orders.get(tenant, order_id)).order.status
        try:
            return KIND_OF_STATUS[status]
        except KeyError:
            raise ValueError(f"an order that is {status.label} has no message kind: pass `kind`") from None
