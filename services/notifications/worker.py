"""The notification worker: claims due events, hands each to a deliverer, and records how it ended.

Delivery is exactly once as far as the outbox can make it: an event is claimed by one worker at a time
and a delivered event is never claimed again, across restarts and bot instances. The one gap is a crash
after Teams accepted a message and before "delivered" was written: that event goes out again when its
lease ends (Teams has no idempotency key for a post).
"""

from __future__ import annotations

import logging
import random
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum
from typing import Protocol

from pydantic import BaseModel, Field

from services.background import Running, in_background
from services.backoff import backoff
from services.clock import Clock
from services.notifications.errors import DeliveryDeferred, DeliveryRejected, RecipientGone
from services.notifications.events import Event
from services.notifications.outbox import Doorbell, EventOutbox, OutboxEntry

log = logging.getLogger(__name__)


class Outcome(StrEnum):
    DELIVERED = "delivered"
    SKIPPED = "skipped"


class EventDeliverer(Protocol):
    async def deliver(self, event: Event) -> Outcome:
        """Delivers the event, or says there is nobody to deliver it to; raises to have it retried."""
        ...


@dataclass(frozen=True)
class NotifyRetry:
    """10 s after the first failure, doubling up to 15 min (each up to `jitter` longer); failed after
    `max_attempts` attempts (about three hours with the defaults)."""

    first: timedelta = timedelta(seconds=10)
    cap: timedelta = timedelta(minutes=15)
    jitter: float = 0.2
    max_attempts: int = 16

    def delay(self, attempts: int, rng: random.Random) -> timedelta:
        return backoff(self.first, self.cap, attempts - 1, self.jitter, rng)


class NotifyReport(BaseModel):
    delivered: list[str] = Field(default_factory=list)
    skipped: list[str] = Field(default_factory=list)
    retrying: list[str] = Field(default_factory=list)
    failed: list[str] = Field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.delivered or self.skipped or self.retrying or self.failed)


class OutboxWorker:
    def __init__(self, outbox: EventOutbox, deliverer: EventDeliverer, clock: Clock, *,
                 doorbell: Doorbell | None = None, policy: NotifyRetry | None = None,
                 lease: timedelta = timedelta(minutes=5), batch: int = 20, max_batches: int = 50,
                 rng: random.Random | None = None) -> None:
        """`lease` must outlast one delivery (the messenger's retry budget and its requests)."""
        self._outbox, self._deliverer, self._clock = outbox, deliverer, clock
        self.doorbell = doorbell or Doorbell()
        self._policy, self._lease = policy or NotifyRetry(), lease
        self._batch, self._max_batches = batch, max_batches
        self._rng = rng or random.Random()

    def wake(self) -> None:
        """Delivers at once instead of at the next pass (a publish in this process rings it too)."""
        self.doorbell.ring()

    async def deliver_due(self, now: datetime | None = None) -> NotifyReport:
        """Delivers every event due at `now`, a batch at a time, until none is left to claim."""
        now = now or self._clock.now()
        report = NotifyReport()
        for _ in range(self._max_batches):
            claimed = await self._outbox.claim(now, now + self._lease, self._batch)
            for entry in claimed:
                await self._deliver(entry, report)
            if not claimed:
                break
        return report

    async def _deliver(self, entry: OutboxEntry, report: NotifyReport) -> None:
        try:
            outcome = await self._deliverer.deliver(entry.event)
        except RecipientGone as gone:
            await self._skip(entry, gone.message, report)
        except DeliveryRejected as refused:
            await self._give_up(entry, f"rejected: {refused.message}", report)
        except DeliveryDeferred as deferred:
            await self._not_delivered(entry, deferred.message, report, deferred.retry_after)
        except Exception as error:  # any adapter failure: the event stays, and is tried again later
            await self._not_delivered(entry, f"{type(error).__name__}: {error}", report)
        else:
            if outcome is Outcome.SKIPPED:
                await self._skip(entry, "nobody to deliver it to", report)
                return
            await self._outbox.mark_delivered(entry.id, self._clock.now())
            report.delivered.append(entry.id)

    async def _skip(self, entry: OutboxEntry, reason: str, report: NotifyReport) -> None:
        await self._outbox.mark_skipped(entry, self._clock.now(), reason)
        report.skipped.append(entry.id)
        event = entry.event
        log.info("event %s (%s, order %s) skipped: %s", event.id, event.kind.value, event.order_id, reason)

    async def _not_delivered(self, entry: OutboxEntry, reason: str, report: NotifyReport,
                             not_before_s: float | None = None) -> None:
        if entry.attempts >= self._policy.max_attempts:
            await self._give_up(entry, reason, report)
            return
        now = self._clock.now()
        at = now + max(self._policy.delay(entry.attempts, self._rng), timedelta(seconds=not_before_s or 0))
        await self._outbox.retry_later(entry, at, reason[:500])
        report.retrying.append(entry.id)
        log.warning("event %s (%s) not delivered (attempt %d): %s; next attempt at %s", entry.id,
                    entry.event.kind.value, entry.attempts, reason, at.isoformat(timespec="seconds"))

    async def _give_up(self, entry: OutboxEntry, reason: str, report: NotifyReport) -> None:
        await self._outbox.mark_failed(entry, self._clock.now(), reason[:500])
        report.failed.append(entry.id)
        event = entry.event
        log.error("gave up on event %s (%s, key %s, order %s, tenant %s) after %d attempts: %s", event.id,
                  event.kind.value, event.key, event.order_id, event.tenant_id, entry.attempts, reason)


async def run_notifier_loop(worker: OutboxWorker, interval_s: float = 2) -> None:
    """Delivers due events every `interval_s` seconds, or at once when woken, until cancelled."""
    while True:
        try:
            report = await worker.deliver_due()
            if report:
                log.info("notification pass: %d delivered, %d skipped, %d to retry, %d given up",
                         len(report.delivered), len(report.skipped), len(report.retrying), len(report.failed))
        except Exception:
            log.exception("notification pass failed; trying again in %s s", interval_s)
        await worker.doorbell.wait(interval_s)


def notifier_loop(worker: OutboxWorker, interval_s: float = 2) -> Running:
    """Runs the loop for the life of the block (aiohttp `cleanup_ctx`)."""
    return in_background(run_notifier_loop(worker, interval_s), "notification-outbox")
