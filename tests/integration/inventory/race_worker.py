"""One OS process of the race test: a bot instance firing its reservations all at once.

Runs in a process started with multiprocessing 'spawn', so it only takes plain, picklable arguments.
"""

from __future__ import annotations

import asyncio
from datetime import datetime
from multiprocessing.queues import Queue
from multiprocessing.synchronize import Barrier
from pathlib import Path

from services.domain.errors import DomainError
from services.inventory.events import LoggingHoldEvents
from services.inventory.model import Quantities
from services.inventory.service import Inventory
from tests.integration.inventory.adapters import ADAPTERS

Outcome = tuple[str, str, int, list[str], str]


class FixedClock:
    def __init__(self, now: datetime) -> None:
        self.moment = now

    def now(self) -> datetime:
        return self.moment


def quantity_of(process: int, request: int) -> int:
    return 1 + (process * 25 + request) % 10


async def _one(inventory: Inventory, process: int, request: int) -> Outcome:
    order, wanted = f"race-{process}-{request}", quantity_of(process, request)
    try:
        hold = await inventory.reserve("tenant", order, "office", country="GB", area_code="20",
                                       quantities=Quantities(users=wanted))
    except DomainError as error:
        return ("refused", order, wanted, [], error.code)
    except Exception as error:  # reported to the test, which fails on it
        return ("error", order, wanted, [], repr(error))
    return ("held", order, wanted, hold.e164s, hold.hold_id)


async def _race(adapter: str, location: Path, server: object, process: int, requests: int, now: datetime,
                barrier: Barrier) -> list[Outcome]:
    async with ADAPTERS[adapter].open(location, server) as store:
        inventory = Inventory(store, clock=FixedClock(now), events=LoggingHoldEvents(), countries={"GB"})
        await inventory.ensure_pool("GB", "20")
        await asyncio.to_thread(barrier.wait, 60)
        return list(await asyncio.gather(*(_one(inventory, process, i) for i in range(requests))))


def run(adapter: str, location: str, server: object, process: int, requests: int, now_iso: str,
        barrier: Barrier, results: Queue) -> None:
    outcomes = asyncio.run(_race(adapter, Path(location), server, process, requests,
                                 datetime.fromisoformat(now_iso), barrier))
    results.put(outcomes)
