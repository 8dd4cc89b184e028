"""Exponential backoff with jitter, shared by the mail sender, the notification worker and the
per-send retries of the messenger."""

from __future__ import annotations

import random
from datetime import timedelta
from typing import TypeVar

Delay = TypeVar("Delay", float, timedelta)


def backoff(first: Delay, cap: Delay, retries_before: int, jitter: float, rng: random.Random) -> Delay:
    """`first` doubled once per earlier retry (at most 20 times), at most `cap`, then up to `jitter`
    (a fraction) longer."""
    return min(cap, first * 2 ** min(max(retries_before, 0), 20)) * (1 + rng.uniform(0, jitter))
