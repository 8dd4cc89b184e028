"""Order stores under test: every test of the contract suite runs once per entry in FACTORIES.

A factory gets the test's request (to ask for a session emulator only when its backend runs) and a tmp
folder, and returns the store with its close function (sync or async).
"""

from __future__ import annotations

import inspect
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable
from pathlib import Path
from typing import Any

import pytest

from services.orders.cosmos import CosmosOrderStore
from services.orders.port import OrderStore
from services.orders.sqlite import SqliteOrderStore
from services.storage.cosmos import CosmosDatabase
from services.storage.sqlite import SqliteDatabase
from tests.integration.emulators import CosmosEmulator

Close = Callable[[], Any]
OrderStoreFactory = Callable[[pytest.FixtureRequest, Path], Awaitable[tuple[OrderStore, Close]]]

ORDERS_DATABASE = "orders-tests"


async def sqlite_orders(request: pytest.FixtureRequest, tmp_path: Path) -> tuple[OrderStore, Close]:
    database = SqliteDatabase(tmp_path / "orders.sqlite3")
    return SqliteOrderStore(database), database.close


async def cosmos_orders(request: pytest.FixtureRequest, tmp_path: Path) -> tuple[OrderStore, Close]:
    """A fresh container per test on the session's cosmosdb-server, created by the store itself."""
    emulator: CosmosEmulator = request.getfixturevalue("cosmos_emulator")
    database = CosmosDatabase.from_settings(emulator.endpoint, emulator.key, ORDERS_DATABASE,
                                            verify_tls=emulator.verify_tls)
    return CosmosOrderStore(database, container=f"orders-{uuid.uuid4().hex}"), database.close


FACTORIES: dict[str, OrderStoreFactory] = {"sqlite": sqlite_orders, "cosmos": cosmos_orders}


@pytest.fixture(params=sorted(FACTORIES))
async def orders(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[OrderStore]:
    store, close = await FACTORIES[request.param](request, tmp_path)
    yield store
    closing = close()
    if inspect.isawaitable(closing):
        await closing
