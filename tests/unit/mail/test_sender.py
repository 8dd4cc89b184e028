"""The outbox rules with a scripted mailer: backoff, giving up, leases, immediate tries, the loop."""

from __future__ import annotations

import asyncio
import logging
import random
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest

from services.mail.errors import MailUnavailable
from services.mail.outbox import OutboxMailer
from services.mail.port import Email
from services.mail.queue import QueuedMailer, SqliteMailQueue
from services.mail.sender import DeliveryReport, MailSender, RetryPolicy, mail_loop, run_mail_loop
from services.storage.sqlite import SqliteDatabase
from tests.clock import START, FakeClock

EMAIL = Email(to=["admin@contoso.example"], subject="Hello", text="Hi")


class ScriptedMailer:
    """Fails the first `failures` sends, then accepts; keeps what it accepted."""

    def __init__(self, failures: int = 0) -> None:
        self.failures = failures
        self.sent: list[Email] = []

    async def send(self, email: Email) -> None:
        if self.failures:
            self.failures -= 1
            raise MailUnavailable("The mail server is not available at the moment.")
        self.sent.append(email)


@pytest.fixture
def queue(tmp_path: Path) -> Iterator[SqliteMailQueue]:
    database = SqliteDatabase(tmp_path / "bot.sqlite3")
    yield SqliteMailQueue(database)
    database.close()


def sender(queue: SqliteMailQueue, mailer: ScriptedMailer, clock: FakeClock, **options: object) -> MailSender:
    return MailSender(queue, mailer, clock, rng=random.Random(1), **options)  # type: ignore[arg-type]


def test_backoff_doubles_from_30_seconds_up_to_30_minutes_with_bounded_jitter() -> None:
    steady = RetryPolicy(jitter=0)
    rng = random.Random(3)
    assert [steady.delay(n, rng).total_seconds() for n in range(1, 10)] == [
        30, 60, 120, 240, 480, 960, 1800, 1800, 1800]
    assert steady.delay(10_000, rng) == timedelta(minutes=30)
    policy = RetryPolicy()
    delays = [policy.delay(1, rng).total_seconds() for _ in range(200)]
    assert all(30 <= delay <= 36 for delay in delays) and len(set(delays)) > 100


async def test_a_failed_email_waits_for_its_backoff_then_goes_once(queue: SqliteMailQueue) -> None:
    clock, mailer = FakeClock(), ScriptedMailer(failures=2)
    worker = sender(queue, mailer, clock, policy=RetryPolicy(jitter=0))
    await QueuedMailer(queue, clock).send(EMAIL)
    assert (await worker.deliver_due()).retrying
    clock.advance(timedelta(seconds=29))
    assert not await worker.deliver_due()
    clock.advance(timedelta(seconds=1))
    assert (await worker.deliver_due()).retrying  # second failure: the next wait is a minute
    [row] = await queue.pending()
    assert (row.attempts, row.next_attempt_at) == (2, clock.now() + timedelta(minutes=1))
    clock.advance(timedelta(minutes=1))
    assert (await worker.deliver_due()).sent == [row.id]
    assert mailer.sent == [EMAIL]
    clock.advance(timedelta(days=1))
    assert not await worker.deliver_due()


async def test_gives_up_after_three_days_and_logs_an_error(queue: SqliteMailQueue,
                                                           caplog: pytest.LogCaptureFixture) -> None:
    clock, mailer = FakeClock(), ScriptedMailer(failures=10_000)
    worker = sender(queue, mailer, clock)
    await QueuedMailer(queue, clock).send(EMAIL)
    report = DeliveryReport()
    while not report.failed:
        clock.advance(timedelta(minutes=40))
        report = await worker.deliver_due()
    assert clock.now() - START >= timedelta(days=3)
    assert await queue.pending() == []
    row = await queue.get(report.failed[0])
    assert row and row.failed_at == clock.now() and row.sent_at is None
    assert "gave up on mail" in caplog.text and "ERROR" in caplog.text
    clock.advance(timedelta(days=30))
    assert not await worker.deliver_due()


async def test_a_claimed_email_waits_for_the_lease_of_a_crashed_worker(queue: SqliteMailQueue) -> None:
    clock, mailer = FakeClock(), ScriptedMailer(failures=1)
    await QueuedMailer(queue, clock).send(EMAIL)
    [crashed] = await queue.claim(clock.now(), clock.now() + timedelta(minutes=5), 10)  # never finishes
    worker = sender(queue, mailer, clock, policy=RetryPolicy(jitter=0))
    assert not await worker.deliver_due()
    clock.advance(timedelta(minutes=5))
    assert (await worker.deliver_due()).retrying == [crashed.id]
    row = await queue.get(crashed.id)
    assert row and row.attempts == 2 and row.claimed_by != crashed.claimed_by
    await queue.retry_later(crashed, clock.now() + timedelta(days=1), "late news from the crashed worker")
    assert (await queue.get(crashed.id)) == row  # a stale lease holder changes nothing
    clock.advance(timedelta(minutes=1))
    assert (await worker.deliver_due()).sent == [crashed.id]
    assert mailer.sent == [EMAIL]


async def test_an_immediate_try_that_fails_leaves_the_email_to_the_loop(queue: SqliteMailQueue) -> None:
    clock, mailer = FakeClock(), ScriptedMailer(failures=1)
    worker = sender(queue, mailer, clock)
    queued = QueuedMailer(queue, clock, deliver_now=worker.deliver)
    await queued.send(EMAIL)
    await queued.drain()
    [row] = await queue.pending()
    assert row.attempts == 1 and mailer.sent == []
    clock.advance(timedelta(minutes=1))
    assert (await worker.deliver_due()).sent == [row.id]


async def test_the_eml_outbox_works_through_the_queue(queue: SqliteMailQueue, tmp_path: Path) -> None:
    clock = FakeClock()
    worker = MailSender(queue, OutboxMailer(tmp_path / "outbox", "orders@northwind-telecom.example"), clock)
    await QueuedMailer(queue, clock, deliver_now=worker.deliver, wait_s=5).send(EMAIL)
    [eml] = (tmp_path / "outbox").glob("*.eml")
    assert "Subject: Hello" in eml.read_text()
    assert await queue.pending() == []


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
