"""Reservation latency on the embedded store: 1, 100 and 500 numbers, on a fresh SQLite file."""

from __future__ import annotations

import itertools
from pathlib import Path

from bench import Measurement, summarise, timed
from services.clock import SystemClock
from services.domain.limits import MAX_NUMBERS_PER_OFFICE
from services.inventory.events import LoggingHoldEvents
from services.inventory.model import Quantities
from services.inventory.service import Inventory
from services.inventory.sqlite import SqliteInventoryStore
from services.storage.sqlite import SqliteDatabase

WARMUP = 10
ITERATIONS = 50
POOL = 2_000
_orders = itertools.count()


async def _reserve_order(inventory: Inventory, total: int) -> str:
    """Reserves `total` numbers for a new order, 100 an office at most (500 = five offices)."""
    order = f"bench-{next(_orders)}"
    for office, start in enumerate(range(0, total, MAX_NUMBERS_PER_OFFICE)):
        wanted = min(MAX_NUMBERS_PER_OFFICE, total - start)
        await inventory.reserve("bench", order, f"office-{office}", country="GB", area_code="20",
                                quantities=Quantities(users=wanted))
    return order


async def _latency(inventory: Inventory, total: int, iterations: int) -> list[float]:
    samples: list[float] = []
    for i in range(WARMUP + iterations):
        orders: list[str] = []

        async def once(orders: list[str] = orders) -> None:
            orders.append(await _reserve_order(inventory, total))

        elapsed = await timed(once)
        await inventory.release_order("bench", orders[0])
        if i >= WARMUP:
            samples.append(elapsed)
    return samples


async def reserve_latency(workdir: Path, iterations: int = ITERATIONS) -> list[Measurement]:
    db = SqliteDatabase(workdir / "bench.sqlite3")
    try:
        inventory = Inventory(SqliteInventoryStore(db), clock=SystemClock(), events=LoggingHoldEvents(),
                              countries={"GB"}, seed_size=POOL)
        await inventory.ensure_pool("GB", "20")
        notes = {500: "one order, five offices of 100 (the per-country maximum)"}
        return [summarise(f"reserve_{total}", await _latency(inventory, total, iterations),
                          notes.get(total, "")) for total in (1, 100, 500)]
    finally:
        db.close()
