"""Benchmarks: `python -m bench` runs every measurement in `bench.__main__.MEASUREMENTS`.

A measurement is an async function taking a fresh work folder and returning `Measurement`s; add one by
writing it in its own module and appending it to that list.
"""

from __future__ import annotations

import math
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Measurement:
    """One row of the results; a field that does not apply to it stays None and is left out."""

    name: str
    p50_ms: float | None = None
    p99_ms: float | None = None
    per_s: float | None = None
    iterations: int | None = None
    note: str = ""
    ratio_to_echo: float | None = None
    bytes: int | None = None
    mb: float | None = None


Suite = Callable[[Path], Awaitable[list[Measurement]]]


def percentile(samples: list[float], pct: float) -> float:
    """Nearest-rank percentile."""
    ordered = sorted(samples)
    return ordered[max(0, math.ceil(pct / 100 * len(ordered)) - 1)]


def summarise(name: str, samples_ms: list[float], note: str = "", *, per_s: float | None = None
              ) -> Measurement:
    """p50, p99 and throughput; `per_s` defaults to one after the other (1000 / mean latency)."""
    mean = sum(samples_ms) / len(samples_ms)
    return Measurement(name=name, p50_ms=round(percentile(samples_ms, 50), 3),
                       p99_ms=round(percentile(samples_ms, 99), 3),
                       per_s=round(per_s if per_s is not None else 1000 / mean, 1),
                       iterations=len(samples_ms), note=note)


async def timed(action: Callable[[], Awaitable[object]]) -> float:
    """Runs `action` once; returns how long it took, in milliseconds."""
    start = time.perf_counter_ns()
    await action()
    return (time.perf_counter_ns() - start) / 1e6
