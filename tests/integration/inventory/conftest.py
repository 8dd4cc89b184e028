from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import AsyncExitStack
from datetime import UTC, datetime
from pathlib import Path

import pytest

from services.inventory.model import Hold
from services.inventory.ports import InventoryStore
from services.inventory.service import Inventory
from tests.clock import FakeClock
from tests.integration.inventory.adapters import ADAPTERS

START = datetime(2030, 1, 1, 9, 0, tzinfo=UTC)
COUNTRIES = {"GB", "DE", "US"}


class RecordingEvents:
    def __init__(self) -> None:
        self.expiring: list[Hold] = []
        self.expired: list[Hold] = []

    async def hold_expiring(self, hold: Hold) -> None:
        self.expiring.append(hold)

    async def hold_expired(self, hold: Hold) -> None:
        self.expired.append(hold)


OpenStore = Callable[[], Awaitable[InventoryStore]]


@pytest.fixture(params=sorted(ADAPTERS))
def adapter(request: pytest.FixtureRequest) -> str:
    return request.param


@pytest.fixture
def server(adapter: str, request: pytest.FixtureRequest) -> object:
    """The local server the adapter needs (its fixture's value), or None."""
    needs = ADAPTERS[adapter].needs
    return request.getfixturevalue(needs) if needs else None


@pytest.fixture
async def stores(adapter: str, server: object, tmp_path: Path) -> AsyncIterator[OpenStore]:
    """Opens another store on the test's backend: what a second bot instance would see."""
    async with AsyncExitStack() as stack:

        async def open_store() -> InventoryStore:
            return await stack.enter_async_context(ADAPTERS[adapter].open(tmp_path, server))

        yield open_store


@pytest.fixture
async def store(stores: OpenStore) -> InventoryStore:
    return await stores()


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock(START)


@pytest.fixture
def events() -> RecordingEvents:
    return RecordingEvents()


@pytest.fixture
def make_inventory(clock: FakeClock, events: RecordingEvents) -> Callable[..., Inventory]:
    def make(store: InventoryStore, *, seed_size: int = 200, **overrides: object) -> Inventory:
        options: dict[str, object] = {"clock": clock, "events": events, "countries": COUNTRIES}
        options.update(overrides)
        return Inventory(store, seed_size=seed_size, **options)  # type: ignore[arg-type]

    return make


@pytest.fixture
def inventory(store: InventoryStore, make_inventory: Callable[..., Inventory]) -> Inventory:
    return make_inventory(store)
