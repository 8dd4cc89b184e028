"""Two OS processes, 25 concurrent reservations each, for a pool smaller than the demand."""

from __future__ import annotations

import multiprocessing
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

from services.inventory.model import HoldStatus, PoolCounts, Quantities
from services.inventory.ports import InventoryStore
from services.inventory.service import Inventory
from tests.integration.inventory import race_worker
from tests.integration.inventory.conftest import FakeClock

PROCESSES, REQUESTS, POOL = 2, 25, 130


async def prepare(inventory: Inventory, clock: FakeClock) -> None:
    """10 numbers allocated, 10 held but expired (claimable again), 110 never used."""
    ten = Quantities(users=10)
    await inventory.reserve("tenant", "submitted", "office", country="GB", area_code="20", quantities=ten)
    await inventory.confirm("tenant", "submitted")
    await inventory.reserve("tenant", "stale", "office", country="GB", area_code="20", quantities=ten)
    clock.advance(timedelta(hours=12, seconds=1))


def race(adapter: str, location: Path, server: object, now_iso: str) -> list[race_worker.Outcome]:
    context = multiprocessing.get_context("spawn")
    barrier, results = context.Barrier(PROCESSES), context.Queue()
    workers = [context.Process(target=race_worker.run, args=(adapter, str(location), server, p, REQUESTS,
                                                            now_iso, barrier, results))
               for p in range(PROCESSES)]
    for worker in workers:
        worker.start()
    outcomes = [outcome for _ in workers for outcome in results.get(timeout=120)]
    for worker in workers:
        worker.join(timeout=30)
        assert worker.exitcode == 0
    return outcomes


async def test_no_number_is_ever_held_twice(adapter: str, server: object, tmp_path: Path,
                                            store: InventoryStore, make_inventory: Callable[..., Inventory],
                                            clock: FakeClock) -> None:
    inventory = make_inventory(store, seed_size=POOL, countries={"GB"})
    await prepare(inventory, clock)
    before = await inventory.pool_counts("GB", "20")
    assert before == PoolCounts(free=POOL - 10, held=0, allocated=10)
    demand = sum(race_worker.quantity_of(p, i) for p in range(PROCESSES) for i in range(REQUESTS))
    assert demand > before.free

    outcomes = race(adapter, tmp_path, server, clock.now().isoformat())

    assert len(outcomes) == PROCESSES * REQUESTS
    assert [o for o in outcomes if o[0] == "error"] == []
    held = [o for o in outcomes if o[0] == "held"]
    refused = [o for o in outcomes if o[0] == "refused"]
    assert held and refused
    assert {o[4] for o in refused} <= {"not_enough_numbers", "reservation_busy"}
    assert all(len(numbers) == wanted for _, _, wanted, numbers, _ in held)
    numbers = [number for o in held for number in o[3]]
    assert len(numbers) == len(set(numbers))

    after = await inventory.pool_counts("GB", "20")
    assert after.total == before.total == POOL
    assert after == PoolCounts(free=POOL - 10 - len(numbers), held=len(numbers), allocated=10)
    await assert_stored_as_answered(store, held, refused)


async def assert_stored_as_answered(store: InventoryStore, held: list[race_worker.Outcome],
                                    refused: list[race_worker.Outcome]) -> None:
    for _, order, _, expected, hold_id in held:
        stored = await store.get(hold_id)
        assert stored is not None and stored.status is HoldStatus.HELD
        assert (stored.order_id, stored.e164s) == (order, expected)
    for _, order, *_ in refused:
        assert await store.holds_for_order("tenant", order) == []
