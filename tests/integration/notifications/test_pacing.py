"""Pacing on a fake clock: the per-conversation window, Retry-After in both forms, and the backoff."""

from __future__ import annotations

import asyncio
import random
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime

import pytest

from services.notifications.pacing import ConversationRateLimiter, SendRetry, retry_after_seconds
from tests.clock import FakeClock
from tests.integration.notifications.conftest import FakeTime


def most_in_one_window(starts: list[float], per: float = 1.0) -> int:
    return max(sum(1 for t in starts if start <= t < start + per) for start in starts)


async def test_concurrent_senders_to_one_conversation_share_seven_slots_a_second() -> None:
    woke: list[float] = []

    async def sleep(seconds: float) -> None:  # time stands still: each sender says when it would start
        woke.append(100.0 + seconds)

    limiter = ConversationRateLimiter(monotonic=lambda: 100.0, sleep=sleep)
    await asyncio.gather(*(limiter.acquire("chat-1") for _ in range(20)))
    starts = [100.0] * (20 - len(woke)) + woke
    assert most_in_one_window(starts) == 7 and max(starts) - min(starts) == 2.0


async def test_sequential_sends_wait_for_the_window_and_other_conversations_do_not() -> None:
    time = FakeTime(FakeClock())
    limiter = ConversationRateLimiter(monotonic=time.monotonic, sleep=time.sleep)
    starts = []
    for _ in range(15):
        await limiter.acquire("chat-1")
        starts.append(time.monotonic())
    assert most_in_one_window(starts) == 7 and starts[-1] - starts[0] >= 2.0
    before = time.monotonic()
    await asyncio.gather(*(limiter.acquire(f"chat-{n}") for n in range(2, 9)))
    assert time.monotonic() == before  # seven other chats: no waiting


def test_retry_after_reads_seconds_and_http_dates() -> None:
    now = datetime(2026, 12, 7, 9, 0, tzinfo=UTC)
    assert retry_after_seconds("1", now) == 1.0
    assert retry_after_seconds(" 120 ", now) == 120.0
    assert retry_after_seconds(format_datetime(now + timedelta(seconds=30), usegmt=True), now) == 30.0
    assert retry_after_seconds(format_datetime(now - timedelta(seconds=30), usegmt=True), now) == 0.0
    for unreadable in (None, "", "soon", "-5", "1.5e9x"):
        assert retry_after_seconds(unreadable, now) is None


@pytest.mark.parametrize("attempt, retry_after, low, high", [
    (0, None, 1.0, 1.1), (1, None, 2.0, 2.2), (3, None, 8.0, 8.8), (10, None, 20.0, 22.0),
    (0, 5.0, 5.0, 5.0), (3, 2.0, 8.0, 8.8),
])
def test_backoff_doubles_up_to_a_cap_and_never_undercuts_retry_after(
        attempt: int, retry_after: float | None, low: float, high: float) -> None:
    delay = SendRetry(rng=random.Random(3)).delay(attempt, retry_after)
    assert low <= delay <= high
