"""Bot state storages under test: every test of the contract suite runs once per entry in FACTORIES.

A factory gets the test's request (to ask for a session emulator only when its backend runs) and a
tmp folder, and returns the storage with its close function (sync or async).
"""

from __future__ import annotations

import inspect
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable
from pathlib import Path
from typing import Any

import pytest
from botbuilder.core import Storage

from bot.state.cosmos import CosmosStorage
from bot.state.sqlite import SqliteStorage
from services.storage.sqlite import SqliteDatabase
from tests.integration.emulators import CosmosEmulator

Close = Callable[[], Any]
StorageFactory = Callable[[pytest.FixtureRequest, Path], Awaitable[tuple[Storage, Close]]]

STATE_DATABASE = "bot-state-tests"


async def sqlite_storage(request: pytest.FixtureRequest, tmp_path: Path) -> tuple[Storage, Close]:
    database = SqliteDatabase(tmp_path / "state.sqlite3")
    return SqliteStorage(database), database.close


def cosmos_storage_on(emulator: CosmosEmulator, container: str, *,
                      create_if_missing: bool = True) -> CosmosStorage:
    return CosmosStorage.from_settings(emulator.endpoint, emulator.key, STATE_DATABASE, container,
                                       verify_tls=emulator.verify_tls, create_if_missing=create_if_missing)


async def cosmos_storage(request: pytest.FixtureRequest, tmp_path: Path) -> tuple[Storage, Close]:
    """A fresh container per test on the session's cosmosdb-server, created by the storage itself."""
    emulator: CosmosEmulator = request.getfixturevalue("cosmos_emulator")
    return (storage := cosmos_storage_on(emulator, f"state-{uuid.uuid4().hex}")), storage.close


FACTORIES: dict[str, StorageFactory] = {"sqlite": sqlite_storage, "cosmos": cosmos_storage}


@pytest.fixture(params=sorted(FACTORIES))
async def storage(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[Storage]:
    store, close = await FACTORIES[request.param](request, tmp_path)
    yield store
    closing = close()
    if inspect.isawaitable(closing):
        await closing
