"""The sales channel's `ChannelDelivery`: the notification worker hands it HANDOFF and
MESSAGE_FROM_CUSTOMER events.

A handoff becomes a case and its card is posted as a new post in the registered channel (the post's id
is kept: its replies are the case's thread). A customer's message is posted as a reply in that thread,
which Teams addresses as the conversation `<channel id>;messageid=<root post id>`.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable

from botbuilder.core import MessageFactory

from bot.proactive import ProactiveMessenger
from cards.attachments import card_message
from cards.sales import handoff_card
from services.domain.errors import NotFound
from services.domain.order import Order
from services.notifications.errors import RecipientGone
from services.notifications.events import Event, EventKind
from services.orders.port import OrderStore
from services.sales import Handoff
from services.sales_channel.cases import case_from_handoff
from services.sales_channel.models import Case, SalesChannel, thread_id
from services.sales_channel.service import SalesDesk

log = logging.getLogger(__name__)


class SalesChannelDelivery:
    def __init__(self, desk: SalesDesk, orders: OrderStore, messenger: ProactiveMessenger) -> None:
        self._desk, self._orders, self._messenger = desk, orders, messenger
        self._handlers: dict[EventKind, Callable[[Event], Awaitable[None]]] = {
            EventKind.HANDOFF: self._handoff,
            EventKind.MESSAGE_FROM_CUSTOMER: self._customer_message,
        }

    async def deliver(self, event: Event) -> None:
        handler = self._handlers.get(event.kind)
        if handler is None:
            raise RecipientGone(f"The sales channel does not take {event.kind.value} events.")
        await handler(event)

    async def _handoff(self, event: Event) -> None:
        handoff = Handoff.model_validate(event.data["handoff"])
        case = await self._desk.cases.add(case_from_handoff(handoff, await self._order(handoff)))
        if case.activity_id:
            log.info("case %s is in the channel already", case.id)
            return
        channel = await self._channel()
        activity_id = await self._messenger.post(channel.reference,
                                                 card_message(handoff_card(case), case.view.title))
        if not activity_id:  # its thread is learnt from the first click on the card
            log.warning("the channel gave no id for the card of case %s", case.id)
            return
        await self._desk.cases.set_posted(case.id, channel.channel_id, activity_id,
                                          thread_id(channel.channel_id, activity_id))
        log.info("case %s (%s) posted in the sales channel", case.id, case.kind.value)

    async def _customer_message(self, event: Event) -> None:
        case = await self._desk.cases.get(str(event.data["case_id"]))
        channel = await self._channel()
        reference = channel.thread_reference(case.thread_id) if case.thread_id else channel.reference
        await self._messenger.post(reference, MessageFactory.text(customer_words(case, event)))
        log.info("a customer message of case %s was posted in its thread", case.id)

    async def _channel(self) -> SalesChannel:
        channel = await self._desk.channel()
        if channel is None:
            raise RecipientGone("No sales channel is registered: mention the bot in a channel of the "
                                "operator's team and type 'register sales channel'.")
        return channel

    async def _order(self, handoff: Handoff) -> Order | None:
        if not handoff.order_id:
            return None
        try:
            return (await self._orders.get(handoff.tenant_id, handoff.order_id)).order
        except NotFound:
            log.warning("handoff %s names order %s, which is not in tenant %s", handoff.id, handoff.order_id,
                        handoff.tenant_id)
            return None


def customer_words(case: Case, event: Event) -> str:
    sender = str(event.data.get("from") or case.customer_name or "The customer")
    company = f", {case.view.company}" if case.view.company else ""
    where = "" if case.thread_id else f" about {case.view.title.lower()} {case.short_ref}"
    return f"**{sender}**{company} wrote{where}:\n\n{event.text}"
