"""The notification worker over the SQLite outbox: backoff on failure, Retry-After, giving up,
skipping gone recipients, and the order of one order's events."""

from __future__ import annotations

import logging
from collections import Counter
from datetime import timedelta

import pytest

from services.notifications.errors import DeliveryDeferred, DeliveryRejected, RecipientGone
from services.notifications.outbox import OutboxState
from services.notifications.sqlite import SqliteEventOutbox
from services.notifications.worker import NotifyRetry
from tests.clock import FakeClock
from tests.integration.notifications.outbox_helpers import Recorder, event, worker


async def test_a_failure_is_retried_with_backoff_and_delivered_once(
        outbox: SqliteEventOutbox, clock: FakeClock) -> None:
    recorder = Recorder(fail={"k": [RuntimeError("connector down"), RuntimeError("still down")]})
    notifier = worker(outbox, recorder, clock)
    await outbox.publish(event("k", clock))
    started = clock.now()
    assert (await notifier.deliver_due()).retrying
    first_retry = (await outbox.find("k")).next_attempt_at
    assert started + timedelta(seconds=10) <= first_retry <= started + timedelta(seconds=12)
    assert not await notifier.deliver_due()  # not due yet
    clock.set(first_retry)
    assert (await notifier.deliver_due()).retrying
    entry = await outbox.find("k")
    assert entry.next_attempt_at - first_retry >= timedelta(seconds=20)  # doubled
    assert entry.last_error == "RuntimeError: still down" and entry.attempts == 2
    clock.set(entry.next_attempt_at)
    assert (await notifier.deliver_due()).delivered
    assert recorder.delivered == ["k"] and recorder.calls["k"] == 3
    clock.advance(timedelta(days=1))
    assert not await notifier.deliver_due()
    assert (await outbox.find("k")).state is OutboxState.DELIVERED


async def test_deferred_delivery_waits_at_least_retry_after(outbox: SqliteEventOutbox,
                                                            clock: FakeClock) -> None:
    notifier = worker(outbox, Recorder(fail={"k": [DeliveryDeferred("throttled", retry_after=300)]}), clock)
    await outbox.publish(event("k", clock))
    await notifier.deliver_due()
    assert (await outbox.find("k")).next_attempt_at >= clock.now() + timedelta(seconds=300)


async def test_after_the_last_attempt_the_event_fails_with_an_error_logged(
        outbox: SqliteEventOutbox, clock: FakeClock, caplog: pytest.LogCaptureFixture) -> None:
    recorder = Recorder(fail={"k": [RuntimeError(f"down {n}") for n in range(10)]})
    notifier = worker(outbox, recorder, clock, policy=NotifyRetry(max_attempts=3))
    await outbox.publish(event("k", clock))
    with caplog.at_level(logging.ERROR):
        for _ in range(5):
            await notifier.deliver_due()
            clock.advance(timedelta(hours=1))
    entry = await outbox.find("k")
    assert entry.state is OutboxState.FAILED and entry.attempts == 3 and recorder.calls["k"] == 3
    assert "gave up on event" in caplog.text and "down 2" in caplog.text


async def test_gone_recipients_are_skipped_and_rejected_messages_fail_at_once(
        outbox: SqliteEventOutbox, clock: FakeClock) -> None:
    recorder = Recorder(fail={"gone": [RecipientGone("403")], "bad": [DeliveryRejected("400", status=400)]})
    await outbox.publish(event("gone", clock, order="o1"))
    await outbox.publish(event("bad", clock, order="o2"))
    report = await worker(outbox, recorder, clock).deliver_due()
    assert (len(report.skipped), len(report.failed), report.retrying) == (1, 1, [])
    assert (await outbox.find("gone")).state is OutboxState.SKIPPED
    assert (await outbox.find("bad")).state is OutboxState.FAILED
    assert recorder.calls == Counter({"gone": 1, "bad": 1})


async def test_events_of_one_order_keep_their_order_and_other_orders_are_not_held_up(
        outbox: SqliteEventOutbox, clock: FakeClock) -> None:
    recorder = Recorder(fail={"a1": [RuntimeError("down")]})
    for key, order in (("a1", "A"), ("a2", "A"), ("b1", "B"), ("a3", "A")):
        await outbox.publish(event(key, clock, order=order))
    notifier = worker(outbox, recorder, clock)
    await notifier.deliver_due()
    assert recorder.delivered == ["b1"]
    clock.advance(timedelta(minutes=1))
    await notifier.deliver_due()
    assert recorder.delivered == ["b1", "a1", "a2", "a3"]
