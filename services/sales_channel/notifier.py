"""Handoffs go to the sales channel (as a HANDOFF event, posted by the delivery worker) and by email."""

from __future__ import annotations

import logging

from services.notifications.events import Event, EventKind, EventPublisher
from services.sales import Handoff, SalesNotifier

log = logging.getLogger(__name__)


def handoff_event(handoff: Handoff) -> Event:
    """The handoff as an event; its key makes a repeated notify publish nothing new."""
    return Event(key=f"handoff:{handoff.id}", kind=EventKind.HANDOFF, tenant_id=handoff.tenant_id,
                 order_id=handoff.order_id, text=handoff.as_text()[:4000],
                 data={"handoff": handoff.model_dump(mode="json")}, created_at=handoff.created_at)


class ChannelSalesNotifier:
    """A SalesNotifier: publishes the handoff for the channel, then emails it as before."""

    def __init__(self, publisher: EventPublisher, mail_notifier: SalesNotifier) -> None:
        self._publisher, self._mail = publisher, mail_notifier

    async def notify(self, handoff: Handoff) -> None:
        if not await self._publisher.publish(handoff_event(handoff)):
            log.info("handoff %s was published before", handoff.id)
        await self._mail.notify(handoff)
