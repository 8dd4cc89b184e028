"""The MailQueue contract, run against every adapter (SQLite, Cosmos DB) with two queue objects on one
store, as two bot instances would have them."""

from __future__ import annotations

import asyncio
from datetime import timedelta

from services.mail.port import Email
from tests.clock import FakeClock
from tests.integration.mail.conftest import MailStores

LEASE = timedelta(minutes=5)


def numbered(n: int) -> Email:
    return Email(to=[f"admin{n}@contoso.example"], subject=f"Message {n}", text=f"Body {n}")


async def test_an_email_is_queued_pending_and_read_back(mail: MailStores) -> None:
    first, second = mail.queues
    clock = FakeClock()
    ids = [await (first, second)[n % 2].enqueue(numbered(n), clock.now()) for n in range(3)]
    pending = await second.pending()
    assert [row.id for row in pending] == ids  # the order they were queued in
    row = pending[0]
    assert (row.email, row.created_at, row.next_attempt_at, row.attempts) == (
        numbered(0), clock.now(), clock.now(), 0)
    assert row.claimed_until is row.claimed_by is row.sent_at is row.failed_at is row.last_error is None
    assert await first.get(ids[0]) == row
    assert await first.get("no-such-mail") is None


async def test_two_queues_claiming_at_once_never_share_an_email(mail: MailStores) -> None:
    first, second = mail.queues
    now = FakeClock().now()
    for n in range(20):
        await first.enqueue(numbered(n), now)
    claims = await asyncio.gather(*(queue.claim(now, now + LEASE, 15) for queue in (first, second) * 2))
    ids = [row.id for claim in claims for row in claim]
    assert len(ids) == len(set(ids)) == 20
    assert all(row.attempts == 1 and row.claimed_by and row.claimed_until == now + LEASE
               for claim in claims for row in claim)
    assert not await second.claim(now, now + LEASE, 50)  # all leased


async def test_due_emails_are_claimed_earliest_first_up_to_the_limit(mail: MailStores) -> None:
    first, second = mail.queues
    now = FakeClock().now()
    ids = [await first.enqueue(numbered(n), now + timedelta(seconds=n % 2)) for n in range(4)]
    assert [row.id for row in await second.claim(now, now + LEASE, 10)] == [ids[0], ids[2]]
    later = now + timedelta(seconds=1)
    assert [row.id for row in await second.claim(later, later + LEASE, 1)] == [ids[1]]
    assert [row.id for row in await first.claim(later, later + LEASE, 1)] == [ids[3]]


async def test_a_lease_ends_at_claimed_until_and_an_old_holder_changes_nothing(mail: MailStores) -> None:
    first, second = mail.queues
    now = FakeClock().now()
    mail_id = await first.enqueue(numbered(1), now)
    [crashed] = await first.claim(now, now + LEASE, 10)
    assert not await second.claim(now + LEASE - timedelta(seconds=1), now + 2 * LEASE, 10)
    [taken] = await second.claim(now + LEASE, now + 2 * LEASE, 10)
    assert taken.attempts == 2 and taken.claimed_by != crashed.claimed_by
    await first.retry_later(crashed, now + timedelta(days=1), "the old lease ending late")
    await first.mark_failed(crashed, now + LEASE, "the old lease ending late")
    assert await second.get(mail_id) == taken
    await first.mark_sent(mail_id, now + LEASE)  # sent is sent, whoever holds the lease
    sent = await second.get(mail_id)
    assert sent and sent.sent_at == now + LEASE and sent.claimed_until is None
    assert await first.pending() == []
    assert not await second.claim(now + 3 * LEASE, now + 4 * LEASE, 10)
    await second.retry_later(taken, now + 3 * LEASE, "after it was sent")
    assert await first.get(mail_id) == sent


async def test_claiming_one_email_by_id(mail: MailStores) -> None:
    first, second = mail.queues
    now = FakeClock().now()
    ids = [await first.enqueue(numbered(n), now) for n in range(3)]
    [row] = await second.claim(now, now + LEASE, 10, ids[1])
    assert row.id == ids[1]
    assert not await first.claim(now, now + LEASE, 10, ids[1])
    assert not await first.claim(now, now + LEASE, 10, "no-such-mail")
    assert [row.id for row in await first.claim(now, now + LEASE, 10)] == [ids[0], ids[2]]


async def test_retry_later_schedules_the_next_attempt(mail: MailStores) -> None:
    first, second = mail.queues
    now = FakeClock().now()
    mail_id = await first.enqueue(numbered(1), now)
    [row] = await first.claim(now, now + LEASE, 10)
    await first.retry_later(row, now + timedelta(minutes=1), "421 try again later")
    stored = await second.get(mail_id)
    assert stored and stored.claimed_until is None and stored.last_error == "421 try again later"
    assert stored.next_attempt_at == now + timedelta(minutes=1) and stored.attempts == 1
    assert not await second.claim(now + timedelta(seconds=59), now + LEASE, 10)
    [again] = await second.claim(now + timedelta(minutes=1), now + LEASE, 10)
    assert again.attempts == 2 and again.last_error == "421 try again later"


async def test_sent_and_given_up_are_final(mail: MailStores) -> None:
    first, second = mail.queues
    now = FakeClock().now()
    sent_id, failed_id = [await first.enqueue(numbered(n), now) for n in range(2)]
    [_, failed] = await first.claim(now, now + LEASE, 10)
    await second.mark_sent(sent_id, now)
    await first.mark_failed(failed, now, "550 no such user")
    later = now + 2 * LEASE
    assert not await second.claim(later, later + LEASE, 10)
    assert await second.pending() == []
    stored = await first.get(failed_id)
    assert stored and (stored.failed_at, stored.last_error, stored.sent_at) == (now, "550 no such user", None)
    await first.mark_sent(sent_id, later)  # marking again changes nothing
    assert (await second.get(sent_id)).sent_at == now  # type: ignore[union-attr]
