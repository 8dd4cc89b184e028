"""The SQLite event outbox: idempotent publishing, claims and leases across two databases on one
file, and the prompt wake-up of the notification loop."""

from __future__ import annotations

import asyncio
from datetime import timedelta

from services.notifications.events import Event
from services.notifications.outbox import Doorbell, OutboxState
from services.notifications.sqlite import SqliteEventOutbox
from services.notifications.worker import OutboxWorker, Outcome, notifier_loop
from services.storage.sqlite import SqliteDatabase
from tests.clock import FakeClock
from tests.integration.notifications.outbox_helpers import Recorder, event, worker


async def test_publishing_is_idempotent_on_the_key(outbox: SqliteEventOutbox, clock: FakeClock) -> None:
    assert await outbox.publish(event("signed:o1", clock))
    assert not await outbox.publish(event("signed:o1", clock))  # another id, same key
    [entry] = await outbox.entries()
    assert entry.event.key == "signed:o1" and entry.state is OutboxState.PENDING
    assert (await outbox.find("signed:o1")) == entry


async def test_two_workers_on_two_databases_over_one_file_deliver_each_event_once(
        databases: list[SqliteDatabase], clock: FakeClock) -> None:
    first, second = (SqliteEventOutbox(database) for database in databases)
    keys = [f"event-{n}" for n in range(60)]
    for n, key in enumerate(keys):  # six orders of ten events, and some without an order
        await first.publish(event(key, clock, order=f"order-{n % 6}" if n % 5 else None))
    recorders = [Recorder(), Recorder()]
    workers = [worker(first, recorders[0], clock, batch=4), worker(second, recorders[1], clock, batch=4)]
    reports = await asyncio.gather(*(w.deliver_due() for w in workers))
    delivered = recorders[0].delivered + recorders[1].delivered
    assert sorted(delivered) == sorted(keys) and len(set(delivered)) == 60
    assert recorders[0].delivered and recorders[1].delivered  # both took part
    assert sum(len(r.delivered) for r in reports) == 60
    assert {e.state for e in await second.entries()} == {OutboxState.DELIVERED}
    assert not any(await asyncio.gather(*(w.deliver_due() for w in workers)))


async def test_two_claims_at_once_never_share_an_event(databases: list[SqliteDatabase],
                                                       clock: FakeClock) -> None:
    first, second = (SqliteEventOutbox(database) for database in databases)
    for n in range(40):
        await first.publish(event(f"e{n}", clock, order=None))
    now = clock.now()
    claims = await asyncio.gather(*(outbox.claim(now, now + timedelta(minutes=5), 30)
                                    for outbox in (first, second, first, second)))
    ids = [entry.id for claim in claims for entry in claim]
    assert len(ids) == len(set(ids)) == 40


async def test_a_lease_of_a_crashed_worker_is_taken_over_when_it_ends(
        outbox: SqliteEventOutbox, clock: FakeClock) -> None:
    await outbox.publish(event("k", clock))
    [crashed] = await outbox.claim(clock.now(), clock.now() + timedelta(minutes=5), 10)  # and never ends it
    recorder = Recorder()
    notifier = worker(outbox, recorder, clock)
    assert not await notifier.deliver_due()
    clock.advance(timedelta(minutes=5))
    assert (await notifier.deliver_due()).delivered == [crashed.id]
    await outbox.retry_later(crashed, clock.now(), "the old lease ending late changes nothing")
    assert (await outbox.find("k")).state is OutboxState.DELIVERED and recorder.delivered == ["k"]


async def test_a_publish_wakes_the_loop_at_once(databases: list[SqliteDatabase], clock: FakeClock) -> None:
    arrived, waiting = asyncio.Event(), asyncio.Event()

    class Watched(Doorbell):
        async def wait(self, timeout_s: float) -> None:
            waiting.set()
            await super().wait(timeout_s)

    class Signal(Recorder):
        async def deliver(self, event: Event) -> Outcome:
            arrived.set()
            return await super().deliver(event)

    outbox = SqliteEventOutbox(databases[0], Watched())
    notifier = OutboxWorker(outbox, Signal(), clock, doorbell=outbox.doorbell)
    async with notifier_loop(notifier, interval_s=3600):
        await asyncio.wait_for(waiting.wait(), timeout=5)  # the first pass found nothing: the loop waits
        await outbox.publish(event("k", clock))
        await asyncio.wait_for(arrived.wait(), timeout=5)
