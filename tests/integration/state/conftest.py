"""Bot state storages under test. The Cosmos DB storage joins this dict; the suite stays unchanged."""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable
from pathlib import Path

import pytest
from botbuilder.core import Storage

from bot.state.sqlite import SqliteStorage
from services.storage.sqlite import SqliteDatabase

StorageFactory = Callable[[Path], Awaitable[tuple[Storage, Callable[[], None]]]]


async def sqlite_storage(tmp_path: Path) -> tuple[Storage, Callable[[], None]]:
    database = SqliteDatabase(tmp_path / "state.sqlite3")
    return SqliteStorage(database), database.close


FACTORIES: dict[str, StorageFactory] = {"sqlite": sqlite_storage}


@pytest.fixture(params=sorted(FACTORIES))
async def storage(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[Storage]:
    store, close = await FACTORIES[request.param](tmp_path)
    yield store
    close()
