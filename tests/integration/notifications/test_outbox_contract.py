"""The EventOutbox contract, run against every adapter (SQLite, Cosmos DB) with two outbox objects on one
store, as two bot instances would have them."""

from __future__ import annotations

import asyncio
from datetime import timedelta

from services.notifications.outbox import EventOutbox, OutboxState
from tests.clock import FakeClock
from tests.integration.notifications.conftest import OutboxPair
from tests.integration.notifications.outbox_helpers import Recorder, event, worker

LEASE = timedelta(minutes=5)


async def test_an_event_is_published_once_per_key(outboxes: OutboxPair, clock: FakeClock) -> None:
    first, second = outboxes
    published = event("signed:o1", clock)
    assert await first.publish(published)
    assert not await second.publish(event("signed:o1", clock))  # another id, same key
    assert not await first.publish(published)
    [entry] = await second.entries()
    assert entry.event == published and entry.state is OutboxState.PENDING and entry.attempts == 0
    assert await first.find("signed:o1") == entry == await second.get(published.id)
    assert await first.find("nope") is None and await first.get("nope") is None


async def test_a_publish_rings_the_doorbell(outboxes: OutboxPair, clock: FakeClock) -> None:
    outbox = outboxes[0]
    await outbox.publish(event("k", clock))
    await asyncio.wait_for(outbox.doorbell.wait(60), timeout=5)


async def test_two_outboxes_claiming_at_once_never_share_an_event(outboxes: OutboxPair,
                                                                  clock: FakeClock) -> None:
    first, second = outboxes
    for n in range(20):
        await first.publish(event(f"e{n}", clock, order=None))
    now = clock.now()
    claims = await asyncio.gather(*(outbox.claim(now, now + LEASE, 15) for outbox in (first, second) * 2))
    ids = [entry.id for claim in claims for entry in claim]
    assert len(ids) == len(set(ids)) == 20
    assert all(entry.attempts == 1 and entry.claimed_by for claim in claims for entry in claim)
    assert not await second.claim(now, now + LEASE, 50)  # all leased


async def test_a_lease_ends_at_claimed_until_and_an_old_holder_changes_nothing(
        outboxes: OutboxPair, clock: FakeClock) -> None:
    first, second = outboxes
    await first.publish(event("k", clock))
    now = clock.now()
    [crashed] = await first.claim(now, now + LEASE, 10)
    assert crashed.claimed_until == now + LEASE
    assert not await second.claim(now + LEASE - timedelta(seconds=1), now + 2 * LEASE, 10)
    [taken] = await second.claim(now + LEASE, now + 2 * LEASE, 10)
    assert taken.attempts == 2 and taken.claimed_by != crashed.claimed_by
    await first.mark_failed(crashed, now + LEASE, "the old lease ending late changes nothing")
    assert (await second.find("k")).state is OutboxState.PENDING
    await second.mark_delivered(taken.id, now + LEASE)
    assert (await first.find("k")).state is OutboxState.DELIVERED


async def test_claiming_one_event_by_id(outboxes: OutboxPair, clock: FakeClock) -> None:
    first, second = outboxes
    published = [event(f"k{n}", clock, order=None) for n in range(3)]
    for item in published:
        await first.publish(item)
    now = clock.now()
    [entry] = await second.claim(now, now + LEASE, 10, event_id=published[1].id)
    assert entry.id == published[1].id
    assert not await first.claim(now, now + LEASE, 10, event_id=published[1].id)


async def test_retry_later_schedules_the_next_attempt(outboxes: OutboxPair, clock: FakeClock) -> None:
    first, second = outboxes
    await first.publish(event("k", clock))
    now = clock.now()
    [entry] = await first.claim(now, now + LEASE, 10)
    await first.retry_later(entry, now + timedelta(minutes=1), "busy " * 200)
    stored = await second.find("k")
    assert stored.state is OutboxState.PENDING and stored.claimed_until is None
    assert stored.next_attempt_at == now + timedelta(minutes=1) and len(stored.last_error) == 500
    assert not await second.claim(now + timedelta(seconds=59), now + LEASE, 10)
    [again] = await second.claim(now + timedelta(minutes=1), now + LEASE, 10)
    assert again.attempts == 2 and again.last_error == stored.last_error


async def test_delivered_skipped_and_failed_are_final(outboxes: OutboxPair, clock: FakeClock) -> None:
    first, second = outboxes
    for key in ("delivered", "skipped", "failed"):
        await first.publish(event(key, clock, order=None))
    now = clock.now()
    claimed = {entry.event.key: entry for entry in await first.claim(now, now + LEASE, 10)}
    await first.mark_delivered(claimed["delivered"].id, now)
    await second.mark_skipped(claimed["skipped"], now, "the chat is gone")
    await first.mark_failed(claimed["failed"], now, "gave up")
    later = now + 2 * LEASE
    assert not await second.claim(later, later + LEASE, 10)
    delivered, skipped, failed = [await second.find(key) for key in ("delivered", "skipped", "failed")]
    assert delivered.state is OutboxState.DELIVERED and delivered.finished_at == now
    assert delivered.last_error is None and delivered.claimed_until is None
    assert (skipped.state, skipped.last_error) == (OutboxState.SKIPPED, "the chat is gone")
    assert (failed.state, failed.last_error, failed.finished_at) == (OutboxState.FAILED, "gave up", now)
    assert [e.event.key for e in await second.entries(OutboxState.SKIPPED)] == ["skipped"]
    assert not await second.entries(OutboxState.PENDING)
    await second.mark_delivered(claimed["failed"].id, later)  # a final state stays
    assert (await first.find("failed")).state is OutboxState.FAILED


async def test_events_of_one_order_are_claimed_in_publish_order(outboxes: OutboxPair,
                                                               clock: FakeClock) -> None:
    first, second = outboxes
    keys = [f"o1-{n}" for n in range(4)]
    for n, key in enumerate(keys):
        await (first, second)[n % 2].publish(event(key, clock, order="order-1"))
        await first.publish(event(f"o2-{n}", clock, order="order-2"))
    assert [e.event.key for e in await second.entries()][:2] == ["o1-0", "o2-0"]
    now = clock.now()
    batch = await first.claim(now, now + LEASE, 10)
    assert [entry.event.key for entry in batch] == ["o1-0", "o2-0"]  # one per stream at a time
    await first.retry_later(batch[0], now + timedelta(minutes=1), "later")
    await first.mark_delivered(batch[1].id, now)
    [only] = await second.claim(now, now + LEASE, 10)
    assert only.event.key == "o2-1"  # order-1 waits for its first event


async def test_two_workers_deliver_every_event_once_in_order(outboxes: OutboxPair, clock: FakeClock) -> None:
    keys = [f"event-{n}" for n in range(24)]
    orders = {key: f"order-{n % 3}" if n % 5 else None for n, key in enumerate(keys)}
    for key in keys:
        await outboxes[0].publish(event(key, clock, order=orders[key]))
    recorder = Recorder()  # shared: its list is the order of delivery across both workers
    pair: tuple[EventOutbox, EventOutbox] = outboxes
    await asyncio.gather(*(worker(outbox, recorder, clock, batch=4).deliver_due() for outbox in pair))
    assert sorted(recorder.delivered) == sorted(keys) and len(set(recorder.delivered)) == len(keys)
    for order in ("order-0", "order-1", "order-2"):
        published = [key for key in keys if orders[key] == order]
        assert [key for key in recorder.delivered if orders[key] == order] == published
    assert {e.state for e in await outboxes[1].entries()} == {OutboxState.DELIVERED}
