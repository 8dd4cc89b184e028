"""The retry policy, an outbox that cannot be written, and the mail loop. The outbox rules on the queue
(backoff, giving up, leases, immediate tries) run on every queue adapter in
tests/integration/mail/test_sender_contract.py."""

from __future__ import annotations

import asyncio
import logging
import random
from datetime import timedelta
from pathlib import Path

import pytest

from services.mail.errors import MailUnavailable
from services.mail.port import Email
from services.mail.queue import QueuedMailer, SqliteMailQueue
from services.mail.sender import DeliveryReport, RetryPolicy, mail_loop, run_mail_loop
from services.storage.sqlite import SqliteDatabase
from tests.clock import FakeClock

EMAIL = Email(to=["admin@contoso.example"], subject="Hello", text="Hi")


def test_backoff_doubles_from_30_seconds_up_to_30_minutes_with_bounded_jitter() -> None:
    steady = RetryPolicy(jitter=0)
    rng = random.Random(3)
    assert [steady.delay(n, rng).total_seconds() for n in range(1, 10)] == [
        30, 60, 120, 240, 480, 960, 1800, 1800, 1800]
    assert steady.delay(10_000, rng) == timedelta(minutes=30)
    policy = RetryPolicy()
    delays = [policy.delay(1, rng).total_seconds() for _ in range(200)]
    assert all(30 <= delay <= 36 for delay in delays) and len(set(delays)) > 100


async def test_an_outbox_that_cannot_be_written_is_mail_unavailable(tmp_path: Path) -> None:
    database = SqliteDatabase(tmp_path)  # a folder, not a file: SQLite cannot open it
    with pytest.raises(MailUnavailable):
        await QueuedMailer(SqliteMailQueue(database), FakeClock()).send(EMAIL)
    database.close()


class CountingSender:
    def __init__(self) -> None:
        self.calls = 0
        self.third = asyncio.Event()

    async def deliver_due(self, now: object = None) -> DeliveryReport:
        self.calls += 1
        if self.calls == 3:
            self.third.set()
        if self.calls == 1:
            raise RuntimeError("database locked")
        return DeliveryReport(sent=["m1"])


async def test_the_loop_survives_a_failing_pass(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.INFO)
    counting = CountingSender()
    async with mail_loop(counting, interval_s=0) as task:
        await asyncio.wait_for(counting.third.wait(), timeout=5)
    assert task.cancelled()
    assert "mail pass failed" in caplog.text and "1 sent" in caplog.text


async def test_cancelling_the_loop_while_it_waits_ends_it() -> None:
    counting = CountingSender()
    task = asyncio.create_task(run_mail_loop(counting, interval_s=3600))
    await asyncio.sleep(0.05)
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task
    assert counting.calls == 1
