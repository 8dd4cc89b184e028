"""Order stores under test. The Cosmos DB store joins FACTORIES; the suite stays unchanged."""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable
from pathlib import Path

import pytest

from services.orders.port import OrderStore
from services.orders.sqlite import SqliteOrderStore
from services.storage.sqlite import SqliteDatabase

OrderStoreFactory = Callable[[Path], Awaitable[tuple[OrderStore, Callable[[], None]]]]


async def sqlite_orders(tmp_path: Path) -> tuple[OrderStore, Callable[[], None]]:
    database = SqliteDatabase(tmp_path / "orders.sqlite3")
    return SqliteOrderStore(database), database.close


FACTORIES: dict[str, OrderStoreFactory] = {"sqlite": sqlite_orders}


@pytest.fixture(params=sorted(FACTORIES))
async def orders(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[OrderStore]:
    store, close = await FACTORIES[request.param](tmp_path)
    yield store
    close()
