"""Helpers for the outbox tests: a recording deliverer and an event builder."""

from __future__ import annotations

import asyncio
import random
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from services.notifications.events import Event, EventKind
from services.notifications.sqlite import SqliteEventOutbox
from services.notifications.worker import OutboxWorker, Outcome
from tests.clock import FakeClock

TENANT = "tenant-1"


@dataclass
class Recorder:
    """A deliverer that records each delivery; `fail` maps an event key to the errors to raise first."""

    delivered: list[str] = field(default_factory=list)
    fail: dict[str, list[Exception]] = field(default_factory=dict)
    calls: Counter[str] = field(default_factory=Counter)

    async def deliver(self, event: Event) -> Outcome:
        self.calls[event.key] += 1
        await asyncio.sleep(0)  # let another worker run in between
        errors = self.fail.get(event.key)
        if errors:
            raise errors.pop(0)
        self.delivered.append(event.key)
        return Outcome.DELIVERED


def event(key: str, clock: FakeClock, order: str | None = "order-1") -> Event:
    return Event(key=key, kind=EventKind.SIGNED, tenant_id=TENANT, order_id=order, text=key,
                 created_at=clock.now())


def worker(outbox: SqliteEventOutbox, recorder: Recorder, clock: FakeClock, **kwargs: Any) -> OutboxWorker:
    return OutboxWorker(outbox, recorder, clock, rng=random.Random(1), **kwargs)
