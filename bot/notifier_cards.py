"""The chat message for a customer notification: a small Adaptive Card with a title, the event's text,
the order's short id, and for a signing link a button that opens it."""

from __future__ import annotations

from typing import Any

from botbuilder.schema import Activity

from cards.attachments import card_message
from cards.base import Element, card, text
from services.notifications.events import Event, EventKind

TITLES: dict[EventKind, str] = {
    EventKind.SIGNING_LINK: "Your contract is ready to sign",
    EventKind.SIGNED: "Contract signed",
    EventKind.PROCESSING: "Your order is being processed",
    EventKind.NUMBERS_UPLOADED: "Numbers uploaded to your Teams tenant",
    EventKind.COMPLETED: "Order completed",
    EventKind.HOLD_EXPIRING: "Reserved numbers expire soon",
    EventKind.HOLD_EXPIRED: "Reserved numbers expired",
    EventKind.SALES_PICKED_UP: "A sales manager has your order",
    EventKind.MESSAGE_FROM_SALES: "Message from sales",
}
CUSTOMER_KINDS = frozenset(TITLES)


def short_id(order_id: str) -> str:
    return order_id[:8].upper()


def title_of(event: Event) -> str:
    sender = event.data.get("sender")
    if event.kind is EventKind.MESSAGE_FROM_SALES and isinstance(sender, str) and sender:
        return f"Message from {sender[:100]}"
    return TITLES.get(event.kind, "Order update")


def notification_card(event: Event) -> dict[str, Any]:
    body: list[Element] = [
        {"type": "TextBlock", "text": title_of(event), "weight": "Bolder", "size": "Medium", "wrap": True},
        text(event.text or title_of(event)),
    ]
    if event.order_id:
        body.append(text(f"Order {short_id(event.order_id)}", subtle=True, size="Small"))
    url = event.data.get("url")
    actions: list[Element] = []
    if event.kind is EventKind.SIGNING_LINK and isinstance(url, str) and url.startswith(("https://", "http://")):
        actions.append({"type": "Action.OpenUrl", "title": "Review and sign", "url": url})
    return card(body, actions)


def notification_message(event: Event) -> Activity:
    """The card, with the title as the summary a Teams notification shows."""
    return card_message(notification_card(event), title_of(event))
