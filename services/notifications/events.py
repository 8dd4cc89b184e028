"""What the bot tells people after the fact: one event per status change or message, delivered once.

Events are written to a persistent outbox in the same step as the change they announce; a worker
delivers them (proactive chat messages, channel posts) and marks them done, so a crash between the
change and the message still sends the message, once.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Any, Protocol

from pydantic import BaseModel, ConfigDict, Field

from services.domain.base import UtcDatetime, new_id


class EventKind(StrEnum):
    SIGNING_LINK = "signing_link"
    SIGNED = "signed"
    PROCESSING = "processing"
    NUMBERS_UPLOADED = "numbers_uploaded"
    COMPLETED = "completed"
    HOLD_EXPIRING = "hold_expiring"
    HOLD_EXPIRED = "hold_expired"
    SALES_PICKED_UP = "sales_picked_up"
    MESSAGE_FROM_SALES = "message_from_sales"
    HANDOFF = "handoff"
    """A case for the sales channel (porting order, help request, lead)."""
    MESSAGE_FROM_CUSTOMER = "message_from_customer"
    """A customer's reply in a handed-off order's context, for the channel thread."""


class Event(BaseModel):
    """`key` makes publishing idempotent: the same key is stored once (e.g. "signed:<order id>")."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str = Field(default_factory=new_id)
    key: str = Field(min_length=1, max_length=300)
    kind: EventKind
    tenant_id: str
    order_id: str | None = None
    text: str = Field(default="", max_length=4000)
    data: dict[str, Any] = Field(default_factory=dict)
    created_at: UtcDatetime


class EventPublisher(Protocol):
    async def publish(self, event: Event) -> bool:
        """Stores the event for delivery; False when an event with the same key exists already."""
        ...
