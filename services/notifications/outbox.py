"""The persistent event outbox: every notification is a row first, delivered by exactly one worker.

`EventOutbox` is the `EventPublisher` the use cases call (publishing is idempotent on the event's key)
plus the lease API the notification worker uses: `claim` leases due events to one worker (two bot
instances sharing the store never hold the same event), and each claim ends as delivered, skipped
(the recipient is gone), failed (given up) or scheduled for a later attempt.

Events of one stream (one order's messages to its owner, or to the sales channel) are claimed in the
order they were published: a later one waits while an earlier one is still pending.
"""

from __future__ import annotations

import asyncio
from contextlib import suppress
from datetime import datetime
from enum import StrEnum
from typing import Protocol

from pydantic import BaseModel, ConfigDict

from services.notifications.events import Event, EventKind, EventPublisher

CHANNEL_KINDS = frozenset({EventKind.HANDOFF, EventKind.MESSAGE_FROM_CUSTOMER})
"""Events for the operator's sales channel; every other kind goes to the order owner's chat."""


class OutboxState(StrEnum):
    PENDING = "pending"
    DELIVERED = "delivered"
    SKIPPED = "skipped"
    """Nobody to deliver to: the chat is gone, the order has no owner, no sales channel is set up."""
    FAILED = "failed"
    """Given up after the last attempt; logged as an error."""


class OutboxEntry(BaseModel):
    """One outbox row. `attempts` counts claims, so an attempt cut short by a crash still counts."""

    model_config = ConfigDict(frozen=True)

    event: Event
    state: OutboxState = OutboxState.PENDING
    attempts: int = 0
    next_attempt_at: datetime
    claimed_until: datetime | None = None
    claimed_by: str | None = None
    finished_at: datetime | None = None
    last_error: str | None = None

    @property
    def id(self) -> str:
        return self.event.id


def stream_of(event: Event) -> str | None:
    """Events of one stream are delivered in order; events without an order have no stream."""
    if event.order_id is None:
        return None
    audience = "channel" if event.kind in CHANNEL_KINDS else "chat"
    return f"{audience}:{event.tenant_id}:{event.order_id}"


class EventOutbox(EventPublisher, Protocol):
    async def claim(self, now: datetime, until: datetime, limit: int,
                    event_id: str | None = None) -> list[OutboxEntry]:
        """Leases up to `limit` due events (or just `event_id`) until `until`; each claim is an attempt."""
        ...

    async def mark_delivered(self, event_id: str, now: datetime) -> None:
        """Delivered is delivered, whoever holds the lease now: the event never goes out again."""
        ...

    async def mark_skipped(self, entry: OutboxEntry, now: datetime, reason: str) -> None: ...

    async def retry_later(self, entry: OutboxEntry, at: datetime, error: str) -> None: ...

    async def mark_failed(self, entry: OutboxEntry, now: datetime, error: str) -> None: ...

    async def get(self, event_id: str) -> OutboxEntry | None: ...

    async def find(self, key: str) -> OutboxEntry | None: ...

    async def entries(self, state: OutboxState | None = None) -> list[OutboxEntry]:
        """Every event (or those in `state`), in the order they were published."""
        ...


class Doorbell:
    """Rung when an event is published, so the worker delivers it now instead of at its next pass."""

    def __init__(self) -> None:
        self._rung = asyncio.Event()

    def ring(self) -> None:
        self._rung.set()

    async def wait(self, timeout_s: float) -> None:
        """Returns when rung (at once if rung since the last wait) or after `timeout_s`."""
        with suppress(TimeoutError):
            await asyncio.wait_for(self._rung.wait(), timeout_s)
        self._rung.clear()
