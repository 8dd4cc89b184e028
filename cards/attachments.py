"""The one place in cards/ that knows botbuilder: wrap a card dict as a message attachment."""

from __future__ import annotations

from typing import Any

from botbuilder.core import CardFactory, MessageFactory
from botbuilder.schema import Activity, Attachment


def card_attachment(card: dict[str, Any]) -> Attachment:
    return CardFactory.adaptive_card(card)


def card_message(card: dict[str, Any], summary: str | None = None) -> Activity:
    """A message carrying one card; `summary` is what notifications and screen readers show."""
    message = MessageFactory.attachment(card_attachment(card))
    if summary:
        message.summary = summary
    return message
