"""The outbox rules on every queue adapter (SQLite, Cosmos DB) with a scripted mailer: backoff, giving up,
leases of crashed workers, immediate tries, and two bot instances sending side by side."""

from __future__ import annotations

import asyncio
import random
from collections import Counter
from datetime import timedelta
from pathlib import Path

import pytest

from services.mail.cosmos import CosmosMailQueue
from services.mail.errors import MailUnavailable
from services.mail.outbox import OutboxMailer
from services.mail.port import Email
from services.mail.queue import MailQueue, QueuedMailer
from services.mail.sender import DeliveryReport, MailSender, RetryPolicy
from services.storage.cosmos import CosmosDatabase
from tests.clock import START, FakeClock
from tests.integration.mail.conftest import MailStores
from tests.servers import free_port

EMAIL = Email(to=["admin@contoso.example"], subject="Hello", text="Hi")


class ScriptedMailer:
    """Fails the first `failures` sends, then accepts, each after `delay_s`; keeps what it accepted."""

    def __init__(self, failures: int = 0, delay_s: float = 0) -> None:
        self.failures = failures
        self.delay_s = delay_s
        self.sent: list[Email] = []

    async def send(self, email: Email) -> None:
        await asyncio.sleep(self.delay_s)
        if self.failures:
            self.failures -= 1
            raise MailUnavailable("The mail server is not available at the moment.")
        self.sent.append(email)


def sender(queue: MailQueue, mailer: ScriptedMailer, clock: FakeClock, **options: object) -> MailSender:
    return MailSender(queue, mailer, clock, rng=random.Random(1), **options)  # type: ignore[arg-type]


async def test_a_failed_email_waits_for_its_backoff_then_goes_once(mail: MailStores) -> None:
    clock, mailer = FakeClock(), ScriptedMailer(failures=2)
    worker = sender(mail.queue, mailer, clock, policy=RetryPolicy(jitter=0))
    await QueuedMailer(mail.queue, clock).send(EMAIL)
    assert (await worker.deliver_due()).retrying
    clock.advance(timedelta(seconds=29))
    assert not await worker.deliver_due()
    clock.advance(timedelta(seconds=1))
    assert (await worker.deliver_due()).retrying  # second failure: the next wait is a minute
    [row] = await mail.queue.pending()
    assert (row.attempts, row.next_attempt_at) == (2, clock.now() + timedelta(minutes=1))
    clock.advance(timedelta(minutes=1))
    assert (await worker.deliver_due()).sent == [row.id]
    assert mailer.sent == [EMAIL]
    clock.advance(timedelta(days=1))
    assert not await worker.deliver_due()


async def test_gives_up_after_three_days_and_logs_an_error(mail: MailStores,
                                                           caplog: pytest.LogCaptureFixture) -> None:
    clock, mailer = FakeClock(), ScriptedMailer(failures=10_000)
    worker = sender(mail.queue, mailer, clock)
    await QueuedMailer(mail.queue, clock).send(EMAIL)
    report = DeliveryReport()
    while not report.failed:
        clock.advance(timedelta(minutes=40))
        report = await worker.deliver_due()
    assert clock.now() - START >= timedelta(days=3)
    assert await mail.queue.pending() == []
    row = await mail.queues[1].get(report.failed[0])
    assert row and row.failed_at == clock.now() and row.sent_at is None
    assert "gave up on mail" in caplog.text and "ERROR" in caplog.text
    clock.advance(timedelta(days=30))
    assert not await worker.deliver_due()


async def test_an_email_claimed_by_a_crashed_worker_is_sent_once_its_lease_ends(mail: MailStores) -> None:
    clock, mailer = FakeClock(), ScriptedMailer(failures=1)
    crashed_instance, live_instance = mail.queues
    await QueuedMailer(crashed_instance, clock).send(EMAIL)
    [crashed] = await crashed_instance.claim(clock.now(), clock.now() + timedelta(minutes=5), 10)  # dies
    worker = sender(live_instance, mailer, clock, policy=RetryPolicy(jitter=0))
    assert not await worker.deliver_due()
    clock.advance(timedelta(minutes=5))
    assert (await worker.deliver_due()).retrying == [crashed.id]
    row = await live_instance.get(crashed.id)
    assert row and row.attempts == 2 and row.claimed_by != crashed.claimed_by
    await crashed_instance.retry_later(crashed, clock.now() + timedelta(days=1), "late news from the crash")
    assert (await live_instance.get(crashed.id)) == row  # a stale lease holder changes nothing
    clock.advance(timedelta(minutes=1))
    assert (await worker.deliver_due()).sent == [crashed.id]
    clock.advance(timedelta(hours=1))
    assert not await worker.deliver_due()
    assert mailer.sent == [EMAIL]


async def test_two_instances_send_each_email_exactly_once(mail: MailStores) -> None:
    clock, mailer = FakeClock(), ScriptedMailer(delay_s=0.01)  # one mail server seen by both instances
    for n in range(12):
        await QueuedMailer(mail.queues[n % 2], clock).send(Email(to=[EMAIL.to[0]], subject=f"M{n}", text="x"))
    workers = [sender(queue, mailer, clock, batch=2) for queue in mail.queues]
    reports = await asyncio.gather(*(worker.deliver_due() for worker in workers))
    assert Counter(email.subject for email in mailer.sent) == {f"M{n}": 1 for n in range(12)}
    assert all(report.sent for report in reports)  # both worked, on different emails
    assert not set(reports[0].sent) & set(reports[1].sent)
    assert await mail.queues[1].pending() == []
    clock.advance(timedelta(hours=1))
    assert not any(await asyncio.gather(*(worker.deliver_due() for worker in workers)))


async def test_an_immediate_try_that_fails_leaves_the_email_to_the_loop(mail: MailStores) -> None:
    clock, mailer = FakeClock(), ScriptedMailer(failures=1)
    worker = sender(mail.queue, mailer, clock)
    queued = QueuedMailer(mail.queue, clock, deliver_now=worker.deliver)
    await queued.send(EMAIL)
    await queued.drain()
    [row] = await mail.queue.pending()
    assert row.attempts == 1 and mailer.sent == []
    clock.advance(timedelta(minutes=1))
    assert (await worker.deliver_due()).sent == [row.id]


async def test_the_eml_outbox_works_through_the_queue(mail: MailStores, tmp_path: Path) -> None:
    clock, folder = FakeClock(), OutboxMailer(tmp_path / "outbox", "orders@northwind-telecom.example")
    worker = MailSender(mail.queue, folder, clock)
    await QueuedMailer(mail.queue, clock, deliver_now=worker.deliver, wait_s=5).send(EMAIL)
    [eml] = (tmp_path / "outbox").glob("*.eml")
    assert "Subject: Hello" in eml.read_text()
    assert await mail.queue.pending() == []


async def test_an_unreachable_cosmos_outbox_is_mail_unavailable() -> None:
    nowhere = f"https://127.0.0.1:{free_port()}/"
    database = CosmosDatabase.from_settings(nowhere, "a2V5", "db", verify_tls=False)
    try:
        with pytest.raises(MailUnavailable):
            await QueuedMailer(CosmosMailQueue(database), FakeClock()).send(EMAIL)
    finally:
        await database.close()
