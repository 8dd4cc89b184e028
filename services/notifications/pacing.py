"""Pacing proactive messages: at most `rate` sends per `per` seconds to one conversation, and the
backoff between retries of a throttled or failed send (honouring Retry-After).

Time comes in through `monotonic` and `sleep`, so tests run the pacing on a fake clock.
"""

from __future__ import annotations

import asyncio
import random
import time
from collections import deque
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import datetime
from email.utils import parsedate_to_datetime

from services.backoff import backoff

Sleeper = Callable[[float], Awaitable[object]]
TIDY_EVERY = 256


class ConversationRateLimiter:
    """At most `rate` sends start in any `per` seconds to one conversation (Teams allows 7 a second).

    Each caller reserves the next free start time without awaiting (so concurrent callers cannot
    both take a slot) and then sleeps until it. Counts this process's sends only.
    """

    def __init__(self, rate: int = 7, per: float = 1.0, *, monotonic: Callable[[], float] = time.monotonic,
                 sleep: Sleeper = asyncio.sleep) -> None:
        self.rate, self.per = rate, per
        self._monotonic, self._sleep = monotonic, sleep
        self._slots: dict[str, deque[float]] = {}
        self._calls = 0

    async def acquire(self, key: str) -> None:
        """Waits until a send to `key` fits in the window; the send is counted from that moment."""
        delay = self._reserve(key)
        if delay > 0:
            await self._sleep(delay)

    def _reserve(self, key: str) -> float:
        now = self._monotonic()
        slots = self._slots.setdefault(key, deque())
        while slots and slots[0] <= now - self.per:
            slots.popleft()
        slot = now if len(slots) < self.rate else max(now, slots[-self.rate] + self.per)
        slots.append(slot)
        self._calls += 1
        if self._calls % TIDY_EVERY == 0:
            self._tidy(now)
        return slot - now

    def _tidy(self, now: float) -> None:
        """Forgets conversations with no send in the window, so the map does not grow for ever."""
        for key in [key for key, slots in self._slots.items() if slots[-1] <= now - self.per]:
            del self._slots[key]


@dataclass(frozen=True)
class SendRetry:
    """Backoff for one send: 1 s, 2 s, 4 s ... up to `cap`, a little jitter, never less than the
    server's Retry-After. A retry that would end more than `budget` seconds after the first try is not
    made: the send is deferred to the outbox instead."""

    first: float = 1.0
    cap: float = 20.0
    jitter: float = 0.1
    budget: float = 60.0
    rng: random.Random = field(default_factory=random.Random, compare=False)

    def delay(self, attempt: int, retry_after: float | None) -> float:
        return max(backoff(self.first, self.cap, attempt, self.jitter, self.rng), retry_after or 0.0)


def retry_after_seconds(value: str | None, now: datetime) -> float | None:
    """Retry-After as seconds: either delta-seconds ("1") or an HTTP date; None when absent or unreadable."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        moment = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if moment.tzinfo is None:
        return None
    return max(0.0, (moment - now).total_seconds())
