import asyncio
from datetime import datetime

import pytest

from services.inventory.expiry import expiry_loop, run_expiry_loop
from services.inventory.model import ExpiryReport


class CountingInventory:
    """Counts passes; the first pass fails, to show the loop survives a failing pass."""

    def __init__(self, wanted: int) -> None:
        self.calls = 0
        self.wanted = wanted
        self.done = asyncio.Event()

    async def expire_due(self, now: datetime | None = None) -> ExpiryReport:
        self.calls += 1
        if self.calls >= self.wanted:
            self.done.set()
        if self.calls == 1:
            raise RuntimeError("database unavailable")
        return ExpiryReport(expired=["h1"])


async def test_runs_every_interval_and_survives_a_failing_pass(caplog: pytest.LogCaptureFixture) -> None:
    inventory = CountingInventory(wanted=3)
    task = asyncio.create_task(run_expiry_loop(inventory, interval_s=0))
    await asyncio.wait_for(inventory.done.wait(), timeout=5)
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task
    assert inventory.calls >= 3
    assert "expiry pass failed" in caplog.text


async def test_cancelling_while_waiting_ends_the_loop_cleanly() -> None:
    inventory = CountingInventory(wanted=1)
    async with expiry_loop(inventory, interval_s=3600) as task:
        await asyncio.wait_for(inventory.done.wait(), timeout=5)
    assert task.cancelled()
    assert inventory.calls == 1
