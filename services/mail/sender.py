"""The outbox worker: sends due rows through the real mailer, retries with backoff, gives up after days.

Delivery is at least once: an email whose send succeeded but whose "sent" mark was lost (a crash in
between) goes out again when its lease ends. Everything else is exactly once: a row is claimed by one
worker at a time, and a sent row is never claimed again.
"""

from __future__ import annotations

import asyncio
import logging
import random
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Protocol

from pydantic import BaseModel, Field

from services.background import Running, in_background
from services.backoff import backoff
from services.clock import Clock
from services.mail.port import Mailer
from services.mail.queue import MailQueue, QueuedMail, QueuedMailer

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class RetryPolicy:
    """30 s after the first failure, then doubling up to 30 min, each delay up to `jitter` longer."""

    first: timedelta = timedelta(seconds=30)
    cap: timedelta = timedelta(minutes=30)
    jitter: float = 0.2
    give_up_after: timedelta = timedelta(days=3)

    def delay(self, attempts: int, rng: random.Random) -> timedelta:
        return backoff(self.first, self.cap, attempts - 1, self.jitter, rng)


class DeliveryReport(BaseModel):
    sent: list[str] = Field(default_factory=list)
    retrying: list[str] = Field(default_factory=list)
    failed: list[str] = Field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.sent or self.retrying or self.failed)


class MailSender:
    def __init__(self, queue: MailQueue, mailer: Mailer, clock: Clock, *, policy: RetryPolicy | None = None,
                 lease: timedelta = timedelta(minutes=5), batch: int = 20,
                 rng: random.Random | None = None) -> None:
        """`lease` must outlast one send (the SMTP timeout), or a slow send could be claimed twice."""
        self._queue = queue
        self._mailer = mailer
        self._clock = clock
        self._policy = policy or RetryPolicy()
        self._lease = lease
        self._batch = batch
        self._rng = rng or random.Random()

    async def deliver_due(self, now: datetime | None = None) -> DeliveryReport:
        """Sends every row due at `now`, a batch at a time; a row that fails waits for its next attempt."""
        now = now or self._clock.now()
        report = DeliveryReport()
        while True:
            claimed = await self._queue.claim(now, now + self._lease, self._batch)
            for mail in claimed:
                await self._deliver(mail, report)
            if len(claimed) < self._batch:
                return report

    async def deliver(self, mail_id: str) -> DeliveryReport:
        """Sends one row now if it is due and nobody else holds it (the immediate try after `send`)."""
        now = self._clock.now()
        report = DeliveryReport()
        for mail in await self._queue.claim(now, now + self._lease, 1, mail_id):
            await self._deliver(mail, report)
        return report

    async def _deliver(self, mail: QueuedMail, report: DeliveryReport) -> None:
        try:
            await self._mailer.send(mail.email)
        except Exception as error:  # any adapter failure: the row stays, and is tried again later
            await self._not_sent(mail, f"{type(error).__name__}: {error}"[:500], report)
            return
        await self._queue.mark_sent(mail.id, self._clock.now())
        report.sent.append(mail.id)

    async def _not_sent(self, mail: QueuedMail, reason: str, report: DeliveryReport) -> None:
        now = self._clock.now()
        if now - mail.created_at >= self._policy.give_up_after:
            await self._queue.mark_failed(mail, now, reason)
            report.failed.append(mail.id)
            log.error("gave up on mail %s %r to %s after %d attempts since %s: %s", mail.id,
                      mail.email.subject, ", ".join(mail.email.to), mail.attempts, mail.created_at, reason)
            return
        at = now + self._policy.delay(mail.attempts, self._rng)
        await self._queue.retry_later(mail, at, reason)
        report.retrying.append(mail.id)
        log.warning("mail %s not sent (attempt %d): %s; next attempt at %s", mail.id, mail.attempts,
                    reason, at.isoformat(timespec="seconds"))


class Deliverer(Protocol):
    async def deliver_due(self, now: datetime | None = None) -> DeliveryReport: ...


async def run_mail_loop(sender: Deliverer, interval_s: float = 5) -> None:
    """Runs `sender.deliver_due()` every `interval_s` seconds until cancelled; a failing pass is logged."""
    while True:
        try:
            report = await sender.deliver_due()
            if report:
                log.info("mail pass: %d sent, %d to retry, %d given up", len(report.sent),
                         len(report.retrying), len(report.failed))
        except Exception:
            log.exception("mail pass failed; trying again in %s s", interval_s)
        await asyncio.sleep(interval_s)


def mail_loop(sender: Deliverer, interval_s: float = 5,
              mailer: QueuedMailer | None = None) -> Running:
    """Runs the loop for the life of the block (aiohttp `cleanup_ctx`); at the end, lets the immediate
    tries of `mailer` finish (briefly) and stops the loop."""

    async def drain() -> None:
        if mailer is not None:
            await mailer.drain(within_s=5)

    return in_background(run_mail_loop(sender, interval_s), "mail-outbox", before_stop=drain)
